/**
 * ATX heading markers in a flattened line: a run of 1-6 `#` between spaces, except a lone `#` before
 * a bare number (`# 12`), a run right after a quote marker (`> ## x` stays in the quote) and a run in
 * protected text.
 */
import { isSpaceAt, trimEndIndex } from './chars.ts';

/** A run of `#` that may open (or, in closed style, close) a heading. */
export interface HashRun {
  start: number;
  end: number;
  /** Number of `#`, 1-6. */
  level: number;
}

/** The heading markers of `s` from `from` on, in order; `mask` is the protection mask (see protect.ts). */
export function findHashRuns(s: string, from: number, mask: Uint8Array): HashRun[] {
  const runs: HashRun[] = [];
  for (const m of s.slice(from).matchAll(/(?<=^| )#{1,6}(?= |$)/g)) {
    const start = from + m.index;
    if (mask[start] !== 0) continue;
    const after = s.slice(start + m[0].length, start + m[0].length + 20);
    if (m[0].length === 1 && /^ \d+[,;)]?(?: |$)/.test(after)) continue;
    const before = trimEndIndex(s, 0, start);
    if (before > 0 && s[before - 1] === '>' && isSpaceAt(s, before - 2) && before < start) continue;
    runs.push({ start, end: start + m[0].length, level: m[0].length });
  }
  return runs;
}

