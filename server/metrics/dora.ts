/**
 * DORA's delivery metrics from deployment events and correlated incidents: deployment frequency, change
 * failure rate and time to restore. Pure: the caller reads the counts and correlations.
 *
 * - Deployments are those that went out: kind `deploy`, status success (or inactive, GitHub's superseded
 *   success); rollbacks and failed attempts are not deployments of a change.
 * - A failure is a deployment (as counted above) confirmed as the cause of at least one incident (by a person, or
 *   named in the postmortem and not rejected); one deployment causing two incidents counts once; an incident with
 *   no deployment cause counts as none. It is counted in its deployment's period and environment.
 * - Time to restore runs from the suspect deployment or the start, whichever is earlier, to the resolution (or
 *   mitigation), over the incidents in range; median and p90.
 */
import { summarize } from '../db/queries/percentile.ts';
import type { DeploymentCountRow } from '../db/queries/deployment-list.ts';
import { canonicalEnvironment } from '../deploys/environments.ts';

export type DoraPeriod = 'month' | 'week';

/** One incident as the metrics see it. */
export interface DoraIncident {
  /** The incident's environment (canonical), or null when unknown. */
  environment: string | null;
  /** The deployment confirmed as its cause, with its environment and start, or null. */
  cause: { id: number; environment: string; startedAt: string } | null;
  /** True when correlation found a suspect no one has confirmed yet. */
  unconfirmedSuspect: boolean;
  restoreSeconds: number | null;
}

export interface DoraInput {
  period: DoraPeriod;
  /** Only this environment (any spelling). Default: all. */
  environment: string | null;
  /** ISO instants bounding the range, or null (open). */
  from: string | null;
  to: string | null;
  counts: readonly DeploymentCountRow[];
  incidents: readonly DoraIncident[];
}

export interface DoraPeriodRow {
  period: string;
  environment: string;
  deployments: number;
  failures: number;
  /** failures / deployments; null when nothing was deployed. */
  changeFailureRate: number | null;
}

/** DORA's frequency bands: several a day (`on-demand`), daily to weekly, weekly to monthly, less often. */
export type FrequencyLevel = 'on-demand' | 'daily-to-weekly' | 'weekly-to-monthly' | 'less-than-monthly';

export interface DoraMetrics {
  period: DoraPeriod;
  environment: string | null;
  environments: string[];
  perPeriod: DoraPeriodRow[];
  frequency: { deployments: number; days: number | null; perDay: number | null; perWeek: number | null; level: FrequencyLevel | null };
  changeFailureRate: { deployments: number; failures: number; rate: number | null; unconfirmedSuspects: number };
  timeToRestore: { count: number; median: number | null; p90: number | null };
}

const DAY = 86_400_000;

/** Computes the metrics; see the module comment for what counts. */
export function doraMetrics(input: DoraInput): DoraMetrics {
  const only = input.environment === null ? null : canonicalEnvironment(input.environment);
  const keep = (environment: string) => only === null || canonicalEnvironment(environment) === only;
  const inRange = (at: string) => (input.from === null || at >= input.from) && (input.to === null || at <= input.to);

  const rows = new Map<string, DoraPeriodRow>();
  const row = (period: string, environment: string) => {
    const key = `${period}\u0000${environment}`;
    let found = rows.get(key);
    if (!found) {
      found = { period, environment, deployments: 0, failures: 0, changeFailureRate: null };
      rows.set(key, found);
    }
    return found;
  };
  const environments = new Set<string>();
  for (const count of input.counts) {
    const environment = canonicalEnvironment(count.environment);
    environments.add(environment);
    if (!keep(environment)) continue;
    row(count.period, environment).deployments += count.count;
  }
  const causes = new Map<number, { environment: string; startedAt: string }>();
  for (const incident of input.incidents) {
    if (incident.cause && keep(incident.cause.environment) && inRange(incident.cause.startedAt)) causes.set(incident.cause.id, incident.cause);
  }
  for (const cause of causes.values()) {
    const period = input.period === 'month' ? cause.startedAt.slice(0, 7) : mondayOf(cause.startedAt);
    row(period, canonicalEnvironment(cause.environment)).failures += 1;
  }
  const perPeriod = [...rows.values()]
    .map((r) => ({ ...r, changeFailureRate: r.deployments > 0 ? Math.min(1, r.failures / r.deployments) : null }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.environment.localeCompare(b.environment)));

  const deployments = perPeriod.reduce((sum, r) => sum + r.deployments, 0);
  const failures = causes.size;
  const days = spanDays(input, perPeriod);
  const perDay = days === null || deployments === 0 ? null : deployments / days;
  const relevant = input.incidents.filter((i) => only === null || i.environment === null || i.environment === only);
  const restores = relevant.map((i) => i.restoreSeconds).filter((s): s is number => s !== null).sort((a, b) => a - b);
  return {
    period: input.period,
    environment: only,
    environments: [...environments].sort(),
    perPeriod,
    frequency: { deployments, days, perDay, perWeek: perDay === null ? null : perDay * 7, level: level(perDay) },
    changeFailureRate: {
      deployments,
      failures,
      rate: deployments > 0 ? Math.min(1, failures / deployments) : null,
      unconfirmedSuspects: relevant.filter((i) => i.unconfirmedSuspect).length,
    },
    timeToRestore: summarize(restores),
  };
}

/** Days the range covers: the given ends, else the first and last period with deployments. */
function spanDays(input: DoraInput, rows: readonly DoraPeriodRow[]): number | null {
  const withDeployments = rows.filter((r) => r.deployments > 0);
  if (withDeployments.length === 0) return null;
  const firstPeriod = withDeployments[0]!.period;
  const lastPeriod = withDeployments.at(-1)!.period;
  const start = input.from ? Date.parse(input.from) : Date.parse(input.period === 'month' ? `${firstPeriod}-01T00:00:00Z` : `${firstPeriod}T00:00:00Z`);
  let end: number;
  if (input.to) end = Date.parse(input.to);
  else if (input.period === 'month') {
    const [year, month] = lastPeriod.split('-').map(Number) as [number, number];
    end = Date.UTC(year, month, 1) - 1;
  } else end = Date.parse(`${lastPeriod}T00:00:00Z`) + 7 * DAY - 1;
  return Math.max(1, Math.round((end - start) / DAY));
}

function level(perDay: number | null): FrequencyLevel | null {
  if (perDay === null) return null;
  if (perDay >= 1) return 'on-demand';
  if (perDay >= 1 / 7) return 'daily-to-weekly';
  if (perDay >= 1 / 30) return 'weekly-to-monthly';
  return 'less-than-monthly';
}

/** The Monday (UTC) of the week of `at`, `YYYY-MM-DD`. */
export function mondayOf(at: string): string {
  const date = new Date(at);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - back)).toISOString().slice(0, 10);
}
