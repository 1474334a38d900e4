/**
 * Telling a flattened document from an ordinary one. Collapsing line breaks leaves one long line full
 * of block markers that can only stand after a space (` ## Heading`, ` 1. item`, ` | --- |`), so a
 * few long lines carrying such markers are the sign; a well-formed document has many short lines.
 */
import { collapse } from './chars.ts';

/** A line this long (characters) or longer is needed before a document can look flattened. */
const MIN_LONGEST_LINE = 400;
/** A flattened document has at most this many non-blank lines. */
const MAX_LINES = 3;
/** Inline block markers needed; at least one must be a heading, table delimiter or front matter. */
const MIN_MARKERS = 2;

/**
 * Whether `text` looks like a markdown document whose line breaks were collapsed: at most 3 non-blank
 * lines, the longest at least 400 characters, and at least 2 inline block markers on it (` ## Heading`,
 * ` 1. item`, ` - item`, ` | --- |` table delimiters, `--- title: x` front matter), of which at least
 * one is a heading, a table delimiter or front matter. Never throws.
 */
export function looksFlattened(text: string): boolean {
  if (typeof text !== 'string') return false;
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0 || lines.length > MAX_LINES) return false;
  let longest = '';
  for (const line of lines) if (line.length > longest.length) longest = line;
  if (longest.length < MIN_LONGEST_LINE) return false;
  const flat = collapse(longest);
  const strong =
    count(flat, /(?:^| )#{1,6} (?!\d+(?: |$))\S/g) +
    count(flat, /(?:^| )\|(?: ?:?-+:? ?\|)+/g) +
    (/^--- [A-Za-z_][\w-]*: /.test(collapse(lines[0] ?? '')) ? 1 : 0);
  if (strong === 0) return false;
  const weak =
    count(flat, /[.!?:] (?:\d{1,3}[.)]|[-*+]) \S/g) +
    count(flat, /(?:^| )(?:[-*+]|\d{1,3}[.)]) \[[ xX]\] /g);
  return strong + weak >= MIN_MARKERS;
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}
