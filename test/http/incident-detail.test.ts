import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '../../server/http/schemas/incidents.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { seedSample } from '../db/queries/sample.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function detail(slug: string): Promise<IncidentDetail> {
  const response = await t.app.inject(`/api/incidents/${encodeURIComponent(slug)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<IncidentDetail>();
}

describe('GET /api/incidents/:slug', () => {
  it('returns what the parser extracted, the timeline, the action items with links, and HTML', async () => {
    t = await testApp();
    const incident = await detail('disk-full');
    expect(incident).toMatchObject({
      slug: 'disk-full',
      sourcePath: 'disk-full.md',
      title: 'Checkout blocked by broker disk alarm',
      date: '2023-11-28',
      timezone: 'UTC',
      timezoneSource: 'declared',
      declaredTimezone: 'UTC',
      summary: 'A consumer deploy filled the broker disk.',
      severity: 'SEV-2',
      tags: ['broker', 'checkout'],
      detectSeconds: 300,
      resolveSeconds: 7200,
      milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
      sections: [{ heading: 'Summary', kind: 'summary', line: 3 }],
      metadata: { severity: 'SEV-2' },
      diagnostics: [{ severity: 'warning', code: 'timezone-assumed', message: 'assumed UTC', line: null }],
      error: null,
      errorAt: null,
      removed: false,
      removedAt: null,
      updatedAt: '2024-01-03T00:00:00.000Z',
      html: '<h1>Checkout blocked by broker disk alarm</h1>',
      parsed: true,
    });
    expect(incident.timeline).toEqual([
      {
        date: '2023-11-28',
        time: '10:00',
        endTime: null,
        at: '2023-11-28T10:00:00Z',
        timezone: 'UTC',
        approximate: false,
        text: 'consumer deploy started',
        kind: 'deploy',
        line: 10,
      },
      expect.objectContaining({ time: '10:05', text: 'rollback of the consumer', kind: 'rollback' }),
    ]);
    expect(incident.actionItems.map((item) => [item.text, item.status, item.overdue, item.archived])).toEqual([
      ['Alert on broker disk usage', 'open', true, false],
      ['Document the disk alarm runbook', 'done', false, false],
      ['Old archived item', 'open', false, true],
    ]);
    const [alert, runbook, archived] = incident.actionItems;
    expect(alert).toMatchObject({
      group: 'Monitoring',
      owner: 'alice',
      due: '2024-01-15',
      done: null,
      line: 30,
      position: 0,
      statusSource: 'markdown',
      archivedAt: null,
    });
    expect(alert!.links).toEqual([
      {
        id: expect.any(Number),
        source: 'markdown',
        ref: 'https://github.com/example-org/app/issues/10',
        url: 'https://github.com/example-org/app/issues/10',
        repo: 'example-org/app',
        number: 10,
        kind: 'issue',
        state: 'open',
        stateReason: null,
        title: null,
        assignees: ['alice'],
        labels: [],
        dueOn: null,
        syncedAt: null,
        syncError: null,
      },
    ]);
    expect(runbook).toMatchObject({ done: true, links: [] });
    expect(archived!.archivedAt).toBe('2024-07-03T00:00:00.000Z');
  });

  it('finds an incident by a former slug and answers with the current one', async () => {
    t = await testApp();
    expect((await detail('api-dns-outage')).slug).toBe('dns-cutover');
  });

  it('answers 404 naming the slug when there is no such incident', async () => {
    t = await testApp();
    const response = await t.app.inject('/api/incidents/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Not Found', message: 'no incident "no-such-thing"' });
  });

  it('still shows removed incidents and incidents whose file has an error', async () => {
    t = await testApp();
    expect(await detail('old-removed')).toMatchObject({ removed: true, removedAt: '2024-07-02T00:00:00.000Z' });
    expect(await detail('datahub-merge')).toMatchObject({
      error: 'cannot read the file: invalid UTF-8',
      errorAt: '2024-07-01T00:00:00.000Z',
    });
  });

  it('shows an incident that never parsed with empty lists and no HTML', async () => {
    t = await testApp({
      seed: (database) => seedIncident(database, { slug: 'broken', neverParsed: true, error: 'not UTF-8' }),
    });
    expect(await detail('broken')).toMatchObject({
      title: null,
      sections: [],
      metadata: {},
      diagnostics: [],
      timeline: [],
      actionItems: [],
      html: '',
      parsed: false,
      milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
      error: 'not UTF-8',
    });
  });

  it('renders sanitized HTML: no raw HTML, no javascript: links, no front matter', async () => {
    const markdown = [
      '---',
      'title: Sneaky',
      'tags: secret-front-matter',
      '---',
      '# Sneaky <script>alert(1)</script>',
      '',
      '[x](javascript:alert(1)) <img src=x onerror=alert(1)>',
      '',
      '<iframe src="https://evil.example"></iframe>',
      '',
      '- [x] done item',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n');
    t = await testApp({ seed: (database) => seedIncident(database, { slug: 'sneaky', title: 'Sneaky', markdown }) });
    const { html } = await detail('sneaky');
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|secret-front-matter/i);
    expect(html).toContain('<h1>Sneaky');
    expect(html).toContain('<a>x</a>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<td>1</td>');
  });

  it('marks overdue items against the injected clock', async () => {
    t = await testApp({ now: () => new Date('2024-01-10T00:00:00Z') });
    const [alert] = (await detail('disk-full')).actionItems;
    expect(alert!.overdue).toBe(false);
  });

  it('shows changed action items immediately, and re-renders the HTML when the file changes', async () => {
    let ids: Record<string, number> = {};
    t = await testApp({ seed: (database) => (ids = seedSample(database)) });
    expect((await detail('disk-full')).html).toBe('<h1>Checkout blocked by broker disk alarm</h1>');
    const id = ids['disk-full']!;
    t.database.sqlite.prepare("UPDATE action_items SET status = 'done' WHERE incident_id = ? AND position = 0").run(id);
    t.database.sqlite.prepare("UPDATE incidents SET markdown = '# Edited' WHERE id = ?").run(id);
    const same = await detail('disk-full');
    expect(same.actionItems[0]!.status).toBe('done');
    // Same file hash and update time: the cached rendering is used (the markdown was changed behind its back).
    expect(same.html).toBe('<h1>Checkout blocked by broker disk alarm</h1>');
    t.database.sqlite.prepare("UPDATE incidents SET file_hash = 'new', updated_at = '2024-06-01T00:00:00.000Z' WHERE id = ?").run(id);
    expect((await detail('disk-full')).html).toBe('<h1>Edited</h1>');
  });
});
