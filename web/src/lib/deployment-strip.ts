/**
 * The deployment strip's model: deployment events and the incidents of their span turned into what the chart draws
 * (one lane per environment, the incidents as bands across the lanes), laid out on a linear time axis, and a text
 * alternative. Pure: no DOM, no clock.
 */
import { DateTime } from 'luxon';
import type { Deployment, DeploymentPage, OverlayIncident } from './api-types.ts';
import { compareEnvironments, deploymentName, isFailed, plural } from './deployment-format.ts';
import { formatEpochMs, resolveZone, truncateText, zoneAbbreviations } from './format.ts';
import { paddedDomain, timeAxis, type Tick } from './time-axis.ts';

/** A part a deployment played in an incident (from the correlation of deployments with incidents). */
export interface IncidentRole {
  role: 'suspect' | 'recovery';
  slug: string;
  title: string;
  /** A suspect that counts as the cause (confirmed by a person, or named in the postmortem); false for a recovery. */
  confirmed: boolean;
}

/**
 * The word for a part in an incident, as the incident page uses it: `cause` (a confirmed suspect), `suspect`,
 * `recovery`.
 */
export function roleWord(role: Pick<IncidentRole, 'role' | 'confirmed'>): 'cause' | 'suspect' | 'recovery' {
  return role.role === 'recovery' ? 'recovery' : role.confirmed ? 'cause' : 'suspect';
}

/** One deployment on the strip. */
export interface StripEvent {
  id: number;
  /** `startedAt` in ms since the epoch. */
  at: number;
  /** The lane: the canonical environment (`environmentKey`: `prod` and `live` are `production`). */
  environment: string;
  /** The environment as the event names it (`prod`); the same as `environment` for most. */
  spelled: string;
  kind: Deployment['kind'];
  status: Deployment['status'];
  /** The status is `failure` or `error`. */
  failed: boolean;
  /** What went out, in a few words (`datahub v0.6.0-beta.1`). */
  name: string;
  description: string | null;
  /** Suspect (or cause) or recovery of incidents in the overlay. */
  roles: IncidentRole[];
}

/** One environment's events (every spelling of it), in time order. */
export interface StripLane {
  /** The canonical name (`environmentKey`), which labels the lane. */
  environment: string;
  events: StripEvent[];
}

/** An incident drawn across the lanes: from its start to its end, or a marker at its start when it has no end. */
export interface StripBand {
  slug: string;
  /** The title, else the slug. */
  title: string;
  /** ms since the epoch. */
  start: number;
  /** ms since the epoch; null: no end known (drawn as a marker). */
  end: number | null;
}

/** Everything the strip draws. Instants are ms since the epoch. */
export interface StripModel {
  /** Lanes with events: production, staging, then the others alphabetically. */
  lanes: StripLane[];
  /** Incidents with a readable start, in order of start. */
  bands: StripBand[];
  /** The span drawn; null when there is nothing to draw. */
  domain: { start: number; end: number } | null;
  /** Events placed (with a readable time). */
  count: number;
}

/** The bounds of the span the filters ask for (`from`/`to`: an ISO instant, or a day taken as a UTC day). */
export interface StripRange {
  from?: string | undefined;
  to?: string | undefined;
}

const HOUR = 3_600_000;

/**
 * An ISO instant (without an offset: UTC) in ms, or a day `YYYY-MM-DD` at its start (`end`: its last second, as
 * the API reads `to`); NaN when unreadable.
 */
export function instantMs(value: string | null | undefined, end = false): number {
  if (typeof value !== 'string') return Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T${end ? '23:59:59' : '00:00:00'}Z`);
  const hasOffset = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value);
  return Date.parse(hasOffset ? value : `${value}Z`);
}

/**
 * The strip of `page`: its events in lanes by canonical environment (`environmentKey`: `prod` and `production`
 * share a lane), its incidents as bands, each event's part in them (suspect or cause, recovery), and the span to
 * draw: `range` where it is given (the filters' `from`/`to`), else the events and incidents with a little room on
 * each side (at least an hour). Events and incidents without a readable time are left out.
 */
export function buildStrip(page: Pick<DeploymentPage, 'items' | 'incidents'>, range: StripRange = {}): StripModel {
  const roles = rolesOf(page.incidents);
  const bands: StripBand[] = [];
  for (const incident of page.incidents) {
    const band = bandOf(incident, incident.title ?? incident.slug);
    if (band) bands.push(band);
  }
  bands.sort((a, b) => a.start - b.start || a.slug.localeCompare(b.slug));

  const byEnvironment = new Map<string, StripEvent[]>();
  let count = 0;
  for (const deployment of page.items) {
    const at = instantMs(deployment.startedAt);
    if (!Number.isFinite(at)) continue;
    count += 1;
    const lane = deployment.environmentKey || deployment.environment;
    const events = byEnvironment.get(lane) ?? [];
    events.push({
      id: deployment.id,
      at,
      environment: lane,
      spelled: deployment.environment,
      kind: deployment.kind,
      status: deployment.status,
      failed: isFailed(deployment),
      name: deploymentName(deployment),
      description: deployment.description,
      roles: roles.get(deployment.id) ?? [],
    });
    byEnvironment.set(lane, events);
  }
  const lanes = [...byEnvironment.entries()]
    .sort(([a], [b]) => compareEnvironments(a, b))
    .map(([environment, events]) => ({ environment, events: events.sort((a, b) => a.at - b.at || a.id - b.id) }));

  const instants = [...lanes.flatMap((lane) => lane.events.map((event) => event.at)), ...bands.flatMap((band) => (band.end === null ? [band.start] : [band.start, band.end]))];
  const padded = paddedDomain(instants, { minSpan: HOUR });
  const from = instantMs(range.from);
  const to = instantMs(range.to, true);
  let domain: StripModel['domain'] = null;
  if (padded || (Number.isFinite(from) && Number.isFinite(to))) {
    const start = Number.isFinite(from) ? from : padded!.start;
    const end = Number.isFinite(to) ? to : padded!.end;
    domain = start < end ? { start, end } : padded;
  }
  return { lanes, bands, domain, count };
}

/**
 * Deployment id → the incidents it is the suspect (or confirmed cause: `suspectConfirmed`) or the recovery of, in
 * the order of `incidents`.
 */
export function rolesOf(incidents: readonly OverlayIncident[]): Map<number, IncidentRole[]> {
  const roles = new Map<number, IncidentRole[]>();
  for (const incident of incidents) {
    const title = incident.title ?? incident.slug;
    for (const [role, id, confirmed] of [
      ['suspect', incident.suspectId, incident.suspectConfirmed === true],
      ['recovery', incident.recoveryId, false],
    ] as const) {
      if (id === null) continue;
      const list = roles.get(id) ?? [];
      list.push({ role, slug: incident.slug, title, confirmed });
      roles.set(id, list);
    }
  }
  return roles;
}

function bandOf(incident: OverlayIncident, title: string): StripBand | null {
  const start = instantMs(incident.startedAt);
  if (!Number.isFinite(start)) return null;
  const end = instantMs(incident.endedAt);
  return { slug: incident.slug, title, start, end: Number.isFinite(end) && end >= start ? end : null };
}

/**
 * The days to filter on to see the deployments around an incident: from the day before its start to the day after
 * its end (its start when no end is known), days on the calendar of `zone` (the one the page shows times in;
 * default UTC, unknown names too), as `from`/`to` filters.
 */
export function daysAround(band: Pick<StripBand, 'start' | 'end'>, zone = 'UTC'): { from: string; to: string } {
  const resolved = resolveZone(zone);
  const day = (ms: number, days: number) => DateTime.fromMillis(ms, { zone: resolved }).plus({ days }).toFormat('yyyy-MM-dd');
  return { from: day(band.start, -1), to: day(band.end ?? band.start, 1) };
}

/** A lane as placed: its band of the plot, top to bottom. */
export interface PlacedLane {
  environment: string;
  /** The name as drawn in the gutter (shortened). */
  label: string;
  y: number;
  height: number;
}

/** An event as placed: centre of its marker. */
export interface PlacedEvent extends StripEvent {
  x: number;
  y: number;
}

/** A band as placed, clipped to the plot; its label (a link to the incident) on a row above the lanes, or none. */
export interface PlacedBand extends StripBand {
  x1: number;
  x2: number;
  /** No end known: drawn as a marker line at `x1`. */
  open: boolean;
  /** The band goes on before the plot's start / after its end. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** The label's row (0: top); null when no row has room (the incident is still in the list under the chart). */
  labelRow: number | null;
  /** The label's left edge, in px from the left of the chart. */
  labelX: number;
  /** The label's width (px). */
  labelWidth: number;
}

/** What `layoutStrip` needs. */
export interface StripLayoutOptions {
  /** The chart's width in px (gutter included). */
  width: number;
  /** IANA zone of the ticks. */
  zone: string;
  /** Phone-sized: a narrower gutter and lanes, ticks closer together. Default: `width < 500`. */
  narrow?: boolean;
}

/** Everything the strip component draws, in px. */
export interface StripLayout {
  width: number;
  /** Left of the plot (lane labels sit in the gutter). */
  gutter: number;
  plotRight: number;
  /** Top of the first lane (band labels sit above it). */
  top: number;
  lanesBottom: number;
  /** The SVG's height (axis labels included). */
  height: number;
  lanes: PlacedLane[];
  /** Every event, in time order across lanes. */
  events: PlacedEvent[];
  bands: PlacedBand[];
  ticks: Array<Tick & { anchor: 'start' | 'middle' | 'end' }>;
  /** The scale, for anything else to place. */
  x: (ms: number) => number;
}

/** Height of a row of band labels (px). */
export const LABEL_ROW = 18;
const MAX_LABEL_ROWS = 3;
const LABEL_CHARS = 34;

/**
 * The strip of `model` laid out `options.width` px wide: lanes below up to three rows of band labels, an event's x
 * linear in its time (`timeAxis`), bands clipped to the plot, ticks in `options.zone`. Null when the model has no
 * domain or the width is not positive.
 */
export function layoutStrip(model: StripModel, options: StripLayoutOptions): StripLayout | null {
  if (!model.domain || !(options.width > 0)) return null;
  const width = options.width;
  const narrow = options.narrow ?? width < 500;
  const gutter = narrow ? 72 : 104;
  const right = 12;
  const plotWidth = Math.max(width - gutter - right, 40);
  const plotRight = gutter + plotWidth;
  const axis = timeAxis({ start: model.domain.start, end: model.domain.end, width: plotWidth, zone: options.zone, minTickSpacing: narrow ? 60 : 80 });
  const x = (ms: number) => gutter + axis.x(ms);

  // Band labels: each at its band's start (inside the plot), on the first row where it fits.
  const rowEnds: number[] = [];
  const bands: PlacedBand[] = model.bands.map((band) => {
    const rawStart = x(band.start);
    const rawEnd = band.end === null ? rawStart : x(band.end);
    const x1 = Math.min(Math.max(rawStart, gutter), plotRight);
    const x2 = Math.min(Math.max(rawEnd, gutter), plotRight);
    const labelWidth = Math.min(truncateText(band.title, LABEL_CHARS).length * 6.6 + 10, plotWidth);
    const labelX = Math.max(gutter, Math.min(x1, plotRight - labelWidth));
    let row = rowEnds.findIndex((end) => end + 4 <= labelX);
    if (row === -1 && rowEnds.length < MAX_LABEL_ROWS) row = rowEnds.length;
    if (row !== -1) rowEnds[row] = labelX + labelWidth;
    return {
      ...band,
      x1,
      x2,
      open: band.end === null,
      clippedStart: rawStart < gutter,
      clippedEnd: rawEnd > plotRight,
      labelRow: row === -1 ? null : row,
      labelX,
      labelWidth,
    };
  });
  const top = rowEnds.length * LABEL_ROW + 6;

  const laneHeight = narrow ? 30 : 36;
  const lanes: PlacedLane[] = model.lanes.map((lane, i) => ({
    environment: lane.environment,
    label: truncateText(lane.environment, narrow ? 10 : 15),
    y: top + i * laneHeight,
    height: laneHeight,
  }));
  const lanesBottom = top + Math.max(lanes.length, 1) * laneHeight;
  const middle = new Map(lanes.map((lane) => [lane.environment, lane.y + lane.height / 2]));
  const events: PlacedEvent[] = model.lanes
    .flatMap((lane) => lane.events.map((event) => ({ ...event, x: x(event.at), y: middle.get(lane.environment) ?? top })))
    .sort((a, b) => a.at - b.at || compareEnvironments(a.environment, b.environment) || a.id - b.id);

  const ticks = axis.ticks.map((tick) => {
    const tx = gutter + tick.x;
    const anchor: 'start' | 'middle' | 'end' = tx + 24 > width ? 'end' : tx - 24 < 0 ? 'start' : 'middle';
    return { ...tick, x: tx, anchor };
  });
  return { width, gutter, plotRight, top, lanesBottom, height: lanesBottom + 26, lanes, events, bands, ticks, x };
}

/**
 * The strip in words, for its figcaption: how many events over which days (in `zone`), each lane's deploys and
 * rollbacks (and failures), and how many incidents are overlaid (the chart lists them, with their suspect and
 * recovery, under itself).
 */
export function describeStrip(model: StripModel, zone: string): string {
  if (model.count === 0) return 'No deployments to draw.';
  const times = model.lanes.flatMap((lane) => lane.events.map((event) => event.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const abbreviation = zoneAbbreviations(zone, [first, last]);
  const span =
    formatEpochMs(first, zone, 'date') === formatEpochMs(last, zone, 'date')
      ? `on ${formatEpochMs(first, zone, 'date')}`
      : `from ${formatEpochMs(first, zone, 'date')} to ${formatEpochMs(last, zone, 'date')}`;
  const lanes = model.lanes.map((lane) => {
    const deploys = lane.events.filter((event) => event.kind === 'deploy').length;
    const rollbacks = lane.events.length - deploys;
    const failed = lane.events.filter((event) => event.failed).length;
    const parts = [plural(deploys, 'deploy'), plural(rollbacks, 'rollback')];
    return `${lane.environment}: ${parts.join(', ')}${failed > 0 ? ` (${failed} failed)` : ''}`;
  });
  const incidents = model.bands.length === 0 ? 'No incident in this span.' : `${plural(model.bands.length, 'incident')} overlaid, listed below.`;
  return `${plural(model.count, 'deployment')} ${span} (${abbreviation}). ${lanes.join('; ')}. ${incidents}`;
}
