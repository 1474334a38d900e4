/** `hindsight ingest` in-process: config from the environment and flags, the summary, exit codes. */
import { PassThrough } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerIngest } from '../../server/cli/ingest.ts';
import { formatSummary } from '../../server/ingest/summary.ts';
import { runCli, type CliIo } from '../../server/cli/program.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const report = (title: string) => `# ${title}\n\nDate: 2024-01-02\n\n## Timeline (UTC)\n\n- 10:00 Deploy\n- 10:05 Alert fires\n\n## Action items\n\n- [ ] Add a canary\n`;

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder({ 'postmortems/one.md': report('One'), 'elsewhere/two.md': report('Two') });
});
afterEach(() => folder.cleanup());

async function ingest(argv: string[], env: Record<string, string> = {}, terminal?: NodeJS.WritableStream) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: folder.root, env, terminal };
  const code = await runCli([registerIngest], ['ingest', ...argv], io);
  return { code, stdout, stderr };
}

const titles = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('select title from incidents order by title').all() as { title: string }[]).map((r) => r.title);
  } finally {
    db.close();
  }
};

describe('hindsight ingest', () => {
  it('ingests the default folder into the default database, then skips unchanged files', async () => {
    const first = await ingest([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^postmortems → data\/hindsight\.db: 1 added, 0 changed, 0 unchanged, 0 failed, 0 removed, 0 renamed in \d+\.\d s\n$/);
    expect(titles(`${folder.root}/data/hindsight.db`)).toEqual(['One']);
    expect((await ingest([])).stdout).toContain('0 added, 0 changed, 1 unchanged');
  });

  it('takes the folder as an argument and the database from HINDSIGHT_DB or --db', async () => {
    expect((await ingest(['elsewhere'], { HINDSIGHT_DB: 'env.db' })).code).toBe(0);
    expect(titles(`${folder.root}/env.db`)).toEqual(['Two']);
    expect((await ingest(['elsewhere', '--db', 'flag.db', '--json'], { HINDSIGHT_DB: 'env.db' })).stdout).toMatch(/^\{"added":1,/);
    expect(titles(`${folder.root}/flag.db`)).toEqual(['Two']);
  });

  it('exits 1 and names each file that failed, storing the others', async () => {
    folder.write('postmortems/bad.md', Buffer.from([0x00, 0x01]));
    const result = await ingest([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('postmortems/bad.md: binary file (contains NUL bytes)\n');
    expect(result.stdout).toContain('1 added, 0 changed, 0 unchanged, 1 failed');
  });

  it('exits 2 on configuration problems, all reported at once', async () => {
    const result = await ingest(['missing'], { HINDSIGHT_TIMEZONE: 'Mars/Base' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DIR: the folder missing does not exist');
    expect(result.stderr).toContain('HINDSIGHT_TIMEZONE: "Mars/Base" is not a time zone');
  });

  it('says when the database cannot be created', async () => {
    folder.write('afile', 'x');
    const result = await ingest(['--db', 'afile/h.db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`hindsight ingest: ${folder.root}/afile/h.db: cannot create its folder ${folder.root}/afile: a file is in the way\n`);
  });

  it('warns about a mistyped variable and goes on', async () => {
    const result = await ingest([], { HINDSIGHT_REPOS: 'acme/web' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('hindsight ingest: HINDSIGHT_REPOS is set but Hindsight does not read it (did you mean HINDSIGHT_REPO?)\n');
  });

  it('draws a progress bar on a terminal only', async () => {
    const terminal = new PassThrough();
    let drawn = '';
    terminal.on('data', (chunk) => (drawn += String(chunk)));
    await ingest([], {}, terminal);
    expect(drawn).toContain('1/1');
    const plain = await ingest(['--no-progress'], {}, terminal);
    expect(plain.code).toBe(0);
  });

  it('formats a summary', () => {
    expect(
      formatSummary({ added: 1, changed: 2, unchanged: 3, failed: 0, removed: 4, renamed: 5, failures: [], errors: [], durationMs: 1250 }),
    ).toBe('1 added, 2 changed, 3 unchanged, 0 failed, 4 removed, 5 renamed in 1.3 s');
  });
});
