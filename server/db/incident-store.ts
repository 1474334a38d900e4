/**
 * Queries the ingest uses to keep incidents in step with their files: reading file states, writing one
 * incident's parse (incident row, tags, timeline, action items, links, search row) and marking incidents removed.
 * Queries only: deciding what to write is `server/ingest`'s job. Callers wrap writes in a transaction.
 *
 * This is the ingest's hot path (10,000 files in one run), so it uses better-sqlite3 statements prepared once per
 * connection rather than building each query through drizzle; the table and column names are the schema's.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ActionItemStatus, StatusSource, StoredParse } from './schema.ts';
import type { DB } from './connection.ts';
import type { Link, Milestones, TimelineEntry, TimezoneSource } from '../domain/postmortem.ts';

/** What the ingest needs to know about a stored file to decide whether to read it again. */
export interface FileState {
  id: number;
  slug: string;
  sourcePath: string;
  fileHash: string | null;
  parseKey: string | null;
  error: string | null;
  removedAt: string | null;
}

const FILE_STATE = `select id, slug, source_path as sourcePath, file_hash as fileHash, parse_key as parseKey, error,
  removed_at as removedAt from incidents`;

const INCIDENT_CONTENT_COLUMNS = [
  'title',
  'date',
  'timezone',
  'timezone_source',
  'declared_timezone',
  'summary',
  'severity',
  'started_at',
  'detected_at',
  'declared_at',
  'mitigated_at',
  'resolved_at',
  'detect_seconds',
  'resolve_seconds',
  'milestones',
  'parsed',
  'markdown',
] as const;

/** The statements of one connection, prepared on first use. */
function statements(sqlite: BetterSqlite3.Database) {
  const prepare = (source: string) => sqlite.prepare(source);
  return {
    allStates: prepare(FILE_STATE),
    stateByPath: prepare(`${FILE_STATE} where source_path = ?`),
    statesUnder: prepare(`${FILE_STATE} where source_path like ? escape '\\' and removed_at is null`),
    statesWithHash: prepare(`${FILE_STATE} where file_hash = ? and source_path <> ?`),
    allSlugs: prepare('select slug from incidents union all select slug from incident_slug_aliases'),
    slugTaken: prepare(
      'select exists(select 1 from incidents where slug = @slug) or exists(select 1 from incident_slug_aliases where slug = @slug) as taken',
    ),
    insertIncident: prepare(
      `insert into incidents (slug, source_path, file_hash, parse_key, error, error_at, created_at, updated_at)
       values (@slug, @sourcePath, @fileHash, @parseKey, @error, @errorAt, @now, @now)`,
    ),
    insertIncidentWithContent: prepare(
      `insert into incidents (slug, source_path, file_hash, parse_key, created_at, updated_at, ${INCIDENT_CONTENT_COLUMNS.join(', ')})
       values (@slug, @sourcePath, @fileHash, @parseKey, @now, @now, ${INCIDENT_CONTENT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    updateContent: prepare(
      `update incidents set ${INCIDENT_CONTENT_COLUMNS.map((c) => `${c} = @${c}`).join(', ')},
       file_hash = @fileHash, parse_key = @parseKey, error = null, error_at = null, removed_at = null, updated_at = @now
       where id = @id`,
    ),
    recordError: prepare('update incidents set file_hash = ?, parse_key = ?, error = ?, error_at = ?, removed_at = null where id = ?'),
    addAlias: prepare('insert into incident_slug_aliases (slug, incident_id) values (?, ?) on conflict do nothing'),
    dropAlias: prepare('delete from incident_slug_aliases where slug = ?'),
    move: prepare('update incidents set source_path = ?, slug = ?, removed_at = null where id = ?'),
    markRemoved: prepare('update incidents set removed_at = ? where id = ? and removed_at is null'),
    deleteTags: prepare('delete from incident_tags where incident_id = ?'),
    insertTag: prepare('insert into incident_tags (incident_id, tag) values (?, ?) on conflict do nothing'),
    deleteTimeline: prepare('delete from timeline_entries where incident_id = ?'),
    insertEntry: prepare(
      `insert into timeline_entries (incident_id, position, date, time, end_time, at, timezone, approximate, text, kind, line)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    itemsOf: prepare(
      `select id, text, "group", owner, due, position, done, status, status_source as statusSource, done_at as doneAt,
       archived_at as archivedAt from action_items where incident_id = ?`,
    ),
    refsOf: prepare(
      `select l.action_item_id as actionItemId, l.ref from action_item_links l join action_items i on i.id = l.action_item_id
       where i.incident_id = ?`,
    ),
    insertItem: prepare(
      `insert into action_items (incident_id, position, text, "group", done, owner, due, line, status, status_source, done_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'markdown', ?, ?, ?)`,
    ),
    updateItem: prepare(
      `update action_items set position = @position, text = @text, "group" = @group, done = @done, owner = @owner, due = @due,
       line = @line, status = @status, done_at = @doneAt, archived_at = null, updated_at = @now where id = @id`,
    ),
    archiveItem: prepare('update action_items set archived_at = ?, updated_at = ? where id = ? and archived_at is null'),
    markdownLinks: prepare("select id, ref from action_item_links where action_item_id = ? and source = 'markdown'"),
    deleteLink: prepare('delete from action_item_links where id = ?'),
    insertLink: prepare(
      `insert into action_item_links (action_item_id, source, ref, url, repo, number, kind)
       values (?, 'markdown', ?, ?, ?, ?, ?) on conflict (action_item_id, ref) do nothing`,
    ),
    deleteSearch: prepare('delete from incident_search where rowid = ?'),
    insertSearch: prepare('insert into incident_search (rowid, title, summary, timeline, action_items) values (?, ?, ?, ?, ?)'),
  };
}

type Statements = ReturnType<typeof statements>;
const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function sql(db: DB): Statements {
  let found = prepared.get(db.$client);
  if (!found) {
    found = statements(db.$client);
    prepared.set(db.$client, found);
  }
  return found;
}

/** Every stored incident's file state. */
export function allFileStates(db: DB): FileState[] {
  return sql(db).allStates.all() as FileState[];
}

/** The state of the incident stored for `sourcePath`, or null. */
export function fileStateByPath(db: DB, sourcePath: string): FileState | null {
  return (sql(db).stateByPath.get(sourcePath) as FileState | undefined) ?? null;
}

/** Active incidents whose file lies under the folder `prefix` (relative, `/`-separated). */
export function fileStatesUnder(db: DB, prefix: string): FileState[] {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql(db).statesUnder.all(`${escaped}/%`) as FileState[];
}

/** Incidents stored with this content hash, other than `sourcePath`: rename candidates. */
export function fileStatesWithHash(db: DB, hash: string, sourcePath: string): FileState[] {
  return sql(db).statesWithHash.all(hash, sourcePath) as FileState[];
}

/** Every slug in use: incidents' and old ones kept as aliases. */
export function allSlugs(db: DB): string[] {
  return sql(db).allSlugs.pluck().all() as string[];
}

/** Whether an incident or an alias already uses `slug`. */
export function slugTaken(db: DB, slug: string): boolean {
  return (sql(db).slugTaken.get({ slug }) as { taken: number }).taken === 1;
}

/** The columns of an incident derived from one parse. */
export interface IncidentContent {
  title: string | null;
  date: string | null;
  timezone: string | null;
  timezoneSource: TimezoneSource | null;
  declaredTimezone: string | null;
  summary: string | null;
  severity: string | null;
  startedAt: string | null;
  detectedAt: string | null;
  declaredAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  detectSeconds: number | null;
  resolveSeconds: number | null;
  milestones: Milestones;
  parsed: StoredParse;
  markdown: string;
}

/** Creates the incident row of a file that could not be read or parsed (no content, the error); returns its id. */
export function insertFailedIncident(
  db: DB,
  row: { slug: string; sourcePath: string; fileHash: string | null; parseKey: string; error: string; now: string },
): number {
  return Number(sql(db).insertIncident.run({ ...row, errorAt: row.now }).lastInsertRowid);
}

/** Creates an incident row with its content; returns its id. */
export function insertIncident(
  db: DB,
  row: { slug: string; sourcePath: string; fileHash: string; parseKey: string; now: string },
  content: IncidentContent,
): number {
  return Number(sql(db).insertIncidentWithContent.run({ ...row, ...contentParameters(content) }).lastInsertRowid);
}

/** Stores a good parse on an existing incident (clearing any error and any removal). */
export function updateIncidentContent(db: DB, id: number, fileHash: string, parseKey: string, content: IncidentContent, now: string): void {
  sql(db).updateContent.run({ id, fileHash, parseKey, now, ...contentParameters(content) });
}

/** The content columns as statement parameters (JSON columns serialized). */
function contentParameters(content: IncidentContent): Record<(typeof INCIDENT_CONTENT_COLUMNS)[number], string | number | null> {
  return {
    title: content.title,
    date: content.date,
    timezone: content.timezone,
    timezone_source: content.timezoneSource,
    declared_timezone: content.declaredTimezone,
    summary: content.summary,
    severity: content.severity,
    started_at: content.startedAt,
    detected_at: content.detectedAt,
    declared_at: content.declaredAt,
    mitigated_at: content.mitigatedAt,
    resolved_at: content.resolvedAt,
    detect_seconds: content.detectSeconds,
    resolve_seconds: content.resolveSeconds,
    milestones: JSON.stringify(content.milestones),
    parsed: JSON.stringify(content.parsed),
    markdown: content.markdown,
  };
}

/** Records that the current file could not be read or parsed; the last good parse stays. */
export function recordIncidentError(db: DB, id: number, fileHash: string | null, parseKey: string, error: string, now: string): void {
  sql(db).recordError.run(fileHash, parseKey, error, now, id);
}

/** Moves an incident to a new file: new path and slug, the old slug kept as an alias. */
export function moveIncident(db: DB, id: number, oldSlug: string, sourcePath: string, slug: string): void {
  const s = sql(db);
  if (oldSlug !== slug) {
    s.addAlias.run(oldSlug, id);
    s.dropAlias.run(slug);
  }
  s.move.run(sourcePath, slug, id);
}

/** Marks incidents removed (their file is gone); everything attached to them stays. */
export function markIncidentsRemoved(db: DB, ids: readonly number[], now: string): void {
  const s = sql(db);
  for (const id of ids) s.markRemoved.run(now, id);
}

/** Replaces the incident's tags. */
export function replaceTags(db: DB, incidentId: number, tags: readonly string[]): void {
  const s = sql(db);
  s.deleteTags.run(incidentId);
  for (const tag of tags) s.insertTag.run(incidentId, tag);
}

/** Replaces the incident's timeline (`isNew`: there is none to delete). */
export function replaceTimeline(db: DB, incidentId: number, entries: readonly TimelineEntry[], isNew = false): void {
  const s = sql(db);
  if (!isNew) s.deleteTimeline.run(incidentId);
  entries.forEach((e, position) =>
    s.insertEntry.run(incidentId, position, e.date, e.time, e.endTime, e.at, e.timezone, e.approximate ? 1 : 0, e.text, e.kind, e.line),
  );
}

/** A stored action item with the refs of its links, for matching. */
export interface StoredActionItem {
  id: number;
  text: string;
  group: string | null;
  owner: string | null;
  due: string | null;
  position: number;
  done: boolean | null;
  status: ActionItemStatus;
  statusSource: StatusSource;
  doneAt: string | null;
  archivedAt: string | null;
  refs: string[];
}

/** Every action item of the incident, archived ones included, with their link refs. */
export function actionItemsOf(db: DB, incidentId: number): StoredActionItem[] {
  const s = sql(db);
  const items = s.itemsOf.all(incidentId) as (Omit<StoredActionItem, 'refs' | 'done'> & { done: number | null })[];
  if (items.length === 0) return [];
  const refs = new Map<number, string[]>();
  for (const link of s.refsOf.all(incidentId) as { actionItemId: number; ref: string }[]) {
    refs.set(link.actionItemId, [...(refs.get(link.actionItemId) ?? []), link.ref]);
  }
  return items.map((item) => ({ ...item, done: item.done === null ? null : item.done === 1, refs: refs.get(item.id) ?? [] }));
}

/** The fields of an action item the markdown decides. */
export interface ActionItemContent {
  position: number;
  text: string;
  group: string | null;
  done: boolean | null;
  owner: string | null;
  due: string | null;
  line: number;
  status: ActionItemStatus;
  doneAt: string | null;
}

const itemRow = (content: ActionItemContent) => ({ ...content, done: content.done === null ? null : content.done ? 1 : 0 });

export function insertActionItem(db: DB, incidentId: number, content: ActionItemContent, now: string): number {
  const c = itemRow(content);
  const result = sql(db).insertItem.run(incidentId, c.position, c.text, c.group, c.done, c.owner, c.due, c.line, c.status, c.doneAt, now, now);
  return Number(result.lastInsertRowid);
}

export function updateActionItem(db: DB, id: number, content: ActionItemContent, now: string): void {
  sql(db).updateItem.run({ id, now, ...itemRow(content) });
}

/** Archives action items gone from the markdown; their links stay. */
export function archiveActionItems(db: DB, ids: readonly number[], now: string): void {
  const s = sql(db);
  for (const id of ids) s.archiveItem.run(now, now, id);
}

/** The ref a link is stored under: its URL, or `#12` for a bare reference. */
export function linkRef(link: Link): string {
  return link.url ?? `#${link.number ?? ''}`;
}

/**
 * Makes the item's markdown links exactly `links`: new ones added, ones no longer written removed; links added
 * through the service, and the sync state of links that stay, are untouched.
 */
export function syncMarkdownLinks(db: DB, actionItemId: number, links: readonly Link[], isNewItem = false): void {
  const s = sql(db);
  const refs = new Set(links.map(linkRef));
  if (!isNewItem) {
    for (const row of s.markdownLinks.all(actionItemId) as { id: number; ref: string }[]) {
      if (!refs.has(row.ref)) s.deleteLink.run(row.id);
    }
  }
  const written = new Set<string>();
  for (const link of links) {
    const ref = linkRef(link);
    if (written.has(ref)) continue;
    written.add(ref);
    s.insertLink.run(actionItemId, ref, link.url, link.repo, link.number, link.kind);
  }
}

/** The text the full-text index holds for an incident. */
export interface SearchText {
  title: string;
  summary: string;
  timeline: string;
  actionItems: string;
}

/** Replaces the incident's row in `incident_search`. */
export function replaceSearchRow(db: DB, incidentId: number, text: SearchText, isNew = false): void {
  const s = sql(db);
  if (!isNew) s.deleteSearch.run(incidentId);
  s.insertSearch.run(incidentId, text.title, text.summary, text.timeline, text.actionItems);
}

// ---------------------------------------------------------------------------------------------------------------
// What the GitHub sync decided about items, kept through re-ingest (see `server/actions/item-decision.ts`).

/** The columns of an action item that the markdown and its synced links decide together. */
export interface DecidedItemContent extends ActionItemContent {
  statusSource: StatusSource;
  statusConflict: string | null;
  ownerSource: 'markdown' | 'github' | null;
  dueSource: 'markdown' | 'github' | null;
}

/** What the sync wrote on an item, beyond `StoredActionItem`. */
export interface ItemSyncColumns {
  statusConflict: string | null;
  ownerSource: 'markdown' | 'github' | null;
  dueSource: 'markdown' | 'github' | null;
}

/** A link of an item with its synced state, as the decision reads it. */
export interface ItemLinkState {
  source: 'markdown' | 'service' | 'github';
  ref: string;
  kind: 'issue' | 'pull' | 'commit' | 'other';
  state: string | null;
  stateReason: string | null;
  repo: string | null;
  number: number | null;
  assignees: string[];
  dueOn: string | null;
}

const decidedStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The statement for `source` on `db`'s connection, prepared once. */
function decided(db: DB, source: string): BetterSqlite3.Statement {
  let cache = decidedStatements.get(db.$client);
  if (!cache) {
    cache = new Map();
    decidedStatements.set(db.$client, cache);
  }
  let found = cache.get(source);
  if (!found) {
    found = db.$client.prepare(source);
    cache.set(source, found);
  }
  return found;
}

/** The sync columns of every action item of the incident, by item id. */
export function itemSyncColumnsOf(db: DB, incidentId: number): Map<number, ItemSyncColumns> {
  const rows = decided(
    db,
    `select id, status_conflict as statusConflict, owner_source as ownerSource, due_source as dueSource from action_items where incident_id = ?`,
  ).all(incidentId) as (ItemSyncColumns & { id: number })[];
  return new Map(rows.map(({ id, ...columns }) => [id, columns]));
}

/** The links of the incident's action items with their synced state, by item id, in link order. */
export function itemLinkStatesOf(db: DB, incidentId: number): Map<number, ItemLinkState[]> {
  const rows = decided(
    db,
    `select l.action_item_id as itemId, l.source, l.ref, l.kind, l.state, l.state_reason as stateReason, l.repo, l.number, l.assignees,
       l.due_on as dueOn
     from action_item_links l join action_items i on i.id = l.action_item_id where i.incident_id = ? order by l.id`,
  ).all(incidentId) as (Omit<ItemLinkState, 'assignees'> & { itemId: number; assignees: string | null })[];
  const byItem = new Map<number, ItemLinkState[]>();
  for (const { itemId, assignees, ...link } of rows) {
    byItem.set(itemId, [...(byItem.get(itemId) ?? []), { ...link, assignees: parseLogins(assignees) }]);
  }
  return byItem;
}

const decidedRow = (content: DecidedItemContent) => itemRow(content);

/** Inserts an action item with every decided column; returns its id. */
export function insertDecidedActionItem(db: DB, incidentId: number, content: DecidedItemContent, now: string): number {
  const result = decided(
    db,
    `insert into action_items (incident_id, position, text, "group", done, owner, due, line, status, status_source, status_conflict,
       owner_source, due_source, done_at, created_at, updated_at)
     values (@incidentId, @position, @text, @group, @done, @owner, @due, @line, @status, @statusSource, @statusConflict, @ownerSource,
       @dueSource, @doneAt, @now, @now)`,
  ).run({ incidentId, now, ...decidedRow(content) });
  return Number(result.lastInsertRowid);
}

/** Updates an action item with every decided column (and brings it back from the archive). */
export function updateDecidedActionItem(db: DB, id: number, content: DecidedItemContent, now: string): void {
  decided(
    db,
    `update action_items set position = @position, text = @text, "group" = @group, done = @done, owner = @owner, due = @due, line = @line,
       status = @status, status_source = @statusSource, status_conflict = @statusConflict, owner_source = @ownerSource,
       due_source = @dueSource, done_at = @doneAt, archived_at = null, updated_at = @now where id = @id`,
  ).run({ id, now, ...decidedRow(content) });
}

function parseLogins(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
