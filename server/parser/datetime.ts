/**
 * Date and time "stamps" as people write them at the start of a timeline entry (`### 2018-01-25 14:30`,
 * `* [08:47] ...`, `- 2:54 PM PST: ...`, a table cell `2020-11-17 10:45~`), plus small calendar helpers.
 * Pure and total: no clock, never throws, every regex is anchored (sticky) with bounded quantifiers,
 * and parseStamp reads only a bounded prefix of its input.
 */
import { zoneForAbbreviation } from './zone-names.ts';

export interface DateParts { year: number | null; month: number; day: number } // year null when not written
export interface TimeParts { hour: number; minute: number; second: number | null } // 24h, normalised

export interface Stamp {
  date: DateParts | null;
  /** a date was written but (partly) as a placeholder: `2022-02-??`, `2022-05-??`, `2021/22-??-??` */
  datePlaceholder: boolean;
  /** null when no time or a placeholder time */
  time: TimeParts | null;
  /** end of a range, else null */
  end: TimeParts | null;
  /** am/pm written explicitly for `time` (after normalisation `time` is already 24h). Also set when the
   * meridiem was written after the end of a range (`00:25 - 00:29 AM`); null when it was written on a
   * 24-hour hour and ignored (`17:14pm`). */
  meridiem: 'am' | 'pm' | null;
  /** The meridiem was written only after the end of a range and applied to the start too
   * (`Between 02:00 and 02.30 PM`): a reader may take the start as written when the entries after it say so. */
  meridiemFromEnd: boolean;
  /** `~`, `ca.`, `circa`, `around`, `approx.`, `about`, `10:45~`, `(maybe earlier?)` ... */
  approximate: boolean;
  /** `HH:mm`, `hh:mm`, `??:??`, `--:--`, `14:??`, `2X:XX`, `[???]`, `(Time TBC)`, `TBC`, `TBD` */
  timePlaceholder: boolean;
  /** zone written right after the time, verbatim: `PST`, `UTC`, `UTC+1`, `CET (GMT+1)` */
  zone: string | null;
  /** the written year when it was an obvious typo fixed, e.g. `20202` -> 2020 */
  yearCorrected: string | null;
  /** offset in `text` where the event text begins (after the stamp and separators like ` - `, `: `, `] `, `|`, `—`) */
  restIndex: number;
  /** text.slice(restIndex) */
  rest: string;
}

/** How many characters (after leading white space) parseStamp looks at. */
const PREFIX_LIMIT = 160;

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|'
  + 'jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const MONTH_INDEX: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// Sticky regexes: each matches exactly at `lastIndex`. Quantifiers are bounded, so each attempt is O(1).
const RE_OPENERS = /[\s*_]{0,8}(?:(\[|\{\{|\()[\s*_]{0,8})?/y;
const RE_WEEKDAY = /(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?,?\s{1,4}/iy;
const RE_APPROX_WORD = /(?:~|≈|ca\.|ca\b|circa\b|around\b|approx\.|approximately\b|approx\b|about\b|roughly\b|est\.)\s{0,4}/iy;
const RE_RANGE_WORD = /(?:between|from)\s{1,4}/iy;
const RE_ISO_DATE = /(\d{4,5}(?:\/\d{2})?|[Yy]{4}|\?{4})[-/](\d{1,2}|\?{1,2}|[Xx]{2}|MM|mm)[-/](\d{1,2}|\?{1,2}|[Xx]{2}|DD|dd)(?!\d|\/(?!\d{1,2}:\d{2}))/y;
const RE_MONTH_DAY = new RegExp(`(${MONTHS})\\b\\.?\\s{1,4}(\\d{1,2})(?:(?:st|nd|rd|th)(?![\\dA-Za-z])|(?![\\dA-Za-z:]))(?:,?\\s{1,4}(\\d{4})(?!\\d|:\\d))?`, 'iy');
const RE_DAY_MONTH = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s{1,4}(${MONTHS})\\b\\.?(?:,?\\s{1,4}(\\d{4})(?!\\d|:\\d))?`, 'iy');
const RE_SLASH_DATE = /(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/y;
const RE_DASH_MONTH_DAY = /(\d{2})-(\d{2})(?=\s{1,4}\d{1,2}:\d{2})/y;
const RE_DOTTED_DATE = /(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])/y;
/** `24-10-2024`: with the year last, dashes are the European day-first order. */
const RE_DASHED_DMY = /(\d{1,2})-(\d{1,2})-(\d{4})(?![\d-])/y;
const RE_FOLLOWS_TIME = /\s{1,4}\d{1,2}:\d{2}/y;
const RE_DATE_TIME_SEP = /,?(?:T|\/|\s{1,8}(?:at\s{1,4}|@\s{0,4})?)/iy;
const RE_TIME_DATE_SEP = /,?\s{1,4}(?:on\s{1,4})?/iy;
const RE_TIME = /(\d{1,2})([:.])(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?/y;
const RE_HOUR_MERIDIEM = /(\d{1,2})(?:(a\.m\.?|p\.m\.?|am|pm|a|p)|\s{1,3}(a\.m\.?|p\.m\.?|am|pm))(?![A-Za-z\d])/iy;
const RE_MERIDIEM_ATTACHED = /(a\.m\.?|p\.m\.?|am|pm|a|p)(?![A-Za-z\d])/iy;
const RE_MERIDIEM_SPACED = /\s{1,3}(a\.m\.?|p\.m\.?|am|pm)(?![A-Za-z\d])/iy;
const RE_SECONDS_RANGE = /-\d{2}(?![\d:])/y;
const RE_PLACEHOLDER_TIME = /[\dHhXx?-]{1,2}:[\dMmXx?-]{2}(?![\dA-Za-z])/y;
const RE_ALL_DIGITS_TIME = /^\d+:\d+$/;
const RE_QUESTION_MARKS = /\?{2,8}(?![\w?])/y;
const RE_TBC = /(?:time\s{1,4})?(?:TBC|TBD)(?![A-Za-z])/iy;
const RE_PAREN_PLACEHOLDER = /\s{0,4}\(\s{0,4}(?:time\s{1,4})?(?:tbc|tbd|unknown|\?{1,8})\s{0,4}\)/iy;
const RE_TILDE = /~/y;
const RE_ISH = /-?ish(?![A-Za-z])/iy;
const RE_RANGE_SEP = /\s{0,4}(?:--?|–|—)\s{0,4}|\s{1,4}(?:to|and|until|till)\s{1,4}/iy;
const RE_ZONE = /\s{0,4}(\(\s{0,2})?((?:UTC|GMT)(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5}(?![A-Za-z\d]))(?:\s{0,2}\((\s{0,2}(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?\s{0,2})\))?(\s{0,2}\))?/y;
const RE_ZULU = /Z(?![A-Za-z\d])/y;
const RE_ISO_OFFSET = /[+\-−]\d{2}:?\d{2}(?![\d])/y;
const RE_APPROX_PAREN = /\s{0,4}\(([^()\n]{1,40})\)/y;
const RE_APPROX_PAREN_WORDS = /maybe|approx|earlier|later|estimated|\best\b|roughly|circa|\bish\b|\?/i;
const RE_REST_SEP = /[\s\-–—:|,.\]})*_]{0,40}/y;
const RE_NON_SPACE = /\S/g;

type Meridiem = 'am' | 'pm';

/** Run a sticky regex at `at`. */
function at(re: RegExp, s: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(s);
}

function meridiemOf(written: string | undefined): Meridiem | null {
  if (written === undefined) return null;
  return written[0] === 'a' || written[0] === 'A' ? 'am' : 'pm';
}

/** Apply am/pm to an hour: 12 am -> 0, 1-11 pm -> +12; hours 0 and 13-23 keep their value (`17:14pm`). */
function applyMeridiem(hour: number, m: Meridiem | null): number {
  if (m === null || hour < 1 || hour > 12) return hour;
  if (m === 'am') return hour === 12 ? 0 : hour;
  return hour === 12 ? 12 : hour + 12;
}

function monthNumber(name: string): number {
  return MONTH_INDEX[name.slice(0, 3).toLowerCase()] ?? 0;
}

function plausibleDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

interface DateMatch {
  date: DateParts | null;
  placeholder: boolean;
  yearCorrected: string | null;
  end: number;
}

/** `20202` -> 2020 (a stray key at the end); other 5-digit years are not years. */
function fixYear(written: string): { year: number; corrected: string | null } | null {
  if (written.length === 4) return { year: Number(written), corrected: null };
  const first4 = Number(written.slice(0, 4));
  if (written.length === 5 && first4 >= 1970 && first4 <= 2099) return { year: first4, corrected: written };
  return null;
}

function matchIsoDate(s: string, i: number): DateMatch | null {
  const m = at(RE_ISO_DATE, s, i);
  if (m === null) return null;
  const [whole, y = '', mo = '', d = ''] = m;
  const end = i + whole.length;
  const yearPlaceholder = !/^\d{4,5}$/.test(y);
  const placeholder = yearPlaceholder || !/^\d+$/.test(mo) || !/^\d+$/.test(d);
  if (placeholder) return { date: null, placeholder: true, yearCorrected: null, end };
  const year = fixYear(y);
  const month = Number(mo);
  const day = Number(d);
  if (year === null || !plausibleDay(month, day)) return null;
  return { date: { year: year.year, month, day }, placeholder: false, yearCorrected: year.corrected, end };
}

function matchNamedDate(s: string, i: number): DateMatch | null {
  let m = at(RE_MONTH_DAY, s, i);
  if (m !== null) {
    const month = monthNumber(m[1] ?? '');
    const day = Number(m[2]);
    if (!plausibleDay(month, day)) return null;
    const year = m[3] === undefined ? null : Number(m[3]);
    return { date: { year, month, day }, placeholder: false, yearCorrected: null, end: i + m[0].length };
  }
  m = at(RE_DAY_MONTH, s, i);
  if (m !== null) {
    const day = Number(m[1]);
    const month = monthNumber(m[2] ?? '');
    if (!plausibleDay(month, day)) return null;
    const year = m[3] === undefined ? null : Number(m[3]);
    return { date: { year, month, day }, placeholder: false, yearCorrected: null, end: i + m[0].length };
  }
  return null;
}

/** Order two numbers <= 12 by `monthFirst`; a number > 12 must be the day. */
function orderNumeric(a: number, b: number, monthFirst: boolean): { month: number; day: number } | null {
  if (a > 12 && b > 12) return null;
  if (a > 12) return { month: b, day: a };
  if (b > 12) return { month: a, day: b };
  return monthFirst ? { month: a, day: b } : { month: b, day: a };
}

function matchNumericDate(s: string, i: number, monthFirst: boolean, requireYear: boolean): DateMatch | null {
  let m = at(RE_DOTTED_DATE, s, i);
  if (m !== null) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (!plausibleDay(month, day)) return null;
    return { date: { year: Number(m[3]), month, day }, placeholder: false, yearCorrected: null, end: i + m[0].length };
  }
  m = at(RE_DASHED_DMY, s, i);
  if (m !== null) {
    const order = orderNumeric(Number(m[1]), Number(m[2]), false);
    if (order === null || !plausibleDay(order.month, order.day)) return null;
    return { date: { year: Number(m[3]), ...order }, placeholder: false, yearCorrected: null, end: i + m[0].length };
  }
  m = at(RE_SLASH_DATE, s, i);
  if (m !== null) {
    const end = i + m[0].length;
    // Without a year, `1/3` is too often a fraction: only a date when a time follows.
    if (m[3] === undefined && (requireYear || at(RE_FOLLOWS_TIME, s, end) === null)) return null;
    const order = orderNumeric(Number(m[1]), Number(m[2]), monthFirst);
    if (order === null || !plausibleDay(order.month, order.day)) return null;
    const year = m[3] === undefined ? null : m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return { date: { year, ...order }, placeholder: false, yearCorrected: null, end };
  }
  if (requireYear) return null;
  m = at(RE_DASH_MONTH_DAY, s, i);
  if (m !== null) {
    const order = orderNumeric(Number(m[1]), Number(m[2]), true);
    if (order === null || !plausibleDay(order.month, order.day)) return null;
    return { date: { year: null, ...order }, placeholder: false, yearCorrected: null, end: i + m[0].length };
  }
  return null;
}

function matchDate(s: string, i: number, monthFirst: boolean): DateMatch | null {
  return matchIsoDate(s, i) ?? matchNamedDate(s, i) ?? matchNumericDate(s, i, monthFirst, false);
}

interface TimeMatch {
  time: TimeParts;
  meridiem: Meridiem | null;
  end: number;
}

/** A clock time at `i` (`14:30`, `0:25:59 AM`, `10:45a`, `7p`, `02.30 PM`), hour/minute validated. */
function matchTime(s: string, i: number): TimeMatch | null {
  const m = at(RE_TIME, s, i);
  if (m !== null) {
    let end = i + m[0].length;
    const hour = Number(m[1]);
    const minute = Number(m[3]);
    const second = m[4] === undefined ? null : Number(m[4]);
    if (hour > 23 || minute > 59 || (second !== null && second > 59)) return null;
    const next = s.charCodeAt(end);
    if (next >= 48 && next <= 57) return null; // `12:345`
    if ((next === 58 || next === 46) && /\d/.test(s[end + 1] ?? '')) return null; // `1:02:03:04`, `1.15.2`
    const mer = at(RE_MERIDIEM_ATTACHED, s, end) ?? at(RE_MERIDIEM_SPACED, s, end);
    const dotted = m[2] === '.';
    if (dotted && mer === null) return null; // `10.30` is a time only with am/pm
    // On a 24-hour hour (`17:14pm`) the am/pm is noise: consumed, but not reported.
    const meridiem = hour > 12 ? null : meridiemOf(mer?.[1]);
    if (mer !== null) end += mer[0].length;
    return { time: { hour: applyMeridiem(hour, meridiem), minute, second }, meridiem, end };
  }
  const h = at(RE_HOUR_MERIDIEM, s, i);
  if (h !== null) {
    const hour = Number(h[1]);
    if (hour < 1 || hour > 12) return null;
    const meridiem = meridiemOf(h[2] ?? h[3]);
    return { time: { hour: applyMeridiem(hour, meridiem), minute: 0, second: null }, meridiem, end: i + h[0].length };
  }
  return null;
}

/** A placeholder where a time belongs; returns its end, or -1. `bare` allows `TBC`/`TBD` without parentheses. */
function matchTimePlaceholder(s: string, i: number, bare: boolean): number {
  const p = at(RE_PLACEHOLDER_TIME, s, i);
  // `24:00` or `12:60` is an invalid time, not a placeholder: a placeholder has a non-digit in it.
  if (p !== null) return RE_ALL_DIGITS_TIME.test(p[0]) ? -1 : i + p[0].length;
  const m = at(RE_QUESTION_MARKS, s, i) ?? at(RE_PAREN_PLACEHOLDER, s, i) ?? (bare ? at(RE_TBC, s, i) : null);
  return m === null ? -1 : i + m[0].length;
}

function matchZone(s: string, i: number): { zone: string; end: number } | null {
  const z = at(RE_ZULU, s, i);
  if (z !== null) return { zone: 'Z', end: i + 1 };
  const o = at(RE_ISO_OFFSET, s, i);
  if (o !== null) return { zone: o[0], end: i + o[0].length };
  const m = at(RE_ZONE, s, i);
  if (m === null) return null;
  const name = m[2] ?? '';
  if (!/^(?:UTC|GMT)/.test(name) && zoneForAbbreviation(name) === null) return null;
  const openParen = m[1] !== undefined;
  const closeParen = m[4] ?? '';
  if (openParen && closeParen === '') return null; // `(PST` without its `)`: leave it alone
  const zone = m[3] === undefined ? name : `${name} (${m[3].trim()})`;
  // A `)` that closes an outer parenthesis (`(10:00 PST)`) is left to the separators.
  return { zone, end: i + m[0].length - (openParen ? 0 : closeParen.length) };
}

/** Recognise a date and/or time at the start of `text` (leading whitespace, `*`/`_` emphasis markers, `[`, `{{`,
 * `(` around it allowed). Returns null when the text does not start with a stamp. `opts.monthFirst` (default true)
 * decides `05/06` style numeric dates when both numbers are <= 12. Only the first 160 characters after leading
 * white space are read. A date whose day cannot exist in its month (`2024-02-30`) is still returned (formatDate
 * gives null for it); a month outside 1-12 or a day outside 1-31 is not a date. */
export function parseStamp(text: string, opts?: { monthFirst?: boolean }): Stamp | null {
  if (typeof text !== 'string') return null;
  RE_NON_SPACE.lastIndex = 0;
  const first = RE_NON_SPACE.exec(text);
  if (first === null) return null;
  const base = first.index;
  const s = text.slice(base, base + PREFIX_LIMIT);
  return parsePrefix(text, s, base, opts?.monthFirst ?? true);
}

function parsePrefix(text: string, s: string, base: number, monthFirst: boolean): Stamp | null {
  let i = 0;
  const opener = at(RE_OPENERS, s, i);
  const bracketed = opener?.[1] !== undefined;
  if (opener !== null) i += opener[0].length;

  let approximate = false;
  const approxWord = (): void => {
    const a = at(RE_APPROX_WORD, s, i);
    if (a !== null) { approximate = true; i += a[0].length; }
  };
  approxWord();
  const weekday = at(RE_WEEKDAY, s, i);
  if (weekday !== null) i += weekday[0].length;

  let date: DateParts | null = null;
  let datePlaceholder = false;
  let yearCorrected: string | null = null;
  let afterStamp = -1;
  let approximateBeforeTime = approximate;
  const d = matchDate(s, i, monthFirst);
  if (d !== null) {
    date = d.date;
    datePlaceholder = d.placeholder;
    yearCorrected = d.yearCorrected;
    i = d.end;
    afterStamp = i;
    const sep = at(RE_DATE_TIME_SEP, s, i);
    if (sep !== null) i += sep[0].length;
    approximateBeforeTime = approximate;
    approxWord();
  } else if (weekday !== null) {
    return null; // `Monday` alone is not a stamp
  }

  const between = at(RE_RANGE_WORD, s, i);
  if (between !== null) i += between[0].length;

  let time: TimeParts | null = null;
  let end: TimeParts | null = null;
  let meridiem: Meridiem | null = null;
  let meridiemFromEnd = false;
  let timePlaceholder = false;
  let zone: string | null = null;
  const t = matchTime(s, i);
  if (t !== null) {
    time = t.time;
    meridiem = t.meridiem;
    i = t.end;
    if (t.time.second !== null && meridiem === null) {
      const sr = at(RE_SECONDS_RANGE, s, i); // `16:05:57-58`
      if (sr !== null) i += sr[0].length;
    }
    const tilde = at(RE_TILDE, s, i) ?? at(RE_ISH, s, i);
    if (tilde !== null) { approximate = true; i += tilde[0].length; }
    const sep = at(RE_RANGE_SEP, s, i);
    if (sep !== null) {
      const j = i + sep[0].length;
      const e = matchTime(s, j);
      if (e !== null) {
        i = e.end;
        end = e.time;
        if (meridiem === null && e.meridiem !== null) {
          // `00:25 - 00:29 AM`, `02:00 and 02.30 PM`: the meridiem covers both ends, unless that would put
          // the start after the end (`11:30 - 1:15 PM`).
          const shifted = applyMeridiem(time.hour, e.meridiem);
          if (shifted * 60 + time.minute <= e.time.hour * 60 + e.time.minute) {
            meridiemFromEnd = shifted !== time.hour;
            time = { ...time, hour: shifted };
            meridiem = e.meridiem;
          }
        }
      } else {
        const p = matchTimePlaceholder(s, j, false);
        if (p >= 0) i = p; // `12:26-12:??`: an unknown end
      }
    }
    afterStamp = i;
    const z = matchZone(s, i);
    if (z !== null) { zone = z.zone; i = z.end; afterStamp = i; }
    if (date === null) {
      // `12:45 PM PST Saturday Oct 30th: ...`, `06:15 AM Sep 08, 2025: ...`: the date after the time.
      const gap = at(RE_TIME_DATE_SEP, s, i);
      let j = gap === null ? i : i + gap[0].length;
      const day = at(RE_WEEKDAY, s, j);
      if (day !== null) j += day[0].length;
      const later = matchIsoDate(s, j) ?? matchNamedDate(s, j);
      if (later !== null && later.date !== null) {
        date = later.date;
        yearCorrected = later.yearCorrected;
        i = later.end;
        afterStamp = i;
      }
    }
  } else {
    const p = matchTimePlaceholder(s, i, date !== null || datePlaceholder || bracketed);
    if (p >= 0) { timePlaceholder = true; i = p; afterStamp = i; }
    else approximate = approximateBeforeTime; // `2024-03-05 about the outage`: `about` is event text
  }
  if (afterStamp < 0) return null;
  i = afterStamp;

  if (!timePlaceholder) {
    const tail = at(RE_TILDE, s, i);
    if (tail !== null) { approximate = true; i += 1; }
    const paren = at(RE_APPROX_PAREN, s, i);
    if (paren !== null) {
      const inner = paren[1] ?? '';
      if (at(RE_PAREN_PLACEHOLDER, s, i) !== null) {
        timePlaceholder = time === null;
        i += paren[0].length;
      } else if (RE_APPROX_PAREN_WORDS.test(inner)) {
        approximate = true;
        i += paren[0].length;
      }
    }
  }

  const rest = at(RE_REST_SEP, s, i);
  if (rest !== null) i += rest[0].length;
  const restIndex = Math.min(text.length, base + i);
  return {
    date, datePlaceholder, time, end, meridiem, meridiemFromEnd, approximate, timePlaceholder, zone, yearCorrected,
    restIndex, rest: text.slice(restIndex),
  };
}

const RE_DATE_CANDIDATE = /(?<![\dA-Za-z])(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi;

/** Find the first full or partial calendar date anywhere in `text` (titles like `Incident report May 12 2025 - X`,
 * `January 23rd, 2019 Prow Outage`, `All times in PST, on February 8th 2019`), with its index and length.
 * Recognises `YYYY-MM-DD` (and `/`), `May 12[, 2025]`, `12th May [2025]`, `DD.MM.YYYY` and slashed dates with a
 * year (`24/07/25` day first because 24 > 12; otherwise month first). Placeholder dates are skipped. */
export function findDate(text: string): { date: DateParts; index: number; length: number } | null {
  if (typeof text !== 'string') return null;
  RE_DATE_CANDIDATE.lastIndex = 0;
  for (;;) {
    const c = RE_DATE_CANDIDATE.exec(text);
    if (c === null) return null;
    const i = c.index;
    RE_DATE_CANDIDATE.lastIndex = i + 1;
    const m = matchIsoDate(text, i) ?? matchNamedDate(text, i) ?? matchNumericDate(text, i, true, true);
    if (m !== null && m.date !== null) return { date: m.date, index: i, length: m.end - i };
  }
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil calendar algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Days from 1970-01-01 to the given calendar date (negative before it); no validation. */
export function epochDay(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day);
}

/** Days since 1970-01-01 of an ISO `YYYY-MM-DD` date (for differences between dates). */
export function isoEpochDay(isoDate: string): number {
  return epochDay(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10)));
}

/** Number of days in `month` of `year` (Gregorian leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` for a full date (null if year missing or the date is invalid, e.g. Feb 30). Years 0-9999 only. */
export function formatDate(d: DateParts): string | null {
  const { year, month, day } = d;
  if (year === null || !Number.isInteger(year) || year < 0 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** `HH:MM` (seconds dropped). */
export function formatTime(t: TimeParts): string {
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

const RE_ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse a `YYYY-MM-DD` string into a valid full date, or null. */
export function parseIsoDate(isoDate: string): DateParts | null {
  const m = RE_ISO_DAY.exec(isoDate);
  if (m === null) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return formatDate(date) === null ? null : date;
}

/** Calendar arithmetic on `YYYY-MM-DD` strings (pure, no clock). `days` may be negative; a non-integer is
 * truncated. An input that is not a valid `YYYY-MM-DD` date is returned unchanged. */
export function addDays(isoDate: string, days: number): string {
  const d = parseIsoDate(isoDate);
  if (d === null || d.year === null || !Number.isFinite(days)) return isoDate;
  const c = civilFromDays(daysFromCivil(d.year, d.month, d.day) + Math.trunc(days));
  return formatDate({ year: c.y, month: c.m, day: c.d }) ?? isoDate;
}
