/**
 * Percentiles for the stats: linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
 * numpy, R and spreadsheets' PERCENTILE.INC). For sorted values x[0..n-1] and p in [0, 1] the rank is
 * h = (n - 1) · p and the result x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]); so the median of an even count is
 * the mean of the two middle values, p90 of 1..10 is 9.1.
 */

/** The `p` percentile (0 ≤ p ≤ 1) of `sorted` (ascending), or null when it is empty. Throws on p outside [0, 1]. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be between 0 and 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (n - 1) * p;
  const low = Math.floor(rank);
  const lower = sorted[low]!;
  const upper = sorted[Math.min(low + 1, n - 1)]!;
  return lower + (rank - low) * (upper - lower);
}

/** The median of `sorted` (ascending): `percentile(sorted, 0.5)`; null when empty. */
export function median(sorted: readonly number[]): number | null {
  return percentile(sorted, 0.5);
}

/**
 * Count, median and 90th percentile of `sorted` (ascending durations in seconds), rounded to whole seconds; the
 * statistics are null when it is empty.
 */
export function summarize(sorted: readonly number[]): { count: number; median: number | null; p90: number | null } {
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return { count: sorted.length, median: round(median(sorted)), p90: round(percentile(sorted, 0.9)) };
}
