/**
 * The delivery (DORA) metrics of `GET /api/stats`: deployments per period and environment, change failure rate,
 * time to restore, over postmortems read by the real ingest and deployments recorded through the API.
 *
 * The deployments (service web, all UTC; "counted" = kind deploy with status success or inactive):
 *
 * | key       | environment | kind     | status   | started              | version | counted | week of    |
 * |-----------|-------------|----------|----------|----------------------|---------|---------|------------|
 * | v1.0.0    | production  | deploy   | success  | 2024-04-02 09:00 Tue | v1.0.0  | yes     | 2024-04-01 |
 * | stg-0410  | staging     | deploy   | success  | 2024-04-10 08:00 Wed |         | yes     | 2024-04-08 |
 * | v1.1.0    | prod        | deploy   | success  | 2024-04-10 09:00 Wed | v1.1.0  | yes     | 2024-04-08 |
 * | rb-1.0.0  | production  | rollback | success  | 2024-04-10 10:30 Wed | v1.0.0  | no      |            |
 * | v1.1.1    | production  | deploy   | failure  | 2024-04-15 09:00 Mon | v1.1.1  | no      |            |
 * | v1.2.0    | production  | deploy   | inactive | 2024-05-06 09:00 Mon | v1.2.0  | yes     | 2024-05-06 |
 * | v1.2.1    | production  | deploy   | queued   | 2024-05-07 09:00 Tue | v1.2.1  | no      |            |
 * | v1.3.0    | production  | deploy   | success  | 2024-05-20 09:00 Mon | v1.3.0  | yes     | 2024-05-20 |
 * | v1.4.0    | Production  | deploy   | success  | 2024-05-26 23:30 Sun | v1.4.0  | yes     | 2024-05-20 |
 *
 * The incidents (UTC):
 *
 * | incident | start  | end (how)         | suspect                                    | restore from → to        |
 * |----------|--------|-------------------|--------------------------------------------|--------------------------|
 * | A 04-10  | 09:00  | 10:45 (resolved)  | v1.1.0, named ("Deployed v1.1.0")          | 09:00 → 10:45 = 6300 s   |
 * | B 04-10  | 15:00  | 16:00 (resolved)  | rb-1.0.0 guessed (last before the start)   | 10:30 → 16:00 = 19800 s  |
 * | C 05-20  | 09:30  | 10:30 (resolved)  | v1.3.0 guessed                             | 09:00 → 10:30 = 5400 s   |
 * | D 05-27  | 00:30  | 01:00 (mitigated) | v1.4.0, named ("since v1.4.0 went out")    | 23:30 → 01:00 = 5400 s   |
 * | E 05-29  | 12:00  | 12:40 (resolved)  | none (staging, declared; no deployment)    | 12:00 → 12:40 = 2400 s   |
 *
 * Then B's cause is confirmed as v1.1.0 (restore 09:00 → 16:00 = 25200 s), and D's named v1.4.0 is rejected
 * (no suspect left: restore 00:30 → 01:00 = 1800 s).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStats, Stats } from '../../server/http/schemas/stats.ts';
import { deploymentApp, exampleFiles, getJson, idOf, posted, putVerdict, type DeploymentTestApp } from './deployment-fixtures.ts';

const report = (title: string, date: string, timeline: string[], frontMatter: string[] = []) =>
  ['---', `title: ${title}`, `date: ${date}`, 'timezone: UTC', ...frontMatter, '---', '', '## Timeline', '', ...timeline.map((e) => `- ${e}`), ''].join('\n');

const POSTMORTEMS: Record<string, string> = {
  '2024-04-10-checkout-errors.md': report('Checkout errors after the v1.1.0 release', '2024-04-10', [
    '09:00 Deployed v1.1.0 of web to production',
    '09:20 Alert fired: checkout error rate above 5%',
    '10:30 Rolled back to v1.0.0 in production',
    '10:45 Incident resolved',
  ]),
  '2024-04-10-search-latency.md': report('Search latency', '2024-04-10', [
    '15:00 Search latency started climbing',
    '15:10 Alert fired: search latency above 2 s',
    '15:40 Restarted the search pods',
    '16:00 Incident resolved',
  ]),
  '2024-05-20-slow-pages.md': report('Slow pages', '2024-05-20', ['09:30 Users report slow page loads', '10:00 Scaled up the web replicas', '10:30 Incident resolved']),
  '2024-05-27-login-errors.md': report('Login errors', '2024-05-27', ['00:30 Alert fired: login errors since v1.4.0 went out', '01:00 Rolled back to v1.3.0']),
  '2024-05-29-staging-disk-full.md': report(
    'Staging database disk full',
    '2024-05-29',
    ['12:00 Alert fired: staging database disk full', '12:40 Incident resolved'],
    ['environment: staging'],
  ),
};

const web = (key: string, environment: string, startedAt: string, fields: Record<string, unknown> = {}) => ({
  key,
  environment,
  service: 'web',
  repo: 'acme/web',
  startedAt,
  ...(key.startsWith('v') ? { version: key } : {}),
  ...fields,
});

const DEPLOYMENTS = [
  web('v1.0.0', 'production', '2024-04-02T09:00:00Z'),
  web('stg-0410', 'staging', '2024-04-10T08:00:00Z'),
  web('v1.1.0', 'prod', '2024-04-10T09:00:00Z'),
  web('rb-1.0.0', 'production', '2024-04-10T10:30:00Z', { kind: 'rollback', version: 'v1.0.0' }),
  web('v1.1.1', 'production', '2024-04-15T09:00:00Z', { status: 'failure' }),
  web('v1.2.0', 'production', '2024-05-06T09:00:00Z', { status: 'inactive' }),
  web('v1.2.1', 'production', '2024-05-07T09:00:00Z', { status: 'queued' }),
  web('v1.3.0', 'production', '2024-05-20T09:00:00Z'),
  web('v1.4.0', 'Production', '2024-05-26T23:30:00Z'),
];

let t: DeploymentTestApp;
afterEach(async () => {
  await t.close();
});

async function delivery(query = ''): Promise<DeliveryStats> {
  return (await getJson<Stats>(t.app, `/api/stats${query}`)).deployments;
}

describe('GET /api/stats: delivery metrics', () => {
  beforeEach(async () => {
    t = await deploymentApp(POSTMORTEMS);
    await posted(t.app, 201, { deployments: DEPLOYMENTS });
  });

  /** B's cause confirmed as v1.1.0, D's named v1.4.0 rejected. */
  async function decide(): Promise<void> {
    await putVerdict(t.app, '2024-04-10-search-latency', await idOf(t.app, 'v1.1.0'), { verdict: 'confirmed', by: 'dana' });
    await putVerdict(t.app, '2024-05-27-login-errors', await idOf(t.app, 'v1.4.0'), { verdict: 'rejected', by: 'dana' });
  }

  it('lines the incidents up as the table above says', async () => {
    const suspects: Record<string, [string | null, string | null, number | null]> = {};
    const keys = new Map<number, string>();
    for (const slug of Object.keys(POSTMORTEMS).map((f) => f.replace(/\.md$/, ''))) {
      const c = await getJson<{ suspect: { deploymentId: number; source: string } | null; deployments: Array<{ deployment: { id: number; key: string } }>; restoreSeconds: number | null }>(
        t.app,
        `/api/incidents/${slug}/deployments`,
      );
      for (const d of c.deployments) keys.set(d.deployment.id, d.deployment.key);
      suspects[slug] = [c.suspect ? keys.get(c.suspect.deploymentId)! : null, c.suspect?.source ?? null, c.restoreSeconds];
    }
    expect(suspects).toEqual({
      '2024-04-10-checkout-errors': ['v1.1.0', 'named', 6300],
      '2024-04-10-search-latency': ['rb-1.0.0', 'last-before-start', 19800],
      '2024-05-20-slow-pages': ['v1.3.0', 'last-before-start', 5400],
      '2024-05-27-login-errors': ['v1.4.0', 'named', 5400],
      '2024-05-29-staging-disk-full': [null, null, 2400],
    });
  });

  it('counts deployments that went out per month and environment, and the named causes as failures', async () => {
    expect(await delivery()).toEqual({
      period: 'month',
      environment: null,
      environments: ['production', 'staging'],
      // `prod` and `Production` are production; the rollback, the failed and the queued deployments are not counted.
      perPeriod: [
        { period: '2024-04', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 },
        { period: '2024-04', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
        { period: '2024-05', environment: 'production', deployments: 3, failures: 1, changeFailureRate: 1 / 3 },
      ],
      // 2024-04-01 to 2024-05-31: 61 days.
      frequency: { deployments: 6, days: 61, perDay: 6 / 61, perWeek: (6 / 61) * 7, level: 'weekly-to-monthly' },
      // v1.1.0 (named in A) and v1.4.0 (named in D); B's and C's suspects are guesses nobody confirmed.
      changeFailureRate: { deployments: 6, failures: 2, rate: 2 / 6, unconfirmedSuspects: 2 },
      // 2400, 5400, 5400, 6300, 19800 → p90 = 6300 + 0.6 × 13500
      timeToRestore: { count: 5, median: 5400, p90: 14400 },
    });
  });

  it('counts a deployment that caused two incidents once, and a rejected named suspect not at all', async () => {
    await putVerdict(t.app, '2024-04-10-search-latency', await idOf(t.app, 'v1.1.0'), { verdict: 'confirmed' });
    const confirmed = await delivery();
    expect(confirmed.changeFailureRate).toEqual({ deployments: 6, failures: 2, rate: 2 / 6, unconfirmedSuspects: 1 });
    expect(confirmed.perPeriod[0]).toEqual({ period: '2024-04', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 });

    await putVerdict(t.app, '2024-05-27-login-errors', await idOf(t.app, 'v1.4.0'), { verdict: 'rejected' });
    const rejected = await delivery();
    expect(rejected.changeFailureRate).toEqual({ deployments: 6, failures: 1, rate: 1 / 6, unconfirmedSuspects: 1 });
    expect(rejected.perPeriod).toEqual([
      { period: '2024-04', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 },
      { period: '2024-04', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
      { period: '2024-05', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 },
    ]);
    // B now restores from v1.1.0 (09:00), D from its start: 1800, 2400, 5400, 6300, 25200 → p90 = 6300 + 0.6 × 18900
    expect(rejected.timeToRestore).toEqual({ count: 5, median: 5400, p90: 17640 });
  });

  it('buckets by week (UTC, weeks start on Monday; a Sunday belongs to the week before)', async () => {
    await decide();
    expect(await delivery('?period=week')).toMatchObject({
      period: 'week',
      perPeriod: [
        { period: '2024-04-01', environment: 'production', deployments: 1, failures: 0, changeFailureRate: 0 },
        { period: '2024-04-08', environment: 'production', deployments: 1, failures: 1, changeFailureRate: 1 },
        { period: '2024-04-08', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
        { period: '2024-05-06', environment: 'production', deployments: 1, failures: 0, changeFailureRate: 0 },
        { period: '2024-05-20', environment: 'production', deployments: 2, failures: 0, changeFailureRate: 0 },
      ],
      // Monday 2024-04-01 to the end of the week of 2024-05-20: 56 days.
      frequency: { deployments: 6, days: 56, perDay: 6 / 56, perWeek: (6 / 56) * 7, level: 'weekly-to-monthly' },
      changeFailureRate: { deployments: 6, failures: 1, rate: 1 / 6, unconfirmedSuspects: 1 },
    });
  });

  it('limits to one environment, any spelling, incidents of unknown environment included', async () => {
    await decide();
    const production = {
      period: 'month',
      environment: 'production',
      environments: ['production', 'staging'],
      perPeriod: [
        { period: '2024-04', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 },
        { period: '2024-05', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 },
      ],
      frequency: { deployments: 5, days: 61, perDay: 5 / 61, perWeek: (5 / 61) * 7, level: 'weekly-to-monthly' },
      changeFailureRate: { deployments: 5, failures: 1, rate: 0.2, unconfirmedSuspects: 1 },
      // A, B, C, D (not E, on staging): 1800, 5400, 6300, 25200 → median 5850, p90 = 6300 + 0.7 × 18900
      timeToRestore: { count: 4, median: 5850, p90: 19530 },
    };
    for (const spelling of ['production', 'prod', 'PRD', 'live']) expect(await delivery(`?environment=${spelling}`), spelling).toEqual(production);
    expect(await delivery('?environment=stg')).toEqual({
      period: 'month',
      environment: 'staging',
      environments: ['production', 'staging'],
      perPeriod: [{ period: '2024-04', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 }],
      frequency: { deployments: 1, days: 30, perDay: 1 / 30, perWeek: (1 / 30) * 7, level: 'weekly-to-monthly' },
      changeFailureRate: { deployments: 1, failures: 0, rate: 0, unconfirmedSuspects: 0 },
      timeToRestore: { count: 1, median: 2400, p90: 2400 },
    });
  });

  it('limits to a from/to range: deployments by their UTC day, incidents by their date', async () => {
    await decide();
    expect(await delivery('?from=2024-05-01&to=2024-05-31')).toEqual({
      period: 'month',
      environment: null,
      environments: ['production'],
      perPeriod: [{ period: '2024-05', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 }],
      // 2024-05-01 00:00 to 2024-05-31 23:59:59.
      frequency: { deployments: 3, days: 31, perDay: 3 / 31, perWeek: (3 / 31) * 7, level: 'weekly-to-monthly' },
      changeFailureRate: { deployments: 3, failures: 0, rate: 0, unconfirmedSuspects: 1 },
      // C, D, E: 1800, 2400, 5400 → p90 = 2400 + 0.8 × 3000
      timeToRestore: { count: 3, median: 2400, p90: 4800 },
    });
    // Both ends inclusive: the 10th of April holds v1.1.0 (a failure, by A and B) and the staging deployment.
    const tenth = await delivery('?from=2024-04-10&to=2024-04-10');
    expect(tenth.perPeriod).toEqual([
      { period: '2024-04', environment: 'production', deployments: 1, failures: 1, changeFailureRate: 1 },
      { period: '2024-04', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
    ]);
    expect(tenth.changeFailureRate).toEqual({ deployments: 2, failures: 1, rate: 0.5, unconfirmedSuspects: 0 });
    expect(tenth.timeToRestore).toEqual({ count: 2, median: 15750, p90: 23310 });
    expect((await delivery('?year=2024')).changeFailureRate).toEqual({ deployments: 6, failures: 1, rate: 1 / 6, unconfirmedSuspects: 1 });
  });

  it('gives nulls, not zeros, where there is nothing to measure', async () => {
    expect(await delivery('?year=2023')).toEqual({
      period: 'month',
      environment: null,
      environments: [],
      perPeriod: [],
      frequency: { deployments: 0, days: null, perDay: null, perWeek: null, level: null },
      changeFailureRate: { deployments: 0, failures: 0, rate: null, unconfirmedSuspects: 0 },
      timeToRestore: { count: 0, median: null, p90: null },
    });
    // No deployment to qa, and every incident has a known environment that is not qa.
    expect((await delivery('?environment=qa')).changeFailureRate).toEqual({ deployments: 0, failures: 0, rate: null, unconfirmedSuspects: 0 });
  });

  it('refuses a period it does not know', async () => {
    const response = await t.app.inject('/api/stats?period=day');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'Bad Request', message: 'query parameter "period" must be one of: month, week' });
  });
});

describe('GET /api/stats: delivery metrics of the example data', () => {
  it('counts the causes the example postmortems name, and the datahub merge once it is confirmed', async () => {
    t = await deploymentApp(exampleFiles());
    await t.importDeployments();
    const before = await delivery();
    // 17 deployments went out (22 minus 5 rollbacks); the checkout (v3.14.0), DNS (#388) and ingress (4.11) reports
    // name their cause; the datahub suspect is a guess.
    expect(before.changeFailureRate).toEqual({ deployments: 17, failures: 3, rate: 3 / 17, unconfirmedSuspects: 1 });
    expect(before.perPeriod.filter((r) => r.period === '2018-01')).toEqual([
      { period: '2018-01', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 },
      { period: '2018-01', environment: 'staging', deployments: 4, failures: 0, changeFailureRate: 0 },
    ]);
    // datahub 3900, checkout 7680, DNS 7680, ingress 23100
    expect(before.timeToRestore).toEqual({ count: 4, median: 7680, p90: 18474 });

    await putVerdict(t.app, '2018-01-25-datahub-accidental-prod-merge', await idOf(t.app, 'example-datahub-prod-accidental'), { verdict: 'confirmed' });
    const after = await delivery('?year=2018');
    expect(after.changeFailureRate).toEqual({ deployments: 7, failures: 1, rate: 1 / 7, unconfirmedSuspects: 0 });
    expect(after.perPeriod).toEqual([
      { period: '2018-01', environment: 'production', deployments: 3, failures: 1, changeFailureRate: 1 / 3 },
      { period: '2018-01', environment: 'staging', deployments: 4, failures: 0, changeFailureRate: 0 },
    ]);
    expect(after.timeToRestore).toEqual({ count: 1, median: 3900, p90: 3900 });
  });
});
