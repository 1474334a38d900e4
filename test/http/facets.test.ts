import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import type { Facets } from '../../server/http/schemas/facets.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function facets(query = ''): Promise<Facets> {
  const response = await t.app.inject(`/api/facets${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Facets>();
}

/**
 * Severities and owners in several spellings, tags and groups with ties, and what must not be counted: a removed
 * incident (2021, SEV3, tag `zzz`, one more `db`, owner `zed`) and archived items (one more `Testing`, owner `carol`).
 *
 * | slug | date       | severity | tags         | title                     | items (group, owner, status)                        |
 * |------|------------|----------|--------------|---------------------------|-----------------------------------------------------|
 * | a    | 2022-03-01 | SEV1     | db, network  | Primary database failover | Monitoring alice, Monitoring Alice done, Process bob, |
 * |      |            |          |              |                           | – (blank owner), 2 archived                         |
 * | b    | 2024-01-05 | sev1     | db           |                           |                                                     |
 * | c    | 2024-07-07 | SEV1     | db, api      | Database replica lag      | Testing alice, Process Bob wont-do                  |
 * | d    | 2023-02-02 | SEV2     | network      | Network partition         | Alerting dave                                       |
 * | e    | 2023-05-05 | Sev2     |              |                           |                                                     |
 * | f    | –          | minor    | api          |                           |                                                     |
 */
function seedFacets(database: Database): void {
  seedIncident(database, {
    slug: 'a',
    date: '2022-03-01',
    severity: 'SEV1',
    tags: ['db', 'network'],
    title: 'Primary database failover',
    items: [
      { text: 'a1', group: 'Monitoring', owner: 'alice' },
      { text: 'a2', group: 'Monitoring', owner: 'Alice', status: 'done' },
      { text: 'a3', group: 'Process', owner: 'bob' },
      { text: 'a4', group: null, owner: ' ' },
      { text: 'a5', group: 'Testing', owner: 'carol', archived: true },
      { text: 'a6', group: 'Testing', archived: true },
    ],
  });
  seedIncident(database, { slug: 'b', date: '2024-01-05', severity: 'sev1', tags: ['db'] });
  seedIncident(database, {
    slug: 'c',
    date: '2024-07-07',
    severity: 'SEV1',
    tags: ['db', 'api'],
    title: 'Database replica lag',
    items: [
      { text: 'c1', group: 'Testing', owner: 'alice' },
      { text: 'c2', group: 'Process', owner: 'Bob', status: 'wont-do' },
    ],
  });
  seedIncident(database, {
    slug: 'd',
    date: '2023-02-02',
    severity: 'SEV2',
    tags: ['network'],
    title: 'Network partition',
    items: [{ text: 'd1', group: 'Alerting', owner: 'dave' }],
  });
  seedIncident(database, { slug: 'e', date: '2023-05-05', severity: 'Sev2' });
  seedIncident(database, { slug: 'f', date: null, severity: 'minor', tags: ['api'] });
  seedIncident(database, {
    slug: 'gone',
    date: '2021-01-01',
    severity: 'SEV3',
    tags: ['zzz', 'db'],
    items: [{ text: 'g1', group: 'Removed group', owner: 'zed' }],
    removed: true,
  });
}

describe('GET /api/facets', () => {
  it('counts years, tags, severities, groups and owners of active incidents and current items, in order', async () => {
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
      // Case-insensitive, most used first, in the most common spelling (a tie: the first in binary order); archived
      // items (carol), blank owners and removed incidents (zed) do not count.
      owners: [
        { value: 'alice', count: 3 },
        { value: 'Bob', count: 2 },
        { value: 'dave', count: 1 },
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
      owners: [{ value: 'alice', count: 1 }],
    });
  });

  it('gives empty lists for an empty database', async () => {
    t = await testApp({ seed: () => {} });
    expect(await facets()).toEqual({ years: [], tags: [], severities: [], groups: [], owners: [] });
  });
});

describe('GET /api/facets with the incident filters', () => {
  it('counts each facet under every filter except its own', async () => {
    t = await testApp({ seed: seedFacets });
    // Tag db: incidents a, b, c. The years and severities follow the tag; the tags themselves do not.
    expect(await facets('?tag=db')).toEqual({
      years: [
        { value: 2024, count: 2 },
        { value: 2022, count: 1 },
      ],
      tags: [
        { value: 'db', count: 3 },
        { value: 'api', count: 2 },
        { value: 'network', count: 2 },
      ],
      severities: [{ value: 'SEV1', count: 3 }],
      groups: [
        { value: 'Monitoring', count: 2 },
        { value: 'Process', count: 2 },
        { value: 'Testing', count: 1 },
      ],
      owners: [
        { value: 'alice', count: 3 },
        { value: 'Bob', count: 2 },
      ],
    });
    // Year 2024 and tag db: b and c. The years ignore the year (2022 is still offered, under the tag), the tags
    // ignore the tag (under 2024: b and c), the severities and items follow both.
    expect(await facets('?year=2024&tag=db')).toEqual({
      years: [
        { value: 2024, count: 2 },
        { value: 2022, count: 1 },
      ],
      tags: [
        { value: 'db', count: 2 },
        { value: 'api', count: 1 },
      ],
      severities: [{ value: 'SEV1', count: 2 }],
      groups: [
        { value: 'Process', count: 1 },
        { value: 'Testing', count: 1 },
      ],
      owners: [
        { value: 'alice', count: 1 },
        { value: 'Bob', count: 1 },
      ],
    });
    // A severity in another case: d and e. Every severity stays on offer; the years and tags are those of SEV2.
    expect(await facets('?severity=sev2')).toEqual({
      years: [{ value: 2023, count: 2 }],
      tags: [{ value: 'network', count: 1 }],
      severities: [
        { value: 'minor', count: 1 },
        { value: 'SEV1', count: 3 },
        { value: 'SEV2', count: 2 },
      ],
      groups: [{ value: 'Alerting', count: 1 }],
      owners: [{ value: 'dave', count: 1 }],
    });
  });

  it('follows the search in every facet', async () => {
    t = await testApp({ seed: seedFacets });
    // "database": a and c (by title).
    expect(await facets('?q=database')).toEqual({
      years: [
        { value: 2024, count: 1 },
        { value: 2022, count: 1 },
      ],
      tags: [
        { value: 'db', count: 2 },
        { value: 'api', count: 1 },
        { value: 'network', count: 1 },
      ],
      severities: [{ value: 'SEV1', count: 2 }],
      groups: [
        { value: 'Monitoring', count: 2 },
        { value: 'Process', count: 2 },
        { value: 'Testing', count: 1 },
      ],
      owners: [
        { value: 'alice', count: 3 },
        { value: 'Bob', count: 2 },
      ],
    });
    // With the year: the search still narrows the years, the year does not.
    expect((await facets('?q=database&year=2022')).years).toEqual([
      { value: 2024, count: 1 },
      { value: 2022, count: 1 },
    ]);
    expect((await facets('?q=database&year=2022')).tags).toEqual([
      { value: 'db', count: 1 },
      { value: 'network', count: 1 },
    ]);
    // A search with no searchable word matches nothing, as in the list.
    expect(await facets('?q=%21%21')).toEqual({ years: [], tags: [], severities: [], groups: [], owners: [] });
    // Only spaces: no search.
    expect(await facets('?q=%20%20')).toEqual(await facets());
  });

  it('takes the open-items, error and removed filters', async () => {
    t = await testApp({ seed: seedFacets });
    // Without open items: b, e, f.
    expect(await facets('?has-open-items=false')).toEqual({
      years: [
        { value: 2024, count: 1 },
        { value: 2023, count: 1 },
      ],
      tags: [
        { value: 'api', count: 1 },
        { value: 'db', count: 1 },
      ],
      severities: [
        { value: 'minor', count: 1 },
        { value: 'sev1', count: 1 },
        { value: 'Sev2', count: 1 },
      ],
      groups: [],
      owners: [],
    });
    expect(await facets('?has-error=true')).toEqual({ years: [], tags: [], severities: [], groups: [], owners: [] });
    // The removed incident alone; its items are not archived, so they count.
    expect(await facets('?removed=true')).toEqual({
      years: [{ value: 2021, count: 1 }],
      tags: [
        { value: 'db', count: 1 },
        { value: 'zzz', count: 1 },
      ],
      severities: [{ value: 'SEV3', count: 1 }],
      groups: [{ value: 'Removed group', count: 1 }],
      owners: [{ value: 'zed', count: 1 }],
    });
    expect((await facets('?removed=all')).years.map((year) => year.value)).toEqual([2024, 2023, 2022, 2021]);
  });

  it('refuses the sort, the page and unknown parameters, and checks the filters as the list does', async () => {
    t = await testApp();
    for (const query of ['?sort=date', '?offset=1', '?limit=5', '?x=']) {
      const name = query.slice(1).split('=')[0];
      const response = await t.app.inject(`/api/facets${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toEqual({ error: 'Bad Request', message: `unknown query parameter "${name}"` });
    }
    for (const query of ['?year=24', '?year=x', '?tag=', '?has-open-items=maybe', '?removed=yes']) {
      expect((await t.app.inject(`/api/facets${query}`)).statusCode, query).toBe(400);
    }
  });
});
