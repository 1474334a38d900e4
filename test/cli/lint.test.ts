/**
 * `hindsight lint` in-process. The parser is replaced by one that reads each file as JSON overrides
 * for a complete hand-built postmortem, so these tests pin the command, not the parser's quality.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerLint } from '../../server/cli/lint.ts';
import type { ParseOptions } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { run } from './capture.ts';

vi.mock('../../server/parser/index.ts', async () => {
  const { makeParsed } = await import('../lint/make-parsed.ts');
  return {
    parsePostmortem: vi.fn((text: string, options: ParseOptions = {}) => ({
      ...makeParsed(JSON.parse(text) as object),
      file: options.file ?? null,
    })),
  };
});

const parseMock = vi.mocked(parsePostmortem);
const COMPLETE = '{}';
const NO_TITLE_NO_TIMELINE = JSON.stringify({ title: null, timeline: [], sections: [] });
const NO_SUMMARY = JSON.stringify({ summary: null });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  parseMock.mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

const lint = (...argv: string[]) => run([registerLint], ['lint', ...argv], dir);
const parsedFiles = (): unknown[] => parseMock.mock.calls.map(([, options]) => options?.file);

describe('hindsight lint', () => {
  it('exits 0 with only the summary for clean files', async () => {
    await files({ 'pm/a.md': COMPLETE, 'pm/b.md': COMPLETE });
    expect(await lint('pm')).toEqual({ code: 0, stdout: '2 files, 0 errors, 0 warnings\n', stderr: '' });
  });

  it('prints messages sorted by file then line, and exits 1 on errors', async () => {
    await files({ 'pm/b.md': NO_TITLE_NO_TIMELINE, 'pm/a.md': NO_SUMMARY });
    expect(await lint('pm/b.md', 'pm')).toEqual({
      code: 1,
      stdout: [
        'pm/a.md:3: warning summary no summary found',
        'pm/b.md: error title no title found',
        'pm/b.md: error timeline no timeline entries found',
        '2 files, 2 errors, 1 warning',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('exits 0 when there are only warnings', async () => {
    await files({ 'a.md': NO_SUMMARY });
    expect((await lint('a.md')).code).toBe(0);
  });

  it('prints GitHub annotations with escaped properties and messages', async () => {
    const diagnostics = [{ severity: 'warning', code: 'odd-thing', message: '50% done\nthen: more', line: 4 }];
    await files({ 'pm/a,b:c.md': JSON.stringify({ title: null, diagnostics }) });
    expect(await lint('--format', 'github', 'pm')).toEqual({
      code: 1,
      stdout: [
        '::error file=pm/a%2Cb%3Ac.md,title=title::no title found',
        '::warning file=pm/a%2Cb%3Ac.md,line=4,title=odd-thing::50%25 done%0Athen: more',
        '1 file, 1 error, 1 warning',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints a JSON array with --format json, the summary on stderr', async () => {
    await files({ 'a.md': NO_SUMMARY });
    const result = await lint('--format', 'json', 'a.md');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: 'a.md', line: 3, severity: 'warning', code: 'summary', message: 'no summary found' },
    ]);
    expect(result.stderr).toBe('1 file, 0 errors, 1 warning\n');
  });

  it('rejects an unknown format as a usage error', async () => {
    const result = await lint('--format', 'xml', 'a.md');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, github, json.");
  });

  it('applies rule levels from --config', async () => {
    await files({ 'a.md': JSON.stringify({ title: null, summary: null }), 'lint.yml': 'rules:\n  title: warning\n  summary: off\n' });
    expect(await lint('--config', 'lint.yml', 'a.md')).toEqual({
      code: 0,
      stdout: 'a.md: warning title no title found\n1 file, 0 errors, 1 warning\n',
      stderr: '',
    });
  });

  it('picks up .hindsight-lint.yml from the working directory', async () => {
    await files({ 'a.md': NO_SUMMARY, '.hindsight-lint.yml': 'rules:\n  summary: error\n' });
    const result = await lint('a.md');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('a.md:3: error summary no summary found\n1 file, 1 error, 0 warnings\n');
  });

  it('passes the config timezone and repo to the parser; the options win over them', async () => {
    await files({ 'a.md': COMPLETE, '.hindsight-lint.yml': 'timezone: Asia/Tokyo\nrepo: acme/web\n' });
    await lint('a.md');
    await lint('--timezone', '+02:00', '--repo', 'acme/api', 'a.md');
    expect(parseMock.mock.calls.map(([, options]) => options)).toEqual([
      { file: 'a.md', timezone: 'Asia/Tokyo', defaultTimezone: null, repo: 'acme/web' },
      { file: 'a.md', timezone: '+02:00', defaultTimezone: null, repo: 'acme/api' },
    ]);
  });

  it('reports every bad config key at once and exits 2 without linting', async () => {
    await files({ 'a.md': COMPLETE, 'bad.yml': 'rules:\n  title: loud\n  nope: error\ncolour: red\n' });
    expect(await lint('--config', 'bad.yml', 'a.md')).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'bad.yml: colour: unknown key (expected one of rules, ignore, timezone, repo)',
        'bad.yml: rules.title: "loud" is not one of off, info, warning, error',
        'bad.yml: rules.nope: unknown rule (known: title, date, timeline, timeline-order, timezone, placeholders, action-items, action-item-link, action-item-owner, summary)',
        '',
      ].join('\n'),
    });
    expect(parseMock).not.toHaveBeenCalled();
  });

  it('exits 2 for a missing --config file', async () => {
    expect(await lint('--config', 'missing.yml', 'a.md')).toEqual({ code: 2, stdout: '', stderr: 'missing.yml: no such file\n' });
  });

  it('exits 2 when a file cannot be read, still linting the others', async () => {
    await files({ 'good.md': COMPLETE, 'binary.md': Uint8Array.from([0x47, 0x00, 0x49]) });
    expect(await lint('good.md', 'missing.md', 'binary.md')).toEqual({
      code: 2,
      stdout: '1 file, 0 errors, 0 warnings\n',
      stderr: 'binary.md: binary file (contains NUL bytes)\nmissing.md: no such file\n',
    });
  });

  it('exits 2 rather than 1 when a file is unreadable and another has errors', async () => {
    await files({ 'bad.md': NO_TITLE_NO_TIMELINE });
    expect((await lint('bad.md', 'missing.md')).code).toBe(2);
  });

  it('walks directories, skipping node_modules, dot directories and config ignores', async () => {
    await files({
      'pm/2024-01-02.md': COMPLETE,
      'pm/README.md': COMPLETE,
      'pm/index.md': COMPLETE,
      'pm/templates/template.md': COMPLETE,
      'pm/old/2019.qmd': COMPLETE,
      'pm/old/2018.markdown': COMPLETE,
      'pm/old/notes.txt': COMPLETE,
      'pm/node_modules/x/readme.md': COMPLETE,
      'pm/.git/y.md': COMPLETE,
      '.hindsight-lint.yml': 'ignore:\n  - README.md\n  - index.md\n  - pm/templates/**\n',
    });
    const result = await lint('pm');
    expect(result).toEqual({ code: 0, stdout: '3 files, 0 errors, 0 warnings\n', stderr: '' });
    expect(parsedFiles()).toEqual(['pm/2024-01-02.md', 'pm/old/2018.markdown', 'pm/old/2019.qmd']);
  });

  it('says so on stderr when a directory holds no postmortems, and exits 0', async () => {
    await mkdir(join(dir, 'empty'));
    expect(await lint('empty')).toEqual({
      code: 0,
      stdout: '0 files, 0 errors, 0 warnings\n',
      stderr: 'no postmortem files found in empty\n',
    });
  });

  it('needs at least one path', async () => {
    const result = await lint();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: missing required argument 'paths'");
  });
});
