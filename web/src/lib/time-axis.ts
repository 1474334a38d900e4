/**
 * A linear time scale for charts, with ticks on the wall clock of a time zone.
 *
 * Pure: instants in, positions and labels out. Ticks land on local boundaries (whole local hours, local
 * :00/:30 in a half-hour zone, local midnights), so they stay meaningful across daylight-saving changes.
 */
import { DateTime } from 'luxon';
import { resolveZone } from './format.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A tick step: a count of a wall-clock unit. */
interface Step {
  unit: 'minute' | 'hour' | 'day' | 'month' | 'year';
  count: number;
  /** Nominal length, used to choose the step (months are 30.44 days, years 365.25). */
  ms: number;
}

const STEPS: readonly Step[] = [
  ...[1, 2, 5, 10, 15, 30].map((count): Step => ({ unit: 'minute', count, ms: count * MINUTE })),
  ...[1, 2, 3, 6, 12].map((count): Step => ({ unit: 'hour', count, ms: count * HOUR })),
  ...[1, 2, 7].map((count): Step => ({ unit: 'day', count, ms: count * DAY })),
  ...[1, 3, 6].map((count): Step => ({ unit: 'month', count, ms: count * 30.44 * DAY })),
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((count): Step => ({ unit: 'year', count, ms: count * 365.25 * DAY })),
];

/** No axis draws more ticks than this, whatever it is given. */
const MAX_TICKS = 1000;

/** One tick of a time axis. */
export interface Tick {
  /** The instant, in ms since the epoch. */
  at: number;
  /** Its position, in px from the left of the plot. */
  x: number;
  /** `HH:MM`; the day (`25 Jan`) on a day change or when the step is one day or more; `Jan 2018` / `2018` for month / year steps. */
  label: string;
  /** The tick is on a different local day than the tick before it (the first tick: than the start of the axis). */
  dayChange: boolean;
}

/** A linear scale from instants to px, with its ticks. */
export interface TimeAxis {
  start: number;
  end: number;
  /** The px of an instant: `start` → 0, `end` → width (linear; outside the domain it extrapolates). */
  x: (ms: number) => number;
  ticks: Tick[];
}

/** What `timeAxis` needs. */
export interface TimeAxisOptions {
  /** The first instant of the axis, ms since the epoch. */
  start: number;
  /** The last instant, ms since the epoch (swapped with `start` when smaller). */
  end: number;
  /** The plot's width in px. */
  width: number;
  /** IANA zone whose wall clock the ticks follow; unknown names give UTC. */
  zone: string;
  /** The least distance between two ticks, in px. Default 70. */
  minTickSpacing?: number;
}

/**
 * A linear scale from `start` (x = 0) to `end` (x = `width`) and its ticks in `zone`.
 *
 * The step is the smallest of 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1, 2, 7 d; 1, 3, 6 months; 1, 2, 5, 10 …
 * years that puts ticks at least `minTickSpacing` (default 70) px apart. Ticks are aligned to local boundaries in
 * `zone` (multiples of the step from local midnight; weeks start on Monday; months on the 1st) and strictly
 * increasing. Across a daylight-saving change sub-day ticks stay on the local grid: a skipped local hour has no
 * tick, a repeated one has its ticks twice (`01:00`, `01:00`); a local midnight that does not exist moves forward.
 *
 * A zero-length domain (`start === end`) puts every instant at `width / 2` and has one tick, at `start`.
 * A width of 0 or less, or non-finite input, gives no ticks.
 */
export function timeAxis(options: TimeAxisOptions): TimeAxis {
  const zone = resolveZone(options.zone);
  const start = Math.min(options.start, options.end);
  const end = Math.max(options.start, options.end);
  const width = Number.isFinite(options.width) ? options.width : 0;
  const minTickSpacing =
    options.minTickSpacing !== undefined && Number.isFinite(options.minTickSpacing) && options.minTickSpacing > 0
      ? options.minTickSpacing
      : 70;
  const span = end - start;
  const x = span > 0 ? (ms: number) => ((ms - start) / span) * width : () => width / 2;
  const axis: TimeAxis = { start, end, x, ticks: [] };
  if (!Number.isFinite(start) || !Number.isFinite(end) || width <= 0) return axis;

  if (span === 0) {
    axis.ticks.push({ at: start, x: width / 2, label: local(start, zone).toFormat('HH:mm'), dayChange: false });
    return axis;
  }

  const step = chooseStep(span, width, minTickSpacing);
  let previousDay = local(start, zone).toFormat('yyyy-MM-dd');
  let last = -Infinity;
  for (const at of candidates(step, start, end, zone)) {
    if (at < start || at <= last) continue;
    if (at > end || axis.ticks.length >= MAX_TICKS) break;
    last = at;
    const time = local(at, zone);
    const day = time.toFormat('yyyy-MM-dd');
    const dayChange = day !== previousDay;
    previousDay = day;
    axis.ticks.push({ at, x: x(at), label: label(time, step, dayChange), dayChange });
  }
  return axis;
}

/** The smallest step at least `minTickSpacing` px wide, else the largest. */
function chooseStep(span: number, width: number, minTickSpacing: number): Step {
  const pxPerMs = width / span;
  return STEPS.find((step) => step.ms * pxPerMs >= minTickSpacing) ?? STEPS[STEPS.length - 1]!;
}

function local(ms: number, zone: string): DateTime {
  return DateTime.fromMillis(ms, { zone, locale: 'en-US' });
}

/** Wall-clock time in `zone` as ms since a UTC epoch ("local ms"). */
function toLocalMs(ms: number, zone: string): number {
  return ms + local(ms, zone).offset * MINUTE;
}

/** The instant of a wall-clock time in `zone`; a time in a gap moves forward, an ambiguous one takes the earlier. */
function fromLocalMs(localMs: number, zone: string): number {
  return DateTime.fromMillis(localMs, { zone: 'utc' }).setZone(zone, { keepLocalTime: true }).toMillis();
}

/**
 * Instants on the step's local boundaries, from the last boundary at or before `start` until one passes `end`.
 * Non-decreasing; the caller drops repeats (two local times in one gap map to the same instant).
 */
function* candidates(step: Step, start: number, end: number, zone: string): Generator<number> {
  const localStart = toLocalMs(start, zone);
  const guard = MAX_TICKS * 4;
  if (step.unit === 'minute' || step.unit === 'hour') {
    // Step in real time from the last local boundary; where the offset changes (daylight saving) and the next
    // instant is off the local grid, move on to the next local boundary. A repeated local hour (fall back) gets
    // its ticks twice, a skipped one (spring forward) none.
    const size = step.count * (step.unit === 'minute' ? MINUTE : HOUR);
    let at = fromLocalMs(Math.floor(localStart / size) * size, zone);
    for (let i = 0; i < guard; i += 1) {
      yield at;
      if (at > end) return;
      let next = at + size;
      const localNext = toLocalMs(next, zone);
      if (mod(localNext, size) !== 0) next = fromLocalMs(Math.ceil(localNext / size) * size, zone);
      at = next > at ? next : at + size;
    }
    return;
  }
  if (step.unit === 'day') {
    // Day numbers since 1970-01-01 (a Thursday): 2-day steps on even days, weeks on Mondays (day + 3 ≡ 0 mod 7).
    const shift = step.count === 7 ? 3 : 0;
    const dayNumber = Math.floor(localStart / DAY);
    let day = dayNumber - mod(dayNumber + shift, step.count);
    for (let i = 0; i < guard; i += 1) {
      const at = fromLocalMs(day * DAY, zone);
      yield at;
      if (at > end) return;
      day += step.count;
    }
    return;
  }
  const first = local(start, zone);
  const perStep = step.unit === 'month' ? step.count : step.count * 12;
  const monthIndex = first.year * 12 + (first.month - 1);
  let index = monthIndex - mod(monthIndex, perStep);
  for (let i = 0; i < guard; i += 1) {
    const at = fromLocalMs(Date.UTC(Math.floor(index / 12), mod(index, 12), 1), zone);
    yield at;
    if (at > end) return;
    index += perStep;
  }
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function label(time: DateTime, step: Step, dayChange: boolean): string {
  if (step.unit === 'year') return String(time.year);
  if (step.unit === 'month') return `${MONTHS[time.month - 1]} ${time.year}`;
  if (step.unit === 'day' || dayChange) return `${time.day} ${MONTHS[time.month - 1]}`;
  return time.toFormat('HH:mm');
}

/** What `paddedDomain` may be told. */
export interface PaddedDomainOptions {
  /** The least span of the domain, in ms. Default 30 min. */
  minSpan?: number;
  /** Room added on each side, as a share of the instants' span. Default 0.04. */
  padRatio?: number;
}

/**
 * The domain to draw a set of instants in: their range widened by `padRatio` (default 0.04) of the span on each
 * side, and at least `minSpan` (default 30 min) long, centred on the instants. One instant gives a `minSpan` window
 * centred on it; no (finite) instants give null.
 */
export function paddedDomain(instants: number[], options: PaddedDomainOptions = {}): { start: number; end: number } | null {
  const minSpan = options.minSpan !== undefined && Number.isFinite(options.minSpan) && options.minSpan >= 0 ? options.minSpan : 30 * MINUTE;
  const padRatio = options.padRatio !== undefined && Number.isFinite(options.padRatio) && options.padRatio >= 0 ? options.padRatio : 0.04;
  let min = Infinity;
  let max = -Infinity;
  for (const instant of instants) {
    if (!Number.isFinite(instant)) continue;
    if (instant < min) min = instant;
    if (instant > max) max = instant;
  }
  if (min > max) return null;
  const span = Math.max((max - min) * (1 + 2 * padRatio), minSpan);
  const centre = min + (max - min) / 2;
  return { start: centre - span / 2, end: centre + span / 2 };
}
