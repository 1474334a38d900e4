/**
 * Step 2, protected text, where nothing splits: code spans; fenced code (a run of 3+ backticks after
 * a space, closed by a run at least as long between spaces; a long run glued to text, as in
 * ```` ```text``` ````, makes it a code span instead; ```` ```bash ```` keeps its info string because
 * no space followed it); HTML comments; autolinks; bracketed text up to 200 characters with its
 * `(destination)`. Later steps ask the mask before taking any marker.
 */
import { isSpaceAt } from './chars.ts';

/** A stretch of the line: `start` inclusive, `end` exclusive. */
export interface Span { start: number; end: number }

/** Mask value of code spans and autolinks. */
export const CODE = 1;
/** Mask value of bracketed text (link text and its destination or reference). */
const BRACKET = 2;
/** Mask value of fenced code and HTML comments. */
export const FENCED = 3;

/** What `protect` found in a line. */
export interface Protection {
  /** CODE, BRACKET or FENCED where that protection applies, else 0. */
  mask: Uint8Array;
  /** Fenced code, from the opening run to the end of the closing run, in order. */
  fences: Span[];
  /** HTML comments, `<!--` to `-->` inclusive, in order. */
  comments: Span[];
}

/** Longest stretch scanned for a fence's closing run, in backtick runs. */
const FENCE_SCAN = 500;

/**
 * The protected text of the flattened line `s` (see the module comment). An unclosed comment, code
 * span or bracket protects nothing.
 */
export function protect(s: string): Protection {
  const mask = new Uint8Array(s.length);
  const fences: Span[] = [];
  const comments: Span[] = [];
  const mark = (start: number, end: number, value: number): void => {
    for (let i = start; i < end; i++) if (mask[i] === 0) mask[i] = value;
  };

  for (let i = s.indexOf('<!--'); i >= 0; i = s.indexOf('<!--', i)) {
    const end = s.indexOf('-->', i + 4);
    if (end < 0) break;
    comments.push({ start: i, end: end + 3 });
    mark(i, end + 3, FENCED);
    i = end + 3;
  }

  const runs: Span[] = [];
  for (const m of s.matchAll(/`+/g)) {
    if (mask[m.index] === 0) runs.push({ start: m.index, end: m.index + m[0].length });
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((run, index) => {
    const len = run.end - run.start;
    const list = byLength.get(len);
    if (list) list.push(index);
    else byLength.set(len, [index]);
  });
  const pointer = new Map<number, number>();
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (!run) break;
    const len = run.end - run.start;
    if (len >= 3 && isSpaceAt(s, run.start - 1)) {
      let closer = -1;
      // closed by a later run at least as long standing between spaces; a long run glued to the
      // text before it means the opener was an inline code span (```text```), not a fence
      for (let k = r + 1; k < runs.length && k <= r + FENCE_SCAN; k++) {
        const c = runs[k];
        if (!c || c.end - c.start < len) continue;
        if (!isSpaceAt(s, c.start - 1)) break;
        if (isSpaceAt(s, c.end)) {
          closer = k;
          break;
        }
      }
      const close = runs[closer];
      if (close) {
        fences.push({ start: run.start, end: close.end });
        mark(run.start, close.end, FENCED);
        r = closer;
        continue;
      }
    }
    const same = byLength.get(len) ?? [];
    let p = pointer.get(len) ?? 0;
    while (p < same.length && (same[p] ?? Infinity) <= r) p++;
    pointer.set(len, p);
    const match = same[p];
    const end = match === undefined ? undefined : runs[match];
    if (match !== undefined && end) {
      mark(run.start, end.end, CODE);
      r = match;
    }
  }

  for (const m of s.matchAll(/<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>/g)) {
    mark(m.index, m.index + m[0].length, CODE);
  }

  for (let i = s.indexOf('['); i >= 0; i = s.indexOf('[', i + 1)) {
    if (mask[i] !== 0) continue;
    const close = matching(s, i, '[', ']', 200);
    if (close < 0) continue;
    let end = close + 1;
    if (s[end] === '(') {
      const paren = matching(s, end, '(', ')', 500);
      if (paren > 0) end = paren + 1;
    } else if (s[end] === '[') {
      const ref = matching(s, end, '[', ']', 100);
      if (ref > 0) end = ref + 1;
    }
    mark(i + 1, end, BRACKET);
    i = Math.max(i, close - 1);
  }
  return { mask, fences, comments };
}

/** Index of the bracket closing the one at `open`, within `limit` characters, else -1. */
function matching(s: string, open: number, left: string, right: string, limit: number): number {
  let depth = 0;
  const stop = Math.min(s.length, open + limit);
  for (let i = open; i < stop; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === left) depth++;
    else if (c === right && --depth === 0) return i;
  }
  return -1;
}
