/**
 * One issue or pull request as GitHub describes it (a page of the issues list, a single read, a webhook) applied to
 * the links that point at it, and the items of those links decided again. Never goes back in time: a description
 * older than the one stored (GitHub's `updated_at`) changes nothing. A pull request whose title or description
 * closes a linked issue (`Fixes #12`, see `closing-refs.ts`) is linked to that issue's items (source `github`), so
 * they are in progress while it is open and done once it is merged; the link goes when the reference does.
 */
import type { Database } from '../db/connection.ts';
import type { ActionItemStatus } from '../db/schema.ts';
import { closingRefs } from './closing-refs.ts';
import { decideItem, type ItemDecision } from './item-decision.ts';
import { readRemoteIssue, type RemoteIssue } from './remote-issue.ts';
import {
  decisionLinks,
  deleteLink,
  factsOf,
  insertPullLink,
  itemFacts,
  itemsLinkingIssue,
  linksOfIssue,
  pullLinksFound,
  remoteColumns,
  setLinkError,
  touchLink,
  writeDecision,
  writeRemote,
  type StoredLink,
} from './sync-store.ts';

/** An item whose status changed. */
export interface ItemChange {
  itemId: number;
  from: ActionItemStatus;
  to: ActionItemStatus;
}

/** What applying one issue did. */
export interface ApplyResult {
  /** Why the payload was not applied (not an issue object), else null. */
  problem: string | null;
  /** `owner/name#12`. */
  issue: string;
  /** Links pointing at the issue (0: nothing here is linked to it). */
  links: number;
  /** Links whose stored state changed. */
  updated: number;
  /** Links left alone because what they hold is newer than the payload. */
  stale: number;
  /** Pull request links added to (and removed from) items because the pull request closes (no longer closes) their issue. */
  pullLinksAdded: number;
  pullLinksRemoved: number;
  /** Items whose status changed (archived items are decided again too, but not listed). */
  itemsChanged: ItemChange[];
}

export interface ApplyOptions {
  /** Hosts whose issue URLs count in closing references. Default: `github.com` and the host of the pull request's own URL. */
  webHosts?: readonly string[];
}

/** The hosts whose issue URLs a pull request's closing references may use (see `ApplyOptions.webHosts`). */
export function webHostsFor(remote: RemoteIssue, options: ApplyOptions): readonly string[] {
  if (options.webHosts) return options.webHosts;
  let own: string | null = null;
  try {
    own = remote.htmlUrl ? new URL(remote.htmlUrl).host : null;
  } catch {
    own = null;
  }
  return own && own !== 'github.com' ? ['github.com', own] : ['github.com'];
}

/**
 * Applies `payload` (an issue object of `repo`, `owner/name`; a pull request in the issues API's shape, see
 * `issueFromPullRequest`) in one transaction; `now` stamps what is written. Never throws for a bad payload: it
 * comes back as `problem`.
 */
export function applyIssue(database: Database, repo: string, payload: unknown, now: Date | string, options: ApplyOptions = {}): ApplyResult {
  const remote = readRemoteIssue(repo, payload);
  if (typeof remote === 'string') return { ...emptyResult(repo), problem: remote };
  const at = typeof now === 'string' ? now : now.toISOString();
  return database.sqlite.transaction(() => applyRemote(database, remote, at, options))();
}

/** `applyIssue` for an issue already read; the caller holds the transaction. */
export function applyRemote(database: Database, remote: RemoteIssue, now: string, options: ApplyOptions = {}): ApplyResult {
  const result: ApplyResult = { ...emptyResult(`${remote.repo}#${remote.number}`) };
  const affected = new Set<number>();
  const links = linksOfIssue(database, remote.repo, remote.number);
  result.links = links.length;
  const newer = links.some((link) => link.remoteUpdatedAt !== null && Date.parse(remote.updatedAt) < Date.parse(link.remoteUpdatedAt));
  for (const link of links) {
    if (link.remoteUpdatedAt !== null && Date.parse(remote.updatedAt) < Date.parse(link.remoteUpdatedAt)) {
      result.stale += 1;
    } else if (sameAsStored(link, remote)) {
      if (link.syncedAt === null || link.syncError !== null) touchLink(database, link.id, now);
    } else {
      writeRemote(database, link.id, remote, now);
      result.updated += 1;
      affected.add(link.itemId);
    }
  }
  // An older description of a pull request must not take back a link a newer one made.
  if (remote.kind === 'pull' && !newer) linkClosingPull(database, remote, links, now, options, result, affected);
  result.itemsChanged = decideItems(database, [...affected], now);
  return result;
}

/** Whether any item links issue or pull request `number` of `repo`. */
export function isLinked(database: Database, repo: string, number: number): boolean {
  return linksOfIssue(database, repo, number).length > 0;
}

/**
 * Records on every link to issue `number` of `repo` that it is gone from there (`message`: `deleted on GitHub`,
 * `transferred to o/r#3`); what the links last said, and so the items' status, stays. The number of links.
 */
export function markIssueGone(database: Database, repo: string, number: number, message: string, now: Date | string): number {
  const at = typeof now === 'string' ? now : now.toISOString();
  return database.sqlite.transaction(() => {
    const links = linksOfIssue(database, repo, number);
    for (const link of links) if (link.syncError !== message) setLinkError(database, link.id, message, at);
    return links.length;
  })();
}

/** Links `remote` (a pull request) to the items of the issues it closes, and unlinks it from items whose issue it no longer names. */
function linkClosingPull(
  database: Database,
  remote: RemoteIssue,
  links: readonly StoredLink[],
  now: string,
  options: ApplyOptions,
  result: ApplyResult,
  affected: Set<number>,
): void {
  const wanted = new Set<number>();
  for (const ref of closingRefs([remote.title ?? '', remote.body ?? ''].join('\n'), remote.repo, webHostsFor(remote, options))) {
    for (const itemId of itemsLinkingIssue(database, ref.repo, ref.number)) wanted.add(itemId);
  }
  const linkedAlready = new Set(links.filter((link) => link.source !== 'github').map((link) => link.itemId));
  const found = pullLinksFound(database, remote.repo, remote.number);
  const foundItems = new Set(found.map((link) => link.itemId));
  const url = remote.htmlUrl ?? `https://github.com/${remote.repo}/pull/${remote.number}`;
  for (const itemId of wanted) {
    if (foundItems.has(itemId) || linkedAlready.has(itemId)) continue;
    if (insertPullLink(database, itemId, url, remote, now)) {
      result.pullLinksAdded += 1;
      affected.add(itemId);
    }
  }
  for (const link of found) {
    if (wanted.has(link.itemId)) continue;
    deleteLink(database, link.id);
    result.pullLinksRemoved += 1;
    affected.add(link.itemId);
  }
}

/**
 * Decides items `ids` again from their stored facts and links, writing those whose decision changed; the current
 * (not archived) items whose status changed, in `ids` order. The caller holds the transaction.
 */
export function decideItems(database: Database, ids: readonly number[], now: string): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const id of ids) {
    const stored = itemFacts(database, id);
    if (!stored) continue;
    const decision = decideItem(factsOf(stored), decisionLinks(database, id), now);
    if (!differs(stored, decision)) continue;
    writeDecision(database, id, decision, now);
    if (decision.status !== stored.status && !stored.archived) changes.push({ itemId: id, from: stored.status, to: decision.status });
  }
  return changes;
}

function differs(stored: ItemDecision, decision: ItemDecision): boolean {
  return (Object.keys(decision) as (keyof ItemDecision)[]).some((key) => stored[key] !== decision[key]);
}

function sameAsStored(link: StoredLink, remote: RemoteIssue): boolean {
  const columns = remoteColumns(remote);
  return (
    link.kind === columns.kind &&
    link.state === columns.state &&
    link.stateReason === columns.stateReason &&
    link.title === columns.title &&
    link.assignees === columns.assignees &&
    link.labels === columns.labels &&
    link.dueOn === columns.dueOn &&
    link.mergedAt === columns.mergedAt &&
    link.remoteUpdatedAt === columns.remoteUpdatedAt
  );
}

function emptyResult(issue: string): ApplyResult {
  return { problem: null, issue, links: 0, updated: 0, stale: 0, pullLinksAdded: 0, pullLinksRemoved: 0, itemsChanged: [] };
}
