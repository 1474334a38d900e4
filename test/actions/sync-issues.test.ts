/**
 * The GitHub sync of action items against the local GitHub stand-in: postmortems are ingested by the real ingest,
 * GitHub's issues and pull requests live in the stand-in, and every request the sync sends is in its request log.
 * What is checked: the items' status, owner and due date after a sync; one request per page of results, and 304s
 * only when nothing changed; pull requests that close a linked issue; failures (5xx, time-outs, rate limits,
 * malformed JSON) reported, changing nothing, and recovered from on the next sync.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyIssue } from '../../server/actions/apply-issue.ts';
import { closingRefs } from '../../server/actions/closing-refs.ts';
import { formatSyncReport, syncIssues, type SyncReport } from '../../server/actions/sync-issues.ts';
import { scheduleSync, type SyncSchedule } from '../../server/actions/sync-schedule.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createGitHubClient, type GitHubClientOptions } from '../../server/github/client.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { startGitHubStandIn, type FaultRule, type GitHubStandIn } from '../helpers/github-standin.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const NOW = new Date('2024-08-01T00:00:00Z');

/** A postmortem whose action items link issues in two repositories. */
const REPORT = `# Checkout outage

Date: 2024-05-02

## Timeline (UTC)

- 10:00 Deploy of api v2 to production
- 10:05 Alert fires for 5xx errors
- 10:30 Rolled back to v1; errors stop

## Action items

- [ ] Add a canary stage before production deploys https://github.com/acme/api/issues/1
- [ ] Alert on the 5xx rate per route acme/api#2
- [ ] Write the rollback runbook https://github.com/acme/api/issues/3
- [ ] Block merges to production when staging is down example-org/datahub#14
- [ ] Show which hub a build changes https://github.com/example-org/datahub/issues/12 @lchen
`;

let github: GitHubStandIn;
let database: Database;
let folder: TempFolder;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2024-07-01T00:00:00Z');
  github = await startGitHubStandIn({ now: () => clock });
  database = openDatabase(':memory:');
  folder = tempFolder({ 'checkout-outage.md': REPORT });
});
afterEach(async () => {
  database.close();
  folder.cleanup();
  await github.close();
});

/** Moves the stand-in's clock a minute on and returns the new time (GitHub's format). */
function tick(): string {
  clock = new Date(clock.getTime() + 60_000);
  return clock.toISOString().replace('.000Z', 'Z');
}

async function ingest(): Promise<void> {
  const summary = await ingestFolder(database, { root: folder.root, now: () => NOW });
  expect(summary.failed, JSON.stringify(summary.failures)).toBe(0);
}

function client(options: GitHubClientOptions = {}) {
  return createGitHubClient({ baseUrl: github.url, token: 'ghp_test', retries: 1, rateLimitRetries: 1, retryAfterBaseMs: 1, requestTimeoutMs: 150, ...options });
}

const sync = (options: GitHubClientOptions = {}) => syncIssues(database, client(options), { now: NOW });

/** The stand-in's issues for REPORT: acme/api #1 open, #2 not planned, #3 completed; datahub #14 assigned with a milestone, #12 open. */
function seedIssues(): void {
  const issues = github.state.issues;
  issues.add('acme/api', { number: 1, title: 'Canary stage', created_at: '2024-05-03T09:00:00Z', labels: ['postmortem'] });
  issues.add('acme/api', { number: 2, title: '5xx alert per route', created_at: '2024-05-03T09:01:00Z', state: 'closed', state_reason: 'not_planned', updated_at: '2024-05-20T10:00:00Z' });
  issues.add('acme/api', { number: 3, title: 'Rollback runbook', created_at: '2024-05-03T09:02:00Z', state: 'closed', updated_at: '2024-05-21T10:00:00Z' });
  issues.add('example-org/datahub', { number: 12, title: 'Show the hub in CI', created_at: '2018-01-26T10:00:00Z', assignees: ['mkim'] });
  issues.add('example-org/datahub', {
    number: 14,
    title: 'Block merges when staging is down',
    created_at: '2018-01-26T10:01:00Z',
    assignees: ['rtorres', 'lchen'],
    milestone: { title: 'Q3 reliability', due_on: '2024-09-30T07:00:00Z' },
  });
}

interface ItemRow {
  text: string;
  status: string;
  statusSource: string;
  statusConflict: string | null;
  owner: string | null;
  ownerSource: string | null;
  due: string | null;
  dueSource: string | null;
}

/** Every current item, by the start of its text. */
function items(): Record<string, ItemRow> {
  const rows = database.sqlite
    .prepare(
      `select id, text, status, status_source as statusSource, status_conflict as statusConflict, owner, owner_source as ownerSource, due,
         due_source as dueSource from action_items where archived_at is null order by id`,
    )
    .all() as (ItemRow & { id: number })[];
  return Object.fromEntries(rows.map(({ id: _id, ...row }) => [row.text.split(' ').slice(0, 2).join(' '), row]));
}

const statuses = () => Object.fromEntries(Object.entries(items()).map(([key, row]) => [key, row.status]));

function linkRows(where = '1 = 1'): Record<string, unknown>[] {
  return database.sqlite
    .prepare(
      `select source, ref, repo, number, kind, state, state_reason as stateReason, title, assignees, labels, due_on as dueOn, merged_at as mergedAt,
         remote_updated_at as remoteUpdatedAt, synced_at as syncedAt, sync_error as syncError from action_item_links where ${where} order by id`,
    )
    .all() as Record<string, unknown>[];
}

describe('a first sync', () => {
  it('reads each repository in one list request and decides every item from it', async () => {
    await ingest();
    seedIssues();
    github.state.issues.addPull('example-org/datahub', { number: 13, title: 'CI: name the hub', body: 'Shows the hub and deployment.\n\nFixes #12', created_at: '2024-06-01T10:00:00Z' });

    const report = await sync();

    expect(github.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/repos/acme/api/issues', 200],
      ['GET', '/repos/example-org/datahub/issues', 200],
    ]);
    expect(github.requests[0]!.query).toEqual({ state: 'all', sort: 'updated', direction: 'asc', per_page: '100' });
    expect(report).toMatchObject({ repos: 2, links: 5, requests: 2, notModified: 0, linksUpdated: 6, linksFailed: 0, failures: [] });
    const ids = Object.fromEntries((database.sqlite.prepare('select id, text from action_items').all() as { id: number; text: string }[]).map((r) => [r.text.split(' ')[0], r.id]));
    expect(report.itemsChanged).toEqual([
      { itemId: ids.Alert, from: 'open', to: 'wont-do' },
      { itemId: ids.Write, from: 'open', to: 'done' },
      { itemId: ids.Show, from: 'open', to: 'in-progress' },
    ]);

    expect(items()).toEqual({
      'Add a': { text: expect.any(String), status: 'open', statusSource: 'github', statusConflict: null, owner: null, ownerSource: null, due: null, dueSource: null },
      'Alert on': expect.objectContaining({ status: 'wont-do', statusSource: 'github', statusConflict: null }),
      'Write the': expect.objectContaining({ status: 'done', statusSource: 'github' }),
      'Block merges': expect.objectContaining({ status: 'open', statusSource: 'github', owner: 'rtorres', ownerSource: 'github', due: '2024-09-30', dueSource: 'github' }),
      // The markdown names an owner: it stays; the open pull request closing #12 puts the item in progress.
      'Show which': expect.objectContaining({ status: 'in-progress', statusSource: 'github', owner: 'lchen', ownerSource: 'markdown', due: null }),
    });
    expect(linkRows("repo = 'example-org/datahub'")).toEqual([
      {
        source: 'markdown',
        ref: 'https://github.com/example-org/datahub/issues/14',
        repo: 'example-org/datahub',
        number: 14,
        kind: 'issue',
        state: 'open',
        stateReason: null,
        title: 'Block merges when staging is down',
        assignees: '["rtorres","lchen"]',
        labels: '[]',
        dueOn: '2024-09-30T07:00:00Z',
        mergedAt: null,
        remoteUpdatedAt: '2018-01-26T10:01:00Z',
        syncedAt: NOW.toISOString(),
        syncError: null,
      },
      expect.objectContaining({ source: 'markdown', number: 12, state: 'open', assignees: '["mkim"]' }),
      expect.objectContaining({ source: 'github', ref: 'https://github.com/example-org/datahub/pull/13', number: 13, kind: 'pull', state: 'open', title: 'CI: name the hub' }),
    ]);
    expect(linkRows("number = 2")[0]).toMatchObject({ state: 'closed', stateReason: 'not_planned', labels: '[]' });
    expect(linkRows("number = 1")[0]).toMatchObject({ state: 'open', labels: '["postmortem"]' });
    expect(formatSyncReport(report)).toBe('5 links in 2 repositories: 6 updated, 0 unchanged, 3 items changed status; 2 requests');
  });

  it('reads 1,000 items in 5 repositories with one request per page of results, and only 304s when nothing changed', async () => {
    folder.cleanup();
    folder = tempFolder();
    for (let file = 0; file < 10; file += 1) {
      const lines = Array.from({ length: 100 }, (_, i) => {
        const n = file * 100 + i;
        return `- [ ] Task ${n}: harden step ${n} of the pipeline https://github.com/acme/repo-${n % 5}/issues/${Math.floor(n / 5) + 1}`;
      });
      folder.write(`incident-${file}.md`, `# Incident ${file}\n\nDate: 2024-05-0${(file % 9) + 1}\n\n## Action items\n\n${lines.join('\n')}\n`);
    }
    await ingest();
    expect(database.sqlite.prepare('select count(*) from action_item_links').pluck().get()).toBe(1000);
    for (let repo = 0; repo < 5; repo += 1) {
      for (let number = 1; number <= 200; number += 1) {
        const minute = String(number % 60).padStart(2, '0');
        github.state.issues.add(`acme/repo-${repo}`, { number, updated_at: `2024-05-${String(10 + Math.floor(number / 60)).padStart(2, '0')}T10:${minute}:00Z`, state: number % 4 === 0 ? 'closed' : 'open' });
      }
    }

    const first = await sync();
    // 200 issues a repository: two pages of 100 each, five repositories, and nothing else.
    expect(github.requests).toHaveLength(10);
    expect(github.requests.every((r) => r.status === 200 && r.method === 'GET')).toBe(true);
    expect(github.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '1', '2', '1', '2', '1', '2', '1', '2']);
    expect(first).toMatchObject({ repos: 5, links: 1000, requests: 10, notModified: 0, linksUpdated: 1000, failures: [] });
    expect(first.itemsChanged).toHaveLength(250);
    expect(database.sqlite.prepare('select count(*) from action_item_links where state is null or synced_at is null').pluck().get()).toBe(0);
    expect(database.sqlite.prepare("select count(*) from action_items where status = 'done'").pluck().get()).toBe(250);

    github.requests.length = 0;
    const second = await sync();
    expect(github.requests.map((r) => r.status)).toEqual(Array(10).fill(304));
    expect(github.requests.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(second).toMatchObject({ requests: 10, notModified: 10, linksUpdated: 0, itemsChanged: [], failures: [] });
    expect(formatSyncReport(second)).toBe('1000 links in 5 repositories: 0 updated, 1000 unchanged (304), 0 items changed status; 10 requests');

    // One issue closes: its repository's pages shift and are read again; then the window moves past them.
    github.state.issues.update('acme/repo-2', 7, { state: 'closed', updated_at: '2024-07-02T08:00:00Z' });
    github.requests.length = 0;
    const third = await sync();
    expect(third).toMatchObject({ linksUpdated: 1, failures: [] });
    expect(third.itemsChanged).toEqual([{ itemId: expect.any(Number), from: 'open', to: 'done' }]);
    const repo2 = github.requests.filter((r) => r.path === '/repos/acme/repo-2/issues');
    expect(repo2.map((r) => [r.query.since ?? null, r.query.page ?? '1', r.status])).toEqual([
      [null, '1', 200],
      [null, '2', 200],
      ['2024-07-02T08:00:00Z', '1', 200],
    ]);
    expect(github.requests.filter((r) => r.path !== '/repos/acme/repo-2/issues').map((r) => r.status)).toEqual(Array(8).fill(304));

    github.requests.length = 0;
    const fourth = await sync();
    expect(github.requests.map((r) => r.status)).toEqual(Array(9).fill(304));
    expect(fourth).toMatchObject({ requests: 9, notModified: 9, linksUpdated: 0, itemsChanged: [] });
  });
});

describe('later syncs', () => {
  it('reads a change, and skips what is older than what a link holds', async () => {
    await ingest();
    seedIssues();
    await sync();
    github.state.issues.update('acme/api', 1, { state: 'closed', state_reason: 'not_planned', updated_at: tick() });
    github.state.issues.update('example-org/datahub', 14, { assignees: ['jdoe'], milestone: null, updated_at: tick() });

    const report = await sync();
    expect(report).toMatchObject({ linksUpdated: 2, notModified: 0, failures: [] });
    expect(items()['Add a']).toMatchObject({ status: 'wont-do', statusSource: 'github' });
    expect(items()['Block merges']).toMatchObject({ status: 'open', owner: 'jdoe', ownerSource: 'github', due: null, dueSource: null });

    // A delivery older than what the link holds (a late webhook, a stale page) changes nothing.
    const older = { ...github.state.issues.get('acme/api', 1)!, state: 'open', state_reason: 'reopened', updated_at: '2024-06-30T00:00:00Z' };
    expect(applyIssue(database, 'acme/api', older, NOW)).toMatchObject({ links: 1, updated: 0, stale: 1, itemsChanged: [] });
    expect(items()['Add a']!.status).toBe('wont-do');
    expect(applyIssue(database, 'acme/api', { number: 1 }, NOW).problem).toBe('#1: state undefined is neither open nor closed');
  });

  it('reads on its own only a linked issue the list cannot show, and asks once for one that does not exist', async () => {
    folder.write('checkout-outage.md', REPORT.replace('acme/api#2', 'acme/api#2 and acme/api#99'));
    await ingest();
    seedIssues();
    const first = await sync();
    expect(github.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/repos/acme/api/issues 200',
      '/repos/acme/api/issues/99 404',
      '/repos/example-org/datahub/issues 200',
    ]);
    expect(first.failures).toEqual([{ repo: 'acme/api', number: 99, message: 'not found' }]);
    expect(first.linksFailed).toBe(1);
    expect(linkRows('number = 99')).toEqual([expect.objectContaining({ state: null, syncError: 'not found', syncedAt: NOW.toISOString() })]);

    // A second report links #1 (known: it borrows the state, no request) and #4 (on a page answered 304: read alone).
    github.state.issues.add('acme/api', { number: 4, title: 'Older issue', state: 'closed', created_at: '2024-05-03T09:03:00Z' });
    github.requests.length = 0;
    await sync();
    github.requests.length = 0;
    folder.write('other.md', '# Other\n\nDate: 2024-06-01\n\n## Action items\n\n- [ ] Canary for the worker https://github.com/acme/api/issues/1\n- [ ] Older work acme/api#4\n');
    await ingest();
    const report = await sync();
    expect(github.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/repos/acme/api/issues 304',
      '/repos/acme/api/issues/4 200',
      '/repos/example-org/datahub/issues 304',
    ]);
    expect(report).toMatchObject({ requests: 3, notModified: 2, linksUpdated: 2, failures: [] });
    expect(items()['Canary for']).toMatchObject({ status: 'open', statusSource: 'github' });
    expect(items()['Older work']).toMatchObject({ status: 'done', statusSource: 'github' });

    // #99 is created: the list shows it and its link recovers.
    github.state.issues.add('acme/api', { number: 99, title: 'Now it exists', created_at: tick() });
    expect((await sync()).failures).toEqual([]);
    expect(linkRows('number = 99')).toEqual([expect.objectContaining({ state: 'open', title: 'Now it exists', syncError: null })]);
  });

  it('does not take a transferred issue (GitHub redirects to its new place) for the linked one', async () => {
    folder.write('checkout-outage.md', REPORT.replace('acme/api#2', 'acme/api#2 and acme/api#77'));
    await ingest();
    seedIssues();
    const moved = github.state.issues.add('acme/web', { number: 9, title: 'Moved here', state: 'closed' });
    github.route('GET', '/repos/acme/api/issues/77', () => ({ status: 200, body: moved }));
    const report = await sync();
    expect(report.failures).toEqual([{ repo: 'acme/api', number: 77, message: 'transferred to https://github.com/acme/web/issues/9' }]);
    expect(linkRows('number in (9, 77)')).toEqual([expect.objectContaining({ number: 77, state: null, syncError: 'transferred to https://github.com/acme/web/issues/9' })]);
    expect(items()['Alert on']).toMatchObject({ status: 'wont-do' });
    github.requests.length = 0;
    await sync();
    expect(github.requests.filter((r) => r.path.endsWith('/77'))).toEqual([]);
  });

  it('records a repository that does not exist, and reads pull requests one by one where issues are turned off', async () => {
    folder.write(
      'checkout-outage.md',
      `${REPORT}- [ ] Ship the proxy fix https://github.com/acme/proxy/pull/8\n- [ ] Track the proxy bug acme/proxy#7\n- [ ] Migrate https://github.com/acme/gone/issues/1\n`,
    );
    await ingest();
    seedIssues();
    github.state.issues.addPull('acme/proxy', { number: 8, title: 'Fix the proxy', created_at: '2024-05-04T00:00:00Z' });
    github.state.issues.disable('acme/proxy');

    const report = await sync();
    expect(report.failures).toEqual([
      { repo: 'acme/proxy', message: 'GET /repos/acme/proxy/issues: 410 Issues are disabled for this repo' },
      { repo: 'acme/gone', message: 'GET /repos/acme/gone/issues: 404 Not Found' },
    ]);
    expect(items()['Ship the']).toMatchObject({ status: 'in-progress', statusSource: 'github' });
    expect(items()['Track the']).toMatchObject({ status: 'open', statusSource: 'markdown' });
    expect(linkRows("repo = 'acme/gone'")).toEqual([expect.objectContaining({ state: null, syncError: 'GET /repos/acme/gone/issues: 404 Not Found' })]);
    expect(database.sqlite.prepare("select error from github_sync_state where repo = 'acme/gone'").pluck().get()).toBe('GET /repos/acme/gone/issues: 404 Not Found');

    // The pull request is asked for again conditionally: unchanged, it costs nothing.
    github.requests.length = 0;
    await sync();
    expect(github.requests.filter((r) => r.path === '/repos/acme/proxy/pulls/8').map((r) => r.status)).toEqual([304]);
    github.state.issues.update('acme/proxy', 8, { merged_at: tick() });
    await sync();
    expect(items()['Ship the']).toMatchObject({ status: 'done', statusSource: 'github' });
  });
});

describe('pull requests that close a linked issue', () => {
  it('put the item in progress while open and done when merged (GitHub closes the issue)', async () => {
    await ingest();
    seedIssues();
    await sync();
    github.state.issues.addPull('acme/api', { number: 20, title: 'Add a canary stage', body: 'The deploy waits for the canary.\n\nFIXES: #1', created_at: tick() });
    // Closing keywords in another repository, in code, or without a keyword do not count.
    github.state.issues.addPull('acme/api', { number: 21, title: 'Refactor', body: 'Relates to #3. `fixes #2`\n```\ncloses #2\n```', created_at: tick() });

    const opened = await sync();
    expect(opened.itemsChanged).toEqual([{ itemId: expect.any(Number), from: 'open', to: 'in-progress' }]);
    expect(items()['Add a']).toMatchObject({ status: 'in-progress', statusSource: 'github' });
    expect(linkRows("source = 'github'")).toEqual([
      expect.objectContaining({ ref: 'https://github.com/acme/api/pull/20', repo: 'acme/api', number: 20, kind: 'pull', state: 'open' }),
    ]);

    github.state.issues.update('acme/api', 20, { merged_at: tick() });
    const merged = await sync();
    expect(merged.itemsChanged).toEqual([{ itemId: expect.any(Number), from: 'in-progress', to: 'done' }]);
    expect(items()['Add a']).toMatchObject({ status: 'done', statusSource: 'github', statusConflict: "acme/api#1, acme/api#20 closed as completed, but the report's checkbox is not ticked" });
    expect(linkRows('number in (1, 20)').map((l) => [l.number, l.state, l.stateReason])).toEqual([
      [1, 'closed', 'completed'],
      [20, 'merged', null],
    ]);
  });
});

describe('failures', () => {
  const faults: [string, FaultRule, RegExp][] = [
    ['a 500', { kind: 'status', status: 500, path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: 500 Server Error$/],
    ['a 503', { kind: 'status', status: 503, path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: 503 Service Unavailable$/],
    ['no answer', { kind: 'hang', path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: timed out after 150 ms$/],
    ['a body that stalls', { kind: 'hang-body', path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: timed out after 150 ms$/],
    ['malformed JSON', { kind: 'malformed-json', path: '/repos/acme/api/issues', times: 1 }, /^GET \/repos\/acme\/api\/issues: malformed JSON from the server$/],
    ['the rate limit', { kind: 'primary-rate-limit', path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: rate limit exceeded \(resets at 2024-07-01T00:0\d:00Z\)$/],
    ['a secondary rate limit', { kind: 'secondary-rate-limit', status: 429, retryAfterSeconds: 1, path: '/repos/acme/api/issues', times: 2 }, /^GET \/repos\/acme\/api\/issues: secondary rate limit exceeded \(retry after 1 s\)$/],
  ];

  it.each(faults)('%s: reported, nothing changed or lost, and the next sync recovers', async (_name, rule, message) => {
    await ingest();
    seedIssues();
    await sync();
    const before = items();
    github.state.issues.update('acme/api', 1, { state: 'closed', updated_at: tick() });
    github.state.issues.update('acme/api', 3, { state: 'open', updated_at: tick() });
    github.state.issues.update('example-org/datahub', 14, { state: 'closed', updated_at: tick() });
    const fault = github.fail(rule);
    const requestsBefore = github.requests.length;

    const report = await sync();
    expect(fault.remaining).toBe(0);
    const rateLimited = rule.kind === 'primary-rate-limit' || rule.kind === 'secondary-rate-limit';
    expect(report.failures).toHaveLength(rateLimited ? 2 : 1);
    expect(report.failures[0]).toEqual({ repo: 'acme/api', message: expect.stringMatching(message) });
    const asked = github.requests.slice(requestsBefore);
    const failure = report.failures[0]!.message;
    // No status changed because of the failure: acme/api's items are as they were.
    expect(Object.fromEntries(['Add a', 'Alert on', 'Write the'].map((key) => [key, items()[key]]))).toEqual(
      Object.fromEntries(['Add a', 'Alert on', 'Write the'].map((key) => [key, before[key]])),
    );
    expect(linkRows("repo = 'acme/api'").map((l) => [l.state, l.syncError])).toEqual([
      ['open', failure],
      ['closed', failure],
      ['closed', failure],
    ]);
    expect(database.sqlite.prepare("select error from github_sync_state where repo = 'acme/api'").pluck().get()).toBe(failure);
    if (rateLimited) {
      // After a rate limit nothing more is asked: the other repository is reported as not synced.
      expect(report.failures[1]).toEqual({ repo: 'example-org/datahub', message: `not synced: ${failure.replace('GET /repos/acme/api/issues: ', '')}` });
      expect(asked.filter((r) => r.path.includes('datahub'))).toEqual([]);
      expect(items()['Block merges']!.status).toBe('open');
    } else {
      expect(items()['Block merges']!.status).toBe('done');
      expect(asked.filter((r) => r.path.includes('datahub')).map((r) => r.status)).toEqual([200]);
    }
    expect(asked.filter((r) => r.path === '/repos/acme/api/issues')).toHaveLength(rule.times!);
    expect(report.linksFailed).toBe(rateLimited ? 5 : 3);

    const next = await sync();
    expect(next.failures).toEqual([]);
    expect(statuses()).toEqual({ 'Add a': 'done', 'Alert on': 'wont-do', 'Write the': 'open', 'Block merges': 'done', 'Show which': 'open' });
    expect(linkRows().map((l) => l.syncError)).toEqual([null, null, null, null, null]);
    expect(database.sqlite.prepare('select count(*) from github_sync_state where error is not null').pluck().get()).toBe(0);
  });

  it('keeps what the pages before a failure brought, and reads the rest next time', async () => {
    folder.cleanup();
    folder = tempFolder();
    const lines = Array.from({ length: 150 }, (_, i) => `- [ ] Item ${i + 1} of the list https://github.com/acme/big/issues/${i + 1}`);
    folder.write('big.md', `# Big\n\nDate: 2024-05-01\n\n## Action items\n\n${lines.join('\n')}\n`);
    await ingest();
    for (let n = 1; n <= 150; n += 1) github.state.issues.add('acme/big', { number: n, state: 'closed', updated_at: `2024-05-02T${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00Z` });
    // The first page answers; the second fails, and so does its retry.
    let failing = 2;
    github.route('GET', '/repos/:owner/:repo/issues', (request) =>
      request.query.get('page') === '2' && failing-- > 0 ? { status: 502, body: { message: 'Bad Gateway', documentation_url: 'https://docs.github.com/rest', status: '502' } } : null,
    );
    const report = await sync();
    expect(report.failures).toEqual([{ repo: 'acme/big', message: 'GET /repos/acme/big/issues: 502 Bad Gateway' }]);
    expect(report.itemsChanged).toHaveLength(100);
    expect(database.sqlite.prepare("select count(*) from action_items where status = 'done'").pluck().get()).toBe(100);
    expect(failing).toBe(0);

    const again = await sync();
    expect(again.failures).toEqual([]);
    expect(database.sqlite.prepare("select count(*) from action_items where status = 'done'").pluck().get()).toBe(150);
  });
});

describe('an issue in the list that cannot be read', () => {
  it('is reported, the others are applied, and its page is asked for in full again', async () => {
    await ingest();
    seedIssues();
    let broken = true;
    github.route('GET', '/repos/:owner/:repo/issues', (request) => {
      if (!broken || request.params.repo !== 'api') return null;
      broken = false;
      return { status: 200, body: [...github.state.issues.list('acme/api')!, { number: 5, state: 'unknown', updated_at: '2024-05-01T00:00:00Z' }] };
    });
    const report = await sync();
    expect(report.failures).toEqual([{ repo: 'acme/api', message: 'an issue in the list could not be read: #5: state "unknown" is neither open nor closed' }]);
    expect(statuses()).toMatchObject({ 'Alert on': 'wont-do', 'Write the': 'done' });
    expect(database.sqlite.prepare("select count(*) from github_etags where url like '%/acme/api/%'").pluck().get()).toBe(0);

    github.requests.length = 0;
    expect((await sync()).failures).toEqual([]);
    expect(github.requests.map((r) => [r.path, r.headers['if-none-match'] === undefined ? 'unconditional' : 'conditional', r.status])).toEqual([
      ['/repos/acme/api/issues', 'unconditional', 200],
      ['/repos/example-org/datahub/issues', 'conditional', 304],
    ]);
  });
});

describe('closingRefs', () => {
  it("reads GitHub's closing keywords, each with its own reference", () => {
    const text = [
      'Fixes #12, closes example-org/datahub#14 and resolves https://github.com/example-org/web/issues/3.',
      'Closed: #5. FIX #6 #7. Fixed #6 again. Fixes: https://ghe.example.com/o/r/issues/9',
      'Relates to #20; prefixes #21; `fixes #22`',
      '```',
      'closes #23',
      '```',
      'fixes https://gitlab.com/o/r/issues/24',
    ].join('\n');
    expect(closingRefs(text, 'example-org/api')).toEqual([
      { repo: 'example-org/api', number: 12 },
      { repo: 'example-org/datahub', number: 14 },
      { repo: 'example-org/web', number: 3 },
      { repo: 'example-org/api', number: 5 },
      { repo: 'example-org/api', number: 6 },
    ]);
    expect(closingRefs(text, 'example-org/api', ['github.com', 'ghe.example.com']).map((r) => r.number)).toEqual([12, 14, 3, 5, 6, 9]);
    expect(closingRefs(null, 'o/r')).toEqual([]);
  });
});

describe('formatSyncReport', () => {
  it('counts links, failures and requests', () => {
    const report: SyncReport = {
      repos: 3,
      links: 12,
      requests: 18,
      notModified: 4,
      linksUpdated: 5,
      linksFailed: 3,
      itemsChanged: [
        { itemId: 1, from: 'open', to: 'done' },
        { itemId: 2, from: 'open', to: 'in-progress' },
      ],
      failures: [{ repo: 'o/r', message: 'x' }],
    };
    expect(formatSyncReport(report)).toBe('12 links in 3 repositories: 5 updated, 4 unchanged (304), 3 failed, 2 items changed status; 18 requests');
    expect(formatSyncReport({ ...report, repos: 1, links: 1, requests: 1, notModified: 0, linksUpdated: 1, linksFailed: 0, failures: [], itemsChanged: [report.itemsChanged[0]!] })).toBe(
      '1 link in 1 repository: 1 updated, 0 unchanged, 1 item changed status; 1 request',
    );
  });
});

describe('scheduleSync', () => {
  let schedule: SyncSchedule | null = null;
  afterEach(async () => {
    await schedule?.stop();
    schedule = null;
  });

  it('syncs at start and on demand, never two at once, then runs afterSync', async () => {
    await ingest();
    seedIssues();
    const lines: string[] = [];
    const after: SyncReport[] = [];
    schedule = scheduleSync({
      database,
      client: client(),
      everyMinutes: 60,
      report: (line) => lines.push(line),
      warn: (line) => lines.push(`warn: ${line}`),
      now: () => NOW,
      afterSync: (report) => {
        after.push(report);
        if (after.length === 2) throw new Error('safeguards unreachable');
      },
    });
    const running = schedule.runNow();
    expect(schedule.runNow()).toBe(running);
    const first = await running;
    expect(first).toMatchObject({ requests: 2, failures: [] });
    expect(github.requests).toHaveLength(2);
    expect(lines).toEqual(['GitHub sync: 5 links in 2 repositories: 5 updated, 0 unchanged, 2 items changed status; 2 requests']);

    lines.length = 0;
    github.fail({ kind: 'status', status: 404, path: '/repos/example-org/datahub/issues' });
    const second = await schedule.runNow();
    expect(second?.notModified).toBe(1);
    expect(lines).toEqual([
      'GitHub sync: 5 links in 2 repositories: 0 updated, 3 unchanged (304), 2 failed, 0 items changed status; 2 requests',
      'warn:   example-org/datahub: GET /repos/example-org/datahub/issues: 404 Not Found',
      'warn: after the GitHub sync: safeguards unreachable',
    ]);
    expect(after).toHaveLength(2);

    await schedule.stop();
    expect(await schedule.runNow()).toBeNull();
  });
});
