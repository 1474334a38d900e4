/** The time axis: linear scale, tick steps, ticks on the local wall clock (DST, half-hour zones), padded domains. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { paddedDomain, timeAxis, type Tick } from '../../web/src/lib/time-axis.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });
const strictlyIncreasing = (ticks: Tick[]) => ticks.every((tick, i) => i === 0 || tick.at > ticks[i - 1]!.at);

describe('timeAxis scale', () => {
  it('maps start to 0 and end to width, linearly', () => {
    const axis = timeAxis({ start: 1000, end: 3000, width: 400, zone: 'UTC' });
    expect(axis.x(1000)).toBe(0);
    expect(axis.x(3000)).toBe(400);
    expect(axis.x(1500)).toBe(100);
    expect(axis.start).toBe(1000);
    expect(axis.end).toBe(3000);
  });

  it('does not divide by zero on a zero-length domain', () => {
    const instant = at('2024-01-01T12:34:00Z');
    const axis = timeAxis({ start: instant, end: instant, width: 600, zone: 'UTC' });
    expect(axis.x(instant)).toBe(300);
    expect(Number.isFinite(axis.x(instant + HOUR))).toBe(true);
    expect(axis.ticks).toEqual([{ at: instant, x: 300, label: '12:34', dayChange: false }]);
  });

  it('has no ticks without room to draw them', () => {
    expect(timeAxis({ start: 0, end: HOUR, width: 0, zone: 'UTC' }).ticks).toEqual([]);
    expect(timeAxis({ start: 0, end: HOUR, width: Number.NaN, zone: 'UTC' }).ticks).toEqual([]);
  });
});

describe('timeAxis steps', () => {
  const stepOf = (ticks: Tick[]) => ticks[1]!.at - ticks[0]!.at;

  it('takes the smallest nice step that keeps ticks minTickSpacing apart', () => {
    // 2 hours over 700 px: 15 min = 87.5 px is the first step ≥ 70 px (10 min = 58 px is too tight).
    const ticks = timeAxis({ start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T12:00:00Z'), width: 700, zone: 'UTC' }).ticks;
    expect(stepOf(ticks)).toBe(15 * MINUTE);
    expect(ticks.map((tick) => tick.label)).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45', '12:00']);
    expect(ticks.map((tick) => tick.x)).toEqual([0, 87.5, 175, 262.5, 350, 437.5, 525, 612.5, 700]);
  });

  it('honours minTickSpacing', () => {
    const options = { start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T12:00:00Z'), width: 700, zone: 'UTC' };
    expect(stepOf(timeAxis({ ...options, minTickSpacing: 20 }).ticks)).toBe(5 * MINUTE);
    expect(stepOf(timeAxis({ ...options, minTickSpacing: 300 }).ticks)).toBe(HOUR);
  });

  it('labels the first tick of a new local day with the day', () => {
    const ticks = timeAxis({ start: at('2018-01-25T20:00:00Z'), end: at('2018-01-26T12:00:00Z'), width: 800, zone: 'America/Los_Angeles' }).ticks;
    const labels = ticks.map((tick) => tick.label);
    // 16 h over 800 px: 1 h would be 50 px, 2 h is 100 px.
    expect(labels).toEqual(['12:00', '14:00', '16:00', '18:00', '20:00', '22:00', '26 Jan', '02:00', '04:00']);
    expect(ticks.map((tick) => tick.dayChange)).toEqual([false, false, false, false, false, false, true, false, false]);
  });

  it('uses day labels for day steps, weeks starting on Monday', () => {
    const ticks = timeAxis({ start: at('2024-01-01T00:00:00Z'), end: at('2024-03-01T00:00:00Z'), width: 800, zone: 'Asia/Kolkata' }).ticks;
    expect(stepOf(ticks)).toBe(7 * DAY);
    // The domain starts on Monday 1 Jan at 05:30 local, so the first local Monday midnight inside it is 8 Jan.
    expect(ticks.map((tick) => tick.label)).toEqual(['8 Jan', '15 Jan', '22 Jan', '29 Jan', '5 Feb', '12 Feb', '19 Feb', '26 Feb']);
    expect(ticks.every((tick) => tick.dayChange)).toBe(true);
    expect(ticks.every((tick) => local(tick.at, 'Asia/Kolkata').weekday === 1 && local(tick.at, 'Asia/Kolkata').hour === 0)).toBe(true);
  });

  it('uses months and years for long ranges', () => {
    const months = timeAxis({ start: at('2020-01-01T00:00:00Z'), end: at('2021-01-01T00:00:00Z'), width: 800, zone: 'UTC' }).ticks;
    // 1 month would be 67 px over 800 px, so quarters.
    expect(months.map((tick) => tick.label)).toEqual(['Jan 2020', 'Apr 2020', 'Jul 2020', 'Oct 2020', 'Jan 2021']);
    expect(months.every((tick) => local(tick.at, 'UTC').day === 1)).toBe(true);
    const years = timeAxis({ start: at('2000-06-01T00:00:00Z'), end: at('2024-06-01T00:00:00Z'), width: 600, zone: 'UTC' }).ticks;
    expect(years.map((tick) => tick.label)).toEqual(['2005', '2010', '2015', '2020']);
  });
});

describe('timeAxis across daylight saving (America/Los_Angeles)', () => {
  const zone = 'America/Los_Angeles';

  it('spring forward, 2024-03-10: whole local hours, no 02:00, strictly increasing', () => {
    const ticks = timeAxis({ start: at('2024-03-10T06:00:00Z'), end: at('2024-03-10T14:00:00Z'), width: 640, zone }).ticks;
    expect(ticks.map((tick) => tick.label)).toEqual(['22:00', '23:00', '10 Mar', '01:00', '03:00', '04:00', '05:00', '06:00', '07:00']);
    expect(strictlyIncreasing(ticks)).toBe(true);
    for (const tick of ticks) expect(local(tick.at, zone).minute).toBe(0);
  });

  it('fall back, 2024-11-03: the repeated 01:00 appears twice, still strictly increasing', () => {
    const ticks = timeAxis({ start: at('2024-11-03T06:00:00Z'), end: at('2024-11-03T14:00:00Z'), width: 640, zone }).ticks;
    expect(ticks.map((tick) => tick.label)).toEqual(['23:00', '3 Nov', '01:00', '01:00', '02:00', '03:00', '04:00', '05:00', '06:00']);
    expect(ticks.map((tick) => local(tick.at, zone).offset)).toEqual([-420, -420, -420, -480, -480, -480, -480, -480, -480]);
    expect(strictlyIncreasing(ticks)).toBe(true);
    for (const tick of ticks) expect(local(tick.at, zone).minute).toBe(0);
  });

  it('2-hour steps stay on even local hours across both changes', () => {
    for (const day of ['2024-03-10', '2024-11-03']) {
      const ticks = timeAxis({ start: at(`${day}T00:00:00Z`), end: at(`${day}T23:00:00Z`), width: 900, zone }).ticks;
      expect(ticks[1]!.at - ticks[0]!.at).toBe(2 * HOUR);
      expect(strictlyIncreasing(ticks)).toBe(true);
      for (const tick of ticks) {
        const time = local(tick.at, zone);
        expect(time.minute).toBe(0);
        expect(time.hour % 2).toBe(0);
      }
    }
  });
});

describe('timeAxis in a half-hour zone (Asia/Kolkata)', () => {
  it('puts 30-minute ticks on local :00 and :30, which are :30 and :00 UTC', () => {
    const zone = 'Asia/Kolkata';
    const ticks = timeAxis({ start: at('2024-01-01T00:10:00Z'), end: at('2024-01-01T04:00:00Z'), width: 800, zone }).ticks;
    expect(ticks[1]!.at - ticks[0]!.at).toBe(30 * MINUTE);
    expect(ticks[0]!.label).toBe('06:00');
    expect(new Date(ticks[0]!.at).toISOString()).toBe('2024-01-01T00:30:00.000Z');
    for (const tick of ticks) expect([0, 30]).toContain(local(tick.at, zone).minute);
  });

  it('puts hour ticks on whole local hours', () => {
    const zone = 'Asia/Kolkata';
    const ticks = timeAxis({ start: at('2024-01-01T00:00:00Z'), end: at('2024-01-01T08:00:00Z'), width: 600, zone }).ticks;
    expect(ticks[1]!.at - ticks[0]!.at).toBe(HOUR);
    for (const tick of ticks) expect(local(tick.at, zone).minute).toBe(0);
    expect(new Date(ticks[0]!.at).toISOString().slice(14, 16)).toBe('30');
  });
});

describe('timeAxis properties', () => {
  it('ticks are inside the domain, strictly increasing, on the local grid, and as far apart as asked', () => {
    const zones = ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        fc.integer({ min: MINUTE, max: 60 * DAY }),
        fc.integer({ min: 200, max: 1600 }),
        fc.constantFrom(...zones),
        (start, span, width, zone) => {
          const axis = timeAxis({ start, end: start + span, width, zone });
          expect(strictlyIncreasing(axis.ticks)).toBe(true);
          for (const tick of axis.ticks) {
            expect(tick.at).toBeGreaterThanOrEqual(start);
            expect(tick.at).toBeLessThanOrEqual(start + span);
            expect(tick.x).toBeCloseTo(axis.x(tick.at), 6);
            expect(local(tick.at, zone).second).toBe(0);
          }
          // Nominal spacing is respected; only a daylight-saving change may bring two ticks closer.
          const close = axis.ticks.filter((tick, i) => i > 0 && tick.x - axis.ticks[i - 1]!.x < 70 - 1e-6);
          expect(close.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('paddedDomain', () => {
  it('pads the range by padRatio on each side', () => {
    expect(paddedDomain([0, 100 * MINUTE, 50 * MINUTE])).toEqual({ start: -4 * MINUTE, end: 104 * MINUTE });
    expect(paddedDomain([0, 100 * MINUTE], { padRatio: 0.1 })).toEqual({ start: -10 * MINUTE, end: 110 * MINUTE });
  });

  it('centres a minSpan window on a single instant or a short range', () => {
    expect(paddedDomain([HOUR])).toEqual({ start: HOUR - 15 * MINUTE, end: HOUR + 15 * MINUTE });
    expect(paddedDomain([0, 10 * MINUTE])).toEqual({ start: -10 * MINUTE, end: 20 * MINUTE });
    expect(paddedDomain([0], { minSpan: 2 * HOUR })).toEqual({ start: -HOUR, end: HOUR });
  });

  it('is null without instants, and ignores non-finite ones', () => {
    expect(paddedDomain([])).toBeNull();
    expect(paddedDomain([Number.NaN])).toBeNull();
    expect(paddedDomain([Number.NaN, 0])).toEqual({ start: -15 * MINUTE, end: 15 * MINUTE });
  });
});
