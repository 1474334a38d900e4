/**
 * The API over postmortems read by the real ingest: the example reports of `postmortems/` plus small hand-written
 * ones, in a temporary folder.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { buildApp } from '../../server/http/app.ts';
import type { IncidentDetail, IncidentPage } from '../../server/http/schemas/incidents.ts';
import type { ActionItemPage } from '../../server/http/schemas/action-items.ts';
import type { Stats } from '../../server/http/schemas/stats.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';
import type { FastifyInstance } from 'fastify';

const EXAMPLES = new URL('../../postmortems/', import.meta.url);
/** The example reports this test expects (named, so a team's own files in postmortems/ do not change it). */
const EXAMPLE_FILES = [
  '2018-01-25-datahub-accidental-prod-merge.md',
  '2023-11-28-checkout-blocked-by-broker-disk-alarm.md',
  '2024-03-12-api-dns-cutover-without-certificate.md',
  '2024-06-18-uploads-rejected-after-ingress-deploy.md',
];

const HAND_WRITTEN = `---
title: Search index corrupted by a half-finished reindex
date: 2024-05-02
timezone: UTC
severity: SEV-3
tags: [search, Elasticsearch]
---

## Summary

A reindex job stopped halfway <script>alert(1)</script> and left the search index corrupted.

## Timeline

- 10:00 reindex job started
- 10:20 alert: search error rate above 5%
- 10:45 rolled back to the previous index
- 11:30 search fully restored

## Action items

- [ ] Make the reindex job resumable @dana
- [x] Add an alert on index health @eli
- [ ] Read [the runbook](javascript:alert(1))
`;

let folder: TempFolder;
let database: Database;
let app: FastifyInstance;

beforeEach(async () => {
  const files: Record<string, string> = { '2024-05-02-search-index.md': HAND_WRITTEN };
  for (const name of EXAMPLE_FILES) files[name] = readFileSync(new URL(name, EXAMPLES), 'utf8');
  folder = tempFolder(files);
  database = openDatabase(':memory:');
  await ingestFolder(database, { root: folder.root });
  app = await buildApp({
    database,
    auth: { token: null, protectReads: false },
    ingest: (request) => ingestFolder(database, { root: folder.root, ...request }),
    now: () => new Date('2024-08-01T00:00:00Z'),
  });
});
afterEach(async () => {
  await app.close();
  database.close();
  folder.cleanup();
});

const get = async <T>(url: string): Promise<T> => {
  const response = await app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
};
const slugs = (page: IncidentPage) => page.items.map((item) => item.slug);

describe('the API over ingested postmortems', () => {
  it('lists every report newest first', async () => {
    expect(slugs(await get<IncidentPage>('/api/incidents'))).toEqual([
      '2024-06-18-uploads-rejected-after-ingress-deploy',
      '2024-05-02-search-index',
      '2024-03-12-api-dns-cutover-without-certificate',
      '2023-11-28-checkout-blocked-by-broker-disk-alarm',
      '2018-01-25-datahub-accidental-prod-merge',
    ]);
  });

  it('filters by the tags and severity the reports state', async () => {
    expect(slugs(await get<IncidentPage>('/api/incidents?tag=elasticsearch'))).toEqual(['2024-05-02-search-index']);
    expect(slugs(await get<IncidentPage>('/api/incidents?tag=helm'))).toEqual(['2018-01-25-datahub-accidental-prod-merge']);
    expect(slugs(await get<IncidentPage>('/api/incidents?severity=sev-3'))).toEqual(['2024-05-02-search-index']);
  });

  it('searches titles, timelines and action items', async () => {
    expect(slugs(await get<IncidentPage>('/api/incidents?q=corrupted'))).toEqual(['2024-05-02-search-index']);
    expect(slugs(await get<IncidentPage>('/api/incidents?q=rolled%20back%20previous'))).toEqual(['2024-05-02-search-index']);
    expect(slugs(await get<IncidentPage>('/api/incidents?q=resumable'))).toEqual(['2024-05-02-search-index']);
    expect(slugs(await get<IncidentPage>('/api/incidents?q=certificate'))).toContain('2024-03-12-api-dns-cutover-without-certificate');
  });

  it('shows a report in full with its timeline, milestones, items and safe HTML', async () => {
    const incident = await get<IncidentDetail>('/api/incidents/2024-05-02-search-index');
    expect(incident).toMatchObject({ title: 'Search index corrupted by a half-finished reindex', date: '2024-05-02', severity: 'SEV-3' });
    expect(incident.tags).toEqual(['elasticsearch', 'search']);
    expect(incident.timeline.map((entry) => entry.time)).toEqual(['10:00', '10:20', '10:45', '11:30']);
    expect(incident.milestones.started?.at).toBe('2024-05-02T10:00:00Z');
    expect(incident.actionItems.map((item) => [item.text.split(' @')[0], item.status, item.owner])).toEqual([
      ['Make the reindex job resumable', 'open', 'dana'],
      ['Add an alert on index health', 'done', 'eli'],
      ['Read the runbook', 'open', null],
    ]);
    expect(incident.sections.map((section) => section.kind)).toEqual(['summary', 'timeline', 'action-items']);
    expect(incident.html).toContain('<h2>Timeline</h2>');
    expect(incident.html).not.toMatch(/<script|javascript:|title: Search/);
  });

  it('lists the items of every report and counts them in the stats', async () => {
    const items = await get<ActionItemPage>('/api/action-items?incident=2024-05-02-search-index');
    expect(items.total).toBe(3);
    expect(items.items.find((item) => item.status === 'open')!.ageDays).toBe(91);
    const stats = await get<Stats>('/api/stats?year=2024');
    expect(stats.incidents.total).toBe(3);
    expect(Object.keys(stats.incidents.perMonth)).toHaveLength(12);
    expect(stats.incidents.perMonth).toMatchObject({ '2024-01': 0, '2024-03': 1, '2024-04': 0, '2024-05': 1, '2024-06': 1, '2024-12': 0 });
  });

  it('re-reads the folder on POST /api/ingest and keeps removed reports readable', async () => {
    folder.remove('2024-05-02-search-index.md');
    const response = await app.inject({ method: 'POST', url: '/api/ingest', payload: {} });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ removed: 1, failed: 0 });
    expect(slugs(await get<IncidentPage>('/api/incidents'))).not.toContain('2024-05-02-search-index');
    expect(slugs(await get<IncidentPage>('/api/incidents?removed=true'))).toEqual(['2024-05-02-search-index']);
    expect((await get<IncidentDetail>('/api/incidents/2024-05-02-search-index')).removed).toBe(true);
  });
});
