/**
 * Dates and clock times as the restorer needs them: a stamp at the start of a heading's text
 * (`2018-01-25 14:30`, `16:05:57-58`, `May 1 2019, 3:18 PM PDT`, `~16:06 - 16:16`), a clock word inside
 * one, the clock times that lead the lines of a plain-lines timeline, and a full date ending a text.
 *
 * These patterns only find where a stamp and its date end; they do not read values. `parseStamp` in
 * ../datetime.ts reads values but cannot stand in for `matchStamp`: it accepts other stamps
 * (`[10:02]`, `01-25 14:30`, `2024-03-05T14:30Z`, `Monday 9:00`, `TBC`), rejects `99:99`, and reports
 * neither where the date ends nor where the stamp ends before its separator (`restIndex` is after it),
 * so heading ends would move.
 */
import { trimEndIndex } from './chars.ts';
import { PREPOSITIONS } from './vocabulary.ts';

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
export function clockLines(text: string): number[] {
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

/** Whether the word `word` is a clock time (`4pm`, `~16:06`, `around 9:30,`), trailing `,.;:)` allowed. */
export function isClockWord(word: string): boolean {
  return CLOCK_WORD.test(word);
}

/** A stamp found at the start of a text by `matchStamp`. */
export interface StampMatch {
  /** Length of the whole stamp (date, time, range and zone). */
  length: number;
  /** Whether the stamp has a clock time (with or without a date). */
  hasTime: boolean;
  /** Length up to the end of the date, 0 when the stamp has no date. */
  dateLength: number;
}

/**
 * A date/time stamp at the very start of `text`, ending before the end of text, a space or `,;:)}`
 * (at most 120 characters are looked at); null when there is none.
 */
export function matchStamp(text: string): StampMatch | null {
  const m = STAMP.exec(text.slice(0, 120));
  if (!m) return null;
  const date = m[1];
  return {
    length: m[0].length,
    hasTime: Boolean(m[2] ?? m[3]),
    dateLength: date ? m[0].indexOf(date) + date.length : 0,
  };
}

const TRAILING_DATE = new RegExp(`(?:^| )(?:\\d{4}-\\d{1,2}-\\d{1,2}|${MONTH} ${DAY},? \\d{4})$`, 'i');

/**
 * Start of a full date (`2019-01-23`, `January 23rd, 2019`) that ends the text from `from` to `end`:
 * `from` when the date is all of it, -1 when there is none.
 */
export function trailingDate(s: string, from: number, end: number): number {
  const text = s.slice(Math.max(from, end - 40), end);
  const m = TRAILING_DATE.exec(text);
  if (!m) return -1;
  const start = end - text.length + m.index + (m[0].startsWith(' ') ? 1 : 0);
  return trimEndIndex(s, from, start) === from ? from : start;
}
