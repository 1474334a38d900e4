import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItemPage } from '../../server/http/schemas/action-items.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

async function list(query = ''): Promise<ActionItemPage> {
  const response = await t.app.inject(`/api/action-items${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ActionItemPage>();
}
const texts = (page: ActionItemPage) => page.items.map((item) => item.text);

const CURRENT = [
  'Add an upload smoke test',
  'Add certificate check to the cutover checklist',
  'Lower TTL before migrations',
  'Alert on broker disk usage',
  'Document the disk alarm runbook',
  'Queue depth alert',
];

describe('GET /api/action-items', () => {
  it('lists the current items of active incidents, newest incident first, in document order', async () => {
    const page = await list();
    expect(texts(page)).toEqual(CURRENT);
    expect(page).toMatchObject({ total: 6, limit: 50, offset: 0 });
  });

  it('gives each item its incident, links, overdue flag and age in days', async () => {
    const { items } = await list();
    const alert = items.find((item) => item.text === 'Alert on broker disk usage')!;
    expect(alert).toMatchObject({
      group: 'Monitoring',
      status: 'open',
      statusSource: 'markdown',
      done: null,
      owner: 'alice',
      due: '2024-01-15',
      overdue: true,
      ageDays: 186,
      archived: false,
      incident: { slug: 'disk-full', title: 'Checkout blocked by broker disk alarm', date: '2023-11-28', removed: false },
    });
    expect(alert.links).toHaveLength(1);
    expect(alert.links[0]).toMatchObject({ ref: 'https://github.com/example-org/app/issues/10', kind: 'issue', state: 'open' });
    const byText = new Map(items.map((item) => [item.text, item]));
    expect(byText.get('Add certificate check to the cutover checklist')).toMatchObject({ overdue: false, ageDays: 81 });
    expect(byText.get('Add an upload smoke test')).toMatchObject({ ageDays: 14, due: null, overdue: false });
    // No incident date: the age counts from when the item was first seen.
    expect(byText.get('Queue depth alert')).toMatchObject({ ageDays: 31, incident: { slug: 'undated', date: null } });
    // Closed items have no age.
    expect(byText.get('Document the disk alarm runbook')).toMatchObject({ ageDays: null, done: true });
    expect(byText.get('Lower TTL before migrations')).toMatchObject({ ageDays: null, status: 'wont-do' });
  });

  it('filters by one status or a comma list', async () => {
    expect(texts(await list('?status=open'))).toEqual(['Add an upload smoke test', 'Alert on broker disk usage', 'Queue depth alert']);
    expect((await list('?status=open,in-progress')).total).toBe(4);
    expect(texts(await list('?status=done,wont-do'))).toEqual(['Lower TTL before migrations', 'Document the disk alarm runbook']);
  });

  it('filters by incident (also by a former slug) and group', async () => {
    expect(texts(await list('?incident=disk-full'))).toEqual(['Alert on broker disk usage', 'Document the disk alarm runbook']);
    expect((await list('?incident=api-dns-outage')).total).toBe(2);
    expect(await list('?incident=nope')).toMatchObject({ items: [], total: 0 });
    expect(texts(await list('?group=Monitoring'))).toEqual(['Alert on broker disk usage']);
  });

  it('filters linked and unlinked items', async () => {
    expect(texts(await list('?linked=true'))).toEqual([
      'Add certificate check to the cutover checklist',
      'Alert on broker disk usage',
    ]);
    expect((await list('?linked=false')).total).toBe(4);
  });

  it('filters overdue items against the injected clock', async () => {
    expect(texts(await list('?overdue=true'))).toEqual(['Alert on broker disk usage']);
    expect((await list('?overdue=false')).total).toBe(5);
    await t.close();
    t = await testApp({ now: () => new Date('2024-07-02T00:00:00Z') });
    expect(texts(await list('?overdue=true'))).toEqual([
      'Add certificate check to the cutover checklist',
      'Alert on broker disk usage',
    ]);
  });

  it('filters by a minimum age in days, open and in-progress items only', async () => {
    // Ages on 2024-06-01: smoke test 14, certificate check 81, broker alert 186, queue alert 31 (first seen 2024-05-01).
    const aged = ['Add certificate check to the cutover checklist', 'Alert on broker disk usage', 'Queue depth alert'];
    expect(texts(await list('?min-age-days=31'))).toEqual(aged);
    expect(texts(await list('?min-age-days=32'))).toEqual(aged.slice(0, 2));
    expect(texts(await list('?min-age-days=186'))).toEqual(['Alert on broker disk usage']);
    expect(await list('?min-age-days=187')).toMatchObject({ items: [], total: 0 });
    expect((await list('?min-age-days=14')).total).toBe(4);
    expect((await list('?min-age-days=15')).total).toBe(3);
    // Done and wont-do items have no age, so even 0 leaves them out.
    const any = await list('?min-age-days=0');
    expect(texts(any)).toEqual(['Add an upload smoke test', ...aged.slice(0, 2), 'Queue depth alert']);
    expect(any.items.every((item) => item.status === 'open' || item.status === 'in-progress')).toBe(true);
    expect((await list('?min-age-days=0&status=done,wont-do')).total).toBe(0);
    expect(texts(await list('?min-age-days=50&status=open'))).toEqual(['Alert on broker disk usage']);
  });

  it('refuses a negative or fractional minimum age', async () => {
    for (const [query, message] of [
      ['?min-age-days=-1', 'query parameter "min-age-days" must be at least 0'],
      ['?min-age-days=1.5', 'query parameter "min-age-days" must be an integer'],
    ]) {
      const response = await t.app.inject(`/api/action-items${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toEqual({ error: 'Bad Request', message });
    }
  });

  it('shows archived items and items of removed incidents only when asked', async () => {
    const archived = await list('?archived=true');
    expect(texts(archived)).toEqual(['Old archived item', 'Flush caches weekly']);
    expect(archived.items[0]).toMatchObject({ archived: true, incident: { removed: false } });
    expect(archived.items[1]).toMatchObject({ archived: false, incident: { slug: 'old-removed', removed: true } });
    expect((await list('?archived=all')).total).toBe(8);
    expect((await list('?archived=false')).total).toBe(6);
  });

  it('combines filters', async () => {
    expect(texts(await list('?status=open&linked=false'))).toEqual(['Add an upload smoke test', 'Queue depth alert']);
  });

  it('pages with limit and offset', async () => {
    const page = await list('?limit=2&offset=2');
    expect(texts(page)).toEqual(CURRENT.slice(2, 4));
    expect(page).toMatchObject({ total: 6, limit: 2, offset: 2 });
    expect(await list('?offset=6')).toMatchObject({ items: [], total: 6 });
  });

  it('finds items by words of their text: all must appear, anywhere, in any case', async () => {
    expect(texts(await list('?q=alert'))).toEqual(['Alert on broker disk usage', 'Queue depth alert']);
    expect(texts(await list('?q=DISK%20alert'))).toEqual(['Alert on broker disk usage']);
    expect(texts(await list('?q=%20usa%20%20brok%20'))).toEqual(['Alert on broker disk usage']);
    expect(await list('?q=alert%20nothing')).toMatchObject({ items: [], total: 0 });
    // Only spaces: no filter.
    expect((await list('?q=%20%20')).total).toBe(6);
    // With the other filters.
    expect(texts(await list('?q=add&status=open'))).toEqual(['Add an upload smoke test']);
  });

  it('takes % and _ in the words as plain characters, not wildcards', async () => {
    await t.close();
    t = await testApp({
      seed: (database) =>
        seedIncident(database, {
          slug: 'x',
          date: '2024-01-01',
          items: [
            { text: 'Raise the limit to 100%' },
            { text: 'Check 100 items' },
            { text: 'Rename the snake_case field' },
            { text: 'Rename the snakeXcase field' },
            { text: 'Clean C:\\tmp on the runners' },
          ],
        }),
    });
    expect(texts(await list('?q=%25'))).toEqual(['Raise the limit to 100%']);
    expect(texts(await list('?q=100%25'))).toEqual(['Raise the limit to 100%']);
    expect(texts(await list('?q=_'))).toEqual(['Rename the snake_case field']);
    expect(texts(await list('?q=snake_case'))).toEqual(['Rename the snake_case field']);
    expect(texts(await list('?q=100'))).toEqual(['Raise the limit to 100%', 'Check 100 items']);
    expect(texts(await list(`?q=${encodeURIComponent(':\\t')}`))).toEqual(['Clean C:\\tmp on the runners']);
    expect((await list(`?q=${encodeURIComponent('\\')}`)).total).toBe(1);
  });

  it('filters by owner, the whole name in any case', async () => {
    expect(texts(await list('?owner=alice'))).toEqual(['Alert on broker disk usage']);
    expect(texts(await list('?owner=ALICE'))).toEqual(['Alert on broker disk usage']);
    expect((await list('?owner=ali')).total).toBe(0);
    expect((await list('?owner=bob')).total).toBe(0);
    expect((await list('?owner=alice&status=done')).total).toBe(0);
  });

  it('sorts by due date (none last), by age (closed items last), by status, or by incident', async () => {
    expect(texts(await list('?sort=due'))).toEqual([
      'Alert on broker disk usage',
      'Add certificate check to the cutover checklist',
      // No due date: in the incident order.
      'Add an upload smoke test',
      'Lower TTL before migrations',
      'Document the disk alarm runbook',
      'Queue depth alert',
    ]);
    // Ages 186, 81, 31, 14; then the closed items, which have none.
    expect(texts(await list('?sort=-age'))).toEqual([
      'Alert on broker disk usage',
      'Add certificate check to the cutover checklist',
      'Queue depth alert',
      'Add an upload smoke test',
      'Lower TTL before migrations',
      'Document the disk alarm runbook',
    ]);
    expect(texts(await list('?sort=status'))).toEqual([
      'Add an upload smoke test',
      'Alert on broker disk usage',
      'Queue depth alert',
      'Add certificate check to the cutover checklist',
      'Document the disk alarm runbook',
      'Lower TTL before migrations',
    ]);
    expect(texts(await list('?sort=incident'))).toEqual(CURRENT);
    // The order holds across pages and with filters.
    expect(texts(await list('?sort=-age&limit=2&offset=1'))).toEqual(['Add certificate check to the cutover checklist', 'Queue depth alert']);
    expect(texts(await list('?sort=due&status=open'))).toEqual(['Alert on broker disk usage', 'Add an upload smoke test', 'Queue depth alert']);
    const refused = await t.app.inject('/api/action-items?sort=age');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/query parameter "sort"/);
  });

  it('counts the items matching every filter but the status, by status, with the overdue ones', async () => {
    const all = { open: 3, 'in-progress': 1, done: 1, 'wont-do': 1, overdue: 1 };
    expect((await list()).counts).toEqual(all);
    // The status filter narrows the items and the total, not the counts.
    expect(await list('?status=done')).toMatchObject({ total: 1, counts: all });
    expect(await list('?status=open,wont-do&limit=1')).toMatchObject({ total: 4, counts: all });
    // Every other filter narrows them.
    const disk = { open: 1, 'in-progress': 0, done: 1, 'wont-do': 0, overdue: 1 };
    expect((await list('?incident=disk-full')).counts).toEqual(disk);
    expect(await list('?incident=disk-full&status=in-progress')).toMatchObject({ items: [], total: 0, counts: disk });
    expect((await list('?q=alert&status=done')).counts).toEqual({ open: 2, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 1 });
    expect((await list('?owner=alice')).counts).toEqual({ open: 1, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 1 });
    expect((await list('?archived=true')).counts).toEqual({ open: 2, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 1 });
    // Past the last page and for nothing at all, the counts are still there.
    expect(await list('?offset=6')).toMatchObject({ items: [], total: 6, counts: all });
    expect((await list('?incident=nope')).counts).toEqual({ open: 0, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 0 });
  });
});
