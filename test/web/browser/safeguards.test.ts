/// <reference lib="dom" />
/**
 * Safeguards and issues through GitHub, in a real headless Chromium against the real server over the example data,
 * with a GitHub token and the local GitHub stand-in: when the issues were last synced and the safeguards last
 * checked, with "Create issue" and "Verify now" on; the datahub safeguard verified while `prod` requires the
 * staging hub's check; after the protection is removed on GitHub and "Verify now", drifted on the Safeguards view
 * (listed first), on the action items and in the incident's header (each drifted safeguard once, with the items it
 * implements); statuses the sync took from GitHub; and "Create issue" creating the issue on GitHub and showing its
 * link (and "Create anyway" for a second one, without the API's hint about `force`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, SafeguardDetail, Settings } from '../../../web/src/lib/api-types.ts';
import { formatWhen } from '../../../web/src/lib/safeguard-format.ts';
import { exampleFiles, browserSkipReason, launchBrowser, startUiServer, type Browser, type UiServer } from '../../helpers/browser.ts';
import { addProtectionRoutes, type ProtectionState } from '../../helpers/github-standin-protection.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../../helpers/github-standin.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';
const REPO = 'example-org/datahub';
const KEY = 'datahub-prod-requires-staging-hub';
const TOKEN = 'ghp_standin_browser_0001';

const skip = browserSkipReason();

describe.skipIf(skip !== null)('safeguards and issues through the GitHub stand-in, in Chromium', { timeout: 60_000 }, () => {
  let github: GitHubStandIn;
  let protection: ProtectionState;
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    github = await startGitHubStandIn({ token: TOKEN });
    protection = addProtectionRoutes(github);
    github.state.addRepo(REPO, { defaultBranch: 'staging' });
    // The other repositories the example postmortems link, so the sync finds them (without those issues).
    for (const name of ['edge-config', 'runbooks', 'deploy-feed', 'platform-charts', 'mobile-app']) github.state.addRepo(`example-org/${name}`);
    protection.protect(REPO, 'prod', { requiredChecks: ['staging-hub-online'], strict: true, enforceAdmins: true });
    // The issues the datahub postmortem links: #12 done, #14 and #15 open.
    github.state.issues.add(REPO, { number: 12, title: 'Show the hub and deployment in the Travis CI view', state: 'closed', state_reason: 'completed', assignees: ['lchen'] });
    github.state.issues.add(REPO, { number: 14, title: 'Block merges to prod while staging is down', assignees: ['rtorres'] });
    github.state.issues.add(REPO, { number: 15, title: 'Alert on the production hub health check' });
    // The server syncs the linked issues at start, then verifies the safeguards (HINDSIGHT_SYNC_MINUTES).
    ui = await startUiServer(exampleFiles(), { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, HINDSIGHT_SYNC_MINUTES: '600' });
    browser = await launchBrowser({ timezoneId: 'Asia/Kolkata' });
    page = browser.page;
    page.on('pageerror', (error) => errors.push(error.message));
    await waitFor(async () => (await api<SafeguardDetail>(`/api/safeguards/${KEY}`)).state === 'verified', 'the verification after the first sync');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
    await github?.close();
  });

  async function api<T>(path: string): Promise<T> {
    return (await fetch(`${ui.url}${path}`)).json() as Promise<T>;
  }
  /** Waits until `done` (polled every 100 ms) for at most 20 s. */
  async function waitFor(done: () => Promise<boolean>, what: string): Promise<void> {
    const until = Date.now() + 20_000;
    while (!(await done())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const item = (text: string) => page.locator('ul.items > li').filter({ hasText: text });
  const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('says when the issues were last synced and the safeguards last checked, and offers "Verify now" and "Create issue"', async () => {
    const settings = await api<Settings>('/api/settings');
    expect(settings.github).toMatchObject({ configured: true, syncMinutes: 600 });
    expect(settings.github.lastSyncAt).not.toBeNull();
    expect(settings.github.lastVerifiedAt).not.toBeNull();

    await page.goto(`${ui.url}/safeguards`);
    await page.locator('article.safeguard').first().waitFor();
    const checked = page.locator('.github-note');
    await expect.poll(() => text(checked)).toMatch(/^Safeguards last checked \d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+5:30; checked every 600 min\.$/);
    expect(await page.getByText(/GitHub is not configured/).count()).toBe(0);
    const verify = page.getByRole('button', { name: 'Verify now' });
    expect(await verify.isDisabled()).toBe(false);
    expect(await verify.getAttribute('title')).toBeNull();

    await page.goto(`${ui.url}/action-items`);
    await page.locator('ul.items > li').first().waitFor();
    await expect.poll(() => text(page.locator('.github-note'))).toMatch(/^Issues last synced \d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+5:30; synced every 600 min\.$/);
    expect(await page.getByText(/GitHub is not configured/).count()).toBe(0);
    const beta = item('Only run beta chart versions on staging');
    expect(await beta.getByRole('button', { name: 'Create issue' }).isDisabled()).toBe(false);
  });

  it('shows the datahub safeguard verified, and the statuses the sync took from GitHub', async () => {
    await page.goto(`${ui.url}/safeguards`);
    const card = page.locator(`#safeguard-${KEY}`);
    await card.waitFor();
    expect(await text(card.locator('header .safeguard-badge'))).toBe('✓ verified');
    expect(await text(card.locator('.detail'))).toBe('branch prod requires the status check staging-hub-online');
    expect(await text(card.locator('.checked'))).toMatch(/^Last checked \d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+5:30; last found in place/);

    await page.goto(`${ui.url}/incidents/${DATAHUB}`);
    const block = item('Block merges to production when the staging hub is not online');
    await block.waitFor();
    expect(await text(block.locator(`li.safeguard[data-key="${KEY}"] .safeguard-badge`))).toBe('✓ verified');
    expect(await text(block.getByRole('list', { name: 'Links' }))).toBe('example-org/datahub#14 open “Block merges to prod while staging is down”');
    expect(await text(block.locator('.link-state'))).toBe('issue open');
    const travis = item('Make the Travis CI view show which hub');
    expect(await text(travis.locator('.origin'))).toBe('status from GitHub #12');
    expect(await travis.getAttribute('data-status')).toBe('done');
    expect(await text(travis.getByRole('list', { name: 'Links' }))).toContain('example-org/datahub#12 closed as completed');
    expect(await page.getByRole('note').count()).toBe(0);
  });

  it('shows the drift on the Safeguards view, the item and the incident header once the protection is gone and verified again', async () => {
    // The safeguard implements a second item too (linked through the service).
    const before = await api<IncidentDetail>(`/api/incidents/${DATAHUB}`);
    const smokeId = before.actionItems.find((i) => i.text.startsWith('Add a smoke test to the staging deploy'))!.id;
    const linked = await fetch(`${ui.url}/api/safeguards/${KEY}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemId: smokeId }) });
    expect(linked.status).toBe(201);
    protection.unprotect(REPO, 'prod');
    await page.goto(`${ui.url}/safeguards`);
    const card = page.locator(`#safeguard-${KEY}`);
    await card.waitFor();
    await page.getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => text(page.locator('.verify [role="status"]')), { timeout: 10_000 }).toContain(`Changed: ${KEY} verified → drifted.`);
    // The list loads again once the run is done: the drifted one first; and the time of the last check with it.
    await expect.poll(() => text(card.locator('header .safeguard-badge'))).toBe('⚠ drifted');
    expect(await page.locator('article.safeguard').first().getAttribute('data-key')).toBe(KEY);
    const lastVerifiedAt = (await api<Settings>('/api/settings')).github.lastVerifiedAt!;
    await expect.poll(() => text(page.locator('.github-note'))).toBe(`Safeguards last checked ${formatWhen(lastVerifiedAt, 'Asia/Kolkata')}; checked every 600 min.`);
    expect(await text(card.locator('.detail'))).toBe('branch prod is not protected, so no status check is required');
    const counts = page.getByRole('group', { name: 'Quick filters' });
    await expect.poll(() => text(counts.getByRole('button', { name: /drifted$/ }))).toBe('1 drifted');
    await card.getByRole('button', { name: 'Verification history' }).click();
    const history = card.getByRole('list', { name: `Verification history of ${KEY}` }).getByRole('listitem');
    await expect.poll(() => history.count()).toBe(2);
    expect(await text(history.nth(0))).toContain('⚠ drifted branch prod is not protected');
    expect(await text(history.nth(1))).toContain('✓ verified branch prod requires the status check staging-hub-online');
    await counts.getByRole('button', { name: /drifted$/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('drifted');
    await expect.poll(() => page.locator('article.safeguard').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'safeguards-drifted.png'), fullPage: true });

    // The incident says so in its header: the safeguard once, with both items it implements, each a link.
    await card.getByRole('link', { name: /^Block merges to production/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${DATAHUB}`);
    const note = page.getByRole('note');
    await expect.poll(() => text(note)).toContain('1 safeguard drifted');
    const entries = note.getByRole('listitem');
    expect(await entries.count()).toBe(1);
    expect(await entries.first().getByRole('link', { name: KEY }).getAttribute('href')).toBe(`/safeguards#safeguard-${KEY}`);
    const detail = await api<IncidentDetail>(`/api/incidents/${DATAHUB}`);
    const blockId = detail.actionItems.find((i) => i.text.startsWith('Block merges to production'))!.id;
    expect(await entries.first().getByRole('link', { name: /^Add a smoke test/ }).getAttribute('href')).toBe(`#item-${smokeId}`);
    // Both items show it drifted.
    expect(await text(page.locator(`#item-${smokeId} li.safeguard[data-key="${KEY}"] .safeguard-badge`))).toBe('⚠ drifted');
    await page.goto(`${ui.url}/incidents/${DATAHUB}`);
    await note.getByRole('listitem').first().getByRole('link', { name: /^Block merges to production/ }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#item-${blockId}`);
    const block = page.locator(`#item-${blockId}`);
    await expect.poll(() => block.getAttribute('class')).toContain('highlight');
    const safeguard = block.locator(`li.safeguard[data-key="${KEY}"]`);
    expect(await text(safeguard.locator('.safeguard-badge'))).toBe('⚠ drifted');
    expect(await text(safeguard.locator('.detail'))).toBe('branch prod is not protected, so no status check is required');
    await page.locator('article.incident > header').screenshot({ path: join(SCREENSHOTS, 'incident-drifted.png') });
  });

  it('creates the issue on GitHub and shows its link; a second one only when asked to', async () => {
    await page.goto(`${ui.url}/incidents/${DATAHUB}`);
    const beta = item('Only run beta chart versions on staging');
    await beta.waitFor();
    expect(await text(beta.locator('.link-state'))).toBe('not tracked');
    await beta.getByRole('button', { name: 'Create issue' }).click();
    expect(await beta.getByLabel('Repository').inputValue()).toBe(REPO);
    await beta.getByRole('button', { name: 'Create the issue' }).click();
    await expect.poll(() => text(beta.getByRole('status')), { timeout: 10_000 }).toMatch(/^Created example-org\/datahub#\d+\.$/);
    const created = github.state.issues.list(REPO)!.filter((issue) => issue.title.startsWith('Only run beta chart versions'));
    expect(created).toHaveLength(1);
    const number = created[0]!.number;
    expect(created[0]!.labels.map((label) => (typeof label === 'string' ? label : label.name))).toEqual(['postmortem-action']);
    expect(created[0]!.body).toContain(`/incidents/${DATAHUB}#item-`);
    const links = beta.getByRole('list', { name: 'Links' });
    await expect.poll(() => text(links)).toContain(`example-org/datahub#${number} open`);
    expect(await links.getByRole('link', { name: `example-org/datahub#${number}` }).getAttribute('href')).toBe(`https://github.com/${REPO}/issues/${number}`);
    expect(await text(beta.locator('.link-state'))).toBe('issue open');

    // Once more: it already has an open issue there, so only "Create anyway" makes a second.
    await beta.getByRole('button', { name: 'Create issue' }).click();
    await beta.getByRole('button', { name: 'Create the issue' }).click();
    const alert = beta.getByRole('alert');
    await expect.poll(() => text(alert), { timeout: 10_000 }).toContain(`This item already has an open issue in ${REPO}.`);
    expect(await text(alert)).not.toContain('force');
    expect(github.state.issues.list(REPO)!.filter((issue) => issue.title.startsWith('Only run beta chart versions'))).toHaveLength(1);
    await alert.getByRole('button', { name: 'Create anyway' }).click();
    // The server spaces its writes to GitHub a second apart, as GitHub asks.
    await expect
      .poll(() => github.state.issues.list(REPO)!.filter((issue) => issue.title.startsWith('Only run beta chart versions')).length, { timeout: 10_000 })
      .toBe(2);
    await expect.poll(() => links.getByRole('listitem').count()).toBe(2);
  });

  it('raised no uncaught error in the page', () => {
    expect(errors).toEqual([]);
  });
});
