/** The clock as the repositories need it: the current day, for overdue items and ages. */

/** The UTC calendar day of `instant` as `YYYY-MM-DD` (due dates and incident dates are compared against it). */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
