/**
 * An incident's recorded deployments (`GET /api/incidents/:slug/deployments`) turned into what the incident page
 * shows: the chart's deployment markers, the "changes before" lists, the timeline entries that describe a
 * deployment, and the few words that name one. Pure: no DOM, no clock, no API.
 */
import type { CorrelatedDeployment, Deployment, IncidentDeployments, TimelineEntry } from './api-types.ts';
import { deploymentsFromTimeline, type DeploymentMarker, type DescribingEntry, type TimelineModelOptions } from './outage-timeline.ts';

/** The chart-relevant part of a correlation. */
type Correlation = Pick<IncidentDeployments, 'deployments' | 'suspect' | 'recovery' | 'matches' | 'environment'>;

/** Digits of a commit sha shown: 7, as git and GitHub abbreviate. */
export const SHORT_SHA = 7;

/** `sha` cut to `SHORT_SHA` characters; null stays null. */
export function shortSha(sha: string | null): string | null {
  return sha === null ? null : sha.slice(0, SHORT_SHA);
}

/**
 * One line that names a deployment: service, version (else ref), short sha and the description:
 * `datahub v0.6.0-beta.1 (411bdc2): Merge branch staging into prod`. Without any of them: `deployment 6` (never
 * `#6`, which reads as a pull request).
 */
export function deploymentTitle(deployment: Deployment): string {
  const sha = shortSha(deployment.sha);
  const name = [deployment.service, deployment.version ?? deployment.ref, sha ? `(${sha})` : null].filter((part) => part).join(' ');
  if (name && deployment.description) return `${name}: ${deployment.description}`;
  return name || deployment.description || `deployment ${deployment.id}`;
}

/**
 * Timeline entry index → the deployment it describes (`matches`), with its canonical environment (the chart's lane);
 * entries that describe none are absent.
 */
export function entryDeployments(correlation: Pick<IncidentDeployments, 'deployments' | 'matches'> | null): Map<number, { id: number; environment: string }> {
  const links = new Map<number, { id: number; environment: string }>();
  if (!correlation) return links;
  const byId = new Map(correlation.deployments.map((item) => [item.deployment.id, item.deployment]));
  for (const match of correlation.matches) {
    const deployment = byId.get(match.deploymentId);
    if (deployment && !links.has(match.entry)) links.set(match.entry, { id: deployment.id, environment: laneOf(deployment) });
  }
  return links;
}

/** The lane of a recorded deployment: its canonical environment (`prod` and `live` are `production`). */
export function laneOf(deployment: Pick<Deployment, 'environment' | 'environmentKey'>): string {
  return deployment.environmentKey || deployment.environment;
}

/**
 * The deploy and rollback markers of the chart: every recorded deployment of the correlation at its start, in the
 * lane of its canonical environment (`laneOf`; the timeline's own deploys name theirs canonically too), with its role (suspect, recovery), the suspect's reason and whether it is confirmed, its verdict,
 * and the timeline entries that describe it (`matches`, else its own `entries`; the first one gives `index` and
 * `line`); then the timeline's own deploys and rollbacks (`deploymentsFromTimeline`) that describe none of them.
 * Entries whose instant or index cannot be read are left out.
 */
export function deploymentMarkers(timeline: readonly TimelineEntry[], correlation: Correlation): DeploymentMarker[] {
  const described = new Map<number, number[]>();
  const add = (deploymentId: number, entry: number) => {
    if (!Number.isInteger(entry) || entry < 0 || entry >= timeline.length) return;
    const list = described.get(deploymentId) ?? [];
    if (!list.includes(entry)) list.push(entry);
    described.set(deploymentId, list);
  };
  for (const match of correlation.matches) add(match.deploymentId, match.entry);
  for (const item of correlation.deployments) for (const entry of item.entries) add(item.deployment.id, entry);

  const claimed = new Set<number>();
  const markers: DeploymentMarker[] = [];
  for (const item of correlation.deployments) {
    const { deployment } = item;
    const at = Date.parse(deployment.startedAt);
    if (!Number.isFinite(at)) continue;
    const entries: DescribingEntry[] = (described.get(deployment.id) ?? [])
      .sort((a, b) => a - b)
      .map((index) => ({ index, text: timeline[index]!.text, line: timeline[index]!.line }));
    for (const entry of entries) claimed.add(entry.index);
    const role = roleOf(item, correlation);
    markers.push({
      index: entries[0]?.index ?? null,
      at,
      kind: deployment.kind,
      text: deploymentTitle(deployment),
      line: entries[0]?.line ?? null,
      environment: laneOf(deployment),
      deploymentId: deployment.id,
      role,
      roleReason: role === 'suspect' ? (correlation.suspect?.reason ?? null) : role === 'recovery' ? (correlation.recovery?.reason ?? null) : null,
      confirmed: role === 'suspect' && correlation.suspect?.confirmed === true,
      verdict: item.verdict?.verdict ?? null,
      entries,
    });
  }
  const fromTimeline = deploymentsFromTimeline(timeline).filter((marker) => marker.index === null || !claimed.has(marker.index));
  return [...markers, ...fromTimeline];
}

/**
 * What `buildTimelineModel` needs to draw the recorded deployments: `{}` (the timeline's own deploys and
 * rollbacks, as without any deployment data) when there is no correlation or it has no deployment; else the
 * markers of `deploymentMarkers` and the affected environment's lane first.
 */
export function timelineOptions(timeline: readonly TimelineEntry[], correlation: Correlation | null): TimelineModelOptions {
  if (!correlation || correlation.deployments.length === 0) return {};
  return { deployments: deploymentMarkers(timeline, correlation), firstEnvironment: correlation.environment.name };
}

function roleOf(item: CorrelatedDeployment, correlation: Correlation): 'suspect' | 'recovery' | null {
  if (correlation.suspect?.deploymentId === item.deployment.id) return 'suspect';
  if (correlation.recovery?.deploymentId === item.deployment.id) return 'recovery';
  return item.role;
}

/** The server's `noSuspect` for a postmortem that gives a date but no start or detection time. */
export const NO_TIMES = 'the postmortem gives no start or detection time';

/**
 * The correlation of a postmortem with a date and no times: nothing can be said to come before or after the outage,
 * so the changes panel lists the window's deployments in one list (`changeLists`' `undated`).
 */
export function isUndated(correlation: Pick<IncidentDeployments, 'suspect' | 'noSuspect'>): boolean {
  return correlation.suspect === null && correlation.noSuspect === NO_TIMES;
}

/** The deployments of the "changes" panel, split as it shows them. */
export interface ChangeLists {
  /** Started before the outage (`before`): the suspect first, then newest first. Empty when `undated`. */
  before: CorrelatedDeployment[];
  /** Started during the outage or after it: in time order, the suspect first when it is one of them. Empty when `undated`. */
  after: CorrelatedDeployment[];
  /**
   * The postmortem gives no times (`isUndated`): every deployment of the window, newest first, with no split;
   * null otherwise.
   */
  undated: CorrelatedDeployment[] | null;
}

/** The correlation's deployments as the changes panel lists them (`ChangeLists`); equal instants keep the server's order. */
export function changeLists(correlation: Pick<IncidentDeployments, 'deployments' | 'suspect' | 'noSuspect'>): ChangeLists {
  const suspectId = correlation.suspect?.deploymentId ?? null;
  const time = (item: CorrelatedDeployment) => Date.parse(item.deployment.startedAt) || 0;
  const suspectFirst = (a: CorrelatedDeployment, b: CorrelatedDeployment) =>
    Number(b.deployment.id === suspectId) - Number(a.deployment.id === suspectId);
  if (isUndated(correlation)) {
    const undated = correlation.deployments.map((item, order) => ({ item, order })).sort((a, b) => time(b.item) - time(a.item) || a.order - b.order).map(({ item }) => item);
    return { before: [], after: [], undated };
  }
  const before = correlation.deployments.filter((item) => item.before);
  const after = correlation.deployments.filter((item) => !item.before);
  return {
    undated: null,
    before: before.map((item, order) => ({ item, order })).sort((a, b) => suspectFirst(a.item, b.item) || time(b.item) - time(a.item) || a.order - b.order).map(({ item }) => item),
    after: after.map((item, order) => ({ item, order })).sort((a, b) => suspectFirst(a.item, b.item) || time(a.item) - time(b.item) || a.order - b.order).map(({ item }) => item),
  };
}
