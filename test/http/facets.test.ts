import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import type { Facets } from '../../server/http/schemas/facets.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function facets(): Promise<Facets> {
  const response = await t.app.inject('/api/facets');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Facets>();
}

/**
 * Severities in several spellings, tags and groups with ties, and what must not be counted: a removed incident
 * (2021, SEV3, tag `zzz`, one more `db`) and archived items (one more `Testing`).
 */
function seedFacets(database: Database): void {
  seedIncident(database, {
    slug: 'a',
    date: '2022-03-01',
    severity: 'SEV1',
    tags: ['db', 'network'],
    items: [
      { text: 'a1', group: 'Monitoring' },
      { text: 'a2', group: 'Monitoring', status: 'done' },
      { text: 'a3', group: 'Process' },
      { text: 'a4', group: null },
      { text: 'a5', group: 'Testing', archived: true },
      { text: 'a6', group: 'Testing', archived: true },
    ],
  });
  seedIncident(database, { slug: 'b', date: '2024-01-05', severity: 'sev1', tags: ['db'] });
  seedIncident(database, {
    slug: 'c',
    date: '2024-07-07',
    severity: 'SEV1',
    tags: ['db', 'api'],
    items: [
      { text: 'c1', group: 'Testing' },
      { text: 'c2', group: 'Process', status: 'wont-do' },
    ],
  });
  seedIncident(database, { slug: 'd', date: '2023-02-02', severity: 'SEV2', tags: ['network'], items: [{ text: 'd1', group: 'Alerting' }] });
  seedIncident(database, { slug: 'e', date: '2023-05-05', severity: 'Sev2' });
  seedIncident(database, { slug: 'f', date: null, severity: 'minor', tags: ['api'] });
  seedIncident(database, {
    slug: 'gone',
    date: '2021-01-01',
    severity: 'SEV3',
    tags: ['zzz', 'db'],
    items: [{ text: 'g1', group: 'Removed group' }],
    removed: true,
  });
}

describe('GET /api/facets', () => {
  it('counts years, tags, severities and groups of active incidents and current items, in order', async () => {
    t = await testApp({ seed: seedFacets });
    expect(await facets()).toEqual({
      // Newest first; the undated incident has no year, the removed one's 2021 is not there.
      years: [
        { value: 2024, count: 2 },
        { value: 2023, count: 2 },
        { value: 2022, count: 1 },
      ],
      // Most used first, ties by value.
      tags: [
        { value: 'db', count: 3 },
        { value: 'api', count: 2 },
        { value: 'network', count: 2 },
      ],
      // By value, case-insensitively; each spelling group shown as its most common spelling (a tie: the first in
      // binary order, `SEV2` before `Sev2`).
      severities: [
        { value: 'minor', count: 1 },
        { value: 'SEV1', count: 3 },
        { value: 'SEV2', count: 2 },
      ],
      // Items of every status count; archived ones and those without a group do not.
      groups: [
        { value: 'Monitoring', count: 2 },
        { value: 'Process', count: 2 },
        { value: 'Alerting', count: 1 },
        { value: 'Testing', count: 1 },
      ],
    });
  });

  it('shows the most common spelling of a severity, whatever its case', async () => {
    t = await testApp({
      seed: (database) => {
        seedIncident(database, { slug: 'x', date: '2024-01-01', severity: 'SEV1' });
        seedIncident(database, { slug: 'y', date: '2024-01-02', severity: 'sev1' });
        seedIncident(database, { slug: 'z', date: '2024-01-03', severity: 'sev1' });
      },
    });
    expect((await facets()).severities).toEqual([{ value: 'sev1', count: 3 }]);
  });

  it('works over the sample data', async () => {
    t = await testApp();
    expect(await facets()).toEqual({
      years: [
        { value: 2024, count: 2 },
        { value: 2023, count: 2 },
      ],
      tags: [
        { value: 'broker', count: 1 },
        { value: 'checkout', count: 1 },
        { value: 'dns', count: 1 },
        { value: 'ingress', count: 1 },
      ],
      severities: [
        { value: 'SEV-1', count: 1 },
        { value: 'SEV-2', count: 2 },
      ],
      groups: [
        { value: 'Monitoring', count: 1 },
        { value: 'Process', count: 1 },
        { value: 'Testing', count: 1 },
      ],
    });
  });

  it('gives empty lists for an empty database', async () => {
    t = await testApp({ seed: () => {} });
    expect(await facets()).toEqual({ years: [], tags: [], severities: [], groups: [] });
  });

  it('refuses any query parameter', async () => {
    t = await testApp();
    for (const query of ['?year=2024', '?tag=dns', '?x=']) {
      const name = query.slice(1).split('=')[0];
      const response = await t.app.inject(`/api/facets${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toEqual({ error: 'Bad Request', message: `unknown query parameter "${name}"` });
    }
  });
});
