/**
 * The GitHub stand-in behaves like the recordings of the real API in `@octokit/fixtures`: the same headers, the
 * same `Link` format, the same object shapes and error bodies; plus its filters, order, faults and request log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../server/github/client.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { readRecording, replayRecording } from '../helpers/github-standin-recordings.ts';

let github: GitHubStandIn;

beforeEach(async () => {
  github = await startGitHubStandIn();
});
afterEach(() => github.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${github.url}${path}`, { headers });

/** Field names and JSON types of `value`, nested objects described the same way (arrays by their first item). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)]));
}

describe('pagination', () => {
  it('writes the Link header exactly as GitHub does (paginate-issues recording)', async () => {
    const recorded = readRecording('paginate-issues');
    github.state.addRepo('octokit-fixture-org/paginate-issues', { id: 1000 });
    for (let i = 1; i <= 13; i += 1) github.state.addDeployment('octokit-fixture-org/paginate-issues', { created_at: `2017-10-10T16:${String(i).padStart(2, '0')}:00Z` });

    const ids: number[] = [];
    for (const exchange of recorded) {
      const path = exchange.path.replace('/issues', '/deployments');
      const response = await get(path, { authorization: 'token 0000000000000000000000000000000000000001' });
      const expected = String(exchange.headers.link).replaceAll('https://api.github.com/repositories/1000/issues', `${github.url}/repositories/1000/deployments`);
      expect(response.headers.get('link')).toBe(expected);
      for (const name of Object.keys(exchange.headers).filter((n) => !['connection', 'content-length'].includes(n))) {
        expect(response.headers.has(name), `header ${name}`).toBe(true);
      }
      ids.push(...((await response.json()) as { id: number }[]).map((d) => d.id));
    }
    expect(recorded.map((e) => e.path)).toEqual([
      '/repos/octokit-fixture-org/paginate-issues/issues?per_page=3',
      ...[2, 3, 4, 5].map((page) => `/repositories/1000/issues?per_page=3&page=${page}`),
    ]);
    const all = github.state.deployments('octokit-fixture-org/paginate-issues')!.map((d) => d.id);
    expect(ids).toEqual(all); // every deployment once, newest first
  });

  it('pages 30 by default, at most 100, and sends no Link for a single page', async () => {
    for (let i = 0; i < 130; i += 1) github.state.addDeployment('acme/web');
    const sizes = async (query: string) => ((await (await get(`/repos/acme/web/deployments${query}`)).json()) as unknown[]).length;
    expect(await sizes('')).toBe(30);
    expect(await sizes('?per_page=500')).toBe(100);
    expect(await sizes('?per_page=100&page=2')).toBe(30);
    expect(await sizes('?per_page=100&page=3')).toBe(0);
    const single = await get('/repos/acme/web/deployments?environment=production&per_page=100&page=2');
    expect(single.headers.get('link')).toBe(
      `<${github.url}/repositories/${github.state.repository('acme/web')!.id}/deployments?environment=production&per_page=100&page=1>; rel="prev", ` +
        `<${github.url}/repositories/${github.state.repository('acme/web')!.id}/deployments?environment=production&per_page=100&page=1>; rel="first"`,
    );
    github.state.addDeployment('acme/one');
    expect((await get('/repos/acme/one/deployments')).headers.has('link')).toBe(false);
  });

  it('lets Octokit follow recorded Link headers (paginate-issues replayed)', async () => {
    replayRecording(github, readRecording('paginate-issues'));
    const octokit = createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1 });
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'octokit-fixture-org', repo: 'paginate-issues', per_page: 3 });
    expect(issues.map((issue) => issue.number)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(github.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual(
      readRecording('paginate-issues').map((e) => e.path),
    );
  });
});

describe('objects', () => {
  it('builds users and repositories in the shape GitHub recorded', async () => {
    const [repoExchange] = readRecording('get-repository');
    github.state.addRepo('octokit-fixture-org/hello-world', { topics: ['fixtures'] });
    const repo = await (await get('/repos/octokit-fixture-org/hello-world')).json();
    expect(shape(repo)).toEqual(shape(repoExchange!.response));
    expect(Object.keys(repo as object)).toEqual(Object.keys(repoExchange!.response as object));

    const [issues] = readRecording('paginate-issues');
    const recordedUser = (issues!.response as { user: object }[])[0]!.user;
    const deployment = github.state.addDeployment('acme/web', { creator: 'octokit-fixture-user-a' });
    expect(shape(deployment.creator)).toEqual(shape(recordedUser));
    expect(Object.keys(deployment.creator!)).toEqual(Object.keys(recordedUser));
  });

  it('builds deployments and statuses with the fields GitHub documents', async () => {
    const deployment = github.state.addDeployment('acme/web', { environment: 'staging', ref: 'v1.2.3', payload: { service: 'api' }, description: 'Deploy request from hubot' });
    github.state.addDeploymentStatus('acme/web', deployment.id as number, { state: 'success', log_url: 'https://ci.example.com/1' });
    const [listed] = (await (await get('/repos/acme/web/deployments')).json()) as Record<string, unknown>[];
    expect(Object.keys(listed!)).toEqual([
      'url', 'id', 'node_id', 'sha', 'ref', 'task', 'payload', 'original_environment', 'environment', 'description', 'creator',
      'created_at', 'updated_at', 'statuses_url', 'repository_url', 'transient_environment', 'production_environment',
    ]);
    expect(listed).toMatchObject({
      url: `${github.url}/repos/acme/web/deployments/${deployment.id}`,
      statuses_url: `${github.url}/repos/acme/web/deployments/${deployment.id}/statuses`,
      repository_url: `${github.url}/repos/acme/web`,
      environment: 'staging',
      production_environment: false,
      payload: { service: 'api' },
    });
    const [status] = (await (await get(`/repos/acme/web/deployments/${deployment.id}/statuses`)).json()) as Record<string, unknown>[];
    expect(Object.keys(status!).sort()).toEqual(
      ['url', 'id', 'node_id', 'state', 'creator', 'description', 'environment', 'target_url', 'log_url', 'environment_url', 'created_at', 'updated_at', 'deployment_url', 'repository_url'].sort(),
    );
    expect(status).toMatchObject({ state: 'success', log_url: 'https://ci.example.com/1', target_url: 'https://ci.example.com/1', environment: 'staging' });
  });

  it('answers an unknown repository with GitHub\'s 404 body', async () => {
    const response = await get('/repos/acme/missing/deployments');
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/deployments/deployments#list-deployments', status: '404' });
    // The recorded 404 (branch-protection) has the same fields, less `status`, which GitHub added since.
    const recorded = readRecording('branch-protection').find((e) => e.status === 404)!;
    expect(Object.keys(body as object)).toEqual([...Object.keys(recorded.response as object), 'status']);
  });
});

describe('lists', () => {
  it('filters deployments and lists newest first', async () => {
    const old = github.state.addDeployment('acme/web', { environment: 'production', ref: 'main', created_at: '2024-01-01T00:00:00Z' });
    const recent = github.state.addDeployment('acme/web', { environment: 'production', ref: 'v2', task: 'deploy:migrations', created_at: '2024-02-01T00:00:00Z' });
    github.state.addDeployment('acme/web', { environment: 'staging', ref: 'main', created_at: '2024-03-01T00:00:00Z' });
    const ids = async (query: string) => ((await (await get(`/repos/acme/web/deployments${query}`)).json()) as { id: number }[]).map((d) => d.id);
    expect(await ids('?environment=production')).toEqual([recent.id, old.id]);
    expect(await ids('?ref=v2')).toEqual([recent.id]);
    expect(await ids(`?sha=${old.sha}`)).toEqual([old.id]);
    expect(await ids('?task=deploy:migrations')).toEqual([recent.id]);
    expect(await ids('?environment=qa')).toEqual([]);

    github.state.addDeploymentStatus('acme/web', old.id as number, { state: 'pending', created_at: '2024-01-01T00:00:05Z' });
    github.state.addDeploymentStatus('acme/web', old.id as number, { state: 'success', created_at: '2024-01-01T00:01:00Z' });
    const states = (await (await get(`/repos/acme/web/deployments/${old.id}/statuses`)).json()) as { state: string }[];
    expect(states.map((s) => s.state)).toEqual(['success', 'pending']);
    expect((await get('/repos/acme/web/deployments/999999/statuses')).status).toBe(404);
  });

  it('creates deployments and statuses through the API', async () => {
    github.state.addRepo('acme/web');
    const octokit = createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1, spaceWrites: false });
    const created = await octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'web', ref: 'main', environment: 'qa', auto_merge: false });
    expect(created.status).toBe(201);
    const id = (created.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({ owner: 'acme', repo: 'web', deployment_id: id, state: 'in_progress' });
    expect(github.state.deploymentStatuses('acme/web', id)!.map((s) => s.state)).toEqual(['in_progress']);
  });
});

describe('headers', () => {
  it('counts requests against the rate limit, and 304s not', async () => {
    github.state.addRepo('acme/web');
    const first = await get('/repos/acme/web', { authorization: 'token abc' });
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:[0-9A-F]{5}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{8}$/);

    const etag = first.headers.get('etag')!;
    const again = await get('/repos/acme/web', { authorization: 'token abc', 'if-none-match': `W/${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4999');

    const third = await get('/repos/acme/web');
    expect(third.headers.get('x-ratelimit-limit')).toBe('60');
  });

  it('answers 403 with remaining 0 once the hour\'s requests are used', async () => {
    const limited = await startGitHubStandIn({ rateLimit: 2 });
    try {
      limited.state.addRepo('acme/web');
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${limited.url}/repos/acme/web`)).status);
      expect(statuses).toEqual([200, 200, 403]);
      const last = await fetch(`${limited.url}/repos/acme/web`);
      expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(((await last.json()) as { message: string }).message).toMatch(/^API rate limit exceeded for /);
    } finally {
      await limited.close();
    }
  });

  it('refuses a wrong token when one is required', async () => {
    const guarded = await startGitHubStandIn({ token: 'secret-token' });
    try {
      guarded.state.addRepo('acme/web');
      expect((await fetch(`${guarded.url}/repos/acme/web`, { headers: { authorization: 'token nope' } })).status).toBe(401);
      expect((await fetch(`${guarded.url}/repos/acme/web`, { headers: { authorization: 'Bearer secret-token' } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('faults and the request log', () => {
  it('answers the next N matching requests with the fault, then normally', async () => {
    github.state.addRepo('acme/web');
    const fault = github.fail({ method: 'GET', path: '/repos/:owner/:repo', kind: 'status', status: 502, times: 2 });
    github.fail({ method: 'POST', path: /.*/, kind: 'status', status: 500 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await get('/repos/acme/web')).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(fault).toMatchObject({ hits: 2, remaining: 0 });
    const body = await (await fetch(`${github.url}/repos/acme/web/deployments`, { method: 'POST', body: '{"ref":"main"}' })).json();
    expect(body).toEqual({ message: 'Server Error', documentation_url: 'https://docs.github.com/rest', status: '500' });
  });

  it('matches faults on the /repos form of /repositories/{id} links', async () => {
    const repo = github.state.addRepo('acme/web');
    github.fail({ path: '/repos/acme/web/deployments', kind: 'status', status: 404 });
    expect((await get(`/repositories/${repo.id}/deployments?page=2`)).status).toBe(404);
  });

  it('sends GitHub\'s rate-limit answers', async () => {
    github.fail({ path: '*', kind: 'primary-rate-limit', resetInSeconds: 120 });
    github.fail({ path: '*', kind: 'secondary-rate-limit', status: 429, retryAfterSeconds: 30 });
    const primary = await get('/repos/acme/web');
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset')) - Date.now() / 1000).toBeGreaterThan(100);
    const secondary = await get('/repos/acme/web');
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('30');
    expect(((await secondary.json()) as { message: string }).message).toMatch(/^You have exceeded a secondary rate limit/);
  });

  it('logs every request with its query, headers and answer', async () => {
    github.state.addRepo('acme/web');
    await get('/repos/acme/web/deployments?environment=prod&per_page=5', { 'x-probe': 'yes' });
    expect(github.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/repos/acme/web/deployments', query: { environment: 'prod', per_page: '5' }, status: 200 }),
    ]);
    expect(github.requests[0]!.headers['x-probe']).toBe('yes');
  });

  it('logs the JSON body a request sent, faulted or not, and none for a body that is not JSON', async () => {
    github.state.addRepo('acme/web');
    github.fail({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'status', status: 502 });
    const send = (body: string) => fetch(`${github.url}/repos/acme/web/issues`, { method: 'POST', body });
    await send('{"title":"Disk alert","labels":["postmortem-action"]}');
    await send('{"title":"Disk alert"}');
    await send('{"title":');
    expect(github.requests.map((r) => [r.status, r.body])).toEqual([
      [502, { title: 'Disk alert', labels: ['postmortem-action'] }],
      [201, { title: 'Disk alert' }],
      [400, undefined],
    ]);
  });

  it('takes extra routes, tried before its own', async () => {
    github.route('GET', '/repos/:owner/:repo/branches/:branch/protection', (request) => ({
      status: 200,
      body: { url: `${request.state.hosts.api}${request.path}`, enabled: request.params.branch === 'main' },
    }));
    const body = await (await get('/repos/acme/web/branches/main/protection')).json();
    expect(body).toEqual({ url: `${github.url}/repos/acme/web/branches/main/protection`, enabled: true });
  });
});
