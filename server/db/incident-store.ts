/**
 * Queries the ingest uses to keep incidents in step with their files: reading file states, writing one
 * incident's parse (incident row, tags, timeline, action items, links, search row) and marking incidents removed.
 * Queries only: deciding what to write is `server/ingest`'s job. Callers wrap writes in a transaction.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ActionItemStatus, LinkSource } from './schema.ts';
import { actionItemLinks, actionItems, incidentSlugAliases, incidents, incidentTags, timelineEntries } from './schema.ts';
import type { DB } from './connection.ts';
import type { Link, Milestones, ParsedPostmortem, TimelineEntry, TimezoneSource } from '../domain/postmortem.ts';

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

const fileStateColumns = {
  id: incidents.id,
  slug: incidents.slug,
  sourcePath: incidents.sourcePath,
  fileHash: incidents.fileHash,
  parseKey: incidents.parseKey,
  error: incidents.error,
  removedAt: incidents.removedAt,
};

/** Every stored incident's file state. */
export function allFileStates(db: DB): FileState[] {
  return db.select(fileStateColumns).from(incidents).all();
}

/** The state of the incident stored for `sourcePath`, or null. */
export function fileStateByPath(db: DB, sourcePath: string): FileState | null {
  return db.select(fileStateColumns).from(incidents).where(eq(incidents.sourcePath, sourcePath)).get() ?? null;
}

/** Active incidents whose file lies under the folder `prefix` (relative, `/`-separated). */
export function fileStatesUnder(db: DB, prefix: string): FileState[] {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select(fileStateColumns)
    .from(incidents)
    .where(and(sql`${incidents.sourcePath} like ${`${escaped}/%`} escape '\\'`, isNull(incidents.removedAt)))
    .all();
}

/** Incidents stored with this content hash, other than `sourcePath`: rename candidates. */
export function fileStatesWithHash(db: DB, hash: string, sourcePath: string): FileState[] {
  return db
    .select(fileStateColumns)
    .from(incidents)
    .where(and(eq(incidents.fileHash, hash), sql`${incidents.sourcePath} <> ${sourcePath}`))
    .all();
}

/** Whether an incident or an alias already uses `slug`. */
export function slugTaken(db: DB, slug: string): boolean {
  const row = db.get<{ n: number }>(
    sql`select (select count(*) from ${incidents} where ${incidents.slug} = ${slug}) + (select count(*) from ${incidentSlugAliases} where ${incidentSlugAliases.slug} = ${slug}) as n`,
  );
  return (row?.n ?? 0) > 0;
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
  parsed: ParsedPostmortem;
  markdown: string;
}

/** Creates an incident row; returns its id. `content` is null for a file that has never parsed. */
export function insertIncident(
  db: DB,
  row: { slug: string; sourcePath: string; fileHash: string | null; parseKey: string; error: string | null; now: string },
  content: IncidentContent | null,
): number {
  const inserted = db
    .insert(incidents)
    .values({
      slug: row.slug,
      sourcePath: row.sourcePath,
      fileHash: row.fileHash,
      parseKey: row.parseKey,
      error: row.error,
      errorAt: row.error ? row.now : null,
      updatedAt: row.now,
      createdAt: row.now,
      ...content,
    })
    .returning({ id: incidents.id })
    .get();
  return inserted.id;
}

/** Stores a good parse on an existing incident (clearing any error and any removal). */
export function updateIncidentContent(db: DB, id: number, fileHash: string, parseKey: string, content: IncidentContent, now: string): void {
  db.update(incidents)
    .set({ ...content, fileHash, parseKey, error: null, errorAt: null, removedAt: null, updatedAt: now })
    .where(eq(incidents.id, id))
    .run();
}

/** Records that the current file could not be read or parsed; the last good parse stays. */
export function recordIncidentError(db: DB, id: number, fileHash: string | null, parseKey: string, error: string, now: string): void {
  db.update(incidents)
    .set({ fileHash, parseKey, error, errorAt: now, removedAt: null })
    .where(eq(incidents.id, id))
    .run();
}

/** Moves an incident to a new file: new path and slug, the old slug kept as an alias. */
export function moveIncident(db: DB, id: number, oldSlug: string, sourcePath: string, slug: string): void {
  if (oldSlug !== slug) {
    db.insert(incidentSlugAliases).values({ slug: oldSlug, incidentId: id }).onConflictDoNothing().run();
    db.delete(incidentSlugAliases).where(eq(incidentSlugAliases.slug, slug)).run();
  }
  db.update(incidents).set({ sourcePath, slug, removedAt: null }).where(eq(incidents.id, id)).run();
}

/** Marks incidents removed (their file is gone); everything attached to them stays. */
export function markIncidentsRemoved(db: DB, ids: readonly number[], now: string): void {
  for (let i = 0; i < ids.length; i += 500) {
    db.update(incidents)
      .set({ removedAt: now })
      .where(and(inArray(incidents.id, ids.slice(i, i + 500)), isNull(incidents.removedAt)))
      .run();
  }
}

/** Replaces the incident's tags. */
export function replaceTags(db: DB, incidentId: number, tags: readonly string[]): void {
  db.delete(incidentTags).where(eq(incidentTags.incidentId, incidentId)).run();
  if (tags.length > 0) db.insert(incidentTags).values(tags.map((tag) => ({ incidentId, tag }))).onConflictDoNothing().run();
}

/** Replaces the incident's timeline. */
export function replaceTimeline(db: DB, incidentId: number, entries: readonly TimelineEntry[]): void {
  db.delete(timelineEntries).where(eq(timelineEntries.incidentId, incidentId)).run();
  const rows = entries.map((entry, position) => ({ incidentId, position, ...entry }));
  for (let i = 0; i < rows.length; i += 500) db.insert(timelineEntries).values(rows.slice(i, i + 500)).run();
}

/** A stored action item with the refs of its links, for matching. */
export interface StoredActionItem {
  id: number;
  text: string;
  group: string | null;
  position: number;
  done: boolean | null;
  status: ActionItemStatus;
  statusSource: 'markdown' | 'github' | 'service';
  doneAt: string | null;
  archivedAt: string | null;
  refs: string[];
}

/** Every action item of the incident, archived ones included, with their link refs. */
export function actionItemsOf(db: DB, incidentId: number): StoredActionItem[] {
  const items = db
    .select({
      id: actionItems.id,
      text: actionItems.text,
      group: actionItems.group,
      position: actionItems.position,
      done: actionItems.done,
      status: actionItems.status,
      statusSource: actionItems.statusSource,
      doneAt: actionItems.doneAt,
      archivedAt: actionItems.archivedAt,
    })
    .from(actionItems)
    .where(eq(actionItems.incidentId, incidentId))
    .all();
  if (items.length === 0) return [];
  const links = db
    .select({ actionItemId: actionItemLinks.actionItemId, ref: actionItemLinks.ref })
    .from(actionItemLinks)
    .innerJoin(actionItems, eq(actionItems.id, actionItemLinks.actionItemId))
    .where(eq(actionItems.incidentId, incidentId))
    .all();
  const refs = new Map<number, string[]>();
  for (const link of links) refs.set(link.actionItemId, [...(refs.get(link.actionItemId) ?? []), link.ref]);
  return items.map((item) => ({ ...item, refs: refs.get(item.id) ?? [] }));
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

export function insertActionItem(db: DB, incidentId: number, content: ActionItemContent, now: string): number {
  return db
    .insert(actionItems)
    .values({ incidentId, ...content, statusSource: 'markdown', createdAt: now, updatedAt: now })
    .returning({ id: actionItems.id })
    .get().id;
}

export function updateActionItem(db: DB, id: number, content: ActionItemContent, now: string): void {
  db.update(actionItems).set({ ...content, archivedAt: null, updatedAt: now }).where(eq(actionItems.id, id)).run();
}

/** Archives action items gone from the markdown; their links stay. */
export function archiveActionItems(db: DB, ids: readonly number[], now: string): void {
  if (ids.length === 0) return;
  db.update(actionItems)
    .set({ archivedAt: now, updatedAt: now })
    .where(and(inArray(actionItems.id, [...ids]), isNull(actionItems.archivedAt)))
    .run();
}

/** The ref a link is stored under: its URL, or `#12` for a bare reference. */
export function linkRef(link: Link): string {
  return link.url ?? `#${link.number ?? ''}`;
}

/**
 * Makes the item's markdown links exactly `links`: new ones added, ones no longer written removed; links added
 * through the service, and the sync state of links that stay, are untouched.
 */
export function syncMarkdownLinks(db: DB, actionItemId: number, links: readonly Link[]): void {
  const source: LinkSource = 'markdown';
  const refs = [...new Set(links.map(linkRef))];
  const stale = db
    .select({ id: actionItemLinks.id, ref: actionItemLinks.ref })
    .from(actionItemLinks)
    .where(and(eq(actionItemLinks.actionItemId, actionItemId), eq(actionItemLinks.source, source)))
    .all()
    .filter((row) => !refs.includes(row.ref));
  if (stale.length > 0) db.delete(actionItemLinks).where(inArray(actionItemLinks.id, stale.map((row) => row.id))).run();
  const seen = new Set<string>();
  const rows = links
    .filter((link) => {
      const ref = linkRef(link);
      if (seen.has(ref)) return false;
      seen.add(ref);
      return true;
    })
    .map((link) => ({ actionItemId, source, ref: linkRef(link), url: link.url, repo: link.repo, number: link.number, kind: link.kind }));
  if (rows.length > 0) db.insert(actionItemLinks).values(rows).onConflictDoNothing().run();
}

/** The text the full-text index holds for an incident. */
export interface SearchText {
  title: string;
  summary: string;
  timeline: string;
  actionItems: string;
}

/** Replaces the incident's row in `incident_search`. */
export function replaceSearchRow(db: DB, incidentId: number, text: SearchText): void {
  db.run(sql`delete from incident_search where rowid = ${incidentId}`);
  db.run(
    sql`insert into incident_search (rowid, title, summary, timeline, action_items) values (${incidentId}, ${text.title}, ${text.summary}, ${text.timeline}, ${text.actionItems})`,
  );
}
