/**
 * The action item list across incidents: filters, sorting and pagination in SQL, overdue and age computed in SQL
 * from the given day, the items matching every filter but the status counted by status (which gives the total
 * too), the page's links in one more query.
 */
import { linkStateOf, type LinkStateSummary } from '../../domain/link-state.ts';
import type { Database } from '../connection.ts';
import { ACTION_ITEM_STATUSES, type ActionItemStatus, type StatusSource } from '../schema.ts';
import { readLinks, type ActionItemLinkRow } from './item-links.ts';
import { statement } from './statements.ts';

/**
 * Which items by archive state: `current` (neither the item nor its incident's file is gone), `archived`
 * (the item was removed from the markdown, or its incident was removed), or `all`.
 */
export type ArchivedFilter = 'current' | 'archived' | 'all';

/**
 * Sort orders of the list: `incident` (newest incident first, then in document order), `due` (soonest due date
 * first, items without one last), `-age` (oldest open or in-progress item first, closed items last), `status`
 * (open, in progress, done, won't do). Ties keep the `incident` order.
 */
export const ACTION_ITEM_SORTS = ['incident', 'due', '-age', 'status'] as const;
/** One of `ACTION_ITEM_SORTS`. */
export type ActionItemSort = (typeof ACTION_ITEM_SORTS)[number];

/** What `listActionItems` selects; `today` is required, every filter optional. */
export interface ActionItemListFilter {
  /** The day overdue and ages are computed for, `YYYY-MM-DD`. Required. */
  today: string;
  /** Only items with one of these statuses. Default: any. */
  statuses?: readonly ActionItemStatus[] | null;
  /**
   * Only items whose text contains every word of this (words split at white space; ASCII letters compared without
   * case; `%` and `_` are plain characters). Default: any.
   */
  q?: string | null;
  /** Only items of this owner (the whole name, ASCII letters compared without case). Default: any. */
  owner?: string | null;
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
  /** Default: `incident`. */
  sort?: ActionItemSort | null;
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
  /** What the links say, in one word (`linkStateOf`): `none` when the item has no link. */
  linkState: LinkStateSummary;
  statusConflict: string | null;
  ownerSource: 'markdown' | 'github' | null;
  dueSource: 'markdown' | 'github' | null;
}

/** Items by status, and how many of them are overdue. */
export interface ActionItemCounts extends Record<ActionItemStatus, number> {
  overdue: number;
}

/** A page of the action item list. */
export interface ActionItemListPage {
  items: ActionItemListRow[];
  /** Items matching the filters, over all pages. */
  total: number;
  limit: number;
  offset: number;
  /** The items matching every filter except `statuses`, counted by status; `overdue` among them. */
  counts: ActionItemCounts;
}

/** SQL for "open or in progress", on `action_items a`. */
export const ITEM_IS_OPEN = `a.status IN ('open', 'in-progress')`;
/** SQL for "overdue" on `action_items a`, with the day as parameter `@today`. */
export const ITEM_IS_OVERDUE = `(${ITEM_IS_OPEN} AND a.due IS NOT NULL AND a.due < @today)`;
/** SQL for the age in days of an open item on `action_items a` joined to `incidents i`, with `@today`. */
export const ITEM_AGE_DAYS = `CASE WHEN ${ITEM_IS_OPEN} THEN MAX(0, CAST(julianday(@today) - julianday(COALESCE(i.date, substr(a.created_at, 1, 10))) AS INTEGER)) END`;
const HAS_LINK = 'EXISTS (SELECT 1 FROM action_item_links l WHERE l.action_item_id = a.id)';
/** Every word pattern of the JSON array `@words` is found in the text (none is missing). */
const HAS_WORDS = `NOT EXISTS (SELECT 1 FROM json_each(@words) w WHERE a.text NOT LIKE w.value ESCAPE '\\')`;

/** `word` as a LIKE pattern for any text that contains it: `%`, `_` and the backslash escaped by a backslash. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, '\\$&')}%`;
}

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
  const words = (filter.q ?? '').split(/\s+/).filter((word) => word !== '');
  if (words.length > 0) {
    conditions.push(HAS_WORDS);
    params.words = JSON.stringify(words.map(containing));
  }
  if (filter.owner != null) {
    conditions.push('a.owner = @owner COLLATE NOCASE');
    params.owner = filter.owner.trim();
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

const BY_INCIDENT = 'i.date IS NULL, i.date DESC, i.id DESC, a.archived_at IS NOT NULL, a.position, a.id';
const ORDER: Record<ActionItemSort, string> = {
  incident: BY_INCIDENT,
  due: `a.due IS NULL, a.due, ${BY_INCIDENT}`,
  '-age': `(${ITEM_AGE_DAYS}) IS NULL, (${ITEM_AGE_DAYS}) DESC, ${BY_INCIDENT}`,
  status: `${ACTION_ITEM_STATUSES.reduce((sql, status, place) => `${sql} WHEN '${status}' THEN ${place}`, 'CASE a.status')} END, ${BY_INCIDENT}`,
};

const COUNTS = `${ACTION_ITEM_STATUSES.map((status) => `COALESCE(SUM(a.status = '${status}'), 0) AS "${status}"`).join(', ')},
  COALESCE(SUM(${ITEM_IS_OVERDUE}), 0) AS overdue`;

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
  statusConflict: string | null;
  ownerSource: 'markdown' | 'github' | null;
  dueSource: 'markdown' | 'github' | null;
}

/**
 * One page of action items matching `filter` in its order (default: newest incident first, then in document
 * order); the total over all pages; and the counts by status of the items matching every filter but the status.
 * An unknown `incident` gives an empty page.
 */
export function listActionItems(database: Database, filter: ActionItemListFilter): ActionItemListPage {
  const limit = filter.limit ?? 50;
  const offset = filter.offset ?? 0;
  const { where, params } = whereClause(filter);
  // Every item has exactly one of the statuses, so the total is the sum of the counts of the statuses asked for.
  const anyStatus = whereClause({ ...filter, statuses: null });
  const counts = statement(database, `SELECT ${COUNTS} FROM ${FROM} ${anyStatus.where}`).get(anyStatus.params) as ActionItemCounts;
  const statuses: readonly ActionItemStatus[] =
    filter.statuses && filter.statuses.length > 0 ? ACTION_ITEM_STATUSES.filter((status) => filter.statuses!.includes(status)) : ACTION_ITEM_STATUSES;
  const total = statuses.reduce((sum, status) => sum + counts[status], 0);
  if (total === 0 || offset >= total) return { items: [], total, limit, offset, counts };

  // The page's ids first (sorting only what the order needs), then the columns for those rows alone.
  const ids = statement(
    database,
    `SELECT a.id FROM ${FROM} ${where}
     ORDER BY ${ORDER[filter.sort ?? 'incident']}
     LIMIT @limit OFFSET @offset`,
  )
    .pluck()
    .all({ ...params, limit, offset }) as number[];
  const rows = statement(
    database,
    `SELECT a.id, a.text, a."group", a.status, a.status_source AS statusSource, a.done, a.owner, a.due, a.line,
       ${ITEM_IS_OVERDUE} AS overdue, ${ITEM_AGE_DAYS} AS ageDays, a.archived_at AS archivedAt,
       i.slug, i.title, i.date, i.removed_at AS removedAt, a.status_conflict AS statusConflict,
       a.owner_source AS ownerSource, a.due_source AS dueSource
     FROM ${FROM} WHERE a.id IN (SELECT value FROM json_each(@ids))`,
  ).all({ today: filter.today, ids: JSON.stringify(ids) }) as RawRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);

  const links = readLinks(statement(database, LINKS_SQL).all(JSON.stringify(ids)));
  const items = ordered.map((row): ActionItemListRow => {
    const itemLinks = links.get(row.id) ?? [];
    return {
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
      links: itemLinks,
      linkState: linkStateOf(itemLinks),
      statusConflict: row.statusConflict,
      ownerSource: row.ownerSource,
      dueSource: row.dueSource,
    };
  });
  return { items, total, limit, offset, counts };
}
