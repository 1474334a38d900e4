/**
 * `POST /api/webhooks/github` over the real app: signed deliveries of GitHub's `deployment`, `deployment_status`
 * and `push` events become deployment events; anything unsigned or wrongly signed is refused and nothing of it is
 * stored. Payloads follow GitHub's webhook documentation; the repository and the users are the objects recorded
 * from the real API in `@octokit/fixtures` (`get-repository`, `create-status`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../server/http/schemas/deployments.ts';
import { readRecording } from '../helpers/github-standin-recordings.ts';
import { deploymentApp, getJson, listDeployments, postDeployments, storedDeployments, type DeploymentTestApp } from './deployment-fixtures.ts';

const SECRET = "It's a Secret to Everybody";
const TOKEN = 'correct-horse-battery-staple-42';
/** One of GitHub's webhook delivery addresses: never loopback. */
const GITHUB_ADDRESS = '140.82.115.24';

// A repository and a user as the real API returns them.
const repository = (readRecording('get-repository')[0]!.response as Record<string, unknown> & { full_name: string });
const user = (readRecording('create-status')[0]!.response as { creator: Record<string, unknown> & { login: string } }).creator;
const REPO = repository.full_name;
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const API = `https://api.github.com/repos/${REPO}`;

let t: DeploymentTestApp;
afterEach(async () => {
  await t.close();
});

const start = (options: Parameters<typeof deploymentApp>[1] = {}) =>
  deploymentApp({}, { webhooks: { secret: SECRET, deployBranches: { prod: 'production', staging: 'staging' } }, ...options });

/** The `deployment` object of a webhook payload (GitHub's documented fields). */
function deployment(fields: Record<string, unknown> = {}) {
  return {
    url: `${API}/deployments/145988746`,
    id: 145988746,
    node_id: 'MDEwOkRlcGxveW1lbnQxNDU5ODg3NDY=',
    task: 'deploy',
    original_environment: 'production',
    environment: 'production',
    description: 'Deploy v3.14.0 (#812)',
    created_at: '2024-05-01T12:00:00Z',
    updated_at: '2024-05-01T12:00:00Z',
    statuses_url: `${API}/deployments/145988746/statuses`,
    repository_url: API,
    creator: user,
    sha: SHA,
    ref: 'v3.14.0',
    payload: { service: 'web' },
    transient_environment: false,
    production_environment: true,
    performed_via_github_app: null,
    ...fields,
  };
}

/** A `deployment_status` object (GitHub's documented fields). */
function status(state: string, at: string, fields: Record<string, unknown> = {}) {
  return {
    url: `${API}/deployments/145988746/statuses/${Date.parse(at) / 1000}`,
    id: Date.parse(at) / 1000,
    node_id: 'MDE2OkRlcGxveW1lbnRTdGF0dXMx',
    state,
    creator: user,
    description: '',
    environment: 'production',
    target_url: 'https://ci.example.com/runs/9001',
    log_url: 'https://ci.example.com/runs/9001',
    environment_url: 'https://web.example.com',
    created_at: at,
    updated_at: at,
    deployment_url: `${API}/deployments/145988746`,
    repository_url: API,
    performed_via_github_app: null,
    ...fields,
  };
}

const deploymentEvent = (fields: Record<string, unknown> = {}) => ({ action: 'created', deployment: deployment(fields), workflow: null, workflow_run: null, repository, sender: user });
const statusEvent = (state: string, at: string, fields: Record<string, unknown> = {}) => ({
  action: 'created',
  deployment_status: status(state, at, fields),
  deployment: deployment(),
  check_run: null,
  workflow: null,
  workflow_run: null,
  repository,
  sender: user,
});

/** A `push` payload (GitHub's documented fields). */
function pushEvent(branch: string, after: string, message: string, fields: Record<string, unknown> = {}) {
  const commit = {
    id: after,
    tree_id: '0123456789abcdef0123456789abcdef01234567',
    distinct: true,
    message,
    timestamp: '2024-05-02T10:00:00+02:00',
    url: `https://github.com/${REPO}/commit/${after}`,
    author: { name: 'Ana Lima', email: 'ana@example.com', username: 'ana' },
    committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
    added: [],
    removed: [],
    modified: ['chart/values.yaml'],
  };
  return {
    ref: `refs/heads/${branch}`,
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${REPO}/compare/6113728f27ae...${after.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    repository,
    pusher: { name: 'ana', email: 'ana@example.com' },
    sender: user,
    ...fields,
  };
}

interface Delivery {
  /** The exact body sent (default: the payload as JSON). */
  raw?: string;
  contentType?: string;
  /** The X-Hub-Signature-256 header: default, the right one; null, none. */
  signature?: string | null;
  delivery?: string;
  headers?: Record<string, string>;
}

/** Delivers `event` as GitHub does: JSON body, event name, delivery id, user agent, signature of the exact bytes. */
async function deliver(event: string, payload: unknown, options: Delivery = {}): Promise<LightMyRequestResponse> {
  const raw = options.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'user-agent': 'GitHub-Hookshot/f2b6e8e',
    'x-github-event': event,
    'x-github-delivery': options.delivery ?? randomUUID(),
    'x-github-hook-id': '479215342',
    ...options.headers,
  };
  const signature = options.signature === undefined ? await sign(SECRET, raw) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return t.app.inject({ method: 'POST', url: '/api/webhooks/github', payload: raw, headers, remoteAddress: GITHUB_ADDRESS });
}

async function delivered(event: string, payload: unknown, expected: { status: number; result: string; detail?: string }, options: Delivery = {}) {
  const response = await deliver(event, payload, options);
  expect(response.statusCode, response.body).toBe(expected.status);
  expect(response.json()).toMatchObject({ event, result: expected.result, ...(expected.detail === undefined ? {} : { detail: expected.detail }) });
}

const only = async (): Promise<Deployment> => {
  const page = await listDeployments(t.app);
  expect(page.total).toBe(1);
  return page.items[0]!;
};

describe('deployment and deployment_status deliveries', () => {
  it('records a new deployment as queued, then its success, with everything GitHub says about it', async () => {
    t = await start();
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'created', detail: 'production deploy a84d88e' });
    expect(await only()).toMatchObject({ key: `github:${REPO}:145988746`, status: 'queued', statusAt: '2024-05-01T12:00:00Z', finishedAt: null });
    await delivered('deployment_status', statusEvent('in_progress', '2024-05-01T12:01:00Z'), { status: 200, result: 'updated' });
    expect((await only()).status).toBe('in-progress');
    await delivered('deployment_status', statusEvent('success', '2024-05-01T12:05:00Z'), { status: 200, result: 'updated' });
    const stored = await only();
    expect(stored).toEqual({
      id: stored.id,
      key: `github:${REPO}:145988746`,
      environment: 'production',
      environmentKey: 'production',
      service: 'web',
      repo: REPO,
      ref: 'v3.14.0',
      sha: SHA,
      pullNumber: 812,
      version: 'v3.14.0',
      kind: 'deploy',
      status: 'success',
      startedAt: '2024-05-01T12:00:00Z',
      finishedAt: '2024-05-01T12:05:00Z',
      statusAt: '2024-05-01T12:05:00Z',
      actor: user.login,
      url: 'https://ci.example.com/runs/9001',
      description: 'Deploy v3.14.0 (#812)',
      source: 'webhook',
      commitUrl: `https://github.com/${REPO}/commit/${SHA}`,
      pullUrl: `https://github.com/${REPO}/pull/812`,
    });
    expect(await getJson<Deployment>(t.app, `/api/deployments/${stored.id}`)).toEqual(stored);
  });

  it('changes nothing when a delivery is redelivered', async () => {
    t = await start();
    const delivery = randomUUID();
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'created' }, { delivery });
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'unchanged' }, { delivery });
    const success = statusEvent('success', '2024-05-01T12:05:00Z');
    await delivered('deployment_status', success, { status: 200, result: 'updated' });
    const before = await only();
    await delivered('deployment_status', success, { status: 200, result: 'unchanged' });
    // The `deployment` event itself arriving again after the success does not take the status back to queued.
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'unchanged' }, { delivery });
    expect(await only()).toEqual(before);
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('never lets a status older than the stored one overwrite it', async () => {
    t = await start();
    await delivered('deployment_status', statusEvent('success', '2024-05-01T12:05:00Z'), { status: 200, result: 'created' });
    // Out of order: the in-progress and failure statuses of 12:01 and 12:03 arrive after the success of 12:05.
    await delivered('deployment_status', statusEvent('in_progress', '2024-05-01T12:01:00Z'), { status: 200, result: 'unchanged' });
    await delivered('deployment_status', statusEvent('pending', '2024-05-01T12:00:30Z'), { status: 200, result: 'unchanged' });
    expect(await only()).toMatchObject({ status: 'success', statusAt: '2024-05-01T12:05:00Z', finishedAt: '2024-05-01T12:05:00Z' });
    // A newer one does.
    await delivered('deployment_status', statusEvent('inactive', '2024-05-02T08:00:00Z'), { status: 200, result: 'updated' });
    expect(await only()).toMatchObject({ status: 'inactive', statusAt: '2024-05-02T08:00:00Z' });
  });

  // BUG: server/db/deployment-store.ts mergeReport takes `finishedAt` and `url` (MERGED_FIELDS) from every report,
  // even one whose status is older than the stored status and is therefore ignored: a late `failure` of 12:03 (a
  // retried step, redelivered) after the `success` of 12:09 leaves status success but finishedAt 12:03 and the
  // failed run's log as the url, and the delivery is answered `updated`, not `unchanged`.
  it('ignores everything an older status says, not only its state', async () => {
    t = await start();
    const failure = statusEvent('failure', '2024-05-01T12:03:00Z', { log_url: 'https://ci.example.com/runs/9001/attempt/1' });
    const delivery = randomUUID();
    await delivered('deployment_status', failure, { status: 200, result: 'created' }, { delivery });
    await delivered('deployment_status', statusEvent('success', '2024-05-01T12:09:00Z', { log_url: 'https://ci.example.com/runs/9001/attempt/2' }), {
      status: 200,
      result: 'updated',
    });
    await delivered('deployment_status', failure, { status: 200, result: 'unchanged' }, { delivery });
    expect(await only()).toMatchObject({
      status: 'success',
      statusAt: '2024-05-01T12:09:00Z',
      finishedAt: '2024-05-01T12:09:00Z',
      url: 'https://ci.example.com/runs/9001/attempt/2',
    });
  });

  it('reads a rollback from the payload, a version from a tag ref, and keeps the signature over non-ASCII bytes', async () => {
    t = await start();
    const rollback = deploymentEvent({ id: 145988747, payload: { service: 'web', rollback: true }, ref: 'v3.13.2', description: 'Déploiement de secours 🚑' });
    await delivered('deployment', rollback, { status: 200, result: 'created', detail: 'production rollback a84d88e' });
    expect(await only()).toMatchObject({ key: `github:${REPO}:145988747`, kind: 'rollback', version: 'v3.13.2', description: 'Déploiement de secours 🚑', pullNumber: null });
  });

  it('takes a form-encoded delivery (payload=...)', async () => {
    t = await start();
    const raw = new URLSearchParams({ payload: JSON.stringify(deploymentEvent()) }).toString();
    await delivered('deployment', null, { status: 200, result: 'created' }, { raw, contentType: 'application/x-www-form-urlencoded' });
    expect(await only()).toMatchObject({ key: `github:${REPO}:145988746`, environment: 'production', source: 'webhook' });
  });

  it('refuses a signed payload that does not describe a deployment (400), storing nothing', async () => {
    t = await start();
    const cases: Array<[string, unknown, string]> = [
      ['deployment', deploymentEvent({ environment: '' }), 'deployment payload: environment: missing (name the environment deployed to, e.g. production)'],
      [
        'deployment',
        deploymentEvent({ created_at: 'soon' }),
        // A new deployment's creation time is both its start and the time of its (queued) status.
        'deployment payload: startedAt: "soon" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z); statusAt: "soon" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)',
      ],
      ['deployment', deploymentEvent({ id: null }), 'deployment payload: key: the deployment has no id'],
      ['deployment_status', { action: 'created', deployment_status: status('success', '2024-05-01T12:05:00Z'), repository }, 'deployment_status payload without repository.full_name or deployment'],
      ['deployment', { action: 'created', deployment: deployment(), repository: { id: 1 } }, 'deployment payload without repository.full_name or deployment'],
    ];
    for (const [event, payload, message] of cases) {
      const response = await deliver(event, payload);
      expect(response.statusCode, message).toBe(400);
      expect(response.json(), message).toEqual({ error: 'Bad Request', message });
    }
    expect(storedDeployments(t.database)).toBe(0);
  });
});

describe('push deliveries', () => {
  it('records a push to a deploy branch as a successful deployment to its environment', async () => {
    t = await start();
    const after = 'c0ffee5a1e2d3c4b5a69788796a5b4c3d2e1f001';
    const push = pushEvent('prod', after, 'Merge pull request #12 from ana/bump-chart\n\nBump the chart to 4.11');
    await delivered('push', push, { status: 200, result: 'created', detail: 'production deploy c0ffee5' });
    const stored = await only();
    expect(stored).toEqual({
      id: stored.id,
      // The key `hindsight deploys import-git` gives the same commit on that branch: one event either way.
      key: `git:production:${after}`,
      environment: 'production',
      environmentKey: 'production',
      service: null,
      repo: REPO,
      ref: 'prod',
      sha: after,
      pullNumber: 12,
      version: null,
      kind: 'deploy',
      status: 'success',
      startedAt: '2024-05-02T08:00:00Z',
      finishedAt: null,
      statusAt: null,
      actor: 'ana',
      url: push.compare,
      description: 'Merge pull request #12 from ana/bump-chart',
      source: 'webhook',
      commitUrl: `https://github.com/${REPO}/commit/${after}`,
      pullUrl: `https://github.com/${REPO}/pull/12`,
    });
    // Redelivered: nothing changes.
    await delivered('push', push, { status: 200, result: 'unchanged' });
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('reads a merged revert as a rollback', async () => {
    t = await start();
    const after = 'b14e9f1b8ffb7017645d8aedc8eec9d635b73162';
    await delivered('push', pushEvent('staging', after, 'Merge pull request #13 from ana/revert-12\n\nRevert "Bump the chart to 4.11"'), {
      status: 200,
      result: 'created',
      detail: 'staging rollback b14e9f1',
    });
    expect(await only()).toMatchObject({ environment: 'staging', kind: 'rollback', pullNumber: 13 });
  });

  it('ignores pushes to other branches, tags and branch deletions (202), storing nothing', async () => {
    t = await start();
    const after = 'c0ffee5a1e2d3c4b5a69788796a5b4c3d2e1f001';
    const ignored = { status: 202, result: 'ignored', detail: 'not a push to a deploy branch (HINDSIGHT_DEPLOY_BRANCHES)' };
    await delivered('push', pushEvent('main', after, 'Add a test'), ignored);
    await delivered('push', pushEvent('prod', after, 'Add a test', { ref: 'refs/tags/v3.14.0' }), ignored);
    await delivered('push', pushEvent('prod', '0000000000000000000000000000000000000000', '', { deleted: true, head_commit: null, commits: [] }), ignored);
    expect(storedDeployments(t.database)).toBe(0);
  });
});

describe('other events', () => {
  it('answers ping with pong and ignores events it does not read (202), storing nothing', async () => {
    t = await start();
    await delivered('ping', { zen: 'Keep it logically awesome.', hook_id: 479215342, hook: { type: 'Repository', id: 479215342, events: ['deployment', 'deployment_status', 'push'] }, repository, sender: user }, {
      status: 200,
      result: 'unchanged',
      detail: 'pong',
    });
    await delivered('issues', { action: 'opened', issue: { number: 1, title: 'Found a bug' }, repository, sender: user }, {
      status: 202,
      result: 'ignored',
      // (issues are read, for the action items that link them; this one nobody links)
      detail: 'nothing links octokit-fixture-org/hello-world#1',
    });
    await delivered('workflow_run', { action: 'completed', repository, sender: user }, { status: 202, result: 'ignored' });
    expect(storedDeployments(t.database)).toBe(0);
  });
});

describe('signatures and access', () => {
  const UNSIGNED = 'the delivery is not signed: set the webhook secret in GitHub (X-Hub-Signature-256 missing)';
  const MISMATCH = 'the signature does not match: the webhook secret in GitHub differs from HINDSIGHT_WEBHOOK_SECRET';

  it('refuses unsigned and wrongly signed deliveries (401) and stores nothing of them', async () => {
    t = await start();
    const payload = deploymentEvent();
    const raw = JSON.stringify(payload);
    const hmac = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const attempts: Array<[Delivery, string]> = [
      [{ signature: null }, UNSIGNED],
      // Only the old SHA-1 signature.
      [{ signature: null, headers: { 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}` } }, UNSIGNED],
      [{ signature: hmac('another secret', raw) }, MISMATCH],
      // Signed, then changed on the way.
      [{ signature: hmac(SECRET, raw), raw: raw.replace('"production"', '"staging"') }, MISMATCH],
      [{ signature: hmac(SECRET, raw).toUpperCase() }, MISMATCH],
      [{ signature: 'sha256=' }, MISMATCH],
      [{ signature: 'not a signature' }, MISMATCH],
    ];
    for (const [options, message] of attempts) {
      const response = await deliver('deployment', payload, options);
      expect(response.statusCode, JSON.stringify(options.signature)).toBe(401);
      expect(response.json(), JSON.stringify(options.signature)).toEqual({ error: 'Unauthorized', message });
    }
    // A ping needs a signature too.
    expect((await deliver('ping', { zen: 'Design for failure.' }, { signature: null })).statusCode).toBe(401);
    expect(storedDeployments(t.database)).toBe(0);
    // The same payload correctly signed is taken.
    await delivered('deployment', payload, { status: 200, result: 'created' });
  });

  it('checks the signature before reading the body: a signed body that is not JSON is 400, an unsigned one 401', async () => {
    t = await start();
    expect((await deliver('deployment', null, { raw: 'not json', signature: null })).statusCode).toBe(401);
    for (const raw of ['not json', '[1, 2]', 'null', '{"deployment":']) {
      const response = await deliver('deployment', null, { raw });
      expect(response.statusCode, raw).toBe(400);
      expect(response.json(), raw).toEqual({ error: 'Bad Request', message: 'the payload is not a JSON object' });
    }
    const form = await deliver('deployment', null, { raw: 'payload=%7Bbroken', contentType: 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(400);
    expect((await deliver('deployment', deploymentEvent(), { contentType: 'text/plain' })).statusCode).toBe(415);
    expect(storedDeployments(t.database)).toBe(0);
  });

  it('needs no bearer token when the app has one (the signature is the proof), while POST /api/deployments does', async () => {
    t = await start({ auth: { token: TOKEN, protectReads: true } });
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'created' });
    expect((await deliver('deployment', deploymentEvent({ id: 2 }), { signature: null })).statusCode).toBe(401);
    const api = await postDeployments(t.app, { environment: 'production', startedAt: '2024-05-01T12:00:00Z' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['www-authenticate']).toBe('Bearer');
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('takes deliveries from GitHub’s addresses when no token is configured, where other writes need loopback', async () => {
    t = await start();
    await delivered('deployment', deploymentEvent(), { status: 200, result: 'created' });
    const api = await t.app.inject({ method: 'POST', url: '/api/deployments', payload: { environment: 'production', startedAt: '2024-05-01T12:00:00Z' }, remoteAddress: GITHUB_ADDRESS });
    expect(api.statusCode).toBe(403);
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('stores nothing when no secret is configured, even from a correctly signed delivery', async () => {
    t = await deploymentApp({});
    const response = await deliver('deployment', deploymentEvent());
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(storedDeployments(t.database)).toBe(0);
  });

  // BUG: server/http/routes/webhooks.ts:71 throws HttpError(503, 'webhooks are turned off: ...'), but the error
  // handler (server/http/plugins/errors.ts:17) passes on only 4xx statuses: every other one is logged as a failure
  // and answered 500 `internal error (request ...)`, so the documented 503 and its message never reach GitHub.
  it('answers 503 with the reason when no secret is configured', async () => {
    t = await deploymentApp({});
    const response = await deliver('ping', { zen: 'Keep it logically awesome.' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'Service Unavailable',
      message: 'webhooks are turned off: set HINDSIGHT_WEBHOOK_SECRET to the secret of the GitHub webhook',
    });
  });
});
