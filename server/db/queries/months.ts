/** Calendar helpers for the stats: months as `YYYY-MM` text. */

/** The month after `month` (`2023-12` → `2024-01`). */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(index + 1, 2)}`;
}

/**
 * `counts` (month → count, any order) as an object with every month from `range.from` (default: the first month
 * present) to `range.to` (default: the last present), in order, the missing ones 0. Nothing present and no range:
 * empty.
 */
export function fillMonths(counts: ReadonlyMap<string, number>, range: { from?: string | null; to?: string | null } = {}): Record<string, number> {
  const months = [...counts.keys()].sort();
  const first = range.from ?? months[0];
  const last = range.to ?? months[months.length - 1];
  const filled: Record<string, number> = {};
  if (first === undefined || last === undefined) return filled;
  for (let month = first; month <= last; month = nextMonth(month)) filled[month] = counts.get(month) ?? 0;
  return filled;
}

/**
 * Running totals by month: `changes` (month → how much the total moves in that month, any order) summed into an
 * object with every month from `range.from` (default: the first month present) to `range.to` (default: the last
 * present), in order; each month's value is the sum of the changes up to and including it (changes before `from`
 * count, changes after `to` do not). Nothing present and no range, or `from` after `to`: empty.
 */
export function cumulateMonths(changes: ReadonlyMap<string, number>, range: { from?: string | null; to?: string | null } = {}): Record<string, number> {
  const months = [...changes.keys()].sort();
  const first = range.from ?? months[0];
  const last = range.to ?? months[months.length - 1];
  const totals: Record<string, number> = {};
  if (first === undefined || last === undefined) return totals;
  let running = months.filter((month) => month < first).reduce((sum, month) => sum + changes.get(month)!, 0);
  for (let month = first; month <= last; month = nextMonth(month)) {
    running += changes.get(month) ?? 0;
    totals[month] = running;
  }
  return totals;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
