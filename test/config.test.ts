import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoProblem, zoneProblem } from '../server/config.ts';
import { tempFolder, type TempFolder } from './helpers/temp-folder.ts';

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder({ 'postmortems/.keep': '', 'docs/incidents/.keep': '' });
});
afterEach(() => folder.cleanup());

const load = (env: Record<string, string>) => loadConfig(env, { cwd: folder.root });
const problems = (env: Record<string, string>): readonly string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has defaults', () => {
    expect(load({})).toEqual({
      port: 3000,
      host: 'localhost',
      database: 'data/hindsight.db',
      postmortems: 'postmortems',
      extensions: ['.md', '.markdown', '.qmd'],
      timezone: 'UTC',
      repo: null,
      token: null,
      protectReads: false,
      watch: true,
      githubToken: null,
      githubApiUrl: 'https://api.github.com',
      webhookSecret: null,
      deployBranches: {},
      deployRepos: [],
      deployEnvironments: null,
      deploySyncMinutes: 15,
      deploymentFiles: null,
      correlationHours: 24,
      syncMinutes: 15,
      issueLabel: 'postmortem-action',
      publicUrl: 'http://localhost:3000',
      safeguardsFile: null,
      attestationDays: 90,
      configFile: null,
      warnings: [],
    });
  });

  it('reads an empty HINDSIGHT_ISSUE_LABEL as no label, and an unset one as the default', () => {
    expect(load({ HINDSIGHT_ISSUE_LABEL: '' }).issueLabel).toBeNull();
    expect(load({ HINDSIGHT_ISSUE_LABEL: ' ' }).issueLabel).toBeNull();
    expect(load({}).issueLabel).toBe('postmortem-action');
    expect(load({ HINDSIGHT_ISSUE_LABEL: 'follow-up' }).issueLabel).toBe('follow-up');
  });

  it('warns about HINDSIGHT_ variables it does not know, suggesting the nearest name', () => {
    expect(load({ HINDSIGHT_TIMEZON: 'UTC', HINDSIGHT_CORPUS: '/x', HINDSIGHT_WHATEVER_ELSE: '1', PATH: '/bin' }).warnings).toEqual([
      'HINDSIGHT_TIMEZON is set but Hindsight does not read it (did you mean HINDSIGHT_TIMEZONE?)',
      'HINDSIGHT_WHATEVER_ELSE is set but Hindsight does not read it',
    ]);
  });

  it('reads the environment', () => {
    expect(
      load({
        PORT: '8080',
        HOST: '0.0.0.0',
        HINDSIGHT_DB: ':memory:',
        HINDSIGHT_POSTMORTEMS: 'docs/incidents',
        HINDSIGHT_EXTENSIONS: '.md, .txt',
        HINDSIGHT_TIMEZONE: 'America/Los_Angeles',
        HINDSIGHT_REPO: 'acme/web',
        HINDSIGHT_TOKEN: 'a-token-of-sixteen-chars',
        HINDSIGHT_PROTECT_READS: 'yes',
        HINDSIGHT_WATCH: 'false',
        GITHUB_API_URL: 'http://127.0.0.1:9999/api/v3/',
      }),
    ).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      database: ':memory:',
      postmortems: 'docs/incidents',
      extensions: ['.md', '.txt'],
      timezone: 'America/Los_Angeles',
      repo: 'acme/web',
      token: 'a-token-of-sixteen-chars',
      protectReads: true,
      watch: false,
      githubApiUrl: 'http://127.0.0.1:9999/api/v3',
    });
  });

  it('reports every problem at once, naming the variable', () => {
    expect(
      problems({
        PORT: '70000',
        HINDSIGHT_POSTMORTEMS: 'missing',
        HINDSIGHT_TIMEZONE: 'Nowhere/Land',
        HINDSIGHT_REPO: 'no-slash',
        HINDSIGHT_TOKEN: 'short',
        HINDSIGHT_WATCH: 'maybe',
        GITHUB_API_URL: 'ftp://example.com',
        GITHUB_TOKEN: 'ghp_abc def',
      }),
    ).toEqual([
      'PORT: "70000" is not a port (use a number from 0 to 65535)',
      'HINDSIGHT_POSTMORTEMS: the folder missing does not exist',
      'HINDSIGHT_TIMEZONE: "Nowhere/Land" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)',
      'HINDSIGHT_REPO: "no-slash" is not a repository (use owner/name)',
      'HINDSIGHT_TOKEN: the token is too short (5 characters; use at least 16, e.g. from openssl rand -hex 32)',
      'HINDSIGHT_WATCH: "maybe" is not true or false',
      'GITHUB_TOKEN: the token contains white space (paste only the token itself)',
      'GITHUB_API_URL: "ftp://example.com" is not an http(s) URL',
    ]);
  });

  it('refuses a database path that is a folder and protected reads without a token', () => {
    expect(problems({ HINDSIGHT_DB: 'postmortems', HINDSIGHT_PROTECT_READS: 'true' })).toEqual([
      'HINDSIGHT_DB: postmortems is a directory (name the database file)',
      'HINDSIGHT_PROTECT_READS: reads cannot require a token when HINDSIGHT_TOKEN is not set',
    ]);
  });

  it('reads hindsight.config.yml, with the environment winning, and names the file line of a bad value', () => {
    writeFileSync(join(folder.root, 'hindsight.config.yml'), 'PORT: 4000\nHINDSIGHT_TIMEZONE: Europe/Berlin\nHINDSIGHT_REPO: acme/api\n');
    expect(load({ HINDSIGHT_REPO: 'acme/web' })).toMatchObject({
      port: 4000,
      timezone: 'Europe/Berlin',
      repo: 'acme/web',
      configFile: 'hindsight.config.yml',
    });
    writeFileSync(join(folder.root, 'hindsight.config.yml'), 'PORT: 4000\nHINDSIGHT_TIMEZONE: Mars/Base\nTIMEZONE: UTC\n');
    expect(problems({})).toEqual([
      'hindsight.config.yml line 3: unknown setting TIMEZONE (known: PORT, HOST, HINDSIGHT_DB, HINDSIGHT_POSTMORTEMS, HINDSIGHT_EXTENSIONS, HINDSIGHT_TIMEZONE, HINDSIGHT_REPO, HINDSIGHT_TOKEN, HINDSIGHT_PROTECT_READS, HINDSIGHT_WATCH, GITHUB_TOKEN, GITHUB_API_URL, HINDSIGHT_WEBHOOK_SECRET, HINDSIGHT_DEPLOY_BRANCHES, HINDSIGHT_DEPLOY_REPOS, HINDSIGHT_DEPLOY_ENVIRONMENTS, HINDSIGHT_DEPLOY_SYNC_MINUTES, HINDSIGHT_DEPLOYMENTS, HINDSIGHT_CORRELATION_HOURS, HINDSIGHT_SYNC_MINUTES, HINDSIGHT_ISSUE_LABEL, HINDSIGHT_PUBLIC_URL, HINDSIGHT_SAFEGUARDS, HINDSIGHT_ATTESTATION_DAYS)',
      'HINDSIGHT_TIMEZONE (hindsight.config.yml line 2): "Mars/Base" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)',
    ]);
  });

  it('reads the file HINDSIGHT_CONFIG names, and reports one that is missing or not YAML keys', () => {
    mkdirSync(join(folder.root, 'etc'));
    writeFileSync(join(folder.root, 'etc/h.yml'), 'HOST: 127.0.0.1\n');
    expect(load({ HINDSIGHT_CONFIG: 'etc/h.yml' })).toMatchObject({ host: '127.0.0.1', configFile: 'etc/h.yml' });
    expect(problems({ HINDSIGHT_CONFIG: 'etc/none.yml' })).toEqual(['HINDSIGHT_CONFIG: cannot read etc/none.yml: no such file']);
    writeFileSync(join(folder.root, 'etc/h.yml'), '- a list\n');
    expect(problems({ HINDSIGHT_CONFIG: 'etc/h.yml' })).toEqual(['etc/h.yml line 1: expected keys and values (PORT: 3000)']);
    writeFileSync(join(folder.root, 'etc/h.yml'), 'PORT: [1, 2]\n');
    expect(problems({ HINDSIGHT_CONFIG: 'etc/h.yml' })).toEqual(['PORT (etc/h.yml line 1): expected a single value']);
  });

  it('accepts zones the parser understands', () => {
    expect([zoneProblem('PST'), zoneProblem('+05:30'), zoneProblem('Europe/Berlin'), zoneProblem('UTC')]).toEqual([null, null, null, null]);
    expect(repoProblem('acme/web.site')).toBeNull();
  });
});
