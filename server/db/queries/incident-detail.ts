/**
 * One incident, read in a few indexed queries for the detail view: its row (by slug or by a former slug), its
 * stored document (markdown and last good parse: large, so read only when not cached), its timeline, and its
 * action items with their links.
 */
import type { Diagnostic, Milestones, ParsedPostmortem, Section, TimelineEntry } from '../../domain/postmortem.ts';
import type { Database } from '../connection.ts';
import type { ActionItemContent } from '../incident-store.ts';
import type { ActionItemStatus, StatusSource } from '../schema.ts';
import { readLinks, type ActionItemLinkRow } from './item-links.ts';
import { linkStateOf, type LinkStateSummary } from '../../domain/link-state.ts';
import { statement } from './statements.ts';

/** The incident's own columns, without the large ones. */
export interface IncidentRow {
  id: number;
  slug: string;
  sourcePath: string;
  title: string | null;
  date: string | null;
  timezone: string | null;
  timezoneSource: string | null;
  declaredTimezone: string | null;
  summary: string | null;
  severity: string | null;
  tags: string[];
  detectSeconds: number | null;
  resolveSeconds: number | null;
  /** sha256 of the file last seen (with `id` and `updatedAt`: the key of anything derived from the document). */
  fileHash: string | null;
  error: string | null;
  errorAt: string | null;
  removedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The stored document: what changes only when the file does. */
export interface IncidentDocument {
  /** The markdown of the last good parse, or null when the file never parsed. */
  markdown: string | null;
  milestones: Milestones;
  sections: Section[];
  metadata: Record<string, string>;
  diagnostics: Diagnostic[];
}

/** A stored timeline entry: the parser's entry as written to `timeline_entries`. */
export type TimelineEntryRow = TimelineEntry;

/** An action item of the incident, with its links; `overdue` relative to the `today` passed in. */
export interface IncidentActionItemRow extends ActionItemContent {
  id: number;
  statusSource: StatusSource;
  overdue: boolean;
  archived: boolean;
  archivedAt: string | null;
  links: ActionItemLinkRow[];
  /** What the links say, in one word (`linkStateOf`). */
  linkState: LinkStateSummary;
  statusConflict: string | null;
  ownerSource: 'markdown' | 'github' | null;
  dueSource: 'markdown' | 'github' | null;
}

const NO_MILESTONES: Milestones = { started: null, detected: null, declared: null, mitigated: null, resolved: null };

const INCIDENT_SQL = `
SELECT i.id, i.slug, i.source_path AS sourcePath, i.title, i.date, i.timezone, i.timezone_source AS timezoneSource,
  i.declared_timezone AS declaredTimezone, i.summary, i.severity, i.detect_seconds AS detectSeconds,
  i.resolve_seconds AS resolveSeconds, i.file_hash AS fileHash, i.error, i.error_at AS errorAt,
  i.removed_at AS removedAt, i.created_at AS createdAt, i.updated_at AS updatedAt,
  (SELECT json_group_array(tag) FROM (SELECT t.tag FROM incident_tags t WHERE t.incident_id = i.id ORDER BY t.tag)) AS tags
FROM incidents i
WHERE i.id = COALESCE((SELECT id FROM incidents WHERE slug = @slug),
                      (SELECT incident_id FROM incident_slug_aliases WHERE slug = @slug))`;

/** The incident whose slug (or former slug) is `slug`, or null. Removed incidents are found too. */
export function findIncident(database: Database, slug: string): IncidentRow | null {
  const row = statement(database, INCIDENT_SQL).get({ slug }) as (Omit<IncidentRow, 'tags'> & { tags: string }) | undefined;
  if (!row) return null;
  return { ...row, tags: JSON.parse(row.tags) as string[] };
}

const DOCUMENT_SQL = `
SELECT markdown, milestones, json_extract(parsed, '$.sections') AS sections, json_extract(parsed, '$.metadata') AS metadata,
  json_extract(parsed, '$.diagnostics') AS diagnostics
FROM incidents WHERE id = ?`;

/** The stored document of incident `id`; empty lists and no milestones when it never parsed (or is unknown). */
export function readIncidentDocument(database: Database, id: number): IncidentDocument {
  const row = statement(database, DOCUMENT_SQL).get(id) as
    | { markdown: string | null; milestones: string | null; sections: string | null; metadata: string | null; diagnostics: string | null }
    | undefined;
  return {
    markdown: row?.markdown ?? null,
    milestones: row?.milestones ? (JSON.parse(row.milestones) as Milestones) : NO_MILESTONES,
    sections: row?.sections ? (JSON.parse(row.sections) as Section[]) : [],
    metadata: row?.metadata ? (JSON.parse(row.metadata) as Record<string, string>) : {},
    diagnostics: row?.diagnostics ? (JSON.parse(row.diagnostics) as ParsedPostmortem['diagnostics']) : [],
  };
}

const TIMELINE_SQL = `
SELECT date, time, end_time AS endTime, at, timezone, approximate, text, kind, line
FROM timeline_entries WHERE incident_id = ? ORDER BY position`;

/** The timeline of incident `id` in document order. */
export function readTimeline(database: Database, id: number): TimelineEntryRow[] {
  const rows = statement(database, TIMELINE_SQL).all(id) as Array<Omit<TimelineEntryRow, 'approximate'> & { approximate: number }>;
  return rows.map((row) => ({ ...row, approximate: row.approximate === 1 }));
}

const ITEMS_SQL = `
SELECT id, position, text, "group", done, owner, due, line, status, status_source AS statusSource, done_at AS doneAt,
  archived_at AS archivedAt, status_conflict AS statusConflict, owner_source AS ownerSource, due_source AS dueSource
FROM action_items WHERE incident_id = ? ORDER BY archived_at IS NOT NULL, position, id`;

const ITEM_LINKS_SQL = `
SELECT l.action_item_id AS itemId, l.id, l.source, l.ref, l.url, l.repo, l.number, l.kind, l.state,
  l.state_reason AS stateReason, l.title, l.assignees, l.labels, l.due_on AS dueOn, l.synced_at AS syncedAt,
  l.sync_error AS syncError
FROM action_item_links l JOIN action_items a ON a.id = l.action_item_id
WHERE a.incident_id = ? ORDER BY l.action_item_id, l.id`;

/**
 * The action items of incident `id`, archived ones included (after the others), each with its links. An item
 * is overdue when it is open or in progress and its due date is before `today` (`YYYY-MM-DD`).
 */
export function readIncidentActionItems(database: Database, id: number, today: string): IncidentActionItemRow[] {
  const items = statement(database, ITEMS_SQL).all(id) as Array<{
    id: number;
    position: number;
    text: string;
    group: string | null;
    done: number | null;
    owner: string | null;
    due: string | null;
    line: number;
    status: ActionItemStatus;
    statusSource: IncidentActionItemRow['statusSource'];
    doneAt: string | null;
    archivedAt: string | null;
    statusConflict: string | null;
    ownerSource: 'markdown' | 'github' | null;
    dueSource: 'markdown' | 'github' | null;
  }>;
  if (items.length === 0) return [];
  const links = readLinks(statement(database, ITEM_LINKS_SQL).all(id));
  return items.map((item) => ({
    ...item,
    done: item.done === null ? null : item.done === 1,
    overdue: isOverdue(item.status, item.due, today),
    archived: item.archivedAt !== null,
    links: links.get(item.id) ?? [],
    linkState: linkStateOf(links.get(item.id) ?? []),
  }));
}

/** Open or in progress, with a due date before `today`. */
export function isOverdue(status: ActionItemStatus, due: string | null, today: string): boolean {
  return (status === 'open' || status === 'in-progress') && due !== null && due < today;
}
