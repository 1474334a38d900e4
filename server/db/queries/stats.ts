/**
 * Aggregate numbers over active incidents (file present) and their current action items: incidents per month,
 * time to detect and to resolve, action item progress and open items over time. Counting and ordering happen in
 * SQL; percentiles are taken over the sorted values by `percentile.ts` (linear interpolation, type 7), running
 * totals over the monthly changes by `months.ts`.
 */
import type { Database } from '../connection.ts';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../schema.ts';
import { ITEM_AGE_DAYS, ITEM_IS_OPEN, ITEM_IS_OVERDUE } from './action-item-list.ts';
import { cumulateMonths, fillMonths } from './months.ts';
import { median, summarize } from './percentile.ts';
import { statement } from './statements.ts';

/** What `incidentStats` counts. */
export interface StatsFilter {
  /** The day ages and overdue items are computed for, `YYYY-MM-DD`. Required. */
  today: string;
  /** Only incidents dated on or after this day (`YYYY-MM-DD`); undated incidents are then left out. Default: none. */
  from?: string | null;
  /** Only incidents dated on or before this day (`YYYY-MM-DD`); undated incidents are then left out. Default: none. */
  to?: string | null;
}

/** Count, median and 90th percentile of a duration in seconds; the statistics are null when count is 0. */
export interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

/** The statistics; see each field. */
export interface StatsResult {
  from: string | null;
  to: string | null;
  incidents: {
    /** Active incidents in range (undated ones too when no range is given). */
    total: number;
    /** `YYYY-MM` → incidents dated in that month, zeros included: every month of the range asked for, else from the first incident's to the last's. */
    perMonth: Record<string, number>;
  };
  /** Start → detection, over incidents where both are known. */
  timeToDetect: DurationSummary;
  /** Start → resolution, over incidents where both are known. */
  timeToResolve: DurationSummary;
  actionItems: {
    /** Items not archived, of the incidents counted. */
    total: number;
    byStatus: Record<ActionItemStatus, number>;
    /** done / total; null when there are no items. */
    completionRate: number | null;
    overdue: number;
    /** Median age in days of the open and in-progress items; null when there are none. */
    medianOpenAgeDays: number | null;
    /** `YYYY-MM` → items open at the end of that month; see `openItemsPerMonth` for the rule. */
    openPerMonth: Record<string, number>;
  };
}

function scope(filter: StatsFilter): string {
  const conditions = ['i.removed_at IS NULL'];
  if (filter.from != null) conditions.push('i.date >= @from');
  if (filter.to != null) conditions.push('i.date <= @to');
  return conditions.join(' AND ');
}

/** The statistics for incidents in `filter`'s date range (all active incidents when none is given). */
export function incidentStats(database: Database, filter: StatsFilter): StatsResult {
  const where = scope(filter);
  const params = { today: filter.today, from: filter.from ?? null, to: filter.to ?? null };
  const all = (sql: string) => statement(database, sql).all(params);
  const values = (sql: string) => statement(database, sql).pluck().all(params) as number[];

  const months = all(
    `SELECT substr(i.date, 1, 7) AS month, COUNT(*) AS n FROM incidents i
     WHERE ${where} AND i.date IS NOT NULL GROUP BY month ORDER BY month`,
  ) as Array<{ month: string; n: number }>;
  const total = statement(database, `SELECT COUNT(*) FROM incidents i WHERE ${where}`).pluck().get(params) as number;

  const detect = values(`SELECT i.detect_seconds FROM incidents i WHERE ${where} AND i.detect_seconds IS NOT NULL ORDER BY 1`);
  const resolve = values(`SELECT i.resolve_seconds FROM incidents i WHERE ${where} AND i.resolve_seconds IS NOT NULL ORDER BY 1`);

  const items = `action_items a JOIN incidents i ON i.id = a.incident_id WHERE ${where} AND a.archived_at IS NULL`;
  const statusRows = all(`SELECT a.status, COUNT(*) AS n FROM ${items} GROUP BY a.status`) as Array<{ status: ActionItemStatus; n: number }>;
  const byStatus = Object.fromEntries(ACTION_ITEM_STATUSES.map((status) => [status, 0])) as Record<ActionItemStatus, number>;
  let itemTotal = 0;
  for (const row of statusRows) {
    if (row.status in byStatus) byStatus[row.status] += row.n;
    itemTotal += row.n;
  }
  const overdue = statement(database, `SELECT COUNT(*) FROM ${items} AND ${ITEM_IS_OVERDUE}`).pluck().get(params) as number;
  const ages = values(`SELECT age FROM (SELECT ${ITEM_AGE_DAYS} AS age FROM ${items} AND ${ITEM_IS_OPEN}) WHERE age IS NOT NULL ORDER BY 1`);

  return {
    from: filter.from ?? null,
    to: filter.to ?? null,
    incidents: {
      total,
      // A requested range is shown whole, quiet months included; without one, from the first incident to the last.
      perMonth: fillMonths(new Map(months.map((row) => [row.month, row.n])), {
        from: filter.from?.slice(0, 7) ?? null,
        to: filter.to?.slice(0, 7) ?? null,
      }),
    },
    timeToDetect: summarize(detect),
    timeToResolve: summarize(resolve),
    actionItems: {
      total: itemTotal,
      byStatus,
      completionRate: itemTotal === 0 ? null : byStatus.done / itemTotal,
      overdue,
      medianOpenAgeDays: median(ages),
      openPerMonth: openItemsPerMonth(database, items, params, filter),
    },
  };
}

/**
 * `YYYY-MM` → the items of `items` (the SQL of the counted, not archived items) open at the end of that month,
 * every month from the one the first counted item opened in to the month of `filter.today`, or of `filter.to` when
 * that is earlier; empty when no item counts.
 *
 * An item opens on its incident's date (else on the day it was first seen) and closes on the day it was marked done
 * (`done_at`). Open and in-progress items count as open through today. Never counted: `wont-do` items (no close
 * day is recorded), done items without `done_at`, and items already done the first time Hindsight saw them
 * (`done_at` on the day of `created_at`: the real day is unknown). An item closed in the month it opened is open at
 * no month's end, so it does not start the series either.
 *
 * One grouped query (items per opening and closing month), then one pass: +n in the opening month, −n in the
 * closing month, summed month by month.
 */
function openItemsPerMonth(database: Database, items: string, params: Record<string, unknown>, filter: StatsFilter): Record<string, number> {
  const rows = statement(
    database,
    `SELECT opened, closed, COUNT(*) AS n FROM (
       SELECT substr(COALESCE(i.date, substr(a.created_at, 1, 10)), 1, 7) AS opened,
         CASE WHEN a.status = 'done' THEN substr(a.done_at, 1, 7) END AS closed
       FROM ${items}
         AND (${ITEM_IS_OPEN} OR (a.status = 'done' AND substr(a.done_at, 1, 10) > substr(a.created_at, 1, 10)))
     ) WHERE closed IS NULL OR closed > opened
     GROUP BY opened, closed ORDER BY opened`,
  ).all(params) as Array<{ opened: string; closed: string | null; n: number }>;
  const first = rows[0]?.opened;
  if (first === undefined) return {};

  const changes = new Map<string, number>();
  const add = (month: string, n: number) => changes.set(month, (changes.get(month) ?? 0) + n);
  for (const row of rows) {
    add(row.opened, row.n);
    if (row.closed !== null) add(row.closed, -row.n);
  }
  const today = filter.today.slice(0, 7);
  const to = filter.to?.slice(0, 7);
  return cumulateMonths(changes, { from: first, to: to !== undefined && to < today ? to : today });
}
