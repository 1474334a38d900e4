/**
 * The link routes of action items over HTTP: linking, unlinking, creating the GitHub issue (against the local
 * stand-in), the status of every refusal, the access check, and what the list and the incident detail show
 * afterwards (links with their state, `linkState`, `linked=false`, `overdue=true`).
 *
 * The app is assembled here as `server/http/app.ts` assembles it (body parsing, error handlers, access check,
 * OpenAPI, then the routes) until app.ts registers `actionItemLinkRoutes`; then this becomes `testApp({...})`.
 */
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createGitHubClient, type GitHubClient } from '../../server/github/client.ts';
import { IncidentDetailReader } from '../../server/http/incident-detail.ts';
import { installAuth } from '../../server/http/plugins/auth.ts';
import { installErrorHandlers } from '../../server/http/plugins/errors.ts';
import { installJsonBody } from '../../server/http/plugins/json-body.ts';
import { registerOpenApi } from '../../server/http/plugins/openapi.ts';
import { actionItemLinkRoutes } from '../../server/http/routes/action-item-links.ts';
import { actionItemRoutes } from '../../server/http/routes/action-items.ts';
import { incidentRoutes } from '../../server/http/routes/incidents.ts';
import type { ActionItemLink, ActionItemPage, ActionItemView } from '../../server/http/schemas/action-items.ts';
import type { IncidentDetail } from '../../server/http/schemas/incidents.ts';
import { SAMPLE_NOW, seedSample } from '../db/queries/sample.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';

const TOKEN = 'correct-horse-battery-staple-42';

interface LinkApp {
  app: FastifyInstance;
  database: Database;
}

let built: LinkApp | null = null;
let github: GitHubStandIn | null = null;
afterEach(async () => {
  await built?.app.close();
  built?.database.close();
  built = null;
  await github?.close();
  github = null;
});

interface Options {
  token?: string | null;
  github?: GitHubClient | null;
  defaultRepo?: string | null;
  issueLabel?: string | null;
}

/** The sample data behind the routes of `app.ts` that these tests read, plus the link routes. */
async function linkApp(options: Options = {}): Promise<LinkApp> {
  const database = openDatabase(':memory:');
  seedSample(database);
  const now = () => SAMPLE_NOW;
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  installJsonBody(app);
  installErrorHandlers(app);
  installAuth(app, { token: options.token ?? null, protectReads: false });
  await registerOpenApi(app, '0.0.0');
  await app.register(incidentRoutes, { prefix: '/api', database, details: new IncidentDetailReader({ database, now }) });
  await app.register(actionItemRoutes, { prefix: '/api', database, now });
  await app.register(actionItemLinkRoutes, {
    prefix: '/api',
    database,
    now,
    defaultRepo: options.defaultRepo === undefined ? 'example-org/app' : options.defaultRepo,
    issueLabel: options.issueLabel === undefined ? 'postmortem-action' : options.issueLabel,
    publicUrl: 'https://hindsight.example.com',
    github: options.github ?? null,
  });
  await app.ready();
  built = { app, database };
  return built;
}

/** A stand-in with `example-org/app`, and a client for it. */
async function withGitHub(): Promise<GitHubClient> {
  github = await startGitHubStandIn({ token: 'gh-token', now: () => SAMPLE_NOW });
  github.state.addRepo('example-org/app');
  return createGitHubClient({ baseUrl: github.url, token: 'gh-token', retryAfterBaseMs: 1, retries: 0, spaceWrites: false });
}

/** The JSON bodies of the requests that created an issue on the stand-in, in order. */
const sentIssues = () => github!.requests.filter((r) => r.method === 'POST' && r.status === 201).map((r) => r.body as Record<string, unknown>);
/** The issues of `repo` on the stand-in, as GitHub lists them. */
const issuesIn = (repo: string) => github!.state.issues.list(repo) ?? [];

const inject = (options: InjectOptions) => built!.app.inject(options);
const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }), headers });
const del = (url: string, headers: Record<string, string> = {}) => inject({ method: 'DELETE', url, headers });

async function items(query = '?archived=all'): Promise<ActionItemView[]> {
  const response = await inject({ method: 'GET', url: `/api/action-items${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ActionItemPage>().items;
}
async function itemNamed(text: string): Promise<ActionItemView> {
  const found = (await items()).find((item) => item.text === text);
  if (!found) throw new Error(`no item "${text}"`);
  return found;
}
const texts = (list: ActionItemView[]) => list.map((item) => item.text);

describe('POST /api/action-items/:id/links', () => {
  it('links an issue (201, the link) and the item leaves the unlinked list', async () => {
    await linkApp();
    const item = await itemNamed('Add an upload smoke test');
    expect(texts(await items('?linked=false'))).toContain('Add an upload smoke test');

    const response = await post(`/api/action-items/${item.id}/links`, { ref: '#42' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ActionItemLink>()).toMatchObject({
      source: 'service',
      ref: 'https://github.com/example-org/app/issues/42',
      repo: 'example-org/app',
      number: 42,
      kind: 'issue',
      state: null,
    });

    expect(texts(await items('?linked=false'))).not.toContain('Add an upload smoke test');
    const listed = await itemNamed('Add an upload smoke test');
    expect(listed.links.map((link) => link.ref)).toEqual(['https://github.com/example-org/app/issues/42']);
    expect(listed.linkState).toBe('unsynced');
  });

  it('shows the new link on the incident page at once', async () => {
    await linkApp();
    const before = await inject({ method: 'GET', url: '/api/incidents/uploads-413' });
    const [item] = before.json<IncidentDetail>().actionItems;
    expect(item!.links).toEqual([]);
    await post(`/api/action-items/${item!.id}/links`, { ref: 'https://status.example.com/incidents/7' });
    const after = await inject({ method: 'GET', url: '/api/incidents/uploads-413' });
    expect(after.json<IncidentDetail>().actionItems[0]!.links).toMatchObject([{ kind: 'other', ref: 'https://status.example.com/incidents/7' }]);
  });

  it.each([
    [{ ref: 'javascript:alert(1)' }, 400, 'javascript: links are refused: they run or embed something instead of pointing somewhere'],
    [{ ref: 'not a link' }, 400, '"not a link" has white space or control characters in it'],
    [{ ref: '' }, 400, 'body property "ref" must not be empty'],
    [{}, 400, 'body property "ref" is required'],
    [{ ref: 'a/b#1', note: 'x' }, 400, 'unknown body property "note"'],
  ])('refuses %j with %i', async (body, status, message) => {
    await linkApp();
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/links`, body);
    expect(response.statusCode).toBe(status);
    expect(response.json<{ message: string }>().message).toContain(message);
    expect((await itemNamed('Add an upload smoke test')).links).toEqual([]);
  });

  it('refuses #12 when no default repository is configured', async () => {
    await linkApp({ defaultRepo: null });
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/links`, { ref: '#12' });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain('HINDSIGHT_REPO');
  });

  it('answers 404 for an unknown item and 409 for an archived item or a duplicate', async () => {
    await linkApp();
    expect((await post('/api/action-items/9999/links', { ref: 'a/b#1' })).json()).toEqual({ error: 'Not Found', message: 'no action item 9999' });
    const archived = await itemNamed('Old archived item');
    const refused = await post(`/api/action-items/${archived.id}/links`, { ref: 'a/b#1' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: string }>().error).toBe('Conflict');
    const linked = await itemNamed('Alert on broker disk usage');
    const duplicate = await post(`/api/action-items/${linked.id}/links`, { ref: 'example-org/app#10' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ message: string }>().message).toContain('already links https://github.com/example-org/app/issues/10');
  });

  it('answers 400 for an id that is not a positive integer', async () => {
    await linkApp();
    expect((await post('/api/action-items/abc/links', { ref: 'a/b#1' })).statusCode).toBe(400);
    expect((await post('/api/action-items/0/links', { ref: 'a/b#1' })).statusCode).toBe(400);
  });
});

describe('DELETE /api/action-items/:id/links/:linkId', () => {
  it('removes a service link (204, no body)', async () => {
    await linkApp();
    const item = await itemNamed('Add an upload smoke test');
    const link = (await post(`/api/action-items/${item.id}/links`, { ref: 'a/b#1' })).json<ActionItemLink>();
    const response = await del(`/api/action-items/${item.id}/links/${link.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await itemNamed('Add an upload smoke test')).links).toEqual([]);
    expect((await del(`/api/action-items/${item.id}/links/${link.id}`)).statusCode).toBe(404);
  });

  it('refuses a markdown link with 409, saying to edit the markdown', async () => {
    await linkApp();
    const item = await itemNamed('Alert on broker disk usage');
    const response = await del(`/api/action-items/${item.id}/links/${item.links[0]!.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.json<{ message: string }>().message).toMatch(/is written in the postmortem: remove it from the item in disk-full\.md \(line \d+\)/);
    expect((await itemNamed('Alert on broker disk usage')).links).toHaveLength(1);
  });

  it('answers 404 for an unknown item or link', async () => {
    await linkApp();
    expect((await del('/api/action-items/9999/links/1')).statusCode).toBe(404);
    const item = await itemNamed('Add an upload smoke test');
    expect((await del(`/api/action-items/${item.id}/links/9999`)).statusCode).toBe(404);
  });
});

describe('POST /api/action-items/:id/issue', () => {
  it('answers 503 when no GitHub token is configured', async () => {
    await linkApp({ github: null });
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/issue`);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'Service Unavailable',
      message: 'creating issues is turned off: set GITHUB_TOKEN to a token that may create issues in the repository',
    });
  });

  it('creates the issue in the default repository with the label (no body needed) and answers the link', async () => {
    await linkApp({ github: await withGitHub() });
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/issue`);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ActionItemLink>()).toMatchObject({
      source: 'service',
      ref: 'https://github.com/example-org/app/issues/1',
      state: 'open',
      title: 'Add an upload smoke test',
      labels: ['postmortem-action'],
      syncedAt: SAMPLE_NOW.toISOString(),
    });
    const [sent] = sentIssues();
    expect(sent).toMatchObject({ title: 'Add an upload smoke test', labels: ['postmortem-action'] });
    expect(sent!.body).toContain(`https://hindsight.example.com/incidents/uploads-413#item-${item.id}`);
    expect(issuesIn('example-org/app')).toMatchObject([{ number: 1, title: 'Add an upload smoke test', body: sent!.body, labels: [{ name: 'postmortem-action' }] }]);
    const listed = await itemNamed('Add an upload smoke test');
    expect(listed).toMatchObject({ linkState: 'open', status: 'open', statusSource: 'github' });
  });

  it('creates it in the repository asked for, without a label when none is configured', async () => {
    const client = await withGitHub();
    github!.state.addRepo('example-org/ingress');
    await linkApp({ github: client, issueLabel: null });
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/issue`, { repo: 'example-org/ingress' });
    expect(response.statusCode, response.body).toBe(201);
    expect(issuesIn('example-org/ingress')).toMatchObject([{ title: 'Add an upload smoke test', labels: [] }]);
    expect(issuesIn('example-org/app')).toEqual([]);
    expect(sentIssues()).toHaveLength(1);
    expect(sentIssues()[0]).not.toHaveProperty('labels');
  });

  it('answers 409 for a second open issue in the repository, and 201 with force', async () => {
    await linkApp({ github: await withGitHub() });
    const item = await itemNamed('Alert on broker disk usage');
    const refused = await post(`/api/action-items/${item.id}/issue`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('already has an open issue in example-org/app');
    expect(github!.requests).toEqual([]);
    expect((await post(`/api/action-items/${item.id}/issue`, { force: true })).statusCode).toBe(201);
    expect(issuesIn('example-org/app')).toHaveLength(1);
  });

  it("answers 502 with GitHub's answer when GitHub refuses, recording nothing", async () => {
    await linkApp({ github: await withGitHub() });
    const item = await itemNamed('Add an upload smoke test');
    const response = await post(`/api/action-items/${item.id}/issue`, { repo: 'example-org/missing' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({
      error: 'Bad Gateway',
      message:
        'GitHub did not create the issue in example-org/missing: POST /repos/example-org/missing/issues: 404 Not Found: no such repository, or the token cannot see it',
    });
    expect((await itemNamed('Add an upload smoke test')).links).toEqual([]);
  });

  it('answers 400 without a repository, or for a malformed one', async () => {
    await linkApp({ github: await withGitHub(), defaultRepo: null });
    const item = await itemNamed('Add an upload smoke test');
    const none = await post(`/api/action-items/${item.id}/issue`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json<{ message: string }>().message).toContain('HINDSIGHT_REPO');
    expect((await post(`/api/action-items/${item.id}/issue`, { repo: 'nope' })).statusCode).toBe(400);
    expect((await post(`/api/action-items/${item.id}/issue`, { force: 'yes' })).statusCode).toBe(400);
    expect(github!.requests).toEqual([]);
  });

  it('answers 404 for an unknown item and 409 for an archived one, before asking GitHub', async () => {
    await linkApp({ github: await withGitHub() });
    expect((await post('/api/action-items/9999/issue')).statusCode).toBe(404);
    const archived = await itemNamed('Old archived item');
    expect((await post(`/api/action-items/${archived.id}/issue`)).statusCode).toBe(409);
    expect(github!.requests).toEqual([]);
  });
});

describe('overdue and unlinked items', () => {
  it('are found with overdue=true and linked=false, each with its links, link state, owner and due date', async () => {
    await linkApp();
    const overdue = await items('?overdue=true');
    expect(overdue.map((item) => [item.text, item.owner, item.due, item.overdue, item.linkState])).toEqual([
      ['Alert on broker disk usage', 'alice', '2024-01-15', true, 'open'],
    ]);
    expect(overdue[0]!.links).toMatchObject([{ state: 'open', kind: 'issue' }]);
    const unlinked = await items('?linked=false');
    expect(unlinked.length).toBeGreaterThan(0);
    expect(unlinked.every((item) => item.links.length === 0 && item.linkState === 'none')).toBe(true);
    // A linked pull request the sync has not read yet.
    expect((await itemNamed('Add certificate check to the cutover checklist')).linkState).toBe('unsynced');
  });
});

describe('access', () => {
  const writes = (id: number, headers: Record<string, string>): Array<[string, () => ReturnType<typeof post>]> => [
    ['link', () => post(`/api/action-items/${id}/links`, { ref: 'a/b#1' }, headers)],
    ['unlink', () => del(`/api/action-items/${id}/links/1`, headers)],
    ['issue', () => post(`/api/action-items/${id}/issue`, {}, headers)],
  ];

  it('needs the bearer token when one is configured (401 without or with a wrong one)', async () => {
    await linkApp({ token: TOKEN });
    const item = await itemNamed('Add an upload smoke test');
    const without: Record<string, string> = {};
    for (const headers of [without, { authorization: 'Bearer wrong-token-wrong-token' }]) {
      for (const [name, send] of writes(item.id, headers)) {
        const response = await send();
        expect(response.statusCode, name).toBe(401);
        expect(response.headers['www-authenticate'], name).toBe('Bearer');
      }
    }
    expect((await itemNamed('Add an upload smoke test')).links).toEqual([]);
    const link = post(`/api/action-items/${item.id}/links`, { ref: 'a/b#1' }, { authorization: `Bearer ${TOKEN}` });
    expect((await link).statusCode).toBe(201);
  });

  it('without a token, accepts writes from this machine only, never cross-site (403)', async () => {
    await linkApp();
    const item = await itemNamed('Add an upload smoke test');
    const remote = await inject({ method: 'POST', url: `/api/action-items/${item.id}/links`, payload: { ref: 'a/b#1' }, remoteAddress: '10.0.0.5' });
    expect(remote.statusCode).toBe(403);
    const crossSite = await post(`/api/action-items/${item.id}/links`, { ref: 'a/b#1' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    const unlink = await inject({ method: 'DELETE', url: `/api/action-items/${item.id}/links/1`, remoteAddress: '192.168.1.20' });
    expect(unlink.statusCode).toBe(403);
    expect((await itemNamed('Add an upload smoke test')).links).toEqual([]);
    expect((await post(`/api/action-items/${item.id}/links`, { ref: 'a/b#1' })).statusCode).toBe(201);
  });
});

describe('the OpenAPI document', () => {
  it('declares every answer of the link routes', async () => {
    await linkApp();
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { responses: object }>> }>();
    const codes = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).sort();
    expect(codes('/api/action-items/{id}/links', 'post')).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(codes('/api/action-items/{id}/links/{linkId}', 'delete')).toEqual(['204', '400', '401', '403', '404', '409', '500']);
    expect(codes('/api/action-items/{id}/issue', 'post')).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500', '502', '503']);
  });
});
