/**
 * The deployment view's date filters as the API gets them: days of the page's clock (the viewer's zone, or UTC) as
 * the instants where they begin and end; the query of the list and of the strip.
 */
import { describe, expect, it } from 'vitest';
import { dayBoundary, listQueryOf, STRIP_LIMIT, stripQueryOf, zonedRange } from '../../web/src/lib/deployment-range.ts';

describe('dayBoundary', () => {
  it('gives the first and the last second of a day on the clock of the zone', () => {
    expect(dayBoundary('2018-01-24', 'America/Los_Angeles')).toBe('2018-01-24T00:00:00-08:00');
    expect(dayBoundary('2018-01-27', 'America/Los_Angeles', true)).toBe('2018-01-27T23:59:59-08:00');
    expect(dayBoundary('2018-01-24', 'Asia/Kolkata')).toBe('2018-01-24T00:00:00+05:30');
    expect(dayBoundary('2018-01-24', 'UTC')).toBe('2018-01-24T00:00:00Z');
    expect(dayBoundary('2018-01-24', 'UTC', true)).toBe('2018-01-24T23:59:59Z');
    // Summer time: the offset of that day.
    expect(dayBoundary('2024-06-18', 'America/Los_Angeles')).toBe('2024-06-18T00:00:00-07:00');
  });

  it('starts a day whose midnight the clock skips when the clock jumps', () => {
    // São Paulo moved its clocks from 00:00 to 01:00 on 16 October 2016.
    expect(dayBoundary('2016-10-16', 'America/Sao_Paulo')).toBe('2016-10-16T01:00:00-02:00');
  });

  it('leaves instants, impossible days and other text as they are; unknown zones are UTC', () => {
    expect(dayBoundary('2018-01-24T10:00:00+01:00', 'America/Los_Angeles')).toBe('2018-01-24T10:00:00+01:00');
    expect(dayBoundary('2018-02-30', 'UTC')).toBe('2018-02-30');
    expect(dayBoundary('2018-01-24', 'Mars/Olympus_Mons')).toBe('2018-01-24T00:00:00Z');
  });
});

describe('zonedRange', () => {
  it('turns the days filtered on into instants of the zone, leaving out the unset', () => {
    expect(zonedRange({ from: '2018-01-24', to: '2018-01-27' }, 'America/Los_Angeles')).toEqual({
      from: '2018-01-24T00:00:00-08:00',
      to: '2018-01-27T23:59:59-08:00',
    });
    expect(zonedRange({ to: '2018-01-27' }, 'UTC')).toEqual({ to: '2018-01-27T23:59:59Z' });
    expect(zonedRange({}, 'UTC')).toEqual({});
  });
});

describe('the queries of the deployment view', () => {
  const filters = { environment: 'production', from: '2018-01-24', to: '2018-01-27', offset: 50, tz: 'utc' as const, period: 'week' as const };

  it('asks the list for its page, the days in the zone shown', () => {
    expect(listQueryOf(filters, 'America/Los_Angeles')).toEqual({
      environment: 'production',
      from: '2018-01-24T00:00:00-08:00',
      to: '2018-01-27T23:59:59-08:00',
      offset: 50,
      incidents: true,
    });
  });

  it('asks the strip for every deployment matching, whatever the page: the newest 1000', () => {
    const query = stripQueryOf(filters, 'UTC');
    expect(query).toEqual({ environment: 'production', from: '2018-01-24T00:00:00Z', to: '2018-01-27T23:59:59Z', incidents: true, limit: STRIP_LIMIT });
    expect(STRIP_LIMIT).toBe(1000);
    // Paging does not change it: the strip's axis stays put.
    expect(stripQueryOf({ ...filters, offset: undefined }, 'UTC')).toEqual(query);
  });
});
