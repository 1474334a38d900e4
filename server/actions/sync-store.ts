/**
 * The queries of the GitHub issue sync: which links to sync, writing what GitHub said onto links, the item columns
 * the sync decides, the ETags of conditional requests and each repository's sync state. Queries only: what to
 * write is `sync-issues.ts`' and `apply-issue.ts`' job. Callers wrap writes in a transaction.
 *
 * Repositories are compared without case (`Example-Org/DataHub#14` and `example-org/datahub#14` are one issue,
 * as on GitHub); `github_sync_state` is keyed by the lower-cased `owner/name`.
 */
import type { Database } from '../db/connection.ts';
import { statement } from '../db/queries/statements.ts';
import type { ActionItemStatus, LinkSource, StatusSource } from '../db/schema.ts';
import type { DecisionLink, ItemDecision, ItemFacts } from './item-decision.ts';
import type { RemoteIssue } from './remote-issue.ts';

/** A link the sync reads GitHub for. */
export interface TargetLink {
  id: number;
  itemId: number;
  repo: string;
  number: number;
  kind: 'issue' | 'pull';
  state: string | null;
  syncedAt: string | null;
}

/**
 * Issue and pull request links of current (not archived) items, with a repository and a number; only those of
 * `repos` (any case) when given.
 */
export function syncTargets(database: Database, repos: readonly string[] | null = null): TargetLink[] {
  const rows = statement(
    database,
    `select l.id, l.action_item_id as itemId, l.repo, l.number, l.kind, l.state, l.synced_at as syncedAt
     from action_item_links l join action_items i on i.id = l.action_item_id
     where i.archived_at is null and l.repo is not null and l.number is not null and l.kind in ('issue', 'pull')
     order by l.id`,
  ).all() as TargetLink[];
  if (repos === null) return rows;
  const wanted = new Set(repos.map((repo) => repo.toLowerCase()));
  return rows.filter((row) => wanted.has(row.repo.toLowerCase()));
}

/** A stored link to an issue or pull request, with what the sync last wrote on it. */
export interface StoredLink {
  id: number;
  itemId: number;
  source: LinkSource;
  ref: string;
  kind: 'issue' | 'pull';
  state: string | null;
  stateReason: string | null;
  title: string | null;
  assignees: string | null;
  labels: string | null;
  dueOn: string | null;
  mergedAt: string | null;
  remoteUpdatedAt: string | null;
  syncedAt: string | null;
  syncError: string | null;
}

const LINK_COLUMNS = `id, action_item_id as itemId, source, ref, kind, state, state_reason as stateReason, title, assignees, labels,
  due_on as dueOn, merged_at as mergedAt, remote_updated_at as remoteUpdatedAt, synced_at as syncedAt, sync_error as syncError`;

/** Every link (of any item, archived ones too) to issue or pull request `number` of `repo`. */
export function linksOfIssue(database: Database, repo: string, number: number): StoredLink[] {
  return statement(
    database,
    `select ${LINK_COLUMNS} from action_item_links
     where number = ? and repo = ? collate nocase and kind in ('issue', 'pull') order by id`,
  ).all(number, repo) as StoredLink[];
}

/** The columns a remote issue sets on a link, as statement parameters. */
export function remoteColumns(remote: RemoteIssue) {
  return {
    kind: remote.kind,
    state: remote.state,
    stateReason: remote.stateReason,
    title: remote.title,
    assignees: JSON.stringify(remote.assignees),
    labels: JSON.stringify(remote.labels),
    dueOn: remote.dueOn,
    mergedAt: remote.mergedAt,
    remoteUpdatedAt: remote.updatedAt,
  };
}

/** Writes what GitHub says onto link `id`, clearing its error. */
export function writeRemote(database: Database, id: number, remote: RemoteIssue, now: string): void {
  statement(
    database,
    `update action_item_links set kind = @kind, state = @state, state_reason = @stateReason, title = @title, assignees = @assignees,
       labels = @labels, due_on = @dueOn, merged_at = @mergedAt, remote_updated_at = @remoteUpdatedAt, synced_at = @now,
       sync_error = null where id = @id`,
  ).run({ id, now, ...remoteColumns(remote) });
}

/** Copies what the sync wrote on link `fromId` (another link to the same issue) onto link `toId`. */
export function copyLinkState(database: Database, fromId: number, toId: number, now: string): void {
  statement(
    database,
    `update action_item_links set (kind, state, state_reason, title, assignees, labels, due_on, merged_at, remote_updated_at, synced_at, sync_error) =
       (select kind, state, state_reason, title, assignees, labels, due_on, merged_at, remote_updated_at, ?, null from action_item_links where id = ?)
     where id = ?`,
  ).run(now, fromId, toId);
}

/** `owner/name#12` (lower case) of every issue and pull request any item links, archived ones included. */
export function linkedIssueKeys(database: Database): Set<string> {
  const rows = statement(
    database,
    `select distinct lower(repo) || '#' || number from action_item_links
     where repo is not null and number is not null and kind in ('issue', 'pull')`,
  )
    .pluck()
    .all() as string[];
  return new Set(rows);
}

/** Marks link `id` read from GitHub at `now` with nothing new, clearing its error. */
export function touchLink(database: Database, id: number, now: string): void {
  statement(database, 'update action_item_links set synced_at = ?, sync_error = null where id = ?').run(now, id);
}

/** Records why link `id` could not be synced; with `now` (a definite answer such as a 404) it also stamps `synced_at`, so it is not asked for again. */
export function setLinkError(database: Database, id: number, message: string, now: string | null = null): void {
  if (now === null) statement(database, 'update action_item_links set sync_error = ? where id = ? and sync_error is not ?').run(message, id, message);
  else statement(database, 'update action_item_links set sync_error = ?, synced_at = ? where id = ?').run(message, now, id);
}

/**
 * Clears, on the links of `repo`, the errors of a repository-wide failure: `repoError` (the one recorded in its sync
 * state) and `not synced: …` (a sync that stopped before it). Errors about one issue (`not found`, `deleted on
 * GitHub`) stay.
 */
export function clearRepoErrors(database: Database, repo: string, repoError: string | null): void {
  statement(
    database,
    `update action_item_links set sync_error = null
     where repo = ? collate nocase and kind in ('issue', 'pull') and (sync_error = ? or sync_error like 'not synced: %')`,
  ).run(repo, repoError);
}

/** The ETag of link `id`'s last single read, or null. */
export function linkEtag(database: Database, id: number): string | null {
  return (statement(database, 'select etag from action_item_links where id = ?').pluck().get(id) as string | null | undefined) ?? null;
}

/** Stores the ETag of a single read of links `ids` (all to the same pull request). */
export function setLinkEtag(database: Database, ids: readonly number[], etag: string | null): void {
  const update = statement(database, 'update action_item_links set etag = ? where id = ? and etag is not ?');
  for (const id of ids) update.run(etag, id, etag);
}

/** Items having an issue link (any source but `github`) to `number` of `repo`: those a pull request closing it belongs to. */
export function itemsLinkingIssue(database: Database, repo: string, number: number): number[] {
  return statement(
    database,
    `select distinct action_item_id from action_item_links
     where number = ? and repo = ? collate nocase and kind = 'issue' and source <> 'github' order by action_item_id`,
  )
    .pluck()
    .all(number, repo) as number[];
}

/** The `github` links (pull requests found closing a linked issue) to pull request `number` of `repo`. */
export function pullLinksFound(database: Database, repo: string, number: number): { id: number; itemId: number }[] {
  return statement(
    database,
    `select id, action_item_id as itemId from action_item_links where number = ? and repo = ? collate nocase and source = 'github'`,
  ).all(number, repo) as { id: number; itemId: number }[];
}

/** Adds a `github` link to pull request `remote` on item `itemId` (nothing when the item already has its URL); whether it was added. */
export function insertPullLink(database: Database, itemId: number, ref: string, remote: RemoteIssue, now: string): boolean {
  const result = statement(
    database,
    `insert into action_item_links (action_item_id, source, ref, url, repo, number, kind, state, state_reason, title, assignees, labels,
       due_on, merged_at, remote_updated_at, synced_at)
     values (@itemId, 'github', @ref, @ref, @repo, @number, @kind, @state, @stateReason, @title, @assignees, @labels, @dueOn, @mergedAt,
       @remoteUpdatedAt, @now)
     on conflict (action_item_id, ref) do nothing`,
  ).run({ itemId, ref, repo: remote.repo, number: remote.number, now, ...remoteColumns(remote) });
  return result.changes > 0;
}

export function deleteLink(database: Database, id: number): void {
  statement(database, 'delete from action_item_links where id = ?').run(id);
}

/** A stored item with what the sync may change on it. */
export interface StoredItemFacts {
  id: number;
  archived: boolean;
  done: boolean | null;
  status: ActionItemStatus;
  statusSource: StatusSource;
  statusConflict: string | null;
  doneAt: string | null;
  owner: string | null;
  ownerSource: 'markdown' | 'github' | null;
  due: string | null;
  dueSource: 'markdown' | 'github' | null;
}

/** Item `id`, or null when there is none. */
export function itemFacts(database: Database, id: number): StoredItemFacts | null {
  const row = statement(
    database,
    `select id, archived_at is not null as archived, done, status, status_source as statusSource, status_conflict as statusConflict,
       done_at as doneAt, owner, owner_source as ownerSource, due, due_source as dueSource from action_items where id = ?`,
  ).get(id) as (Omit<StoredItemFacts, 'done' | 'archived'> & { done: number | null; archived: number }) | undefined;
  if (!row) return null;
  return { ...row, archived: row.archived === 1, done: row.done === null ? null : row.done === 1 };
}

/** `stored` as decision input: an owner or due date the sync put there is not the markdown's. */
export function factsOf(stored: StoredItemFacts): ItemFacts {
  return {
    done: stored.done,
    markdownOwner: stored.ownerSource === 'github' ? null : stored.owner,
    markdownDue: stored.dueSource === 'github' ? null : stored.due,
    status: stored.status,
    statusSource: stored.statusSource,
    statusConflict: stored.statusConflict,
    doneAt: stored.doneAt,
  };
}

/** The links of item `id` as the decision reads them, in link order. */
export function decisionLinks(database: Database, itemId: number): DecisionLink[] {
  const rows = statement(
    database,
    `select kind, state, state_reason as stateReason, repo, number, ref, assignees, due_on as dueOn
     from action_item_links where action_item_id = ? order by id`,
  ).all(itemId) as (Omit<DecisionLink, 'assignees'> & { assignees: string | null })[];
  return rows.map((row) => ({ ...row, assignees: parseList(row.assignees) }));
}

/** Writes `decision` on item `id` (status, sources, conflict, owner, due). */
export function writeDecision(database: Database, id: number, decision: ItemDecision, now: string): void {
  statement(
    database,
    `update action_items set status = @status, status_source = @statusSource, status_conflict = @statusConflict, done_at = @doneAt,
       owner = @owner, owner_source = @ownerSource, due = @due, due_source = @dueSource, updated_at = @now where id = @id`,
  ).run({ id, now, ...decision });
}

/** The ETag stored for `url` (a request URL with its query), or null. */
export function storedEtag(database: Database, url: string): string | null {
  return (statement(database, 'select etag from github_etags where url = ?').pluck().get(url) as string | undefined) ?? null;
}

/** Stores `etag` for `url` (unchanged rows are not rewritten). */
export function saveEtag(database: Database, url: string, etag: string, now: string): void {
  statement(
    database,
    `insert into github_etags (url, etag, fetched_at) values (?, ?, ?)
     on conflict (url) do update set etag = excluded.etag, fetched_at = excluded.fetched_at where etag is not excluded.etag`,
  ).run(url, etag, now);
}

export interface RepoSyncState {
  issuesSince: string | null;
  syncedAt: string | null;
  error: string | null;
}

/** The sync state of `repo`; all null before its first sync. */
export function repoSyncState(database: Database, repo: string): RepoSyncState {
  const row = statement(database, 'select issues_since as issuesSince, synced_at as syncedAt, error from github_sync_state where repo = ?').get(
    repo.toLowerCase(),
  ) as RepoSyncState | undefined;
  return row ?? { issuesSince: null, syncedAt: null, error: null };
}

/** Stores the sync state of `repo`. */
export function saveRepoSyncState(database: Database, repo: string, state: RepoSyncState): void {
  statement(
    database,
    `insert into github_sync_state (repo, issues_since, synced_at, error) values (@repo, @issuesSince, @syncedAt, @error)
     on conflict (repo) do update set issues_since = excluded.issues_since, synced_at = excluded.synced_at, error = excluded.error`,
  ).run({ repo: repo.toLowerCase(), ...state });
}

function parseList(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
