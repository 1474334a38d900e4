/**
 * Step 4, closed ATX headings (`## Summary ##`). A document is "closed style" when at least half of
 * its headings are followed, after a heading-only text, by a run of as many `#`. Only then do runs
 * close headings (of any length: `### March 12 19:57 ##`); a run followed by a section name or a time
 * (`# Title ## Summary ## body`, `## Overview ## Action items - x`) opens a heading instead.
 */
import type { Block } from './blocks.ts';
import type { HashRun } from './hash-runs.ts';
import { TITLE_MAX, hasBodySigns } from './heading-end.ts';
import { matchSectionName, sectionHeadingEnd } from './section-names.ts';
import { matchStamp } from './stamps.ts';

/**
 * For each of `runs` (in order, outside `blocks`), whether it closes the heading before it; all false
 * unless the line `s` is in closed style (see the module comment).
 */
export function closedStyle(s: string, runs: HashRun[], blocks: Block[]): boolean[] {
  const closer: boolean[] = runs.map(() => false);
  // blocks starting before each position, to ask "is there a block between a and b" in O(1)
  const startsBefore = new Int32Array(s.length + 1);
  for (const block of blocks) if (block.start < s.length) startsBefore[block.start + 1] = (startsBefore[block.start + 1] ?? 0) + 1;
  for (let i = 1; i <= s.length; i++) startsBefore[i] = (startsBefore[i] ?? 0) + (startsBefore[i - 1] ?? 0);
  const blockBetween = (a: number, b: number): boolean => (startsBefore[b] ?? 0) - (startsBefore[a] ?? 0) > 0;
  let openers = 0;
  let equal = 0;
  for (let i = 0; i < runs.length; i++) {
    const o = runs[i];
    const r = runs[i + 1];
    if (!o) break;
    openers++;
    if (!r || blockBetween(o.end, r.start)) continue;
    if (!isPureHeading(s.slice(o.end, r.start))) continue;
    const r2 = runs[i + 2];
    const uEnd = r2 ? r2.start : s.length;
    const u = s.slice(r.end, Math.min(uEnd, r.end + 200));
    // `# Title ## Summary ## body`, `## Overview ## Action items - x`: the run opens a heading
    const opensHeading = startsLikeHeading(u) || (r2 !== undefined && r2.level === r.level &&
      r.level !== o.level && uEnd - r.end <= TITLE_MAX + 2 && !blockBetween(r.end, r2.start) && isPureHeading(u));
    const isCloser = u.trim() === '' || !opensHeading;
    if (isCloser) {
      closer[i + 1] = true;
      if (r.level === o.level) equal++;
      i++;
    }
  }
  const closed = equal >= 1 && equal * 2 >= openers;
  return closed ? closer : runs.map(() => false);
}

/** Whether `text` starts with what only a heading starts with: a section name, a time, `{{`. */
function startsLikeHeading(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('{{') || matchSectionName(t) > 0) return true;
  const stamp = matchStamp(t);
  return stamp !== null && (stamp.hasTime || stamp.length >= t.length);
}

/** Whether a text between two `#` runs is a whole heading (closed ATX candidate). */
function isPureHeading(text: string): boolean {
  const t = text.trim();
  if (t === '' || t.length > TITLE_MAX) return false;
  if (/^\{\{.*\}\}$/.test(t)) return true;
  const stamp = matchStamp(t);
  if (stamp) {
    if (stamp.length >= t.length) return true;
    if (stamp.hasTime && !/^ ?(?:-|–|—|:) /.test(t.slice(stamp.length))) return false;
  }
  const name = sectionHeadingEnd(t);
  if (name > 0) return name >= t.length;
  const count = t.split(' ').length;
  return count <= 10 && !/[.!?;] /.test(t) && !/\.$/.test(t) && !hasBodySigns(t, 2);
}
