/**
 * Creating the GitHub issue of an action item, against the local GitHub stand-in: what is sent (title, body with
 * the link back, label), what is recorded (the link with GitHub's state, the item's status), and every refusal
 * (a second open issue, GitHub's 404/403/422/401/rate limits/5xx) leaving nothing recorded.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIssueForItem, issueBody, issueTitle, MAX_TITLE_LENGTH, type CreateIssueOptions, noMention } from '../../server/actions/create-issue.ts';
import { LinkError, unlinkItem } from '../../server/actions/links.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { actionItemLinks, actionItems } from '../../server/db/schema.ts';
import { createGitHubClient, type GitHubClient } from '../../server/github/client.ts';
import { seedIncident } from '../db/queries/seed.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { validationFailed } from '../helpers/github-standin-routes.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const REPO = 'acme/web';
const PUBLIC_URL = 'https://hindsight.example.com';
const CREATE_DOCS = 'https://docs.github.com/rest/issues/issues#create-an-issue';

let github: GitHubStandIn;
let client: GitHubClient;
let database: Database;
let items: Record<string, number>;

beforeEach(async () => {
  github = await startGitHubStandIn({ token: 'test-token', now: () => NOW });
  github.state.addRepo(REPO);
  github.state.addRepo('acme/api');
  client = createGitHubClient({ baseUrl: github.url, token: 'test-token', retryAfterBaseMs: 1, retries: 1, spaceWrites: false });
  database = openDatabase(':memory:');
  seedIncident(database, {
    slug: 'disk-full',
    title: 'Checkout blocked by broker disk alarm',
    date: '2023-11-28',
    items: [
      { text: 'Alert on broker disk usage', owner: 'alice', due: '2024-01-15' },
      { text: 'Document the runbook' },
      { text: 'Rotate the broker logs', done: true, status: 'done' },
      { text: 'Gone from the markdown', archived: true },
      { text: 'Already tracked', links: [{ ref: 'https://github.com/example-org/app/issues/3', state: 'open' }] },
    ],
  });
  seedIncident(database, { slug: 'untitled-note', title: null, items: [{ text: 'Queue depth alert' }] });
  items = Object.fromEntries(database.db.select({ id: actionItems.id, text: actionItems.text }).from(actionItems).all().map((row) => [row.text, row.id]));
});
afterEach(async () => {
  database.close();
  await github.close();
});

const options = (overrides: Partial<CreateIssueOptions> = {}): CreateIssueOptions => ({
  repo: REPO,
  label: 'postmortem-action',
  publicUrl: PUBLIC_URL,
  now: NOW,
  ...overrides,
});
const create = (text: string, overrides: Partial<CreateIssueOptions> = {}) => createIssueForItem(database, client, items[text]!, options(overrides));
const allLinks = () => database.db.select().from(actionItemLinks).all();
const item = (text: string) => database.db.select().from(actionItems).where(eq(actionItems.id, items[text]!)).get()!;
const posts = () => github.requests.filter((r) => r.method === 'POST');
/** The JSON bodies of the requests that created an issue, in order. */
const sent = () => posts().filter((r) => r.status === 201).map((r) => r.body as Record<string, unknown>);
/** The issues of `repo` on the stand-in, as GitHub lists them. */
const issuesIn = (repo: string) => github.state.issues.list(repo) ?? [];

/** The `LinkError` `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<LinkError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LinkError);
  return error as LinkError;
}

describe('createIssueForItem', () => {
  it('creates the issue with the item text, owner, due date, a link back and the label', async () => {
    await create('Alert on broker disk usage');
    const id = items['Alert on broker disk usage']!;
    const body = [
      'Alert on broker disk usage',
      '- Owner: alice\n- Due: 2024-01-15',
      `From the postmortem: Checkout blocked by broker disk alarm (https://hindsight.example.com/incidents/disk-full#item-${id})`,
    ].join('\n\n');
    expect(posts().map((r) => [r.path, r.headers.authorization, r.body])).toEqual([
      ['/repos/acme/web/issues', 'token test-token', { title: 'Alert on broker disk usage', body, labels: ['postmortem-action'] }],
    ]);
    expect(issuesIn(REPO)).toMatchObject([{ number: 1, title: 'Alert on broker disk usage', body, labels: [{ name: 'postmortem-action' }] }]);
  });

  it('records the issue as a service link with the state, title, labels and assignees GitHub answered', async () => {
    const link = await create('Alert on broker disk usage');
    expect(link).toEqual({
      id: expect.any(Number),
      source: 'service',
      ref: 'https://github.com/acme/web/issues/1',
      url: 'https://github.com/acme/web/issues/1',
      repo: REPO,
      number: 1,
      kind: 'issue',
      state: 'open',
      stateReason: null,
      title: 'Alert on broker disk usage',
      assignees: [],
      labels: ['postmortem-action'],
      dueOn: null,
      syncedAt: NOW.toISOString(),
      syncError: null,
    });
    const [stored] = allLinks().filter((l) => l.id === link.id);
    expect(stored).toMatchObject({ actionItemId: items['Alert on broker disk usage'], createdAt: NOW.toISOString(), remoteUpdatedAt: '2024-06-01T12:00:00Z' });
  });

  it('reads the assignees, labels and milestone GitHub answered, which give an item without them its owner and due date', async () => {
    // GitHub answers with more than was sent, as when the repository's automation triages new issues.
    github.route('POST', '/repos/:owner/:repo/issues', (request) => ({
      status: 201,
      body: request.state.issues.add(REPO, {
        number: 41,
        title: 'Document the runbook',
        labels: ['postmortem-action', 'triage'],
        assignees: ['carol', 'dave'],
        milestone: { title: 'Q3', due_on: '2024-09-30T07:00:00Z' },
      }),
    }));
    const link = await create('Document the runbook');
    expect(link).toMatchObject({
      ref: 'https://github.com/acme/web/issues/41',
      number: 41,
      assignees: ['carol', 'dave'],
      labels: ['postmortem-action', 'triage'],
      dueOn: '2024-09-30T07:00:00Z',
    });
    expect(item('Document the runbook')).toMatchObject({ owner: 'carol', ownerSource: 'github', due: '2024-09-30', dueSource: 'github' });

    // Unlinked again, the item has no owner or due date (nor a status from GitHub) any more.
    unlinkItem(database, items['Document the runbook']!, link.id, { now: NOW });
    expect(item('Document the runbook')).toMatchObject({ owner: null, ownerSource: null, due: null, dueSource: null, status: 'open', statusSource: 'markdown' });
  });

  it('keeps the owner and due date the markdown gives', async () => {
    github.route('POST', '/repos/:owner/:repo/issues', (request) => ({
      status: 201,
      body: request.state.issues.add(REPO, { number: 42, title: 'x', assignees: ['carol'], milestone: { title: 'Q3', due_on: '2024-09-30T07:00:00Z' } }),
    }));
    await create('Alert on broker disk usage');
    expect(item('Alert on broker disk usage')).toMatchObject({ owner: 'alice', due: '2024-01-15' });
  });

  it('applies the status rule at once: the open issue decides an unticked item', async () => {
    await create('Document the runbook');
    expect(item('Document the runbook')).toMatchObject({ status: 'open', statusSource: 'github', statusConflict: null });
  });

  it('keeps a ticked item done, flagging the open issue', async () => {
    await create('Rotate the broker logs');
    expect(item('Rotate the broker logs')).toMatchObject({
      status: 'done',
      statusSource: 'markdown',
      statusConflict: 'ticked in the report, but acme/web#1 still open',
    });
  });

  it('sends no labels when no label is configured, and the slug when the postmortem has no title', async () => {
    await create('Queue depth alert', { label: null, publicUrl: 'http://localhost:3000/' });
    const [body] = sent();
    expect(body).not.toHaveProperty('labels');
    expect(body!.body).toBe(
      `Queue depth alert\n\nFrom the postmortem: untitled-note (http://localhost:3000/incidents/untitled-note#item-${items['Queue depth alert']})`,
    );
    expect(issuesIn(REPO)).toMatchObject([{ title: 'Queue depth alert', body: body!.body, labels: [] }]);
  });

  it('refuses a second issue while an open or unsynced one is linked in that repository, unless forced', async () => {
    const tracked = 'example-org/app';
    github.state.addRepo(tracked);
    const error = await refusal(create('Already tracked', { repo: tracked }));
    expect(error.code).toBe('already-open');
    expect(error.message).toBe(
      `action item ${items['Already tracked']} already has an open issue in example-org/app: https://github.com/example-org/app/issues/3; pass "force": true to create another`,
    );
    // The repository is compared without case.
    expect((await refusal(create('Already tracked', { repo: 'Example-Org/App' }))).code).toBe('already-open');
    expect(posts()).toEqual([]);

    // Another repository is fine; so is forcing.
    await create('Already tracked');
    await create('Already tracked', { repo: tracked, force: true });
    expect(posts().map((r) => [r.path, r.status])).toEqual([
      ['/repos/acme/web/issues', 201],
      ['/repos/example-org/app/issues', 201],
    ]);
    expect([issuesIn(REPO), issuesIn(tracked)].map((issues) => issues.map((i) => i.title))).toEqual([['Already tracked'], ['Already tracked']]);

    // The issue just created is open: a third in that repository needs force again.
    expect((await refusal(create('Already tracked'))).code).toBe('already-open');
  });

  it('counts an issue that was not synced yet as maybe open, and a closed one not at all', async () => {
    const id = items['Document the runbook']!;
    database.db.insert(actionItemLinks).values({ actionItemId: id, source: 'service', ref: 'https://github.com/acme/web/issues/7', kind: 'issue', repo: REPO, number: 7 }).run();
    expect((await refusal(create('Document the runbook'))).message).toContain('not synced yet');
    database.db.update(actionItemLinks).set({ state: 'closed', stateReason: 'completed' }).where(eq(actionItemLinks.actionItemId, id)).run();
    await create('Document the runbook');
    expect(issuesIn(REPO)).toHaveLength(1);
  });

  it('trims a long title to GitHub\'s 256 characters and collapses white space', () => {
    expect(issueTitle('  Add   an alert\n on disk ', 1)).toBe('Add an alert on disk');
    const long = issueTitle('x'.repeat(300), 1);
    expect(Array.from(long)).toHaveLength(MAX_TITLE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(issueTitle('é'.repeat(MAX_TITLE_LENGTH), 1)).toBe('é'.repeat(MAX_TITLE_LENGTH));
    // Characters outside the BMP are not cut in half.
    expect(issueTitle('🔥'.repeat(300), 1)).toBe(`${'🔥'.repeat(MAX_TITLE_LENGTH - 1)}…`);
    expect(issueTitle('   ', 7)).toBe('Action item 7');
  });

  it('builds the body with only the facts the item has', () => {
    const incident = { slug: '2024/dns cutover', title: 'DNS' };
    expect(issueBody({ id: 3, text: 'Lower TTL', owner: null, due: '2024-07-01', incident }, 'https://h.example/')).toBe(
      'Lower TTL\n\n- Due: 2024-07-01\n\nFrom the postmortem: DNS (https://h.example/incidents/2024%2Fdns%20cutover#item-3)',
    );
  });

  it('refuses before asking GitHub: unknown or archived items, no repository, a malformed repository', async () => {
    expect((await refusal(createIssueForItem(database, client, 9999, options()))).code).toBe('not-found');
    expect((await refusal(create('Gone from the markdown'))).code).toBe('archived');
    const none = await refusal(create('Document the runbook', { repo: null }));
    expect(none).toMatchObject({ code: 'invalid', message: expect.stringContaining('HINDSIGHT_REPO') });
    expect((await refusal(create('Document the runbook', { repo: 'not a repo' }))).message).toBe('"not a repo" is not a repository: write it as owner/name');
    expect(github.requests).toEqual([]);
    expect(allLinks()).toHaveLength(1);
  });

  it('refuses a second creation for the same item while the first is under way', async () => {
    const first = create('Document the runbook');
    const second = await refusal(create('Document the runbook', { force: true }));
    expect(second).toMatchObject({ code: 'busy' });
    await first;
    expect(issuesIn(REPO)).toHaveLength(1);
    // Done: the next (forced) one goes through.
    await create('Document the runbook', { force: true });
    expect(issuesIn(REPO)).toHaveLength(2);
  });

  describe('when GitHub refuses, names its answer and records nothing', () => {
    const cases: Array<[string, () => void, string]> = [
      ['an unknown repository (404)', () => {}, 'POST /repos/acme/gone/issues: 404 Not Found: no such repository, or the token cannot see it'],
      [
        'no permission (403)',
        () => github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'status', status: 403, message: 'Resource not accessible by integration' }),
        'POST /repos/acme/gone/issues: 403 Resource not accessible by integration: the token may not create issues in this repository',
      ],
      ['a validation failure (422)', () => {}, 'POST /repos/acme/gone/issues: 422 Validation Failed (Issue.title missing_field)'],
      [
        'the rate limit',
        () => github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'primary-rate-limit', resetInSeconds: 3600, times: Infinity }),
        'POST /repos/acme/gone/issues: rate limit exceeded (resets at 2024-06-01T13:00:00Z)',
      ],
      [
        'the secondary rate limit',
        () => github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'secondary-rate-limit', retryAfterSeconds: 3600, times: Infinity }),
        'POST /repos/acme/gone/issues: secondary rate limit exceeded (retry after 3600 s)',
      ],
      [
        'a server error, after retrying',
        () => github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'status', status: 500, times: Infinity }),
        'POST /repos/acme/gone/issues: 500 Server Error',
      ],
    ];

    it.each(cases)('%s', async (name, setUp, answer) => {
      setUp();
      // 404: the stand-in does not know the repository; 422: GitHub's validation answer, as a route tried first.
      const repo = 'acme/gone';
      if (name !== 'an unknown repository (404)') github.state.addRepo(repo);
      if (name.includes('422')) {
        github.route('POST', '/repos/:owner/:repo/issues', () =>
          validationFailed(CREATE_DOCS, [{ resource: 'Issue', field: 'title', code: 'missing_field' }]),
        );
      }
      const before = item('Document the runbook');
      const error = await refusal(create('Document the runbook', { repo }));
      expect(error.code).toBe('github');
      expect(error.message).toBe(`GitHub did not create the issue in acme/gone: ${answer}`);
      expect(allLinks()).toHaveLength(1);
      expect(item('Document the runbook')).toEqual(before);
    });

    it('a bad token (401)', async () => {
      const stranger = createGitHubClient({ baseUrl: github.url, token: 'wrong', retryAfterBaseMs: 1, retries: 0, spaceWrites: false });
      const error = await refusal(createIssueForItem(database, stranger, items['Document the runbook']!, options()));
      expect(error.message).toBe('GitHub did not create the issue in acme/web: POST /repos/acme/web/issues: 401 Bad credentials: the GitHub token is not valid');
      expect(allLinks()).toHaveLength(1);
    });

    it('retries a server error once and records the issue when the retry succeeds', async () => {
      github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'status', status: 502 });
      const link = await create('Document the runbook');
      expect(link.state).toBe('open');
      expect(posts().map((r) => r.status)).toEqual([502, 201]);
    });

    it('frees the item for another try after a failure', async () => {
      github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'status', status: 403 });
      expect((await refusal(create('Document the runbook'))).code).toBe('github');
      await create('Document the runbook');
      expect(issuesIn(REPO)).toHaveLength(1);
    });
  });
});

describe('mentions', () => {
  it('writes @handles as code, so the issue pings nobody (postmortem handles are often chat names)', () => {
    expect(noMention('Block merges. Tracked in example-org/datahub#14. @rtorres and @platform/sre')).toBe(
      'Block merges. Tracked in example-org/datahub#14. `@rtorres` and `@platform/sre`',
    );
    expect(noMention('mail ops@example.com, `@already` code')).toBe('mail ops@example.com, `@already` code');
  });
});
