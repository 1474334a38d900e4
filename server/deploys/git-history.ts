/**
 * Deployments read from a deploy branch's history in a local clone (`hindsight deploys import-git`). Teams that
 * deploy by merging into a branch (`staging`, `prod`) have their deployment history in that branch's first-parent
 * history: each first-parent commit is one deployment, at the time it landed (its committer date). `git log` is
 * streamed line by line, so a history of 100,000 commits is never held as one buffer.
 */
import { stat } from 'node:fs/promises';
import type { DeploymentEvent } from '../domain/deployment.ts';
import { gitDeploymentKey } from './environments.ts';
import { readTime, toDeploymentEvent, type DeploymentInput } from './event.ts';
import { listBranches, resolveBranch, type ResolvedBranch } from './git-branch.ts';
import { githubRepoFromRemote, webHost } from './git-remote.ts';
import { runGit, type GitRun } from './git-run.ts';
import { readSubject, readTagVersion } from './git-subject.ts';

export interface GitHistoryOptions {
  /** Path to a local clone (any folder inside it works; a bare repository works too). */
  repo: string;
  /**
   * The deploy branch: a local branch, or a remote-tracking one (`origin/prod`) when no local one has the name;
   * `prod` alone finds `origin/prod` in a clone without a local `prod`. Refused when it starts with `-`.
   */
  branch: string;
  /** The environment the branch deploys to (`production`). */
  environment: string;
  /** The service the branch deploys. Default: null. */
  service?: string | null;
  /** Only commits that landed at or after this ISO time (with an offset or `Z`; whole seconds). Default: the whole history. */
  since?: string | null;
  /**
   * `owner/name` for commit and PR links. Default (undefined): read from the `origin` remote when it is a URL
   * on github.com or on `webUrl`'s host (https or ssh forms), else null. Null: no links.
   */
  repoName?: string | null;
  /** Web base for links. Default https://github.com. */
  webUrl?: string;
  /** Called with the count of commits read so far, every 1000 commits. Default: none. */
  onProgress?: (count: number) => void;
}

export interface GitHistoryResult {
  /** One event per first-parent commit, oldest first (source `git`, status success, finishedAt null). */
  events: DeploymentEvent[];
  /** The `owner/name` the links were built with (given or read from `origin`), or null. */
  repoName: string | null;
  /** The branch as resolved (`prod`, `origin/prod`). */
  branch: string;
}

/** A clone, branch or option that cannot be read, or a missing git; the message names the path and the branch. */
export class GitHistoryError extends Error {
  override name = 'GitHistoryError';
}

/** Default web base for commit links. */
export const DEFAULT_WEB_URL = 'https://github.com';
/** How often `onProgress` is called. */
const PROGRESS_EVERY = 1000;
/** Clock skew tolerated by git's `--since` walk (it stops at the first older commit); the exact filter is ours. */
const SINCE_SLACK_SECONDS = 24 * 60 * 60;
/** Full sha, committer date (strict ISO), author name (mailmap applied), tag decorations, subject: one line each. */
const FORMAT = '--format=%H%x00%cI%x00%aN%x00%D%x00%s';
const FIELDS_BEFORE_SUBJECT = 4;
const MAX_DESCRIPTION = 2000;
const MAX_ACTOR = 200;
const MAX_REF = 255;

/**
 * Reads the deployments in `options.branch`'s first-parent history. Throws `GitHistoryError` when the path is
 * missing or not a git repository, the branch is not there, git is not installed, or an option is invalid;
 * nothing else throws (an `onProgress` that throws stops the reading with its error).
 */
export async function readGitDeployments(options: GitHistoryOptions): Promise<GitHistoryResult> {
  const repo = options.repo;
  const environment = options.environment?.trim() ?? '';
  const service = options.service?.trim() || null;
  const webUrl = (options.webUrl ?? DEFAULT_WEB_URL).replace(/\/+$/, '');
  const since = readSince(options.since);
  checkBranchName(options.branch, repo);
  await checkFolder(repo);

  const [refs, remoteName] = await Promise.all([
    listRefs(repo, options.branch),
    options.repoName === undefined ? readOriginRepo(repo, webUrl) : Promise.resolve(options.repoName?.trim() || null),
  ]);
  const resolved = resolveBranch(options.branch, refs);
  if (!resolved) throw new GitHistoryError(`no branch "${options.branch}" in ${repo} (${listBranches(refs)})`);
  checkOptions({ environment, service, repoName: remoteName, webUrl }, repo, resolved);

  const events: DeploymentEvent[] = [];
  let count = 0;
  const sinceMs = since === null ? null : Date.parse(since);
  const run = await runGit(logArguments(repo, resolved, sinceMs), {
    onLine: (line) => {
      const event = readLine(line, { environment, service, repoName: remoteName, webUrl, branch: resolved.branch, sinceMs });
      if (event) events.push(event);
      count += 1;
      if (options.onProgress && count % PROGRESS_EVERY === 0) options.onProgress(count);
    },
  });
  if (run.code !== 0) throw failure(run, repo, resolved.name, 'reading the branch failed');
  events.reverse();
  return { events, repoName: remoteName, branch: resolved.name };
}

/** `git log` over the branch's first parents, one line per commit, with nothing a user's config could add. */
function logArguments(repo: string, branch: ResolvedBranch, sinceMs: number | null): string[] {
  const seconds = sinceMs === null ? 0 : Math.floor(sinceMs / 1000) - SINCE_SLACK_SECONDS;
  const since = seconds > 0 ? [`--since=@${seconds} +0000`] : [];
  return [
    '-c',
    'log.showSignature=false',
    '-C',
    repo,
    'log',
    '--first-parent',
    '--no-show-signature',
    '--no-color',
    '--encoding=UTF-8',
    '--decorate=short',
    '--decorate-refs=refs/tags/',
    FORMAT,
    ...since,
    '--end-of-options',
    branch.ref,
    '--',
  ];
}

interface LineContext {
  environment: string;
  service: string | null;
  repoName: string | null;
  webUrl: string;
  branch: string;
  sinceMs: number | null;
}

/** One commit line as an event; null when it landed before `since` (or git gave a line it cannot be read from). */
function readLine(line: string, context: LineContext): DeploymentEvent | null {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < FIELDS_BEFORE_SUBJECT; i += 1) {
    const end = line.indexOf('\0', start);
    if (end === -1) return null;
    fields.push(line.slice(start, end));
    start = end + 1;
  }
  const [sha, committedAt, author, decorations] = fields as [string, string, string, string];
  const subject = line.slice(start);
  if (context.sinceMs !== null && !(Date.parse(committedAt) >= context.sinceMs)) return null;
  const facts = readSubject(subject);
  const input: DeploymentInput = {
    key: gitDeploymentKey(context.environment, sha),
    environment: context.environment,
    service: context.service,
    repo: context.repoName,
    ref: context.branch.length <= MAX_REF ? context.branch : null,
    sha,
    pullNumber: facts.pullNumber,
    version: readTagVersion(decorations) ?? facts.version,
    kind: facts.kind,
    status: 'success',
    startedAt: committedAt,
    finishedAt: null,
    actor: clip(author, MAX_ACTOR),
    url: context.repoName === null ? null : `${context.webUrl}/${context.repoName}/commit/${sha}`,
    description: clip(subject, MAX_DESCRIPTION),
  };
  return toDeploymentEvent(input, { source: 'git' }).event ?? null;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function readSince(since: string | null | undefined): string | null {
  if (since === undefined || since === null || since.trim() === '') return null;
  const time = readTime(since, null);
  if (time.startsWith('!')) throw new GitHistoryError(`since: ${time.slice(1)}`);
  return time;
}

function checkBranchName(branch: string, repo: string): void {
  if (typeof branch !== 'string' || branch.trim() === '') throw new GitHistoryError(`no branch given for ${repo}`);
  if (branch.startsWith('-')) throw new GitHistoryError(`"${branch}" is not a branch name (it starts with "-"); nothing was read from ${repo}`);
}

async function checkFolder(repo: string): Promise<void> {
  const found = await stat(repo).catch(() => null);
  if (!found) throw new GitHistoryError(`${repo} does not exist`);
  if (!found.isDirectory()) throw new GitHistoryError(`${repo} is not a folder (give the path to a git clone)`);
}

/** Every local and remote-tracking branch, as full ref names. */
async function listRefs(repo: string, branch: string): Promise<string[]> {
  const refs: string[] = [];
  const run = await runGit(['-C', repo, 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes'], {
    onLine: (line) => {
      if (line !== '') refs.push(line);
    },
  });
  if (run.code === 0) return refs;
  if (!run.missing && /not a git repository/i.test(run.stderr)) throw new GitHistoryError(`${repo} is not a git repository`);
  throw failure(run, repo, branch, 'listing the branches failed');
}

/** `owner/name` from the `origin` remote's URL (after `insteadOf` rewriting); null without one or off GitHub. */
async function readOriginRepo(repo: string, webUrl: string): Promise<string | null> {
  let url = '';
  const run = await runGit(['-C', repo, 'remote', 'get-url', 'origin'], {
    onLine: (line) => {
      if (url === '') url = line;
    },
  });
  if (run.code !== 0 || url === '') return null;
  const host = webHost(webUrl);
  return githubRepoFromRemote(url, host && host !== 'github.com' ? ['github.com', host] : ['github.com']);
}

/** The options every event shares, checked once by the same rules as the events, all problems reported. */
function checkOptions(values: { environment: string; service: string | null; repoName: string | null; webUrl: string }, repo: string, branch: ResolvedBranch): void {
  const longestSha = 'f'.repeat(64);
  const probe = toDeploymentEvent(
    {
      key: gitDeploymentKey(values.environment, longestSha),
      environment: values.environment,
      service: values.service,
      repo: values.repoName,
      startedAt: '2000-01-01T00:00:00Z',
      url: values.repoName === null ? null : `${values.webUrl}/${values.repoName}/commit/${longestSha}`,
    },
    { source: 'git' },
  );
  if (!probe.problems) return;
  const names: Record<string, string> = { repo: 'repoName', url: 'webUrl' };
  const messages = probe.problems.map((problem) => `${names[problem.field] ?? problem.field}: ${problem.message}`);
  throw new GitHistoryError(`cannot import branch "${branch.name}" of ${repo}: ${messages.join('; ')}`);
}

/** `git is not installed ...` or what git said, naming the clone and the branch. */
function failure(run: GitRun, repo: string, branch: string, what: string): GitHistoryError {
  if (run.missing) return new GitHistoryError(`git is not installed (no "git" program on PATH), so branch "${branch}" of ${repo} cannot be read`);
  const said = run.stderr.split('\n').slice(0, 4).join(' ').trim() || `git exited with code ${String(run.code)}`;
  return new GitHistoryError(`branch "${branch}" of ${repo}: ${what}: ${said}`);
}
