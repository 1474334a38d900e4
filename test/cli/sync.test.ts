/** `hindsight sync` in-process against the GitHub stand-in: the summary, failures on stderr, exit codes, JSON, the bar. */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerIngest } from '../../server/cli/ingest.ts';
import { runCli, type CliIo } from '../../server/cli/program.ts';
import { registerSync } from '../../server/cli/sync.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const REPORT = `# Checkout outage

Date: 2024-05-02

## Action items

- [ ] Add a canary stage https://github.com/acme/api/issues/1
- [ ] Alert on the 5xx rate acme/api#2
- [ ] Block merges when staging is down example-org/datahub#14
`;

let folder: TempFolder;
let github: GitHubStandIn;

beforeEach(async () => {
  folder = tempFolder({ 'postmortems/checkout.md': REPORT });
  github = await startGitHubStandIn();
  github.state.issues.add('acme/api', { number: 1, created_at: '2024-05-03T00:00:00Z' });
  github.state.issues.add('acme/api', { number: 2, state: 'closed', created_at: '2024-05-03T00:01:00Z' });
  github.state.issues.add('example-org/datahub', { number: 14, state: 'closed', state_reason: 'not_planned', created_at: '2018-01-26T00:00:00Z' });
});
afterEach(async () => {
  folder.cleanup();
  await github.close();
});

async function hindsight(argv: string[], env: Record<string, string> = {}, terminal?: NodeJS.WritableStream) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: folder.root,
    env: { GITHUB_API_URL: github.url, ...env },
    ...(terminal ? { terminal } : {}),
  };
  const code = await runCli([registerIngest, registerSync], argv, io);
  return { code, stdout, stderr };
}

describe('hindsight sync', () => {
  it('reads the postmortems first, so a fresh database (a CI job) syncs their links too', async () => {
    const fresh = await hindsight(['sync'], { GITHUB_TOKEN: 'ghp_test' });
    expect(fresh).toEqual({ code: 0, stdout: '3 links in 2 repositories: 3 updated, 0 unchanged, 2 items changed status; 2 requests\n', stderr: '' });
  });

  it('syncs the linked issues and prints a summary; a second run asks for nothing new', async () => {
    expect((await hindsight(['ingest'])).code).toBe(0);
    const first = await hindsight(['sync'], { GITHUB_TOKEN: 'ghp_test' });
    expect(first).toEqual({ code: 0, stdout: '3 links in 2 repositories: 3 updated, 0 unchanged, 2 items changed status; 2 requests\n', stderr: '' });
    expect(github.requests.every((r) => r.headers.authorization === 'token ghp_test')).toBe(true);

    const second = await hindsight(['sync', '--json'], { GITHUB_TOKEN: 'ghp_test' });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ repos: 2, links: 3, requests: 2, notModified: 2, linksUpdated: 0, linksFailed: 0, itemsChanged: [], failures: [] });
  });

  it('reports what could not be synced on stderr and exits 1; says when it has no token', async () => {
    folder.write('postmortems/more.md', '# More\n\nDate: 2024-05-03\n\n## Action items\n\n- [ ] Migrate https://github.com/acme/gone/issues/3\n- [ ] Old acme/api#77\n');
    await hindsight(['ingest']);
    const result = await hindsight(['sync', '--no-progress']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('5 links in 3 repositories: 3 updated, 0 unchanged, 2 failed, 2 items changed status; 4 requests\n');
    expect(result.stderr).toBe(
      [
        `hindsight sync: GITHUB_TOKEN is not set: asking ${github.url} unauthenticated (60 requests an hour, public repositories only)`,
        'acme/api#77: not found',
        'acme/gone: GET /repos/acme/gone/issues: 404 Not Found',
        '',
      ].join('\n'),
    );
    expect(github.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('draws a progress bar on a terminal', async () => {
    await hindsight(['ingest']);
    const terminal = new PassThrough();
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => void (drawn += chunk.toString()));
    const result = await hindsight(['sync'], { GITHUB_TOKEN: 'ghp_test' }, terminal);
    expect(result.code).toBe(0);
    expect(drawn).toMatch(/sync \[.*\] \d\/2 repositories/);
    expect((await hindsight(['sync', '--no-progress'], { GITHUB_TOKEN: 'ghp_test' }, new PassThrough())).code).toBe(0);
  });

  it('exits 2 for a bad configuration or a database it cannot open', async () => {
    const config = await hindsight(['sync'], { GITHUB_API_URL: 'not a url' });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^hindsight sync: invalid configuration:\n {2}- GITHUB_API_URL: /);
    folder.write('blocker', 'a file where a folder should be');
    const database = await hindsight(['sync', '--db', 'blocker/hindsight.db']);
    expect(database.code).toBe(2);
    expect(database.stderr).toMatch(/^hindsight sync: \S*blocker\/hindsight\.db: cannot create its folder/);
  });
});
