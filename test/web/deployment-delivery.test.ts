/** The delivery chart's model (bars per period and environment) and the words for DORA's numbers. */
import { describe, expect, it } from 'vitest';
import type { DeliveryStats } from '../../web/src/lib/api-types.ts';
import { deliveryModel, describeBar, describeDelivery, nextPeriod } from '../../web/src/lib/deployment-delivery.ts';
import { compareEnvironments, deploymentName, formatRate, frequencyBand, isFailed, shortSha, unconfirmedText } from '../../web/src/lib/deployment-format.ts';

const row = (period: string, environment: string, deployments: number, failures = 0) => ({
  period,
  environment,
  deployments,
  failures,
  changeFailureRate: deployments > 0 ? failures / deployments : null,
});

function stats(fields: Partial<DeliveryStats>): DeliveryStats {
  return {
    period: 'month',
    environment: null,
    environments: ['production', 'staging'],
    perPeriod: [],
    frequency: { deployments: 0, days: null, perDay: null, perWeek: null, level: null },
    changeFailureRate: { deployments: 0, failures: 0, rate: null, unconfirmedSuspects: 0 },
    timeToRestore: { count: 0, median: null, p90: null },
    ...fields,
  };
}

describe('deliveryModel', () => {
  const model = deliveryModel(
    stats({
      perPeriod: [row('2018-01', 'staging', 4), row('2018-01', 'production', 3), row('2023-11', 'production', 4, 1), row('2023-12', 'canary', 1), row('2024-06', 'production', 2, 1)],
    }),
  );

  it('groups the periods with deployments, one bar per environment in order, zeros included', () => {
    expect(model.environments).toEqual(['production', 'staging', 'canary']);
    expect(model.periods.map((period) => period.period)).toEqual(['2018-01', '2023-11', '2023-12', '2024-06']);
    expect(model.periods[0]!.bars.map((bar) => [bar.environment, bar.deployments])).toEqual([
      ['production', 3],
      ['staging', 4],
      ['canary', 0],
    ]);
    expect(model.max).toBe(4);
  });

  it('totals each period and its change failure rate', () => {
    expect(model.periods.map((period) => [period.deployments, period.failures, period.rate])).toEqual([
      [7, 0, 0],
      [4, 1, 0.25],
      [1, 0, 0],
      [2, 1, 0.5],
    ]);
    expect(model.periods[1]!.bars[0]!.rate).toBe(0.25);
    expect(model.periods[1]!.bars[1]!.rate).toBeNull();
  });

  it('marks where periods without deployments are skipped', () => {
    expect(model.periods.map((period) => period.gapBefore)).toEqual([false, true, false, true]);
    expect(model.periods.map((period) => period.label)).toEqual(['Jan 2018', 'Nov 2023', 'Dec 2023', 'Jun 2024']);
  });

  it('draws only the environment filtered on', () => {
    const one = deliveryModel(stats({ environment: 'production', perPeriod: [row('2018-01-22', 'production', 3), row('2018-01-29', 'production', 1, 1)], period: 'week' }));
    expect(one.environments).toEqual(['production']);
    expect(one.periods.map((period) => [period.label, period.longLabel, period.gapBefore])).toEqual([
      ['22 Jan 2018', 'week of 22 Jan 2018', false],
      ['29 Jan 2018', 'week of 29 Jan 2018', false],
    ]);
  });

  it('has no periods without deployments', () => {
    expect(deliveryModel(stats({})).periods).toEqual([]);
    expect(deliveryModel(stats({ perPeriod: [row('2018-01', 'production', 0)] })).periods).toEqual([]);
  });

  it('says it in words', () => {
    expect(describeDelivery(model)).toBe(
      '14 deployments, 2 failures in 4 months with deployments, Jan 2018 to Jun 2024. Change failure rate 14 %, highest in Jun 2024 (50 %).',
    );
    expect(describeDelivery(deliveryModel(stats({})))).toBe('No deployments in this range.');
    expect(describeBar(model.periods[1]!.bars[0]!)).toBe('production: 4 deployments, 1 failure (25 %)');
    expect(describeBar(model.periods[1]!.bars[1]!)).toBe('staging: 0 deployments, 0 failures');
  });
});

describe('nextPeriod', () => {
  it('steps months over the year and weeks over months', () => {
    expect(nextPeriod('2018-12', 'month')).toBe('2019-01');
    expect(nextPeriod('2018-01', 'month')).toBe('2018-02');
    expect(nextPeriod('2018-01-29', 'week')).toBe('2018-02-05');
    expect(nextPeriod('nope', 'month')).toBe('');
    expect(nextPeriod('nope', 'week')).toBe('');
  });
});

describe('deployment words', () => {
  it('orders environments production, staging, then alphabetically', () => {
    expect(['qa', 'Staging', 'canary', 'production', 'dev'].sort(compareEnvironments)).toEqual(['production', 'Staging', 'canary', 'dev', 'qa']);
  });

  it('names what went out', () => {
    expect(deploymentName({ service: 'datahub', version: 'v1', ref: 'prod', sha: 'abcdef1234' })).toBe('datahub v1');
    expect(deploymentName({ service: null, version: null, ref: null, sha: 'abcdef1234' })).toBe('abcdef1');
    expect(deploymentName({ service: null, version: null, ref: null, sha: null })).toBe('—');
    expect(shortSha(null)).toBe('');
    expect(isFailed({ status: 'error' })).toBe(true);
    expect(isFailed({ status: 'inactive' })).toBe(false);
  });

  it('labels DORA bands and rates', () => {
    expect(frequencyBand('on-demand')).toBe('On demand (daily or more)');
    expect(frequencyBand('less-than-monthly')).toBe('Less than monthly');
    expect(frequencyBand(null)).toBe('—');
    expect([0.05014749, 0.333, 3.5, 3.54, 14.4, 0, null].map(formatRate)).toEqual(['0.05', '0.33', '3.5', '3.5', '14', '0', '—']);
    expect(unconfirmedText(1)).toBe('1 suspect not yet confirmed');
    expect(unconfirmedText(2)).toBe('2 suspects not yet confirmed');
    expect(unconfirmedText(0)).toBe('');
  });
});
