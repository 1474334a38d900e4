/**
 * Deployments read from a deploy branch's first-parent history, on real git repositories built in temporary
 * folders: a datahub-like clone (features merged into `staging`, `staging` merged into `prod`, a revert merged
 * into `prod`), a clone of it with remote-tracking branches, and a long history written by `git fast-import`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentEvent } from '../../server/domain/deployment.ts';
import { resolveBranch, listBranches } from '../../server/deploys/git-branch.ts';
import { GitHistoryError, readGitDeployments, type GitHistoryOptions } from '../../server/deploys/git-history.ts';
import { githubRepoFromRemote } from '../../server/deploys/git-remote.ts';
import { readSubject, readTagVersion } from '../../server/deploys/git-subject.ts';
import { createGitRepo, fastImportRepo, type GitRepo, type ImportedCommit } from '../helpers/git-repo.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const YUVI = 'Yuvi Panda';
const RYAN = 'Ryan Lovett';
const CHRIS = 'Chris Holdgraf';

/** The shas of the datahub-like repository's commits, by what they are. */
interface Datahub {
  initial: string;
  feature: string;
  intoStaging: string;
  intoProd: string;
  revertCommit: string;
  revertIntoProd: string;
  squash: string;
  squashRevert: string;
  rollBack: string;
  mainOnly: string;
}

let repo: GitRepo;
let sha: Datahub;
let scratch: TempFolder;

beforeAll(() => {
  scratch = tempFolder();
  repo = createGitRepo();
  const initial = repo.commit('main', { at: '2018-01-20T10:00:00-08:00', message: 'Initial commit', author: YUVI });
  repo.branch('staging', 'main');
  repo.branch('prod', 'main');
  repo.branch('feature/nbgitpuller', 'main');
  const feature = repo.commit('feature/nbgitpuller', { at: '2018-01-25T13:00:00-08:00', message: 'Add nbgitpuller to the image', author: RYAN });
  const github = { committer: 'GitHub' };
  const intoStaging = repo.merge('feature/nbgitpuller', 'staging', {
    at: '2018-01-25T14:30:00-08:00',
    message: 'Merge pull request #101 from ryanlovett/nbgitpuller\n\nAdd nbgitpuller',
    author: YUVI,
    ...github,
  });
  const intoProd = repo.merge('staging', 'prod', { at: '2018-01-25T15:30:00-08:00', message: 'Merge pull request #102 from berkeley-dsep-infra/staging', author: YUVI, ...github });
  repo.tag('v1.4.0-rc.1', 'prod');
  repo.tag('v1.4.0', 'prod', { message: 'Spring semester image' });
  repo.branch('revert-102-prod', 'prod');
  const revertCommit = repo.commit('revert-102-prod', {
    at: '2018-01-25T16:30:00-08:00',
    message: 'Revert "Merge pull request #102 from berkeley-dsep-infra/staging"\n\nThis reverts commit 1234567.',
    author: CHRIS,
    ...github,
  });
  const revertIntoProd = repo.merge('revert-102-prod', 'prod', {
    at: '2018-01-25T16:35:00-08:00',
    message: 'Merge pull request #103 from berkeley-dsep-infra/revert-102-prod',
    author: CHRIS,
    ...github,
  });
  const squash = repo.commit('staging', { at: '2018-01-26T10:00:00-08:00', message: 'Release v2.0.1 (#42)', author: RYAN, ...github });
  const squashRevert = repo.commit('staging', { at: '2018-01-26T11:00:00-08:00', message: 'Revert "Release v2.0.1 (#42)" (#43)', author: YUVI, ...github });
  const rollBack = repo.commit('staging', { at: '2018-01-26T12:00:00-08:00', message: 'Roll back the notebook image to 2018-01-20', author: CHRIS });
  const mainOnly = repo.commit('main', { at: '2018-01-26T09:00:00-08:00', message: 'Document the deploy process', author: RYAN });
  repo.setRemote('origin', 'git@github.com:example-org/datahub.git');
  sha = { initial, feature, intoStaging, intoProd, revertCommit, revertIntoProd, squash, squashRevert, rollBack, mainOnly };
});

afterAll(() => {
  repo?.cleanup();
  scratch?.cleanup();
});

/** The event a commit of the datahub-like repository is expected to be, with the defaults of this file. */
function event(commit: string, fields: Partial<DeploymentEvent> & Pick<DeploymentEvent, 'startedAt' | 'actor' | 'description'>): DeploymentEvent {
  const environment = fields.environment ?? 'production';
  const service = fields.service ?? null;
  const repoName = fields.repo === undefined ? 'example-org/datahub' : fields.repo;
  return {
    key: `git:${environment}:${commit}`,
    environment,
    service,
    repo: repoName,
    ref: 'prod',
    sha: commit,
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'success',
    finishedAt: null,
    statusAt: null,
    url: repoName === null ? null : `https://github.com/${repoName}/commit/${commit}`,
    source: 'git',
    ...fields,
  };
}

async function read(options: Partial<GitHistoryOptions> = {}) {
  return readGitDeployments({ repo: repo.root, branch: 'prod', environment: 'production', ...options });
}

async function failure(options: Partial<GitHistoryOptions>): Promise<string> {
  const error = await read(options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GitHistoryError);
  return (error as Error).message;
}

/** Runs `body` with `process.env[name]` set to `value` (git is spawned with the environment of the moment). */
async function withEnv<T>(name: string, value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

describe('the deploy branches of a datahub-like clone', () => {
  it('reads prod: one event per first-parent commit, oldest first, times in UTC, the revert merge a rollback', async () => {
    const result = await read();
    expect(result.branch).toBe('prod');
    expect(result.repoName).toBe('example-org/datahub');
    expect(result.events).toEqual([
      event(sha.initial, { startedAt: '2018-01-20T18:00:00Z', actor: YUVI, description: 'Initial commit' }),
      event(sha.intoProd, {
        startedAt: '2018-01-25T23:30:00Z',
        actor: YUVI,
        pullNumber: 102,
        version: 'v1.4.0',
        description: 'Merge pull request #102 from berkeley-dsep-infra/staging',
      }),
      event(sha.revertIntoProd, {
        startedAt: '2018-01-26T00:35:00Z',
        actor: CHRIS,
        pullNumber: 103,
        kind: 'rollback',
        description: 'Merge pull request #103 from berkeley-dsep-infra/revert-102-prod',
      }),
    ]);
  });

  it('reads staging: merges, a squash with its PR and version, a revert and a roll back; not what came in through them', async () => {
    const { events, branch } = await read({ branch: 'staging', environment: 'staging' });
    expect(branch).toBe('staging');
    const staging = (commit: string, fields: Parameters<typeof event>[1]) => event(commit, { environment: 'staging', ref: 'staging', ...fields });
    expect(events).toEqual([
      staging(sha.initial, { startedAt: '2018-01-20T18:00:00Z', actor: YUVI, description: 'Initial commit' }),
      staging(sha.intoStaging, {
        startedAt: '2018-01-25T22:30:00Z',
        actor: YUVI,
        pullNumber: 101,
        description: 'Merge pull request #101 from ryanlovett/nbgitpuller',
      }),
      staging(sha.squash, { startedAt: '2018-01-26T18:00:00Z', actor: RYAN, pullNumber: 42, version: 'v2.0.1', description: 'Release v2.0.1 (#42)' }),
      staging(sha.squashRevert, {
        startedAt: '2018-01-26T19:00:00Z',
        actor: YUVI,
        pullNumber: 43,
        kind: 'rollback',
        description: 'Revert "Release v2.0.1 (#42)" (#43)',
      }),
      staging(sha.rollBack, { startedAt: '2018-01-26T20:00:00Z', actor: CHRIS, kind: 'rollback', description: 'Roll back the notebook image to 2018-01-20' }),
    ]);
    const shas = events.map((e) => e.sha);
    for (const other of [sha.feature, sha.mainOnly, sha.intoProd, sha.revertCommit]) expect(shas).not.toContain(other);
  });

  it('reads main, which has no merges, as its own history', async () => {
    const { events } = await read({ branch: 'main' });
    expect(events.map((e) => [e.sha, e.ref, e.actor])).toEqual([
      [sha.initial, 'main', YUVI],
      [sha.mainOnly, 'main', RYAN],
    ]);
  });

  it('keys events by environment, service and sha, so an import again finds the same events', async () => {
    const first = await read({ service: 'datahub' });
    const again = await read({ service: ' datahub ' });
    expect(first.events.map((e) => e.key)).toEqual([
      `git:production:${sha.initial}`,
      `git:production:${sha.intoProd}`,
      `git:production:${sha.revertIntoProd}`,
    ]);
    expect(again.events).toEqual(first.events);
    expect(first.events.every((e) => e.service === 'datahub')).toBe(true);
  });

  it('keeps only the commits that landed at or after since, whatever offset it is written with', async () => {
    const shas = async (since: string | null) => (await read({ since })).events.map((e) => e.sha);
    expect(await shas('2018-01-25T15:30:00-08:00')).toEqual([sha.intoProd, sha.revertIntoProd]);
    expect(await shas('2018-01-25T23:30:00Z')).toEqual([sha.intoProd, sha.revertIntoProd]);
    expect(await shas('2018-01-25T23:30:01Z')).toEqual([sha.revertIntoProd]);
    expect(await shas('2018-01-26T00:35:01Z')).toEqual([]);
    expect(await shas('2000-01-01T00:00:00Z')).toHaveLength(3);
    expect(await shas(null)).toHaveLength(3);
  });

  it('works from any folder inside the clone', async () => {
    const { events } = await read({ repo: join(repo.root, 'changes') });
    expect(events.map((e) => e.sha)).toEqual([sha.initial, sha.intoProd, sha.revertIntoProd]);
  });

  it('reads the same whatever the config of the clone says about log output', async () => {
    const clone = repo.clone();
    clone.setRemote('origin', 'git@github.com:example-org/datahub.git');
    const settings = [
      ['color.ui', 'always'],
      ['log.decorate', 'full'],
      ['log.excludeDecoration', 'refs/tags/'],
      ['log.showSignature', 'true'],
      ['log.abbrevCommit', 'true'],
      ['log.date', 'relative'],
      ['format.pretty', 'oneline'],
      ['i18n.logOutputEncoding', 'ISO-8859-1'],
    ];
    for (const [name, value] of settings) clone.git(['config', name!, value!]);
    const { events } = await readGitDeployments({ repo: clone.root, branch: 'origin/prod', environment: 'production' });
    expect(events).toEqual((await read()).events);
  });

  it('reads the clone -C names even when a git hook has set GIT_DIR to another repository', async () => {
    const other = createGitRepo();
    try {
      other.commit('main', { at: '2020-01-01T00:00:00Z', message: 'Elsewhere' });
      other.branch('prod', 'main');
      const { events } = await withEnv('GIT_DIR', join(other.root, '.git'), () => read());
      expect(events.map((e) => e.sha)).toEqual([sha.initial, sha.intoProd, sha.revertIntoProd]);
    } finally {
      other.cleanup();
    }
  });
});

describe('links', () => {
  it('uses the repository given, or none when null', async () => {
    const given = await read({ repoName: 'other-org/other' });
    expect(given.repoName).toBe('other-org/other');
    expect(given.events[1]).toMatchObject({ repo: 'other-org/other', url: `https://github.com/other-org/other/commit/${sha.intoProd}` });
    const none = await read({ repoName: null });
    expect(none.repoName).toBeNull();
    expect(none.events.every((e) => e.repo === null && e.url === null)).toBe(true);
  });

  it('builds links on another web base, reading origin on its host', async () => {
    const clone = repo.clone();
    clone.setRemote('origin', 'git@github.example.com:infra/datahub.git');
    const { repoName, events } = await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production', webUrl: 'https://github.example.com/' });
    expect(repoName).toBe('infra/datahub');
    expect(events[1]!.url).toBe(`https://github.example.com/infra/datahub/commit/${sha.intoProd}`);
  });

  it('has no links without an origin on GitHub', async () => {
    const clone = repo.clone();
    const local = await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production' });
    expect(local.repoName).toBeNull();
    expect(local.events.map((e) => e.url)).toEqual([null, null, null]);
    clone.setRemote('origin', 'https://gitlab.com/example-org/datahub.git');
    expect((await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production' })).repoName).toBeNull();
    clone.git(['remote', 'rename', 'origin', 'upstream']);
    clone.setRemote('upstream', 'https://github.com/example-org/datahub.git');
    const upstream = await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production' });
    expect([upstream.branch, upstream.repoName, upstream.events.length]).toEqual(['upstream/prod', null, 3]);
  });

  it.each([
    ['git@github.com:example-org/datahub.git', 'example-org/datahub'],
    ['git@github.com:example-org/datahub', 'example-org/datahub'],
    ['github.com:example-org/datahub.git', 'example-org/datahub'],
    ['https://github.com/example-org/datahub.git', 'example-org/datahub'],
    ['https://github.com/example-org/datahub/', 'example-org/datahub'],
    ['https://x-access-token:secret@github.com/example-org/data.hub.git', 'example-org/data.hub'],
    ['http://GitHub.com/example-org/datahub', 'example-org/datahub'],
    ['ssh://git@github.com/example-org/datahub.git', 'example-org/datahub'],
    ['ssh://git@github.com:22/example-org/datahub.git', 'example-org/datahub'],
    ['git://github.com/example-org/datahub.git', 'example-org/datahub'],
    ['https://gitlab.com/example-org/datahub.git', null],
    ['git@gitlab.com:example-org/datahub.git', null],
    ['https://github.com/example-org', null],
    ['https://github.com/example-org/datahub/tree/main', null],
    ['https://notgithub.com/example-org/datahub', null],
    ['/srv/git/datahub.git', null],
    ['../datahub', null],
    ['file:///srv/git/datahub.git', null],
    ['', null],
  ])('reads %j from a remote as %j', (url, expected) => {
    expect(githubRepoFromRemote(url)).toBe(expected);
  });
});

describe('remote-tracking branches', () => {
  it('finds origin/prod for prod in a clone without a local prod, and says so', async () => {
    const clone = repo.clone();
    clone.setRemote('origin', 'https://github.com/example-org/datahub.git');
    const byName = await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production' });
    const byRemote = await readGitDeployments({ repo: clone.root, branch: 'origin/prod', environment: 'production' });
    expect(byName.branch).toBe('origin/prod');
    expect(byRemote.branch).toBe('origin/prod');
    expect(byRemote.repoName).toBe('example-org/datahub');
    expect(byRemote.events).toEqual((await read()).events);
    expect(byName.events).toEqual(byRemote.events);
    expect(byRemote.events.every((e) => e.ref === 'prod')).toBe(true);
  });

  it('prefers a local branch of the name to the remote-tracking one', async () => {
    const clone = repo.clone();
    clone.branch('prod', 'origin/prod~1');
    const local = await readGitDeployments({ repo: clone.root, branch: 'prod', environment: 'production' });
    expect(local.branch).toBe('prod');
    expect(local.events.map((e) => e.sha)).toEqual([sha.initial, sha.intoProd]);
    const remote = await readGitDeployments({ repo: clone.root, branch: 'origin/prod', environment: 'production' });
    expect(remote.events.map((e) => e.sha)).toEqual([sha.initial, sha.intoProd, sha.revertIntoProd]);
  });

  it('resolves names in order: local, remote-tracking, origin, the one remote that has it', () => {
    const refs = ['refs/heads/main', 'refs/heads/prod', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/prod', 'refs/remotes/origin/staging', 'refs/remotes/fork/staging', 'refs/remotes/fork/qa', 'refs/remotes/a/x', 'refs/remotes/b/x'];
    expect(resolveBranch('prod', refs)).toEqual({ ref: 'refs/heads/prod', name: 'prod', branch: 'prod' });
    expect(resolveBranch('origin/prod', refs)).toEqual({ ref: 'refs/remotes/origin/prod', name: 'origin/prod', branch: 'prod' });
    expect(resolveBranch('staging', refs)).toEqual({ ref: 'refs/remotes/origin/staging', name: 'origin/staging', branch: 'staging' });
    expect(resolveBranch('fork/staging', refs)).toEqual({ ref: 'refs/remotes/fork/staging', name: 'fork/staging', branch: 'staging' });
    expect(resolveBranch('qa', refs)).toEqual({ ref: 'refs/remotes/fork/qa', name: 'fork/qa', branch: 'qa' });
    expect(resolveBranch('refs/heads/main', refs)).toEqual({ ref: 'refs/heads/main', name: 'main', branch: 'main' });
    expect(resolveBranch('x', refs)).toBeNull();
    expect(resolveBranch('HEAD', refs)).toBeNull();
    expect(resolveBranch('origin/HEAD', refs)).toBeNull();
    expect(resolveBranch('v1.4.0', refs)).toBeNull();
    expect(listBranches(refs, 4)).toBe('branches: main, prod, a/x, b/x and 4 more');
    expect(listBranches([])).toBe('no branches yet');
  });
});

describe('errors', () => {
  it('names a path that does not exist, a file, and a folder that is not a git repository', async () => {
    const missing = join(scratch.root, 'no-such-clone');
    expect(await failure({ repo: missing })).toBe(`${missing} does not exist`);
    scratch.write('notes.txt', 'not a clone');
    expect(await failure({ repo: join(scratch.root, 'notes.txt') })).toBe(`${join(scratch.root, 'notes.txt')} is not a folder (give the path to a git clone)`);
    scratch.write('plain/readme.md', '# not a clone');
    expect(await failure({ repo: join(scratch.root, 'plain') })).toBe(`${join(scratch.root, 'plain')} is not a git repository`);
  });

  it('names the branch that is not there and the branches that are', async () => {
    expect(await failure({ branch: 'production' })).toBe(
      `no branch "production" in ${repo.root} (branches: feature/nbgitpuller, main, prod, revert-102-prod, staging)`,
    );
    expect(await failure({ branch: 'v1.4.0' })).toMatch(/^no branch "v1\.4\.0" in /);
    const empty = createGitRepo();
    try {
      expect(await failure({ repo: empty.root })).toBe(`no branch "prod" in ${empty.root} (no branches yet)`);
    } finally {
      empty.cleanup();
    }
  });

  it('refuses a branch name that git would take as an option', async () => {
    const output = join(scratch.root, 'written-by-git.txt');
    expect(await failure({ branch: `--output=${output}` })).toBe(`"--output=${output}" is not a branch name (it starts with "-"); nothing was read from ${repo.root}`);
    expect(await failure({ branch: '-p' })).toMatch(/is not a branch name/);
    expect(existsSync(output)).toBe(false);
    expect(await failure({ branch: '' })).toBe(`no branch given for ${repo.root}`);
  });

  it('says git is not installed when there is no git on PATH', async () => {
    const message = await withEnv('PATH', join(scratch.root, 'empty-bin'), () => failure({}));
    expect(message).toBe(`git is not installed (no "git" program on PATH), so branch "prod" of ${repo.root} cannot be read`);
  });

  it('refuses options every event would fail on, naming each', async () => {
    expect(await failure({ since: 'last tuesday' })).toMatch(/^since: "last tuesday" is not a time/);
    expect(await failure({ since: '2018-01-25 15:30' })).toMatch(/^since: .*has no UTC offset/);
    expect(await failure({ environment: '  ' })).toMatch(/^cannot import branch "prod" of .*: environment: missing/);
    expect(await failure({ repoName: 'not a repo' })).toMatch(/repoName: "not a repo" is not a repository/);
    expect(await failure({ webUrl: 'ftp://example.com' })).toMatch(/webUrl: .* is not an http\(s\) URL/);
    expect(await failure({ environment: 'e'.repeat(101) })).toMatch(/environment: longer than 100 characters/);
  });
});

describe('subjects and tags', () => {
  it.each([
    ['Merge pull request #123 from someone/branch', { pullNumber: 123, kind: 'deploy', version: null }],
    ['Merge pull request #13 from org/revert-12-staging', { pullNumber: 13, kind: 'rollback', version: null }],
    ["Merge branch 'revert-12-staging' into prod", { pullNumber: null, kind: 'rollback', version: null }],
    ["Merge branch 'staging' into prod", { pullNumber: null, kind: 'deploy', version: null }],
    ['Add the R kernel (#42)', { pullNumber: 42, kind: 'deploy', version: null }],
    ['Add the R kernel (#42) ', { pullNumber: 42, kind: 'deploy', version: null }],
    ['Fix #42 in the hub config', { pullNumber: null, kind: 'deploy', version: null }],
    ['Release v0.6.0-beta.1 (#77)', { pullNumber: 77, kind: 'deploy', version: 'v0.6.0-beta.1' }],
    ['Bump the image to v2.3.', { pullNumber: null, kind: 'deploy', version: 'v2.3' }],
    ['Upgrade jupyterhub-v1.2.3', { pullNumber: null, kind: 'deploy', version: null }],
    ['Revert "Release v2.0.1 (#42)" (#43)', { pullNumber: 43, kind: 'rollback', version: null }],
    ['revert: undo the quota change', { pullNumber: null, kind: 'rollback', version: null }],
    ['Roll back to v1.3.0', { pullNumber: null, kind: 'rollback', version: 'v1.3.0' }],
    ['Rolling back the notebook image', { pullNumber: null, kind: 'rollback', version: null }],
    ['rollback hub to previous image (#9)', { pullNumber: 9, kind: 'rollback', version: null }],
    ['Downgrade notebook to 6.4', { pullNumber: null, kind: 'rollback', version: null }],
    ['Scroll back position fix', { pullNumber: null, kind: 'deploy', version: null }],
    ['Merge pull request #0 from x/y', { pullNumber: null, kind: 'deploy', version: null }],
    ['', { pullNumber: null, kind: 'deploy', version: null }],
  ])('reads %j', (subject, expected) => {
    expect(readSubject(subject)).toEqual(expected);
  });

  it('takes a release tag as the version: a final release before a pre-release, a version before another tag', () => {
    expect(readTagVersion('tag: v1.4.0')).toBe('v1.4.0');
    expect(readTagVersion('tag: v1.4.0-rc.1, tag: v1.4.0')).toBe('v1.4.0');
    expect(readTagVersion('tag: latest, tag: 2.0.0-rc.1')).toBe('2.0.0-rc.1');
    expect(readTagVersion('tag: deployed-2018-01-25')).toBe('deployed-2018-01-25');
    expect(readTagVersion('tag: refs/tags/v3.0.0')).toBe('v3.0.0');
    expect(readTagVersion('HEAD -> prod, origin/prod')).toBeNull();
    expect(readTagVersion('')).toBeNull();
  });
});

describe('a long history written by git fast-import', () => {
  const COMMITS = 2500;
  let long: GitRepo;
  const subjects = new Map<number, string>([
    [7, 'Déploiement: ünïcode ✓ and "quotes" and %H and \\ and `ticks`'],
    [8, 'tab\there and a carriage\rreturn and a \x1f unit separator'],
    [9, 'first paragraph\nsecond line of it\n\nthe body'],
    [10, 'before a NUL\0after it'],
  ]);

  beforeAll(() => {
    const commits: ImportedCommit[] = [];
    const start = Date.parse('2019-01-01T00:00:00Z');
    for (let i = 0; i < COMMITS; i += 1) {
      const at = new Date(start + i * 3_600_000);
      const message = subjects.get(i) ?? `Merge pull request #${i + 1} from team/change-${i}`;
      if (i === 0) commits.push({ branch: 'prod', at, message, author: 'Zoë Ångström' });
      else if (i % 5 === 0) {
        commits.push({ branch: `feature-${i}`, from: 'prod', at: new Date(at.getTime() - 60_000), message: `work for ${i}` });
        commits.push({ branch: 'prod', at, message, merge: `feature-${i}`, author: `Person ${i % 13}` });
      } else commits.push({ branch: 'prod', at, message, author: `Person ${i % 13}`, ...(i % 500 === 1 ? { tag: `v1.${i}.0` } : {}) });
    }
    long = fastImportRepo(commits);
  });
  afterAll(() => long?.cleanup());

  it('gives every first-parent commit once, in order, and reports progress every 1000', async () => {
    const progress: number[] = [];
    const { events } = await readGitDeployments({ repo: long.root, branch: 'prod', environment: 'production', repoName: null, onProgress: (n) => progress.push(n) });
    const firstParents = long.git(['rev-list', '--first-parent', '--reverse', 'prod']).split('\n');
    expect(firstParents).toHaveLength(COMMITS);
    expect(events.map((e) => e.sha)).toEqual(firstParents);
    expect(progress).toEqual([1000, 2000]);
    expect(events.map((e) => e.startedAt)).toEqual(Array.from({ length: COMMITS }, (_, i) => new Date(Date.parse('2019-01-01T00:00:00Z') + i * 3_600_000).toISOString().replace('.000Z', 'Z')));
    expect(new Set(events.map((e) => e.key)).size).toBe(COMMITS);
    expect(events[0]!.actor).toBe('Zoë Ångström');
    expect(events[1]!.version).toBe('v1.1.0');
    expect(events[501]!.version).toBe('v1.501.0');
    expect(events[2499]!).toMatchObject({ pullNumber: 2500, description: 'Merge pull request #2500 from team/change-2499' });
  });

  it('stops reading with the error of an onProgress that throws', async () => {
    const stop = new Error('stop here');
    const reading = readGitDeployments({
      repo: long.root,
      branch: 'prod',
      environment: 'production',
      onProgress: () => {
        throw stop;
      },
    });
    await expect(reading).rejects.toBe(stop);
  });

  it('keeps odd subjects whole, as git gives them, in UTF-8 whatever the output encoding configured', async () => {
    long.git(['config', 'i18n.logOutputEncoding', 'ISO-8859-1']);
    const { events } = await readGitDeployments({ repo: long.root, branch: 'prod', environment: 'production' }).finally(() =>
      long.git(['config', '--unset', 'i18n.logOutputEncoding']),
    );
    expect(events[0]!.actor).toBe('Zoë Ångström');
    expect(events[7]!.description).toBe(subjects.get(7));
    expect(events[8]!.description).toBe(subjects.get(8));
    expect(events[9]!.description).toBe('first paragraph second line of it');
    expect(events[10]!.description).toBe('before a NUL');
    for (const i of [7, 8, 9, 10]) expect(events[i]).toMatchObject({ actor: `Person ${i % 13}`, pullNumber: null, kind: 'deploy' });
  });

  it('filters on since exactly, even past a commit whose clock was behind', async () => {
    const skewed = fastImportRepo([
      { at: '2020-03-01T10:00:00Z', message: 'landed at ten' },
      { at: '2020-03-01T09:00:00Z', message: 'committed on a slow clock' },
      { at: '2020-03-01T11:00:00Z', message: 'landed at eleven' },
    ]);
    try {
      const { events } = await readGitDeployments({ repo: skewed.root, branch: 'main', environment: 'production', since: '2020-03-01T09:30:00Z' });
      expect(events.map((e) => e.description)).toEqual(['landed at ten', 'landed at eleven']);
    } finally {
      skewed.cleanup();
    }
    const since = await readGitDeployments({ repo: long.root, branch: 'prod', environment: 'production', since: '2019-03-01T00:00:00Z' });
    expect(since.events).toHaveLength(COMMITS - 59 * 24);
    expect(since.events[0]!.startedAt).toBe('2019-03-01T00:00:00Z');
  });
});
