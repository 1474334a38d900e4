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

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
