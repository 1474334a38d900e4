/**
 * The outage timeline's model: an incident's timeline, milestones and deployments turned into what a chart draws
 * (lanes of markers, the outage window, the domain) and a text alternative. Pure: no DOM, no clock.
 */
import type { IncidentDetail, TimelineEntry } from './api-types.ts';
import { formatDuration, formatEpochMs, resolveZone, zoneAbbreviationAt, zoneAbbreviations } from './format.ts';
import { paddedDomain } from './time-axis.ts';

/** A deploy or a rollback, drawn in the lane of its environment. */
export interface DeploymentMarker {
  /** Position of the timeline entry it comes from in `detail.timeline`; null when it comes from elsewhere. */
  index: number | null;
  /** ms since the epoch. */
  at: number;
  kind: 'deploy' | 'rollback';
  text: string;
  /** 1-based line in the postmortem; null when it comes from elsewhere. */
  line: number | null;
  /**
   * The lane: `production`, `staging`, `development`, `test`, `qa`, `canary`, any other name, or `unspecified`; for a
   * recorded deployment its canonical environment (`environmentKey`), as the server names it.
   */
  environment: string;
  /** The deployment event's id when it comes from recorded deployments (not from the timeline). Default: none. */
  deploymentId?: number | null;
  /** What correlation made of it: the incident's suspected cause, or the deployment that restored service. Default: none. */
  role?: DeploymentRole | null;
  /** Why it has its `role` (the server's words). Default: none. */
  roleReason?: string | null;
  /** The suspect counts as the cause (confirmed by a person, or named in the postmortem). Default: false. */
  confirmed?: boolean;
  /** A person's verdict on it as the cause. Default: none. */
  verdict?: 'confirmed' | 'rejected' | null;
  /**
   * Timeline entries that describe this deployment, in document order: drawn as this marker only (never as a second
   * one), their text shown with it. `index` and `line` are the first one's. Default: none.
   */
  entries?: DescribingEntry[];
}

/** `suspect`: the incident's suspected (or confirmed) cause; `recovery`: the deployment that restored service. */
export type DeploymentRole = 'suspect' | 'recovery';

/** A timeline entry that describes a recorded deployment. */
export interface DescribingEntry {
  /** Position in `detail.timeline`. */
  index: number;
  text: string;
  line: number;
}

/** A timed timeline entry of the incident lane. */
export interface TimelineEvent {
  /** Position in `detail.timeline`. */
  index: number;
  /** ms since the epoch. */
  at: number;
  kind: string;
  text: string;
  line: number;
  /** The time was written as approximate (`~14:00`). */
  approximate: boolean;
}

/** One environment's deploys and rollbacks, in time order. */
export interface DeploymentLane {
  environment: string;
  markers: DeploymentMarker[];
}

/** The kinds of milestones, in the order of an incident's life. */
export const MILESTONE_KINDS = ['started', 'detected', 'declared', 'mitigated', 'resolved'] as const;
/** One of `MILESTONE_KINDS`. */
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A milestone with a known instant. */
export interface MilestoneMarker {
  kind: MilestoneKind;
  /** ms since the epoch. */
  at: number;
  line: number;
  source: 'stated' | 'inferred';
}

/** Start → resolution (else → mitigation); `open` when neither is known and `end` is the last known instant. */
export interface OutageWindow {
  start: number;
  end: number;
  open: boolean;
}

/** A timeline entry without an instant: listed in the text, not drawn. */
export interface UnplacedEntry {
  index: number;
  text: string;
  line: number;
}

/** Everything the outage timeline draws. Instants are ms since the epoch. */
export interface TimelineModel {
  /** The incident's zone (unknown or null: `UTC`). */
  zone: string;
  /** The incident lane, in time order (document order among equal instants). */
  entries: TimelineEvent[];
  /** production, staging, other environments alphabetically, unspecified. Lanes without markers are left out. */
  deploymentLanes: DeploymentLane[];
  /** In `MILESTONE_KINDS` order. */
  milestones: MilestoneMarker[];
  outage: OutageWindow | null;
  /** In document order. */
  unplaced: UnplacedEntry[];
  /** The padded range of every drawn instant; null when nothing has one. */
  domain: { start: number; end: number } | null;
}

/** A drawn marker of either lane, as `timelineMarkers` lists them. */
export interface PlacedMarker {
  /** Unique within a model: `e<index>` for entries, `d<lane>.<n>` for deployment markers. */
  key: string;
  /** Position in `detail.timeline`; null for a deployment that does not come from it. */
  index: number | null;
  at: number;
  kind: string;
  text: string;
  line: number | null;
  /** `incident` or the deployment lane's environment. */
  lane: string;
  approximate: boolean;
  /** The deployment marker it draws; null in the incident lane. */
  deployment: DeploymentMarker | null;
}

/** What `buildTimelineModel` may be told. */
export interface TimelineModelOptions {
  /**
   * Deploys and rollbacks to draw. Default: `deploymentsFromTimeline(detail.timeline)`. Timeline entries that
   * none of them point at (by `index` or `entries`) stay in the incident lane.
   */
  deployments?: DeploymentMarker[];
  /** The environment whose lane comes first (the one the incident affected). Default: none (`production` leads). */
  firstEnvironment?: string | null;
}

/** Whole words naming an environment, lower-case, and the environment they name. */
const ENVIRONMENT_WORDS: ReadonlyMap<string, string> = new Map([
  ['production', 'production'],
  ['prod', 'production'],
  ['prd', 'production'],
  ['live', 'production'],
  ['staging', 'staging'],
  ['stage', 'staging'],
  ['stg', 'staging'],
  ['dev', 'development'],
  ['development', 'development'],
  ['test', 'test'],
  ['testing', 'test'],
  ['qa', 'qa'],
  ['canary', 'canary'],
]);

/** The environment of entries that name none. */
export const UNSPECIFIED_ENVIRONMENT = 'unspecified';

/** Words after which an environment is where something went (`to production`, `into the staging branch`). */
const TARGET_WORDS: ReadonlySet<string> = new Set(['to', 'into', 'onto', 'on', 'in']);
/** Words that may stand between a target word and the environment (`to the prod cluster`). */
const DETERMINERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'our']);

/**
 * The environment a text names, from its whole words (letters and digits; case-insensitive), canonical as the
 * server's `environmentKey`: `production`, `prod`, `prd`, `live` (→ `production`), `staging`, `stage`, `stg`
 * (→ `staging`), `dev`, `development` (→ `development`), `test`/`testing` (→ `test`), `qa`, `canary`. `prod branch` and `prod-hub` name production, `product` does not.
 * When a text names several, the last one that follows `to`, `into`, `onto`, `on` or `in` (a `the`/`a`/`an`/`our`
 * may stand between) wins, as the place something went (`merged staging to production` → production); without
 * such a target, the first one named. None: `unspecified`.
 */
export function environmentOf(text: string): string {
  const words = String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  let first: string | null = null;
  let target: string | null = null;
  for (let i = 0; i < words.length; i += 1) {
    const environment = ENVIRONMENT_WORDS.get(words[i]!);
    if (environment === undefined) continue;
    first ??= environment;
    let before = i - 1;
    if (before >= 0 && DETERMINERS.has(words[before]!)) before -= 1;
    if (before >= 0 && TARGET_WORDS.has(words[before]!)) target = environment;
  }
  return target ?? first ?? UNSPECIFIED_ENVIRONMENT;
}

/**
 * Deploy and rollback markers from a timeline: the entries the parser classified `deploy` or `rollback` that have
 * an instant, in document order, each with `index` (its position in `timeline`), `line` and the environment its
 * text names (`environmentOf`). Entries whose `at` cannot be read are left out.
 *
 * A rollback undoes a deploy: one whose text names no environment takes the environment of the latest deploy
 * before it (in time; at the same instant, earlier in the document) that has a known one. An environment named in
 * the rollback's text wins; a rollback with no such deploy before it, and a deploy that names none, stay
 * `unspecified`.
 */
export function deploymentsFromTimeline(timeline: readonly TimelineEntry[]): DeploymentMarker[] {
  const markers: DeploymentMarker[] = [];
  timeline.forEach((entry, index) => {
    if (entry.kind !== 'deploy' && entry.kind !== 'rollback') return;
    const at = instant(entry.at);
    if (at === null) return;
    markers.push({ index, at, kind: entry.kind, text: entry.text, line: entry.line, environment: environmentOf(entry.text) });
  });
  // Document order is index order, so sorting a copy by (at, index) gives time order with document order on ties.
  let deployed: string | null = null;
  for (const marker of [...markers].sort((a, b) => a.at - b.at || a.index! - b.index!)) {
    if (marker.kind === 'deploy') {
      if (marker.environment !== UNSPECIFIED_ENVIRONMENT) deployed = marker.environment;
    } else if (marker.environment === UNSPECIFIED_ENVIRONMENT && deployed !== null) {
      marker.environment = deployed;
    }
  }
  return markers;
}

/**
 * The chart model of an incident: the incident lane (timed entries that are not deploys or rollbacks), one lane
 * per deployment environment, the milestones with an instant, the outage window, the untimed entries and the
 * padded domain (`paddedDomain` defaults) over every drawn instant. Each timed entry is drawn exactly once.
 * Deployments default to `deploymentsFromTimeline(detail.timeline)`. A null or unknown `detail.timezone` is UTC.
 */
export function buildTimelineModel(
  detail: Pick<IncidentDetail, 'timeline' | 'milestones' | 'timezone'>,
  options: TimelineModelOptions = {},
): TimelineModel {
  const timeline = detail.timeline ?? [];
  const deployments = (options.deployments ?? deploymentsFromTimeline(timeline)).filter((marker) => Number.isFinite(marker.at));
  const claimed = new Set<number>();
  for (const marker of deployments) {
    if (marker.index !== null) claimed.add(marker.index);
    for (const described of marker.entries ?? []) claimed.add(described.index);
  }

  const entries: TimelineEvent[] = [];
  const unplaced: UnplacedEntry[] = [];
  timeline.forEach((entry, index) => {
    const at = instant(entry.at);
    if (at === null) {
      unplaced.push({ index, text: entry.text, line: entry.line });
      return;
    }
    if (claimed.has(index)) return;
    entries.push({ index, at, kind: entry.kind, text: entry.text, line: entry.line, approximate: entry.approximate });
  });
  entries.sort((a, b) => a.at - b.at || a.index - b.index);

  const byEnvironment = new Map<string, DeploymentMarker[]>();
  for (const marker of deployments) {
    const environment = marker.environment || UNSPECIFIED_ENVIRONMENT;
    const lane = byEnvironment.get(environment) ?? [];
    lane.push(marker.environment ? marker : { ...marker, environment });
    byEnvironment.set(environment, lane);
  }
  const deploymentLanes = [...byEnvironment.keys()]
    .sort((a, b) => compareEnvironments(a, b, options.firstEnvironment ?? null))
    .map((environment) => ({
      environment,
      markers: byEnvironment.get(environment)!.map((marker, order) => ({ marker, order })).sort((a, b) => a.marker.at - b.marker.at || a.order - b.order).map(({ marker }) => marker),
    }));

  const milestones: MilestoneMarker[] = [];
  for (const kind of MILESTONE_KINDS) {
    const milestone = detail.milestones?.[kind];
    const at = instant(milestone?.at ?? null);
    if (milestone && at !== null) milestones.push({ kind, at, line: milestone.line, source: milestone.source });
  }

  const instants = [...entries.map((e) => e.at), ...deployments.map((d) => d.at), ...milestones.map((m) => m.at)];
  const at = (kind: MilestoneKind) => milestones.find((m) => m.kind === kind)?.at ?? null;
  const started = at('started');
  let outage: OutageWindow | null = null;
  if (started !== null) {
    const end = at('resolved') ?? at('mitigated');
    outage = end !== null ? { start: started, end: Math.max(end, started), open: false } : { start: started, end: Math.max(started, ...instants), open: true };
  }

  return {
    zone: resolveZone(detail.timezone),
    entries,
    deploymentLanes,
    milestones,
    outage,
    unplaced,
    domain: paddedDomain(instants),
  };
}

/** `first` (when given), `production`, `staging`, the others alphabetically, `unspecified` last. */
function compareEnvironments(a: string, b: string, first: string | null): number {
  const rank = (name: string) =>
    name === first ? -1 : name === 'production' ? 0 : name === 'staging' ? 1 : name === UNSPECIFIED_ENVIRONMENT ? 3 : 2;
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function instant(iso: string | null | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** The name of the incident lane in `PlacedMarker.lane`. */
export const INCIDENT_LANE = 'incident';

/**
 * Every drawn marker of the model, incident lane and deployment lanes together, in time order; equal instants in
 * lane order (incident first, then the deployment lanes in model order), then in lane order of the markers.
 * The order of keyboard navigation.
 */
export function timelineMarkers(model: TimelineModel): PlacedMarker[] {
  const markers: Array<PlacedMarker & { rank: number }> = [];
  let rank = 0;
  for (const entry of model.entries) {
    markers.push({ key: `e${entry.index}`, index: entry.index, at: entry.at, kind: entry.kind, text: entry.text, line: entry.line, lane: INCIDENT_LANE, approximate: entry.approximate, deployment: null, rank: rank++ });
  }
  model.deploymentLanes.forEach((lane, laneIndex) => {
    lane.markers.forEach((marker, n) => {
      markers.push({ key: `d${laneIndex}.${n}`, index: marker.index, at: marker.at, kind: marker.kind, text: marker.text, line: marker.line, lane: lane.environment, approximate: false, deployment: marker, rank: rank++ });
    });
  });
  markers.sort((a, b) => a.at - b.at || a.rank - b.rank);
  return markers.map(({ rank: _rank, ...marker }) => marker);
}

/**
 * The short label drawn next to a deployment with a role: `cause` (a suspect that counts as the cause), `suspect`,
 * `recovery`; null without a role.
 */
export function roleLabel(marker: Pick<DeploymentMarker, 'role' | 'confirmed'>): string | null {
  if (marker.role === 'suspect') return marker.confirmed ? 'cause' : 'suspect';
  return marker.role === 'recovery' ? 'recovery' : null;
}

/** A range of the chart to draw instead of the whole domain, and how many drawn markers fall outside it. */
export interface FocusDomain {
  /** ms since the epoch. */
  start: number;
  end: number;
  /** Markers (incident and deployment lanes) before `start`. */
  before: number;
  /** Markers after `end`. */
  after: number;
}

const MINUTE = 60_000;
const QUARTER_HOUR = 15 * MINUTE;
/** The least padding of the focused range on each side. */
const FOCUS_MIN_PAD = 30 * MINUTE;
/** How many paddings away a marker may be from the range and still be taken in. */
const FOCUS_REACH = 4;
/** Focus only when the whole domain is more than this many times as long as the focused range. */
const FOCUS_MIN_ZOOM = 8;
/** The same when everything left out is context (recorded deployments that no timeline entry describes). */
const FOCUS_MIN_ZOOM_CONTEXT = 2;

/**
 * A recorded deployment that no timeline entry describes and that has no role: context from the deployment feed,
 * which the changes list shows in full, so the chart may leave it out more readily than what the report says.
 */
function isContext(marker: PlacedMarker): boolean {
  const deployment = marker.deployment;
  return deployment !== null && deployment.deploymentId != null && marker.index === null && !deployment.role;
}

/**
 * The range to draw by default when a few markers lie far from the outage, else null.
 *
 * The core is the outage window together with every milestone and the deployments with a role (the suspect, the
 * recovery); `pad` is half the core's length, at least 30 min.
 * Walking out from the core in time order, markers are taken in while each is within 4 × `pad` (at least 2 h) of
 * the range taken so far; the first longer gap on each side stops the walk. The range is then padded by `pad` on
 * each side and widened to whole quarter hours (whole local quarter hours in every zone in use).
 *
 * It is returned only when all of these hold: the model has an outage window; some markers lie outside the range;
 * they are at most a fifth of all markers, rounded up (so one is always few enough, and 2 of 7 are); and the model's
 * domain is more than 8 times as long as the range (focusing zooms in more than 8×). When everything left out is
 * context (recorded deployments that no timeline entry describes and that have no role), the fifth does not apply
 * and zooming in more than 2× is enough: the changes list shows them. Milestones, the outage window, the suspect and
 * the recovery are always inside the range. An open outage ends at the last drawn instant, so nothing after it is
 * ever left out.
 */
export function focusDomain(model: TimelineModel): FocusDomain | null {
  const { outage, domain } = model;
  if (!outage || !domain) return null;
  let coreStart = outage.start;
  let coreEnd = outage.end;
  const core = [...model.milestones.map((m) => m.at), ...model.deploymentLanes.flatMap((lane) => lane.markers.filter((m) => m.role).map((m) => m.at))];
  for (const instant of core) {
    if (instant < coreStart) coreStart = instant;
    if (instant > coreEnd) coreEnd = instant;
  }
  const pad = Math.max((coreEnd - coreStart) / 2, FOCUS_MIN_PAD);
  const reach = FOCUS_REACH * pad;

  const placed = timelineMarkers(model);
  const instants = placed.map((marker) => marker.at);
  let near = instants.findIndex((at) => at >= coreStart);
  if (near === -1) near = instants.length;
  let from = coreStart;
  for (let i = near - 1; i >= 0 && from - instants[i]! <= reach; i -= 1) from = Math.min(from, instants[i]!);
  let to = coreEnd;
  for (let i = near; i < instants.length && instants[i]! - to <= reach; i += 1) to = Math.max(to, instants[i]!);

  const start = Math.floor((from - pad) / QUARTER_HOUR) * QUARTER_HOUR;
  const end = Math.ceil((to + pad) / QUARTER_HOUR) * QUARTER_HOUR;
  let before = 0;
  let after = 0;
  let context = true;
  for (const marker of placed) {
    if (marker.at < start) before += 1;
    else if (marker.at > end) after += 1;
    else continue;
    if (!isContext(marker)) context = false;
  }
  const leftOut = before + after;
  if (leftOut === 0 || (!context && leftOut > Math.ceil(instants.length / 5))) return null;
  if (domain.end - domain.start <= (context ? FOCUS_MIN_ZOOM_CONTEXT : FOCUS_MIN_ZOOM) * (end - start)) return null;
  return { start, end, before, after };
}

/**
 * How to show the model's times in `zone`: `'time'` (`16:11`) when every drawn instant and milestone falls on one
 * local day (or there are none), else `'datetime'` (`2018-01-25 16:11`).
 */
export function timeStyle(model: TimelineModel, zone: string = model.zone): 'time' | 'datetime' {
  let min = Infinity;
  let max = -Infinity;
  const see = (at: number) => {
    if (at < min) min = at;
    if (at > max) max = at;
  };
  for (const entry of model.entries) see(entry.at);
  for (const lane of model.deploymentLanes) for (const marker of lane.markers) see(marker.at);
  for (const milestone of model.milestones) see(milestone.at);
  if (min > max) return 'time';
  return formatEpochMs(min, zone, 'date') === formatEpochMs(max, zone, 'date') ? 'time' : 'datetime';
}

/**
 * A one-paragraph text alternative of the chart, times in `zone` (unknown: UTC) followed by `zoneLabel` (default:
 * the zone's abbreviation over the drawn instants; when that changes within them, at a daylight-saving change,
 * each time carries its own: `00:30 EST to 05:20 EDT`): the outage window and its length,
 * the milestones, the number of events (every marker, drawn or not), the deploys and rollbacks per environment,
 * the suspected cause and the recovery among the deployments (with the reason given), the markers outside `range`
 * when the chart draws only that range (`focusDomain`; default null: everything is drawn), the untimed entries.
 * E.g. `Outage from 14:30 to 16:35 PST (2 h 5 min). Milestones: started 14:30, detected 16:11, mitigated 16:35.
 * 4 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy.`, and with a range
 * `… 3 entries before 13:45 and 2 after 18:15 are outside the drawn range.`
 * Dates are added to times when the drawn instants span more than one local day.
 */
export function describeTimeline(
  model: TimelineModel,
  zone: string = model.zone,
  zoneLabel?: string,
  range: FocusDomain | null = null,
): string {
  const sentences: string[] = [];
  const drawn = timelineMarkers(model);
  const names = zoneLabel ?? zoneAbbreviations(zone, [...drawn.map((m) => m.at), ...model.milestones.map((m) => m.at), ...(model.outage ? [model.outage.start, model.outage.end] : [])]);
  const perTime = zoneLabel === undefined && names.includes('/');
  const label = perTime ? '' : ` ${names}`;
  const style = timeStyle(model, zone);
  const time = (at: number) => (perTime ? `${formatEpochMs(at, zone, style)} ${zoneAbbreviationAt(zone, at)}` : formatEpochMs(at, zone, style));

  if (model.outage) {
    const { start, end, open } = model.outage;
    const duration = formatDuration((end - start) / 1000);
    sentences.push(
      open
        ? `Outage from ${time(start)}${label}, with no mitigation or resolution recorded; the last event is at ${time(end)} (${duration} after the start).`
        : `Outage from ${time(start)} to ${time(end)}${label} (${duration}).`,
    );
  } else if (drawn.length > 0 || model.milestones.length > 0) {
    sentences.push('The start of the outage is not known.');
  }
  if (model.milestones.length > 0) {
    const list = model.milestones.map((m) => `${m.kind} ${time(m.at)}`).join(', ');
    sentences.push(`Milestones: ${list}${model.outage ? '' : label}.`);
  }

  if (drawn.length === 0) {
    sentences.push('No timed events.');
  } else {
    let events = `${drawn.length} ${drawn.length === 1 ? 'event' : 'events'} on the timeline`;
    const lanes = model.deploymentLanes.map((lane) => {
      const deploys = lane.markers.filter((m) => m.kind === 'deploy').length;
      const rollbacks = lane.markers.length - deploys;
      const counts = [
        deploys > 0 ? `${deploys} ${deploys === 1 ? 'deploy' : 'deploys'}` : null,
        rollbacks > 0 ? `${rollbacks} ${rollbacks === 1 ? 'rollback' : 'rollbacks'}` : null,
      ].filter((part) => part !== null);
      return `${lane.environment}: ${counts.join(', ')}`;
    });
    if (lanes.length > 0) events += `; ${lanes.join('; ')}`;
    sentences.push(`${events}.`);
  }
  for (const role of ['suspect', 'recovery'] as const) {
    const marker = drawn.find((candidate) => candidate.deployment?.role === role)?.deployment;
    if (!marker) continue;
    const name = role === 'recovery' ? 'Recovery' : marker.confirmed ? 'Cause' : 'Suspected cause';
    const reason = marker.roleReason ? ` (${marker.roleReason})` : '';
    const unconfirmed = role === 'suspect' && !marker.confirmed ? ', not confirmed' : '';
    sentences.push(`${name}: the ${marker.kind} to ${marker.environment} at ${time(marker.at)}${reason}${unconfirmed}.`);
  }
  if (range && range.before + range.after > 0) {
    const { before, after } = range;
    const noun = (count: number) => (count === 1 ? 'entry' : 'entries');
    const phrases: string[] = [];
    if (before > 0) phrases.push(`${before} ${noun(before)} before ${time(range.start)}`);
    if (after > 0) phrases.push(`${after}${before > 0 ? '' : ` ${noun(after)}`} after ${time(range.end)}`);
    sentences.push(`${phrases.join(' and ')} ${before + after === 1 ? 'is' : 'are'} outside the drawn range.`);
  }
  const untimed = model.unplaced.length;
  if (untimed > 0) {
    sentences.push(untimed === 1 ? '1 entry has no time and is not drawn.' : `${untimed} entries have no time and are not drawn.`);
  }
  return sentences.join(' ');
}
