/** The UI's formatting: durations, instants in a zone, zone names, percentages, days. */
import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatDuration,
  formatEpochMs,
  formatInstant,
  formatMonth,
  formatPercent,
  formatRelativeDays,
  resolveZone,
  truncateText,
  zoneAbbreviation,
  zoneAbbreviationAt,
  zoneAbbreviations,
  zoneOffsetLabel,
} from '../../web/src/lib/format.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [90, '1 min 30 s'],
    [35 * 60, '35 min'],
    [84 * 60, '1 h 24 min'],
    [84 * 60 + 59, '1 h 24 min'],
    [2 * 3600, '2 h'],
    [2 * 3600 + 30, '2 h'],
    [3 * 86_400 + 4 * 3600, '3 d 4 h'],
    [3 * 86_400 + 4 * 3600 + 59 * 60, '3 d 4 h'],
    [86_400 + 5 * 60, '1 d'],
    [44.6, '45 s'],
  ])('%s s → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('gives — for null, negative and non-finite values', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatInstant', () => {
  const iso = '2018-01-26T00:11:00Z';
  it('shows the wall clock of the zone', () => {
    expect(formatInstant(iso, 'America/Los_Angeles', 'time')).toBe('16:11');
    expect(formatInstant(iso, 'America/Los_Angeles', 'datetime')).toBe('2018-01-25 16:11');
    expect(formatInstant(iso, 'America/Los_Angeles', 'date')).toBe('2018-01-25');
    expect(formatInstant(iso, 'Asia/Kolkata', 'datetime')).toBe('2018-01-26 05:41');
    expect(formatInstant(iso, 'UTC', 'datetime')).toBe('2018-01-26 00:11');
  });

  it('reads instants with any offset', () => {
    expect(formatInstant('2024-06-18T09:05:00+01:00', 'UTC', 'time')).toBe('08:05');
  });

  it('reads an instant without an offset as UTC', () => {
    expect(formatInstant('2018-01-26T00:11:00', 'America/Los_Angeles', 'time')).toBe('16:11');
  });

  it('formats ms since the epoch the same way (formatEpochMs)', () => {
    for (const zone of ['America/Los_Angeles', 'Asia/Kolkata', 'UTC', 'Bogus/Zone']) {
      for (const style of ['time', 'datetime', 'date'] as const) {
        expect(formatEpochMs(Date.parse(iso), zone, style)).toBe(formatInstant(iso, zone, style));
      }
    }
    expect(formatEpochMs(Date.parse('0099-03-04T05:06:00Z'), 'UTC', 'datetime')).toBe('0099-03-04 05:06');
    expect(formatEpochMs(Number.NaN, 'UTC', 'time')).toBe('—');
  });

  it('falls back to UTC for unknown zones and gives — for unreadable instants', () => {
    expect(formatInstant(iso, 'Mars/Olympus_Mons', 'datetime')).toBe('2018-01-26 00:11');
    expect(formatInstant(iso, '', 'time')).toBe('00:11');
    expect(formatInstant('yesterday', 'UTC', 'time')).toBe('—');
  });
});

describe('zone names', () => {
  it('abbreviates where English has an abbreviation, else GMT±h', () => {
    expect(zoneAbbreviation('America/Los_Angeles', '2018-01-26T00:11:00Z')).toBe('PST');
    expect(zoneAbbreviation('America/Los_Angeles', '2018-07-01T00:00:00Z')).toBe('PDT');
    expect(zoneAbbreviation('UTC', '2018-07-01T00:00:00Z')).toBe('UTC');
    expect(zoneAbbreviation('Etc/UTC', '2018-07-01T00:00:00Z')).toBe('UTC');
    expect(zoneAbbreviation('Asia/Kolkata', '2018-07-01T00:00:00Z')).toBe('GMT+5:30');
    expect(zoneAbbreviation('Europe/Paris', '2023-11-28T21:40:00Z')).toBe('GMT+1');
  });

  it('gives UTC for unknown zones and the zone name for unreadable instants', () => {
    expect(zoneAbbreviation('Not/AZone', '2018-07-01T00:00:00Z')).toBe('UTC');
    expect(zoneAbbreviation('America/Los_Angeles', 'nope')).toBe('America/Los_Angeles');
  });

  it('labels the offset with a real minus sign', () => {
    expect(zoneOffsetLabel('America/Los_Angeles', '2018-01-26T00:11:00Z')).toBe('UTC\u221208:00');
    expect(zoneOffsetLabel('America/Los_Angeles', '2018-07-01T00:00:00Z')).toBe('UTC\u221207:00');
    expect(zoneOffsetLabel('Asia/Kolkata', '2018-07-01T00:00:00Z')).toBe('UTC+05:30');
    expect(zoneOffsetLabel('America/St_Johns', '2018-01-01T00:00:00Z')).toBe('UTC\u221203:30');
    expect(zoneOffsetLabel('Europe/London', '2018-01-01T00:00:00Z')).toBe('UTC');
    expect(zoneOffsetLabel('Bogus', '2018-01-01T00:00:00Z')).toBe('UTC');
  });

  it('resolves zone names, unknown ones to UTC', () => {
    expect(resolveZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(resolveZone(' utc ')).toBe('UTC');
    expect(resolveZone(null)).toBe('UTC');
    expect(resolveZone('PST-ish')).toBe('UTC');
  });
});

describe('formatPercent', () => {
  it('rounds to a whole percentage', () => {
    expect(formatPercent(2 / 3)).toBe('67 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(-0.001)).toBe('0 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('days and months', () => {
  it('formats a day with an English month', () => {
    expect(formatDay('2018-01-25')).toBe('25 Jan 2018');
    expect(formatDay('2024-12-01')).toBe('1 Dec 2024');
    expect(formatDay(null)).toBe('—');
    expect(formatDay('2018-02-30')).toBe('2018-02-30');
    expect(formatDay('soon')).toBe('soon');
  });

  it('formats a month', () => {
    expect(formatMonth('2018-01')).toBe('Jan 2018');
    expect(formatMonth('2023-12')).toBe('Dec 2023');
    expect(formatMonth('2023-13')).toBe('2023-13');
    expect(formatMonth(null)).toBe('—');
  });

  it.each([
    [0, 'today'],
    [0.9, 'today'],
    [1, '1 day'],
    [12, '12 days'],
    [30, '30 days'],
    [31, '1 month'],
    [95, '3 months'],
    [364, '11 months'],
    [365, '1 year'],
    [800, '2 years'],
    [-12, '12 days'],
  ])('%s days → %s', (days, expected) => {
    expect(formatRelativeDays(days)).toBe(expected);
  });

  it('gives — for unknown day counts', () => {
    expect(formatRelativeDays(null)).toBe('—');
    expect(formatRelativeDays(Number.NaN)).toBe('—');
  });
});

describe('truncateText', () => {
  it('keeps short texts and cuts long ones at a word with an ellipsis', () => {
    expect(truncateText('short  text\n')).toBe('short text');
    const long = 'word '.repeat(100);
    const cut = truncateText(long, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(truncateText('x'.repeat(300)).length).toBe(200);
  });
});

describe('formatInstant around offset changes (offsets cached per quarter hour)', () => {
  it('switches exactly at the transition, both ways', () => {
    const la = 'America/Los_Angeles';
    expect(formatInstant('2024-03-10T09:59:00Z', la, 'time')).toBe('01:59');
    expect(formatInstant('2024-03-10T10:00:00Z', la, 'time')).toBe('03:00');
    expect(formatInstant('2024-11-03T08:59:00Z', la, 'time')).toBe('01:59');
    expect(formatInstant('2024-11-03T09:00:00Z', la, 'time')).toBe('01:00');
    // Lord Howe moves by half an hour at 02:00 local standard time.
    expect(formatInstant('2024-10-05T15:29:00Z', 'Australia/Lord_Howe', 'time')).toBe('01:59');
    expect(formatInstant('2024-10-05T15:30:00Z', 'Australia/Lord_Howe', 'time')).toBe('02:30');
  });

  it('reads an instant without an offset as UTC and one with an offset as written', () => {
    expect(formatInstant('2018-01-25T22:30:00', 'UTC', 'datetime')).toBe('2018-01-25 22:30');
    expect(formatInstant('2018-01-25T14:30:00-08:00', 'UTC', 'datetime')).toBe('2018-01-25 22:30');
    expect(formatInstant('2018-01-25T22:30:00.000Z', 'Asia/Kolkata', 'datetime')).toBe('2018-01-26 04:00');
  });
});

describe('zone abbreviations per instant', () => {
  const ny = 'America/New_York';
  it('names the abbreviation in force at each instant, across a daylight-saving change', () => {
    expect(zoneAbbreviationAt(ny, Date.parse('2024-03-10T05:30:00Z'))).toBe('EST');
    expect(zoneAbbreviationAt(ny, Date.parse('2024-03-10T09:20:00Z'))).toBe('EDT');
    expect(zoneAbbreviationAt('UTC', Date.parse('2024-03-10T09:20:00Z'))).toBe('UTC');
    expect(zoneAbbreviationAt('Mars/Olympus', 0)).toBe('UTC');
  });

  it('lists the abbreviations over a set of instants in order, once each', () => {
    const instants = ['2024-03-10T05:30:00Z', '2024-03-10T06:40:00Z', '2024-03-10T09:20:00Z'].map(Date.parse);
    expect(zoneAbbreviations(ny, instants)).toBe('EST/EDT');
    expect(zoneAbbreviations(ny, instants.slice(0, 2))).toBe('EST');
    expect(zoneAbbreviations('America/Los_Angeles', [Date.parse('2018-01-25T22:30:00Z')])).toBe('PST');
  });
});
