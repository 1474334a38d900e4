import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findHeadingZone, findZoneDeclaration, offsetOn, resolveZone, toUtc } from '../../server/parser/timezone.ts';
import { ZONE_TEXTS } from '../bench/pathological.ts';

const hm = (hour: number, minute: number, second: number | null = null) => ({ hour, minute, second });

describe('resolveZone', () => {
  it.each<[string, string | null]>([
    ['PST', 'America/Los_Angeles'], ['PDT', 'America/Los_Angeles'], ['PT', 'America/Los_Angeles'],
    ['EDT', 'America/New_York'], ['CST', 'America/Chicago'], ['MDT', 'America/Denver'], ['AKST', 'America/Anchorage'],
    ['HST', 'Pacific/Honolulu'], ['GMT', 'UTC'], ['UTC', 'UTC'], ['Z', 'UTC'], ['utc', 'UTC'], ['Etc/UTC', 'UTC'],
    ['BST', 'Europe/London'], ['IST', 'Asia/Kolkata'], ['CET', 'Europe/Paris'], ['CEST', 'Europe/Paris'],
    ['EEST', 'Europe/Helsinki'], ['WEST', 'Europe/Lisbon'], ['JST', 'Asia/Tokyo'], ['KST', 'Asia/Seoul'],
    ['AEDT', 'Australia/Sydney'], ['NZST', 'Pacific/Auckland'], ['SGT', 'Asia/Singapore'], ['HKT', 'Asia/Hong_Kong'],
    ['US Pacific', 'America/Los_Angeles'], ['Pacific time', 'America/Los_Angeles'], ['Eastern Time', 'America/New_York'],
    ['Central European Time', 'Europe/Paris'],
    ['Europe/London', 'Europe/London'], ['europe/london', 'Europe/London'], ['US/Pacific', 'US/Pacific'], ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['PDT (UTC-7)', '-07:00'], ['CET (GMT+1)', '+01:00'], ['PST (UTC -8)', '-08:00'],
    ['UTC+1', '+01:00'], ['GMT-7', '-07:00'], ['UTC+05:30', '+05:30'], ['+0100', '+01:00'], ['-07:00', '-07:00'],
    ['UTC−3', '-03:00'], ['UTC+0', 'UTC'], ['UTC+14', '+14:00'], ['UTC+15', null],
    ['_EEST_', 'Europe/Helsinki'], ['PST.', 'America/Los_Angeles'], ['(BST)', 'Europe/London'],
    ['XYZ', null], ['Nowhere/Land', null], ['', null], ['   ', null], ['the', null],
  ])('%j -> %j', (written, zone) => {
    expect(resolveZone(written)).toBe(zone);
  });
});

describe('offsetOn', () => {
  it.each<[string, string, string | null]>([
    ['PST', '2019-02-05', '-08:00'],
    ['PST', '2019-07-01', '-07:00'], // the real DST rules, whatever the letters say
    ['PDT (UTC-7)', '2019-02-05', '-07:00'], // an explicit offset wins
    ['CET (GMT+1)', '2019-07-01', '+01:00'],
    ['UTC+1', '2020-01-01', '+01:00'],
    ['EEST', '2025-05-12', '+03:00'],
    ['BST', '2025-07-11', '+01:00'],
    ['IST', '2025-07-21', '+05:30'],
    ['EDT', '2025-07-22', '-04:00'],
    ['UTC', '2022-10-31', '+00:00'],
    ['CET', '2021-12-10', '+01:00'],
    ['America/Los_Angeles', '2024-03-10', '-07:00'], // noon on the spring-forward day
    ['Nowhere/Land', '2024-03-10', null],
    ['PST', '2019-02-30', null],
  ])('%s on %s -> %s', (zone, date, offset) => {
    expect(offsetOn(zone, date)).toBe(offset);
  });
});

describe('toUtc', () => {
  it('converts wall time in a zone to UTC', () => {
    expect(toUtc('2018-01-25', hm(14, 30), 'America/Los_Angeles')).toBe('2018-01-25T22:30:00Z');
    expect(toUtc('2019-07-01', hm(9, 0, 15), 'PST')).toBe('2019-07-01T16:00:15Z');
    expect(toUtc('2025-05-12', hm(0, 40), 'Europe/Helsinki')).toBe('2025-05-11T21:40:00Z');
    expect(toUtc('2020-01-01', hm(0, 30), '+01:00')).toBe('2019-12-31T23:30:00Z');
    expect(toUtc('2022-10-29', hm(1, 2), 'UTC')).toBe('2022-10-29T01:02:00Z');
    expect(toUtc('2025-07-21', hm(23, 59), 'IST')).toBe('2025-07-21T18:29:00Z');
  });

  // Policy: a time in a spring-forward gap moves forward by the gap; an ambiguous fall-back time is the
  // earlier instant (its first occurrence, still on daylight time).
  it('moves a time in a spring-forward gap forward by the gap', () => {
    expect(toUtc('2024-03-10', hm(2, 30), 'America/Los_Angeles')).toBe('2024-03-10T10:30:00Z'); // 03:30 PDT
    expect(toUtc('2025-03-30', hm(1, 30), 'Europe/London')).toBe('2025-03-30T01:30:00Z'); // 02:30 BST
  });

  it('takes the first occurrence of an ambiguous fall-back time', () => {
    expect(toUtc('2024-11-03', hm(1, 30), 'America/Los_Angeles')).toBe('2024-11-03T08:30:00Z'); // 01:30 PDT
    expect(toUtc('2025-10-26', hm(1, 30), 'Europe/London')).toBe('2025-10-26T00:30:00Z'); // 01:30 BST
  });

  it('handles the hours around the transitions exactly', () => {
    expect(toUtc('2024-03-10', hm(1, 59), 'America/Los_Angeles')).toBe('2024-03-10T09:59:00Z');
    expect(toUtc('2024-03-10', hm(3, 0), 'America/Los_Angeles')).toBe('2024-03-10T10:00:00Z');
    expect(toUtc('2024-11-03', hm(0, 59), 'America/Los_Angeles')).toBe('2024-11-03T07:59:00Z');
    expect(toUtc('2024-11-03', hm(2, 0), 'America/Los_Angeles')).toBe('2024-11-03T10:00:00Z');
    expect(toUtc('2024-11-04', hm(1, 30), 'America/Los_Angeles')).toBe('2024-11-04T09:30:00Z');
  });

  it('returns null for an unknown zone or an invalid date or time', () => {
    expect(toUtc('2024-03-10', hm(2, 30), 'Nowhere/Land')).toBeNull();
    expect(toUtc('2024-03-10', hm(2, 30), 'XYZ')).toBeNull();
    expect(toUtc('2024-02-30', hm(2, 30), 'UTC')).toBeNull();
    expect(toUtc('March 10', hm(2, 30), 'UTC')).toBeNull();
    expect(toUtc('2024-03-10', hm(24, 0), 'UTC')).toBeNull();
    expect(toUtc('2024-03-10', hm(10, 60), 'UTC')).toBeNull();
    expect(toUtc('2024-03-10', hm(1.5, 0), 'UTC')).toBeNull();
  });
});

describe('findZoneDeclaration', () => {
  it.each<[string, string, string, number, number, { year: number | null; month: number; day: number } | null]>([
    ['All times in PST', 'PST', 'America/Los_Angeles', 0, 16, null],
    ['All times are in UTC.', 'UTC', 'UTC', 0, 20, null],
    ['All times in PST, on February 5th 2019', 'PST', 'America/Los_Angeles', 0, 38, { year: 2019, month: 2, day: 5 }],
    ['(times in BST)', 'BST', 'Europe/London', 1, 12, null],
    ['Timeline (times in BST)', 'BST', 'Europe/London', 10, 12, null],
    ['Follow-up timeline (times in BST)', 'BST', 'Europe/London', 20, 12, null],
    ['Date and Time in CET', 'CET', 'Europe/Paris', 9, 11, null],
    ['All times in PDT (UTC-7).', 'PDT (UTC-7)', '-07:00', 0, 24, null],
    ['_All times in EEST_', 'EEST', 'Europe/Helsinki', 1, 17, null],
    ['All times in UTC+1', 'UTC+1', '+01:00', 0, 18, null],
    ['Times are CET (GMT+1)', 'CET (GMT+1)', '+01:00', 0, 21, null],
    ['Time (UTC)', 'UTC', 'UTC', 0, 10, null],
    ['All times in IST', 'IST', 'Asia/Kolkata', 0, 16, null],
    ['_All times in EDT_', 'EDT', 'America/New_York', 1, 16, null],
    ['Timezone: Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 0, 23, null],
    ['Time zone: PST', 'PST', 'America/Los_Angeles', 0, 14, null],
    ['times in Pacific time', 'Pacific time', 'America/Los_Angeles', 0, 21, null],
    ['Outage at times; all times in utc', 'utc', 'UTC', 17, 16, null],
  ])('%s', (text, verbatim, zone, index, length, date) => {
    expect(findZoneDeclaration(text)).toEqual({ verbatim, zone, index, length, date });
  });

  it.each(['at times in the past', 'It is time to go', 'Time TBC', 'Timeline', 'times in ist', 'time in PR review', '', 'All times'])(
    'none in %j', (text) => {
      expect(findZoneDeclaration(text)).toBeNull();
    },
  );
});

describe('robustness', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string(), (a, b) => {
      resolveZone(a);
      findZoneDeclaration(`All times in ${a}`);
      findZoneDeclaration(a);
      offsetOn(a, b);
      toUtc(b, hm(12, 0), a);
    }), { numRuns: 1000 });
  });

  // How the time grows on these: `npm run bench -- --only pathological`.
  it('finds no declaration in long text of triggers without a zone', () => {
    for (const input of ZONE_TEXTS) expect(findZoneDeclaration(input.build())).toBeNull();
  });
});

describe('findHeadingZone', () => {
  it('reads a declaration or a zone alone in closing parentheses', () => {
    expect(findHeadingZone('Timeline (PST)')).toMatchObject({ verbatim: 'PST', zone: 'America/Los_Angeles' });
    expect(findHeadingZone('Datetime (UTC)')?.zone).toBe('UTC');
    expect(findHeadingZone('Timeline (in UTC)')?.zone).toBe('UTC');
    expect(findHeadingZone('Timeline (times in BST)')?.zone).toBe('Europe/London');
    expect(findHeadingZone('Timeline (if relevant)')).toBeNull();
    expect(findHeadingZone('Timeline')).toBeNull();
  });
});
