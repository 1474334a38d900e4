/**
 * The restorer: each flattened line goes through the steps in order (see index.ts for the overview):
 * front matter (first line only), protected text, strong blocks, closed headings, heading ends, then
 * lists, quotes and paragraphs in the regions between, assembled into blocks. Blocks are separated by
 * a blank line.
 */
import { assemble } from './assemble.ts';
import { collapse } from './chars.ts';
import { closedStyle } from './closed-headings.ts';
import { frontMatter } from './front-matter.ts';
import { headingEnd } from './heading-end.ts';
import { flow } from './lists.ts';
import { protect } from './protect.ts';
import { strongBlocks } from './strong-blocks.ts';

/**
 * Rebuild line breaks without first asking `looksFlattened`: for callers that know the text lost
 * its line breaks (a form field, a JSON export), whatever its length. Each existing non-blank line is
 * restored on its own; front matter is looked for on the first one only. Returns the markdown ending
 * in a newline (`''` for blank input). Never throws: on an internal failure the text comes back with
 * its lines as given.
 */
export function restoreLineBreaks(text: string): string {
  const lines = String(text).split(/\r\n|\r|\n/).map(collapse).filter((line) => line !== '');
  if (lines.length === 0) return '';
  try {
    const blocks: string[] = [];
    lines.forEach((line, index) => append(blocks, restoreLine(line, index === 0, 0)));
    return blocks.join('\n\n') + '\n';
  } catch {
    return lines.join('\n\n') + '\n';
  }
}

/** `target.push(...items)` without the argument-count limit of a spread. */
function append(target: string[], items: string[]): void {
  for (const item of items) target.push(item);
}

type Event =
  | { kind: 'hash'; start: number; end: number; level: number; closer: boolean }
  | { kind: 'block'; start: number; end: number; text: string };

/**
 * The blocks of one flattened line, in order. `allowFrontMatter`: the line is the document's first;
 * `depth`: block quotes open around it (0 for a document line, 1 inside a quote).
 */
function restoreLine(line: string, allowFrontMatter: boolean, depth: number): string[] {
  const s = line;
  const out: string[] = [];
  let from = 0;
  if (allowFrontMatter) {
    const fm = frontMatter(s);
    if (fm) {
      out.push(fm.block);
      from = fm.end;
    }
  }
  const prot = protect(s);
  const { runs, blocks } = strongBlocks(s, from, prot);
  const closers = closedStyle(s, runs, blocks);
  const events: Event[] = [
    ...runs.map((r, i): Event => ({ kind: 'hash', start: r.start, end: r.end, level: r.level, closer: closers[i] ?? false })),
    ...blocks.map((b): Event => ({ kind: 'block', start: b.start, end: b.end, text: b.text })),
  ].sort((x, y) => x.start - y.start);
  // paragraphs, lists and quotes between strong blocks; a quote line's content is a line of its own
  const restoreQuote = (content: string): string[] => restoreLine(content, false, depth + 1);
  const region = (a: number, b: number, boundary: boolean, quoteBefore: boolean): { blocks: string[]; quoting: boolean } => {
    const found = flow(s, a, b, boundary, prot.mask, depth, quoteBefore);
    return { blocks: assemble(s, found.pieces, restoreQuote), quoting: found.quoting };
  };

  let pos = from;
  let boundary = true;
  // a quote interrupted by a code block or rule goes on after it (chat logs in an appendix)
  let quoting = false;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    if (!ev) break;
    if (ev.start > pos) {
      const between = region(pos, ev.start, boundary, quoting);
      append(out, between.blocks);
      quoting = between.quoting;
    }
    if (ev.kind === 'block') {
      if (ev.text) out.push(ev.text);
      pos = Math.max(pos, ev.end);
      boundary = true;
      continue;
    }
    if (ev.closer) {
      pos = ev.end;
      continue;
    }
    quoting = false;
    const next = events[i + 1];
    const regionEnd = next ? next.start : s.length;
    const textStart = Math.min(regionEnd, ev.end + 1);
    const hashes = s.slice(ev.start, ev.end);
    if (next && next.kind === 'hash' && next.closer) {
      const text = s.slice(textStart, next.start).trim();
      out.push(`${hashes} ${text} ${s.slice(next.start, next.end)}`.replace(/ {2,}/g, ' '));
      pos = next.end;
      i++;
    } else {
      const end = textStart < regionEnd ? headingEnd(s, textStart, regionEnd, ev.level) : regionEnd;
      const text = s.slice(textStart, end).trim();
      out.push(text ? `${hashes} ${text}` : hashes);
      pos = end;
    }
    boundary = true;
  }
  if (pos < s.length) append(out, region(pos, s.length, boundary, quoting).blocks);
  return out;
}
