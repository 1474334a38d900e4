/**
 * Step 5, where an open heading's text ends; the first rule that applies:
 *
 * - `{{ template }}` ends at `}}`.
 * - A date/time stamp with a time (`2018-01-25 14:30`, `16:05:57-58`, `May 1 2019, 3:18 PM PDT`,
 *   `~16:06 - 16:16`) ends the heading, unless a separator (` - `, `: `) introduces a title rather
 *   than a list; a day over a plain-lines timeline (`## July 22 1:03 First alert fires 5:00 ...`)
 *   ends after the date; a date-only stamp or an H1 goes on as a title.
 * - A usual section name (see section-names.ts, with an optional `(parenthetical)`, `?` or `:`) ends
 *   it unless a lowercase connector (`of`, `on`, ...) follows.
 * - Otherwise the title rule: a text of at most 100 characters up to the next strong block, without
 *   sentence punctuation or list markers, is all heading; else the heading ends before a sentence
 *   starter (`The`, `We`, `(This`), a capitalised word after a lowercase non-connector, a `Key:` label
 *   (`Created By:`), a list or quote marker, a clock time (with its preposition: `outage between
 *   ~4pm`), or after a word ending in `.`/`!`/`?`; at 12 words it ends after its leading Title Case
 *   run.
 *
 * A short heading is preferred to a long one.
 */
import { isLower, isUpper } from './chars.ts';
import { sectionHeadingEnd } from './section-names.ts';
import { clockLines, isClockWord, matchStamp } from './stamps.ts';
import { CONNECTORS, META_KEYS, PREPOSITIONS } from './vocabulary.ts';

/** Longest heading text (characters) taken whole when nothing in it looks like body text. */
export const TITLE_MAX = 100;
/** Words after which a heading is considered to have run into its body. */
const HEADING_MAX_WORDS = 12;

/** Capitalised words that start a sentence rather than go on with a heading. */
const STARTERS = new Set([
  'The', 'This', 'That', 'These', 'Those', 'We', 'Our', 'Us', 'I', 'It', 'Its', "It's", 'There',
  'They', 'Their', 'On', 'At', 'In', 'During', 'After', 'Before', 'When', 'While', 'Whilst', 'A',
  'An', 'All', 'Some', 'Most', 'Many', 'Several', 'Each', 'Every', 'Both', 'No', 'None', 'Since',
  'As', 'Around', 'About', 'Today', 'Yesterday', 'Due', 'Because', 'Although', 'Though', 'If',
  'Once', 'Then', 'Also', 'Following', 'Starting', 'Between', 'From', 'For', 'To', 'Users',
  'Customers', 'Nobody', 'Someone', 'Everyone', 'Here', 'Please', 'Note', 'See', 'Edited',
]);

interface Word { start: number; end: number; text: string }

function words(text: string, from: number): Word[] {
  const out: Word[] = [];
  for (const m of text.slice(from).matchAll(/\S+/g)) {
    out.push({ start: from + m.index, end: from + m.index + m[0].length, text: m[0] });
  }
  return out;
}

/**
 * Whether a heading-sized text contains something only body text has: sentence punctuation, a list
 * marker, a `Key: ` label. ` - [`, ` - **`, ` - 1` count only below an H1 (`level` > 1).
 */
export function hasBodySigns(text: string, level: number): boolean {
  return (
    /[.!?;] /.test(text.trim()) ||
    / \d{1,3}[.)] /.test(` ${text} `) ||
    / [*+] /.test(` ${text} `) ||
    (level > 1 && / - (?:\[|\*\*|\d)/.test(` ${text} `)) ||
    /(?:^| )\p{Lu}[\w-]*(?: [\w-]+)?: /u.test(text.replace(/^[^ ]+: /, ''))
  );
}

/**
 * End (exclusive, index into `s`) of a heading's text that starts at `a`, with its region ending at
 * `b` (the next strong block), for a heading of `level` (1-6); see the module comment. At most 400
 * characters are looked at. Prefers a short heading over swallowing body text.
 */
export function headingEnd(s: string, a: number, b: number, level: number): number {
  const window = s.slice(a, Math.min(b, a + 400));
  if (window.startsWith('{{')) {
    const close = window.indexOf('}}');
    if (close >= 0) return a + close + 2;
  }
  const stamp = matchStamp(window);
  if (stamp) {
    if (stamp.hasTime && stamp.dateLength > 0 && clockLines(window.slice(stamp.dateLength)).length >= 3) {
      return a + stamp.dateLength; // `## July 22 1:03 First alert fires 5:00 ...`: a day over plain lines
    }
    const after = window.slice(stamp.length);
    const sep = /^ ?(?:-|–|—|:|\|) /.exec(after);
    if (stamp.hasTime && level > 1 && (!sep || / - [^a-z\s]/.test(after.slice(sep[0].length)))) {
      return a + stamp.length; // `### 1:06 PM - item - item`: a list follows
    }
    const from = stamp.length + (sep ? sep[0].length : 0);
    return a + titleEnd(window, from, level, b - a, from === stamp.length && level > 1 ? 0 : 1);
  }
  const name = sectionHeadingEnd(window);
  if (name > 0) return a + name;
  return a + titleEnd(window, 0, level, b - a, 0);
}

/**
 * End of a title-like heading inside `text` (the heading's window), scanning words from `from`.
 * `regionLength` is the length up to the next strong block; `before` counts heading words already
 * taken (a stamp).
 */
function titleEnd(text: string, from: number, level: number, regionLength: number, before: number): number {
  const rest = text.slice(from);
  if (regionLength <= TITLE_MAX && text.length === regionLength && !hasBodySigns(rest, level) && !/\.$/.test(rest.trim())) {
    return text.length;
  }
  const list = words(text, from);
  let capRunEnd = from;
  let inCapRun = true;
  for (let k = 0; k < list.length; k++) {
    const w = list[k];
    if (!w) break;
    const taken = before + k;
    const prev = list[k - 1];
    const prevText = prev ? prev.text : '';
    const first = w.text[0];
    if (taken >= 1) {
      if (/^\d{1,9}[.)]$/.test(w.text) || w.text === '*' || w.text === '+' || w.text.startsWith('>')) return endBefore(prev, from);
      if (w.text === '-' && level > 1 && !isLower(list[k + 1]?.text[0])) return endBefore(prev, from);
      if (w.text.startsWith('<!--')) return endBefore(prev, from);
      if (STARTERS.has(w.text.replace(/^[("'*_]+/, '').replace(/[,:]$/, ''))) return endBefore(prev, from);
      if (w.text.endsWith(':')) {
        const two = `${prevText} ${w.text.slice(0, -1)}`.toLowerCase();
        if (prev && META_KEYS.has(two) && k >= 1) return endBefore(list[k - 2], from);
        if (isUpper(first)) return endBefore(prev, from);
      }
      if (isClockWord(w.text)) {
        if (prev && PREPOSITIONS.has(prevText.toLowerCase()) && k >= 1) return endBefore(list[k - 2], from);
        return endBefore(prev, from);
      }
      if (
        isUpper(first) && /\p{Ll}/u.test(w.text.slice(1)) && prev && isLower(prevText[0]) &&
        !CONNECTORS.has(prevText.toLowerCase()) && taken >= 2
      ) {
        return endBefore(prev, from);
      }
    }
    if (/[.!?]$/.test(w.text) && !/^(?:e\.g\.|i\.e\.|vs\.|etc\.|v?\d[\w.]*)$/i.test(w.text)) return w.end;
    if (inCapRun && (isUpper(first) || /^[\d~#({[]/.test(w.text) || CONNECTORS.has(w.text.toLowerCase()))) {
      capRunEnd = w.end;
    } else inCapRun = false;
    if (taken + 1 >= HEADING_MAX_WORDS) return capRunEnd > from ? capRunEnd : w.end;
  }
  return text.length === regionLength ? text.length : capRunEnd > from ? capRunEnd : text.length;
}

/** End of a heading that stops after word `prev` (at `from` when no word precedes). */
function endBefore(prev: Word | undefined, from: number): number {
  return prev ? prev.end : from;
}

