/**
 * Resolve the local date and time of each raw timeline entry as a careful reader would:
 * - an entry without a date inherits the previous entry's (the first one the incident date, or the date a
 *   `All times in PST, on February 5th 2019` sentence gives);
 * - a date without a year takes the year that puts it nearest the running date (`[12-05 16:21]` in a report of
 *   March 2019 is December 2018);
 * - a bare day heading or line (`## May 12`) only switches the day;
 * - times going backwards by more than `ROLLOVER_MINUTES` with no new date mean the day rolled over (23:55 then
 *   00:40); a smaller step back is kept on the same day and reported (`time-backwards`): most likely a typo;
 * - in a report that writes am/pm somewhere, a bare `1:06` right after `11:24 AM` is read as 13:06.
 */
import type { Diagnostic } from '../domain/postmortem.ts';
import { addDays, formatDate, isoEpochDay, formatTime, type DateParts, type TimeParts } from './datetime.ts';
import type { RawEntry } from './timeline-scan.ts';
import { collapse } from './text.ts';

/** A step back in time larger than this (minutes) is a day rollover. Default 120. */
export const ROLLOVER_MINUTES = 120;

export interface DatedEntry {
  raw: RawEntry;
  date: string | null;
  time: string | null;
  endTime: string | null;
  /** Seconds are kept here for `at` only. */
  timeParts: TimeParts | null;
  approximate: boolean;
  text: string;
}

export interface DateContext {
  /** `YYYY-MM-DD` to start from (declaration date or incident date hint), or null. */
  start: string | null;
  /** The date the report's header gives (front matter, file name, title), or null. */
  header: string | null;
}

/** Explicit timeline dates further than this (days) from the header date, all of them, are taken as a typo. */
export const TYPO_DAYS = 45;

/** Resolve dates and times of `entries` in order. Diagnostics are appended to `diagnostics`. */
export function resolveTimeline(entries: RawEntry[], context: DateContext, diagnostics: Diagnostic[]): DatedEntry[] {
  const out: DatedEntry[] = [];
  let current: string | null = context.start;
  let lastMinutes: number | null = null;
  let lastWasPm = false;
  const uses12h = entries.some((e) => e.stamp?.meridiem);
  const shift = typoShift(entries, context.header);
  if (shift !== 0) {
    const first = entries.find((e) => e.stamp?.date?.year != null);
    diagnostics.push({
      severity: 'warning',
      code: 'date-mismatch',
      message: `the timeline's dates are all months away from the report's date ${context.header}; read as a typo and moved ${shift > 0 ? '+' : ''}${shift} days`,
      line: first?.line ?? null,
    });
  }

  entries.forEach((raw, index) => {
    const s = raw.stamp;
    const text = collapse(raw.parts.join(' '));
    if (raw.dayOnly && text === '' && s?.date) {
      const d = resolveDate(s.date, current);
      if (d) {
        current = d;
        lastMinutes = null;
      }
      return;
    }
    // An entry with no stamp at all (a sub-heading like `Over spring break week`) has no date of its own.
    let date = s ? current : null;
    let explicitDate = false;
    if (s?.datePlaceholder) {
      // `2022-05-??`: the day is unknown, and so is the entry's date.
      diagnostics.push({ severity: 'warning', code: 'date-placeholder', message: 'timeline entry has a placeholder date', line: raw.line });
      date = null;
    }
    if (s?.date) {
      let d = s.datePlaceholder ? null : resolveDate(s.date, current);
      if (!d && !s.datePlaceholder && s.date.year !== null) {
        diagnostics.push({ severity: 'warning', code: 'date-invalid', message: `${s.date.year}-${s.date.month}-${s.date.day} is not a calendar date`, line: raw.line });
      }
      if (d && shift !== 0 && s.date.year !== null) d = addDays(d, shift);
      if (d) {
        explicitDate = true;
        if (d !== current) lastMinutes = null;
        date = d;
      }
      if (s.yearCorrected) {
        diagnostics.push({
          severity: 'warning',
          code: 'year-typo',
          message: `year "${s.yearCorrected}" read as ${s.date.year ?? '?'}`,
          line: raw.line,
        });
      }
    }
    let time: TimeParts | null = s?.time ?? null;
    let end: TimeParts | null = s?.end ?? null;
    if (time && s?.meridiemFromEnd && startAsWritten(time, entries, index)) {
      time = { ...time, hour: time.hour - 12 };
      if (end && end.hour >= 12 && s.end && end.hour - 12 >= time.hour) end = { ...end, hour: end.hour - 12 };
    }
    if (s?.timePlaceholder) {
      diagnostics.push({ severity: 'warning', code: 'time-placeholder', message: 'timeline entry has a placeholder instead of a time', line: raw.line });
    }
    if (time) {
      let minutes = time.hour * 60 + time.minute;
      if (lastMinutes !== null && minutes < lastMinutes && uses12h && !s?.meridiem && time.hour >= 1 && time.hour <= 11) {
        const pm = minutes + 720;
        if (pm >= lastMinutes && (pm - lastMinutes <= 360 || lastWasPm)) {
          time = { ...time, hour: time.hour + 12 };
          if (end && end.hour < 12) end = { ...end, hour: end.hour + 12 };
          minutes = pm;
        }
      }
      // `2015-02-27 12:39` then `2015-02-27 1:50`: on the same written day, a bare hour before noon that would
      // go back hours in time is the afternoon of a 12-hour clock (going back minutes is a typo, kept).
      if (
        lastMinutes !== null && lastMinutes - minutes > ROLLOVER_MINUTES && explicitDate && !s?.meridiem &&
        time.hour >= 1 && time.hour <= 11 && minutes + 720 >= lastMinutes
      ) {
        time = { ...time, hour: time.hour + 12 };
        if (end && end.hour < 12) end = { ...end, hour: end.hour + 12 };
        minutes += 720;
      }
      if (lastMinutes !== null && minutes < lastMinutes && date) {
        if (!explicitDate && lastMinutes - minutes > ROLLOVER_MINUTES) {
          date = addDays(date, 1);
        } else if (explicitDate || lastMinutes - minutes <= ROLLOVER_MINUTES) {
          diagnostics.push({
            severity: 'info',
            code: 'time-backwards',
            message: `time ${formatTime(time)} is earlier than the entry before it; kept on the same day`,
            line: raw.line,
          });
        }
      }
      lastMinutes = minutes;
      lastWasPm = time.hour >= 12;
    }
    if (!s?.datePlaceholder) current = date ?? current;
    out.push({
      raw,
      date,
      time: time ? formatTime(time) : null,
      endTime: end ? formatTime(end) : null,
      timeParts: time,
      approximate: s?.approximate ?? false,
      text,
    });
  });
  return out;
}

/**
 * `Between 02:00 and 02.30 PM` followed by `06:10`: the pm written after the range would put the next entries
 * the following day, so the start is read as written (02:00).
 */
function startAsWritten(time: TimeParts, entries: RawEntry[], index: number): boolean {
  const next = entries.slice(index + 1).find((e) => e.stamp?.time);
  if (!next?.stamp?.time || next.stamp.date) return false;
  const written = (time.hour - 12) * 60 + time.minute;
  const shifted = time.hour * 60 + time.minute;
  const following = next.stamp.time.hour * 60 + next.stamp.time.minute;
  return following >= written && following < shifted;
}

/**
 * Days to move every explicit timeline date by when all of them lie more than `TYPO_DAYS` from the header date
 * (a timeline heading copied from another report: `### 2017-05-09` in a report dated 2017-10-10), else 0.
 */
function typoShift(entries: RawEntry[], header: string | null): number {
  if (!header) return 0;
  const explicit = entries
    .map((e) => (e.stamp?.date && e.stamp.date.year !== null && !e.stamp.datePlaceholder ? formatDate(e.stamp.date) : null))
    .filter((d): d is string => d !== null);
  if (explicit.length === 0) return 0;
  const h = isoEpochDay(header);
  if (!explicit.every((d) => Math.abs(isoEpochDay(d) - h) > TYPO_DAYS)) return 0;
  return h - isoEpochDay(explicit[0]!);
}

/** A written date → `YYYY-MM-DD`, taking a missing year from the one nearest `reference`. */
export function resolveDate(d: DateParts, reference: string | null): string | null {
  if (d.year !== null) return formatDate(d);
  const refYear = reference ? Number(reference.slice(0, 4)) : null;
  if (refYear === null || !Number.isFinite(refYear)) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const year of [refYear - 1, refYear, refYear + 1]) {
    const candidate = formatDate({ ...d, year });
    if (!candidate || !reference) continue;
    const distance = Math.abs(isoEpochDay(candidate) - isoEpochDay(reference));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
