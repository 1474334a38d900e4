import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultLintConfig, loadLintConfig, parseLintConfig } from '../../server/lint/config.ts';

describe('defaultLintConfig', () => {
  it('sets every rule to its default level and nothing else', () => {
    expect(defaultLintConfig()).toEqual({
      rules: {
        title: 'error',
        date: 'error',
        timeline: 'error',
        'timeline-order': 'warning',
        timezone: 'warning',
        placeholders: 'warning',
        'action-items': 'warning',
        'action-item-link': 'info',
        'action-item-owner': 'off',
        summary: 'warning',
      },
      ignore: [],
      timezone: null,
      repo: null,
    });
  });
});

describe('parseLintConfig', () => {
  it('reads rules, ignore, timezone and repo over the defaults', () => {
    const text = [
      'rules:',
      '  action-item-owner: warning',
      '  summary: off',
      '  title: false',
      'ignore:',
      '  - README.md',
      '  - "_templates/**"',
      'timezone: America/Los_Angeles',
      'repo: acme/platform',
    ].join('\n');
    const result = parseLintConfig(text, 'lint.yml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.rules['action-item-owner']).toBe('warning');
    expect(result.config.rules.summary).toBe('off');
    expect(result.config.rules.title).toBe('off');
    expect(result.config.rules.date).toBe('error');
    expect(result.config.ignore).toEqual(['README.md', '_templates/**']);
    expect(result.config.timezone).toBe('America/Los_Angeles');
    expect(result.config.repo).toBe('acme/platform');
  });

  it('treats an empty file (or only comments) as the defaults', () => {
    expect(parseLintConfig('', 'x.yml')).toEqual({ ok: true, config: defaultLintConfig() });
    expect(parseLintConfig('# nothing yet\n', 'x.yml')).toEqual({ ok: true, config: defaultLintConfig() });
  });

  it('accepts ±HH:MM and UTC zones', () => {
    for (const zone of ['UTC', '+05:30', '-08:00']) {
      const result = parseLintConfig(`timezone: "${zone}"`, 'x.yml');
      expect(result.ok && result.config.timezone).toBe(zone);
    }
  });

  it('reports every bad key at once, each naming the file', () => {
    const text = [
      'rules:',
      '  title: loud',
      '  no-such-rule: error',
      '  date: 3',
      'ignore: README.md',
      'timezone: Mars/Olympus',
      'repo: not-a-repo',
      'colour: blue',
    ].join('\n');
    expect(parseLintConfig(text, 'cfg/.hindsight-lint.yml')).toEqual({
      ok: false,
      errors: [
        'cfg/.hindsight-lint.yml: colour: unknown key (expected one of rules, ignore, timezone, repo)',
        'cfg/.hindsight-lint.yml: rules.title: "loud" is not one of off, info, warning, error',
        'cfg/.hindsight-lint.yml: rules.no-such-rule: unknown rule (known: title, date, timeline, timeline-order, timezone, placeholders, action-items, action-item-link, action-item-owner, summary)',
        'cfg/.hindsight-lint.yml: rules.date: 3 is not one of off, info, warning, error',
        'cfg/.hindsight-lint.yml: ignore: must be a list of globs',
        'cfg/.hindsight-lint.yml: timezone: "Mars/Olympus" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)',
        'cfg/.hindsight-lint.yml: repo: "not-a-repo" is not a repository (use owner/name)',
      ],
    });
  });

  it('names bad list entries and wrong types', () => {
    const result = parseLintConfig('rules: [title]\nignore: ["ok/**", 7, ""]\ntimezone: 5\n', 'x.yml');
    expect(result).toEqual({
      ok: false,
      errors: [
        'x.yml: rules: must be a mapping of rule id to off|info|warning|error',
        'x.yml: ignore[1]: 7 is not a glob',
        'x.yml: ignore[2]: "" is not a glob',
        'x.yml: timezone: must be a string, not 5',
      ],
    });
  });

  it('reports YAML syntax errors with their line, and a top level that is not a mapping', () => {
    expect(parseLintConfig('rules:\n  title: error\n bad: x\n', 'x.yml')).toEqual({
      ok: false,
      errors: ['x.yml: invalid YAML: All mapping items must start at the same column (line 3)'],
    });
    expect(parseLintConfig('repo: a/b\nrepo: c/d\n', 'x.yml')).toEqual({
      ok: false,
      errors: ['x.yml: invalid YAML: Map keys must be unique (line 2)'],
    });
    expect(parseLintConfig('- a\n- b\n', 'x.yml')).toEqual({
      ok: false,
      errors: ['x.yml: must be a mapping of rules, ignore, timezone, repo'],
    });
  });
});

describe('loadLintConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the defaults when there is no .hindsight-lint.yml', async () => {
    expect(await loadLintConfig(null, dir)).toEqual({ ok: true, config: defaultLintConfig(), file: null });
  });

  it('finds .hindsight-lint.yml in the working directory', async () => {
    await writeFile(join(dir, '.hindsight-lint.yml'), 'rules:\n  summary: error\n');
    const result = await loadLintConfig(null, dir);
    expect(result.ok && result.config.rules.summary).toBe('error');
    expect(result.ok && result.file).toBe(join(dir, '.hindsight-lint.yml'));
  });

  it('reads an explicit path relative to the working directory; a missing one is an error', async () => {
    await writeFile(join(dir, 'lint.yaml'), 'repo: acme/web\n');
    const result = await loadLintConfig('lint.yaml', dir);
    expect(result.ok && result.config.repo).toBe('acme/web');
    expect(await loadLintConfig('missing.yml', dir)).toEqual({ ok: false, errors: ['missing.yml: no such file'] });
  });
});
