/**
 * The stand-in's issues and pull requests behave like the recordings of the real API in `@octokit/fixtures`: the
 * same fields in the same order (`paginate-issues`, `add-labels-to-issue`, `labels`), GitHub's list filters, order
 * and pagination, 404/410/422 answers, and Octokit's issue and pull request methods work against it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../server/github/client.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { readRecording } from '../helpers/github-standin-recordings.ts';

let github: GitHubStandIn;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2024-07-01T12:00:00Z');
  github = await startGitHubStandIn({ now: () => clock });
});
afterEach(() => github.close());

const get = (path: string) => fetch(`${github.url}${path}`);
const octokit = () => createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1, spaceWrites: false });

/** Field names and JSON types of `value`, nested objects described the same way (arrays by their first item). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)]));
}

describe('issue objects', () => {
  it('have the fields, order and types of the recorded list and single issue', async () => {
    const listed = (readRecording('paginate-issues')[0]!.response as Record<string, unknown>[])[0]!;
    const created = readRecording('add-labels-to-issue')[0]!.response as Record<string, unknown>;
    github.state.issues.add('octokit-fixture-org/hello-world', { number: 13, title: 'Test issue 13', user: 'octokit-fixture-user-a' });

    const [fromList] = (await (await get('/repos/octokit-fixture-org/hello-world/issues')).json()) as Record<string, unknown>[];
    expect(Object.keys(fromList!)).toEqual(Object.keys(listed));
    expect(shape({ ...fromList, body: null })).toEqual(shape(listed));
    const single = (await (await get('/repos/octokit-fixture-org/hello-world/issues/13')).json()) as Record<string, unknown>;
    expect(Object.keys(single)).toEqual(Object.keys(created));
    expect(shape(single)).toEqual(shape(created));
  });

  it('carry labels, assignees, a milestone with its due date, closing, and pull requests with merged_at', async () => {
    const recordedLabel = (readRecording('labels')[0]!.response as Record<string, unknown>[])[0]!;
    github.state.issues.add('acme/web', { number: 3, labels: ['bug'], assignees: ['rtorres', 'lchen'], milestone: { title: 'Q3', due_on: '2024-09-30T07:00:00Z' }, created_at: '2024-06-01T00:00:00Z' });
    const closed = github.state.issues.update('acme/web', 3, { state: 'closed', state_reason: 'not_planned' });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2024-07-01T12:00:00Z', updated_at: '2024-07-01T12:00:00Z' });
    expect(closed.labels[0]).toEqual(expect.objectContaining({ name: 'bug' }));
    expect(Object.keys(closed.labels[0] as object)).toEqual(Object.keys(recordedLabel));
    expect(closed.assignees?.map((a) => a.login)).toEqual(['rtorres', 'lchen']);
    expect(closed.assignee?.login).toBe('rtorres');
    expect(closed.milestone).toMatchObject({ title: 'Q3', number: 1, due_on: '2024-09-30T07:00:00Z', closed_issues: 1, open_issues: 0 });
    expect(github.state.issues.update('acme/web', 3, { state: 'open' })).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });

    const pull = github.state.issues.addPull('acme/web', { title: 'Fix it', body: 'Fixes #3' });
    expect(pull).toMatchObject({ number: 4, html_url: 'https://github.com/acme/web/pull/4', pull_request: { merged_at: null, html_url: 'https://github.com/acme/web/pull/4' } });
    clock = new Date('2024-07-02T00:00:00Z');
    // Merging into the default branch closes the issue it fixes, as GitHub does.
    expect(github.state.issues.update('acme/web', 4, { merged_at: '2024-07-02T00:00:00Z' })).toMatchObject({ state: 'closed', pull_request: { merged_at: '2024-07-02T00:00:00Z' } });
    expect(github.state.issues.get('acme/web', 3)).toMatchObject({ state: 'closed', state_reason: 'completed', updated_at: '2024-07-02T00:00:00Z' });
  });
});

describe('GET /repos/{o}/{r}/issues', () => {
  it("filters, orders and pages as GitHub does, pull requests included", async () => {
    github.state.issues.add('acme/web', { number: 1, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-03-01T00:00:00Z' });
    github.state.issues.add('acme/web', { number: 2, created_at: '2024-01-02T00:00:00Z', updated_at: '2024-02-01T00:00:00Z', state: 'closed' });
    github.state.issues.addPull('acme/web', { number: 3, created_at: '2024-01-03T00:00:00Z', updated_at: '2024-04-01T00:00:00Z', labels: ['ops'], assignees: ['ana'] });
    const numbers = async (query: string) => ((await (await get(`/repos/acme/web/issues${query}`)).json()) as { number: number }[]).map((i) => i.number);
    expect(await numbers('')).toEqual([3, 1]); // open, newest created first
    expect(await numbers('?state=all')).toEqual([3, 2, 1]);
    expect(await numbers('?state=closed')).toEqual([2]);
    expect(await numbers('?state=all&sort=updated&direction=asc')).toEqual([2, 1, 3]);
    expect(await numbers('?state=all&since=2024-03-01T00:00:00Z')).toEqual([3, 1]);
    expect(await numbers('?state=all&labels=OPS')).toEqual([3]);
    expect(await numbers('?state=all&assignee=none')).toEqual([2, 1]);
    const page = await get('/repos/acme/web/issues?state=all&per_page=2');
    expect(page.headers.get('link')).toBe(
      `<${github.url}/repositories/${github.state.repository('acme/web')!.id}/issues?state=all&per_page=2&page=2>; rel="next", ` +
        `<${github.url}/repositories/${github.state.repository('acme/web')!.id}/issues?state=all&per_page=2&page=2>; rel="last"`,
    );
    expect((await get('/repos/acme/web/issues?state=everything')).status).toBe(422);
  });

  it('answers 304 to a repeated request while nothing changed, 404 for an unknown repository, 410 with issues off', async () => {
    github.state.issues.add('acme/web', { number: 1 });
    const first = await get('/repos/acme/web/issues?state=all');
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${github.url}/repos/acme/web/issues?state=all`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    github.state.issues.update('acme/web', 1, { title: 'Renamed' });
    expect((await fetch(`${github.url}/repos/acme/web/issues?state=all`, { headers: { 'if-none-match': etag } })).status).toBe(200);
    expect((await get('/repos/acme/missing/issues')).status).toBe(404);
    expect((await get('/repos/acme/web/issues/9')).status).toBe(404);
    github.state.issues.disable('acme/web');
    const gone = await get('/repos/acme/web/issues');
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ message: 'Issues are disabled for this repo' });
  });
});

describe("Octokit's issue and pull request methods", () => {
  it('list, read and create issues, and read a pull request', async () => {
    github.state.addRepo('acme/web');
    const client = octokit();
    const created = await client.rest.issues.create({ owner: 'acme', repo: 'web', title: 'Add a canary stage', body: 'From the checkout postmortem', labels: ['postmortem-action'], assignees: ['rtorres'] });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${github.url}/repos/acme/web/issues/1`);
    expect(created.data).toMatchObject({ number: 1, title: 'Add a canary stage', state: 'open', labels: [{ name: 'postmortem-action' }], assignees: [{ login: 'rtorres' }] });
    await expect(client.rest.issues.create({ owner: 'acme', repo: 'web', title: '' })).rejects.toMatchObject({ status: 422 });

    github.state.issues.addPull('acme/web', { number: 2, title: 'Canary', body: 'Closes #1', head: 'canary' });
    const all = await client.paginate(client.rest.issues.listForRepo, { owner: 'acme', repo: 'web', state: 'all', per_page: 1 });
    expect(all.map((issue) => [issue.number, issue.pull_request ? issue.pull_request.merged_at : 'issue'])).toEqual([
      [2, null],
      [1, 'issue'],
    ]);
    expect((await client.rest.issues.get({ owner: 'acme', repo: 'web', issue_number: 1 })).data.closed_by).toBeNull();
    const pull = await client.rest.pulls.get({ owner: 'acme', repo: 'web', pull_number: 2 });
    expect(pull.data).toMatchObject({ number: 2, state: 'open', merged: false, merged_at: null, head: { ref: 'canary' }, base: { ref: 'main', repo: { full_name: 'acme/web' } } });
    await expect(client.rest.pulls.get({ owner: 'acme', repo: 'web', pull_number: 1 })).rejects.toMatchObject({ status: 404 });
  });
});
