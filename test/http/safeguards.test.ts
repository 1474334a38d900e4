/**
 * The safeguard API: the Safeguards view's list and detail, creating and linking through the service, attesting,
 * and running verification, over the repository's example postmortems and `safeguards.yml`, with the GitHub
 * stand-in behind `POST /api/safeguards/verify`.
 *
 * The app is put together as `server/http/app.ts` does (body parsing, error handler, access control, OpenAPI, then
 * the routes under `/api`); once `safeguardRoutes` is registered in `buildApp`, `testApp` can replace `safeguardApp`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { installAuth } from '../../server/http/plugins/auth.ts';
import { installErrorHandlers } from '../../server/http/plugins/errors.ts';
import { installJsonBody } from '../../server/http/plugins/json-body.ts';
import { registerOpenApi } from '../../server/http/plugins/openapi.ts';
import { safeguardRoutes, type SafeguardRoutesOptions } from '../../server/http/routes/safeguards.ts';
import type { SafeguardDetail, SafeguardList, SafeguardVerifyReport } from '../../server/http/schemas/safeguards.ts';
import { refreshSafeguards } from '../../server/safeguards/refresh.ts';
import { readSafeguardsFile } from '../../server/safeguards/safeguards-file.ts';
import { loadSafeguards } from '../../server/safeguards/store.ts';
import { DATAHUB, DATAHUB_ITEM, EXAMPLE_SAFEGUARDS, exampleDatabase, gitHub, itemId, later, NOW, type GitHubFixture } from '../safeguards/setup.ts';

const KEY = 'datahub-prod-requires-staging-hub';
const RUNBOOK = 'dns-cutover-tls-probe-checklist';
const TOKEN = 'correct-horse-battery-staple-42';

let database: Database;
let gh: GitHubFixture;
let app: FastifyInstance;
let clock: Date;

/** The safeguard routes in an app assembled as `buildApp` assembles it. */
async function safeguardApp(options: Partial<SafeguardRoutesOptions> & { token?: string | null } = {}): Promise<FastifyInstance> {
  const { token = null, ...routeOptions } = options;
  const instance = Fastify({ ajv: { customOptions: { removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  installJsonBody(instance);
  installErrorHandlers(instance);
  installAuth(instance, { token, protectReads: false });
  await registerOpenApi(instance, '0.0.0');
  await instance.register(safeguardRoutes, {
    prefix: '/api',
    database,
    now: () => clock,
    attestationDays: 30,
    verify: ({ keys }) => refreshSafeguards(database, gh.client, { file: EXAMPLE_SAFEGUARDS, shownAs: 'postmortems/safeguards.yml', now: clock, ...(keys ? { keys } : {}) }).then((r) => r.report),
    ...routeOptions,
  });
  await instance.ready();
  return instance;
}

beforeEach(async () => {
  clock = NOW;
  database = await exampleDatabase();
  loadSafeguards(database, readSafeguardsFile(EXAMPLE_SAFEGUARDS, 'postmortems/safeguards.yml'), { now: NOW, file: 'postmortems/safeguards.yml' });
  gh = await gitHub();
  gh.github.state.addRepo('example-org/datahub', { defaultBranch: 'main' });
  gh.protection.protect('example-org/datahub', 'prod', { requiredChecks: ['staging-hub-online'] });
  app = await safeguardApp();
});
afterEach(async () => {
  await app.close();
  await gh.close();
  database.close();
});

async function send<T>(method: 'GET' | 'POST' | 'DELETE', url: string, status: number, payload?: unknown): Promise<T> {
  const response = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

describe('POST /api/safeguards/verify and the Safeguards view', () => {
  it('verifies through GitHub; the datahub check is verified, then drifted once the protection is removed, with its history', async () => {
    const report = await send<SafeguardVerifyReport>('POST', '/api/safeguards/verify', 200);
    expect(report).toMatchObject({ checked: 4, verified: 1, drifted: 0, missing: 2, manual: 1, errors: [] });

    gh.protection.unprotect('example-org/datahub', 'prod');
    clock = later(1);
    const second = await send<SafeguardVerifyReport>('POST', '/api/safeguards/verify', 200, { keys: [KEY] });
    expect(second).toMatchObject({ checked: 1, drifted: 1, changes: [{ key: KEY, from: 'verified', to: 'drifted' }] });

    const drifted = await send<SafeguardList>('GET', '/api/safeguards?state=drifted', 200);
    expect(drifted.total).toBe(1);
    expect(drifted.counts).toEqual({ unknown: 0, verified: 0, drifted: 1, missing: 2, manual: 1 });
    expect(drifted.items[0]).toMatchObject({
      key: KEY,
      kind: 'status-check',
      repo: 'example-org/datahub',
      branch: 'prod',
      check: 'staging-hub-online',
      source: 'file',
      state: 'drifted',
      stateDetail: 'branch prod is not protected, so no status check is required',
      firstVerifiedAt: '2024-08-01T12:00:00Z',
      verifiedAt: '2024-08-01T12:00:00Z',
      checkedAt: '2024-08-02T12:00:00Z',
      checkError: null,
      items: [{ text: DATAHUB_ITEM, source: 'file', archived: false, incident: { slug: DATAHUB, title: 'Accidental merge to production took the Data 8 hub down' } }],
    });
    const detail = await send<SafeguardDetail>('GET', `/api/safeguards/${KEY}`, 200);
    expect(detail.history.map((h) => [h.at, h.state])).toEqual([
      ['2024-08-02T12:00:00Z', 'drifted'],
      ['2024-08-01T12:00:00Z', 'verified'],
    ]);
  });

  it('filters by kind, repository and incident, and reports the counts of the other filters', async () => {
    const keys = async (query: string) => (await send<SafeguardList>('GET', `/api/safeguards${query}`, 200)).items.map((s) => s.key);
    expect(await keys('')).toEqual(['datahub-prod-hub-health-alert', KEY, 'datahub-staging-smoke-test', RUNBOOK]);
    expect(await keys('?kind=runbook')).toEqual([RUNBOOK]);
    expect(await keys('?repo=Example-Org/DataHub')).toEqual(['datahub-prod-hub-health-alert', KEY, 'datahub-staging-smoke-test']);
    expect(await keys('?incident=2024-03-12-api-dns-cutover-without-certificate')).toEqual([RUNBOOK]);
    expect(await keys('?incident=no-such-incident')).toEqual([]);
    expect(await keys('?state=unknown&kind=workflow')).toEqual(['datahub-staging-smoke-test']);
    expect((await app.inject('/api/safeguards?state=broken')).statusCode).toBe(400);
    expect((await app.inject('/api/safeguards?color=red')).statusCode).toBe(400);
  });

  it('answers 503 when no GitHub client is configured, and 404 for an unknown safeguard', async () => {
    await app.close();
    app = await safeguardApp({ verify: null });
    const response = await app.inject({ method: 'POST', url: '/api/safeguards/verify' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'Service Unavailable', message: 'verification is not configured: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise)' });
    expect(await send('GET', '/api/safeguards/nope', 404)).toEqual({ error: 'Not Found', message: 'no safeguard "nope"' });
  });
});

describe('writes through the service', () => {
  it('creates a safeguard (201) linked to items, refuses bad input (400) and a taken id (409)', async () => {
    const item = itemId(database, DATAHUB, 'Block merges');
    const created = await send<SafeguardDetail>('POST', '/api/safeguards', 201, {
      id: 'datahub-prod-reviews',
      kind: 'branch-protection',
      repo: 'example-org/datahub',
      branch: 'prod',
      reviews: 1,
      forcePushes: false,
      items: [item],
    });
    expect(created).toMatchObject({ key: 'datahub-prod-reviews', source: 'service', state: 'unknown', target: { reviews: 1, forcePushes: false }, items: [{ id: item, source: 'service' }], history: [] });
    expect(await send('POST', '/api/safeguards', 400, { id: 'x', kind: 'workflow', repo: 'example-org/datahub' })).toEqual({
      error: 'Bad Request',
      message: 'path: missing: a workflow safeguard needs the file in the repository',
    });
    expect(await send('POST', '/api/safeguards', 400, { id: 'x', kind: 'runbook', reviews: 2 })).toEqual({
      error: 'Bad Request',
      message: 'reviews: does not apply to a runbook safeguard (it takes optional url, repo, path, branch)',
    });
    expect(await send('POST', '/api/safeguards', 409, { id: KEY, kind: 'runbook' })).toEqual({
      error: 'Conflict',
      message: `a safeguard with id "${KEY}" exists (declared in the safeguards file)`,
    });
    expect((await app.inject({ method: 'POST', url: '/api/safeguards', payload: { id: 'y', kind: 'runbook', owner: 'me' } })).statusCode).toBe(400);
    expect(await send('POST', '/api/safeguards', 404, { id: 'z', kind: 'runbook', items: [99999] })).toEqual({ error: 'Not Found', message: 'no action item 99999' });
  });

  it('links to an action item (201, then 200), unlinks a service link, and refuses to unlink a link from the file (409)', async () => {
    const beta = itemId(database, DATAHUB, 'Only run beta');
    const linked = await send<SafeguardDetail>('POST', `/api/safeguards/${KEY}/items`, 201, { itemId: beta });
    expect(linked.items.map((i) => [i.id, i.source])).toEqual([
      [itemId(database, DATAHUB, 'Block merges'), 'file'],
      [beta, 'service'],
    ]);
    await send('POST', `/api/safeguards/${KEY}/items`, 200, { itemId: beta });
    await send('POST', `/api/safeguards/${KEY}/items`, 404, { itemId: 99999 });
    const unlinked = await send<SafeguardDetail>('DELETE', `/api/safeguards/${KEY}/items/${beta}`, 200);
    expect(unlinked.items.map((i) => i.source)).toEqual(['file']);
    expect(await send('DELETE', `/api/safeguards/${KEY}/items/${itemId(database, DATAHUB, 'Block merges')}`, 409)).toMatchObject({
      message: expect.stringContaining('is declared in the safeguards file: remove it there') as unknown as string,
    });
    await send('DELETE', `/api/safeguards/${KEY}/items/${beta}`, 404);
  });

  it('attests a runbook for the configured days (409 for a kind checked on GitHub); the attestation expires', async () => {
    const attested = await send<SafeguardDetail>('POST', `/api/safeguards/${RUNBOOK}/attest`, 200, { by: 'praman', note: 'TLS probe is step 4' });
    expect(attested).toMatchObject({
      state: 'manual',
      stateDetail: 'attested by praman on 2024-08-01, valid until 2024-08-31',
      attestation: { by: 'praman', at: '2024-08-01T12:00:00Z', expiresAt: '2024-08-31T12:00:00Z', expired: false },
    });
    expect(attested.history[0]).toEqual({ at: '2024-08-01T12:00:00Z', state: 'manual', detail: 'attested by praman on 2024-08-01, valid until 2024-08-31: TLS probe is step 4' });
    expect(await send('POST', `/api/safeguards/${KEY}/attest`, 409, { by: 'x' })).toEqual({
      error: 'Conflict',
      message: `safeguard "${KEY}" is a status-check: it is verified through GitHub, not attested`,
    });
    await send('POST', `/api/safeguards/${RUNBOOK}/attest`, 400, {});
    clock = later(31);
    const report = await send<SafeguardVerifyReport>('POST', '/api/safeguards/verify', 200, { keys: [RUNBOOK] });
    expect(report).toMatchObject({ manual: 1, expired: 1 });
    expect((await send<SafeguardDetail>('GET', `/api/safeguards/${RUNBOOK}`, 200)).attestation).toMatchObject({ expired: true });
  });

  it('needs the token for writes when one is configured, not for reads', async () => {
    await app.close();
    app = await safeguardApp({ token: TOKEN });
    expect((await app.inject({ method: 'POST', url: `/api/safeguards/${RUNBOOK}/attest`, payload: { by: 'x' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/safeguards/verify' })).statusCode).toBe(401);
    expect((await app.inject('/api/safeguards')).statusCode).toBe(200);
    const ok = await app.inject({ method: 'POST', url: `/api/safeguards/${RUNBOOK}/attest`, payload: { by: 'x' }, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('describes every safeguard route with its parameters and response codes', async () => {
    const doc = (await app.inject('/openapi.json')).json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>();
    const codes = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).sort();
    expect(codes('/api/safeguards', 'get')).toEqual(['200', '400', '401', '500']);
    expect(codes('/api/safeguards/{key}', 'get')).toEqual(['200', '400', '401', '404', '500']);
    expect(codes('/api/safeguards', 'post')).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(codes('/api/safeguards/{key}/items', 'post')).toEqual(['200', '201', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(codes('/api/safeguards/{key}/items/{itemId}', 'delete')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(codes('/api/safeguards/{key}/attest', 'post')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(codes('/api/safeguards/verify', 'post')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
  });
});
