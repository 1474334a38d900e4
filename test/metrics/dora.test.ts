import { describe, expect, it } from 'vitest';
import { doraMetrics, mondayOf, type DoraIncident, type DoraInput } from '../../server/metrics/dora.ts';

const input = (overrides: Partial<DoraInput> = {}): DoraInput => ({
  period: 'month',
  environment: null,
  from: null,
  to: null,
  counts: [
    { period: '2024-03', environment: 'production', count: 10 },
    { period: '2024-03', environment: 'prod', count: 10 },
    { period: '2024-03', environment: 'staging', count: 30 },
    { period: '2024-04', environment: 'production', count: 5 },
  ],
  incidents: [],
  ...overrides,
});

const incident = (overrides: Partial<DoraIncident> = {}): DoraIncident => ({
  environment: 'production',
  cause: null,
  unconfirmedSuspect: false,
  restoreSeconds: null,
  ...overrides,
});

describe('doraMetrics', () => {
  it('counts deployments per period and environment, aliases folded', () => {
    const metrics = doraMetrics(input());
    expect(metrics.environments).toEqual(['production', 'staging']);
    expect(metrics.perPeriod).toEqual([
      { period: '2024-03', environment: 'production', deployments: 20, failures: 0, changeFailureRate: 0 },
      { period: '2024-03', environment: 'staging', deployments: 30, failures: 0, changeFailureRate: 0 },
      { period: '2024-04', environment: 'production', deployments: 5, failures: 0, changeFailureRate: 0 },
    ]);
  });

  it('counts a deployment that caused two incidents once; incidents without a cause count as none', () => {
    const cause = { id: 7, environment: 'production', startedAt: '2024-03-12T09:02:00Z' };
    const metrics = doraMetrics(
      input({
        environment: 'prod',
        incidents: [incident({ cause }), incident({ cause }), incident(), incident({ unconfirmedSuspect: true })],
      }),
    );
    expect(metrics.environment).toBe('production');
    expect(metrics.perPeriod).toEqual([
      { period: '2024-03', environment: 'production', deployments: 20, failures: 1, changeFailureRate: 0.05 },
      { period: '2024-04', environment: 'production', deployments: 5, failures: 0, changeFailureRate: 0 },
    ]);
    expect(metrics.changeFailureRate).toEqual({ deployments: 25, failures: 1, rate: 0.04, unconfirmedSuspects: 1 });
  });

  it('leaves out causes outside the environment or range', () => {
    const staging = { id: 8, environment: 'staging', startedAt: '2024-03-12T09:02:00Z' };
    const early = { id: 9, environment: 'production', startedAt: '2024-02-01T00:00:00Z' };
    const metrics = doraMetrics(input({ environment: 'production', from: '2024-03-01T00:00:00Z', incidents: [incident({ cause: staging }), incident({ cause: early })] }));
    expect(metrics.changeFailureRate.failures).toBe(0);
  });

  it('measures frequency over the range and names the DORA band', () => {
    const metrics = doraMetrics(input({ from: '2024-03-01T00:00:00Z', to: '2024-04-30T23:59:59Z' }));
    expect(metrics.frequency).toMatchObject({ deployments: 55, days: 61, level: 'daily-to-weekly' });
    expect(metrics.frequency.perWeek).toBeCloseTo((55 / 61) * 7, 10);
    const rare = doraMetrics(input({ counts: [{ period: '2024-03', environment: 'production', count: 1 }], from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }));
    expect(rare.frequency.level).toBe('less-than-monthly');
    const often = doraMetrics(input({ counts: [{ period: '2024-03', environment: 'production', count: 90 }] }));
    expect(often.frequency).toMatchObject({ days: 31, level: 'on-demand' });
    expect(doraMetrics(input({ counts: [] })).frequency).toEqual({ deployments: 0, days: null, perDay: null, perWeek: null, level: null });
  });

  it('gives time to restore as median and p90 of the incidents that have one', () => {
    const metrics = doraMetrics(
      input({ incidents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => incident({ restoreSeconds: n * 60 })).concat(incident()) }),
    );
    expect(metrics.timeToRestore).toEqual({ count: 10, median: 330, p90: 546 });
  });

  it('buckets weeks by their Monday (UTC)', () => {
    expect(mondayOf('2024-03-17T23:59:59Z')).toBe('2024-03-11');
    expect(mondayOf('2024-03-18T00:00:00Z')).toBe('2024-03-18');
    const metrics = doraMetrics(
      input({ period: 'week', counts: [{ period: '2024-03-11', environment: 'production', count: 3 }], incidents: [incident({ cause: { id: 1, environment: 'production', startedAt: '2024-03-12T09:02:00Z' } })] }),
    );
    expect(metrics.perPeriod).toEqual([{ period: '2024-03-11', environment: 'production', deployments: 3, failures: 1, changeFailureRate: 1 / 3 }]);
    expect(metrics.frequency.days).toBe(7);
  });
});
