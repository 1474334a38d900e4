import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import type { Stats } from '../../server/http/schemas/stats.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

async function stats(query = ''): Promise<Stats> {
  const response = await t.app.inject(`/api/stats${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Stats>();
}

/**
 * The delivery metrics of a database with no deployments: nothing deployed, no failures, and time to restore
 * measured from the start (there is no suspect deployment) to the resolution, or the mitigation when there is none.
 */
function noDeployments(timeToRestore: Stats['timeToResolve']): Stats['deployments'] {
  return {
    period: 'month',
    environment: null,
    environments: [],
    perPeriod: [],
    frequency: { deployments: 0, days: null, perDay: null, perWeek: null, level: null },
    changeFailureRate: { deployments: 0, failures: 0, rate: null, unconfirmedSuspects: 0 },
    timeToRestore,
  };
}

// The numbers below are worked out by hand from test/db/queries/sample.ts (today 2024-06-01). Percentiles use
// linear interpolation between closest ranks: p90 of three sorted values a ≤ b ≤ c is b + 0.8 · (c − b).
describe('GET /api/stats', () => {
  it('counts every active incident and its current items', async () => {
    expect(await stats()).toEqual({
      from: null,
      to: null,
      incidents: {
        total: 5,
        perMonth: {
          '2023-09': 1,
          '2023-10': 0,
          '2023-11': 1,
          '2023-12': 0,
          '2024-01': 0,
          '2024-02': 0,
          '2024-03': 1,
          '2024-04': 0,
          '2024-05': 1,
        },
      },
      // 300, 600, 1500 → median 600, p90 600 + 0.8 × 900
      timeToDetect: { count: 3, median: 600, p90: 1320 },
      // 3600, 7200, 7500 → median 7200, p90 7200 + 0.8 × 300
      timeToResolve: { count: 3, median: 7200, p90: 7440 },
      actionItems: {
        total: 6,
        byStatus: { open: 3, 'in-progress': 1, done: 1, 'wont-do': 1 },
        completionRate: 1 / 6,
        overdue: 1,
        // open ages 14, 31, 81, 186 → (31 + 81) / 2
        medianOpenAgeDays: 56,
        // The broker alert from 2023-11, the certificate check from 2024-03, the smoke test and the undated queue
        // alert (first seen 2024-05-01) from 2024-05, all still open; the runbook is done with no done day and the
        // TTL item wont-do, so neither ever counts.
        openPerMonth: {
          '2023-11': 1,
          '2023-12': 1,
          '2024-01': 1,
          '2024-02': 1,
          '2024-03': 2,
          '2024-04': 2,
          '2024-05': 4,
          '2024-06': 4,
        },
      },
      // 3000 (mitigated, never resolved), 3600, 7200, 7500 → median 5400, p90 7200 + 0.7 × 300
      deployments: noDeployments({ count: 4, median: 5400, p90: 7410 }),
    });
  });

  it('limits everything to a year', async () => {
    expect(await stats('?year=2024')).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      // The year asked for is shown whole, quiet months included.
      incidents: { total: 2, perMonth: { '2024-01': 0, '2024-02': 0, '2024-03': 1, '2024-04': 0, '2024-05': 1, '2024-06': 0, '2024-07': 0, '2024-08': 0, '2024-09': 0, '2024-10': 0, '2024-11': 0, '2024-12': 0 } },
      // 600, 1500 → median 1050, p90 600 + 0.9 × 900
      timeToDetect: { count: 2, median: 1050, p90: 1410 },
      timeToResolve: { count: 1, median: 3600, p90: 3600 },
      actionItems: {
        total: 3,
        byStatus: { open: 1, 'in-progress': 1, done: 0, 'wont-do': 1 },
        completionRate: 0,
        overdue: 0,
        medianOpenAgeDays: 47.5,
        // Up to the current month, not to the end of the year asked for.
        openPerMonth: { '2024-03': 1, '2024-04': 1, '2024-05': 2, '2024-06': 2 },
      },
      // 3000 (mitigated), 3600 → median 3300, p90 3000 + 0.9 × 600
      deployments: noDeployments({ count: 2, median: 3300, p90: 3540 }),
    });
  });

  it('limits to a from/to range, either end optional, removed incidents left out', async () => {
    const november = await stats('?from=2023-11-01&to=2023-11-30');
    expect(november.incidents).toEqual({ total: 1, perMonth: { '2023-11': 1 } });
    expect(november.timeToDetect).toEqual({ count: 1, median: 300, p90: 300 });
    expect(november.actionItems).toMatchObject({ total: 2, completionRate: 0.5, overdue: 1, medianOpenAgeDays: 186 });
    // Up to the month of `to`.
    expect(november.actionItems.openPerMonth).toEqual({ '2023-11': 1 });
    expect((await stats('?from=2024-04-01')).incidents.total).toBe(1);
    expect((await stats('?to=2023-12-31')).incidents.total).toBe(2);
  });

  it('gives nulls, not zeros, when there is nothing to measure', async () => {
    expect(await stats('?year=2020')).toEqual({
      from: '2020-01-01',
      to: '2020-12-31',
      incidents: { total: 0, perMonth: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`2020-${String(i + 1).padStart(2, '0')}`, 0])) },
      timeToDetect: { count: 0, median: null, p90: null },
      timeToResolve: { count: 0, median: null, p90: null },
      actionItems: {
        total: 0,
        byStatus: { open: 0, 'in-progress': 0, done: 0, 'wont-do': 0 },
        completionRate: null,
        overdue: 0,
        medianOpenAgeDays: null,
        openPerMonth: {},
      },
      deployments: noDeployments({ count: 0, median: null, p90: null }),
    });
  });

  it('refuses a year with a range, a range backwards, and days that do not exist', async () => {
    const cases: Array<[string, string]> = [
      ['?year=2024&from=2024-01-01', 'query parameter "year" cannot be combined with "from" or "to"'],
      ['?from=2024-05-01&to=2024-04-01', 'query parameter "from" must not be after "to"'],
      ['?from=2024-02-30', 'query parameter "from" must be a date (YYYY-MM-DD)'],
      ['?to=yesterday', 'query parameter "to" must be a date (YYYY-MM-DD)'],
      ['?year=24.5', 'query parameter "year" must be an integer'],
    ];
    for (const [query, message] of cases) {
      const response = await t.app.inject(`/api/stats${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toEqual({ error: 'Bad Request', message });
    }
  });
});

/**
 * Items opening and closing in different months (today 2024-06-01):
 *
 * | incident      | date       | item                 | status      | first seen | done       | open at the end of   |
 * |---------------|------------|----------------------|-------------|------------|------------|----------------------|
 * | jan           | 2024-01-10 | closed in March      | done        | 2024-01-12 | 2024-03-05 | 2024-01, 2024-02     |
 * | jan           | 2024-01-10 | done when first seen | done        | 2024-02-20 | 2024-02-20 | never (day unknown)  |
 * | jan           | 2024-01-10 | not doing it         | wont-do     |            |            | never                |
 * | jan           | 2024-01-10 | archived             | open        |            |            | never (archived)     |
 * | feb           | 2024-02-15 | still open           | open        |            |            | 2024-02 … 2024-06    |
 * | mar           | 2024-03-03 | closed same month    | done        | 2024-03-04 | 2024-03-20 | never                |
 * | undated       | –          | in progress          | in-progress | 2024-04-03 |            | 2024-04 … 2024-06    |
 * | gone (removed)| 2023-06-01 | removed incident's   | open        |            |            | never (removed)      |
 */
function seedOpenItems(database: Database): void {
  seedIncident(database, {
    slug: 'jan',
    date: '2024-01-10',
    items: [
      { text: 'closed in March', status: 'done', createdAt: '2024-01-12T09:00:00.000Z', doneAt: '2024-03-05T10:00:00.000Z' },
      { text: 'done when first seen', status: 'done', createdAt: '2024-02-20T09:00:00.000Z', doneAt: '2024-02-20T09:00:00.000Z' },
      { text: 'not doing it', status: 'wont-do' },
      { text: 'archived', archived: true },
    ],
  });
  seedIncident(database, { slug: 'feb', date: '2024-02-15', items: [{ text: 'still open' }] });
  seedIncident(database, {
    slug: 'mar',
    date: '2024-03-03',
    items: [{ text: 'closed same month', status: 'done', createdAt: '2024-03-04T09:00:00.000Z', doneAt: '2024-03-20T09:00:00.000Z' }],
  });
  seedIncident(database, {
    slug: 'undated',
    items: [{ text: 'in progress', status: 'in-progress', createdAt: '2024-04-03T08:00:00.000Z' }],
  });
  seedIncident(database, { slug: 'gone', date: '2023-06-01', items: [{ text: "removed incident's" }], removed: true });
}

describe('GET /api/stats actionItems.openPerMonth', () => {
  beforeEach(async () => {
    await t.close();
    t = await testApp({ seed: seedOpenItems });
  });

  it('counts the items open at the end of each month, from the first opening to the current month', async () => {
    expect((await stats()).actionItems.openPerMonth).toEqual({
      '2024-01': 1,
      '2024-02': 2,
      '2024-03': 1,
      '2024-04': 2,
      '2024-05': 2,
      '2024-06': 2,
    });
  });

  it('stops at the month of `to`, and leaves undated incidents out of a range', async () => {
    // Closed in March, so still open at the end of February.
    expect((await stats('?to=2024-02-29')).actionItems.openPerMonth).toEqual({ '2024-01': 1, '2024-02': 2 });
    expect((await stats('?from=2024-02-01')).actionItems.openPerMonth).toEqual({
      '2024-02': 1,
      '2024-03': 1,
      '2024-04': 1,
      '2024-05': 1,
      '2024-06': 1,
    });
    expect((await stats('?year=2023')).actionItems.openPerMonth).toEqual({});
  });

  it('counts still open items through the current month of the clock', async () => {
    await t.close();
    t = await testApp({ seed: seedOpenItems, now: () => new Date('2024-08-15T00:00:00Z') });
    const open = (await stats()).actionItems.openPerMonth;
    expect(Object.keys(open).at(-1)).toBe('2024-08');
    expect(open['2024-08']).toBe(2);
    expect(open['2024-07']).toBe(2);
  });
});
