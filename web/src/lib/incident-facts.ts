/** Numbers an incident's header shows, derived from its milestones (pure). */
import type { Milestones } from './api-types.ts';

/** Seconds from start to resolution, else to mitigation (many reports name no resolution); null when unknown or negative. */
export function outageSeconds(milestones: Milestones): number | null {
  const start = milestones.started?.at;
  const end = milestones.resolved?.at ?? milestones.mitigated?.at;
  if (!start || !end) return null;
  const seconds = Math.round((Date.parse(end) - Date.parse(start)) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** The milestones that have an instant, in the order of an incident's life. */
export function knownMilestones(milestones: Milestones): Array<{ kind: keyof Milestones; at: string; line: number; inferred: boolean }> {
  const order: Array<keyof Milestones> = ['started', 'detected', 'declared', 'mitigated', 'resolved'];
  return order.flatMap((kind) => {
    const milestone = milestones[kind];
    return milestone?.at ? [{ kind, at: milestone.at, line: milestone.line, inferred: milestone.source === 'inferred' }] : [];
  });
}
