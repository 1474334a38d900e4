/**
 * Milestones: what the report states (a timeline entry that says `Outage begins`, a `First detected: ...` line)
 * wins; otherwise they are inferred from the timeline's event kinds:
 * started = the first timed entry on or after the incident date (background before it, and changes that went only
 * to staging or another pre-production environment, are skipped),
 * detected = the first detection, mitigated = the first mitigation or rollback after detection,
 * resolved = the last resolution. Inferred milestones are marked `source: 'inferred'`.
 */
import type { Milestone, Milestones, TimelineEntry } from '../domain/postmortem.ts';
import { formatTime, isoEpochDay, parseStamp } from './datetime.ts';
import { milestoneLabel, statedMilestones } from './event-kind.ts';
import type { Block } from './outline.ts';
import type { Outline } from './sections.ts';
import { paragraphLines } from './text.ts';
import { resolveDate } from './timeline-dates.ts';
import { resolveZone, toUtc } from './timezone.ts';

export type MilestoneName = keyof Milestones;

export interface StatedMilestone {
  milestone: MilestoneName;
  date: string | null;
  time: string | null;
  at: string | null;
  line: number;
}

/**
 * Days a timeline entry may lie before the incident date and still be its start: an incident that began
 * late in the evening is often reported with the next day's date, and a zone difference shifts a date by one.
 */
const START_SLACK_DAYS = 1;

/**
 * Combine milestones stated outside the timeline (`labelled`) with the timeline's own.
 *
 * `date` is the incident date (`incidentDate`), default null (unknown). When the report states no start,
 * the inferred `started` is the first timed entry, skipping entries dated more than one day
 * (`START_SLACK_DAYS`) before `date`: those are background (`2024-12-20 The cache library was upgraded` in
 * a report dated 2025-01-22), while an entry on the evening before the date is kept as the true start.
 * Entries without a date are never skipped. When every dated entry lies that far before `date`, or `date`
 * is null, the first timed entry is used as before. A date taken from the first timeline entry skips
 * nothing; one taken from a later entry (`incidentDate` passes over opening deploys and far background)
 * skips those earlier entries too when they lie more than a day before it. Stated milestones never move.
 */
export function buildMilestones(timeline: TimelineEntry[], labelled: StatedMilestone[], date: string | null = null): Milestones {
  const result: Milestones = { started: null, detected: null, declared: null, mitigated: null, resolved: null };
  const stated = (name: MilestoneName, m: Milestone, last: boolean): void => {
    if (!result[name] || (last && result[name]?.source === 'stated')) result[name] = m;
  };
  for (const l of labelled) {
    if (!result[l.milestone]) result[l.milestone] = { date: l.date, time: l.time, at: l.at, line: l.line, source: 'stated' };
  }
  const fromLabels = new Set(labelled.map((l) => l.milestone));
  for (const e of timeline) {
    // "Detected on unknown date" states a milestone but gives no moment to put it at.
    if (e.time === null) continue;
    for (const name of statedMilestones(e.text)) {
      if (fromLabels.has(name)) continue;
      stated(name, point(e, 'stated'), name === 'resolved');
    }
  }
  const timed = timeline.filter((e) => e.time !== null || e.date !== null);
  if (!result.started) {
    const current = timed.filter((e) => !isBackground(e, date));
    const from = current.length > 0 ? current : timed;
    // A change that went only to staging (or dev, qa ...) is not yet the outage: datahub's chart was merged to
    // staging at 14:30, production broke after the 15:30 merge.
    const live = from.filter((e) => !isPreProductionChange(e));
    const first = live.find((e) => e.time !== null) ?? from.find((e) => e.time !== null) ?? from[0];
    if (first) result.started = point(first, 'inferred');
  }
  if (!result.detected) {
    const d = timeline.find((e) => e.kind === 'detection');
    if (d) result.detected = point(d, 'inferred');
  }
  // Inferred mitigation and resolution come after detection: an early entry that merely mentions a fix
  // (`the config migration that later resolved ...`) is not the end of the incident.
  const detectedAt = result.detected ? timeline.findIndex((e) => e.line === result.detected!.line) : -1;
  const after = timeline.slice(Math.max(detectedAt, 0));
  if (!result.mitigated) {
    const m = after.find((e) => e.kind === 'mitigation' || e.kind === 'rollback');
    if (m) result.mitigated = point(m, 'inferred');
  }
  if (!result.resolved) {
    const r = [...after].reverse().find((e) => e.kind === 'resolution');
    if (r) result.resolved = point(r, 'inferred');
  }
  return result;
}

const PRE_PRODUCTION = /\b(?:staging|stage|stg|dev|development|test(?:ing)?|qa|sandbox|preview)\b/i;
const PRODUCTION = /\b(?:production|prod|live|prd)\b/i;

const TARGET = /\b(?:to|into|onto|on|and)\s+(?:the\s+)?(staging|stage|stg|dev|development|test(?:ing)?|qa|sandbox|preview|production|prod|live|prd)\b/gi;

/**
 * A deploy or rollback entry whose change went to a pre-production environment: the one it went `to`/`into`/`on`
 * (`merged into the staging branch ... hold the production upgrade` went to staging), else the only kind of
 * environment it names.
 */
function isPreProductionChange(e: TimelineEntry): boolean {
  if (e.kind !== 'deploy' && e.kind !== 'rollback') return false;
  const targets = [...e.text.matchAll(TARGET)].map((match) => match[1]!);
  if (targets.length > 0) return targets.every((target) => PRE_PRODUCTION.test(target));
  return PRE_PRODUCTION.test(e.text) && !PRODUCTION.test(e.text);
}

/** An entry dated more than `START_SLACK_DAYS` before the incident date `date` (false when either is unknown). */
function isBackground(e: TimelineEntry, date: string | null): boolean {
  return date !== null && e.date !== null && isoEpochDay(date) - isoEpochDay(e.date) > START_SLACK_DAYS;
}

function point(e: TimelineEntry, source: Milestone['source']): Milestone {
  return { date: e.date, time: e.time, at: e.at, line: e.line, source };
}

/** `First detected: 2023-07-21 08:15`-style lines outside the timeline. */
export function findLabelledMilestones(blocks: Block[], outline: Outline, date: string | null, zone: string | null): StatedMilestone[] {
  const inTimeline = new Set<number>();
  for (const r of outline.timelines) for (let k = r.start; k < r.end; k++) inTimeline.add(k);
  const found: StatedMilestone[] = [];
  const consider = (text: string, line: number): void => {
    const label = milestoneLabel(text);
    if (!label) return;
    const stamp = parseStamp(label.value);
    if (!stamp || (!stamp.time && !stamp.date)) return;
    const d = stamp.date ? resolveDate(stamp.date, date) : date;
    const time = stamp.time ? formatTime(stamp.time) : null;
    const zoneFor = (stamp.zone && resolveZone(stamp.zone)) || zone;
    const instant = d && stamp.time && zoneFor ? toUtc(d, stamp.time, zoneFor) : null;
    found.push({ milestone: label.milestone, date: d, time, at: instant, line });
  };
  blocks.forEach((b, k) => {
    if (inTimeline.has(k) || b.type !== 'content') return;
    const node = b.node;
    if (node.type === 'paragraph') {
      for (const l of paragraphLines(node)) consider(l.text, l.line);
    } else if (node.type === 'list') {
      for (const item of node.children) {
        const first = item.children[0];
        if (first?.type === 'paragraph') for (const l of paragraphLines(first)) consider(l.text, l.line);
      }
    }
  });
  return found;
}
