/**
 * Correlation over the database: reads an incident (or all of them) and the deployments in its window, and
 * runs `correlate`. Whole-database results are cached until something is written (the change stamp), and the
 * changes each report names are cached per file version, so the stats and the incident pages stay cheap.
 */
import type { Database } from '../db/connection.ts';
import { changeStamp } from '../db/queries/change-stamp.ts';
import {
  actionItemLineSpans,
  correlationDeploymentsBetween,
  correlationIncident,
  correlationIncidents,
  deployEntries,
  deploymentsBetween,
  incidentMarkdown,
  verdicts,
  type CorrelationIncidentRow,
  type DeployEntryRow,
  type VerdictRow,
} from '../db/queries/deployment-correlation.ts';
import { correlate, correlationWindow, DEFAULT_WINDOW_HOURS, type Correlation, type CorrelationDeployment, type CorrelationIncident } from './correlate.ts';
import { canonicalEnvironment } from './environments.ts';
import { namedChanges, type NamedChange } from './named-changes.ts';

/** An incident with its correlation (null when it has no time at all to line up). */
export interface IncidentCorrelation {
  incident: CorrelationIncidentRow;
  correlation: Correlation | null;
}

export interface CorrelatorOptions {
  /** Hours before the start whose deployments count. Default: 24 (`DEFAULT_WINDOW_HOURS`). */
  windowHours?: number;
  /** Reports whose named changes are kept in memory (beyond it the memory starts over). Default: 20,000. */
  cacheEntries?: number;
}

/** Lines an action item list spans, plus the two after its last item (its wrapped text): links there are follow-up work. */
const ITEM_TAIL_LINES = 2;

export class DeploymentCorrelator {
  readonly windowHours: number;
  private readonly named = new Map<string, NamedChange[]>();
  private readonly cacheEntries: number;
  private cached: { stamp: string; results: IncidentCorrelation[] } | null = null;

  constructor(
    private readonly database: Database,
    options: CorrelatorOptions = {},
  ) {
    this.windowHours = options.windowHours ?? DEFAULT_WINDOW_HOURS;
    this.cacheEntries = options.cacheEntries ?? 20_000;
  }

  /** One incident's correlation; null when there is no such incident or it has no time to line up. */
  forIncident(id: number): IncidentCorrelation | null {
    const incident = correlationIncident(this.database, id);
    if (!incident) return null;
    const span = actionItemLineSpans(this.database, id)[0] ?? null;
    const input = this.input(incident, deployEntries(this.database, id), span);
    return { incident, correlation: this.run(input, verdicts(this.database, id)) };
  }

  /**
   * Every incident's correlation, removed ones included (callers filter); cached until the database changes. The
   * deployments in it carry what correlation reads only (no URL, actor, description: see
   * `correlationDeploymentsBetween`); `forIncident` has them in full.
   */
  all(): IncidentCorrelation[] {
    const stamp = changeStamp(this.database);
    if (stamp !== null && this.cached?.stamp === stamp) return this.cached.results;
    const entries = groupBy(deployEntries(this.database, null), (e) => e.incidentId);
    const spans = new Map(actionItemLineSpans(this.database, null).map((s) => [s.incidentId, s]));
    const allVerdicts = groupBy(verdicts(this.database, null), (v) => v.incidentId);
    const inputs = correlationIncidents(this.database).map((incident) => {
      const input = this.input(incident, entries.get(incident.id) ?? [], spans.get(incident.id) ?? null);
      return { incident, input, window: correlationWindow(input, this.windowHours) };
    });
    // One index range scan over every window at once, then a binary search per incident: no query per incident.
    const windows = inputs.map((i) => i.window).filter((w) => w !== null);
    const from = windows.reduce((min, w) => (w.from < min ? w.from : min), '9999');
    const to = windows.reduce((max, w) => (w.to > max ? w.to : max), '0000');
    const deployments = windows.length > 0 ? correlationDeploymentsBetween(this.database, from, to) : [];
    const keys = new Map<string, string>();
    for (const d of deployments as CorrelationDeployment[]) {
      let key = keys.get(d.environment);
      if (key === undefined) keys.set(d.environment, (key = canonicalEnvironment(d.environment)));
      d.environmentKey = key;
    }
    const starts = deployments.map((d) => d.startedAt);
    const results = inputs.map(({ incident, input, window }) => ({
      incident,
      correlation:
        window === null
          ? null
          : correlate(input, deployments.slice(firstAtOrAfter(starts, window.from), firstAtOrAfter(starts, window.to, true)), allVerdicts.get(incident.id) ?? [], this.windowHours),
    }));
    if (stamp !== null) this.cached = { stamp, results };
    return results;
  }

  private run(input: CorrelationIncident, given: readonly VerdictRow[]): Correlation | null {
    const window = correlationWindow(input, this.windowHours);
    if (window === null) return null;
    return correlate(input, deploymentsBetween(this.database, window.from, window.to), given, this.windowHours);
  }

  private input(
    incident: CorrelationIncidentRow,
    entries: readonly DeployEntryRow[],
    itemSpan: { first: number; last: number } | null,
  ): CorrelationIncident {
    const m = incident.milestones;
    return {
      startedAt: incident.startedAt,
      startSource: incident.startedAt === null ? null : (m?.started?.source ?? 'stated'),
      startLine: m?.started?.line ?? null,
      detectedAt: incident.detectedAt,
      declaredAt: incident.declaredAt,
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
      date: incident.date,
      timezone: incident.timezone,
      declaredTimezone: incident.declaredTimezone,
      environment: incident.environment,
      services: (incident.services ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      timeline: entries.map((e) => ({ index: e.index, at: e.at, kind: e.kind, text: e.text, line: e.line })),
      named: this.namedIn(incident, itemSpan),
    };
  }

  /** The changes the report names, outside its action items; read once per file version. */
  private namedIn(incident: CorrelationIncidentRow, itemSpan: { first: number; last: number } | null): NamedChange[] {
    const key = `${incident.id}:${incident.fileHash ?? ''}`;
    let found = this.named.get(key);
    if (!found) {
      const markdown = incidentMarkdown(this.database, incident.id) ?? '';
      found = namedChanges(markdown);
      if (this.named.size >= this.cacheEntries) this.named.clear();
      this.named.set(key, found);
    }
    if (!itemSpan) return found;
    return found.filter((c) => c.line < itemSpan.first || c.line > itemSpan.last + ITEM_TAIL_LINES);
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** The index of the first of `sorted` at or after `value` (strictly after, with `after`): a binary search. */
function firstAtOrAfter(sorted: readonly string[], value: string, after = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = sorted[middle]!;
    if (item < value || (after && item === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}
