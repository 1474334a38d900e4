import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentPage } from '../../server/http/schemas/incidents.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

async function list(query = ''): Promise<IncidentPage> {
  const response = await t.app.inject(`/api/incidents${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<IncidentPage>();
}
const slugs = (page: IncidentPage) => page.items.map((item) => item.slug);

describe('GET /api/incidents', () => {
  it('lists active incidents newest first, undated last, with their counts', async () => {
    const page = await list();
    expect(slugs(page)).toEqual(['uploads-413', 'dns-cutover', 'disk-full', 'datahub-merge', 'undated']);
    expect(page).toMatchObject({ total: 5, limit: 50, offset: 0 });
    const disk = page.items.find((item) => item.slug === 'disk-full')!;
    expect(disk).toEqual({
      slug: 'disk-full',
      title: 'Checkout blocked by broker disk alarm',
      date: '2023-11-28',
      timezone: 'UTC',
      severity: 'SEV-2',
      tags: ['broker', 'checkout'],
      startedAt: '2023-11-28T10:00:00Z',
      detectedAt: '2023-11-28T10:05:00Z',
      mitigatedAt: null,
      resolvedAt: '2023-11-28T12:00:00Z',
      detectSeconds: 300,
      resolveSeconds: 7200,
      durationSeconds: 7200,
      actionItems: { open: 1, total: 2 },
      removed: false,
      removedAt: null,
      error: null,
      sourcePath: 'disk-full.md',
      updatedAt: '2024-01-03T00:00:00.000Z',
      diagnostics: { error: 0, warning: 1, info: 0 },
    });
  });

  it('uses the mitigation as the end of the duration when there is no resolution', async () => {
    const uploads = (await list()).items.find((item) => item.slug === 'uploads-413')!;
    expect(uploads.durationSeconds).toBe(3000);
    expect(uploads.resolveSeconds).toBeNull();
  });

  it('shows the error of an incident whose file cannot be read', async () => {
    const datahub = (await list()).items.find((item) => item.slug === 'datahub-merge')!;
    expect(datahub.error).toBe('cannot read the file: invalid UTF-8');
    expect(slugs(await list('?has-error=true'))).toEqual(['datahub-merge']);
    expect(slugs(await list('?has-error=false'))).not.toContain('datahub-merge');
  });

  it('filters by year, tag (any case), severity (any case) and open items', async () => {
    expect(slugs(await list('?year=2024'))).toEqual(['uploads-413', 'dns-cutover']);
    expect(slugs(await list('?year=2023'))).toEqual(['disk-full', 'datahub-merge']);
    expect(slugs(await list('?tag=DNS'))).toEqual(['dns-cutover']);
    expect(slugs(await list('?severity=sev-2'))).toEqual(['uploads-413', 'disk-full']);
    expect(slugs(await list('?severity=SEV-1'))).toEqual(['dns-cutover']);
    expect(slugs(await list('?has-open-items=true'))).toEqual(['uploads-413', 'dns-cutover', 'disk-full', 'undated']);
    expect(slugs(await list('?has-open-items=false'))).toEqual(['datahub-merge']);
    expect(slugs(await list('?year=2024&severity=sev-2'))).toEqual(['uploads-413']);
  });

  it('shows removed incidents only when asked', async () => {
    const removed = await list('?removed=true');
    expect(slugs(removed)).toEqual(['old-removed']);
    expect(removed.items[0]).toMatchObject({ removed: true, removedAt: '2024-07-02T00:00:00.000Z' });
    expect((await list('?removed=all')).total).toBe(6);
    expect((await list('?removed=false')).total).toBe(5);
  });

  it.each([
    ['date', ['datahub-merge', 'disk-full', 'dns-cutover', 'uploads-413', 'undated']],
    ['-date', ['uploads-413', 'dns-cutover', 'disk-full', 'datahub-merge', 'undated']],
    ['title', ['datahub-merge', 'disk-full', 'uploads-413', 'dns-cutover', 'undated']],
    ['-title', ['undated', 'dns-cutover', 'uploads-413', 'disk-full', 'datahub-merge']],
    ['detect', ['disk-full', 'dns-cutover', 'uploads-413', 'datahub-merge', 'undated']],
    ['-detect', ['uploads-413', 'dns-cutover', 'disk-full', 'undated', 'datahub-merge']],
    ['resolve', ['dns-cutover', 'disk-full', 'datahub-merge', 'uploads-413', 'undated']],
    ['-resolve', ['datahub-merge', 'disk-full', 'dns-cutover', 'undated', 'uploads-413']],
    ['updated', ['datahub-merge', 'disk-full', 'undated', 'dns-cutover', 'uploads-413']],
    ['-updated', ['uploads-413', 'dns-cutover', 'undated', 'disk-full', 'datahub-merge']],
    ['relevance', ['uploads-413', 'dns-cutover', 'disk-full', 'datahub-merge', 'undated']],
  ])('sorts by %s', async (sort, expected) => {
    expect(slugs(await list(`?sort=${sort}`))).toEqual(expected);
  });

  it('pages with limit and offset, keeping the total', async () => {
    const page = await list('?limit=2&offset=1');
    expect(slugs(page)).toEqual(['dns-cutover', 'disk-full']);
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    const past = await list('?offset=10');
    expect(past).toMatchObject({ items: [], total: 5, offset: 10 });
    const last = await list('?limit=2&offset=4');
    expect(slugs(last)).toEqual(['undated']);
  });
});

describe('GET /api/incidents perMonth', () => {
  it('counts the dated incidents matching the filters by month, from the first to the last, zeros filled', async () => {
    expect((await list()).perMonth).toEqual({
      '2023-09': 1,
      '2023-10': 0,
      '2023-11': 1,
      '2023-12': 0,
      '2024-01': 0,
      '2024-02': 0,
      '2024-03': 1,
      '2024-04': 0,
      '2024-05': 1,
    });
    expect((await list('?tag=dns')).perMonth).toEqual({ '2024-03': 1 });
    expect((await list('?removed=true')).perMonth).toEqual({ '2023-11': 1 });
  });

  it('counts every page, search and tag included', async () => {
    const page = await list('?q=disk&limit=1');
    expect(slugs(page)).toEqual(['disk-full']);
    expect(page.perMonth).toEqual({ '2023-11': 1, '2023-12': 0, '2024-01': 0, '2024-02': 0, '2024-03': 0, '2024-04': 0, '2024-05': 1 });
    expect((await list('?q=disk&offset=5')).perMonth).toEqual(page.perMonth);
    expect((await list('?q=disk&tag=ingress')).perMonth).toEqual({ '2024-05': 1 });
    expect((await list('?q=disk&tag=dns')).perMonth).toEqual({});
  });

  it('shows a year asked for whole, January to December', async () => {
    const wholeYear = (year: number, counts: Record<string, number> = {}) =>
      Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((month) => [month, counts[month] ?? 0]),
      );
    const page = await list('?year=2024');
    expect(page.perMonth).toEqual(wholeYear(2024, { '2024-03': 1, '2024-05': 1 }));
    expect(Object.keys(page.perMonth)).toEqual(Object.keys(wholeYear(2024)));
    expect(Object.keys(page.perMonth)).toHaveLength(12);
    expect((await list('?year=2023&q=disk')).perMonth).toEqual(wholeYear(2023, { '2023-11': 1 }));
    expect((await list('?year=2020')).perMonth).toEqual(wholeYear(2020));
    expect((await list('?year=2020&q=-')).perMonth).toEqual(wholeYear(2020));
  });

  it('leaves undated incidents out, and is empty when nothing dated matches', async () => {
    const undated = await list('?q=queues');
    expect(slugs(undated)).toEqual(['undated']);
    expect(undated.perMonth).toEqual({});
    expect((await list('?q=-')).perMonth).toEqual({});
    expect((await list('?q=nothing')).perMonth).toEqual({});
  });
});

describe('GET /api/incidents?q= (full-text search)', () => {
  it('finds words of the title, the summary, the timeline and the action items', async () => {
    expect(slugs(await list('?q=broker'))).toEqual(['disk-full']);
    expect(slugs(await list('?q=consumer'))).toEqual(['disk-full']);
    expect(slugs(await list('?q=provisioning'))).toEqual(['dns-cutover']);
    expect(slugs(await list('?q=smoke'))).toEqual(['uploads-413']);
    expect(slugs(await list('?q=checklist'))).toEqual(['dns-cutover']);
  });

  it('needs every word, and matches the last one as a prefix', async () => {
    expect(slugs(await list('?q=disk%20alarm'))).toEqual(['disk-full']);
    expect(slugs(await list('?q=disk%20certificate'))).toEqual([]);
    expect(slugs(await list('?q=certif'))).toEqual(['dns-cutover']);
    expect(slugs(await list('?q=upl'))).toEqual(['uploads-413']);
  });

  it('ranks title matches first by default, and sorts otherwise when asked', async () => {
    expect(slugs(await list('?q=disk'))).toEqual(['disk-full', 'uploads-413']);
    expect(slugs(await list('?q=disk&sort=-date'))).toEqual(['uploads-413', 'disk-full']);
  });

  it('combines search with the filters and leaves removed incidents out', async () => {
    expect(slugs(await list('?q=disk&year=2024'))).toEqual(['uploads-413']);
    expect(slugs(await list('?q=caches'))).toEqual([]);
    expect(slugs(await list('?q=caches&removed=true'))).toEqual(['old-removed']);
  });

  it.each(['"', '""', '*', 'AND(', 'disk AND(', '-', '- disk', 'NEAR(a b)', 'title:disk', 'disk"', '^disk', '(', 'OR', 'a"b"c*', '\\', "'", '%', '!@#$%^&*()'])(
    'never fails on FTS syntax: %s',
    async (q) => {
      const response = await t.app.inject({ method: 'GET', url: '/api/incidents', query: { q } });
      expect(response.statusCode, response.body).toBe(200);
    },
  );

  it('treats operator words and quotes as plain words', async () => {
    expect(slugs(await list(`?q=${encodeURIComponent('disk"')}`))).toEqual(['disk-full', 'uploads-413']);
    expect(slugs(await list(`?q=${encodeURIComponent('broker AND(')}`))).toEqual([]);
    expect(slugs(await list(`?q=${encodeURIComponent('title:broker')}`))).toEqual([]);
  });

  it('matches nothing for punctuation only, and everything for an empty q', async () => {
    expect(await list('?q=-')).toMatchObject({ items: [], total: 0 });
    expect((await list('?q=')).total).toBe(5);
  });
});
