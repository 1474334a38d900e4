/**
 * Safeguard verification against responses recorded from the real GitHub API (`@octokit/fixtures`), served by
 * `@octokit/fixtures-server` on 127.0.0.1 (`branch-protection`, `get-content`, `errors`); and the stand-in's
 * answers compared with the same recordings, field by field and in order, so the other tests' GitHub is GitHub's.
 *
 * The fixtures server answers each recorded request once, in the recorded order, and only the requests recorded:
 * where a scenario records writes (the `PUT`s of `branch-protection`), the test sends them as recorded and judges
 * the answers with the same functions verification uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createGitHubClient, type GitHubClient } from '../../server/github/client.ts';
import { classifyFailure } from '../../server/safeguards/github-reads.ts';
import { judgeBranchProtection, judgeStatusCheck } from '../../server/safeguards/judge.ts';
import { createSafeguard } from '../../server/safeguards/store.ts';
import { verifySafeguards } from '../../server/safeguards/verify.ts';
import { addProtectionRoutes, blobSha } from '../helpers/github-standin-protection.ts';
import { readRecording } from '../helpers/github-standin-recordings.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { NOW } from './setup.ts';

/** The token the recordings were made with (normalized by @octokit/fixtures). */
const RECORDED_TOKEN = '0000000000000000000000000000000000000001';

/** Field names and JSON types, nested, in order (arrays by their first item): equal text means equal shape and order. */
function shape(value: unknown): string {
  const describe = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length === 0 ? [] : [describe(v[0])];
    if (v === null) return 'null';
    if (typeof v !== 'object') return typeof v;
    return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, describe(item)]));
  };
  return JSON.stringify(describe(value), null, 1);
}

describe('recordings replayed by @octokit/fixtures-server', () => {
  let server: ChildProcess;
  let serverUrl: string;
  let database: Database;

  beforeAll(async () => {
    server = spawn(process.execPath, [fileURLToPath(new URL('./fixtures-server.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: server.stdout! });
    serverUrl = await new Promise<string>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`the fixtures server exited (${code})`)));
      lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    });
  });
  afterAll(() => {
    server.stdin?.end();
    server.kill();
  });
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  /** Loads `scenario` and returns a client for it: its answers are the recorded ones, once each. */
  async function scenario(name: string): Promise<{ client: GitHubClient; url: string }> {
    const response = await fetch(`${serverUrl}/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: name }) });
    expect(response.status).toBe(201);
    const { url } = (await response.json()) as { url: string };
    return { url, client: createGitHubClient({ baseUrl: url, token: RECORDED_TOKEN, retries: 0, spaceWrites: false }) };
  }

  it('branch-protection: an unprotected branch makes both kinds missing; the recorded protections are judged as GitHub sent them', async () => {
    const { client } = await scenario('branch-protection');
    const repo = 'octokit-fixture-org/branch-protection';
    createSafeguard(database, { id: 'foo-bar', kind: 'status-check', repo, branch: 'main', check: 'foo/bar' }, { now: NOW });
    createSafeguard(database, { id: 'main-rules', kind: 'branch-protection', repo, branch: 'main', reviews: 1, enforceAdmins: true, forcePushes: false }, { now: NOW });

    const report = await verifySafeguards(database, client, { now: NOW });
    expect(report.errors).toEqual([]);
    expect(report.requests).toBe(1); // one read of the protection serves both
    expect(report.results.map((r) => [r.key, r.state, r.detail])).toEqual([
      ['foo-bar', 'missing', 'branch main is not protected, so no status check is required'],
      ['main-rules', 'missing', 'branch main is not protected'],
    ]);

    const owner = 'octokit-fixture-org';
    const minimal = await client.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', {
      owner,
      repo: 'branch-protection',
      branch: 'main',
      required_status_checks: null,
      required_pull_request_reviews: null,
      restrictions: null,
      enforce_admins: false,
    });
    const data = minimal.data as unknown as Record<string, unknown>;
    expect(judgeStatusCheck(data, 'main', 'foo/bar')).toEqual({ inPlace: false, detail: 'branch main is protected but requires no status checks' });
    expect(judgeBranchProtection(data, 'main', { reviews: 1, enforceAdmins: true, forcePushes: false })).toEqual({
      inPlace: false,
      detail: 'branch main is protected but requires no approving reviews, fewer than the 1 declared; does not apply to administrators',
    });

    const maximal = await client.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', {
      owner,
      repo: 'branch-protection',
      branch: 'main',
      required_status_checks: { strict: true, contexts: ['foo/bar'] },
      required_pull_request_reviews: {
        dismissal_restrictions: { users: ['octokit-fixture-user-a'], teams: [] },
        dismiss_stale_reviews: true,
        require_code_owner_reviews: false,
      },
      restrictions: { users: ['octokit-fixture-user-a'], teams: ['a-team'] },
      enforce_admins: true,
    });
    const full = maximal.data as unknown as Record<string, unknown>;
    expect(judgeStatusCheck(full, 'main', 'foo/bar')).toEqual({ inPlace: true, detail: 'branch main requires the status check foo/bar' });
    expect(judgeBranchProtection(full, 'main', { reviews: 1, enforceAdmins: true, forcePushes: false, dismissStaleReviews: true })).toEqual({
      inPlace: true,
      detail: 'branch main is protected: 1 approving review required, force pushes blocked, administrators included, stale approvals dismissed',
    });
    expect(judgeBranchProtection(full, 'main', { codeOwnerReviews: true })).toEqual({ inPlace: false, detail: 'branch main is protected but does not require a code owner review' });

    const removed = await client.request('DELETE /repos/{owner}/{repo}/branches/{branch}/protection', { owner, repo: 'branch-protection', branch: 'main' });
    expect(removed.status).toBe(204);
  });

  it('get-content: the recorded README, read raw, verifies an alert-rule on the default branch', async () => {
    const { client, url } = await scenario('get-content');
    // The scenario's first exchange is the folder listing (requested with a trailing slash Octokit would drop).
    const listing = await fetch(`${url}/repos/octokit-fixture-org/hello-world/contents/`, {
      headers: { accept: 'application/vnd.github.v3+json', authorization: `token ${RECORDED_TOKEN}` },
    });
    expect(listing.status).toBe(200);
    createSafeguard(database, { id: 'readme', kind: 'alert-rule', repo: 'octokit-fixture-org/hello-world', path: 'README.md', alert: 'hello-world' }, { now: NOW });
    const report = await verifySafeguards(database, client, { now: NOW });
    expect(report.errors).toEqual([]);
    expect(report.results).toEqual([
      { key: 'readme', kind: 'alert-rule', state: 'verified', detail: 'README.md on the default branch defines the alert hello-world', error: null, expired: false },
    ]);
  });

  it('errors: a recorded 422 is a failure that cannot decide (reported with GitHub\'s reasons), not an absence and not a rate limit', async () => {
    const { client } = await scenario('errors');
    const error = await client
      .request('POST /repos/{owner}/{repo}/labels', { owner: 'octokit-fixture-org', repo: 'errors', name: 'foo', color: 'invalid' })
      .then(() => null, (e: unknown) => e);
    expect(classifyFailure(error)).toEqual({
      undecided: expect.stringMatching(/^POST \/api\.github\.com\/\w+\/repos\/octokit-fixture-org\/errors\/labels: 422 Validation Failed \(Label\.color invalid\)$/) as unknown as string,
      halt: false,
    });
  });
});

describe('the stand-in answers as the recordings do', () => {
  let github: GitHubStandIn;
  beforeEach(async () => {
    github = await startGitHubStandIn();
  });
  afterEach(() => github.close());

  const call = (method: string, path: string, body?: unknown, accept = 'application/vnd.github.v3+json') =>
    fetch(`${github.url}${path}`, {
      method,
      headers: { accept, authorization: `token ${RECORDED_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('branch protection: the 404, both PUT answers (same fields, same order) and the 204 of the branch-protection scenario', async () => {
    addProtectionRoutes(github).addBranch('octokit-fixture-org/branch-protection', 'main');
    const recorded = readRecording('branch-protection');
    expect(recorded.map((e) => `${e.method} ${e.status}`)).toEqual(['get 404', 'put 200', 'put 200', 'delete 204']);
    const recordedBodies = JSON.parse(JSON.stringify(recorded.map((e) => (e as unknown as { body: unknown }).body))) as unknown[];
    for (const [index, exchange] of recorded.entries()) {
      const body = recordedBodies[index];
      const response = await call(exchange.method.toUpperCase(), exchange.path, body === '' ? undefined : body);
      expect(response.status, `${exchange.method} #${index}`).toBe(exchange.status);
      if (exchange.status === 204) {
        expect(await response.text()).toBe('');
        continue;
      }
      const answer: unknown = await response.json();
      if (exchange.status === 404) {
        expect(answer).toMatchObject({ message: (exchange.response as { message: string }).message });
        continue;
      }
      expect(shape(answer)).toBe(shape(exchange.response));
    }
  });

  it('contents: the folder listing and the raw file of the get-content scenario, with git blob shas', async () => {
    github.state.addRepo('octokit-fixture-org/hello-world', { defaultBranch: 'master' });
    addProtectionRoutes(github).setFile('octokit-fixture-org/hello-world', 'README.md', '# hello-world');
    const [folder, raw] = readRecording('get-content');

    const listing = await call('GET', folder!.path);
    const entries = (await listing.json()) as unknown[];
    expect(shape(entries)).toBe(shape(folder!.response));
    const rewrite = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('https://api.github.com', github.url)) as unknown;
    expect(entries).toEqual(rewrite(folder!.response));

    const file = await call('GET', raw!.path, undefined, 'application/vnd.github.v3.raw');
    expect(await file.text()).toBe(raw!.response);
    expect(file.headers.get('content-type')).toBe(raw!.headers['content-type']);
    expect(file.headers.get('x-github-media-type')).toBe(raw!.headers['x-github-media-type']);
    expect(blobSha('# hello-world')).toBe('93a078d1c3f76aa1ca11def8f882a06df1d4a01b');

    const json = (await (await call('GET', '/repos/octokit-fixture-org/hello-world/contents/README.md?ref=master')).json()) as { content: string; encoding: string; sha: string };
    expect([Buffer.from(json.content, 'base64').toString('utf8'), json.encoding, json.sha]).toEqual(['# hello-world', 'base64', '93a078d1c3f76aa1ca11def8f882a06df1d4a01b']);
    expect((await call('GET', '/repos/octokit-fixture-org/hello-world/contents/README.md?ref=nope')).status).toBe(404);
  });
});
