/** Numbers of an incident's header: the outage length and the milestones that have an instant. */
import { describe, expect, it } from 'vitest';
import type { Milestone, Milestones } from '../../web/src/lib/api-types.ts';
import { knownMilestones, outageSeconds } from '../../web/src/lib/incident-facts.ts';

const at = (instant: string | null, line: number, source: Milestone['source'] = 'stated'): Milestone => ({
  date: instant?.slice(0, 10) ?? '2018-01-25',
  time: instant ? instant.slice(11, 16) : null,
  at: instant,
  line,
  source,
});
const none: Milestones = { started: null, detected: null, declared: null, mitigated: null, resolved: null };

describe('outageSeconds', () => {
  it('counts from start to resolution when both are known, even with a mitigation', () => {
    expect(
      outageSeconds({ ...none, started: at('2018-01-25T22:30:00Z', 33), mitigated: at('2018-01-26T00:35:00Z', 56), resolved: at('2018-01-26T01:00:00Z', 60) }),
    ).toBe(2.5 * 3600);
  });

  it('counts to the mitigation when there is no resolution, or it has no instant', () => {
    const mitigated = { ...none, started: at('2018-01-25T22:30:00Z', 33), mitigated: at('2018-01-26T00:35:00Z', 56) };
    expect(outageSeconds(mitigated)).toBe(2 * 3600 + 5 * 60);
    expect(outageSeconds({ ...mitigated, resolved: at(null, 70) })).toBe(2 * 3600 + 5 * 60);
  });

  it('reads instants with offsets and rounds to whole seconds', () => {
    expect(outageSeconds({ ...none, started: at('2018-01-25T14:30:00-08:00', 1), resolved: at('2018-01-25T22:31:00Z', 2) })).toBe(60);
    expect(outageSeconds({ ...none, started: at('2018-01-25T22:30:00.000Z', 1), resolved: at('2018-01-25T22:30:01.600Z', 2) })).toBe(2);
    expect(outageSeconds({ ...none, started: at('2018-01-25T22:30:00Z', 1), resolved: at('2018-01-25T22:30:00Z', 2) })).toBe(0);
  });

  it('is null when an end comes before the start', () => {
    expect(outageSeconds({ ...none, started: at('2018-01-26T00:00:00Z', 1), resolved: at('2018-01-25T23:59:59Z', 2) })).toBeNull();
    // A resolution before the start is not replaced by a later mitigation.
    expect(
      outageSeconds({ ...none, started: at('2018-01-26T00:00:00Z', 1), mitigated: at('2018-01-26T01:00:00Z', 2), resolved: at('2018-01-25T23:00:00Z', 3) }),
    ).toBeNull();
  });

  it('is null when the start or both ends are missing, or an instant is unreadable', () => {
    expect(outageSeconds(none)).toBeNull();
    expect(outageSeconds({ ...none, resolved: at('2018-01-26T01:00:00Z', 2) })).toBeNull();
    expect(outageSeconds({ ...none, started: at(null, 1), resolved: at('2018-01-26T01:00:00Z', 2) })).toBeNull();
    expect(outageSeconds({ ...none, started: at('2018-01-25T22:30:00Z', 1), detected: at('2018-01-25T23:00:00Z', 2) })).toBeNull();
    expect(outageSeconds({ ...none, started: at('2018-01-25T22:30:00Z', 1), declared: at('2018-01-25T23:00:00Z', 2) })).toBeNull();
    expect(outageSeconds({ ...none, started: { ...at(null, 1), at: 'yesterday' }, resolved: at('2018-01-26T01:00:00Z', 2) })).toBeNull();
  });
});

describe('knownMilestones', () => {
  it('lists the milestones with an instant in the order of an incident’s life, whatever the key order', () => {
    const milestones: Milestones = {
      resolved: at('2018-01-26T01:00:00Z', 60),
      mitigated: at('2018-01-26T00:35:00Z', 56, 'inferred'),
      declared: null,
      detected: at('2018-01-26T00:11:00Z', 49),
      started: at('2018-01-25T22:30:00Z', 33, 'inferred'),
    };
    expect(knownMilestones(milestones)).toEqual([
      { kind: 'started', at: '2018-01-25T22:30:00Z', line: 33, inferred: true },
      { kind: 'detected', at: '2018-01-26T00:11:00Z', line: 49, inferred: false },
      { kind: 'mitigated', at: '2018-01-26T00:35:00Z', line: 56, inferred: true },
      { kind: 'resolved', at: '2018-01-26T01:00:00Z', line: 60, inferred: false },
    ]);
  });

  it('orders all five', () => {
    const all: Milestones = {
      declared: at('2018-01-26T00:20:00Z', 3),
      resolved: at('2018-01-26T01:00:00Z', 5),
      started: at('2018-01-25T22:30:00Z', 1),
      mitigated: at('2018-01-26T00:35:00Z', 4),
      detected: at('2018-01-26T00:11:00Z', 2),
    };
    expect(knownMilestones(all).map((m) => [m.kind, m.line])).toEqual([
      ['started', 1],
      ['detected', 2],
      ['declared', 3],
      ['mitigated', 4],
      ['resolved', 5],
    ]);
  });

  it('leaves out milestones without an instant (a date alone is not enough)', () => {
    expect(knownMilestones({ ...none, started: at(null, 3), declared: at('2018-01-25T23:00:00Z', 40) })).toEqual([
      { kind: 'declared', at: '2018-01-25T23:00:00Z', line: 40, inferred: false },
    ]);
    expect(knownMilestones(none)).toEqual([]);
  });
});
