import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/connection.ts';
import { listActionItems } from '../../../server/db/queries/action-item-list.ts';
import { listIncidents, type IncidentListFilter } from '../../../server/db/queries/incident-list.ts';
import { incidentStats } from '../../../server/db/queries/stats.ts';
import { seedMany } from './many.ts';

/**
 * The queries stay correct over 10,000 incidents (pagination at the far end, search, filters, stats). How fast they
 * are is measured by `npm run bench` (the API benchmark), never asserted here.
 */
const COUNT = 10_000;

let database: Database;
beforeAll(() => {
  database = openDatabase(':memory:');
  seedMany(database, COUNT);
});
afterAll(() => database.close());

describe(`queries over ${COUNT} incidents`, () => {
  it.each<[string, IncidentListFilter]>([
    ['default page', {}],
    ['last page', { offset: 9750 }],
    ['search', { q: 'database trouble' }],
    ['search by prefix', { q: 'cert' }],
    ['open items', { hasOpenItems: true }],
    ['sorted by title', { sort: 'title' }],
    ['sorted by time to detect', { sort: '-detect', limit: 200 }],
    ['tag and year', { tag: 'dns', year: 2010 }],
  ])('lists incidents: %s', (_, filter) => {
    const value = listIncidents(database, filter);
    expect(value.items.length).toBeGreaterThan(0);
    expect(value.items.length).toBeLessThanOrEqual(filter.limit ?? 50);
  });

  it('counts removed incidents out of the default list', () => {
    expect(listIncidents(database, { limit: 1 }).total).toBe(COUNT - COUNT / 50);
  });

  it('lists action items', () => {
    const today = '2024-06-01';
    for (const filter of [{ today }, { today, overdue: true }, { today, statuses: ['open' as const], linked: true }, { today, offset: 20000 }]) {
      const value = listActionItems(database, filter);
      expect(value.total).toBeGreaterThan(0);
      expect(value.items.length).toBeGreaterThan(0);
    }
  });

  it('computes the stats', () => {
    const value = incidentStats(database, { today: '2024-06-01' });
    expect(value.incidents.total).toBe(COUNT - COUNT / 50);
  });
});
