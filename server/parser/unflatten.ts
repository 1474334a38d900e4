/**
 * Restoring the line breaks of a "flattened" postmortem: a markdown document whose line breaks were
 * collapsed into single spaces (chat pastes, web forms, JSON exports that lost their newlines).
 * Collapsing keeps one fact we build on: every former line break is now a space, so a block marker
 * can only stand after a space. The restorer finds those markers and decides, marker by marker,
 * whether a line began there. Outside block quotes it only inserts white space; inside them it
 * re-emits the `>` of each quote line (consecutive blank quote lines become one).
 *
 * Heuristics, in the order they run on each non-blank input line:
 *
 * 1. Front matter: a first line starting `--- key: ...` with a later ` --- ` becomes a YAML block, one
 *    `key:` per line. A key splits only outside quotes, brackets and braces, and only when it is a
 *    usual front-matter key (title, date, tags, ...) or a snake/kebab-case word; `key: - a - b`
 *    becomes a YAML sequence. Nested mappings cannot be told apart and stay flat.
 * 2. Protected text, where nothing splits: code spans; fenced code (a run of 3+ backticks after a
 *    space, closed by a run at least as long between spaces; a long run glued to text, as in
 *    ```` ```text``` ````, makes it a code span instead; ```` ```bash ```` keeps its info string
 *    because no space followed it); HTML comments; autolinks; bracketed text up to 200 characters with
 *    its `(destination)`.
 * 3. Strong blocks, which always start a line: fenced code; tables, found by their delimiter row
 *    (`| --- | :-: |`, whose cell count is the column count; the header is as many cells before it;
 *    body rows follow while the next row starts with a pipe, with or without closing pipes); HTML
 *    comments; thematic breaks (`---`, `***`, `___` alone); link reference and footnote definitions
 *    (`[id]: https://...`); ATX headings: a run of 1-6 `#` between spaces, except a lone `#` before a
 *    bare number (`# 12`) and a run right after a quote marker.
 * 4. Closed ATX headings (`## Summary ##`): a document is "closed style" when at least half of its
 *    headings are followed, after a heading-only text, by a run of as many `#`. Only then do runs
 *    close headings (of any length: `### March 12 19:57 ##`); a run followed by a section name or a
 *    time (`# Title ## Summary ## body`, `## Overview ## Action items - x`) opens a heading instead.
 * 5. Where an open heading's text ends, first rule that applies:
 *    `{{ template }}` ends at `}}`; a date/time stamp with a time (`2018-01-25 14:30`, `16:05:57-58`,
 *    `May 1 2019, 3:18 PM PDT`, `~16:06 - 16:16`) ends the heading, unless a separator (` - `, `: `)
 *    introduces a title rather than a list; a day over a plain-lines timeline (`## July 22 1:03 First
 *    alert fires 5:00 ...`) ends after the date; a date-only stamp or an H1 goes on as a title; a
 *    usual section name (Summary, Root cause, What went well, ... longest match first, case-
 *    insensitive, with an optional `(parenthetical)`, `?` or `:`) ends it unless a lowercase connector
 *    (`of`, `on`, ...) follows. Otherwise the title rule: a text of at most 100 characters up to the
 *    next strong block, without sentence punctuation or list markers, is all heading; else the
 *    heading ends before a sentence starter (`The`, `We`, `(This`), a capitalised word after a
 *    lowercase non-connector, a `Key:` label (`Created By:`), a list or quote marker, a clock time
 *    (with its preposition: `outage between ~4pm`), or after a word ending in `.`/`!`/`?`; at 12
 *    words it ends after its leading Title Case run. A short heading is preferred to a long one.
 * 6. Between strong blocks: lists and quotes. A list starts right after a block boundary (heading,
 *    table, rule ...), after sentence punctuation (`.!?:;`) with an ordered `1.`/`1)` or a bullet that
 *    does not start in lowercase and repeats (or follows a colon), without punctuation for `*`/`+`
 *    bullets that repeat, for a bullet that starts with a date/time (`- 14:02 deploy`), and after a
 *    paragraph that is only a date (`2019-01-22 - 2:54 PM ...`, the date line is kept apart); never
 *    inside an open parenthesis. An ordered marker continues its list when it counts on (`n+1`) or
 *    repeats (lazy `1.`), unless it follows `version`, `step`, ...; a bullet of the same character
 *    continues its list unless it starts in lowercase after no punctuation (`a - b`; allowed when the
 *    list's first item did), the item so far is only a date/time (`- 2023-02-01 - [link]`), or it
 *    would split a range (`14:02 - 14:10`, `40 - 60`). Bullets between ordered items that go on
 *    counting are nested under the ordered item. A `>` not before a digit, `=`, `<` or `-` starts a
 *    block quote after a boundary, after sentence punctuation, before a capital, or when a quote was
 *    open before the block that precedes it (chat logs cut by code); each later ` >` starts a quote
 *    line, and each quote line's content is restored recursively.
 * 7. Paragraphs: one that starts with a clock time and holds at least 3 `time Capitalised` lines is
 *    a plain-lines timeline, one paragraph per time; one that starts with a known `Key:` gets a line
 *    break before each known key (`Created By: x Last Modified: y`).
 * 8. Blocks are separated by a blank line; items of one list by a line break.
 *
 * Not recoverable: paragraph breaks inside a section, nesting of same-type lists, hard breaks, and the
 * end of a list or quote that a plain paragraph followed (the paragraph joins the last item or line).
 * Everything runs in linear time: scans are single passes or bounded look-arounds.
 */

/** A line this long (characters) or longer is needed before a document can look flattened. */
const MIN_LONGEST_LINE = 400;
/** A flattened document has at most this many non-blank lines. */
const MAX_LINES = 3;
/** Inline block markers needed; at least one must be a heading, table delimiter or front matter. */
const MIN_MARKERS = 2;
/** Longest heading text (characters) taken whole when nothing in it looks like body text. */
const TITLE_MAX = 100;
/** Words after which a heading is considered to have run into its body. */
const HEADING_MAX_WORDS = 12;
/** Nesting of block quotes rebuilt (deeper `>` stay text). */
const MAX_QUOTE_DEPTH = 1;

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

/**
 * Rebuild the line breaks of a flattened markdown document (see `looksFlattened`). Returns the
 * restored markdown, ending in a newline, or null when `text` does not look flattened. Never throws:
 * an internal failure also gives null.
 */
export function unflatten(text: string): string | null {
  try {
    return looksFlattened(text) ? restoreLineBreaks(text) : null;
  } catch {
    return null;
  }
}

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

// ---------------------------------------------------------------------------------------------
// Small helpers

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `target.push(...items)` without the argument-count limit of a spread. */
function append(target: string[], items: string[]): void {
  for (const item of items) target.push(item);
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}

const SPACE = 32;

function isSpaceAt(s: string, i: number): boolean {
  return i < 0 || i >= s.length || s.charCodeAt(i) === SPACE;
}

/** Index just after the last non-space character before `i` (or `from`). */
function trimEndIndex(s: string, from: number, i: number): number {
  let j = i;
  while (j > from && s.charCodeAt(j - 1) === SPACE) j--;
  return j;
}

// ---------------------------------------------------------------------------------------------
// Front matter

const FRONT_MATTER_KEYS = new Set([
  'title', 'date', 'time', 'author', 'authors', 'owner', 'owners', 'tags', 'categories', 'category',
  'name', 'about', 'labels', 'assignees', 'timezone', 'tz', 'severity', 'sev', 'priority', 'status',
  'summary', 'description', 'impact', 'id', 'incident', 'service', 'services', 'team', 'teams',
  'duration', 'started', 'start', 'detected', 'mitigated', 'resolved', 'end', 'ended', 'draft',
  'layout', 'slug', 'created', 'updated', 'modified', 'lastmod', 'permalink', 'subtitle', 'format',
  'toc', 'keywords', 'repo', 'repository', 'commander', 'reviewers', 'participants', 'attendees',
  'type', 'version', 'environment', 'region', 'components', 'links',
]);

interface FrontMatter { block: string; end: number }

function frontMatter(s: string): FrontMatter | null {
  if (!s.startsWith('--- ')) return null;
  const close = s.search(/ ---(?: |$)/);
  if (close < 4) return null;
  const body = s.slice(4, close);
  if (!/^[A-Za-z_][\w.-]*:(?: |$)/.test(body)) return null;
  const keyStarts: number[] = [0];
  let quote = '';
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      if (isSpaceAt(body, i - 1) || body[i - 2] === ':') quote = c;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ' ' && depth === 0) {
      const m = /^([A-Za-z_][\w.-]*):(?: |$)/.exec(body.slice(i + 1, i + 60));
      if (m && m[1] && (FRONT_MATTER_KEYS.has(m[1].toLowerCase()) || /[_-]/.test(m[1]))) keyStarts.push(i + 1);
    }
  }
  const lines: string[] = ['---'];
  keyStarts.forEach((start, k) => {
    const entry = body.slice(start, keyStarts[k + 1] ?? body.length).trim();
    const colon = entry.indexOf(':');
    const value = entry.slice(colon + 1).trim();
    if (value.startsWith('- ')) {
      lines.push(entry.slice(0, colon + 1));
      for (const item of value.slice(2).split(/ - /)) lines.push(`  - ${item.trim()}`);
    } else lines.push(entry);
  });
  lines.push('---');
  return { block: lines.join('\n'), end: close + 4 };
}

// ---------------------------------------------------------------------------------------------
// Protected text: code, comments, autolinks, bracketed text

interface Span { start: number; end: number }

/** Mask values: code spans and autolinks, bracketed text, fenced code and HTML comments. */
const CODE = 1;
const BRACKET = 2;
const FENCED = 3;

interface Protection {
  /** CODE, BRACKET or FENCED where that protection applies, else 0. */
  mask: Uint8Array;
  fences: Span[];
  comments: Span[];
}

/** Longest stretch scanned for a fence's closing run, in backtick runs. */
const FENCE_SCAN = 500;

function protect(s: string): Protection {
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

// ---------------------------------------------------------------------------------------------
// Date/time stamps at the start of a heading

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const DATE =
  `(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?|${MONTH} ${DAY}(?:,? \\d{4})?|${DAY} ${MONTH}(?:,? \\d{4})?)`;
const APPROX = '(?:~ ?|around |about |approx(?:\\.|imately)? |ca\\. |circa )';
const MERIDIEM = '(?: ?[ap]\\.?m\\.?|[ap])(?![\\w])';
const CLOCK = `(?:\\d{1,2}(?:[:.]\\d{2}){1,2}(?:${MERIDIEM})?|\\d{1,2}${MERIDIEM})`;
const ZONE =
  '(?: ?\\(?(?:UTC|GMT)(?:[+-]\\d{1,2}(?::?\\d{2})?)?\\)?| (?:PST|PDT|PT|MST|MDT|CST|CDT|EST|EDT|ET|CET|CEST|BST|IST|EEST|EET|WET|WEST|AEST|AEDT|JST|KST|SGT|HKT|NZST|NZDT)(?: \\(UTC[+-]\\d{1,2}(?::?\\d{2})?\\))?)';
const TIME = `${APPROX}?${CLOCK}~?(?: ?(?:-|–|—|to|until|and) ?${APPROX}?${CLOCK}|-\\d{2}(?!\\d))?${ZONE}?`;
const STAMP = new RegExp(
  `^${APPROX}?(?:(${DATE})(?:,? (?:at |around |between |from )?(${TIME}))?|(${TIME}))(?=$|[ ,;:)}])`,
  'i',
);
/** A clock time leading a line of a plain-lines timeline: `5:05 Incident declared.` */
const CLOCK_LED = /(?:^| )(?:~ ?)?\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?(?= [\p{Lu}@[~"'`*_])/gu;
const DATE_BEFORE = new RegExp(`(?:^| )${MONTH} ${DAY},?$`, 'i');

/**
 * Where the lines of a plain-lines timeline (`1:03 First alert fires 5:00 Engineers ...`) start in
 * `text`: clock times followed by a capitalised word, not after a preposition (`at 18:00 UTC`), moved
 * back over a date without year (`July 23 4:10 AM`).
 */
function clockLines(text: string): number[] {
  const starts: number[] = [];
  for (const m of text.matchAll(CLOCK_LED)) {
    const at = m.index + (m[0].startsWith(' ') ? 1 : 0);
    const from = Math.max(0, at - 30);
    const before = text.slice(from, at).trimEnd();
    const word = before.slice(before.lastIndexOf(' ') + 1).toLowerCase();
    if (PREPOSITIONS.has(word) || word === 'till') continue;
    const date = DATE_BEFORE.exec(before);
    starts.push(date ? from + date.index + (date[0].startsWith(' ') ? 1 : 0) : at);
  }
  return starts;
}

const CLOCK_WORD = new RegExp(`^${APPROX}?~?${CLOCK}[,.;:)]?$`, 'i');

interface Stamp {
  length: number;
  hasTime: boolean;
  /** Length up to the end of the date, 0 when the stamp has no date. */
  dateLength: number;
}

/** A date/time stamp at the very start of `text` (at most 120 characters are looked at). */
function matchStamp(text: string): Stamp | null {
  const m = STAMP.exec(text.slice(0, 120));
  if (!m) return null;
  const date = m[1];
  return {
    length: m[0].length,
    hasTime: Boolean(m[2] ?? m[3]),
    dateLength: date ? m[0].indexOf(date) + date.length : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Section names and words that shape a heading's end

const SECTION_NAMES: string[] = [
  'summary', 'executive summary', 'incident summary', 'overview', 'description', 'background',
  'context', 'timeline', 'timeline of events', 'detailed timeline', 'follow-up timeline', 'impact',
  'customer impact', 'user impact', 'impact on users', 'root cause', 'root causes',
  'root cause analysis', 'contributing factors', 'contributing factor', 'trigger', 'detection',
  'response', 'resolution', 'recovery', 'mitigation', 'remediation', 'conclusion', 'conclusions',
  'lessons learned', 'lessons learnt', 'learnings', 'what went well', 'what went wrong',
  'what went poorly', "what didn't go so well", 'what did not go so well', 'what could have gone better',
  'where we got lucky', 'action items', 'action item', 'actions', 'follow-up', 'follow-ups',
  'follow up', 'followups', 'follow-up improvements', 'follow-up actions', 'follow-up items',
  'next steps', 'appendix', 'apendix', 'appendinx', 'references', 'links', 'stats', 'statistics',
  'attendees', 'atendees', 'participants', 'process', 'monitoring', 'documentation',
  'supporting information', 'hub information', 'important information', 'update', 'updates',
  'questions', 'open questions', 'glossary', 'investigation', 'analysis', 'technical details',
  'details', 'notes', 'cleanup', 'technical improvements', 'documentation improvements',
  'process/policy improvements', 'process improvements', 'prevention', 'corrective actions',
  'after-action report', 'after action report', 'problem statement', 'workaround', 'communication',
  'communications', 'escalation', 'symptoms', 'fix', 'the fix', 'status', 'severity',
].sort((a, b) => b.length - a.length);

const CONNECTORS = new Set([
  'of', 'on', 'and', 'or', 'for', 'to', 'in', 'from', 'with', 'by', 'at', 'the', 'a', 'an', 'vs',
  'vs.', 'via', '&', '/', 'into', 'during', 'after', 'before', 'under', 'over', 'per', 'without',
]);

const PREPOSITIONS = new Set(['between', 'at', 'around', 'from', 'since', 'until', 'by', 'before', 'after', 'on', 'about']);

const STARTERS = new Set([
  'The', 'This', 'That', 'These', 'Those', 'We', 'Our', 'Us', 'I', 'It', 'Its', "It's", 'There',
  'They', 'Their', 'On', 'At', 'In', 'During', 'After', 'Before', 'When', 'While', 'Whilst', 'A',
  'An', 'All', 'Some', 'Most', 'Many', 'Several', 'Each', 'Every', 'Both', 'No', 'None', 'Since',
  'As', 'Around', 'About', 'Today', 'Yesterday', 'Due', 'Because', 'Although', 'Though', 'If',
  'Once', 'Then', 'Also', 'Following', 'Starting', 'Between', 'From', 'For', 'To', 'Users',
  'Customers', 'Nobody', 'Someone', 'Everyone', 'Here', 'Please', 'Note', 'See', 'Edited',
]);

const META_KEYS = new Set([
  'created by', 'last modified', 'last updated', 'author', 'authors', 'date', 'status', 'owner',
  'owners', 'severity', 'impact', 'duration', 'detected', 'resolved', 'started', 'incident commander',
  'reviewers', 'participants', 'written by', 'prepared by', 'updated', 'created', 'category',
  'time to detection', 'time to recovery', 'time to resolution', 'start time', 'end time',
  'incident date', 'review owner', 'impact time', 'ticket', 'slack channel', 'last edited',
]);

/** Words before an ordered marker that make it part of the sentence (`version 2. Then`). */
const NUMBER_WORDS = new Set([
  'version', 'v', 'step', 'steps', 'phase', 'stage', 'level', 'tier', 'part', 'page', 'section',
  'chapter', 'item', 'number', 'no', 'no.', 'rank', 'priority', 'p', 'sev', 'severity', 'issue', 'pr',
  'and', 'or', 'to', 'of', 'than', 'about', 'only', 'is', 'was', 'were', 'are',
]);

/** Length of the section name `text` starts with (word-bounded), else 0. */
function matchSectionName(text: string): number {
  const lower = text.slice(0, 60).toLowerCase();
  for (const name of SECTION_NAMES) {
    if (lower.startsWith(name) && !/[\w'-]/.test(lower[name.length] ?? ' ')) return name.length;
  }
  return 0;
}

/** After a section name: an optional `(parenthetical)`, `?`, `:` and closing emphasis. */
function extendSectionName(text: string, end: number): number {
  let e = end;
  const paren = /^ ?\([^()]{1,40}\)/.exec(text.slice(e, e + 45));
  if (paren) e += paren[0].length;
  const tail = /^[?:!]?/.exec(text.slice(e, e + 1));
  if (tail) e += tail[0].length;
  return e;
}

/** A lowercase joining word that keeps a heading going (`Impact on users`). */
function isConnector(word: string | undefined): boolean {
  return word !== undefined && CONNECTORS.has(word) && !isUpper(word[0]);
}

function isLower(c: string | undefined): boolean {
  return c !== undefined && /\p{Ll}/u.test(c);
}

function isUpper(c: string | undefined): boolean {
  return c !== undefined && /\p{Lu}/u.test(c);
}

// ---------------------------------------------------------------------------------------------
// Where a heading's text ends

interface Word { start: number; end: number; text: string }

function words(text: string, from: number): Word[] {
  const out: Word[] = [];
  for (const m of text.slice(from).matchAll(/\S+/g)) {
    out.push({ start: from + m.index, end: from + m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Whether a heading-sized text contains something only body text has. */
function hasBodySigns(text: string, level: number): boolean {
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
 * `b` (the next strong block). Prefers a short heading over swallowing body text.
 */
function headingEnd(s: string, a: number, b: number, level: number): number {
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
  const name = matchSectionName(window);
  if (name > 0) {
    const end = extendSectionName(window, name);
    const next = /^ (\S+)/.exec(window.slice(end));
    if (!next || !isConnector(next[1])) return a + end;
    return a + titleEnd(window, 0, level, b - a, 0);
  }
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
      if (CLOCK_WORD.test(w.text)) {
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
  const name = matchSectionName(t);
  if (name > 0) {
    const end = extendSectionName(t, name);
    if (end >= t.length) return true;
    const next = /^ (\S+)/.exec(t.slice(end));
    if (!next || !isConnector(next[1])) return false;
  }
  const count = t.split(' ').length;
  return count <= 10 && !/[.!?;] /.test(t) && !/\.$/.test(t) && !hasBodySigns(t, 2);
}

// ---------------------------------------------------------------------------------------------
// Strong blocks

interface HashRun { start: number; end: number; level: number }

interface Block { start: number; end: number; text: string }

function findHashRuns(s: string, from: number, mask: Uint8Array): HashRun[] {
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

/** Unescaped pipes outside fences and comments (GFM splits cells at pipes in code spans too). */
function pipePositions(s: string, from: number, mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = s.indexOf('|', from); i >= 0; i = s.indexOf('|', i + 1)) {
    if (s[i - 1] !== '\\' && mask[i] !== FENCED) out.push(i);
  }
  return out;
}

/**
 * Tables, found by their delimiter row (`| --- | :-: |`, closing pipe optional): its cell count is
 * the column count, the header is that many cells before it, and body rows follow while each next
 * row starts with a pipe. Rows may lack their closing pipe; a row's last pipe then opens the next
 * row when a full row follows. Only pipe-led tables are recognised.
 */
function findTables(s: string, from: number, prot: Protection, runs: HashRun[]): Block[] {
  const tables: Block[] = [];
  const pipes = pipePositions(s, from, prot.mask);
  const nextRun = (i: number): number => {
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((runs[mid]?.start ?? Infinity) <= i) lo = mid + 1;
      else hi = mid;
    }
    return runs[lo]?.start ?? s.length;
  };
  let limit = from;
  for (let k = 0; k < pipes.length; k++) {
    const p = pipes[k];
    if (p === undefined || p < limit || !isSpaceAt(s, p - 1)) continue;
    // the delimiter row
    let cells = 0;
    let j = k;
    let closed = true;
    for (;;) {
      const here = pipes[j];
      if (here === undefined) break;
      const next = pipes[j + 1];
      const cell = s.slice(here + 1, next ?? Math.min(s.length, here + 200));
      if (next !== undefined && /^ ?:?-+:? ?$/.test(cell)) {
        cells++;
        j++;
        continue;
      }
      if (/^ ?:?-+:?(?= |$)/.test(cell)) {
        cells++;
        closed = false;
      }
      break;
    }
    if (cells === 0) continue;
    const last = pipes[j] ?? p;
    // `| --- | --- | 2024 | x`: the pipe after the last dash cell opens the first row
    const opensRow = closed && !/^ ?(?:\||$)/.test(s.slice(last + 1, last + 3)) &&
      (pipes[j + cells - 1] ?? Infinity) < nextRun(last);
    const delimEnd = opensRow
      ? trimEndIndex(s, p, last)
      : closed ? last + 1 : last + 1 + (/^ ?:?-+:?/.exec(s.slice(last + 1))?.[0].length ?? 0);
    // the header: as many cells before the delimiter row, with or without a closing pipe
    const trailing = s.slice(Math.max(0, p - 2), p) === '| ' && k >= cells + 1;
    const headStart = pipes[trailing ? k - cells - 1 : k - cells];
    if (
      headStart === undefined || headStart < limit || !isSpaceAt(s, headStart - 1) ||
      nextRun(headStart) < p || /\| \|.*\| \|/.test(s.slice(headStart, p - 2))
    ) {
      limit = delimEnd;
      continue;
    }
    const rows = [s.slice(headStart, p).trim(), s.slice(p, delimEnd).trim()];
    const bound = nextRun(delimEnd);
    let end = delimEnd;
    let q = opensRow ? j : j + 1;
    while (q < pipes.length) {
      const rowStart = pipes[q];
      if (rowStart === undefined || rowStart >= bound || trimEndIndex(s, end, rowStart) > end) break;
      const closeIndex = q + cells;
      const rowEnd = pipes[closeIndex];
      if (rowEnd === undefined || rowEnd >= bound) {
        // a last row without its closing pipe runs to the next heading when it has all its cells
        if ((pipes[closeIndex - 1] ?? Infinity) < bound) {
          end = trimEndIndex(s, rowStart, bound);
          rows.push(s.slice(rowStart, end));
        }
        break;
      }
      const after = s.slice(rowEnd + 1, rowEnd + 3);
      if (after === ' |' || after.trim() === '') {
        end = rowEnd + 1;
        rows.push(s.slice(rowStart, end));
        q = closeIndex + 1;
        continue;
      }
      // no closing pipe: this pipe opens the next row when a full, short-headed row follows
      const firstCell = s.slice(rowEnd + 1, pipes[closeIndex + 1] ?? s.length);
      if ((pipes[closeIndex + cells - 1] ?? Infinity) < bound && firstCell.length <= 60) {
        end = trimEndIndex(s, rowStart, rowEnd);
        rows.push(s.slice(rowStart, end));
        q = closeIndex;
        continue;
      }
      end = rowEnd + 1;
      rows.push(s.slice(rowStart, end));
      break;
    }
    tables.push({ start: headStart, end, text: rows.join('\n') });
    limit = end;
    while (k + 1 < pipes.length && (pipes[k + 1] ?? Infinity) < end) k++;
  }
  return tables;
}

function findOtherBlocks(s: string, from: number, prot: Protection, taken: (i: number) => boolean): Block[] {
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
    if ((prot.mask[start] ?? 0) % 2 === 1 || taken(start)) continue;
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

// ---------------------------------------------------------------------------------------------
// One flattened line -> blocks

type Event =
  | { kind: 'hash'; start: number; end: number; level: number; closer: boolean }
  | { kind: 'block'; start: number; end: number; text: string };

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
  let runs = findHashRuns(s, from, prot.mask);
  const tables = findTables(s, from, prot, runs);
  const tableMask = new Uint8Array(s.length);
  for (const t of tables) tableMask.fill(1, t.start, t.end);
  const inTable = (i: number): boolean => tableMask[i] === 1;
  runs = runs.filter((r) => !inTable(r.start));
  const others = findOtherBlocks(s, from, prot, inTable).filter((b) => !inTable(b.start));
  const blocks = [...tables, ...others].sort((x, y) => x.start - y.start);
  const kept: Block[] = [];
  for (const b of blocks) {
    const prev = kept[kept.length - 1];
    if (!prev || b.start >= prev.end) kept.push(b);
  }
  const blockMask = new Uint8Array(s.length);
  for (const b of kept) blockMask.fill(1, b.start, b.end);
  const insideBlock = (i: number): boolean => blockMask[i] === 1;
  runs = runs.filter((r) => !insideBlock(r.start));
  const closers = closedStyle(s, runs, kept);
  const events: Event[] = [
    ...runs.map((r, i): Event => ({ kind: 'hash', start: r.start, end: r.end, level: r.level, closer: closers[i] ?? false })),
    ...kept.map((b): Event => ({ kind: 'block', start: b.start, end: b.end, text: b.text })),
  ].sort((x, y) => x.start - y.start);

  let pos = from;
  let boundary = true;
  // a quote interrupted by a code block or rule goes on after it (chat logs in an appendix)
  let quoting = false;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    if (!ev) break;
    if (ev.start > pos) {
      const region = flow(s, pos, ev.start, boundary, prot.mask, depth, quoting);
      append(out, region.blocks);
      quoting = region.quoting;
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
  if (pos < s.length) append(out, flow(s, pos, s.length, boundary, prot.mask, depth, quoting).blocks);
  return out;
}

/** For each run, whether it closes the heading before it (only in closed-style documents). */
function closedStyle(s: string, runs: HashRun[], blocks: Block[]): boolean[] {
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

// ---------------------------------------------------------------------------------------------
// Paragraphs, lists and quotes between strong blocks

interface Candidate {
  kind: 'bullet' | 'ordered' | 'quote';
  start: number;
  /** Index of the item's or quote line's content. */
  content: number;
  ch: string;
  num: number;
}

interface Piece {
  kind: 'para' | 'item' | 'quote';
  start: number;
  end: number;
  /** For items: the list they belong to (a new list id starts a new block) and their indent. */
  list: number;
  indent: number;
}

function candidates(s: string, a: number, b: number, mask: Uint8Array, depth: number): Candidate[] {
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

interface Flow { blocks: string[]; quoting: boolean }

/**
 * Paragraphs, lists and quotes in `s` from `a` to `b`. `boundary`: the region starts a block;
 * `quoteBefore`: a quote was open before the block that precedes the region.
 */
function flow(s: string, a: number, b: number, boundary: boolean, mask: Uint8Array, depth: number, quoteBefore: boolean): Flow {
  if (s.slice(a, b).trim() === '') return { blocks: [], quoting: quoteBefore };
  const cands = candidates(s, a, b, mask, depth);
  // the next candidate of the same bullet character, for "does this list go on?"
  const laterSame: boolean[] = cands.map(() => false);
  const seen = new Set<string>();
  for (let i = cands.length - 1; i >= 0; i--) {
    const c = cands[i];
    if (!c) continue;
    const key = `${c.kind}${c.ch}`;
    laterSame[i] = seen.has(key);
    seen.add(key);
  }

  const pieces: Piece[] = [];
  let current: Piece = { kind: 'para', start: a, end: b, list: -1, indent: 0 };
  let currentContent = a;
  let listId = 0;
  let list: { kind: 'bullet'; ch: string; lowerOk: boolean } | { kind: 'ordered'; ch: string; last: number; width: number } | null = null;
  let outer: { ch: string; last: number; width: number } | null = null;
  let quote = false;

  const open = (piece: Piece, content: number): void => {
    current.end = piece.start;
    pieces.push(current);
    current = piece;
    currentContent = content;
  };

  let parens: Parens = { from: a, to: a, depth: 0 };
  cands.forEach((c, index) => {
    const before = trimEndIndex(s, a, c.start);
    const atBoundary = boundary && current.kind === 'para' && current.start === a && before === a;
    const prevCh = s.slice(Math.max(a, before - 4), before).replace(/[)\]*_"'`]+$/, '').slice(-1);
    const punct = /[.!?:;]/.test(prevCh);
    const lower = isLower(s[c.content + (c.kind === 'quote' && s[c.content] === ' ' ? 1 : 0)]);
    // the current piece's text so far, looked at only near its end (linear time)
    const hasText = before > currentContent;
    const itemSoFar = hasText ? s.slice(Math.max(currentContent, before - 60), before).trim() : '';
    const itemShort = before - currentContent <= 60;
    parens = parenDepth(s, currentContent, before, parens);
    const prevWord = (/(\S+)$/.exec(s.slice(Math.max(a, before - 40), before))?.[1] ?? '').toLowerCase();

    if (quote) {
      if (c.kind === 'quote') open({ kind: 'quote', start: c.start, end: b, list: -1, indent: 0 }, c.content);
      return;
    }
    if (c.kind === 'quote') {
      const next = s.slice(c.content, c.content + 2).trimStart()[0];
      if ((atBoundary || punct || quoteBefore || /[\p{Lu}@[*_`>]/u.test(next ?? '')) && next !== undefined && !/[\d=<-]/.test(next)) {
        quote = true;
        list = null;
        outer = null;
        open({ kind: 'quote', start: c.start, end: b, list: -1, indent: 0 }, c.content);
      }
      return;
    }
    if (c.kind === 'ordered') {
      const counts = (l: { ch: string; last: number }): boolean => l.ch === c.ch && (c.num === l.last + 1 || c.num === l.last);
      const sentence = NUMBER_WORDS.has(prevWord) && !punct;
      if (list?.kind === 'ordered' && counts(list) && !sentence && itemSoFar !== '') {
        list.last = c.num;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      } else if (list?.kind === 'bullet' && outer && counts(outer) && !sentence && itemSoFar !== '') {
        list = { kind: 'ordered', ch: c.ch, last: c.num, width: outer.width };
        outer = null;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      } else if ((atBoundary && c.num <= 999) || (punct && c.num <= 1 && !sentence)) {
        list = { kind: 'ordered', ch: c.ch, last: c.num, width: String(c.num).length + 2 };
        outer = null;
        listId++;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      }
      return;
    }
    // bullets
    const stampOnly = itemShort && /^[~([]?[\d:./-]+(?:\s?[ap]\.?m\.?)?[\])]?$/i.test(itemSoFar);
    const range = isRange(s.slice(Math.max(a, before - 40), before), s.slice(c.content, c.content + 40));
    const stampFirst = matchStamp(s.slice(c.content, c.content + 120)) !== null;
    if (list?.kind === 'bullet' && list.ch === c.ch) {
      if ((!lower || punct || list.lowerOk) && itemSoFar !== '' && !stampOnly && !range) {
        const header = trailingDate(s, currentContent, before);
        if (header > currentContent) {
          // `- last item 2019-01-23 - 8:04 AM ...`: a date line between two lists
          current.end = header;
          pieces.push(current);
          current = { kind: 'para', start: header, end: b, list: -1, indent: 0 };
          listId++;
        }
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: current.indent }, c.content);
      }
      return;
    }
    if (list?.kind === 'ordered' && punct && !lower && itemSoFar !== '' && !range) {
      outer = { ch: list.ch, last: list.last, width: list.width };
      list = { kind: 'bullet', ch: c.ch, lowerOk: false };
      open({ kind: 'item', start: c.start, end: b, list: listId, indent: outer.width }, c.content);
      return;
    }
    const repeats = laterSame[index] === true;
    const paraIsDate = current.kind === 'para' && itemSoFar !== '' && trailingDate(s, currentContent, before) === currentContent;
    const digit = /\d/.test(s[c.content] ?? '');
    const starts =
      atBoundary ||
      (punct && !lower && (prevCh === ':' || repeats)) ||
      (!lower && !digit && repeats && c.ch !== '-') ||
      (stampFirst && !lower) ||
      (paraIsDate && !lower);
    if (starts && !range && parens.depth === 0 && (list === null || itemSoFar !== '')) {
      if (current.kind === 'para') {
        // `All times in PST 2019-01-22 - 2:54 PM ...`: the date line heads the list
        const header = trailingDate(s, currentContent, before);
        if (header > currentContent) {
          current.end = header;
          pieces.push(current);
          current = { kind: 'para', start: header, end: b, list: -1, indent: 0 };
        }
      }
      list = { kind: 'bullet', ch: c.ch, lowerOk: lower };
      outer = null;
      listId++;
      open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
    }
  });
  current.end = b;
  pieces.push(current);
  return { blocks: assemble(s, pieces, depth), quoting: quote };
}

interface Parens { from: number; to: number; depth: number }

/**
 * Parentheses left open in `s` from `from` to `to` (`(Between 4:06pm - 5:30pm)` is not a list),
 * carried on from `known` when it covers the same start, so each character is read once.
 */
function parenDepth(s: string, from: number, to: number, known: Parens): Parens {
  const state = known.from === from && known.to <= to ? { ...known } : { from, to: from, depth: 0 };
  for (let i = state.to; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) state.depth++;
    else if (c === 41 && state.depth > 0) state.depth--;
  }
  state.to = to;
  return state;
}

/** Kind of a word for telling a range (`14:02 - 14:10`, `10 - 15`) from a list marker. */
function tokenKind(word: string): 'time' | 'date' | 'number' | 'other' {
  const w = word.replace(/^[~([]+/, '').replace(/[,.;:)\]]+$/, '');
  if (/^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ap]\.?m?\.?)?$/i.test(w) || /^\d{1,2}[ap]\.?m?\.?$/i.test(w)) return 'time';
  if (/^\d{4}-\d{1,2}(?:-\d{1,2})?$/.test(w) || /^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(w)) return 'date';
  if (/^\d+$/.test(w)) return 'number';
  return 'other';
}

/** Whether ` - ` between `before` and `after` joins two values of one kind (a range). */
function isRange(before: string, after: string): boolean {
  const prev = before.trim().split(' ');
  let last = prev[prev.length - 1] ?? '';
  if (/^(?:[ap]\.?m\.?|[A-Z]{2,5})$/i.test(last) && prev.length > 1) last = prev[prev.length - 2] ?? '';
  const next = after.trim().split(' ')[0] ?? '';
  const kind = tokenKind(last);
  return kind !== 'other' && kind === tokenKind(next);
}

const TRAILING_DATE = new RegExp(`(?:^| )(?:\\d{4}-\\d{1,2}-\\d{1,2}|${MONTH} ${DAY},? \\d{4})$`, 'i');

/**
 * Start of a full date (`2019-01-23`, `January 23rd, 2019`) that ends the text from `from` to `end`:
 * `from` when the date is all of it, -1 when there is none.
 */
function trailingDate(s: string, from: number, end: number): number {
  const text = s.slice(Math.max(from, end - 40), end);
  const m = TRAILING_DATE.exec(text);
  if (!m) return -1;
  const start = end - text.length + m.index + (m[0].startsWith(' ') ? 1 : 0);
  return trimEndIndex(s, from, start) === from ? from : start;
}

/**
 * A paragraph that cannot be told from several: a plain-lines timeline becomes one paragraph per
 * time (at least 3, and the text must start with one); a block of `Key: value` metadata lines gets
 * its line breaks back (known keys only: `Created By:`, `Last Modified:`, ...).
 */
function splitParagraph(text: string): string[] {
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

function assemble(s: string, pieces: Piece[], depth: number): string[] {
  const blocks: string[] = [];
  let items: string[] = [];
  let itemsList = -1;
  let quoteLines: string[] = [];
  const flushItems = (): void => {
    if (items.length) blocks.push(items.join('\n'));
    items = [];
  };
  const flushQuote = (): void => {
    while (quoteLines[quoteLines.length - 1] === '>') quoteLines.pop();
    if (quoteLines.length) blocks.push(quoteLines.join('\n'));
    quoteLines = [];
  };
  for (const piece of pieces) {
    const text = s.slice(piece.start, piece.end).trim();
    if (piece.kind === 'quote') {
      flushItems();
      const content = text.slice(1).trim();
      if (content === '') {
        if (quoteLines.length && quoteLines[quoteLines.length - 1] !== '>') quoteLines.push('>');
        continue;
      }
      const inner = restoreLine(content, false, depth + 1).join('\n\n').split('\n');
      for (const l of inner) quoteLines.push(l === '' ? '>' : `> ${l}`);
      continue;
    }
    flushQuote();
    if (text === '') continue;
    if (piece.kind === 'para') {
      flushItems();
      append(blocks, splitParagraph(text));
      continue;
    }
    if (piece.list !== itemsList) flushItems();
    itemsList = piece.list;
    items.push(' '.repeat(piece.indent) + text);
  }
  flushItems();
  flushQuote();
  return blocks;
}
