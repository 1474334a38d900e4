/**
 * Importing deployments from GitHub's Deployments API, against the local stand-in: paging (per environment,
 * until `since`), statuses, rollbacks, and failures that stay one repository's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../server/github/client.ts';
import { importGitHubDeployments } from '../../server/github/deployments.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';

let github: GitHubStandIn;

beforeEach(async () => {
  github = await startGitHubStandIn();
});
afterEach(() => github.close());

// With a token: the stand-in, like GitHub, allows 60 requests an hour without one.
const client = () => createGitHubClient({ baseUrl: github.url, token: 'test-token', retryAfterBaseMs: 1, retries: 1 });
const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace('.000Z', 'Z');

/** `count` deployments to `environment`, one a minute from minute `from`, each pending then success a minute later. */
function seed(repo: string, environment: string, count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, i) => {
    const id = github.state.addDeployment(repo, { environment, created_at: minutes(from + i * 2), ref: 'main' }).id as number;
    github.state.addDeploymentStatus(repo, id, { state: 'pending', created_at: minutes(from + i * 2) });
    github.state.addDeploymentStatus(repo, id, { state: 'success', created_at: minutes(from + i * 2 + 1), log_url: `https://ci.example.com/${id}` });
    return id;
  });
}

const listRequests = () => github.requests.filter((r) => r.path.endsWith('/deployments'));
const statusRequests = () => github.requests.filter((r) => r.path.endsWith('/statuses'));

describe('importGitHubDeployments', () => {
  it('pages through 250 deployments in two environments, reading each one\'s statuses', async () => {
    seed('acme/web', 'production', 150);
    seed('acme/web', 'staging', 100, 1);
    github.state.addDeployment('acme/web', { environment: 'qa' });
    const progress: number[] = [];

    const result = await importGitHubDeployments(client(), {
      repos: ['acme/web'],
      environments: ['production', 'staging'],
      onProgress: (p) => progress.push(p.deployments),
    });

    expect(result.failures).toEqual([]);
    expect(result.events).toHaveLength(250);
    expect(new Set(result.events.map((e) => e.key)).size).toBe(250);
    // production: 2 pages (100 + 50), staging: 1 page of exactly 100; one statuses request per deployment.
    expect(listRequests().map((r) => [r.query.environment, r.query.page ?? '1', r.query.per_page])).toEqual([
      ['production', '1', '100'],
      ['production', '2', '100'],
      ['staging', '1', '100'],
    ]);
    expect(statusRequests()).toHaveLength(250);
    expect(result.requests).toBe(3 + 250);
    expect(result.requests).toBe(github.requests.length);
    expect(progress).toEqual([100, 150, 250]);

    const newest = github.state.deployments('acme/web')!.find((d) => d.environment === 'production')!;
    expect(result.events[0]).toEqual({
      key: `github:acme/web:${newest.id}`,
      environment: 'production',
      service: null,
      repo: 'acme/web',
      ref: 'main',
      sha: newest.sha,
      pullNumber: null,
      version: null,
      kind: 'deploy',
      status: 'success',
      startedAt: minutes(298),
      finishedAt: minutes(299),
      statusAt: minutes(299),
      actor: 'octocat',
      url: `https://ci.example.com/${newest.id}`,
      description: null,
      source: 'github',
    });
  });

  it('imports every environment when none is named', async () => {
    seed('acme/web', 'production', 2);
    seed('acme/web', 'qa', 1, 1);
    const result = await importGitHubDeployments(client(), { repos: ['acme/web'], environments: null });
    expect(result.events.map((e) => e.environment).sort()).toEqual(['production', 'production', 'qa']);
    expect(listRequests()[0]!.query).toEqual({ per_page: '100' });
  });

  it('stops paging at the first deployment older than `since`', async () => {
    seed('acme/web', 'production', 250); // newest first: minute 498, 496, ... 0
    const result = await importGitHubDeployments(client(), { repos: ['acme/web'], since: minutes(200) });
    // Minutes 200 to 498: 150 deployments, on pages 1 (100) and 2 (50 of 100); page 3 is never asked for.
    expect(result.events).toHaveLength(150);
    expect(result.events.at(-1)!.startedAt).toBe(minutes(200));
    expect(listRequests()).toHaveLength(2);
    expect(statusRequests()).toHaveLength(150);
    expect(result.requests).toBe(152);
  });

  it('refuses a `since` that is not a time', async () => {
    await expect(importGitHubDeployments(client(), { repos: ['acme/web'], since: 'last week' })).rejects.toThrow(/^since: /);
    expect(github.requests).toEqual([]);
  });

  it('tells rollbacks from deploys', async () => {
    const add = (fields: Parameters<GitHubStandIn['state']['addDeployment']>[1]) => github.state.addDeployment('acme/web', fields).id;
    const kinds = new Map([
      [add({ payload: { rollback: true }, created_at: minutes(1) }), 'rollback'],
      [add({ payload: JSON.stringify({ rollback: true }), created_at: minutes(2) }), 'rollback'],
      [add({ task: 'rollback', created_at: minutes(3) }), 'rollback'],
      [add({ description: 'Revert "Enable the new checkout"', created_at: minutes(4) }), 'rollback'],
      [add({ description: 'Ship the new checkout', ref: 'v2.4.0', payload: { service: 'checkout' }, created_at: minutes(5) }), 'deploy'],
    ]);
    const result = await importGitHubDeployments(client(), { repos: ['acme/web'] });
    for (const event of result.events) expect([event.key, event.kind]).toEqual([event.key, kinds.get(Number(event.key.split(':').at(-1)))]);
    expect(result.events[0]).toMatchObject({ kind: 'deploy', version: 'v2.4.0', service: 'checkout', status: 'queued', statusAt: minutes(5) });
  });

  it('reports a repository GitHub does not know and imports the others', async () => {
    seed('acme/web', 'production', 3);
    const result = await importGitHubDeployments(client(), { repos: ['acme/missing', 'acme/web', 'not-a-repo'] });
    expect(result.failures).toEqual([
      { repo: 'acme/missing', environment: null, message: 'GET /repos/acme/missing/deployments: 404 Not Found' },
      { repo: 'not-a-repo', environment: null, message: '"not-a-repo" is not a repository (use owner/name)' },
    ]);
    expect(result.events.map((e) => e.repo)).toEqual(['acme/web', 'acme/web', 'acme/web']);
    expect(result.requests).toBe(1 + 1 + 3);
  });

  it('reports malformed JSON from the server and goes on', async () => {
    seed('acme/broken', 'production', 2);
    seed('acme/web', 'production', 2);
    github.fail({ path: '/repos/acme/broken/deployments', kind: 'malformed-json' });
    const result = await importGitHubDeployments(client(), { repos: ['acme/broken', 'acme/web'], environments: ['production'] });
    expect(result.failures).toEqual([{ repo: 'acme/broken', environment: 'production', message: 'GET /repos/acme/broken/deployments: malformed JSON from the server' }]);
    expect(result.events).toHaveLength(2);
  });

  it('keeps the pages read before a later page fails', async () => {
    seed('acme/web', 'production', 150);
    const result = await importGitHubDeployments(client(), {
      repos: ['acme/web'],
      onProgress: () => github.fail({ path: '/repos/acme/web/deployments', kind: 'status', status: 500, times: Infinity }),
    });
    expect(result.events).toHaveLength(100);
    expect(result.failures).toEqual([{ repo: 'acme/web', environment: null, message: expect.stringMatching(/^GET \/repositories\/\d+\/deployments: 500 Server Error$/) }]);
  });

  it('imports a deployment whose statuses cannot be read as queued, and reports it', async () => {
    const [first, second] = seed('acme/web', 'production', 2);
    github.fail({ path: `/repos/acme/web/deployments/${second}/statuses`, kind: 'status', status: 404 });
    const result = await importGitHubDeployments(client(), { repos: ['acme/web'] });
    expect(result.events.map((e) => [e.key, e.status, e.statusAt])).toEqual([
      [`github:acme/web:${second}`, 'queued', null],
      [`github:acme/web:${first}`, 'success', minutes(1)],
    ]);
    expect(result.failures).toEqual([
      {
        repo: 'acme/web',
        environment: null,
        message: `statuses of deployment ${second} not read (imported as queued): GET /repos/acme/web/deployments/${second}/statuses: 404 Not Found`,
      },
    ]);
  });

  it('skips a deployment GitHub describes in a way the event refuses, and reports it', async () => {
    seed('acme/web', 'production', 1);
    const odd = github.state.addDeployment('acme/web', { sha: 'not-a-sha', created_at: minutes(10) });
    const result = await importGitHubDeployments(client(), { repos: ['acme/web'] });
    expect(result.events).toHaveLength(1);
    expect(result.failures).toEqual([{ repo: 'acme/web', environment: null, message: `deployment ${odd.id} skipped: sha: "not-a-sha" is not a commit sha (7 to 64 hex digits)` }]);
  });
});
