/**
 * Time zones as postmortems declare them (`All times in PST`, `Time (UTC)`, `PDT (UTC-7)`), resolved to zones
 * luxon understands, and local wall time -> UTC with the real daylight-saving rules. All offset math is luxon's;
 * the only table here is the names -> IANA map in zone-names.ts. Pure: no clock, never throws.
 */
import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { epochDay, findDate, parseIsoDate, type DateParts, type TimeParts } from './datetime.ts';
import { zoneForName } from './zone-names.ts';

export interface ZoneDeclaration {
  /** the zone as written: `PST`, `PDT (UTC-7)`, `CET (GMT+1)`, `UTC+1` */
  verbatim: string;
  /** the resolved zone (see resolveZone) */
  zone: string;
  /** where the declaration phrase starts in the text (`All times in ...`, `times in ...`, `Time (...`) */
  index: number;
  /** length of the phrase, up to the zone and the date that follows it when there is one */
  length: number;
  /** a date written right after the zone (`All times in PST, on February 5th 2019`), else null */
  date: DateParts | null;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const CACHE_LIMIT = 1000;

/** Remember up to CACHE_LIMIT results; start over when full (inputs are few and repetitive). */
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const RE_OFFSET = /^(?:UTC|GMT|Z)?\s{0,2}([+\-−])\s{0,2}(\d{1,2})(?::?(\d{2}))?$/i;
const RE_PAREN_OFFSET = /\(\s{0,2}((?:UTC|GMT)?\s{0,2}[+\-−]\s{0,2}\d{1,2}(?::?\d{2})?)\s{0,2}\)/i;
const RE_IANA = /^[A-Za-z][A-Za-z_]{1,30}(?:\/[A-Za-z0-9_+\-]{1,30}){1,2}$/;
const RE_WRAPPING = /^[\s_*([]+|[\s_*)\].,;:]+$/g;
const RE_TIME_SUFFIX = /\s+time$/i;

/** `+`/`-` hours and minutes -> `±HH:MM`, `UTC` for zero; null when out of range (beyond ±14:00). */
function formatOffset(sign: string, hours: number, minutes: number): string | null {
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return null;
  if (hours === 0 && minutes === 0) return 'UTC';
  const s = sign === '+' ? '+' : '-';
  return `${s}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function parseOffset(written: string): string | null {
  const m = RE_OFFSET.exec(written.trim());
  if (m === null) return null;
  return formatOffset(m[1] ?? '+', Number(m[2]), m[3] === undefined ? 0 : Number(m[3]));
}

function canonicalIana(name: string): string | null {
  if (!RE_IANA.test(name) || !IANAZone.isValidZone(name)) return null;
  // Keep the name as written (a valid alias stays itself), only fixing its letter case (`europe/london`).
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
  } catch {
    return null;
  }
}

const resolved = new Map<string, string | null>();

/** Resolve what a person wrote to a zone luxon understands: an IANA name (`Europe/London`, validated), `UTC`, or a
 * fixed offset `+01:00`/`-07:00`. Abbreviations -> IANA zone with DST rules (PST/PDT/PT -> America/Los_Angeles,
 * EST/EDT/ET, CST/CDT/CT (US), MST/MDT, AKST, HST, GMT/UTC/Z -> UTC, BST -> Europe/London, IST -> Asia/Kolkata,
 * CET/CEST -> Europe/Paris, EET/EEST -> Europe/Helsinki, WET/WEST, JST, KST, AEST/AEDT -> Australia/Sydney,
 * NZST/NZDT, SGT, HKT, ...; also `US Pacific`, `Pacific time`, `Eastern time`). Offsets `UTC+1`, `GMT-7`,
 * `UTC+05:30`, `+0100` -> `+01:00` etc.; a zero offset (`UTC+0`) -> `UTC`. An explicit offset in parentheses wins
 * (`PDT (UTC-7)` -> `-07:00`, `CET (GMT+1)` -> `+01:00`). Surrounding emphasis, brackets and a trailing period are
 * ignored. Null when unknown. Results are cached. */
export function resolveZone(written: string): string | null {
  if (typeof written !== 'string' || written.length > 100) return null;
  const hit = resolved.get(written);
  if (hit !== undefined) return hit;
  return remember(resolved, written, resolveUncached(written));
}

function resolveUncached(written: string): string | null {
  const paren = RE_PAREN_OFFSET.exec(written);
  if (paren !== null) {
    const offset = parseOffset(paren[1] ?? '');
    if (offset !== null) return offset;
  }
  const name = written.replace(RE_WRAPPING, '').trim();
  if (name === '') return null;
  const offset = parseOffset(name);
  if (offset !== null) return offset;
  const known = zoneForName(name) ?? zoneForName(name.replace(RE_TIME_SUFFIX, ''));
  if (known !== null) return known;
  if (/^Etc\/(?:UTC|GMT|UCT|Zulu|Universal)$/i.test(name)) return 'UTC';
  return canonicalIana(name);
}

const zones = new Map<string, Zone | null>();

/** The luxon Zone for anything resolveZone accepts (cached), or null. */
function luxonZone(zone: string): Zone | null {
  const hit = zones.get(zone);
  if (hit !== undefined) return hit;
  const name = resolveZone(zone);
  let z: Zone | null = null;
  if (name === 'UTC') z = FixedOffsetZone.utcInstance;
  else if (name !== null && (name.startsWith('+') || name.startsWith('-'))) {
    const sign = name.startsWith('-') ? -1 : 1;
    z = FixedOffsetZone.instance(sign * (Number(name.slice(1, 3)) * 60 + Number(name.slice(4, 6))));
  } else if (name !== null) {
    const iana = IANAZone.create(name);
    z = iana.isValid ? iana : null;
  }
  return remember(zones, zone, z);
}

interface DayOffsets { before: number; after: number }
const dayOffsets = new Map<string, DayOffsets>();

/** The zone's offsets (minutes) a day before and a day after local `date`. When they agree, no transition
 * happens on `date` (real zones never change twice within three days), so one offset holds all day. */
function offsetsAround(z: Zone, zoneKey: string, date: string, dayStartMs: number): DayOffsets {
  const key = `${zoneKey}|${date}`;
  const hit = dayOffsets.get(key);
  if (hit !== undefined) return hit;
  const value = { before: z.offset(dayStartMs - MS_PER_DAY), after: z.offset(dayStartMs + 2 * MS_PER_DAY) };
  return remember(dayOffsets, key, value);
}

function validTime(t: TimeParts): boolean {
  const okInt = (n: number, max: number): boolean => Number.isInteger(n) && n >= 0 && n <= max;
  return okInt(t.hour, 23) && okInt(t.minute, 59) && (t.second === null || okInt(t.second, 59));
}

/** Epoch milliseconds of local wall time in `zone`, with the DST policy of toUtc; null when invalid. */
function instant(date: string, time: TimeParts, zone: string): number | null {
  if (typeof date !== 'string' || typeof zone !== 'string' || time === null || typeof time !== 'object') return null;
  const d = parseIsoDate(date);
  const z = luxonZone(zone);
  if (d === null || d.year === null || z === null || !validTime(time)) return null;
  const dayStart = epochDay(d.year, d.month, d.day) * MS_PER_DAY;
  const local = dayStart + ((time.hour * 60 + time.minute) * 60 + (time.second ?? 0)) * 1000;
  const { before, after } = offsetsAround(z, zone, date, dayStart);
  if (before === after) return local - before * MS_PER_MINUTE;
  const early = local - before * MS_PER_MINUTE; // read with the offset in force before the transition
  const late = local - after * MS_PER_MINUTE; // read with the offset in force after it
  const earlyOk = z.offset(early) === before;
  const lateOk = z.offset(late) === after;
  if (earlyOk && lateOk) return Math.min(early, late); // fall-back overlap: the first occurrence
  if (lateOk) return late;
  return early; // valid before the transition, or in a spring-forward gap: moves forward by the gap
}

/** The local wall time in `zone` -> ISO-8601 UTC `YYYY-MM-DDTHH:MM:SSZ`; null when invalid (bad date, time or
 * unknown zone). `zone` is anything resolveZone accepts. Missing seconds count as 0.
 * DST policy: a time in a spring-forward gap moves forward by the gap (02:30 -> 03:30 local); an ambiguous
 * fall-back time takes the EARLIER instant (first occurrence, the daylight offset). */
export function toUtc(date: string, time: TimeParts, zone: string): string | null {
  const ms = instant(date, time, zone);
  if (ms === null || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const iso = new Date(ms).toISOString();
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : null;
}

const offsetCache = new Map<string, string | null>();

/** UTC offset `±HH:MM` that `zone` has on local date `date` (at noon); `+00:00` for UTC. Null when the date or
 * the zone is invalid. Cached per (zone, date). */
export function offsetOn(zone: string, date: string): string | null {
  if (typeof zone !== 'string' || typeof date !== 'string') return null;
  const key = `${zone}|${date}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const z = luxonZone(zone);
  const ms = instant(date, { hour: 12, minute: 0, second: 0 }, zone);
  let value: string | null = null;
  if (z !== null && ms !== null) {
    const minutes = z.offset(ms);
    const abs = Math.abs(minutes);
    const sign = minutes < 0 ? '-' : '+';
    value = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
  return remember(offsetCache, key, value);
}

// Declarations: a trigger word, a connector, then a zone token, then an optional parenthesised offset.
const RE_TRIGGER = /\b(?:time\s?zone|timestamps?|times?|tz)\b/gi;
const RE_ALL_BEFORE = /(?<![A-Za-z])(?:all|the)\s{1,3}$/i;
const RE_CONNECTOR = /\s{0,3}(?:(?:are|is)\s{1,3})?(?:(?:all\s{1,3})?(?:shown|given|listed|written|reported|displayed|expressed|stated)\s{1,3})?(?:in\s{1,3}|:\s{0,3}|=\s{0,3})?(\(\s{0,2})?/iy;
const ZONE_TOKENS: readonly RegExp[] = [
  /(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?(?![\d:])/iy,
  /[A-Z][A-Za-z_]{1,30}\/[A-Za-z_]{1,30}(?:\/[A-Za-z_]{1,30})?/y,
  /(?:(?:Central|Eastern)\s(?:European\s)?(?:Summer\s)?Time|British\sSummer\sTime|Coordinated\sUniversal\sTime|Greenwich\sMean\sTime|India\sStandard\sTime|Japan\sStandard\sTime)\b/iy,
  /(?:US\s)?(?:Pacific|Eastern|Central|Mountain)(?:\s(?:Standard\s|Daylight\s)?Time)?\b/iy,
  /(?:UTC|GMT)(?![A-Za-z\d])/iy,
  /[A-Z]{2,5}(?![A-Za-z\d])/y,
];
const RE_DECL_PAREN = /\s{0,2}\(\s{0,2}([^()\n]{1,20}?)\s{0,2}\)/y;
const RE_CLOSE_PAREN = /\s{0,2}\)/y;
const RE_DATE_LEAD = /\s{0,3}[,;]?\s{0,3}(?:on\s{1,3})?/iy;

function stickyAt(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

/** Find a sentence/heading/table header that declares the time zone of a timeline: `All times in PST`,
 * `All times are in UTC.`, `All times in PST, on February 5th 2019` (date returned too), `(times in BST)`,
 * `Timeline (times in BST)`, `Date and Time in CET`, `All times in PDT (UTC-7).`, `_All times in EEST_`,
 * `All times in UTC+1`, `Times are CET (GMT+1)`, `Time (UTC)`, `Timezone: UTC`. `zone` is the resolved zone (see
 * resolveZone); `verbatim` is the declaration as written (`PDT (UTC-7)`, `CET (GMT+1)`, `UTC+1`). Abbreviations
 * count only in upper case (`UTC`/`GMT` in any case). The first declaration that resolves wins. Null when none. */
export function findZoneDeclaration(text: string): ZoneDeclaration | null {
  if (typeof text !== 'string') return null;
  RE_TRIGGER.lastIndex = 0;
  for (;;) {
    const trigger = RE_TRIGGER.exec(text);
    if (trigger === null) return null;
    const found = declarationAt(text, trigger.index, trigger.index + trigger[0].length);
    if (found !== null) return found;
  }
}

function declarationAt(text: string, triggerStart: number, triggerEnd: number): ZoneDeclaration | null {
  const connector = stickyAt(RE_CONNECTOR, text, triggerEnd);
  if (connector === null) return null;
  const zoneStart = triggerEnd + connector[0].length;
  for (const re of ZONE_TOKENS) {
    const token = stickyAt(re, text, zoneStart);
    if (token === null) continue;
    let verbatim = token[0];
    let end = zoneStart + verbatim.length;
    const paren = stickyAt(RE_DECL_PAREN, text, end);
    if (paren !== null && resolveZone(paren[1] ?? '') !== null) {
      verbatim = `${verbatim} (${(paren[1] ?? '').trim()})`;
      end += paren[0].length;
    }
    const zone = resolveZone(verbatim);
    if (zone === null) continue;
    if (connector[1] !== undefined) {
      const close = stickyAt(RE_CLOSE_PAREN, text, end); // `Time (UTC)`
      if (close !== null) end += close[0].length;
    }
    const all = RE_ALL_BEFORE.exec(text.slice(Math.max(0, triggerStart - 10), triggerStart));
    const index = all === null ? triggerStart : triggerStart - all[0].length;
    let date: DateParts | null = null;
    const lead = stickyAt(RE_DATE_LEAD, text, end);
    const dateStart = end + (lead === null ? 0 : lead[0].length);
    const found = findDate(text.slice(dateStart, dateStart + 40));
    if (found !== null && found.index === 0) {
      date = found.date;
      end = dateStart + found.length;
    }
    return { verbatim, zone, index, length: end - index, date };
  }
  return null;
}

/**
 * The zone a heading or a table header gives for what is under it: a declaration (`Timeline (times in BST)`,
 * `Date and Time in CET`), or a zone alone in its closing parentheses (`## Timeline (PST)`, `Datetime (UTC)`,
 * `Timeline (in UTC)`). Only for headings: in prose, `(PST)` is too loose to be a declaration. Null when none.
 */
export function findHeadingZone(heading: string): ZoneDeclaration | null {
  const declared = findZoneDeclaration(heading);
  if (declared) return declared;
  const m = /\(([^()]{1,40})\)\s*$/.exec(heading);
  if (!m) return null;
  const written = m[1]!.trim().replace(/^(?:all\s+)?(?:times?\s+)?(?:are\s+)?(?:in\s+)?/i, '').trim();
  const zone = written ? resolveZone(written) : null;
  return zone ? { verbatim: written, zone, index: m.index, length: m[0].length, date: null } : null;
}
