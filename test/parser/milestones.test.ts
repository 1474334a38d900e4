import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineKind } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { buildMilestones } from '../../server/parser/milestones.ts';

const entry = (line: number, time: string, kind: TimelineKind, text = `entry ${line}`): TimelineEntry => ({
  date: '2024-05-01', time, endTime: null, at: `2024-05-01T${time}:00Z`, timezone: 'UTC', approximate: false, text, kind, line,
});
const dated = (line: number, date: string, time: string, kind: TimelineKind, text = `entry ${line}`): TimelineEntry => ({
  ...entry(line, time, kind, text), date, at: `${date}T${time}:00Z`,
});

describe('buildMilestones', () => {
  it('infers start, detection, mitigation and resolution from event kinds, in order', () => {
    const m = buildMilestones(
      [
        entry(1, '09:00', 'resolution', 'the config migration that resolved last month\'s issue is rolled out'),
        entry(2, '09:10', 'other'),
        entry(3, '09:20', 'detection'),
        entry(4, '09:30', 'rollback'),
        entry(5, '10:00', 'resolution'),
      ],
      [],
    );
    expect([m.started?.time, m.detected?.time, m.mitigated?.time, m.resolved?.time]).toEqual(['09:00', '09:20', '09:30', '10:00']);
    expect([m.started?.source, m.resolved?.source, m.declared]).toEqual(['inferred', 'inferred', null]);
  });

  it('does not put an inferred resolution before the detection', () => {
    const m = buildMilestones([entry(1, '09:00', 'resolution'), entry(2, '09:20', 'detection'), entry(3, '09:40', 'other')], []);
    expect(m.resolved).toBeNull();
  });

  it('prefers what the report states, and lines outside the timeline over entries', () => {
    const m = buildMilestones(
      [entry(1, '09:00', 'deploy', 'bump merged. **Outage begins.**'), entry(2, '09:30', 'other', 'Incident officially resolved!')],
      [{ milestone: 'detected', date: '2024-05-01', time: '09:05', at: '2024-05-01T09:05:00Z', line: 40 }],
    );
    expect([m.started?.time, m.started?.source]).toEqual(['09:00', 'stated']);
    expect([m.detected?.time, m.detected?.line, m.detected?.source]).toEqual(['09:05', 40, 'stated']);
    expect([m.resolved?.time, m.resolved?.source]).toEqual(['09:30', 'stated']);
  });
});

describe('buildMilestones: an inferred start and the incident date', () => {
  const background = dated(1, '2024-12-20', '10:00', 'deploy', 'The cache library was upgraded (background)');
  const incident = [
    dated(2, '2025-01-22', '14:02', 'other', 'Error rate on the checkout API climbs'),
    dated(3, '2025-01-22', '14:10', 'detection'),
    dated(4, '2025-01-22', '14:40', 'resolution'),
  ];

  it('skips background entries more than a day before the incident date', () => {
    const m = buildMilestones([background, ...incident], [], '2025-01-22');
    expect([m.started?.date, m.started?.time, m.started?.line, m.started?.source]).toEqual(['2025-01-22', '14:02', 2, 'inferred']);
  });

  it('keeps an entry from the evening before the incident date', () => {
    const evening = dated(1, '2025-01-21', '23:40', 'deploy', 'v2.3 deployed');
    const m = buildMilestones([evening, ...incident], [], '2025-01-22');
    expect([m.started?.date, m.started?.time]).toEqual(['2025-01-21', '23:40']);
  });

  it('uses the first timed entry when the date is unknown, or when no entry is near it', () => {
    expect(buildMilestones([background, ...incident], []).started?.line).toBe(1);
    expect(buildMilestones([background, ...incident], [], null).started?.line).toBe(1);
    expect(buildMilestones([background, ...incident], [], '2025-06-01').started?.line).toBe(1);
  });

  it('skips a change that went only to staging: the outage starts with the next entry', () => {
    const m = buildMilestones(
      [
        entry(1, '14:30', 'deploy', 'The chart is upgraded and merged into the staging branch. We hold the production upgrade until the evening.'),
        entry(2, '15:30', 'deploy', 'The staging branch is merged to production by accident.'),
        entry(3, '16:11', 'detection'),
      ],
      [],
      '2024-05-01',
    );
    expect(m.started).toMatchObject({ time: '15:30', line: 2, source: 'inferred' });
    const onlyStaging = buildMilestones([entry(1, '14:30', 'deploy', 'Deployed to staging.')], [], '2024-05-01');
    expect(onlyStaging.started?.line).toBe(1);
    const both = buildMilestones([entry(1, '14:30', 'deploy', 'Deployed to staging and production.'), entry(2, '15:00', 'detection')], [], '2024-05-01');
    expect(both.started?.line).toBe(1);
  });

  it('never skips an entry without a date', () => {
    const undated: TimelineEntry = { ...entry(1, '09:00', 'other'), date: null, at: null };
    expect(buildMilestones([undated, ...incident], [], '2025-01-22').started?.line).toBe(1);
  });

  it('leaves a stated start where the report puts it, however early', () => {
    const statedInTimeline = buildMilestones(
      [dated(1, '2024-12-20', '10:00', 'other', 'Outage begins for EU tenants'), ...incident],
      [],
      '2025-01-22',
    );
    expect([statedInTimeline.started?.date, statedInTimeline.started?.source]).toEqual(['2024-12-20', 'stated']);
    const labelled = buildMilestones(
      [background, ...incident],
      [{ milestone: 'started', date: '2024-12-20', time: '10:00', at: '2024-12-20T10:00:00Z', line: 30 }],
      '2025-01-22',
    );
    expect([labelled.started?.date, labelled.started?.line, labelled.started?.source]).toEqual(['2024-12-20', 30, 'stated']);
  });
});

describe('parsePostmortem: the inferred start follows the stated incident date', () => {
  const report = (first: string): string =>
    [
      '---',
      'title: Checkout errors after a cache client change',
      'date: 2025-01-22',
      '---',
      '',
      'All times in UTC.',
      '',
      '## Timeline',
      '',
      first,
      '- 2025-01-22 14:02 Error rate on the checkout API climbs to 8%.',
      '- 2025-01-22 14:10 Latency alert fires; on-call paged.',
      '- 2025-01-22 14:40 Cache client rolled back; checkout back to normal.',
      '',
    ].join('\n');

  it('does not start a month early at a background entry', () => {
    const parsed = parsePostmortem(report('- 2024-12-20 10:00 The cache library was upgraded (background)'));
    expect(parsed.date).toBe('2025-01-22');
    expect(parsed.milestones.started).toMatchObject({ date: '2025-01-22', time: '14:02', at: '2025-01-22T14:02:00Z', source: 'inferred' });
  });

  it('starts on the evening before when the change went out then', () => {
    const parsed = parsePostmortem(report('- 2025-01-21 23:40 Cache client v4.2 deployed to checkout.'));
    expect(parsed.date).toBe('2025-01-22');
    expect(parsed.milestones.started).toMatchObject({ date: '2025-01-21', time: '23:40', source: 'inferred' });
  });
});
