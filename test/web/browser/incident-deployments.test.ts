/// <reference lib="dom" />
/**
 * The incident page with recorded deployments, in a real headless Chromium against the real server, over the
 * example data (the datahub postmortem and postmortems/deployments.ndjson): the outage from the production merge
 * (15:30 PST), the deployment lanes drawn from the recorded events, the suspect and the recovery marked, labels that
 * keep off each other and the markers (also once the suspect is rejected), the changes before the outage with their
 * links, verdicts offered on deploys only and kept across reloads, the errors of a verdict next to its control, and
 * the page without the deployments when they cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser, startUiServer, type Browser, type UiServer } from '../../helpers/browser.ts';

const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';
const example = (name: string) => readFileSync(new URL(`../../../postmortems/${name}`, import.meta.url), 'utf8');

interface Placed {
  at: string;
  lane: string;
  kind: string;
  deployment: string;
  role: string;
  index: string;
  x: number;
}

const skip = browserSkipReason();

describe.skipIf(skip !== null)('incident page with recorded deployments, in Chromium', { timeout: 60_000 }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const path = `/incidents/${DATAHUB}`;

  beforeAll(async () => {
    ui = await startUiServer({ [`${DATAHUB}.md`]: example(`${DATAHUB}.md`), 'deployments.ndjson': example('deployments.ndjson') });
    browser = await launchBrowser({ timezoneId: 'Asia/Kolkata' });
    page = browser.page;
    page.on('pageerror', (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  const markers = () => page.locator('figure.outage-timeline g.marker');
  const row = (id: number) => page.locator(`li#deployment-${id}`);
  const placed = () =>
    markers().evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = (node.querySelector('.shape') as SVGGraphicsElement).getBoundingClientRect();
        const data = (name: string) => node.getAttribute(`data-${name}`) ?? '';
        return { at: data('at'), lane: data('lane'), kind: data('kind'), deployment: data('deployment'), role: data('role'), index: data('index'), x: box.x + box.width / 2 };
      }),
    ) as Promise<Placed[]>;

  async function open(): Promise<void> {
    await page.goto(`${ui.url}${path}`);
    await page.locator('figure.outage-timeline g.marker[data-role="suspect"]').waitFor();
  }

  it('draws the recorded deployments in their lanes, at their times, the suspect and the recovery marked', async () => {
    await open();
    const lanes = await page.locator('figure.outage-timeline .lane-label').allTextContents();
    expect(lanes).toEqual(['Incident', 'production', 'staging']);

    // The evening before's deployment is context, left out of the focused range; the rest is drawn.
    const drawn = (await placed()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    expect(drawn.map((m) => [new Date(m.at).toISOString(), m.lane, m.kind, m.deployment, m.role])).toEqual([
      ['2018-01-25T22:30:00.000Z', 'staging', 'deploy', '5', ''],
      ['2018-01-25T23:30:00.000Z', 'production', 'deploy', '6', 'suspect'],
      ['2018-01-26T00:11:00.000Z', 'incident', 'detection', '', ''],
      ['2018-01-26T00:24:00.000Z', 'staging', 'rollback', '7', ''],
      ['2018-01-26T00:35:00.000Z', 'production', 'rollback', '8', 'recovery'],
    ]);
    // x is proportional to time between any two markers, across lanes.
    const t = drawn.map((m) => Date.parse(m.at));
    const pixelsPerMs = (drawn[4]!.x - drawn[0]!.x) / (t[4]! - t[0]!);
    expect(pixelsPerMs).toBeGreaterThan(0);
    for (let i = 1; i < 4; i++) expect(drawn[i]!.x - drawn[0]!.x).toBeCloseTo((t[i]! - t[0]!) * pixelsPerMs, 0);

    // Timeline entries 0, 1 and 3 describe deployments 5, 6 and 8: each drawn once, as its deployment.
    expect(drawn.map((m) => m.index)).toEqual(['0', '1', '2', '', '3']);

    // Marked by an outline shape and a word, not by colour alone.
    const suspect = page.locator('g.marker[data-role="suspect"]');
    expect(await suspect.locator('rect.role-mark').count()).toBe(1);
    expect(await suspect.locator('text.role-label').textContent()).toBe('suspect');
    const recovery = page.locator('g.marker[data-role="recovery"]');
    expect(await recovery.locator('circle.role-mark').count()).toBe(1);
    expect(await recovery.locator('text.role-label').textContent()).toBe('recovery');
    expect(await page.locator('g.marker .role-mark').count()).toBe(2);
    expect(await suspect.getAttribute('aria-label')).toMatch(/^2018-01-25 15:30 PST — deploy \(production\), suspected cause: datahub v0\.6\.0-beta\.1 \(411bdc2\)/);

    const caption = (await page.locator('figure.outage-timeline figcaption').textContent()) ?? '';
    // The outage starts with the merge to production (15:30 PST), not the staging merge of 14:30.
    expect(caption).toContain('Outage from 2018-01-25 15:30 to 2018-01-25 16:35 PST (1 h 5 min). Milestones: started 2018-01-25 15:30,');
    const outage = (await page.locator('figure.outage-timeline g.outage rect').boundingBox())!;
    expect(outage.x).toBeCloseTo(drawn[1]!.x, 0);
    expect(outage.x + outage.width).toBeCloseTo(drawn[4]!.x, 0);
    expect(caption).toContain('production: 2 deploys, 1 rollback; staging: 1 deploy, 1 rollback');
    expect(caption).toContain('Suspected cause: the deploy to production at 2018-01-25 15:30 (last deployment to production at or before the start (15:30 PST, as the timeline has it)), not confirmed.');
    expect(caption).toMatch(/Recovery: the rollback to production at 2018-01-25 16:35 \(rollback to production/);

    // The tooltip names the role and joins the text of the entry that describes it.
    await suspect.hover();
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('Suspected cause: last deployment to production at or before the start (15:30 PST, as the timeline has it); not confirmed');
    expect(await tooltip.textContent()).toContain("Timeline, line 43: While another course's hub is being managed in Travis CI");

    // Everything: the deployment of the evening before joins the production lane, left of the others.
    await page.getByRole('button', { name: /^Show all 6 entries/ }).click();
    await expect.poll(async () => (await placed()).length).toBe(6);
    const all = await placed();
    const early = all.find((m) => m.deployment === '4')!;
    expect(early.lane).toBe('production');
    expect(early.x).toBeLessThan(Math.min(...all.filter((m) => m !== early).map((m) => m.x)));
  });

  it('lists the changes before the outage, the suspect on top with its reason, with commit and pull request links', async () => {
    await open();
    const section = page.getByRole('region', { name: 'Changes before the outage' });
    await section.waitFor();
    const ids = await section.locator('li.change').evaluateAll((nodes) => nodes.map((node) => node.id));
    expect(ids).toEqual(['deployment-6', 'deployment-5', 'deployment-4', 'deployment-7', 'deployment-8']);

    const suspect = row(6);
    expect(await suspect.locator('time').first().textContent()).toBe('2018-01-25 15:30 PST');
    const reason = (await suspect.locator('.reason').textContent())!.replace(/\s+/g, ' ').trim();
    expect(reason).toBe('Suspected cause: last deployment to production at or before the start (15:30 PST, as the timeline has it); not confirmed');
    expect(await suspect.getByRole('link', { name: '411bdc2' }).getAttribute('href')).toBe(
      'https://github.com/example-org/datahub/commit/411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a',
    );
    expect(await row(5).getByRole('link', { name: 'PR #8' }).getAttribute('href')).toBe('https://github.com/example-org/datahub/pull/8');
    expect(await row(5).locator('.actor').textContent()).toBe('by rtorres');
    expect((await row(8).locator('.reason').textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      'Recovery: rollback to production between detection (16:11 PST) and mitigation (16:35 PST)',
    );

    // The times follow the page's zone switch.
    await page.getByRole('radio', { name: 'UTC' }).check();
    await expect.poll(() => suspect.locator('time').first().textContent()).toBe('2018-01-25 23:30 UTC');
    await page.getByRole('radio', { name: /^Incident/ }).check();
    await expect.poll(() => suspect.locator('time').first().textContent()).toBe('2018-01-25 15:30 PST');

    // A deployment is "deployment 6", never "#6" beside "PR #8".
    expect(await suspect.locator('.id').textContent()).toBe('deployment 6');
    expect(await page.locator('li.change .what').filter({ hasText: /(?<!PR )#\d/ }).count()).toBe(0);
    // The text timeline marks the entry that describes a deployment and links to its row.
    const link = page.locator('#entry-1').getByRole('link', { name: 'deployment 6 to production' });
    expect(await link.getAttribute('href')).toBe('#deployment-6');
    await page.locator('#deployment-8').evaluate((node) => window.scrollTo(0, node.getBoundingClientRect().bottom + window.scrollY + 2000));
    await link.click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#deployment-6');
    await expect
      .poll(() => suspect.evaluate((node) => node.getBoundingClientRect().top >= 0 && node.getBoundingClientRect().bottom <= window.innerHeight))
      .toBe(true);
    expect(await suspect.getAttribute('class')).toContain('highlight');

    // And back: the row's "in the timeline" link selects the entry, on the chart too.
    await suspect.getByRole('link', { name: 'line 43' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#entry-1');
    await expect.poll(() => page.locator('ol.timeline li.selected').getAttribute('id')).toBe('entry-1');
    expect(await page.locator('g.marker.selected').getAttribute('data-deployment')).toBe('6');
  });

  it('offers a verdict on the deploys only, not on the rollbacks or the recovery', async () => {
    await open();
    for (const id of [4, 5, 6]) expect(await row(id).getByRole('button', { name: 'Confirm as cause' }).count(), `deployment ${id}`).toBe(1);
    for (const id of [7, 8]) expect(await row(id).getByRole('button').count(), `deployment ${id}`).toBe(0);
  });

  it('keeps the labels off each other and off the markers, also once the suspect is rejected', async () => {
    type Rect = { left: number; right: number; top: number; bottom: number; name: string };
    const overlaps = (a: Rect, b: Rect) => Math.min(a.right, b.right) > Math.max(a.left, b.left) + 0.5 && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top) + 0.5;
    const measure = () =>
      page.evaluate(() => {
        const rect = (node: Element, name: string) => {
          const box = node.getBoundingClientRect();
          return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, name };
        };
        const figure = document.querySelector('figure.outage-timeline')!;
        return {
          chart: rect(figure.querySelector('svg')!, 'chart'),
          roles: [...figure.querySelectorAll('text.role-label')].map((node) => rect(node, `${node.textContent} label`)),
          milestones: [...figure.querySelectorAll('g.milestone text')].map((node) => rect(node, `${node.textContent} label`)),
          markers: [...figure.querySelectorAll('g.marker')].map((node) => rect(node.querySelector('.role-mark') ?? node.querySelector('.shape')!, `marker ${node.getAttribute('data-key')}`)),
        };
      });
    const check = async (state: string) => {
      const { chart, roles, milestones, markers } = await measure();
      expect(roles.length, state).toBe(2);
      for (const label of [...roles, ...milestones]) {
        expect(label.left, `${label.name} inside the chart (${state})`).toBeGreaterThanOrEqual(chart.left - 0.5);
        expect(label.right, `${label.name} inside the chart (${state})`).toBeLessThanOrEqual(chart.right + 0.5);
      }
      for (const label of roles) for (const marker of markers) expect(overlaps(label, marker), `${label.name} over ${marker.name} (${state})`).toBe(false);
      const texts = [...roles, ...milestones];
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) expect(overlaps(texts[i]!, texts[j]!), `${texts[i]!.name} and ${texts[j]!.name} (${state})`).toBe(false);
    };
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      try {
        await open();
        await check(`${width} px`);
        await row(6).getByRole('button', { name: 'Not the cause' }).click();
        // The suspect is now the deploy of the evening before: the chart spans a day, its right end crowded.
        await expect.poll(() => page.locator('g.marker[data-role="suspect"]').getAttribute('data-deployment')).toBe('4');
        await check(`${width} px, suspect rejected`);
        await row(6).getByRole('button', { name: 'Undo' }).click();
        await expect.poll(() => page.locator('g.marker[data-role="suspect"]').getAttribute('data-deployment')).toBe('6');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    }
  });

  it('confirms the suspect as the cause, keeps it across a reload, and undoes it', async () => {
    await open();
    await page.getByLabel(/Your name, for verdicts/).fill('ana');
    await row(6).getByRole('button', { name: 'Confirm as cause' }).click();
    const decided = row(6).locator('.decided');
    await expect.poll(() => decided.getAttribute('data-verdict')).toBe('confirmed');
    expect(await decided.textContent()).toMatch(/Confirmed as the cause\s+by ana/);
    // The answer is the new correlation: the suspect now counts as the cause, in the list and on the chart.
    await expect.poll(() => row(6).locator('.role').textContent()).toBe('Cause');
    await expect.poll(() => page.locator('g.marker[data-role="suspect"] text.role-label').textContent()).toBe('cause');

    await page.reload();
    await expect.poll(() => row(6).locator('.decided').getAttribute('data-verdict')).toBe('confirmed');
    expect((await row(6).locator('.reason').textContent())!.replace(/\s+/g, ' ')).toMatch(/^\s*Cause: confirmed as the cause by ana on \d{4}-\d{2}-\d{2}\s*$/);
    expect(await row(6).getByRole('button', { name: 'Confirm as cause' }).count()).toBe(0);

    await row(6).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row(6).getByRole('button', { name: 'Confirm as cause' }).count()).toBe(1);
    expect(await row(6).locator('.decided').count()).toBe(0);
    await page.reload();
    await row(6).getByRole('button', { name: 'Confirm as cause' }).waitFor();
    expect(await row(6).locator('.reason').textContent()).toContain('not confirmed');
  });

  it('shows a refused verdict next to its control, and saves it on the next try', async () => {
    await open();
    const verdictUrl = '**/api/incidents/*/deployments/4/verdict';
    await page.route(verdictUrl, (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 403, error: 'Forbidden', message: 'writes are accepted only from this machine when no token is configured: set HINDSIGHT_TOKEN' }),
      }),
    );
    await row(4).getByRole('button', { name: 'Not the cause' }).click();
    const alert = row(4).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('only from the machine Hindsight runs on');
    expect(await page.getByRole('alert').count()).toBe(1);

    await page.unroute(verdictUrl);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => row(4).locator('.decided').getAttribute('data-verdict')).toBe('rejected');
    expect(await row(4).getByRole('alert').count()).toBe(0);
    await row(4).getByRole('button', { name: 'Undo' }).click();
    await row(4).getByRole('button', { name: 'Not the cause' }).waitFor();
  });

  it('still shows the incident when the deployments cannot be loaded, and says so', async () => {
    await page.route('**/api/incidents/*/deployments', (route) => route.abort());
    try {
      await page.goto(`${ui.url}${path}`);
      await expect.poll(() => page.locator('.deployments-note').textContent()).toContain('Recorded deployments could not be loaded');
      // The chart falls back to the deploys and rollbacks the timeline mentions.
      const drawn = await placed();
      expect(drawn.map((m) => [m.lane, m.kind, m.deployment]).sort()).toEqual([
        ['incident', 'detection', ''],
        ['production', 'deploy', ''],
        ['production', 'rollback', ''],
        ['staging', 'deploy', ''],
      ]);
      expect(await page.getByRole('region', { name: 'Changes before the outage' }).count()).toBe(0);
      expect(await page.locator('ol.timeline a[href^="#deployment-"]').count()).toBe(0);
    } finally {
      await page.unroute('**/api/incidents/*/deployments');
    }
    await page.locator('.deployments-note').getByRole('button', { name: 'Try again' }).click();
    await page.locator('g.marker[data-role="suspect"]').waitFor();
    expect(await page.locator('.deployments-note').count()).toBe(0);
  });

  it('fits a phone screen, also with a long environment name', async () => {
    // A deployment to an environment with a long name, 10 min before detection (not the affected environment).
    const long = 'payments-gateway-eu-west-1-blue-green-canary-cluster-02';
    const posted = await fetch(`${ui.url}/api/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ environment: long, service: 'datahub', kind: 'deploy', startedAt: '2018-01-25T16:01:00-08:00', description: 'a change elsewhere' }),
    });
    expect(posted.status).toBe(201);
    const { deployments } = (await posted.json()) as { deployments: Array<{ id: number }> };
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await open();
      const longRow = row(deployments[0]!.id);
      await longRow.waitFor();
      expect(await longRow.locator('.env').textContent()).toBe(long);
      expect((await page.locator('figure.outage-timeline .lane-label').allTextContents()).length).toBe(4);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      for (const target of [row(6), longRow]) {
        const box = await target.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('raised no uncaught error in the page', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(skip !== null)('verdicts on a server with a token, in Chromium', () => {
  it('asks for the token next to the control, then saves the verdict asked for', async () => {
    const token = 'a-test-token-of-some-length';
    const ui = await startUiServer({ [`${DATAHUB}.md`]: example(`${DATAHUB}.md`), 'deployments.ndjson': example('deployments.ndjson') }, { HINDSIGHT_TOKEN: token });
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(`${ui.url}/incidents/${DATAHUB}`);
      const suspect = page.locator('li#deployment-6');
      await suspect.getByRole('button', { name: 'Confirm as cause' }).click();
      const alert = suspect.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('needs an access token to record a verdict');
      await alert.getByLabel('Token').fill('wrong-token-wrong-token');
      await alert.getByRole('button', { name: 'Use token and save' }).click();
      await expect.poll(() => alert.textContent()).toContain('The token given is not valid.');
      await alert.getByLabel('Token').fill(token);
      await alert.getByRole('button', { name: 'Use token and save' }).click();
      await expect.poll(() => suspect.locator('.decided').getAttribute('data-verdict')).toBe('confirmed');
      expect(await suspect.getByRole('alert').count()).toBe(0);
    } finally {
      await browser.close();
      await ui.close();
    }
  }, 60_000);
});
