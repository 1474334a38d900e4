/// <reference lib="dom" />
/**
 * The web UI in a real headless Chromium against the real server on a temporary database: every view, search and
 * filters in the URL, the outage timeline's markers at the right places, the time zone switch, keyboard use,
 * phone width, dark theme, and a hostile postmortem that must not run anything. Screenshots of each view are kept
 * in `test-results/screenshots/` (the README's screenshot comes from there).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser, startUiServer, type Browser, type UiServer } from '../../helpers/browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

const STAGING_MERGE = `---
title: Staging chart merged to production by accident
date: 2018-01-25
timezone: America/Los_Angeles
severity: SEV-2
tags: [datahub, deployment]
---

## Summary

A beta chart reached production through an accidental merge and took the hub down.

## Timeline

All times in PST.

- 14:30 The chart upgrade is deployed to staging.
- 15:30 The beta chart is deployed to production by accident.
- 16:11 Students report in Slack that the hub is down.
- 16:20 The team agrees to go back to the previous chart.
- 16:35 Rolled back production to v0.5.0; the hub is back online.

## Action items

- [ ] Block merges to production when staging is not online. https://github.com/example/datahub/issues/14
- [x] Pin chart versions in the deploy config.
- [ ] Alert on hub health failures. Owner: @lchen, due 2018-02-16
`;

const DNS_CUTOVER = `---
title: API unreachable after a DNS cutover
date: 2024-03-12
timezone: UTC
severity: SEV-1
tags: [dns, networking]
---

## Timeline

- 09:00 DNS for api.example.com is pointed at the new load balancer.
- 09:05 Synthetic checks alert: TLS handshake failures.
- 09:40 DNS change reverted.
- 10:10 Resolved: traffic is healthy again.

## Action items

- [x] Attach the certificate to the new load balancer.
- [ ] Run a TLS probe before any cutover.
`;

const HOSTILE = `---
title: <script>window.__pwned = 'title'</script> Hostile report on payments-gateway.internal.example.com/v2/authorize/with/a/very/long/path
date: 2023-05-02
timezone: UTC
tags: [security]
---

## Summary

<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<a href="javascript:window.__pwned = 'raw-link'" id="raw-link">a raw link</a>
<svg onload="window.__pwned = 'svg'"><circle r="3"></circle></svg>
<iframe src="javascript:window.__pwned = 'iframe'"></iframe>

A [markdown link](javascript:window.__pwned='md-link') and an ![image](javascript:window.__pwned='img').

## Timeline

- 10:00 <img src=x onerror="window.__pwned = 'timeline'"> something happened.
- 10:30 Resolved.

## Action items

- [ ] Sanitize everything <script>window.__pwned = 'item'</script> [link](javascript:window.__pwned='item-link')
`;

const skip = browserSkipReason();

describe.skipIf(skip !== null)('web UI in Chromium', { timeout: 30_000 }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ui = await startUiServer({
      '2018-01-25-staging-merge.md': STAGING_MERGE,
      '2024-03-12-dns-cutover.md': DNS_CUTOVER,
      '2023-05-02-hostile.md': HOSTILE,
    });
    browser = await launchBrowser({ timezoneId: 'Asia/Kolkata' });
    page = browser.page;
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const rows = () => page.locator('table.incidents tbody tr');

  it('lists the incidents with a per-month chart, newest first', async () => {
    await page.goto(`${ui.url}/`);
    await expect.poll(() => rows().count()).toBe(3);
    expect(await rows().nth(0).getAttribute('data-slug')).toBe('2024-03-12-dns-cutover');
    expect(await rows().nth(2).getAttribute('data-slug')).toBe('2018-01-25-staging-merge');
    const first = rows().nth(2);
    // The outage starts at the production deploy (15:30; the 14:30 one went to staging only) and ends at 16:35.
    expect(await first.locator('td').nth(2).textContent()).toContain('1 h 5 min');
    expect((await first.locator('td').nth(3).innerText()).replace(/\s+/g, ' ').trim()).toBe('41 min');
    expect((await first.locator('td').nth(4).innerText()).replace(/\s+/g, '')).toBe('2/3');
    // One bar per month from January 2018 to March 2024, three of them non-zero.
    const bars = page.locator('figure.chart .bar');
    expect(await bars.count()).toBe(75);
    expect(await page.locator('figure.chart .bar[data-count="1"]').count()).toBe(3);
    expect(await page.getByRole('status').first().textContent()).toContain('3 incidents');
    // Response times over every incident: detection is known for all three.
    const response = await page.locator('dl.response').textContent();
    expect(response).toMatch(/Time to detect\s*median/);
    expect(response).toContain('(3 incidents)');
    await shot('incidents');
  });

  it('searches and filters through the URL; back and forward restore the list', async () => {
    const options = (label: string) => page.getByLabel(label).locator('option').allTextContents();
    await page.goto(`${ui.url}/`);
    await expect.poll(() => rows().count()).toBe(3);
    await expect.poll(() => options('Year')).toEqual(['any', '2024 (1)', '2023 (1)', '2018 (1)']);
    await page.getByLabel('Search').fill('certificate');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('certificate');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getAttribute('data-slug')).toBe('2024-03-12-dns-cutover');
    // The menus count what the search finds.
    await expect.poll(() => options('Year')).toEqual(['any', '2024 (1)']);
    expect(await options('Tag')).toEqual(['any', 'dns (1)', 'networking (1)']);

    await page.getByLabel('Search').fill('');
    await expect.poll(() => new URL(page.url()).searchParams.has('q')).toBe(false);
    await expect.poll(() => rows().count()).toBe(3);
    await expect.poll(() => options('Year')).toEqual(['any', '2024 (1)', '2023 (1)', '2018 (1)']);

    await page.getByLabel('Year').selectOption('2018');
    await expect.poll(() => new URL(page.url()).searchParams.get('year')).toBe('2018');
    await expect.poll(() => rows().count()).toBe(1);
    // The tags follow the year; the years do not follow themselves, so another year is one choice away.
    await expect.poll(() => options('Tag')).toEqual(['any', 'datahub (1)', 'deployment (1)']);
    expect(await options('Year')).toEqual(['any', '2024 (1)', '2023 (1)', '2018 (1)']);
    await page.getByLabel('Search').fill('certificate');
    await expect.poll(() => rows().count()).toBe(0);
    expect(await page.getByText('No incident matches these filters.').count()).toBe(1);
    // The year chosen stays in its menu, with the nothing it now leads to.
    await expect.poll(() => options('Year')).toEqual(['any', '2024 (1)', '2018 (0)']);
    expect(await page.getByLabel('Year').inputValue()).toBe('2018');

    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(null);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await page.getByLabel('Search').inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => rows().count()).toBe(0);
    expect(await page.getByLabel('Search').inputValue()).toBe('certificate');

    // A shared link opens with its filters applied and shown.
    await page.goto(`${ui.url}/?severity=sev-1`);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await page.getByLabel('Severity').inputValue()).toBe('SEV-1');
  });

  it('opens an incident from the list: header, timeline chart at the right positions, action items, notes', async () => {
    await page.goto(`${ui.url}/`);
    await page.getByRole('link', { name: 'Staging chart merged to production by accident' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/incidents/2018-01-25-staging-merge');
    await page.getByRole('heading', { level: 1, name: 'Staging chart merged to production by accident' }).waitFor();
    expect(await page.title()).toContain('Staging chart merged');

    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('America/Los_Angeles');
    expect(facts).toContain('PST');
    expect(facts).toContain('2018-01-25-staging-merge.md');

    // Five timed entries, five markers: 14:30 and 15:30 are deployments (staging, production), 16:35 a rollback.
    const markers = page.locator('figure.outage-timeline g.marker');
    await expect.poll(() => markers.count()).toBe(5);
    const placed = await markers.evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = (node as SVGGraphicsElement).getBoundingClientRect();
        return { at: node.getAttribute('data-at')!, lane: node.getAttribute('data-lane')!, kind: node.getAttribute('data-kind')!, x: box.x + box.width / 2 };
      }),
    );
    placed.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    expect(placed.map((marker) => new Date(marker.at).toISOString())).toEqual([
      '2018-01-25T22:30:00.000Z',
      '2018-01-25T23:30:00.000Z',
      '2018-01-26T00:11:00.000Z',
      '2018-01-26T00:20:00.000Z',
      '2018-01-26T00:35:00.000Z',
    ]);
    expect(placed.map((marker) => marker.lane)).toEqual(['staging', 'production', 'incident', 'incident', 'production']);
    expect(placed[4]!.kind).toBe('rollback');
    // Positions follow a linear time axis: x is proportional to time between any two markers.
    const t = placed.map((marker) => Date.parse(marker.at));
    const pixelsPerMs = (placed[4]!.x - placed[0]!.x) / (t[4]! - t[0]!);
    expect(pixelsPerMs).toBeGreaterThan(0);
    for (let i = 1; i < 4; i++) expect(placed[i]!.x - placed[0]!.x).toBeCloseTo((t[i]! - t[0]!) * pixelsPerMs, 0);

    // The outage window is shaded from the start (15:30, the deploy that reached production) to the mitigation (16:35).
    const outage = await page.locator('figure.outage-timeline g.outage rect').first().boundingBox();
    expect(outage).not.toBeNull();
    expect(outage!.x).toBeCloseTo(placed[1]!.x, 0);
    expect(outage!.x + outage!.width).toBeCloseTo(placed[4]!.x, 0);

    // The text alternative describes the chart.
    expect(await page.locator('figure.outage-timeline figcaption').textContent()).toMatch(/production: 1 deploy, 1 rollback/);

    const items = page.locator('ul.items > li');
    expect(await items.count()).toBe(3);
    expect(await items.nth(0).textContent()).toContain('example/datahub#14');
    expect(await page.locator('ul.items [data-status="done"], ul.items li[data-status="done"]').count()).toBe(1);
    expect(await page.getByRole('heading', { name: /Parser notes/ }).count()).toBe(1);
    await shot('incident');
  });

  it('switches the times between the incident zone, UTC and the viewer zone', async () => {
    await page.goto(`${ui.url}/incidents/2018-01-25-staging-merge`);
    const firstTime = page.locator('ol.timeline li').first().locator('time');
    await expect.poll(() => firstTime.textContent()).toContain('14:30');
    const tickLabels = () => page.locator('figure.outage-timeline .tick-label').allTextContents();
    const pstTicks = await tickLabels();

    await page.getByRole('radio', { name: 'UTC' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('tz')).toBe('utc');
    await expect.poll(() => firstTime.textContent()).toContain('22:30');
    expect(await tickLabels()).not.toEqual(pstTicks);
    await shot('incident-utc');

    // The browser runs in Asia/Kolkata: 14:30 PST is 04:00 the next day there.
    await page.getByRole('radio', { name: /^Mine/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('tz')).toBe('viewer');
    await expect.poll(() => firstTime.textContent()).toContain('04:00');

    // The choice survives a reload (it is in the URL); the incident's zone removes it again.
    await page.reload();
    await expect.poll(() => firstTime.textContent()).toContain('04:00');
    await page.getByRole('radio', { name: /^Incident/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.has('tz')).toBe(false);
    await expect.poll(() => firstTime.textContent()).toContain('14:30');
  });

  it('shows an entry on hover and focus, and scrolls the text timeline to a clicked marker; keys move between markers', async () => {
    await page.goto(`${ui.url}/incidents/2018-01-25-staging-merge`);
    const marker = page.locator('figure.outage-timeline g.marker[data-lane="incident"]').first();
    await marker.hover();
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('Students report in Slack');
    await marker.click();
    const row = page.locator('ol.timeline li.selected');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Students report in Slack');
    expect(await row.evaluate((node) => {
      const box = node.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    })).toBe(true);

    // Keyboard: one tab stop for the chart, arrows walk the markers in time order, Enter selects.
    await page.locator('figure.outage-timeline g.marker[tabindex="0"]').focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-at'));
    const start = await focused();
    await page.keyboard.press('ArrowRight');
    const next = await focused();
    expect(Date.parse(next!)).toBeGreaterThan(Date.parse(start!));
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => Date.parse((await page.locator('ol.timeline li.selected time').getAttribute('datetime')) ?? ''))
      .toBe(Date.parse(next!));
    expect(await page.locator('figure.outage-timeline g.marker[tabindex="0"]').count()).toBe(1);
  });

  it('lists action items across incidents with filters, progress and the open-items chart', async () => {
    await page.goto(`${ui.url}/action-items`);
    const items = page.locator('ul.items > li');
    await expect.poll(() => items.count()).toBe(6);
    const progress = await page.locator('dl.progress').textContent();
    expect(progress).toContain('33 %');
    expect(progress).toContain('2 done of 6');
    expect(await page.locator('figure.chart').textContent()).toContain('Open action items');
    await shot('action-items');

    await page.getByLabel('Status').selectOption('done');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('done');
    await expect.poll(() => items.count()).toBe(2);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Linked issue').selectOption('true');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('Block merges to production');
    await page.getByLabel('Linked issue').selectOption('');
    await page.getByLabel('Incident').selectOption('2024-03-12-dns-cutover');
    await expect.poll(() => items.count()).toBe(2);

    // Each item links to its incident.
    await items.first().getByRole('link', { name: 'API unreachable after a DNS cutover' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/incidents/2024-03-12-dns-cutover');
  });

  it('searches the item text, filters by owner, sorts, and counts the progress of what is filtered', async () => {
    const items = page.locator('ul.items > li');
    const progress = () => page.locator('dl.progress').textContent();
    const scope = () => page.locator('p.scope').textContent();
    await page.goto(`${ui.url}/action-items`);
    await expect.poll(() => items.count()).toBe(6);
    expect(await scope()).toContain('Of every current item');
    expect(await progress()).toContain('Median age');

    // Every word, in any case, anywhere in the text.
    await page.getByLabel('Search').fill('PROBE cutover');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('PROBE cutover');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('Run a TLS probe before any cutover.');
    // The boxes count what is shown; the chart stays over every item and says so.
    await expect.poll(progress).toContain('0 done of 1');
    expect(await scope()).toContain('Of the 1 item shown');
    expect(await progress()).not.toContain('Median age');
    expect(await page.locator('figure.chart').textContent()).toContain('every item (not filtered)');
    await page.getByLabel('Search').fill('probe staging');
    await expect.poll(() => items.count()).toBe(0);
    await page.getByLabel('Search').fill('');
    await expect.poll(() => items.count()).toBe(6);
    await expect.poll(progress).toContain('2 done of 6');
    expect(await scope()).toContain('Of every current item');

    // The owners there are, with their counts.
    expect(await page.getByLabel('Owner').locator('option').allTextContents()).toEqual(['any', 'lchen (1)']);
    await page.getByLabel('Owner').selectOption('lchen');
    await expect.poll(() => new URL(page.url()).searchParams.get('owner')).toBe('lchen');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('Alert on hub health failures');
    await expect.poll(progress).toMatch(/Overdue\s*1/);
    await page.getByLabel('Owner').selectOption('');
    await expect.poll(() => items.count()).toBe(6);

    // Soonest due first (the one item with a due date), the others after it; a sort alone filters nothing.
    expect(await items.first().textContent()).not.toContain('Alert on hub health failures');
    await page.getByLabel('Sort').selectOption('due');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('due');
    await expect.poll(async () => (await items.first().textContent()) ?? '').toContain('Alert on hub health failures');
    expect(await items.count()).toBe(6);
    expect(await scope()).toContain('Of every current item');

    // The counts follow the filters but not the status: the completion of the incident's items, whatever is listed.
    await page.getByLabel('Incident').selectOption('2024-03-12-dns-cutover');
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(progress).toContain('1 done of 2');
    expect(await progress()).toContain('50 %');
    await page.getByLabel('Status').selectOption('done');
    await expect.poll(() => items.count()).toBe(1);
    expect(await progress()).toContain('1 done of 2');
    expect(await scope()).toContain('in any status');
    await shot('action-items-filtered');

    // All of it is in the URL: back steps through it, a reload keeps it.
    await page.goBack();
    await expect.poll(() => items.count()).toBe(2);
    await page.reload();
    await expect.poll(() => items.count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('due');
    expect(await page.getByLabel('Sort').inputValue()).toBe('due');
  });

  it('does not run anything a postmortem contains', async () => {
    const response = await page.goto(`${ui.url}/incidents/2023-05-02-hostile`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.markdown').waitFor();
    await page.locator('ol.timeline li').first().waitFor();
    // Links that were javascript: are gone or inert; clicking what is left runs nothing.
    for (const link of await page.locator('.markdown a, ul.items a').all()) {
      const href = await link.getAttribute('href');
      expect(href ?? '').not.toMatch(/^\s*javascript:/i);
    }
    const raw = page.locator('#raw-link, .markdown a:has-text("a raw link")');
    if ((await raw.count()) > 0) await raw.first().click({ noWaitAfter: true });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('.markdown script, .markdown iframe, .markdown svg, .markdown [onerror], .markdown [onload]').count()).toBe(0);
    // The title is text, not markup.
    expect(await page.locator('h1').first().textContent()).toContain('<script>');
    expect(errors.filter((error) => error.startsWith('dialog'))).toEqual([]);
    await shot('hostile');
  });

  it('shows not found for an unknown incident and an unknown page', async () => {
    await page.goto(`${ui.url}/incidents/no-such-incident`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not found');
    expect(await page.title()).toBe('Not found · Hindsight');
    expect(await page.getByRole('link', { name: 'See all incidents' }).getAttribute('href')).toBe('/');
    const undecodable = await page.goto(`${ui.url}/incidents/%ff`);
    expect(undecodable?.status()).toBe(400);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const response = await page.goto(`${ui.url}/nowhere`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it('fits a phone screen and follows a dark system theme', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/', '/incidents/2018-01-25-staging-merge', '/incidents/2023-05-02-hostile', '/action-items']) {
      await page.goto(`${ui.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow at ${path}`).toBeLessThanOrEqual(0);
    }
    await shot('incident-phone');
    // The list as cards: every number labelled, none hidden.
    await page.goto(`${ui.url}/`);
    const card = page.locator('table.incidents tbody tr[data-slug="2018-01-25-staging-merge"]');
    await expect.poll(async () => (await card.innerText()).replace(/\s+/g, ' ')).toMatch(/lasted 1 h 5 min.*detected after 41 min.*items 2 \/ 3/);
    await page.setViewportSize({ width: 1280, height: 900 });

    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.goto(`${ui.url}/incidents/2018-01-25-staging-merge`);
    await page.locator('figure.outage-timeline g.marker').first().waitFor();
    await shot('incident-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a postmortem as soon as it is added to the folder, without a reload', async () => {
    await page.goto(`${ui.url}/`);
    await expect.poll(() => rows().count()).toBe(3);
    ui.folder.write('postmortems/2025-02-02-live.md', DNS_CUTOVER.replace('API unreachable after a DNS cutover', 'Live update').replace('2024-03-12', '2025-02-02'));
    await fetch(`${ui.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(4);
    expect(await rows().first().getAttribute('data-slug')).toBe('2025-02-02-live');
    ui.folder.remove('postmortems/2025-02-02-live.md');
    await fetch(`${ui.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(3);
  });

  it('offers the first page when a link points past the end of a list', async () => {
    await page.goto(`${ui.url}/?offset=500`);
    await page.getByText('Nothing on this page').waitFor();
    await page.getByRole('link', { name: 'Go to the first page' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    await page.goto(`${ui.url}/action-items?offset=500`);
    await page.getByText('Nothing on this page').waitFor();
  });

  it('opens the view a deep link names without loading the incident list first', async () => {
    const asked: string[] = [];
    const listen = (request: { url(): string }) => asked.push(request.url());
    page.on('request', listen);
    await page.goto(`${ui.url}/action-items?status=done`);
    await expect.poll(() => page.locator('ul.items > li').count()).toBe(2);
    page.off('request', listen);
    expect(asked.filter((url) => url.includes('/api/incidents?limit=50'))).toEqual([]);
  });

  it('takes an action item link straight to the item on its incident page', async () => {
    await page.goto(`${ui.url}/action-items?incident=2018-01-25-staging-merge`);
    const item = page.locator('ul.items > li').filter({ hasText: 'Alert on hub health failures' });
    await item.getByRole('link', { name: 'Staging chart merged to production by accident' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#item-\d+$/);
    const id = new URL(page.url()).hash.slice(1);
    await expect
      .poll(() => page.locator(`#${id}`).evaluate((node) => node.getBoundingClientRect().top >= 0 && node.getBoundingClientRect().bottom <= window.innerHeight))
      .toBe(true);
    expect(await page.locator(`#${id}`).textContent()).toContain('Alert on hub health failures');
  });

  it('lists files that could not be read, and says so on their page', async () => {
    ui.folder.write('postmortems/2025-03-01-latin1.md', Buffer.from('---\ntitle: Caf\xe9 outage\n---\n', 'latin1'));
    await fetch(`${ui.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    try {
      await page.goto(`${ui.url}/`);
      await page.getByLabel('Files').selectOption('error');
      await expect.poll(() => new URL(page.url()).searchParams.get('has-error')).toBe('true');
      await expect.poll(() => rows().count()).toBe(1);
      await rows().first().getByRole('link').click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('could not read this file yet');
      expect(await page.locator('ul.diagnostics').textContent()).toContain('file-unreadable');
      expect(await page.locator('figure.outage-timeline').count()).toBe(0);
    } finally {
      ui.folder.remove('postmortems/2025-03-01-latin1.md');
      await fetch(`${ui.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  it('raised no uncaught error in the page', () => {
    expect(errors.filter((error) => !error.startsWith('dialog'))).toEqual([]);
  });
});

describe.skipIf(skip !== null)('web UI with no postmortems', () => {
  it('says how to add the first one', async () => {
    const ui = await startUiServer({});
    const browser = await launchBrowser();
    try {
      await browser.page.goto(`${ui.url}/`);
      await browser.page.getByText('No incidents yet.').waitFor();
      await browser.page.goto(`${ui.url}/action-items`);
      await browser.page.getByText('No action items yet').waitFor();
    } finally {
      await browser.close();
      await ui.close();
    }
  }, 60_000);
});

describe.skipIf(skip !== null)('web UI on a server that protects reads', () => {
  it('asks for the token once, then shows every view with it', async () => {
    const token = 'a-test-token-of-some-length';
    const ui = await startUiServer({ '2024-03-12-dns-cutover.md': DNS_CUTOVER }, { HINDSIGHT_TOKEN: token, HINDSIGHT_PROTECT_READS: 'true' });
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(`${ui.url}/`);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('needs an access token');
      await page.getByLabel('Token').fill('wrong-token-wrong-token');
      await page.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => page.locator('table.incidents tbody tr').count()).toBe(1);
      // The filter menus loaded with it, and the token lasts for the tab: other views and reloads use it.
      expect(await page.getByLabel('Tag').locator('option').allTextContents()).toContain('dns (1)');
      await page.goto(`${ui.url}/action-items`);
      await expect.poll(() => page.locator('ul.items > li').count()).toBe(2);
      expect(await page.getByRole('alert').count()).toBe(0);

      // The change stream cannot carry the token: a report added meanwhile shows when the tab is back in view.
      await page.goto(`${ui.url}/`);
      await expect.poll(() => page.locator('table.incidents tbody tr').count()).toBe(1);
      ui.folder.write('postmortems/2025-02-01-queue-backlog.md', DNS_CUTOVER.replace('API unreachable after a DNS cutover', 'Queue backlog').replace('2024-03-12', '2025-02-01'));
      const ingested = await fetch(`${ui.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(ingested.status).toBe(200);
      await page.waitForTimeout(2100); // at most one refresh per 2 s
      expect(await page.locator('table.incidents tbody tr').count()).toBe(1);
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await expect.poll(() => page.locator('table.incidents tbody tr').count()).toBe(2);
    } finally {
      await browser.close();
      await ui.close();
    }
  }, 60_000);
});
