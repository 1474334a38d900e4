/// <reference lib="dom" />
/**
 * Tracking action items, in a real headless Chromium against the real server over the example data (the example
 * postmortems, `deployments.ndjson` and `safeguards.yml`), with no GitHub token: each page saying once that GitHub
 * is not configured, links "not synced (GitHub off)", the datahub item's safeguard not checked yet and the runbook
 * needing attestation, the open items nothing tracks found in one click (done ones never "not tracked"), linking an
 * issue (from the keyboard) and unlinking it, "Create issue" and "Verify now" waiting, linking a safeguard to an
 * item and unlinking it, attesting the manual safeguard on the Safeguards view and on its item, deleting a
 * safeguard created through the service, and every page at phone width.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionItemPage, IncidentDetail, SafeguardDetail, SafeguardList, Settings } from '../../../web/src/lib/api-types.ts';
import { exampleFiles, browserSkipReason, launchBrowser, startUiServer, type Browser, type UiServer } from '../../helpers/browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';
const DNS = '2024-03-12-api-dns-cutover-without-certificate';
const KEY = 'datahub-prod-requires-staging-hub';
const RUNBOOK = 'dns-cutover-tls-probe-checklist';
const GITHUB_OFF = 'GitHub is not configured (no GITHUB_TOKEN): links are not synced and safeguards are not checked.';

const skip = browserSkipReason();

describe.skipIf(skip !== null)('tracking action items in Chromium, without GitHub', { timeout: 60_000 }, () => {
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ui = await startUiServer(exampleFiles());
    browser = await launchBrowser({ timezoneId: 'Asia/Kolkata' });
    page = browser.page;
    page.on('pageerror', (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  const api = async <T>(path: string): Promise<T> => (await fetch(`${ui.url}${path}`)).json() as Promise<T>;
  const item = (text: string) => page.locator('ul.items > li').filter({ hasText: text });
  const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

  async function openIncident(slug: string): Promise<void> {
    await page.goto(`${ui.url}/incidents/${slug}`);
    await page.locator('ul.items > li').first().waitFor();
  }

  it('answers GET /api/settings: GitHub not configured', async () => {
    const settings = await api<Settings>('/api/settings');
    expect(settings.github).toMatchObject({ configured: false, defaultRepo: null, lastSyncAt: null, lastVerifiedAt: null });
  });

  it('shows the datahub item’s safeguard, not checked yet, and its markdown link without "Unlink", not synced while GitHub is off', async () => {
    await openIncident(DATAHUB);
    // Said once, above the items.
    const notes = page.getByText(GITHUB_OFF);
    await expect.poll(() => notes.count()).toBe(1);
    expect(await notes.evaluate((node) => node.closest('section')?.getAttribute('aria-labelledby'))).toBe('items-heading');
    const block = item('Block merges to production when the staging hub is not online');
    const safeguard = block.locator(`li.safeguard[data-key="${KEY}"]`);
    expect(await text(safeguard.locator('.safeguard-badge'))).toBe('○ not checked yet');
    expect(await safeguard.getByRole('link', { name: KEY }).getAttribute('href')).toBe(`/safeguards#safeguard-${KEY}`);
    expect(await text(safeguard)).toContain("Merges to prod need the staging hub's health probe to pass.");
    expect(await text(safeguard.locator('.declared'))).toBe('declared in safeguards.yml');
    const link = block.getByRole('list', { name: 'Links' }).getByRole('listitem');
    expect(await text(link)).toBe('example-org/datahub#14 not synced (GitHub off)');
    expect(await block.getByRole('button', { name: /^Unlink/ }).count()).toBe(0);
    const badge = block.locator('.link-state');
    expect(await text(badge)).toBe('not synced (GitHub off)');
    expect(await badge.getAttribute('class')).not.toContain('warn');
    // "Create issue" waits, saying why; linking by hand does not need GitHub.
    const create = block.getByRole('button', { name: 'Create issue' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toBe('GitHub is not configured (no GITHUB_TOKEN)');
    expect(await block.getByRole('button', { name: 'Link an issue' }).isDisabled()).toBe(false);
    // Nothing drifted: no warning in the header.
    expect(await page.getByRole('note').count()).toBe(0);
    // The items nothing tracks say so.
    expect(await text(item('Only run beta chart versions on staging').locator('.link-state'))).toBe('not tracked');
  });

  it('says the runbook needs attestation on its item, and a done item without a link is not "not tracked"', async () => {
    await openIncident(DNS);
    const probe = item('Run a TLS probe against the new address');
    const safeguard = probe.locator(`li.safeguard[data-key="${RUNBOOK}"]`);
    expect(await text(safeguard.locator('.safeguard-badge'))).toBe('? needs attestation');
    expect(await probe.getByRole('button', { name: `Attest ${RUNBOOK}` }).count()).toBe(1);
    const revert = item('Revert edge-dns#388 and restore the 300 second TTL');
    expect(await revert.getAttribute('data-status')).toBe('done');
    expect(await revert.getAttribute('data-link-state')).toBe('none');
    expect(await text(revert.locator('.link-state'))).toBe('no link');
    expect(await revert.locator('.link-state').getAttribute('class')).not.toContain('danger');
  });

  it('finds the open items nothing tracks and the overdue ones in one click each, with how many there are', async () => {
    const untracked = (await api<ActionItemPage>('/api/action-items?linked=false&status=open,in-progress&limit=200')).items;
    const unlinked = (await api<ActionItemPage>('/api/action-items?linked=false&limit=200')).items;
    const overdue = (await api<ActionItemPage>('/api/action-items?overdue=true&limit=200')).items;
    expect(untracked.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(0);
    // Done items without a link are not "not tracked".
    expect(unlinked.some((i) => i.status === 'done')).toBe(true);
    expect(untracked.length).toBeLessThan(unlinked.length);

    await page.goto(`${ui.url}/action-items`);
    await expect.poll(() => page.getByText(GITHUB_OFF).count()).toBe(1);
    const chips = page.getByRole('group', { name: 'Quick filters' });
    const notTracked = chips.getByRole('button', { name: /^Not tracked/ });
    const late = chips.getByRole('button', { name: /^Overdue/ });
    await expect.poll(() => text(notTracked)).toBe(`Not tracked ${untracked.length}`);
    expect(await text(late)).toBe(`Overdue ${overdue.length}`);
    expect(await notTracked.getAttribute('aria-pressed')).toBe('false');

    await notTracked.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('linked')).toBe('false');
    expect(new URL(page.url()).searchParams.get('status')).toBe('open,in-progress');
    const rows = page.locator('ul.items > li');
    await expect.poll(() => rows.count()).toBe(untracked.length);
    expect(new Set(await rows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.linkState)))).toEqual(new Set(['none']));
    expect(new Set(await rows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.status)))).toEqual(new Set(untracked.map((i) => i.status)));
    expect(new Set(await rows.locator('.link-state').allTextContents())).toEqual(new Set(['not tracked']));
    expect(await notTracked.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Linked issue').inputValue()).toBe('false');
    expect(await page.getByLabel('Status').inputValue()).toBe('open,in-progress');
    // The other count follows: the overdue items nothing tracks.
    const both = untracked.filter((i) => i.overdue).length;
    await expect.poll(() => text(late)).toBe(`Overdue ${both}`);

    await notTracked.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('linked')).toBeNull();
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    await late.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('true');
    await expect.poll(() => rows.count()).toBe(overdue.length);
    for (const due of await rows.locator('.due').allTextContents()) expect(due).toContain('(overdue)');
    await page.screenshot({ path: join(SCREENSHOTS, 'action-items-overdue.png'), fullPage: true });
  });

  it('links an issue to an item from the keyboard, shows it with its state, and unlinks it', async () => {
    await openIncident(DATAHUB);
    const beta = item('Only run beta chart versions on staging');
    const itemId = Number((await beta.getAttribute('id'))!.replace('item-', ''));
    const open = beta.getByRole('button', { name: 'Link an issue' });
    await open.focus();
    await page.keyboard.press('Enter');
    const field = beta.getByLabel('Issue, pull request or URL');
    await expect.poll(() => field.evaluate((node) => node === document.activeElement)).toBe(true);

    // What the server refuses is said next to the field, and the form stays open.
    await page.keyboard.type('not a link');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(beta.getByRole('alert'))).toContain('The link was not added: "not a link" has white space');
    expect(await field.inputValue()).toBe('not a link');

    await field.fill('example-org/datahub#20');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(beta.getByRole('status'))).toBe('Linked example-org/datahub#20.');
    const links = beta.getByRole('list', { name: 'Links' });
    await expect.poll(() => text(links)).toBe('example-org/datahub#20 not synced (GitHub off) Unlink');
    expect(await links.getByRole('link', { name: 'example-org/datahub#20' }).getAttribute('href')).toBe('https://github.com/example-org/datahub/issues/20');
    expect(await text(beta.locator('.link-state'))).toBe('not synced (GitHub off)');
    expect(await field.count()).toBe(0);
    await expect.poll(() => open.evaluate((node) => node === document.activeElement)).toBe(true);
    // The server has it as a link added through the service; the item is no longer among the untracked ones.
    const detail = await api<IncidentDetail>(`/api/incidents/${DATAHUB}`);
    expect(detail.actionItems.find((i) => i.id === itemId)!.links.map((l) => [l.source, l.repo, l.number])).toEqual([['service', 'example-org/datahub', 20]]);
    expect((await api<ActionItemPage>('/api/action-items?linked=false&limit=200')).items.some((i) => i.id === itemId)).toBe(false);

    // The same link again: refused, with the reason; "Cancel" forgets the text and the refusal.
    await open.click();
    await beta.getByLabel('Issue, pull request or URL').fill('https://github.com/example-org/datahub/issues/20');
    await beta.getByRole('button', { name: 'Link', exact: true }).click();
    await expect.poll(() => text(beta.getByRole('alert'))).toContain('The link was not added');
    await beta.getByRole('button', { name: 'Cancel' }).click();
    expect(await beta.getByRole('alert').count()).toBe(0);
    await open.click();
    expect(await beta.getByLabel('Issue, pull request or URL').inputValue()).toBe('');
    await page.keyboard.type('half typed');
    await page.keyboard.press('Escape');
    expect(await beta.getByLabel('Issue, pull request or URL').count()).toBe(0);
    await open.click();
    expect(await beta.getByLabel('Issue, pull request or URL').inputValue()).toBe('');
    await page.keyboard.press('Escape');

    await beta.getByRole('button', { name: 'Unlink example-org/datahub#20' }).click();
    await expect.poll(() => text(beta.locator('.link-state'))).toBe('not tracked');
    expect(await beta.getByRole('list', { name: 'Links' }).count()).toBe(0);
    expect(await text(beta.getByRole('status'))).toBe('Link removed.');
    expect((await api<IncidentDetail>(`/api/incidents/${DATAHUB}`)).actionItems.find((i) => i.id === itemId)!.links).toEqual([]);
  });

  it('links an issue on the action items page too, and the item leaves the "not tracked" list', async () => {
    await page.goto(`${ui.url}/action-items?linked=false&status=open,in-progress`);
    const rows = page.locator('ul.items > li');
    await rows.first().waitFor();
    const before = await rows.count();
    const smoke = item('Add a smoke test to the staging deploy');
    await smoke.getByRole('button', { name: 'Link an issue' }).click();
    await smoke.getByLabel('Issue, pull request or URL').fill('https://github.com/example-org/datahub/pull/31');
    await smoke.getByRole('button', { name: 'Link', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(before - 1);
    await expect.poll(() => text(page.getByRole('group', { name: 'Quick filters' }).getByRole('button', { name: /^Not tracked/ }))).toBe(`Not tracked ${before - 1}`);
    // Back to where it was, for the other tests.
    const found = (await api<ActionItemPage>('/api/action-items?q=smoke+staging+notebook')).items[0]!;
    const removed = await fetch(`${ui.url}/api/action-items/${found.id}/links/${found.links[0]!.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
  });

  it('links an existing safeguard to an item, and removes that link again', async () => {
    await openIncident(DATAHUB);
    const beta = item('Only run beta chart versions on staging');
    const itemId = Number((await beta.getAttribute('id'))!.replace('item-', ''));
    const open = beta.getByRole('button', { name: 'Link a safeguard' });
    await open.click();
    const select = beta.getByLabel('Safeguard');
    await expect.poll(async () => (await select.locator('option').allTextContents()).length).toBe(5);
    expect((await select.locator('option').allTextContents())[0]).toBe('Choose a safeguard…');
    await select.selectOption('datahub-staging-smoke-test');
    await beta.getByRole('button', { name: 'Link the safeguard' }).click();
    await expect.poll(() => text(beta.getByRole('status'))).toBe('Linked safeguard datahub-staging-smoke-test.');
    const linked = beta.locator('li.safeguard[data-key="datahub-staging-smoke-test"]');
    await expect.poll(() => linked.count()).toBe(1);
    expect(await linked.getAttribute('data-source')).toBe('service');
    const detail = await api<SafeguardDetail>('/api/safeguards/datahub-staging-smoke-test');
    expect(detail.items.map((i) => [i.id, i.source])).toContainEqual([itemId, 'service']);
    // Linked already: not offered again.
    await open.click();
    await expect.poll(async () => (await select.locator('option').allTextContents()).length).toBe(4);
    expect(await select.locator('option', { hasText: 'datahub-staging-smoke-test' }).count()).toBe(0);
    await beta.getByRole('button', { name: 'Cancel' }).click();

    await beta.getByRole('button', { name: 'Unlink safeguard datahub-staging-smoke-test' }).click();
    await expect.poll(() => linked.count()).toBe(0);
    expect(await text(beta.getByRole('status'))).toBe('Safeguard datahub-staging-smoke-test is no longer linked.');
    expect((await api<SafeguardDetail>('/api/safeguards/datahub-staging-smoke-test')).items.map((i) => i.id)).not.toContain(itemId);
  });

  it('lists the safeguards with their counts and filters in the URL, and says verification needs GitHub', async () => {
    await page.goto(`${ui.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Safeguards' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/safeguards');
    const cards = page.locator('article.safeguard');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await page.title()).toBe('Safeguards · Hindsight');
    await expect.poll(() => page.getByText(GITHUB_OFF).count()).toBe(1);
    // What needs attention first: the runbook never attested, then the ones not checked yet, by key.
    expect(await cards.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.key))).toEqual([
      RUNBOOK,
      'datahub-prod-hub-health-alert',
      KEY,
      'datahub-staging-smoke-test',
    ]);
    expect(await text(page.locator(`#safeguard-${RUNBOOK} header .safeguard-badge`))).toBe('? needs attestation');
    const counts = page.getByRole('group', { name: 'Quick filters' });
    const labels = async () => (await counts.getByRole('button').allTextContents()).map((label) => label.replace(/\s+/g, ' ').trim());
    expect(await labels()).toEqual(['0 drifted', '0 missing', '0 manual', '4 not checked yet', '0 verified']);
    const datahub = page.locator(`#safeguard-${KEY}`);
    expect((await datahub.locator('.target').innerText()).split(/\s+/)).toEqual(['repository', 'example-org/datahub', 'branch', 'prod', 'check', 'staging-hub-online']);
    expect(await text(datahub.locator('header .safeguard-badge'))).toBe('○ not checked yet');
    await datahub.getByRole('link', { name: /^Block merges to production/ }).waitFor();

    await page.getByRole('combobox', { name: /^Kind/ }).selectOption('runbook');
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe('runbook');
    await expect.poll(() => cards.count()).toBe(1);
    await page.getByRole('combobox', { name: /^Kind/ }).selectOption('');
    await page.getByRole('combobox', { name: /^Incident/ }).selectOption(DNS);
    await expect.poll(() => new URL(page.url()).searchParams.get('incident')).toBe(DNS);
    await expect.poll(() => cards.count()).toBe(1);
    await page.getByRole('combobox', { name: /^Repository/ }).selectOption('example-org/datahub');
    await expect.poll(() => cards.count()).toBe(0);
    expect(await text(page.getByText('No safeguard matches these filters.'))).toBe('No safeguard matches these filters.');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => cards.count()).toBe(4);
    // A filter from a shared link.
    const response = await page.goto(`${ui.url}/safeguards?state=unknown&repo=example-org/datahub`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => cards.count()).toBe(3);
    expect(await page.getByRole('combobox', { name: /^State/ }).inputValue()).toBe('unknown');
    expect(await counts.getByRole('button', { pressed: true }).count()).toBe(1);

    // "Verify now" waits, saying why.
    const verify = page.getByRole('button', { name: 'Verify now' });
    expect(await verify.isDisabled()).toBe(true);
    expect(await verify.getAttribute('title')).toBe('GitHub is not configured (no GITHUB_TOKEN)');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('deletes a safeguard created through the service, after asking; one from the file has no "Delete"', async () => {
    const created = await fetch(`${ui.url}/api/safeguards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'svc-failover-drill', kind: 'other', url: 'https://wiki.example.org/drills/failover', description: 'A failover drill each quarter.' }),
    });
    expect(created.status).toBe(201);
    await page.goto(`${ui.url}/safeguards`);
    const cards = page.locator('article.safeguard');
    await expect.poll(() => cards.count()).toBe(5);
    const card = page.locator('#safeguard-svc-failover-drill');
    expect(await text(card.locator('header'))).toContain('added through Hindsight');
    expect(await page.locator(`#safeguard-${KEY}`).getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = card.getByRole('group', { name: 'Delete svc-failover-drill?' });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await confirm.count()).toBe(0);
    expect((await fetch(`${ui.url}/api/safeguards/svc-failover-drill`)).status).toBe(200);

    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.getByRole('button', { name: 'Delete it' }).click();
    await expect.poll(() => cards.count()).toBe(4);
    expect(await text(page.locator('.verify [role="status"]'))).toContain('Deleted svc-failover-drill.');
    expect((await fetch(`${ui.url}/api/safeguards/svc-failover-drill`)).status).toBe(404);
    expect((await api<SafeguardList>('/api/safeguards')).total).toBe(4);
  });

  it('attests the manual safeguard, which then shows until when it holds and in its history', async () => {
    await page.goto(`${ui.url}/safeguards?kind=runbook`);
    const card = page.locator('#safeguard-dns-cutover-tls-probe-checklist');
    await card.waitFor();
    expect(await card.getByRole('link', { name: 'https://wiki.example.org/runbooks/dns-cutover' }).getAttribute('href')).toBe('https://wiki.example.org/runbooks/dns-cutover');
    await card.getByRole('button', { name: 'Attest', exact: true }).click();
    await card.getByLabel('Your name').fill('mkim');
    await card.getByLabel(/What you checked/).fill('the TLS probe step is in the checklist');
    await card.getByRole('button', { name: 'Attest it is in place' }).click();
    await expect.poll(() => text(card.locator('header .safeguard-badge'))).toBe('✓ attested');
    const detail = await api<SafeguardDetail>('/api/safeguards/dns-cutover-tls-probe-checklist');
    expect(detail.attestation).toMatchObject({ by: 'mkim', expired: false });
    expect(await text(card.getByRole('status'))).toMatch(/^Attested; valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+5:30\.$/);
    expect(await text(card.locator('.attested'))).toContain('Attested by mkim');
    await card.getByRole('button', { name: 'Verification history' }).click();
    const history = card.getByRole('list', { name: 'Verification history of dns-cutover-tls-probe-checklist' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(detail.history.length);
    expect(await text(history.getByRole('listitem').first())).toContain('attested by mkim');

    // The item it implements shows it attested, and its link leads there.
    await card.getByRole('link', { name: /^Run a TLS probe/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${DNS}`);
    const probe = item('Run a TLS probe against the new address');
    await expect.poll(() => text(probe.locator('li.safeguard .detail'))).toContain('attested by mkim');
    await expect.poll(() => probe.getAttribute('class')).toContain('highlight');
    expect(await text(probe.locator('li.safeguard .safeguard-badge'))).toBe('✓ attested');
  });

  it('attests the manual safeguard from its item too, and says until when it holds', async () => {
    await openIncident(DNS);
    const probe = item('Run a TLS probe against the new address');
    const attest = probe.getByRole('button', { name: `Attest ${RUNBOOK}` });
    await attest.click();
    const name = probe.getByLabel('Your name');
    await expect.poll(() => name.evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.type('ana');
    await probe.getByLabel(/What you checked/).fill('walked through the checklist');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(probe.getByRole('status'))).toMatch(new RegExp(`^Attested ${RUNBOOK}; valid until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} GMT\\+5:30\\.$`));
    expect(await name.count()).toBe(0);
    await expect.poll(() => text(probe.locator('li.safeguard .detail'))).toContain('attested by ana');
    const detail = await api<SafeguardDetail>(`/api/safeguards/${RUNBOOK}`);
    expect(detail.attestation).toMatchObject({ by: 'ana', expired: false });
    expect(detail.history[0]!.detail).toContain('walked through the checklist');
  });

  it('fits a phone screen with the forms open', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await openIncident(DATAHUB);
      const block = item('Block merges to production when the staging hub is not online');
      await block.getByRole('button', { name: 'Link an issue' }).click();
      const beta = item('Only run beta chart versions on staging');
      await beta.getByRole('button', { name: 'Link a safeguard' }).click();
      await beta.getByRole('button', { name: 'Link the safeguard' }).click();
      await beta.getByRole('alert').waitFor();
      await item('Make the Travis CI view show which hub').getByRole('button', { name: 'Link a safeguard' }).click();
      expect(await overflow(), 'incident page').toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'tracking-phone.png'), fullPage: true });
      for (const path of ['/action-items', '/action-items?linked=false', '/safeguards']) {
        await page.goto(`${ui.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.locator(path.startsWith('/safeguards') ? 'article.safeguard' : 'ul.items > li').first().waitFor();
        expect(await overflow(), path).toBeLessThanOrEqual(0);
      }
      await page.locator('article.safeguard').first().getByRole('button', { name: 'Verification history' }).click();
      await page.locator(`#safeguard-${RUNBOOK}`).getByRole('button', { name: 'Attest', exact: true }).click();
      expect(await overflow(), 'safeguards with a form open').toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'safeguards-phone.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('raised no uncaught error in the page', () => {
    expect(errors).toEqual([]);
  });
});
