import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, findDate, formatDate, formatTime, parseStamp, type Stamp } from '../../server/parser/datetime.ts';
import { STAMP_LINES } from '../bench/pathological.ts';

/** A stamp in one line: `date | time | end`, `~` approximate, `?d`/`?t` placeholders, meridiem, zone, rest. */
function brief(s: Stamp | null): string | null {
  if (s === null) return null;
  const d = s.date === null ? '-' : `${s.date.year ?? 'YYYY'}-${s.date.month}-${s.date.day}`;
  const t = (x: { hour: number; minute: number; second: number | null } | null): string =>
    x === null ? '-' : `${formatTime(x)}${x.second === null ? '' : `:${String(x.second).padStart(2, '0')}`}`;
  const flags = [
    s.approximate ? '~' : '', s.datePlaceholder ? '?d' : '', s.timePlaceholder ? '?t' : '',
    s.meridiem ?? '', s.zone === null ? '' : `zone=${s.zone}`, s.yearCorrected === null ? '' : `typo=${s.yearCorrected}`,
  ].filter((f) => f !== '').join(' ');
  return `${d} | ${t(s.time)} | ${t(s.end)} | ${flags} | ${JSON.stringify(s.rest)}`;
}

describe('parseStamp: corpus forms', () => {
  const cases: Array<[string, string]> = [
    ['2018-01-25 14:30', '2018-1-25 | 14:30 | - |  | ""'],
    ['2017-02-09 00:25 - 00:29 AM', '2017-2-9 | 00:25 | 00:29 | am | ""'],
    ['March 6 2017 22:59', '2017-3-6 | 22:59 | - |  | ""'],
    ['March 18, 16:30', 'YYYY-3-18 | 16:30 | - |  | ""'],
    ['March 22, around 19:30', 'YYYY-3-22 | 19:30 | - | ~ | ""'],
    ['Mar 23, 09:08  ', 'YYYY-3-23 | 09:08 | - |  | ""'],
    ['March 12 19:57', 'YYYY-3-12 | 19:57 | - |  | ""'],
    ['May 1 2019, 3:18 PM', '2019-5-1 | 15:18 | - | pm | ""'],
    ['2017-05-09 10:45a', '2017-5-9 | 10:45 | - | am | ""'],
    ['2019-02-25 11:21a', '2019-2-25 | 11:21 | - | am | ""'],
    ['0:25:59 AM', '- | 00:25:59 | - | am | ""'],
    ['12:29p', '- | 12:29 | - | pm | ""'],
    ['12:05 AM', '- | 00:05 | - | am | ""'],
    ['2017-02-24 11:14 PM', '2017-2-24 | 23:14 | - | pm | ""'],
    ['~16:06:00 - 16:16:00', '- | 16:06:00 | 16:16:00 | ~ | ""'],
    ['16:05:57-58', '- | 16:05:57 | - |  | ""'],
    ['21:10:57', '- | 21:10:57 | - |  | ""'],
    ['{{ 06:10 }}', '- | 06:10 | - |  | ""'],
    ['{{ 2022-01-20 Between 02:00 and 02.30 PM }}', '2022-1-20 | 14:00 | 14:30 | pm | ""'],
    ['12:43 - 12:49', '- | 12:43 | 12:49 |  | ""'],
    ["[08:47] Prow's auto-generated bump PR is merged", `- | 08:47 | - |  | "Prow's auto-generated bump PR is merged"`],
    ['[12-05 16:21] Crashloop bug', 'YYYY-12-5 | 16:21 | - |  | "Crashloop bug"'],
    ['[03-26 23:04]', 'YYYY-3-26 | 23:04 | - |  | ""'],
    ['[???] IOPS reached', '- | - | - | ?t | "IOPS reached"'],
    ['2:54 PM PST: [config behavior change PR] merged', '- | 14:54 | - | pm zone=PST | "[config behavior change PR] merged"'],
    ['4:49 AM: first recorded instance', '- | 04:49 | - | am | "first recorded instance"'],
    ['2024-04-09 8:40', '2024-4-9 | 08:40 | - |  | ""'],
    ['2021-12-13   15:50', '2021-12-13 | 15:50 | - |  | ""'],
    ['2021-12-10', '2021-12-10 | - | - |  | ""'],
    ['2024-03-13 HH:mm', '2024-3-13 | - | - | ?t | ""'],
    ['2022-02-?? ??:??', '- | - | - | ?d ?t | ""'],
    ['2022-05-??', '- | - | - | ?d | ""'],
    ['2021/22-??-?? HH:mm', '- | - | - | ?d ?t | ""'],
    ['2019-12-03 --:--', '2019-12-3 | - | - | ?t | ""'],
    ['2024-03-13 14:??', '2024-3-13 | - | - | ?t | ""'],
    ['2020-11-17 10:45~', '2020-11-17 | 10:45 | - | ~ | ""'],
    ['~2025-03-03 19:30', '2025-3-3 | 19:30 | - | ~ | ""'],
    ['2020-10-06 09:00 - 11:00', '2020-10-6 | 09:00 | 11:00 |  | ""'],
    ['2022-08-03 12:26-12:??', '2022-8-3 | 12:26 | - |  | ""'],
    ['20202-01-16 12:00', '2020-1-16 | 12:00 | - | typo=20202 | ""'],
    ['July 11, 2025, 12:42 PM', '2025-7-11 | 12:42 | - | pm | ""'],
    ['1:06 PM', '- | 13:06 | - | pm | ""'],
    ['11:39AM', '- | 11:39 | - | am | ""'],
    ['July 23 4:10 AM', 'YYYY-7-23 | 04:10 | - | am | ""'],
    ['19. April', 'YYYY-4-19 | - | - |  | ""'],
    ['15 May', 'YYYY-5-15 | - | - |  | ""'],
    ['24/07/25', '2025-7-24 | - | - |  | ""'],
    ['Sep 27 2017', '2017-9-27 | - | - |  | ""'],
    ['January 23rd, 2019', '2019-1-23 | - | - |  | ""'],
    ['5:55 PM ', '- | 17:55 | - | pm | ""'],
    ['08:52 PM', '- | 20:52 | - | pm | ""'],
    ['17:14pm', '- | 17:14 | - |  | ""'],
    ['7p', '- | 19:00 | - | pm | ""'],
    ['3 PM', '- | 15:00 | - | pm | ""'],
    ['ca. 10:00', '- | 10:00 | - | ~ | ""'],
    ['around 10:00', '- | 10:00 | - | ~ | ""'],
    ['approx. 10:00 team paged', '- | 10:00 | - | ~ | "team paged"'],
    ['2023-02-01 - [Summary of issue updated between ~8-9 PM](x)', '2023-2-1 | - | - |  | "[Summary of issue updated between ~8-9 PM](x)"'],
    ['2023-08-04 10:09: Alert fired', '2023-8-4 | 10:09 | - |  | "Alert fired"'],
    ['1:03', '- | 01:03 | - |  | ""'],
    ['Feb 21, 13:00', 'YYYY-2-21 | 13:00 | - |  | ""'],
    ['Monday, March 6th 2017 at 22:59', '2017-3-6 | 22:59 | - |  | ""'],
    ['2019-01-22', '2019-1-22 | - | - |  | ""'],
    ['14:30 UTC', '- | 14:30 | - | zone=UTC | ""'],
    ['2024-03-05 Data8 outage', '2024-3-5 | - | - |  | "Data8 outage"'],
    ['21:00 - Team alerted', '- | 21:00 | - |  | "Team alerted"'],
    ['  *[10:00]* Deploy', '- | 10:00 | - |  | "Deploy"'],
    ['10:00 — rollback', '- | 10:00 | - |  | "rollback"'],
    ['10:00 | rollback', '- | 10:00 | - |  | "rollback"'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(brief(parseStamp(text))).toBe(expected);
  });
});

describe('parseStamp: more forms', () => {
  const cases: Array<[string, string]> = [
    ['14:30 (maybe earlier?) paged', '- | 14:30 | - | ~ | "paged"'],
    ['2024-03-13 (Time TBC) DB fails', '2024-3-13 | - | - | ?t | "DB fails"'],
    ['(Time TBC) DB fails', '- | - | - | ?t | "DB fails"'],
    ['2024-03-13 TBD: DB fails', '2024-3-13 | - | - | ?t | "DB fails"'],
    ['[TBD] DB fails', '- | - | - | ?t | "DB fails"'],
    ['2X:XX night shift', '- | - | - | ?t | "night shift"'],
    ['??:?? unknown', '- | - | - | ?t | "unknown"'],
    ['10:00 CET (GMT+1): x', '- | 10:00 | - | zone=CET (GMT+1) | "x"'],
    ['10:00 UTC+1 - x', '- | 10:00 | - | zone=UTC+1 | "x"'],
    ['(10:00 PST) x', '- | 10:00 | - | zone=PST | "x"'],
    ['10:00 (UTC) x', '- | 10:00 | - | zone=UTC | "x"'],
    ['2024-03-05T14:30:00Z x', '2024-3-5 | 14:30:00 | - | zone=Z | "x"'],
    ['2024-03-05T14:30:00.250+01:00 x', '2024-3-5 | 14:30:00 | - | zone=+01:00 | "x"'],
    ['1:46pm - 5:30pm) x', '- | 13:46 | 17:30 | pm | "x"'],
    ['12:00 - 1:00 PM x', '- | 12:00 | 13:00 | pm | "x"'],
    ['10:00 to 10:30: x', '- | 10:00 | 10:30 |  | "x"'],
    ['2024-03-05, 14:30 x', '2024-3-5 | 14:30 | - |  | "x"'],
    ['2024-03-05 about the outage', '2024-3-5 | - | - |  | "about the outage"'],
    ['~2024-03-05 about the outage', '2024-3-5 | - | - | ~ | "about the outage"'],
    ['1:03\nFirst alert fires', '- | 01:03 | - |  | "First alert fires"'],
    ['10.30 am coffee', '- | 10:30 | - | am | "coffee"'],
    ['11:30 - 1:15 PM', '- | 11:30 | 13:15 |  | ""'],
    ['12:05 - 12:10 AM', '- | 00:05 | 00:10 | am | ""'],
    ['05/06 10:00 x', 'YYYY-5-6 | 10:00 | - |  | "x"'],
    ['6 March 2017 22:59', '2017-3-6 | 22:59 | - |  | ""'],
    ['12.03.2024 09:15 x', '2024-3-12 | 09:15 | - |  | "x"'],
    ['2024-02-30 10:00', '2024-2-30 | 10:00 | - |  | ""'],
    ['12:00 PR merged', '- | 12:00 | - |  | "PR merged"'],
    ['12:30 a thing', '- | 12:30 | - |  | "a thing"'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(brief(parseStamp(text))).toBe(expected);
  });

  it('returns the full object, restIndex pointing into the original text', () => {
    const text = '  [08:47] Prow bump';
    expect(parseStamp(text)).toEqual({
      date: null, datePlaceholder: false, time: { hour: 8, minute: 47, second: null }, end: null,
      meridiem: null, meridiemFromEnd: false, approximate: false, timePlaceholder: false, zone: null, yearCorrected: null,
      restIndex: 10, rest: 'Prow bump',
    });
  });

  it('monthFirst decides numeric dates when both numbers are <= 12', () => {
    expect(parseStamp('05/06/2024')?.date).toEqual({ year: 2024, month: 5, day: 6 });
    expect(parseStamp('05/06/2024', { monthFirst: false })?.date).toEqual({ year: 2024, month: 6, day: 5 });
    expect(parseStamp('13/06/2024', { monthFirst: true })?.date).toEqual({ year: 2024, month: 6, day: 13 });
    expect(parseStamp('06/13/2024', { monthFirst: false })?.date).toEqual({ year: 2024, month: 6, day: 13 });
  });

  it('finds stamps after long leading white space', () => {
    expect(parseStamp(`${' '.repeat(300)}12:30 x`)?.rest).toBe('x');
  });
});

describe('parseStamp: not stamps', () => {
  it.each([
    'v0.5.0 release', '1. Admins', '2 nodes died', '100% of pods', '3 hours later', '#12', 'PR 1234',
    '2nd attempt', '12 people', 'May the hub', 'March forward', '1.15.2', '~280 concurrent users',
    '24:00', '12:60', '25:00 restart', '1:2 x', '10.30', 'about the outage', 'TBD: write docs', 'Monday',
    '05/06 is half', '1/3 of nodes', 'Over spring break week', 'between 8 and 9', 'January 32', '2024-13-01',
    '', '   ', 'x', '12:'.repeat(3000), '1'.repeat(5000), `${' '.repeat(5000)}x`,
  ])('%j', (text) => {
    expect(parseStamp(text)).toBeNull();
  });
});

describe('parseStamp: robustness', () => {
  const stampAlphabet = fc.constantFrom(
    '0', '1', '2', '9', ':', '-', ' ', '/', '.', '~', '?', '[', ']', '{', '}', '(', ')', 'AM', 'pm', 'p', 'a',
    'UTC', 'PST', '+', 'May', 'March ', 'th', ',', 'at ', 'and ', 'HH', 'mm', 'X', 'TBC', '—', '|', '*', '_',
  );

  it('never throws, and its result is consistent', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: stampAlphabet, maxLength: 40 })), (text) => {
      const s = parseStamp(text);
      if (s === null) return;
      expect(s.restIndex).toBeGreaterThanOrEqual(0);
      expect(s.restIndex).toBeLessThanOrEqual(text.length);
      expect(s.rest).toBe(text.slice(s.restIndex));
      for (const t of [s.time, s.end]) {
        if (t === null) continue;
        expect(t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59).toBe(true);
      }
      if (s.date !== null) expect(s.date.month >= 1 && s.date.month <= 12 && s.date.day >= 1 && s.date.day <= 31).toBe(true);
    }), { numRuns: 3000 });
  });

  // How the time grows on these: `npm run bench -- --only pathological`.
  it('reads long adversarial input right', () => {
    const texts = STAMP_LINES.map((input) => input.build());
    const last = texts.pop() ?? '';
    for (const text of texts) {
      expect(parseStamp(text)).toBeNull();
      expect(findDate(text)).toBeNull();
    }
    expect(brief(parseStamp(last))).toBe('- | 12:30 | - |  | "x"');
    expect(findDate(last)).toBeNull();
  });
});

describe('findDate', () => {
  it.each<[string, { year: number | null; month: number; day: number }, number, number]>([
    ['Incident report May 12 2025 - Earthscope', { year: 2025, month: 5, day: 12 }, 16, 11],
    ['January 23rd, 2019 Prow Outage', { year: 2019, month: 1, day: 23 }, 0, 18],
    ['All times in PST, on February 8th 2019', { year: 2019, month: 2, day: 8 }, 21, 17],
    ['2020-08-28 - Memory overload on WER cluster', { year: 2020, month: 8, day: 28 }, 0, 10],
    ['Hub outage on 15 May', { year: null, month: 5, day: 15 }, 14, 6],
    ['seen 24/07/25 again', { year: 2025, month: 7, day: 24 }, 5, 8],
    ['release 1.15.2 on 12.03.2024', { year: 2024, month: 3, day: 12 }, 18, 10],
  ])('%s', (text, date, index, length) => {
    expect(findDate(text)).toEqual({ date, index, length });
  });

  it.each(['PM2021-011 - Log4Shell', 'May the hub', 'version 1.15.2', '2022-05-?? row', '1/3 of nodes', '', 'Mayday 12'])(
    'none in %j', (text) => {
      expect(findDate(text)).toBeNull();
    },
  );
});

describe('formatDate / formatTime / addDays', () => {
  it('formats full valid dates only', () => {
    expect(formatDate({ year: 2018, month: 1, day: 5 })).toBe('2018-01-05');
    expect(formatDate({ year: 2024, month: 2, day: 29 })).toBe('2024-02-29');
    expect(formatDate({ year: 2023, month: 2, day: 29 })).toBeNull();
    expect(formatDate({ year: 1900, month: 2, day: 29 })).toBeNull();
    expect(formatDate({ year: 2024, month: 2, day: 30 })).toBeNull();
    expect(formatDate({ year: 2024, month: 4, day: 31 })).toBeNull();
    expect(formatDate({ year: null, month: 4, day: 1 })).toBeNull();
    expect(formatDate({ year: 2024, month: 13, day: 1 })).toBeNull();
  });

  it('formats times as HH:MM', () => {
    expect(formatTime({ hour: 0, minute: 5, second: 59 })).toBe('00:05');
    expect(formatTime({ hour: 23, minute: 59, second: null })).toBe('23:59');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2018-12-31', 1)).toBe('2019-01-01');
    expect(addDays('2019-01-01', -1)).toBe('2018-12-31');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('2024-03-10', 0)).toBe('2024-03-10');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('1969-12-31', 1)).toBe('1970-01-01');
  });

  it('returns invalid input unchanged', () => {
    expect(addDays('2024-02-30', 1)).toBe('2024-02-30');
    expect(addDays('yesterday', 1)).toBe('yesterday');
    expect(addDays('2024-01-01', Number.NaN)).toBe('2024-01-01');
  });
});

describe('parseStamp: a meridiem written after a range', () => {
  it('marks that the start took the end\'s pm', () => {
    const s = parseStamp('{{ 2022-01-20 Between 02:00 and 02.30 PM }}');
    expect(s?.time).toEqual({ hour: 14, minute: 0, second: null });
    expect(s?.meridiemFromEnd).toBe(true);
    expect(parseStamp('2:00 PM - 2:30 PM')?.meridiemFromEnd).toBe(false);
  });
});

describe('parseStamp: day-first dashed dates and date/time joined by a slash', () => {
  it('reads 24-10-2024 as the 24th of October', () => {
    const s = parseStamp('24-10-2024 04:00 - nodes updated');
    expect([s?.date, s?.time, s?.rest]).toEqual([{ year: 2024, month: 10, day: 24 }, { hour: 4, minute: 0, second: null }, 'nodes updated']);
    expect(parseStamp('05-06-2024 10:00 x')?.date).toEqual({ year: 2024, month: 6, day: 5 });
  });
  it('reads 2023-01-04/11:34', () => {
    const s = parseStamp('*2023-01-04/11:34*: traffic drops');
    expect([s?.date, s?.time, s?.rest]).toEqual([{ year: 2023, month: 1, day: 4 }, { hour: 11, minute: 34, second: null }, 'traffic drops']);
  });
});
