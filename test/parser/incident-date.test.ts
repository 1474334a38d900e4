import { describe, expect, it } from 'vitest';
import type { Diagnostic, TimelineEntry, TimelineKind } from '../../server/domain/postmortem.ts';
import { incidentDate } from '../../server/parser/incident-date.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

const e = (date: string, kind: TimelineKind = 'other'): TimelineEntry => ({
  date, time: '10:00', endTime: null, at: null, timezone: null, approximate: false, text: 'x', kind, line: 1,
});

describe('incidentDate', () => {
  it('keeps the header date when the timeline agrees or starts a day later', () => {
    expect(incidentDate('2025-07-21', [e('2025-07-22')], [])).toBe('2025-07-21');
    expect(incidentDate('2025-07-21', [e('2025-07-21')], [])).toBe('2025-07-21');
  });

  it('takes the timeline when it begins before the header date, and says so', () => {
    const diagnostics: Diagnostic[] = [];
    expect(incidentDate('2017-10-19', [e('2017-10-10'), e('2017-10-19')], diagnostics)).toBe('2017-10-10');
    expect(diagnostics.map((d) => d.code)).toEqual(['date-from-timeline']);
  });

  it('takes the timeline when it lies more than a week after the header date', () => {
    expect(incidentDate('2024-02-01', [e('2024-03-05')], [])).toBe('2024-03-05');
  });

  it('skips background weeks before and the changes that caused the incident', () => {
    expect(incidentDate('2019-03-26', [e('2018-12-05'), e('2019-03-26')], [])).toBe('2019-03-26');
    expect(incidentDate('2019-01-23', [e('2019-01-22', 'deploy'), e('2019-01-23', 'detection')], [])).toBe('2019-01-23');
    expect(incidentDate(null, [e('2022-10-29', 'deploy'), e('2022-10-31')], [])).toBe('2022-10-31');
  });

  it('is null with neither header nor dated entries', () => {
    expect(incidentDate(null, [], [])).toBeNull();
  });
});

describe('front matter date problems', () => {
  it('point at the line of the date key', () => {
    const parsed = parsePostmortem('---\ntitle: Outage\nseverity: SEV-2\ndate: 2024-02-30\n---\n# Outage\n');
    expect(parsed.diagnostics.filter((d) => d.code === 'date-invalid')).toEqual([
      { severity: 'warning', code: 'date-invalid', message: 'front matter date "2024-02-30" is not a date', line: 4 },
    ]);
  });
});
