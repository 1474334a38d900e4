import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineKind } from '../../server/domain/postmortem.ts';
import { buildMilestones } from '../../server/parser/milestones.ts';

const entry = (line: number, time: string, kind: TimelineKind, text = `entry ${line}`): TimelineEntry => ({
  date: '2024-05-01', time, endTime: null, at: `2024-05-01T${time}:00Z`, timezone: 'UTC', approximate: false, text, kind, line,
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
