/**
 * Strong blocks found by one pattern each: fenced code (found by protect.ts, re-emitted with its info
 * string on the opening line), HTML comments at the start or after a space, thematic breaks (`---`, `***`, `___`
 * alone), link reference definitions (`[id]: https://...`, with an optional title) and footnote
 * definitions (`[^1]: ...`, which only mark a block boundary; their text goes on as a paragraph).
 */
import { isSpaceAt } from './chars.ts';
import { CODE, FENCED, type Protection } from './protect.ts';

/** A strong block: its stretch of the flattened line and its restored markdown (`''` for a bare boundary). */
export interface Block { start: number; end: number; text: string }

/**
 * The fences, comments, thematic breaks and definitions of `s` from `from` on (not in order). Breaks
 * and definitions where `taken(i)` is true (inside a table) are skipped.
 */
export function findOtherBlocks(s: string, from: number, prot: Protection, taken: (i: number) => boolean): Block[] {
  const blocks: Block[] = [];
  for (const fence of prot.fences) {
    if (fence.start < from) continue;
    const body = s.slice(fence.start, fence.end);
    const open = /^`+/.exec(body)?.[0] ?? '```';
    const close = /`+$/.exec(body)?.[0] ?? open;
    const inner = body.slice(open.length, body.length - close.length);
    const info = inner.startsWith(' ') ? '' : (/^\S*/.exec(inner)?.[0] ?? '');
    const code = inner.slice(info.length).trim();
    const lines = [open + info];
    if (code) lines.push(code);
    lines.push(close);
    blocks.push({ start: fence.start, end: fence.end, text: lines.join('\n') });
  }
  for (const comment of prot.comments) {
    if (comment.start >= from && isSpaceAt(s, comment.start - 1)) {
      blocks.push({ start: comment.start, end: comment.end, text: s.slice(comment.start, comment.end) });
    }
  }
  for (const m of s.slice(from).matchAll(/(?<=^| )(?:-{3,}|\*{3,}|_{3,})(?= |$)/g)) {
    const start = from + m.index;
    if (prot.mask[start] === 0 && !taken(start)) blocks.push({ start, end: start + m[0].length, text: m[0] });
  }
  for (const m of s.slice(from).matchAll(/(?<=^| )\[(\^?)[^\]\s][^\]]{0,99}\]: (?:<[^>]*>|\S+)/g)) {
    const start = from + m.index;
    const masked = prot.mask[start];
    if (masked === CODE || masked === FENCED || taken(start)) continue;
    if (m[1] === '^') {
      blocks.push({ start, end: start, text: '' });
      continue;
    }
    const dest = m[0].slice(m[0].indexOf(']: ') + 3);
    if (!/[/.#:]/.test(dest)) continue;
    let end = start + m[0].length;
    const title = /^ (?:"[^"]{0,200}"|'[^']{0,200}'|\([^)]{0,200}\))(?= |$)/.exec(s.slice(end, end + 210));
    if (title) end += title[0].length;
    blocks.push({ start, end, text: s.slice(start, end) });
  }
  return blocks;
}
