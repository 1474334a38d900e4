/**
 * The delivery chart's model: `GET /api/stats`'s deployments per period and environment turned into bar groups (one
 * group per period with deployments, one bar per environment), each with its failures and change failure rate, and
 * a text alternative. Pure: no DOM, no clock.
 */
import type { DeliveryStats } from './api-types.ts';
import { compareEnvironments, plural } from './deployment-format.ts';
import { formatDay, formatMonth, formatPercent } from './format.ts';

/** One environment's deployments in a period. */
export interface DeliveryBar {
  environment: string;
  deployments: number;
  /** Deployments confirmed as the cause of an incident. */
  failures: number;
  /** failures / deployments; null when nothing was deployed. */
  rate: number | null;
}

/** A period with deployments: its bars (one per environment of the chart, zeros included) and totals. */
export interface DeliveryPeriod {
  /** `YYYY-MM`, or the Monday `YYYY-MM-DD` of a week. */
  period: string;
  /** `Jan 2018`; `22 Jan 2018` for a week. */
  label: string;
  /** `Jan 2018`; `week of 22 Jan 2018`. */
  longLabel: string;
  /** Periods without deployments lie between this one and the one before (drawn as a break). */
  gapBefore: boolean;
  deployments: number;
  failures: number;
  rate: number | null;
  bars: DeliveryBar[];
}

/** What the delivery chart draws. */
export interface DeliveryModel {
  period: 'month' | 'week';
  /** The environment filtered on, or null for all. */
  environment: string | null;
  /** One bar each per period, in this order: production, staging, the rest alphabetically. */
  environments: string[];
  /** Periods with deployments, oldest first. */
  periods: DeliveryPeriod[];
  /** The most deployments of one bar (at least 1). */
  max: number;
}

/** `stats.deployments` as bar groups: only periods with deployments, a break marked where periods are skipped. */
export function deliveryModel(stats: DeliveryStats): DeliveryModel {
  const byPeriod = new Map<string, Map<string, { deployments: number; failures: number }>>();
  for (const row of stats.perPeriod) {
    if (stats.environment !== null && row.environment !== stats.environment) continue;
    const bars = byPeriod.get(row.period) ?? new Map<string, { deployments: number; failures: number }>();
    const bar = bars.get(row.environment) ?? { deployments: 0, failures: 0 };
    bar.deployments += row.deployments;
    bar.failures += row.failures;
    bars.set(row.environment, bar);
    byPeriod.set(row.period, bars);
  }
  const seen = new Set<string>();
  for (const bars of byPeriod.values()) for (const [environment, bar] of bars) if (bar.deployments > 0 || bar.failures > 0) seen.add(environment);
  const environments = stats.environment !== null ? [stats.environment] : [...seen].sort(compareEnvironments);

  const keys = [...byPeriod.keys()].filter((key) => [...byPeriod.get(key)!.values()].some((bar) => bar.deployments > 0 || bar.failures > 0)).sort();
  let max = 1;
  const periods = keys.map((period, i): DeliveryPeriod => {
    const counts = byPeriod.get(period)!;
    const bars = environments.map((environment) => {
      const { deployments, failures } = counts.get(environment) ?? { deployments: 0, failures: 0 };
      max = Math.max(max, deployments);
      return { environment, deployments, failures, rate: deployments > 0 ? failures / deployments : null };
    });
    const deployments = bars.reduce((sum, bar) => sum + bar.deployments, 0);
    const failures = bars.reduce((sum, bar) => sum + bar.failures, 0);
    const previous = keys[i - 1];
    return {
      period,
      label: stats.period === 'week' ? formatDay(period) : formatMonth(period),
      longLabel: stats.period === 'week' ? `week of ${formatDay(period)}` : formatMonth(period),
      gapBefore: previous !== undefined && nextPeriod(previous, stats.period) !== period,
      deployments,
      failures,
      rate: deployments > 0 ? failures / deployments : null,
      bars,
    };
  });
  return { period: stats.period, environment: stats.environment, environments, periods, max };
}

/** The period after `period` (`2018-12` → `2019-01`; the Monday `2018-01-29` → `2018-02-05`); `''` when unreadable. */
export function nextPeriod(period: string, kind: 'month' | 'week'): string {
  if (kind === 'month') {
    const match = /^(\d{4})-(\d{2})$/.exec(period);
    if (!match) return '';
    const index = Number(match[1]) * 12 + Number(match[2]) - 1 + 1;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  }
  const ms = Date.parse(`${period}T00:00:00Z`);
  return Number.isFinite(ms) ? new Date(ms + 7 * 86_400_000).toISOString().slice(0, 10) : '';
}

/** A bar in words: `production: 4 deployments, 1 failure (25 %)`. */
export function describeBar(bar: DeliveryBar): string {
  const rate = bar.rate === null ? '' : ` (${formatPercent(bar.rate)})`;
  return `${bar.environment}: ${plural(bar.deployments, 'deployment')}, ${plural(bar.failures, 'failure')}${rate}`;
}

/** The chart in one sentence: totals, the span, the change failure rate overall and where it was highest. */
export function describeDelivery(model: DeliveryModel): string {
  const first = model.periods[0];
  const last = model.periods[model.periods.length - 1];
  if (!first || !last) return 'No deployments in this range.';
  const deployments = model.periods.reduce((sum, period) => sum + period.deployments, 0);
  const failures = model.periods.reduce((sum, period) => sum + period.failures, 0);
  const unit = model.period === 'week' ? 'week' : 'month';
  const span = first === last ? `in ${first.longLabel}` : `in ${plural(model.periods.length, unit)} with deployments, ${first.longLabel} to ${last.longLabel}`;
  const rate = deployments > 0 ? ` Change failure rate ${formatPercent(failures / deployments)}` : '';
  const worst = model.periods.reduce<DeliveryPeriod | null>((best, period) => (period.failures > 0 && (best === null || (period.rate ?? 0) > (best.rate ?? 0)) ? period : best), null);
  const highest = worst && model.periods.length > 1 ? `, highest in ${worst.longLabel} (${formatPercent(worst.rate)})` : '';
  return `${plural(deployments, 'deployment')}, ${plural(failures, 'failure')} ${span}.${rate}${rate ? `${highest}.` : ''}`;
}
