/** `hindsight parse` in-process, with the real parser (spied on to check what it is given). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerParse } from '../../server/cli/parse.ts';
import type { ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { run } from './capture.ts';

vi.mock('../../server/parser/index.ts', { spy: true });

const parseSpy = vi.mocked(parsePostmortem);
const SIMPLE = '# Title\n\n## Timeline\n\n- 14:30 deploy\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  parseSpy.mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (...argv: string[]) => run([registerParse], ['parse', ...argv], dir);
const ndjson = (stdout: string): ParsedPostmortem[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ParsedPostmortem);

describe('hindsight parse', () => {
  it('prints one JSON document per line, in the order the files were given', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    await writeFile(join(dir, 'b.md'), SIMPLE);
    const result = await parse('--json', 'b.md', 'a.md');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(ndjson(result.stdout).map((parsed) => parsed.file)).toEqual(['b.md', 'a.md']);
  });

  it('gives the parser the file text, path, --timezone and --repo', async () => {
    await writeFile(join(dir, 'a.md'), '\uFEFF# Title\r\n');
    await parse('--json', '--timezone', 'Europe/Berlin', '--repo', 'acme/web', 'a.md');
    await parse('a.md');
    expect(parseSpy.mock.calls).toEqual([
      ['# Title\r\n', { file: 'a.md', timezone: 'Europe/Berlin', defaultTimezone: null, repo: 'acme/web' }],
      ['# Title\r\n', { file: 'a.md', timezone: null, defaultTimezone: null, repo: null }],
    ]);
  });

  it('accepts UTC and ±HH:MM for --timezone', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    expect((await parse('--json', '--timezone', 'UTC', 'a.md')).code).toBe(0);
    expect((await parse('--json', '--timezone', '-07:00', 'a.md')).code).toBe(0);
    expect(parseSpy.mock.calls.map(([, options]) => options?.timezone)).toEqual(['UTC', '-07:00']);
  });

  it('rejects a --timezone that is not a zone as a usage error naming the option', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    const result = await parse('--timezone', 'Mars/Olympus', 'a.md');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "error: option '--timezone <zone>' argument 'Mars/Olympus' is invalid. \"Mars/Olympus\" is not a time zone",
    );
    expect(parseSpy).not.toHaveBeenCalled();
  });

  it('rejects a --repo that is not owner/name', async () => {
    const result = await parse('--repo', 'acme', 'a.md');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: option '--repo <owner/name>' argument 'acme' is invalid. \"acme\" is not a repository (use owner/name)");
  });

  it('exits 2 when a file is missing, still printing the others', async () => {
    await writeFile(join(dir, 'good.md'), SIMPLE);
    const result = await parse('--json', 'missing.md', 'good.md');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('missing.md: no such file\n');
    expect(ndjson(result.stdout).map((parsed) => parsed.file)).toEqual(['good.md']);
  });

  it('refuses binary files, invalid UTF-8 and directories with one line each', async () => {
    await writeFile(join(dir, 'image.md'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00]));
    await writeFile(join(dir, 'latin1.md'), Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const result = await parse('image.md', 'latin1.md', '.');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'image.md: binary file (contains NUL bytes)\nlatin1.md: not valid UTF-8 (line 1)\n.: is a directory\n',
    });
  });

  it('separates text summaries by one blank line, also after an unreadable first file', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    const result = await parse('missing.md', 'a.md');
    expect(result.code).toBe(2);
    expect(result.stdout.startsWith('a.md\n  title:')).toBe(true);
  });

  it('prints a readable summary per file, separated by a blank line', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    await writeFile(join(dir, 'b.md'), SIMPLE);
    const result = await parse('a.md', 'b.md');
    expect(result.code).toBe(0);
    const blocks = result.stdout.split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.startsWith('a.md\n  title:')).toBe(true);
    expect(blocks[1]?.startsWith('b.md\n  title:')).toBe(true);
  });

  it('shows usage with --help (exit 0) and needs at least one file (exit 2)', async () => {
    const help = await parse('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hindsight parse [options] <files...>');
    const none = await parse();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'files'");
  });

  it('treats an unknown command as a usage error', async () => {
    const result = await run([registerParse], ['frobnicate'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'frobnicate'");
  });
});

describe('hindsight parse (needs the real parser)', () => {
  it('extracts the title and a timeline entry from a minimal report', async () => {
    await writeFile(join(dir, 'a.md'), SIMPLE);
    const [parsed] = ndjson((await parse('--json', 'a.md')).stdout);
    expect(parsed?.title).toBe('Title');
    expect(parsed?.timeline.map(({ time, text, kind }) => ({ time, text, kind }))).toEqual([
      { time: '14:30', text: 'deploy', kind: 'deploy' },
    ]);
  });

  it('uses --timezone for a report that declares no zone', async () => {
    await writeFile(join(dir, 'a.md'), '---\ndate: 2024-03-05\n---\n\n# Outage\n\n## Timeline\n\n- 14:30 deploy\n');
    const [parsed] = ndjson((await parse('--json', '--timezone', 'Europe/Berlin', 'a.md')).stdout);
    expect(parsed?.timezone).toBe('Europe/Berlin');
    expect(parsed?.timezoneSource).toBe('option');
    expect(parsed?.timeline[0]?.at).toBe('2024-03-05T13:30:00Z');
  });
});
