/**
 * Where a list item or a quote line may start between strong blocks: a bullet (`-`, `*`, `+`), an
 * ordered marker (`1.`, `1)`, up to 9 digits) or a `>`, after a space and outside protected text.
 * Whether one does start a line is decided in lists.ts.
 */
import { MAX_QUOTE_DEPTH } from './quotes.ts';

/** A marker that may start a list item or a quote line. */
export interface Candidate {
  kind: 'bullet' | 'ordered' | 'quote';
  /** Index of the marker. */
  start: number;
  /** Index of the item's or quote line's content. */
  content: number;
  /** The bullet character, the ordered marker's `.` or `)`, or `>`. */
  ch: string;
  /** The ordered marker's number; 0 for bullets and quotes. */
  num: number;
}

/**
 * The markers of `s` from `a` to `b`, in order, outside protected text (`mask`, see protect.ts). `>`
 * is left out once `depth` quotes are open and that is the most rebuilt (MAX_QUOTE_DEPTH).
 */
export function candidates(s: string, a: number, b: number, mask: Uint8Array, depth: number): Candidate[] {
  const out: Candidate[] = [];
  const text = s.slice(a, b);
  for (const m of text.matchAll(/(?<=^| )(?:([-*+])|(\d{1,9})([.)])|(>))(?= \S|(?<=>)\S|(?<=>)$)/g)) {
    const start = a + m.index;
    if (mask[start] !== 0) continue;
    if (m[4]) {
      if (depth >= MAX_QUOTE_DEPTH) continue;
      out.push({ kind: 'quote', start, content: start + 1, ch: '>', num: 0 });
    } else if (m[1]) {
      out.push({ kind: 'bullet', start, content: start + 2, ch: m[1], num: 0 });
    } else {
      const digits = m[2] ?? '0';
      out.push({ kind: 'ordered', start, content: start + digits.length + 2, ch: m[3] ?? '.', num: Number(digits) });
    }
  }
  return out;
}
