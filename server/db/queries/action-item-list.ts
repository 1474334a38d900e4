/**
 * The action item list across incidents: filters and pagination in SQL, overdue and age computed in SQL from
 * the given day, the page's links in one more query.
 */
import type { Database } from '../connection.ts';
import { ACTION_ITEM_STATUSES, type ActionItemStatus, type StatusSource } from '../schema.ts';
import { readLinks, type ActionItemLinkRow } from './item-links.ts';
import { statement } from './statements.ts';

/**
 * Which items by archive state: `current` (neither the item nor its incident's file is gone), `archived`
 * (the item was removed from the markdown, or its incident was removed), or `all`.
 */
export type ArchivedFilter = 'current' | 'archived' | 'all';

/** What `listActionItems` selects; `today` is required, every filter optional. */
export interface ActionItemListFilter {
  /** The day overdue and ages are computed for, `YYYY-MM-DD`. Required. */
  today: string;
  /** Only items with one of these statuses. Default: any. */
  statuses?: readonly ActionItemStatus[] | null;
  /** Only items of this incident (slug or former slug). Default: any. */
  incident?: string | null;
  /** Only items under this group heading (exact). Default: any. */
  group?: string | null;
  /** true: only items with at least one link; false: only items without. Default: any. */
  linked?: boolean | null;
  /** true: only overdue items; false: only items not overdue. Default: any. */
  overdue?: boolean | null;
  /** Only open or in-progress items at least this many days old (`ageDays` ≥ it; closed items have no age). Default: any. */
  minAgeDays?: number | null;
  /** Default: `current`. */
  archived?: ArchivedFilter;
  /** Default: 50. */
  limit?: number;
  /** Default: 0. */
  offset?: number;
}

/** One item of the list. */
export interface ActionItemListRow {
  id: number;
  text: string;
  group: string | null;
  status: ActionItemStatus;
  statusSource: StatusSource;
  done: boolean | null;
  owner: string | null;
  due: string | null;
  line: number;
  /** Open or in progress with a due date before today. */
  overdue: boolean;
  /** Open or in progress: whole days since the incident's date (or since the item was first seen); else null. */
  ageDays: number | null;
  archived: boolean;
  incident: { slug: string; title: string | null; date: string | null; removed: boolean };
  links: ActionItemLinkRow[];
}

/** A page of the action item list. */
export interface ActionItemListPage {
  items: ActionItemListRow[];
  total: number;
  limit: number;
  offset: number;
}

/** SQL for "open or in progress", on `action_items a`. */
export const ITEM_IS_OPEN = `a.status IN ('open', 'in-progress')`;
/** SQL for "overdue" on `action_items a`, with the day as parameter `@today`. */
export const ITEM_IS_OVERDUE = `(${ITEM_IS_OPEN} AND a.due IS NOT NULL AND a.due < @today)`;
/** SQL for the age in days of an open item on `action_items a` joined to `incidents i`, with `@today`. */
export const ITEM_AGE_DAYS = `CASE WHEN ${ITEM_IS_OPEN} THEN MAX(0, CAST(julianday(@today) - julianday(COALESCE(i.date, substr(a.created_at, 1, 10))) AS INTEGER)) END`;
const HAS_LINK = 'EXISTS (SELECT 1 FROM action_item_links l WHERE l.action_item_id = a.id)';

function whereClause(filter: ActionItemListFilter): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = { today: filter.today };
  const archived = filter.archived ?? 'current';
  if (archived === 'current') conditions.push('a.archived_at IS NULL AND i.removed_at IS NULL');
  if (archived === 'archived') conditions.push('(a.archived_at IS NOT NULL OR i.removed_at IS NOT NULL)');
  if (filter.statuses && filter.statuses.length > 0) {
    const wanted = ACTION_ITEM_STATUSES.filter((status) => filter.statuses!.includes(status));
    conditions.push(`a.status IN (${wanted.map((status) => `'${status}'`).join(', ')})`);
  }
  if (filter.incident != null) {
    conditions.push('(i.slug = @incident OR i.id IN (SELECT incident_id FROM incident_slug_aliases WHERE slug = @incident))');
    params.incident = filter.incident;
  }
  if (filter.group != null) {
    conditions.push('a."group" = @group');
    params.group = filter.group;
  }
  if (filter.linked === true) conditions.push(HAS_LINK);
  if (filter.linked === false) conditions.push(`NOT ${HAS_LINK}`);
  if (filter.overdue === true) conditions.push(ITEM_IS_OVERDUE);
  if (filter.overdue === false) conditions.push(`NOT ${ITEM_IS_OVERDUE}`);
  if (filter.minAgeDays != null) {
    // The age is null for closed items, so they never pass.
    conditions.push(`${ITEM_AGE_DAYS} >= @minAgeDays`);
    params.minAgeDays = filter.minAgeDays;
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

const FROM = 'action_items a JOIN incidents i ON i.id = a.incident_id';

const LINKS_SQL = `
SELECT l.action_item_id AS itemId, l.id, l.source, l.ref, l.url, l.repo, l.number, l.kind, l.state,
  l.state_reason AS stateReason, l.title, l.assignees, l.labels, l.due_on AS dueOn, l.synced_at AS syncedAt,
  l.sync_error AS syncError
FROM action_item_links l WHERE l.action_item_id IN (SELECT value FROM json_each(?)) ORDER BY l.action_item_id, l.id`;

interface RawRow {
  id: number;
  text: string;
  group: string | null;
  status: ActionItemStatus;
  statusSource: ActionItemListRow['statusSource'];
  done: number | null;
  owner: string | null;
  due: string | null;
  line: number;
  overdue: number;
  ageDays: number | null;
  archivedAt: string | null;
  slug: string;
  title: string | null;
  date: string | null;
  removedAt: string | null;
}

/**
 * One page of action items matching `filter`, newest incident first, then in document order; and the total over
 * all pages. An unknown `incident` gives an empty page.
 */
export function listActionItems(database: Database, filter: ActionItemListFilter): ActionItemListPage {
  const limit = filter.limit ?? 50;
  const offset = filter.offset ?? 0;
  const { where, params } = whereClause(filter);
  const total = statement(database, `SELECT COUNT(*) AS n FROM ${FROM} ${where}`).get(params) as { n: number };
  if (total.n === 0 || offset >= total.n) return { items: [], total: total.n, limit, offset };

  // The page's ids first (sorting only what the order needs), then the columns for those rows alone.
  const ids = statement(
    database,
    `SELECT a.id FROM ${FROM} ${where}
     ORDER BY i.date IS NULL, i.date DESC, i.id DESC, a.archived_at IS NOT NULL, a.position, a.id
     LIMIT @limit OFFSET @offset`,
  )
    .pluck()
    .all({ ...params, limit, offset }) as number[];
  const rows = statement(
    database,
    `SELECT a.id, a.text, a."group", a.status, a.status_source AS statusSource, a.done, a.owner, a.due, a.line,
       ${ITEM_IS_OVERDUE} AS overdue, ${ITEM_AGE_DAYS} AS ageDays, a.archived_at AS archivedAt,
       i.slug, i.title, i.date, i.removed_at AS removedAt
     FROM ${FROM} WHERE a.id IN (SELECT value FROM json_each(@ids))`,
  ).all({ today: filter.today, ids: JSON.stringify(ids) }) as RawRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);

  const links = readLinks(statement(database, LINKS_SQL).all(JSON.stringify(ids)));
  const items = ordered.map(
    (row): ActionItemListRow => ({
      id: row.id,
      text: row.text,
      group: row.group,
      status: row.status,
      statusSource: row.statusSource,
      done: row.done === null ? null : row.done === 1,
      owner: row.owner,
      due: row.due,
      line: row.line,
      overdue: row.overdue === 1,
      ageDays: row.ageDays,
      archived: row.archivedAt !== null,
      incident: { slug: row.slug, title: row.title, date: row.date, removed: row.removedAt !== null },
      links: links.get(row.id) ?? [],
    }),
  );
  return { items, total: total.n, limit, offset };
}
