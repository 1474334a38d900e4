/// <reference lib="dom" />
/**
 * The deployment view in a real headless Chromium against the real server, over the example postmortems and
 * deployments (`postmortems/`): the list newest first, filters in the URL with back/forward, the time strip with
 * the datahub incident's band over its deployments (suspect and recovery drawn as on the incident page), DORA's
 * numbers as `/api/stats` gives them, the zone switch and the days of the date filters in that zone, the keyboard,
 * a desktop's and a phone's width; then, with more deployments posted, spellings of an environment as one, and the
 * strip drawing every deployment matching whatever page the list is on. Screenshots go to `test-results/screenshots/`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStats, Stats } from '../../../web/src/lib/api-types.ts';
import { formatRate, frequencyBand, unconfirmedText } from '../../../web/src/lib/deployment-format.ts';
import { formatDuration, formatPercent } from '../../../web/src/lib/format.ts';
import { exampleFiles, browserSkipReason, launchBrowser, startUiServer, type Browser, type UiServer } from '../../helpers/browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';

const skip = browserSkipReason();

describe.skipIf(skip !== null)('deployment view in Chromium', { timeout: 30_000 }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ui = await startUiServer(exampleFiles());
    browser = await launchBrowser({ timezoneId: 'America/Los_Angeles' });
    page = browser.page;
    page.on('pageerror', (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const rows = () => page.locator('table.deployments tbody tr');
  const markers = () => page.locator('figure.deployment-strip g.marker');
  const param = (name: string) => new URL(page.url()).searchParams.get(name);
  const api = async <T>(path: string): Promise<T> => (await fetch(`${ui.url}${path}`)).json() as Promise<T>;
  const metric = async (name: string) => ((await page.locator(`[data-metric="${name}"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim();

  /** What DoraSummary must say for these numbers. */
  async function expectDora(stats: DeliveryStats) {
    const frequency = await metric('frequency');
    expect(frequency).toContain(`${formatRate(stats.frequency.perWeek)} per week`);
    expect(frequency).toContain(frequencyBand(stats.frequency.level));
    expect(frequency).toContain(`${stats.frequency.deployments} deployments`);
    const failure = await metric('change-failure-rate');
    expect(failure).toContain(formatPercent(stats.changeFailureRate.rate));
    expect(failure).toContain(`${stats.changeFailureRate.failures} failure`);
    expect(failure).toContain(`of ${stats.changeFailureRate.deployments} deployments`);
    if (stats.changeFailureRate.unconfirmedSuspects > 0) expect(failure).toContain(unconfirmedText(stats.changeFailureRate.unconfirmedSuspects));
    const restore = await metric('time-to-restore');
    expect(restore).toContain(`median ${formatDuration(stats.timeToRestore.median)}`);
    expect(restore).toContain(`p90 ${formatDuration(stats.timeToRestore.p90)}`);
  }

  it('lists the 22 example deployments newest first, in the viewer zone, on a time strip', async () => {
    await page.goto(`${ui.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/deployments');
    await expect.poll(() => rows().count()).toBe(22);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Deployments · Hindsight');
    expect(await page.getByRole('status').filter({ hasText: 'deployments' }).textContent()).toContain('22 deployments');

    const times = await rows().locator('td.time time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime')!)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The newest: 2024-06-18 12:10 UTC is 05:10 PDT for a viewer in Los Angeles.
    expect((await rows().first().locator('td.time').textContent())!.replace(/\s+/g, ' ')).toBe('2024-06-18 05:10 PDT');
    const newest = rows().first();
    expect(await newest.getByRole('link', { name: 'PR #910' }).getAttribute('href')).toBe('https://github.com/example-org/platform-charts/pull/910');
    expect(await newest.getByRole('link', { name: '35e73cf' }).getAttribute('href')).toContain('/commit/35e73cf60b005e0e4c99dc2f5faef867bbcf9e25');

    await expect.poll(() => markers().count()).toBe(22);
    const lanes = await markers().evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute('data-lane')))].sort());
    expect(lanes).toEqual(['production', 'staging']);
    expect(await page.locator('figure.deployment-strip g.marker[data-kind="rollback"]').count()).toBe(5);
    // The four example incidents lie in the span, each with its suspect marked.
    expect(await page.locator('figure.deployment-strip g.band').count()).toBe(4);
    expect(await page.locator('figure.deployment-strip g.marker[data-role~="suspect"]').count()).toBe(4);
    expect(await page.locator('figure.deployment-strip figcaption').textContent()).toMatch(/22 deployments from .*production: 11 deploys, 4 rollbacks; staging: 6 deploys, 1 rollback/);
    // As on the incident page: the suspect in a square (dashed until it is the cause), the recovery in a circle.
    expect(await page.locator('figure.deployment-strip g.marker[data-role~="suspect"] rect.role-mark').count()).toBe(4);
    expect(await page.locator('figure.deployment-strip g.marker[data-role~="recovery"] circle.role-mark').count()).toBe(4);
    // The example data confirm three causes (named in their postmortems): "cause of", a solid square.
    expect(await page.locator('figure.deployment-strip g.marker[data-cause="confirmed"] rect.role-mark.confirmed').count()).toBe(3);
    expect(await rows().filter({ hasText: 'cause of' }).count()).toBe(3);
    expect(await rows().filter({ hasText: 'suspect of' }).count()).toBe(1);
    // The table fits a 1280 px window: nothing clipped, nothing to scroll sideways.
    const table = await page.locator('table.deployments').evaluate((node) => {
      const box = node.parentElement!;
      return { scroll: box.scrollWidth, client: box.clientWidth, source: node.querySelector('th:last-child')!.getBoundingClientRect().right, edge: box.getBoundingClientRect().right };
    });
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    expect(table.source).toBeLessThanOrEqual(table.edge + 0.5);
    await shot('deployments');
  });

  it('filters by environment through the URL; back and forward restore the list', async () => {
    const options = (label: string) => page.getByRole('combobox', { name: new RegExp(`^${label}`) }).locator('option').allTextContents();
    await page.goto(`${ui.url}/deployments`);
    await expect.poll(() => rows().count()).toBe(22);
    await expect.poll(() => options('Environment')).toEqual(['any', 'production (15)', 'staging (7)']);

    await page.getByRole('combobox', { name: /^Environment/ }).selectOption('production');
    await expect.poll(() => param('environment')).toBe('production');
    await expect.poll(() => rows().count()).toBe(15);
    expect(new Set(await rows().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-environment'))))).toEqual(new Set(['production']));
    expect(await markers().count()).toBe(15);
    // The services menu counts what the environment leaves.
    await expect.poll(() => options('Service')).toContain('datahub (4)');

    await page.getByRole('combobox', { name: /^Kind/ }).selectOption('rollback');
    await expect.poll(() => param('kind')).toBe('rollback');
    await expect.poll(() => rows().count()).toBe(4);

    await page.goBack();
    await expect.poll(() => param('kind')).toBe(null);
    await expect.poll(() => rows().count()).toBe(15);
    await page.goBack();
    await expect.poll(() => param('environment')).toBe(null);
    await expect.poll(() => rows().count()).toBe(22);
    expect(await page.getByRole('combobox', { name: /^Environment/ }).inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => rows().count()).toBe(15);
    expect(await page.getByRole('combobox', { name: /^Environment/ }).inputValue()).toBe('production');

    // A shared link opens with its filters applied and shown.
    await page.goto(`${ui.url}/deployments?environment=staging&q=revert`);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await page.getByLabel('Search').inputValue()).toBe('revert');
    expect(await page.getByRole('combobox', { name: /^Environment/ }).inputValue()).toBe('staging');
  });

  it('overlays the datahub incident on its deployments in January 2018', async () => {
    // From the unfiltered strip, the incident's "deployments around it" narrows to its days (the viewer's: 15:30 to
    // 16:35 on 25 January in Los Angeles, so the 24th to the 26th).
    await page.goto(`${ui.url}/deployments`);
    await page.locator(`figure.deployment-strip ul.incidents li[data-slug="${DATAHUB}"]`).getByRole('link', { name: 'deployments around it' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?from=2018-01-24&to=2018-01-26');
    await expect.poll(() => rows().count()).toBe(6);
    await expect.poll(() => markers().count()).toBe(6);

    const band = page.locator(`figure.deployment-strip g.band[data-slug="${DATAHUB}"]`);
    expect(await page.locator('figure.deployment-strip g.band').count()).toBe(1);
    const placed = await markers().evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = (node as SVGGraphicsElement).getBoundingClientRect();
        return { at: Date.parse(node.getAttribute('data-at')!), lane: node.getAttribute('data-lane'), role: node.getAttribute('data-role'), x: box.x + box.width / 2 };
      }),
    );
    // Positions follow a linear time axis.
    const first = placed[0]!;
    const last = placed[placed.length - 1]!;
    const pxPerMs = (last.x - first.x) / (last.at - first.at);
    expect(pxPerMs).toBeGreaterThan(0);
    for (const marker of placed) expect(marker.x - first.x).toBeCloseTo((marker.at - first.at) * pxPerMs, 0);

    // The band runs from the accidental production deploy (the suspect) to the production rollback (the recovery).
    const suspect = placed.find((marker) => marker.role === 'suspect')!;
    const recovery = placed.find((marker) => marker.role === 'recovery')!;
    expect([suspect.lane, new Date(suspect.at).toISOString()]).toEqual(['production', '2018-01-25T23:30:00.000Z']);
    expect([recovery.lane, new Date(recovery.at).toISOString()]).toEqual(['production', '2018-01-26T00:35:00.000Z']);
    const box = (await band.locator('rect').boundingBox())!;
    expect(box.x).toBeCloseTo(suspect.x, 0);
    expect(box.x + box.width).toBeCloseTo(recovery.x, 0);
    // The staging rollback at 00:24 lies inside it, the deploys of the days before outside.
    const inside = placed.filter((marker) => marker.x >= box.x - 0.5 && marker.x <= box.x + box.width + 0.5).map((marker) => new Date(marker.at).toISOString());
    expect(inside).toEqual(['2018-01-25T23:30:00.000Z', '2018-01-26T00:24:00.000Z', '2018-01-26T00:35:00.000Z']);

    // Its title links to the incident page.
    const label = page.locator('figure.deployment-strip a.band-label');
    expect(await label.textContent()).toBe('Accidental merge to production took the Data 8 hub down');
    expect(await label.getAttribute('href')).toBe(`/incidents/${DATAHUB}`);
    const suspectRow = page.locator('table.deployments tr[data-id]').filter({ hasText: 'suspect of' });
    expect(await suspectRow.count()).toBe(1);
    expect(await suspectRow.locator('td.time').textContent()).toContain('2018-01-25 15:30');
    await shot('deployments-datahub');
    await page.locator('figure.deployment-strip ul.incidents').getByRole('link', { name: 'Accidental merge to production took the Data 8 hub down' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${DATAHUB}`);
  });

  it('shows a deployment on hover and focus; keys walk the markers and Enter picks the row', async () => {
    await page.goto(`${ui.url}/deployments?from=2018-01-24&to=2018-01-26`);
    await expect.poll(() => markers().count()).toBe(6);
    await page.locator('figure.deployment-strip g.marker[data-role~="suspect"]').hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('suspect of “Accidental merge to production took the Data 8 hub down”');

    await page.locator('figure.deployment-strip g.marker[tabindex="0"]').focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-at'));
    const start = await focused();
    await page.keyboard.press('ArrowRight');
    const next = await focused();
    expect(Date.parse(next!)).toBeGreaterThan(Date.parse(start!));
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    await expect.poll(() => page.locator('table.deployments tr.selected').getAttribute('data-id')).toBe(id);
    expect(await page.locator('figure.deployment-strip g.marker[tabindex="0"]').count()).toBe(1);
  });

  it('takes the days of the date filters in the zone the times are shown in, and says which', async () => {
    // 25 January in Los Angeles: the four datahub changes of that afternoon (14:30 to 16:35 PST).
    await page.goto(`${ui.url}/deployments?from=2018-01-25&to=2018-01-25`);
    await expect.poll(() => rows().count()).toBe(4);
    expect(await page.locator('#deployments-days-zone').textContent()).toBe('Days in America/Los_Angeles (your time zone)');
    expect(await page.getByLabel('From').getAttribute('aria-describedby')).toBe('deployments-days-zone');
    const times = () => rows().locator('td.time').allTextContents();
    expect((await times()).map((time) => time.replace(/\s+/g, ' '))).toEqual([
      '2018-01-25 16:35 PST',
      '2018-01-25 16:24 PST',
      '2018-01-25 15:30 PST',
      '2018-01-25 14:30 PST',
    ]);
    // The strip spans the day chosen, on the same clock.
    expect(await page.locator('figure.deployment-strip figcaption').textContent()).toContain('4 deployments on 2018-01-25 (PST)');
    // 25 January in UTC: the evening before's production deploy (03:35 UTC) and the two merges; the rollbacks are the 26th there.
    await page.getByRole('radio', { name: 'UTC' }).check();
    await expect.poll(() => param('tz')).toBe('utc');
    expect(param('from')).toBe('2018-01-25');
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.locator('#deployments-days-zone').textContent()).toBe('Days in UTC');
  });

  it('switches the times to UTC and back, kept in the URL', async () => {
    await page.goto(`${ui.url}/deployments?environment=production`);
    const newest = () => rows().first().locator('td.time').textContent();
    await expect.poll(newest).toContain('2024-06-18 05:10');
    await page.getByRole('radio', { name: 'UTC' }).check();
    await expect.poll(() => param('tz')).toBe('utc');
    await expect.poll(newest).toContain('2024-06-18 12:10');
    expect(param('environment')).toBe('production');
    await page.reload();
    await expect.poll(newest).toContain('12:10');
    await page.getByRole('radio', { name: /^Mine/ }).check();
    await expect.poll(() => param('tz')).toBe(null);
    await expect.poll(newest).toContain('05:10');
  });

  it('shows the DORA numbers /api/stats gives, for every environment, one, and by week', async () => {
    await page.goto(`${ui.url}/deployments`);
    const all = (await api<Stats>('/api/stats?period=month')).deployments;
    await expect.poll(() => metric('frequency')).toContain(`${all.frequency.deployments} deployments`);
    await expectDora(all);
    // The example data: 17 deployments, 3 confirmed causes, one suspect waiting for a verdict.
    expect(await metric('change-failure-rate')).toContain('3 failures of 17 deployments 1 suspect not yet confirmed');
    const groups = page.locator('figure.delivery-chart g.period');
    expect(await groups.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-period')))).toEqual([...new Set(all.perPeriod.map((row) => row.period))]);

    await page.getByRole('combobox', { name: /^Environment/ }).selectOption('production');
    await expect.poll(() => param('environment')).toBe('production');
    const production = (await api<Stats>('/api/stats?period=month&environment=production')).deployments;
    expect(production.frequency.deployments).not.toBe(all.frequency.deployments);
    await expect.poll(() => metric('frequency')).toContain(`${production.frequency.deployments} deployments`);
    await expectDora(production);
    expect(await page.locator('figure.delivery-chart g.period').first().locator('g.bar').count()).toBe(1);

    await page.getByRole('radio', { name: 'week' }).check();
    await expect.poll(() => param('period')).toBe('week');
    const weekly = (await api<Stats>('/api/stats?period=week&environment=production')).deployments;
    await expect
      .poll(() => groups.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-period'))))
      .toEqual(weekly.perPeriod.filter((row) => row.deployments > 0).map((row) => row.period));
    await expectDora(weekly);
    // Each period's change failure rate is printed over it.
    const rates = await page.locator('figure.delivery-chart text.rate').allTextContents();
    expect(rates).toEqual(weekly.perPeriod.filter((row) => row.deployments > 0).map((row) => formatPercent(row.changeFailureRate)));

    // Dates narrow the metrics to their days.
    await page.goto(`${ui.url}/deployments?from=2018-01-24&to=2018-01-27`);
    const days = (await api<Stats>('/api/stats?period=month&from=2018-01-24&to=2018-01-27')).deployments;
    await expect.poll(() => metric('frequency')).toContain(`${days.frequency.deployments} deployments in ${days.frequency.days} days`);
    await expectDora(days);
    await shot('deployments-dora');
  });

  it('fits a phone screen: no sideways scrolling, the list as cards', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      for (const path of ['/deployments', '/deployments?from=2018-01-24&to=2018-01-27', '/deployments?period=week&tz=utc']) {
        await page.goto(`${ui.url}${path}`);
        await expect.poll(() => rows().count()).toBeGreaterThan(0);
        await page.locator('figure.delivery-chart').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `horizontal overflow at ${path}`).toBeLessThanOrEqual(0);
      }
      // A row is a card: its cells flow as blocks, the header is hidden, every field still there.
      const card = rows().first();
      expect(await card.evaluate((node) => getComputedStyle(node).display)).toBe('flex');
      expect(await page.locator('table.deployments thead').evaluate((node) => node.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
      expect((await card.innerText()).replace(/\s+/g, ' ')).toMatch(/to production/);
      await shot('deployments-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('is a page of the app on the server, and raised no uncaught error', async () => {
    const response = await page.goto(`${ui.url}/deployments/`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => rows().count()).toBe(22);
    expect(errors).toEqual([]);
  });

  // The tests from here on post deployments of their own: the counts above no longer hold.
  async function post(deployments: object[]): Promise<void> {
    for (let i = 0; i < deployments.length; i += 1000) {
      const response = await fetch(`${ui.url}/api/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deployments: deployments.slice(i, i + 1000) }),
      });
      expect(response.status).toBe(201);
    }
  }

  it('puts the spellings of an environment under its canonical name: one menu entry, one lane', async () => {
    await post([{ environment: 'prod', service: 'datahub', kind: 'deploy', startedAt: '2018-01-25T12:00:00-08:00', description: 'spelled prod' }]);
    await page.goto(`${ui.url}/deployments?from=2018-01-24&to=2018-01-26`);
    await expect.poll(() => rows().count()).toBe(7);
    const options = () => page.getByRole('combobox', { name: /^Environment/ }).locator('option').allTextContents();
    await expect.poll(options).toEqual(['any', 'production (4)', 'staging (3)']);
    const lanes = await markers().evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute('data-lane')))].sort());
    expect(lanes).toEqual(['production', 'staging']);
    expect(await page.locator('figure.deployment-strip .lane-label').allTextContents()).toEqual(['production', 'staging']);
    // The menu sends the canonical name, which the API matches in every spelling; an old link's `prod` selects it too.
    await page.getByRole('combobox', { name: /^Environment/ }).selectOption('production');
    await expect.poll(() => param('environment')).toBe('production');
    await expect.poll(() => rows().count()).toBe(4);
    expect(await rows().filter({ hasText: 'spelled prod' }).count()).toBe(1);
    await page.goto(`${ui.url}/deployments?environment=prod&from=2018-01-24&to=2018-01-26`);
    await expect.poll(() => rows().count()).toBe(4);
    await expect.poll(() => page.getByRole('combobox', { name: /^Environment/ }).inputValue()).toBe('production');
  });

  it('draws every deployment matching on the strip, whatever page the list is on, and says when it draws only the latest 1000', async () => {
    // 60 deploys to a load-test environment, one an hour: two pages of the list.
    const start = Date.parse('2025-03-01T00:00:00Z');
    await post(Array.from({ length: 60 }, (_, i) => ({ environment: 'loadtest', service: 'loadgen', startedAt: new Date(start + i * 3_600_000).toISOString(), description: `run ${i}` })));
    await page.goto(`${ui.url}/deployments?environment=loadtest`);
    await expect.poll(() => rows().count()).toBe(50);
    await expect.poll(() => markers().count()).toBe(60);
    const axis = () => page.locator('figure.deployment-strip .tick-label').allTextContents();
    const before = await axis();
    await page.getByRole('link', { name: /next/i }).first().click();
    await expect.poll(() => param('offset')).toBe('50');
    await expect.poll(() => rows().count()).toBe(10);
    expect(await markers().count()).toBe(60);
    expect(await axis()).toEqual(before);
    // A marker whose row is on the other page: the list turns to it.
    await page.locator('figure.deployment-strip g.marker').last().click();
    await expect.poll(() => param('offset')).toBe(null);
    await expect.poll(() => page.locator('table.deployments tr.selected td.description').textContent()).toContain('run 59');

    // More than 1000: the newest 1000 are drawn, and the caption says so.
    await post(Array.from({ length: 1000 }, (_, i) => ({ environment: 'loadtest', service: 'loadgen', startedAt: new Date(start - (i + 1) * 60_000).toISOString(), description: `early ${i}` })));
    await page.goto(`${ui.url}/deployments?environment=loadtest`);
    await expect.poll(() => markers().count(), { timeout: 15_000 }).toBe(1000);
    expect(await page.locator('figure.deployment-strip figcaption').textContent()).toContain('The latest 1000 of 1060 are drawn.');
    expect(await page.getByRole('status').filter({ hasText: 'deployments' }).textContent()).toContain('1060 deployments');
    expect(errors).toEqual([]);
  });
});
