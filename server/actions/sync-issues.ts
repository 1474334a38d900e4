/**
 * The GitHub sync of action items: for every repository that current items link issues or pull requests in, the
 * repository's issues list (which has its pull requests too, with `merged_at`) read page by page, each page a
 * conditional request, and every linked issue on it applied to its links (`apply-issue.ts`), which decides the
 * items again. Requests are about one per page of the list, not one per item, and a sync with nothing changed is
 * answered 304 throughout, which costs no rate limit.
 *
 * The list: `GET /repos/{o}/{r}/issues?state=all&sort=updated&direction=asc&per_page=100[&since=…]`, oldest change
 * first, each page sent with the ETag stored for its URL (`github_etags`); a 304 page holds nothing new. `since`
 * (`github_sync_state.issues_since`) starts empty, every issue, and moves up to the newest `updated_at` read once a
 * listing that changed took more than one page (on a repository's first sync only beyond ten pages, so a second
 * sync of a small repository is all 304s); right after moving, the new window's first page is read once so its
 * ETag is known. It does not move after a listing that saw an issue twice (issues changed while it was read; one may
 * have slipped between pages) or could not read one.
 *
 * Links the list did not show that were never synced (a link added since the pages were read, an issue that does
 * not exist): a link to the same issue elsewhere lends its state, else the one issue is read (404, 410 and a
 * transfer, which GitHub answers with the issue's new place, are recorded on the link as `not found`, `deleted`,
 * `transferred to …`, and not asked for again). A repository whose issues are turned off (410) has its pull
 * request links read one by one (`GET /pulls/{n}`, conditional).
 *
 * Failures (rate limits, 5xx and time-outs after the client's retries, malformed JSON, 404 of a repository): the
 * repository's `github_sync_state.error` and its links' `sync_error` say why, the report lists them, and no state
 * and no status changes because of them. After a rate limit the sync stops asking: the repositories left are
 * reported as not synced. The next sync starts again where this one stopped.
 */
import type { Octokit } from '@octokit/rest';
import type { Database } from '../db/connection.ts';
import { describeGitHubError } from '../github/describe-error.ts';
import { applyRemote, decideItems, webHostsFor, type ApplyOptions, type ApplyResult, type ItemChange } from './apply-issue.ts';
import { issueFromPullRequest, readRemoteIssue, type RemoteIssue } from './remote-issue.ts';
import { closingRefs } from './closing-refs.ts';
import {
  clearRepoErrors,
  copyLinkState,
  linkedIssueKeys,
  linkEtag,
  linksOfIssue,
  repoSyncState,
  saveEtag,
  saveRepoSyncState,
  setLinkError,
  setLinkEtag,
  storedEtag,
  syncTargets,
  type TargetLink,
} from './sync-store.ts';

export { applyIssue, type ApplyResult, type ItemChange } from './apply-issue.ts';

/** Issues per page: GitHub's largest. */
export const PER_PAGE = 100;
/** On a repository's first sync, `since` moves up only when the list took more pages than this. */
export const FIRST_SYNC_PAGES = 10;
/** Pages read from one repository at most (a guard against a list that never ends). */
const MAX_PAGES = 10_000;

export interface SyncOptions {
  /** The time stamped on what is written. */
  now: Date;
  /** Only these repositories (`owner/name`, any case). Default: every repository linked from a current item. */
  repos?: readonly string[] | null;
  /** Called after each page and each repository. Default: none. */
  onProgress?: (progress: SyncProgress) => void;
  /** Hosts whose issue URLs count in `Fixes https://…` references. Default: `github.com` and each pull request's own host. */
  webHosts?: readonly string[];
}

export interface SyncProgress {
  /** The repository being read. */
  repo: string;
  /** Repositories finished, of `total`. */
  done: number;
  total: number;
  /** Pages of `repo` read so far. */
  pages: number;
}

/** Something that could not be synced: a repository (no `number`) or one issue. */
export interface SyncFailure {
  repo: string;
  number?: number;
  message: string;
}

export interface SyncReport {
  /** Repositories synced (or tried). */
  repos: number;
  /** Issue and pull request links of current items. */
  links: number;
  /** Requests sent (retries not counted). */
  requests: number;
  /** Of them, answered 304 Not Modified (free of rate limit). */
  notModified: number;
  /** Links whose state changed, pull request links found closing a linked issue included. */
  linksUpdated: number;
  /** Links that could not be synced. */
  linksFailed: number;
  /** Items whose status changed, in the order they changed. */
  itemsChanged: ItemChange[];
  failures: SyncFailure[];
}

/** What one sync run carries from repository to repository. */
interface Run {
  database: Database;
  client: Octokit;
  now: string;
  report: SyncReport;
  apply: ApplyOptions;
  /** `owner/name#12` (lower case) of every issue or pull request linked anywhere: the ones worth applying. */
  linked: Set<string>;
  changes: Map<number, ItemChange>;
  failedLinks: Set<number>;
  /** Set after a rate limit: nothing more is asked. */
  halted: string | null;
  onProgress: SyncOptions['onProgress'];
  done: number;
  total: number;
}

/**
 * Syncs the linked issues and pull requests of current items from GitHub through `client` (from
 * `createGitHubClient`). Never throws for GitHub's failures: they are in the report (and on the links).
 */
export async function syncIssues(database: Database, client: Octokit, options: SyncOptions): Promise<SyncReport> {
  const targets = syncTargets(database, options.repos ?? null);
  const groups = new Map<string, { repo: string; links: TargetLink[] }>();
  for (const link of targets) {
    const key = link.repo.toLowerCase();
    const group = groups.get(key) ?? { repo: link.repo, links: [] };
    group.links.push(link);
    groups.set(key, group);
  }
  const report: SyncReport = { repos: groups.size, links: targets.length, requests: 0, notModified: 0, linksUpdated: 0, linksFailed: 0, itemsChanged: [], failures: [] };
  const run: Run = {
    database,
    client,
    now: options.now.toISOString(),
    report,
    apply: options.webHosts ? { webHosts: options.webHosts } : {},
    linked: linkedIssueKeys(database),
    changes: new Map(),
    failedLinks: new Set(),
    halted: null,
    onProgress: options.onProgress,
    done: 0,
    total: groups.size,
  };
  for (const { repo, links } of groups.values()) {
    if (run.halted !== null) {
      failRepo(run, repo, links, `not synced: ${run.halted}`, false);
    } else {
      await syncRepo(run, repo, links);
    }
    run.done += 1;
    run.onProgress?.({ repo, done: run.done, total: run.total, pages: 0 });
  }
  report.itemsChanged = [...run.changes.values()].filter((change) => change.from !== change.to);
  report.linksFailed = run.failedLinks.size;
  return report;
}

/** One page of the list as read: its issues (null for 304), whether another page follows, and what to store for it. */
interface PageAnswer {
  items: unknown[] | null;
  hasNext: boolean;
  /** The request URL and the answer's ETag (null for a 304, or without one). */
  url: string;
  etag: string | null;
}

async function syncRepo(run: Run, repo: string, links: readonly TargetLink[]): Promise<void> {
  const { database } = run;
  const [owner, name] = repo.split('/') as [string, string];
  const state = repoSyncState(database, repo);
  const numbers = new Set(links.map((link) => link.number));
  const listed = new Set<number>();
  let newest: string | null = null;
  let changed = false;
  let unsure = false;
  let pages = 0;
  try {
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const answer = await readPage(run, owner, name, state.issuesSince, page);
      pages += 1;
      if (answer.items !== null) {
        changed = true;
        // The page and its ETag are stored together: a 304 later means exactly this was applied.
        database.sqlite.transaction(() => {
          let complete = true;
          for (const item of answer.items!) {
            const remote = readRemoteIssue(repo, item);
            if (typeof remote === 'string') {
              complete = false;
              run.report.failures.push({ repo, message: `an issue in the list could not be read: ${remote}` });
              continue;
            }
            if (listed.has(remote.number)) unsure = true;
            listed.add(remote.number);
            if (newest === null || Date.parse(remote.updatedAt) > Date.parse(newest)) newest = remote.updatedAt;
            if (numbers.has(remote.number) || worthApplying(run, remote)) {
              record(run, applyRemote(database, remote, run.now, run.apply));
            }
          }
          // A page with an issue that could not be read is asked for in full again next time.
          if (!complete) unsure = true;
          else if (answer.etag !== null) saveEtag(database, answer.url, answer.etag, run.now);
        })();
      }
      run.onProgress?.({ repo, done: run.done, total: run.total, pages });
      if (!answer.hasNext || (answer.items !== null && answer.items.length === 0)) break;
    }
  } catch (error) {
    if (statusOf(error) === 410) {
      await syncPullsOneByOne(run, repo, links, describeGitHubError(error));
      return;
    }
    failRepo(run, repo, links, describeGitHubError(error), true);
    if (isRateLimit(error)) run.halted = describeGitHubError(error).replace(/^[A-Z]+ \S+: /, '');
    return;
  }

  const unread = links.filter((link) => link.syncedAt === null && !listed.has(link.number));
  await readUnlisted(run, repo, unread);

  let since = state.issuesSince;
  const worthMoving = pages > 1 && (state.syncedAt !== null || pages > FIRST_SYNC_PAGES);
  if (changed && !unsure && newest !== null && newest !== since && worthMoving && run.halted === null) {
    try {
      // Read the new window's first page once: its ETag makes the next sync's first request free if nothing changed.
      await readPage(run, owner, name, newest, 1, true);
      since = newest;
    } catch {
      // The window stays where it was; nothing is lost, the next sync reads a little more.
    }
  }
  database.sqlite.transaction(() => {
    saveRepoSyncState(database, repo, { issuesSince: since, syncedAt: run.now, error: null });
    clearRepoErrors(database, repo, state.error);
  })();
}

/**
 * Reads page `page` of `repo`'s issues list updated since `since`, conditionally (with the ETag stored for its URL).
 * `prime`: the new window's first page, applied (issues already applied: nothing changes) and its ETag stored here.
 */
async function readPage(run: Run, owner: string, name: string, since: string | null, page: number, prime = false): Promise<PageAnswer> {
  const route = 'GET /repos/{owner}/{repo}/issues';
  const params = (n: number) => ({
    owner,
    repo: name,
    state: 'all' as const,
    sort: 'updated' as const,
    direction: 'asc' as const,
    per_page: PER_PAGE,
    ...(since === null ? {} : { since }),
    ...(n > 1 ? { page: n } : {}),
  });
  const url = run.client.request.endpoint(route, params(page)).url;
  const etag = storedEtag(run.database, url);
  run.report.requests += 1;
  try {
    const response = await run.client.request(route, { ...params(page), ...(etag ? { headers: { 'if-none-match': etag } } : {}) });
    if (!Array.isArray(response.data)) throw new Error(`GET /repos/${owner}/${name}/issues: the answer is not a list`);
    const items = response.data as unknown[];
    const newEtag = headerText(response.headers.etag);
    if (prime) {
      run.database.sqlite.transaction(() => {
        for (const item of items) {
          const remote = readRemoteIssue(`${owner}/${name}`, item);
          if (typeof remote !== 'string') record(run, applyRemote(run.database, remote, run.now, run.apply));
        }
        if (newEtag) saveEtag(run.database, url, newEtag, run.now);
      })();
    }
    return { items, hasNext: hasNextLink(response.headers.link), url, etag: newEtag };
  } catch (error) {
    if (statusOf(error) !== 304) throw error;
    run.report.notModified += 1;
    const link = headerText((error as { response?: { headers?: Record<string, unknown> } }).response?.headers?.link);
    // Without a Link header on the 304, the next page exists if it did when this one was read.
    const hasNext = link !== null ? hasNextLink(link) : storedEtag(run.database, run.client.request.endpoint(route, params(page + 1)).url) !== null;
    return { items: null, hasNext, url, etag: null };
  }
}

/**
 * Never-synced links the list did not show: another synced link to the same issue lends its state; else the issue
 * is read on its own (a 404 or 410 is recorded on the link, which is then not asked for again: the list shows the
 * issue if it ever appears).
 */
async function readUnlisted(run: Run, repo: string, unread: readonly TargetLink[]): Promise<void> {
  const { database } = run;
  const byNumber = new Map<number, TargetLink[]>();
  for (const link of unread) byNumber.set(link.number, [...(byNumber.get(link.number) ?? []), link]);
  const [owner, name] = repo.split('/') as [string, string];
  for (const [number, group] of byNumber) {
    if (run.halted !== null) {
      failLinks(run, repo, number, group, `not synced: ${run.halted}`);
      continue;
    }
    if (lendState(run, repo, number, group)) continue;
    run.report.requests += 1;
    try {
      const response = await run.client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo: name, issue_number: number });
      const remote = readRemoteIssue(repo, response.data);
      if (typeof remote === 'string') {
        failLinks(run, repo, number, group, `the issue could not be read: ${remote}`);
      } else if (movedAway(remote, repo, number)) {
        // GitHub redirects a transferred issue to its new place: that is another issue, not this link's.
        recordGone(run, repo, number, group, `transferred to ${remote.htmlUrl ?? `#${remote.number}`}`);
      } else {
        record(run, database.sqlite.transaction(() => applyRemote(database, remote, run.now, run.apply))());
      }
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410) {
        recordGone(run, repo, number, group, status === 404 ? 'not found' : 'deleted');
      } else {
        failLinks(run, repo, number, group, describeGitHubError(error));
        if (isRateLimit(error)) run.halted = describeGitHubError(error).replace(/^[A-Z]+ \S+: /, '');
      }
    }
  }
}

/** Records a definite answer that `repo#number` is not there (`synced_at` stamped: it is not asked for again; the list shows it if it appears). */
function recordGone(run: Run, repo: string, number: number, group: readonly TargetLink[], message: string): void {
  run.database.sqlite.transaction(() => {
    for (const link of group) setLinkError(run.database, link.id, message, run.now);
  })();
  for (const link of group) run.failedLinks.add(link.id);
  run.report.failures.push({ repo, number, message });
}

/** Copies the state of a synced link to the same issue onto `group`; whether there was one. */
function lendState(run: Run, repo: string, number: number, group: readonly TargetLink[]): boolean {
  const { database } = run;
  const source = linksOfIssue(database, repo, number).find((link) => link.state !== null && link.remoteUpdatedAt !== null && link.syncError === null);
  if (!source) return false;
  const changes = database.sqlite.transaction(() => {
    for (const link of group) copyLinkState(database, source.id, link.id, run.now);
    return decideItems(database, [...new Set(group.map((link) => link.itemId))], run.now);
  })();
  run.report.linksUpdated += group.length;
  for (const change of changes) noteChange(run, change);
  return true;
}

/**
 * A repository whose issues are turned off (410) still has pull requests: each linked one is read on its own
 * (conditionally, with the link's ETag); issue links are recorded as failed with `message`.
 */
async function syncPullsOneByOne(run: Run, repo: string, links: readonly TargetLink[], message: string): Promise<void> {
  const { database } = run;
  const [owner, name] = repo.split('/') as [string, string];
  const issues = links.filter((link) => link.kind === 'issue');
  if (issues.length > 0) failRepo(run, repo, issues, message, true);
  const byNumber = new Map<number, TargetLink[]>();
  for (const link of links.filter((l) => l.kind === 'pull')) byNumber.set(link.number, [...(byNumber.get(link.number) ?? []), link]);
  let failed = issues.length > 0;
  for (const [number, group] of byNumber) {
    if (run.halted !== null) {
      failLinks(run, repo, number, group, `not synced: ${run.halted}`);
      continue;
    }
    const etag = linkEtag(database, group[0]!.id);
    run.report.requests += 1;
    try {
      const response = await run.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner,
        repo: name,
        pull_number: number,
        ...(etag && group.every((link) => link.syncedAt !== null) ? { headers: { 'if-none-match': etag } } : {}),
      });
      const remote = readRemoteIssue(repo, issueFromPullRequest(response.data as unknown as Record<string, unknown>));
      if (typeof remote === 'string' || movedAway(remote, repo, number)) {
        failLinks(run, repo, number, group, typeof remote === 'string' ? `the pull request could not be read: ${remote}` : `moved to ${remote.htmlUrl}`);
        failed = true;
        continue;
      }
      record(
        run,
        database.sqlite.transaction(() => {
          setLinkEtag(database, group.map((link) => link.id), headerText(response.headers.etag));
          return applyRemote(database, remote, run.now, run.apply);
        })(),
      );
    } catch (error) {
      if (statusOf(error) === 304) {
        run.report.notModified += 1;
        continue;
      }
      failed = true;
      failLinks(run, repo, number, group, statusOf(error) === 404 ? 'not found' : describeGitHubError(error));
      if (isRateLimit(error)) run.halted = describeGitHubError(error).replace(/^[A-Z]+ \S+: /, '');
    }
  }
  const state = repoSyncState(database, repo);
  saveRepoSyncState(database, repo, { issuesSince: state.issuesSince, syncedAt: failed ? state.syncedAt : run.now, error: failed ? message : null });
}

/** Whether an issue no item of this repository links is worth applying: linked elsewhere, or a pull request closing a linked issue. */
function worthApplying(run: Run, remote: RemoteIssue): boolean {
  if (run.linked.has(`${remote.repo.toLowerCase()}#${remote.number}`)) return true;
  if (remote.kind !== 'pull') return false;
  const refs = closingRefs([remote.title ?? '', remote.body ?? ''].join('\n'), remote.repo, webHostsFor(remote, run.apply));
  return refs.some((ref) => run.linked.has(`${ref.repo.toLowerCase()}#${ref.number}`));
}

/** Records a repository that could not be read: the report, its sync state (`recordState`) and its links. */
function failRepo(run: Run, repo: string, links: readonly TargetLink[], message: string, recordState: boolean): void {
  const { database } = run;
  run.report.failures.push({ repo, message });
  database.sqlite.transaction(() => {
    if (recordState) {
      const state = repoSyncState(database, repo);
      saveRepoSyncState(database, repo, { ...state, error: message });
    }
    for (const link of links) setLinkError(database, link.id, message);
  })();
  for (const link of links) run.failedLinks.add(link.id);
}

function failLinks(run: Run, repo: string, number: number, links: readonly TargetLink[], message: string): void {
  run.database.sqlite.transaction(() => {
    for (const link of links) setLinkError(run.database, link.id, message);
  })();
  for (const link of links) run.failedLinks.add(link.id);
  run.report.failures.push({ repo, number, message });
}

function record(run: Run, result: ApplyResult): void {
  run.report.linksUpdated += result.updated + result.pullLinksAdded;
  for (const change of result.itemsChanged) noteChange(run, change);
}

/** Keeps the first `from` and the last `to` of an item that changed more than once in a run. */
function noteChange(run: Run, change: ItemChange): void {
  const earlier = run.changes.get(change.itemId);
  run.changes.delete(change.itemId);
  run.changes.set(change.itemId, { itemId: change.itemId, from: earlier?.from ?? change.from, to: change.to });
}

/**
 * One line about a sync: `12 links in 3 repositories: 5 updated, 4 unchanged (304), 2 items changed status;
 * 18 requests`, with `N failed` after the unchanged ones when some failed, and `(304)` when GitHub answered
 * "not modified" to any request.
 */
export function formatSyncReport(report: SyncReport): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const unchanged = Math.max(0, report.links - report.linksUpdated - report.linksFailed);
  const parts = [`${report.linksUpdated} updated`, `${unchanged} unchanged${report.notModified > 0 ? ' (304)' : ''}`];
  if (report.linksFailed > 0 || report.failures.length > 0) parts.push(`${report.linksFailed} failed`);
  parts.push(`${plural(report.itemsChanged.length, 'item', 'items')} changed status`);
  return `${plural(report.links, 'link', 'links')} in ${plural(report.repos, 'repository', 'repositories')}: ${parts.join(', ')}; ${plural(report.requests, 'request', 'requests')}`;
}

/** Whether a single read of `repo#number` answered with another issue (a transferred one, after GitHub's redirect). */
function movedAway(remote: RemoteIssue, repo: string, number: number): boolean {
  if (remote.number !== number) return true;
  if (remote.htmlUrl === null) return false;
  try {
    const [owner, name] = new URL(remote.htmlUrl).pathname.split('/').filter(Boolean);
    return `${owner}/${name}`.toLowerCase() !== repo.toLowerCase();
  } catch {
    return false;
  }
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** A primary or secondary rate limit the client gave up waiting for: asking again now would only fail again. */
function isRateLimit(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return false;
  const response = (error as { response?: { headers?: Record<string, unknown>; data?: unknown } }).response;
  if (String(response?.headers?.['x-ratelimit-remaining']) === '0') return true;
  const message = (response?.data as { message?: unknown } | undefined)?.message;
  return status === 429 || (typeof message === 'string' && /\bsecondary rate\b/i.test(message));
}

function hasNextLink(link: unknown): boolean {
  const text = headerText(link);
  return text !== null && /<[^>]*>;\s*rel="next"/.test(text);
}

function headerText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
