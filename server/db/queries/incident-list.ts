/**
 * The incident list: filters, sorting and pagination in SQL, then one query for the page's rows with their
 * tags, action item counts and diagnostic counts aggregated per row (no query per row), and one for the matching
 * incidents counted by month.
 */
import type { Database } from '../connection.ts';
import { toFtsQuery } from './fts-query.ts';
import { fillMonths } from './months.ts';
import { statement } from './statements.ts';

/** Sort orders of the list; a leading `-` means descending. Missing values (no date ...) always sort last. */
export const INCIDENT_SORTS = [
  '-date',
  'date',
  'title',
  '-title',
  'detect',
  '-detect',
  'resolve',
  '-resolve',
  'updated',
  '-updated',
  'relevance',
] as const;
/** One of `INCIDENT_SORTS`. */
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** Which incidents by file state: `active` (file present), `removed` (file deleted), or `all`. */
export type RemovedFilter = 'active' | 'removed' | 'all';

/** Which incidents a list or a count covers; every filter is optional. */
export interface IncidentFilter {
  /** Full-text search over title, summary, timeline and action items. Default: none. */
  q?: string | null;
  /** Incidents whose date is in this year. Default: any. */
  year?: number | null;
  /** Incidents with this tag (case-insensitive). Default: any. */
  tag?: string | null;
  /** Incidents with this severity as written (case-insensitive). Default: any. */
  severity?: string | null;
  /** true: only incidents with an open or in-progress (not archived) action item; false: only without. Default: any. */
  hasOpenItems?: boolean | null;
  /** true: only incidents whose current file could not be read or parsed; false: only the others. Default: any. */
  hasError?: boolean | null;
  /** Default: `active`. */
  removed?: RemovedFilter;
}

/** What `listIncidents` selects: the filters, the order and the page; every field is optional. */
export interface IncidentListFilter extends IncidentFilter {
  /** Default: `relevance` when `q` has a searchable word, else `-date`. `relevance` without `q` means `-date`. */
  sort?: IncidentSort | null;
  /** Page size. Default: 50. */
  limit?: number;
  /** Rows skipped. Default: 0. */
  offset?: number;
}

/** Diagnostics counted by severity. */
export interface DiagnosticCounts {
  error: number;
  warning: number;
  info: number;
}

/** One row of the list. Instants are ISO-8601 UTC; seconds are null when an end is unknown. */
export interface IncidentListRow {
  slug: string;
  title: string | null;
  date: string | null;
  timezone: string | null;
  severity: string | null;
  tags: string[];
  startedAt: string | null;
  detectedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  detectSeconds: number | null;
  resolveSeconds: number | null;
  /** Start → resolution, or → mitigation when no resolution is known; null when unknown. */
  durationSeconds: number | null;
  /** Not archived items: `open` counts the open and in-progress ones. */
  actionItems: { open: number; total: number };
  removed: boolean;
  removedAt: string | null;
  error: string | null;
  sourcePath: string;
  updatedAt: string;
  diagnostics: DiagnosticCounts;
}

/** A page of the incident list. */
export interface IncidentListPage {
  items: IncidentListRow[];
  /** Rows matching the filters, over all pages. */
  total: number;
  limit: number;
  offset: number;
  /**
   * `YYYY-MM` → dated incidents matching the filters (all pages) in that month, every month from the first to the
   * last present with zeros; with `year`, its twelve months. Undated incidents are not counted. Nothing: empty.
   */
  perMonth: Record<string, number>;
}

const ORDER: Record<Exclude<IncidentSort, 'relevance'>, string> = {
  '-date': 'i.date IS NULL, i.date DESC, i.id DESC',
  date: 'i.date IS NULL, i.date ASC, i.id ASC',
  title: 'i.title IS NULL, i.title COLLATE NOCASE ASC, i.id ASC',
  '-title': 'i.title IS NULL, i.title COLLATE NOCASE DESC, i.id DESC',
  detect: 'i.detect_seconds IS NULL, i.detect_seconds ASC, i.id ASC',
  '-detect': 'i.detect_seconds IS NULL, i.detect_seconds DESC, i.id DESC',
  resolve: 'i.resolve_seconds IS NULL, i.resolve_seconds ASC, i.id ASC',
  '-resolve': 'i.resolve_seconds IS NULL, i.resolve_seconds DESC, i.id DESC',
  updated: 'i.updated_at ASC, i.id ASC',
  '-updated': 'i.updated_at DESC, i.id DESC',
};

/** bm25 weights of the search columns: title, summary, timeline, action items. */
const RELEVANCE = 'bm25(incident_search, 10.0, 4.0, 1.0, 2.0)';

const OPEN_ITEM = `SELECT 1 FROM action_items a WHERE a.incident_id = i.id AND a.archived_at IS NULL AND a.status IN ('open', 'in-progress')`;

/**
 * The incidents `filter` selects, as SQL to build a query on: `from` (with the search table joined when searching)
 * names the incidents `i`; `where` is empty or a `WHERE` clause whose `?` parameters are `params`, in order; `match`
 * is the full-text query, or null when not searching.
 */
export interface IncidentScope {
  from: string;
  where: string;
  params: unknown[];
  match: string | null;
}

/**
 * The filters as SQL (see `IncidentScope`); null when `q` has no searchable word (only punctuation), which matches
 * nothing.
 */
export function incidentScope(filter: IncidentFilter): IncidentScope | null {
  const searching = filter.q != null && filter.q.trim() !== '';
  const match = searching ? toFtsQuery(filter.q!) : null;
  if (searching && match === null) return null;
  const conditions: string[] = [];
  const params: unknown[] = [];
  let from = 'incidents i';
  if (match !== null) {
    from = 'incident_search JOIN incidents i ON i.id = incident_search.rowid';
    conditions.push('incident_search MATCH ?');
    params.push(match);
  }
  const removed = filter.removed ?? 'active';
  if (removed === 'active') conditions.push('i.removed_at IS NULL');
  if (removed === 'removed') conditions.push('i.removed_at IS NOT NULL');
  if (filter.year != null) {
    conditions.push('i.date >= ? AND i.date < ?');
    params.push(`${String(filter.year).padStart(4, '0')}-01-01`, `${String(filter.year + 1).padStart(4, '0')}-01-01`);
  }
  if (filter.tag != null) {
    conditions.push('EXISTS (SELECT 1 FROM incident_tags t WHERE t.incident_id = i.id AND t.tag = ?)');
    params.push(filter.tag.trim().toLowerCase());
  }
  if (filter.severity != null) {
    conditions.push('i.severity = ? COLLATE NOCASE');
    params.push(filter.severity.trim());
  }
  if (filter.hasOpenItems === true) conditions.push(`EXISTS (${OPEN_ITEM})`);
  if (filter.hasOpenItems === false) conditions.push(`NOT EXISTS (${OPEN_ITEM})`);
  if (filter.hasError === true) conditions.push('i.error IS NOT NULL');
  if (filter.hasError === false) conditions.push('i.error IS NULL');
  return { from, where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params, match };
}

const ROWS_SQL = `
SELECT i.id, i.slug, i.title, i.date, i.timezone, i.severity,
  i.started_at AS startedAt, i.detected_at AS detectedAt, i.mitigated_at AS mitigatedAt, i.resolved_at AS resolvedAt,
  i.detect_seconds AS detectSeconds, i.resolve_seconds AS resolveSeconds,
  CAST(round((julianday(COALESCE(i.resolved_at, i.mitigated_at)) - julianday(i.started_at)) * 86400) AS INTEGER) AS durationSeconds,
  i.removed_at AS removedAt, i.error, i.source_path AS sourcePath, i.updated_at AS updatedAt,
  (SELECT json_group_array(tag) FROM (SELECT t.tag FROM incident_tags t WHERE t.incident_id = i.id ORDER BY t.tag)) AS tags,
  (SELECT COUNT(*) FROM action_items a WHERE a.incident_id = i.id AND a.archived_at IS NULL) AS itemsTotal,
  (SELECT COUNT(*) FROM action_items a WHERE a.incident_id = i.id AND a.archived_at IS NULL
     AND a.status IN ('open', 'in-progress')) AS itemsOpen,
  (SELECT json_array(COALESCE(SUM(d.value ->> 'severity' = 'error'), 0), COALESCE(SUM(d.value ->> 'severity' = 'warning'), 0),
                     COALESCE(SUM(d.value ->> 'severity' = 'info'), 0))
     FROM json_each(i.parsed, '$.diagnostics') d) AS diagnostics
FROM incidents i
WHERE i.id IN (SELECT value FROM json_each(?))`;

/** A row as SQLite returns it: the list row's columns, with tags, item counts and diagnostics still as JSON. */
interface RawRow extends Omit<IncidentListRow, 'tags' | 'actionItems' | 'removed' | 'diagnostics'> {
  id: number;
  tags: string;
  itemsTotal: number;
  itemsOpen: number;
  diagnostics: string | null;
}

/**
 * One page of incidents matching `filter`, the total over all pages and the matching incidents per month. A search
 * `q` with no searchable word (only punctuation) matches nothing.
 */
export function listIncidents(database: Database, filter: IncidentListFilter = {}): IncidentListPage {
  const limit = filter.limit ?? 50;
  const offset = filter.offset ?? 0;
  const year = filter.year != null ? String(filter.year).padStart(4, '0') : null;
  // A year asked for is shown whole, quiet months included; without one, from the first incident's month to the last's.
  const months = (counts: ReadonlyMap<string, number>) =>
    fillMonths(counts, year !== null ? { from: `${year}-01`, to: `${year}-12` } : {});
  const scope = incidentScope(filter);
  if (scope === null) return { items: [], total: 0, limit, offset, perMonth: months(new Map()) };

  const { from, where, params, match } = scope;
  const sort = filter.sort ?? (match !== null ? 'relevance' : '-date');
  const order = sort === 'relevance' ? (match !== null ? `${RELEVANCE}, i.id DESC` : ORDER['-date']) : ORDER[sort];

  const total = statement(database, `SELECT COUNT(*) AS n FROM ${from} ${where}`).get(...params) as { n: number };
  const perMonth = months(total.n === 0 ? new Map() : countByMonth(database, from, where, params));
  if (total.n === 0 || offset >= total.n) return { items: [], total: total.n, limit, offset, perMonth };
  const ids = statement(database, `SELECT i.id FROM ${from} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, limit, offset) as number[];

  const rows = statement(database, ROWS_SQL).all(JSON.stringify(ids)) as RawRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toListRow(row)] : [];
  });
  return { items, total: total.n, limit, offset, perMonth };
}

/** The dated incidents of `from` `where` counted by the month of their date (`YYYY-MM` → count). */
function countByMonth(database: Database, from: string, where: string, params: unknown[]): Map<string, number> {
  const dated = where === '' ? 'WHERE i.date IS NOT NULL' : `${where} AND i.date IS NOT NULL`;
  const rows = statement(database, `SELECT substr(i.date, 1, 7) AS month, COUNT(*) AS n FROM ${from} ${dated} GROUP BY month`).all(
    ...params,
  ) as Array<{ month: string; n: number }>;
  return new Map(rows.map((row) => [row.month, row.n]));
}

function toListRow(row: RawRow): IncidentListRow {
  const [error = 0, warning = 0, info = 0] = row.diagnostics ? (JSON.parse(row.diagnostics) as number[]) : [];
  return {
    slug: row.slug,
    title: row.title,
    date: row.date,
    timezone: row.timezone,
    severity: row.severity,
    tags: JSON.parse(row.tags) as string[],
    startedAt: row.startedAt,
    detectedAt: row.detectedAt,
    mitigatedAt: row.mitigatedAt,
    resolvedAt: row.resolvedAt,
    detectSeconds: row.detectSeconds,
    resolveSeconds: row.resolveSeconds,
    durationSeconds: row.durationSeconds !== null && row.durationSeconds >= 0 ? row.durationSeconds : null,
    actionItems: { open: row.itemsOpen, total: row.itemsTotal },
    removed: row.removedAt !== null,
    removedAt: row.removedAt,
    error: row.error,
    sourcePath: row.sourcePath,
    updatedAt: row.updatedAt,
    diagnostics: { error, warning, info },
  };
}
