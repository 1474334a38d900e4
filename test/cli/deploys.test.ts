/** `hindsight deploys ...` in-process: files with bad rows, a deploy branch's history, listing; exit codes. */
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDeploys } from '../../server/cli/deploys.ts';
import { runCli, type CliIo } from '../../server/cli/program.ts';
import { createGitRepo, type GitRepo } from '../helpers/git-repo.ts';
import { startGitHubStandIn } from '../helpers/github-standin.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.cleanup());

async function deploys(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: folder.root, env };
  const code = await runCli([registerDeploys], ['deploys', ...argv], io);
  return { code, stdout, stderr };
}

const rows = (sql = 'select environment, kind, status, started_at as startedAt from deployments order by started_at') => {
  const db = new BetterSqlite3(`${folder.root}/data/hindsight.db`, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe('hindsight deploys import', () => {
  it('stores the good rows, lists each bad one as file:line, exits 1, and imports nothing twice', async () => {
    folder.write(
      'exports/deploys.csv',
      [
        'environment,started_at,status,commit',
        'production,2024-03-12T09:02:00Z,success,abc1234',
        'production,yesterday,success,abc1235',
        ',2024-03-12T10:00:00Z,success,abc1236',
        'staging,2024-03-12T08:00:00Z,failed,abc1237',
      ].join('\n'),
    );
    const first = await deploys(['import', 'exports/deploys.csv']);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('exports/deploys.csv: 4 rows: 2 new, 0 updated, 0 unchanged, 2 bad\n');
    expect(first.stderr).toBe(
      [
        'exports/deploys.csv:3: startedAt: "yesterday" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)',
        'exports/deploys.csv:4: environment: missing (name the environment deployed to, e.g. production)',
        '',
      ].join('\n'),
    );
    expect(rows()).toEqual([
      { environment: 'staging', kind: 'deploy', status: 'failure', startedAt: '2024-03-12T08:00:00Z' },
      { environment: 'production', kind: 'deploy', status: 'success', startedAt: '2024-03-12T09:02:00Z' },
    ]);
    const again = await deploys(['import', 'exports/deploys.csv']);
    expect(again.stdout).toBe('exports/deploys.csv: 4 rows: 0 new, 0 updated, 2 unchanged, 2 bad\n');
    expect(rows()).toHaveLength(2);
  });

  it('reads times without an offset in --timezone, and names a missing file', async () => {
    folder.write('d.ndjson', '{"environment":"production","startedAt":"2018-01-25 15:30"}\n');
    expect((await deploys(['import', 'd.ndjson'])).stderr).toMatch(/^d\.ndjson:1: startedAt: "2018-01-25 15:30" has no UTC offset/);
    const zoned = await deploys(['import', '--timezone', 'America/Los_Angeles', 'd.ndjson', 'missing.csv', '--json']);
    expect(zoned.code).toBe(1);
    expect(zoned.stderr).toBe('missing.csv: cannot read it: no such file\n');
    expect(JSON.parse(zoned.stdout)).toMatchObject([{ file: 'd.ndjson', created: 1 }, { file: 'missing.csv', created: 0 }]);
    expect(rows()).toEqual([{ environment: 'production', kind: 'deploy', status: 'success', startedAt: '2018-01-25T23:30:00Z' }]);
  });

  it('refuses a bad --timezone as a usage error', async () => {
    const result = await deploys(['import', '--timezone', 'Mars/Olympus', 'd.ndjson']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a time zone/);
  });
});

describe('hindsight deploys import-git', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = createGitRepo();
    repo.commit('main', { at: '2018-01-20T10:00:00-08:00', message: 'Initial chart' });
    repo.branch('staging', 'main');
    repo.branch('prod', 'main');
    repo.commit('main', { at: '2018-01-25T14:00:00-08:00', message: 'Upgrade the hub chart to v0.6 beta (#8)', author: 'R Torres' });
    repo.merge('main', 'staging', { at: '2018-01-25T14:30:00-08:00', message: 'Merge pull request #8 from rtorres/chart-beta', author: 'R Torres' });
    repo.merge('staging', 'prod', { at: '2018-01-25T15:30:00-08:00', message: 'Merge branch staging into prod', author: 'R Torres' });
    repo.setRemote('origin', 'git@github.com:example-org/datahub.git');
  });
  afterEach(() => repo.cleanup());

  it("imports the branch's first-parent commits as deployments, once", async () => {
    const result = await deploys(['import-git', '--repo', repo.root, '--branch', 'prod', '--environment', 'production']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${repo.root} prod → production: 2 rows: 2 new, 0 updated, 0 unchanged\n`);
    expect(rows('select environment, sha, actor, description, url from deployments order by started_at desc limit 1')).toEqual([
      {
        environment: 'production',
        sha: repo.sha('prod'),
        actor: 'R Torres',
        description: 'Merge branch staging into prod',
        url: `https://github.com/example-org/datahub/commit/${repo.sha('prod')}`,
      },
    ]);
    expect((await deploys(['import-git', '--repo', repo.root, '--branch', 'prod', '--environment', 'production'])).stdout).toMatch(/0 new, 0 updated, 2 unchanged/);
    const since = await deploys(['import-git', '--repo', repo.root, '--branch', 'staging', '--environment', 'staging', '--since', '2018-01-25', '--json']);
    expect(JSON.parse(since.stdout)).toEqual({ branch: 'staging', repo: 'example-org/datahub', created: 1, updated: 0, unchanged: 0 });
  });

  it('names the branches there are when the one asked for is not there', async () => {
    const result = await deploys(['import-git', '--repo', repo.root, '--branch', 'production', '--environment', 'production']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hindsight deploys import-git: .*production.*main, prod, staging/);
  });
});

describe('hindsight deploys list', () => {
  it('prints the newest deployments, filtered by environment (aliases too)', async () => {
    folder.write(
      'd.ndjson',
      [
        '{"environment":"production","startedAt":"2024-03-12T09:02:00Z","service":"edge-dns","version":"v1.2.0","sha":"abc1234ff","description":"cutover"}',
        '{"environment":"staging","startedAt":"2024-03-12T08:00:00Z"}',
      ].join('\n'),
    );
    await deploys(['import', 'd.ndjson']);
    const listed = await deploys(['list', '--environment', 'prod']);
    expect(listed.stdout).toBe('2024-03-12T09:02:00Z  production   deploy   success     edge-dns v1.2.0 abc1234  cutover\n1 of 1 deployments\n');
    expect((await deploys(['list', '--environment', 'qa'])).stdout).toBe('0 of 0 deployments\n');
    expect((await deploys(['list', '--limit', '0'])).code).toBe(2);
  });
});

describe('hindsight deploys import-github', () => {
  it('imports the configured repositories from GITHUB_API_URL, reporting the one that fails and exiting 1', async () => {
    const github = await startGitHubStandIn({ token: 'ghp_test' });
    try {
      const id = github.state.addDeployment('example-org/datahub', { environment: 'production', created_at: '2018-01-25T23:30:00Z', ref: 'prod', sha: 'a'.repeat(40) }).id as number;
      github.state.addDeploymentStatus('example-org/datahub', id, { state: 'success', created_at: '2018-01-25T23:34:00Z' });
      github.state.addDeployment('example-org/datahub', { environment: 'staging', created_at: '2018-01-25T22:30:00Z', ref: 'staging' });
      const env = {
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: 'ghp_test',
        HINDSIGHT_DEPLOY_REPOS: 'example-org/datahub,example-org/missing',
        HINDSIGHT_DEPLOY_ENVIRONMENTS: 'production',
      };
      const result = await deploys(['import-github'], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^example-org\/datahub, example-org\/missing \(http:\/\/127\.0\.0\.1:\d+\): 1 row: 1 new, 0 updated, 0 unchanged, \d+ requests\n$/);
      expect(result.stderr).toMatch(/^example-org\/missing \(production\): GET \/repos\/example-org\/missing\/deployments: 404 Not Found\n$/);
      expect(rows('select environment, status, finished_at as finishedAt, source from deployments')).toEqual([
        { environment: 'production', status: 'success', finishedAt: '2018-01-25T23:34:00Z', source: 'github' },
      ]);
      const again = await deploys(['import-github', '--repo', 'example-org/datahub', '--json'], env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 1, failures: [] });
    } finally {
      await github.close();
    }
  });

  it('needs repositories', async () => {
    const result = await deploys(['import-github']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hindsight deploys import-github: name the repositories: --repo owner/name (or set HINDSIGHT_DEPLOY_REPOS)\n');
    expect((await deploys(['import-github', '--repo', 'not a repo'])).code).toBe(2);
  });
});

describe('hindsight deploys remove', () => {
  it('deletes by key or id, says which were not there, and list prints control characters safely', async () => {
    folder.write(
      'd.ndjson',
      [
        '{"key":"typo","environment":"production","startedAt":"2024-03-12T09:02:00Z","description":"evil\\u202etxt.exe\\u0007"}',
        '{"key":"keep","environment":"production","startedAt":"2024-03-12T10:00:00Z"}',
      ].join('\n'),
    );
    await deploys(['import', 'd.ndjson']);
    expect((await deploys(['list'])).stdout).toContain('evil?txt.exe?');
    const removed = await deploys(['remove', 'typo', 'nope']);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toBe('1 removed\n');
    expect(removed.stderr).toMatch(/^no deployment "nope"/);
    expect(rows('select idempotency_key as key from deployments')).toEqual([{ key: 'keep' }]);
  });
});
