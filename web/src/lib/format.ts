/**
 * Formatting for the UI: durations, instants in an incident's time zone, zone names, percentages, days.
 *
 * Pure and locale-independent (fixed English month names, 24 h, ISO-like dates), so the output is the same in
 * every browser and in tests. Zone arithmetic goes through luxon. Nothing here throws on bad input: a missing
 * value becomes `'—'`, an unknown zone name becomes UTC.
 */
import { DateTime, IANAZone } from 'luxon';

/** What the UI shows for a value that is unknown. */
export const MISSING = '—';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The zone to compute in: `zone` when it is a valid IANA name (`UTC` included), else `'UTC'`.
 * `null`, `undefined`, `''` and unknown names (`'Mars/Olympus'`) all give `'UTC'`.
 */
export function resolveZone(zone: string | null | undefined): string {
  if (typeof zone !== 'string') return 'UTC';
  const name = zone.trim();
  if (name === '' || name.toUpperCase() === 'UTC') return 'UTC';
  let resolved = resolvedZones.get(name);
  if (resolved === undefined) {
    resolved = IANAZone.isValidZone(name) ? name : 'UTC';
    resolvedZones.set(name, resolved);
  }
  return resolved;
}
const resolvedZones = new Map<string, string>();

/** `iso` as a luxon DateTime in `zone` (resolved with `resolveZone`), English locale; null when `iso` is not a date. */
function inZone(iso: string, zone: string): DateTime | null {
  if (typeof iso !== 'string') return null;
  const parsed = DateTime.fromISO(iso, { zone: 'utc', locale: 'en-US' });
  if (!parsed.isValid) return null;
  return parsed.setZone(resolveZone(zone));
}

/**
 * A duration for people: the two largest non-zero units of days, hours, minutes, seconds, the second one left out
 * when it is zero, the rest truncated: `45 s`, `35 min`, `1 min 30 s`, `1 h 24 min`, `2 h`, `3 d 4 h`, `0 s`.
 * Fractions of a second are rounded. `null`, negative and non-finite values give `'—'`.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return MISSING;
  let rest = Math.round(seconds);
  const parts: Array<[number, string]> = [];
  for (const [size, unit] of [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ] as const) {
    parts.push([Math.floor(rest / size), unit]);
    rest %= size;
  }
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return '0 s';
  const [value, unit] = parts[first]!;
  const next = parts[first + 1];
  return next && next[0] > 0 ? `${value} ${unit} ${next[0]} ${next[1]}` : `${value} ${unit}`;
}

/**
 * An instant (ISO-8601, any offset; without one it is read as UTC) on the wall clock of `zone`, 24 h:
 * `'time'` → `16:11`, `'datetime'` → `2018-01-25 16:11`, `'date'` → `2018-01-25`. Unknown zones give UTC; an
 * unreadable `iso` gives `'—'`.
 */
export function formatInstant(iso: string, zone: string, style: 'time' | 'datetime' | 'date'): string {
  if (typeof iso !== 'string') return MISSING;
  // Date.parse reads a date-time without an offset as local time; luxon (and this function) as UTC.
  const ms = /(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(iso) ? Date.parse(iso) : (inZone(iso, 'UTC')?.toMillis() ?? NaN);
  return formatEpochMs(ms, zone, style);
}

/**
 * `formatInstant` for an instant in ms since the epoch (no ISO parsing: the fast path for charts with many
 * markers). Non-finite `ms` gives `'—'`.
 */
export function formatEpochMs(ms: number, zone: string, style: 'time' | 'datetime' | 'date'): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return MISSING;
  const offset = offsetMinutes(resolveZone(zone), ms);
  if (offset === null) return MISSING;
  const local = new Date(ms + offset * 60_000);
  if (Number.isNaN(local.getTime())) return MISSING;
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const date = `${String(local.getUTCFullYear()).padStart(4, '0')}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  return style === 'time' ? time : style === 'date' ? date : `${date} ${time}`;
}

/**
 * The zone's offset from UTC in minutes at `ms`, asked of luxon once per zone and quarter hour (every offset change
 * in the time zone database falls on a quarter hour), so a timeline of 700 entries costs a few dozen zone lookups
 * instead of 700. Null when luxon cannot place the instant.
 */
function offsetMinutes(zone: string, ms: number): number | null {
  if (zone === 'UTC') return 0;
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const key = `${zone} ${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const local = DateTime.fromMillis(bucket * QUARTER_HOUR, { zone });
    if (!local.isValid) return null;
    offset = local.offset;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's short name at that instant, as English speakers write it: `PST`/`PDT` for America/Los_Angeles, `UTC`,
 * and `GMT+5:30`/`GMT+1` where English has no abbreviation (Asia/Kolkata, Europe/Paris). Unknown zones give `UTC`;
 * an unreadable `iso` gives the resolved zone name.
 */
export function zoneAbbreviation(zone: string, iso: string): string {
  const resolved = resolveZone(zone);
  if (resolved === 'UTC') return 'UTC';
  const local = inZone(iso, resolved);
  if (!local) return resolved;
  return local.offsetNameShort ?? zoneOffsetLabel(resolved, iso);
}

/**
 * `zoneAbbreviation` for an instant in ms since the epoch, looked up once per zone and offset (the abbreviation
 * changes only with the offset: EST/EDT), so labelling every marker of a long timeline stays cheap.
 */
export function zoneAbbreviationAt(zone: string, ms: number): string {
  const resolved = resolveZone(zone);
  if (resolved === 'UTC' || !Number.isFinite(ms)) return 'UTC';
  const offset = offsetMinutes(resolved, ms);
  const key = `${resolved} ${offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = zoneAbbreviation(resolved, new Date(ms).toISOString());
    abbreviations.set(key, name);
  }
  return name;
}
const abbreviations = new Map<string, string>();

/**
 * The zone's abbreviations over `instants`, in order of first appearance, joined by `/`: `PST`, or `EST/EDT`
 * across a daylight-saving change. No instants: the abbreviation now.
 */
export function zoneAbbreviations(zone: string, instants: readonly number[]): string {
  const names = new Set(instants.filter(Number.isFinite).map((ms) => zoneAbbreviationAt(zone, ms)));
  return names.size === 0 ? zoneAbbreviationAt(zone, Date.now()) : [...names].join('/');
}

/**
 * The zone's offset from UTC at that instant: `UTC−08:00` (with a real minus sign, U+2212), `UTC+05:30`, and `UTC`
 * when the offset is zero. Unknown zones and unreadable instants give `UTC`.
 */
export function zoneOffsetLabel(zone: string, iso: string): string {
  const local = inZone(iso, zone);
  const offset = local ? local.offset : 0;
  if (offset === 0) return 'UTC';
  const magnitude = Math.abs(offset);
  const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
  const minutes = String(magnitude % 60).padStart(2, '0');
  return `UTC${offset < 0 ? '\u2212' : '+'}${hours}:${minutes}`;
}

/** A ratio (0–1) as a whole percentage: `0.666` → `67 %`, `1` → `100 %`. `null` and non-finite values give `'—'`. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || typeof ratio !== 'number' || !Number.isFinite(ratio)) return MISSING;
  const percent = Math.round(ratio * 100);
  return `${percent === 0 ? 0 : percent} %`;
}

/**
 * A calendar day `YYYY-MM-DD` as `25 Jan 2018`. `null` gives `'—'`; a string that is not a real day is returned
 * unchanged, so nothing the author wrote disappears.
 */
export function formatDay(day: string | null): string {
  if (day === null || typeof day !== 'string') return MISSING;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const [, year, month, date] = match;
  const parsed = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(date) }, { zone: 'utc' });
  if (!parsed.isValid) return day;
  return `${parsed.day} ${MONTHS[parsed.month - 1]} ${parsed.year}`;
}

/**
 * A month `YYYY-MM` as `Jan 2018`. `null` gives `'—'`; a string that is not a month is returned unchanged.
 */
export function formatMonth(month: string | null): string {
  if (month === null || typeof month !== 'string') return MISSING;
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const index = Number(match[2]) - 1;
  const name = MONTHS[index];
  return name === undefined ? month : `${name} ${match[1]}`;
}

/**
 * A number of days, rounded down to the largest fitting unit: `today` (under one day), `1 day`, `12 days` (under
 * 31), `1 month`, `3 months` (30.44-day months, under 365 days), `1 year`, `2 years` (365.25-day years).
 * The sign is ignored (the caller says "ago" or "in"); `null` and non-finite values give `'—'`.
 */
export function formatRelativeDays(days: number | null): string {
  if (days === null || typeof days !== 'number' || !Number.isFinite(days)) return MISSING;
  const magnitude = Math.abs(days);
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (magnitude < 1) return 'today';
  if (magnitude < 31) return plural(Math.floor(magnitude), 'day');
  if (magnitude < 365) return plural(Math.max(1, Math.floor(magnitude / 30.44)), 'month');
  return plural(Math.floor(magnitude / 365.25) || 1, 'year');
}

/**
 * `text` cut to at most `max` (default 200) characters, at a word boundary when one is near, with `…` appended;
 * whitespace runs collapse to one space. Shorter texts are returned collapsed but otherwise unchanged.
 */
export function truncateText(text: string, max = 200): string {
  const collapsed = String(text).replace(/\s+/g, ' ').trim();
  if (collapsed.length <= max) return collapsed;
  const cut = collapsed.slice(0, Math.max(1, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.7 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
