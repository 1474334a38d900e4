/**
 * Step 7, paragraphs that were several: one that starts with a clock time and holds at least 3
 * `time Capitalised` lines is a plain-lines timeline, one paragraph per time; one that starts with a
 * known `Key:` gets a line break before each known key (`Created By: x Last Modified: y`). Other
 * paragraph breaks inside a section cannot be recovered.
 */
import { isUpper } from './chars.ts';
import { clockLines } from './stamps.ts';
import { META_KEYS } from './vocabulary.ts';

/**
 * A paragraph that cannot be told from several: a plain-lines timeline becomes one paragraph per
 * time (at least 3, and the text must start with one); a block of `Key: value` metadata lines gets
 * its line breaks back (known keys only: `Created By:`, `Last Modified:`, ...). Otherwise `[text]`.
 */
export function splitParagraph(text: string): string[] {
  const clocks = clockLines(text);
  if (clocks.length >= 3 && clocks[0] === 0) {
    return clocks.map((start, i) => text.slice(start, clocks[i + 1] ?? text.length).trim());
  }
  if (!/^[\p{Lu}][\w-]*(?: [\w-]+){0,2}: /u.test(text) || metaKeyEnding(text, text.indexOf(': ')) !== 0) return [text];
  const lines: string[] = [];
  let start = 0;
  for (let colon = text.indexOf(': '); colon >= 0; colon = text.indexOf(': ', colon + 2)) {
    const key = metaKeyEnding(text, colon);
    if (key > start) {
      lines.push(text.slice(start, key).trim());
      start = key;
    }
  }
  lines.push(text.slice(start).trim());
  return [lines.join('\n')];
}

/** Start of a known metadata key (1-3 words, capitalised) that ends at `colon`, else -1. */
function metaKeyEnding(text: string, colon: number): number {
  if (colon < 0) return -1;
  const before = text.slice(Math.max(0, colon - 40), colon);
  const offset = colon - before.length;
  const parts = before.split(' ');
  for (let n = Math.min(3, parts.length); n >= 1; n--) {
    const key = parts.slice(parts.length - n).join(' ');
    if (META_KEYS.has(key.toLowerCase()) && isUpper(key[0])) {
      const start = offset + before.length - key.length;
      return start === 0 || text[start - 1] === ' ' ? start : -1;
    }
  }
  return -1;
}
