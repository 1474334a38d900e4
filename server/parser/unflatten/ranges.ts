/**
 * Telling a range (`14:02 - 14:10`, `40 - 60`, `2019-01-22 - 2019-01-23`) from a ` - ` list bullet:
 * a bullet never splits a range.
 */

/** Kind of a word for telling a range (`14:02 - 14:10`, `10 - 15`) from a list marker. */
function tokenKind(word: string): 'time' | 'date' | 'number' | 'other' {
  const w = word.replace(/^[~([]+/, '').replace(/[,.;:)\]]+$/, '');
  if (/^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ap]\.?m?\.?)?$/i.test(w) || /^\d{1,2}[ap]\.?m?\.?$/i.test(w)) return 'time';
  if (/^\d{4}-\d{1,2}(?:-\d{1,2})?$/.test(w) || /^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(w)) return 'date';
  if (/^\d+$/.test(w)) return 'number';
  return 'other';
}

/**
 * Whether ` - ` between `before` and `after` joins two values of one kind (times, dates or numbers);
 * a last word of `am`/`pm` or of 2-5 letters (a zone: `10:00 PST - 11:00`) is looked past.
 */
export function isRange(before: string, after: string): boolean {
  const prev = before.trim().split(' ');
  let last = prev[prev.length - 1] ?? '';
  if (/^(?:[ap]\.?m\.?|[A-Z]{2,5})$/i.test(last) && prev.length > 1) last = prev[prev.length - 2] ?? '';
  const next = after.trim().split(' ')[0] ?? '';
  const kind = tokenKind(last);
  return kind !== 'other' && kind === tokenKind(next);
}
