/**
 * The facets against the incident list they serve: under any filters, each value offered counts exactly the
 * incidents the list shows when that value is chosen too (its own filter replaced), and no value that would show
 * some is left out. The exact numbers are in `test/http/facets.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/connection.ts';
import { readFacets } from '../../../server/db/queries/facets.ts';
import { listIncidents, type IncidentFilter } from '../../../server/db/queries/incident-list.ts';
import { seedIncident } from './seed.ts';

const SEVERITIES = ['SEV1', 'sev1', 'SEV2', 'minor', null];
const TAGS = ['db', 'api', 'network'];

let database: Database;
beforeAll(() => {
  database = openDatabase(':memory:');
  for (let i = 0; i < 40; i += 1) {
    seedIncident(database, {
      slug: `incident-${i}`,
      title: i % 3 === 0 ? `Database trouble ${i}` : `Other trouble ${i}`,
      date: i % 7 === 0 ? null : `${2020 + (i % 4)}-0${1 + (i % 9)}-1${i % 10}`,
      severity: SEVERITIES[i % SEVERITIES.length] ?? null,
      tags: TAGS.filter((_, bit) => (i >> bit) & 1),
      items: i % 2 === 0 ? [{ text: `Fix ${i}`, owner: 'alice', status: i % 4 === 0 ? 'open' : 'done' }] : [],
      removed: i % 11 === 0,
    });
  }
});
afterAll(() => database.close());

const total = (filter: IncidentFilter) => listIncidents(database, { ...filter, limit: 1 }).total;
const dated = (filter: IncidentFilter) => Object.values(listIncidents(database, { ...filter, limit: 1 }).perMonth).reduce((a, b) => a + b, 0);

describe('readFacets', () => {
  it.each<[string, IncidentFilter]>([
    ['no filter', {}],
    ['a tag', { tag: 'db' }],
    ['a year', { year: 2021 }],
    ['a search', { q: 'database' }],
    ['a severity in another case, with open items', { severity: 'Sev1', hasOpenItems: true }],
    ['a year, a tag and a search', { year: 2022, tag: 'api', q: 'database' }],
    ['removed ones too, a tag', { removed: 'all', tag: 'network' }],
    ['every filter', { q: 'trouble', year: 2023, tag: 'db', severity: 'minor', hasOpenItems: false, hasError: false, removed: 'active' }],
  ])('counts under every filter but its own: %s', (_, filter) => {
    const facets = readFacets(database, filter);
    for (const year of facets.years) {
      expect(year.count, `year ${year.value}`).toBeGreaterThan(0);
      expect(year.count, `year ${year.value}`).toBe(total({ ...filter, year: year.value }));
    }
    // Every dated incident the other filters select is under one of the years offered.
    expect(facets.years.reduce((sum, year) => sum + year.count, 0)).toBe(dated({ ...filter, year: null }));
    for (const tag of facets.tags) {
      expect(tag.count, `tag ${tag.value}`).toBeGreaterThan(0);
      expect(tag.count, `tag ${tag.value}`).toBe(total({ ...filter, tag: tag.value }));
    }
    for (const tag of TAGS.filter((value) => !facets.tags.some((offered) => offered.value === value))) {
      expect(total({ ...filter, tag }), `tag ${tag} left out`).toBe(0);
    }
    for (const severity of facets.severities) {
      expect(severity.count, `severity ${severity.value}`).toBeGreaterThan(0);
      expect(severity.count, `severity ${severity.value}`).toBe(total({ ...filter, severity: severity.value }));
    }
    for (const severity of ['sev1', 'sev2', 'minor'].filter((value) => !facets.severities.some((offered) => offered.value.toLowerCase() === value))) {
      expect(total({ ...filter, severity }), `severity ${severity} left out`).toBe(0);
    }
  });

  it('counts the items of the incidents matching every filter for groups and owners', () => {
    // Open items: incidents 4, 8 … 36 (0 is removed), each with one item, owned by alice.
    const open = readFacets(database, { hasOpenItems: true });
    expect(open.owners).toEqual([{ value: 'alice', count: total({ hasOpenItems: true }) }]);
    expect(readFacets(database, { hasOpenItems: true, q: 'nothing-like-this' })).toEqual({ years: [], tags: [], severities: [], groups: [], owners: [] });
  });

  it('with no filter, counts every active incident', () => {
    expect(readFacets(database)).toEqual(readFacets(database, { removed: 'active' }));
    expect(readFacets(database).years.reduce((sum, year) => sum + year.count, 0)).toBe(dated({}));
  });
});
