/**
 * The deployment API over the real app: recording deployments (`POST /api/deployments`), listing and reading
 * them, an incident lined up against them (`GET /api/incidents/:slug/deployments`) and people's verdicts on the
 * suspect. The model case is the repository's own example data: `postmortems/*.md` and `deployments.ndjson`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, IncidentDeployments } from '../../server/http/schemas/deployments.ts';
import {
  correlationOf,
  deleteVerdict,
  deploymentApp,
  deploymentsByKey,
  exampleDeploymentRows,
  exampleFiles,
  getJson,
  idOf,
  listDeployments,
  postDeployments,
  posted,
  putVerdict,
  storedDeployments,
  type DeploymentTestApp,
} from './deployment-fixtures.ts';

const TOKEN = 'correct-horse-battery-staple-42';
const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';

let t: DeploymentTestApp;
afterEach(async () => {
  await t.close();
});

/** A deployment as a CI system would report it. */
const release = (fields: Record<string, unknown> = {}) => ({
  environment: 'production',
  service: 'web',
  repo: 'acme/web',
  ref: 'v3.14.0',
  sha: 'A84D88E7554FC1FA21BCBC4EFAE3C782A70D2B9D',
  pullNumber: 812,
  version: 'v3.14.0',
  startedAt: '2024-05-01T14:00:00+02:00',
  actor: 'release-bot',
  url: 'https://ci.example.com/runs/9001',
  description: 'web v3.14.0',
  ...fields,
});

describe('POST /api/deployments', () => {
  beforeEach(async () => {
    t = await deploymentApp({});
  });

  it('records one deployment (201), normalized, and shows it with its GitHub links', async () => {
    const result = await posted(t.app, 201, release({ key: 'ci-9001' }));
    expect(result).toEqual({ created: 1, updated: 0, unchanged: 0, deployments: [{ id: 1, key: 'ci-9001' }] });
    expect(await getJson<Deployment>(t.app, '/api/deployments/1')).toEqual({
      id: 1,
      key: 'ci-9001',
      environment: 'production',
      environmentKey: 'production',
      service: 'web',
      repo: 'acme/web',
      ref: 'v3.14.0',
      sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      pullNumber: 812,
      version: 'v3.14.0',
      kind: 'deploy',
      status: 'success',
      startedAt: '2024-05-01T12:00:00Z',
      finishedAt: null,
      statusAt: null,
      actor: 'release-bot',
      url: 'https://ci.example.com/runs/9001',
      description: 'web v3.14.0',
      source: 'api',
      commitUrl: 'https://github.com/acme/web/commit/a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      pullUrl: 'https://github.com/acme/web/pull/812',
    });
  });

  it('answers 200 and changes nothing when the same deployment comes again, with or without a key', async () => {
    await posted(t.app, 201, release({ key: 'ci-9001' }));
    expect(await posted(t.app, 200, release({ key: 'ci-9001' }))).toEqual({ created: 0, updated: 0, unchanged: 1, deployments: [{ id: 1, key: 'ci-9001' }] });
    // Without a key, the key is derived from what identifies the deployment: the same report finds the same row.
    const first = await posted(t.app, 201, release({ environment: 'staging' }));
    expect(first.deployments[0]!.key).toMatch(/^auto:[0-9a-f]{32}$/);
    expect(await posted(t.app, 200, release({ environment: 'staging', description: 'web v3.14.0' }))).toEqual({ ...first, created: 0, unchanged: 1 });
    expect(storedDeployments(t.database)).toBe(2);
  });

  it('reads Unix seconds and any offset as UTC to the second', async () => {
    await posted(t.app, 201, release({ key: 'unix', startedAt: 1714564800 }));
    await posted(t.app, 201, release({ key: 'offset', startedAt: '2018-01-25T15:30:00.750-08:00', finishedAt: '2018-01-25T15:34:00-08:00' }));
    const byKey = await deploymentsByKey(t.app);
    expect(byKey.get('unix')!.startedAt).toBe('2024-05-01T12:00:00Z');
    expect(byKey.get('offset')).toMatchObject({ startedAt: '2018-01-25T23:30:00Z', finishedAt: '2018-01-25T23:34:00Z' });
  });

  it('takes the Idempotency-Key header as the key of a single deployment, and a later report updates it', async () => {
    const headers = { 'idempotency-key': 'gha-run-77' };
    expect(await posted(t.app, 201, release({ status: 'in-progress' }), headers)).toMatchObject({ created: 1, deployments: [{ id: 1, key: 'gha-run-77' }] });
    expect(await posted(t.app, 200, release({ status: 'success', finishedAt: '2024-05-01T12:06:00Z' }), headers)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
      deployments: [{ id: 1, key: 'gha-run-77' }],
    });
    expect(await getJson<Deployment>(t.app, '/api/deployments/1')).toMatchObject({ key: 'gha-run-77', status: 'success', finishedAt: '2024-05-01T12:06:00Z' });
    // A body key that differs from the header is refused (which one was meant?); the same one is fine.
    const both = await postDeployments(t.app, release({ key: 'own-key' }), headers);
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toBe('key: "own-key" differs from the Idempotency-Key header "gha-run-77" (give one of them)');
    expect((await posted(t.app, 200, release({ key: 'gha-run-77', status: 'success' }), headers)).deployments).toEqual([{ id: 1, key: 'gha-run-77' }]);
  });

  it('refuses the Idempotency-Key header on a batch (each deployment of a batch has its own key)', async () => {
    const response = await postDeployments(t.app, { deployments: [release()] }, { 'idempotency-key': 'batch-1' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'Bad Request', message: 'the Idempotency-Key header names one deployment: give each of a batch its own "key"' });
    expect(storedDeployments(t.database)).toBe(0);
  });

  it('keeps what a later report leaves out and ignores a status reported earlier than the stored one', async () => {
    await posted(t.app, 201, release({ key: 'k', status: 'queued', statusAt: '2024-05-01T12:00:00Z' }));
    const running = { key: 'k', environment: 'production', startedAt: '2024-05-01T12:00:00Z', status: 'in-progress', statusAt: '2024-05-01T12:01:00Z' };
    expect(await posted(t.app, 200, running)).toMatchObject({ updated: 1 });
    const done = { ...running, status: 'success', statusAt: '2024-05-01T12:05:00Z', finishedAt: '2024-05-01T12:05:00Z' };
    expect(await posted(t.app, 200, done)).toMatchObject({ updated: 1 });
    // A late `failure` sent at 12:03 is older than the success of 12:05: nothing changes.
    const late = { ...running, status: 'failure', statusAt: '2024-05-01T12:03:00Z' };
    expect(await posted(t.app, 200, late)).toEqual({ created: 0, updated: 0, unchanged: 1, deployments: [{ id: 1, key: 'k' }] });
    // And the in-progress report again (a retry) changes nothing either.
    expect(await posted(t.app, 200, running)).toMatchObject({ unchanged: 1 });
    expect(await getJson<Deployment>(t.app, '/api/deployments/1')).toMatchObject({
      status: 'success',
      statusAt: '2024-05-01T12:05:00Z',
      finishedAt: '2024-05-01T12:05:00Z',
      // Left out of the later reports, kept from the first.
      service: 'web',
      sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      version: 'v3.14.0',
      description: 'web v3.14.0',
      actor: 'release-bot',
    });
  });

  // BUG: server/deploys/event.ts:159/162 default `kind` to deploy and `status` to success when a report leaves them
  // out, and server/db/deployment-store.ts mergeReport (MERGED_FIELDS has `kind`; the status is taken when neither
  // report has a statusAt) then overwrites the stored values: a follow-up that only adds `finishedAt` turns a failed
  // deployment into a successful one and a rollback into a deploy.
  it('keeps the stored status and kind when a later report for the same key leaves them out', async () => {
    await posted(t.app, 201, release({ key: 'failed-deploy', status: 'failure' }));
    await posted(t.app, 201, release({ key: 'rollback', kind: 'rollback' }));
    await posted(t.app, 200, { key: 'failed-deploy', environment: 'production', startedAt: '2024-05-01T12:00:00Z', finishedAt: '2024-05-01T12:09:00Z' });
    await posted(t.app, 200, { key: 'rollback', environment: 'production', startedAt: '2024-05-01T12:00:00Z', description: 'back to v3.13.2' });
    const byKey = await deploymentsByKey(t.app);
    expect(byKey.get('failed-deploy')).toMatchObject({ status: 'failure', finishedAt: '2024-05-01T12:09:00Z' });
    expect(byKey.get('rollback')).toMatchObject({ kind: 'rollback', description: 'back to v3.13.2' });
  });

  it('records a batch in the order sent: 201 when something is new, counting what was updated and unchanged', async () => {
    await posted(t.app, 201, release({ key: 'a', status: 'in-progress' }));
    await posted(t.app, 201, release({ key: 'b' }));
    const result = await posted(t.app, 201, {
      deployments: [release({ key: 'c', environment: 'staging' }), release({ key: 'a', status: 'success' }), release({ key: 'b' })],
    });
    expect(result).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
      deployments: [
        { id: 3, key: 'c' },
        { id: 1, key: 'a' },
        { id: 2, key: 'b' },
      ],
    });
    // Nothing new: 200.
    expect(await posted(t.app, 200, { deployments: [release({ key: 'c', environment: 'staging' }), release({ key: 'a', status: 'success' })] })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it('stores a batch all or nothing, naming every bad deployment by its index and field', async () => {
    await posted(t.app, 201, release({ key: 'kept' }));
    const response = await postDeployments(t.app, {
      deployments: [
        release({ key: 'new-1' }),
        release({ key: 'new-2', sha: 'not-a-sha' }),
        release({ key: 'new-3', startedAt: 'yesterday' }),
        release({ key: 'new-4', startedAt: '2024-05-01 14:00' }),
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'Bad Request',
      message:
        'deployments[1].sha: "not-a-sha" is not a commit sha (7 to 64 hex digits); ' +
        'deployments[2].startedAt: "yesterday" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z); ' +
        'deployments[3].startedAt: "2024-05-01 14:00" has no UTC offset (write it like 2018-01-25T15:30:00-08:00, or give a time zone)',
    });
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('refuses a batch that gives two deployments the same key, storing none of it', async () => {
    const response = await postDeployments(t.app, { deployments: [release({ key: 'x' }), release({ key: 'y' }), release({ key: 'x', environment: 'staging' })] });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('deployments[2].key: "x" is also deployments[0]\'s key');
    // Two reports without keys that describe the same deployment collide the same way.
    const twins = await postDeployments(t.app, { deployments: [release(), release()] });
    expect(twins.statusCode).toBe(400);
    expect(twins.json().message).toMatch(/^deployments\[1\]\.key: "auto:[0-9a-f]{32}" is also deployments\[0\]'s key$/);
    expect(storedDeployments(t.database)).toBe(0);
  });

  it('takes up to 1000 deployments at once and refuses 1001 without storing any', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `bulk-${i}`, environment: 'production', startedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }));
    const tooMany = await postDeployments(t.app, { deployments: many(1001) });
    expect(tooMany.statusCode).toBe(400);
    expect(storedDeployments(t.database)).toBe(0);
    const result = await posted(t.app, 201, { deployments: many(1000) });
    expect(result).toMatchObject({ created: 1000, updated: 0, unchanged: 0 });
    expect(result.deployments.at(-1)).toEqual({ id: 1000, key: 'bulk-999' });
    expect(storedDeployments(t.database)).toBe(1000);
  });

  it('names the field of a single deployment that fails a check', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ environment: 'production' }, 'body property "startedAt" is required'],
      [{ startedAt: '2024-05-01T12:00:00Z' }, 'body property "environment" is required'],
      [release({ deployedBy: 'me' }), 'unknown body property "deployedBy"'],
      [release({ status: 'green' }), 'body property "status" must be one of: queued, in-progress, success, failure, error, inactive'],
      [release({ startedAt: '2024-02-30T12:00:00Z' }), 'startedAt: "2024-02-30T12:00:00Z" is not a time: 2024-02-30 is not a day'],
      [release({ finishedAt: '2024-05-01T11:00:00Z' }), 'finishedAt: 2024-05-01T11:00:00Z is before startedAt 2024-05-01T12:00:00Z'],
      [release({ repo: 'not a repo' }), 'repo: "not a repo" is not a repository (use owner/name)'],
      [release({ url: 'javascript:alert(1)' }), 'url: "javascript:alert(1)" is not an http(s) URL'],
    ];
    for (const [body, message] of cases) {
      const response = await postDeployments(t.app, body);
      expect(response.statusCode, message).toBe(400);
      expect(response.json(), message).toEqual({ error: 'Bad Request', message });
    }
    expect(storedDeployments(t.database)).toBe(0);
  });

  // BUG: DeploymentPostSchema (server/http/schemas/deployments.ts:40) is a union of "one deployment" and
  // "{deployments: [...]}"; when a batch fails the schema, server/http/validation-message.ts:90 reports the first ajv
  // issue, which belongs to the single-deployment branch: every such batch is answered
  // `body property "environment" is required`, a field nobody left out, instead of naming the bad item.
  it('names the item of a batch that fails the schema (missing field, unknown status)', async () => {
    const missing = await postDeployments(t.app, { deployments: [release({ key: 'a' }), { key: 'b', environment: 'production' }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('deployments[1].startedAt');
    const status = await postDeployments(t.app, { deployments: [release({ key: 'a' }), release({ key: 'b' }), release({ key: 'c', status: 'green' })] });
    expect(status.statusCode).toBe(400);
    expect(status.json().message).toContain('deployments[2].status');
  });

  it('needs the bearer token when the app has one, and stores nothing without it', async () => {
    await t.close();
    t = await deploymentApp({}, { auth: { token: TOKEN, protectReads: false } });
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
      const response = await postDeployments(t.app, release(), headers);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
    expect(storedDeployments(t.database)).toBe(0);
    await posted(t.app, 201, release(), { authorization: `Bearer ${TOKEN}` });
    expect(storedDeployments(t.database)).toBe(1);
  });

  it('without a token, takes deployments only from this machine', async () => {
    const remote = await t.app.inject({ method: 'POST', url: '/api/deployments', payload: release(), remoteAddress: '10.0.0.5' });
    expect(remote.statusCode).toBe(403);
    expect(storedDeployments(t.database)).toBe(0);
  });
});

describe('GET /api/deployments and /api/deployments/:id (the example deployment log)', () => {
  beforeEach(async () => {
    t = await deploymentApp(exampleFiles());
    expect(await t.importDeployments()).toMatchObject({ rows: 22, created: 22, errors: [] });
  });

  const keys = (page: { items: Deployment[] }) => page.items.map((d) => d.key);

  it('lists newest first, 100 a page, with the environments and services counted', async () => {
    const page = await listDeployments(t.app);
    expect(page).toMatchObject({ total: 22, limit: 100, offset: 0, incidents: [] });
    expect(keys(page).slice(0, 3)).toEqual(['example-ingress-prod-4.11-again', 'example-ingress-prod-rollback-4.10', 'example-ingress-prod-4.11']);
    expect(keys(page).at(-1)).toBe('example-datahub-staging-0122');
    expect(page.environments).toEqual([
      { name: 'production', count: 15 },
      { name: 'staging', count: 7 },
    ]);
    expect(page.services).toEqual([
      { name: 'datahub', count: 9 },
      { name: 'order-events-consumer', count: 5 },
      { name: 'ingress-nginx', count: 4 },
      { name: 'edge-dns', count: 3 },
      { name: 'checkout', count: 1 },
    ]);
    expect(page.items.every((d) => d.source === 'file')).toBe(true);
  });

  it('pages oldest first with sort=startedAt, limit and offset', async () => {
    const page = await listDeployments(t.app, '?sort=startedAt&limit=2&offset=1');
    expect(page).toMatchObject({ total: 22, limit: 2, offset: 1 });
    expect(keys(page)).toEqual(['example-datahub-prod-0122', 'example-datahub-staging-0124']);
    expect(keys(await listDeployments(t.app, '?offset=21'))).toEqual(['example-datahub-staging-0122']);
    expect((await listDeployments(t.app, '?offset=22')).items).toEqual([]);
  });

  it('filters by environment, any spelling of it, counting the other environments of what else matches', async () => {
    const prod = await listDeployments(t.app, '?environment=prod&service=DATAHUB');
    expect(prod.total).toBe(4);
    expect(keys(prod)).toEqual(['example-datahub-prod-rollback', 'example-datahub-prod-accidental', 'example-datahub-prod-0124', 'example-datahub-prod-0122']);
    // The environment facet ignores the environment filter; the service facet ignores the service filter.
    expect(prod.environments).toEqual([
      { name: 'staging', count: 5 },
      { name: 'production', count: 4 },
    ]);
    expect(prod.services).toEqual([
      { name: 'datahub', count: 4 },
      { name: 'order-events-consumer', count: 4 },
      { name: 'edge-dns', count: 3 },
      { name: 'ingress-nginx', count: 3 },
      { name: 'checkout', count: 1 },
    ]);
    expect((await listDeployments(t.app, '?environment=STG')).total).toBe(7);
    expect((await listDeployments(t.app, '?environment=nowhere')).total).toBe(0);
  });

  it('finds every stored spelling of an environment', async () => {
    await posted(t.app, 201, {
      deployments: [
        { key: 'p1', environment: 'prod', startedAt: '2024-07-01T10:00:00Z' },
        { key: 'p2', environment: 'Production', startedAt: '2024-07-02T10:00:00Z' },
        { key: 'p3', environment: 'live', startedAt: '2024-07-03T10:00:00Z' },
        { key: 's1', environment: 'stage', startedAt: '2024-07-04T10:00:00Z' },
      ],
    });
    for (const spelling of ['production', 'prod', 'PRD', 'live']) {
      const page = await listDeployments(t.app, `?environment=${spelling}&from=2024-07-01`);
      expect(keys(page), spelling).toEqual(['p3', 'p2', 'p1']);
    }
    expect(keys(await listDeployments(t.app, '?environment=staging&from=2024-07-01'))).toEqual(['s1']);
  });

  it('filters by kind, status and source', async () => {
    expect(keys(await listDeployments(t.app, '?kind=rollback'))).toEqual([
      'example-ingress-prod-rollback-4.10',
      'example-edge-dns-389',
      'example-consumer-prod-rollback-3.13.2',
      'example-datahub-prod-rollback',
      'example-datahub-staging-rollback',
    ]);
    await posted(t.app, 201, { key: 'failed', environment: 'production', startedAt: '2024-07-01T10:00:00Z', status: 'failure' });
    expect(keys(await listDeployments(t.app, '?status=failure'))).toEqual(['failed']);
    expect(keys(await listDeployments(t.app, '?source=api'))).toEqual(['failed']);
    expect((await listDeployments(t.app, '?source=file')).total).toBe(22);
    expect((await listDeployments(t.app, '?source=webhook')).total).toBe(0);
  });

  it('limits to a time range: days (UTC, whole) or instants with an offset, both ends inclusive', async () => {
    // 2018-01-25 in UTC: the production deployment of the 24th at 19:35 PST (03:35 UTC), the staging chart upgrade
    // (22:30) and the accidental production merge (23:30); the rollbacks are on the 26th in UTC.
    expect(keys(await listDeployments(t.app, '?from=2018-01-25&to=2018-01-25'))).toEqual([
      'example-datahub-prod-accidental',
      'example-datahub-staging-chart-beta',
      'example-datahub-prod-0124',
    ]);
    expect((await listDeployments(t.app, `?from=2018-01-25&to=${encodeURIComponent('2018-01-25T23:30:00Z')}`)).total).toBe(3);
    expect((await listDeployments(t.app, `?from=2018-01-25&to=${encodeURIComponent('2018-01-25T23:29:59Z')}`)).total).toBe(2);
    // The same afternoon on the Pacific clock, 14:30 to 16:35 PST.
    const pst = await listDeployments(t.app, `?from=${encodeURIComponent('2018-01-25T14:30:00-08:00')}&to=${encodeURIComponent('2018-01-25T16:35:00-08:00')}`);
    expect(keys(pst)).toEqual(['example-datahub-prod-rollback', 'example-datahub-staging-rollback', 'example-datahub-prod-accidental', 'example-datahub-staging-chart-beta']);
    expect((await listDeployments(t.app, `?from=${encodeURIComponent('2024-06-18T10:34:00+01:00')}`)).total).toBe(2);
    expect((await listDeployments(t.app, '?to=2018-01-31')).total).toBe(9);
  });

  it('refuses bounds that are not days or instants with an offset, and ranges backwards', async () => {
    const cases: Array<[string, string]> = [
      ['?from=2018-02-30', 'query parameter "from": 2018-02-30 is not a day'],
      ['?to=2018-01-25T15:30:00', 'query parameter "to": "2018-01-25T15:30:00" is not a day (YYYY-MM-DD) or an ISO time with an offset'],
      ['?from=yesterday', 'query parameter "from": "yesterday" is not a day (YYYY-MM-DD) or an ISO time with an offset'],
      ['?from=2018-01-26&to=2018-01-25', 'query parameter "from" must not be after "to"'],
      ['?kind=revert', 'query parameter "kind" must be one of: deploy, rollback'],
      ['?limit=1001', 'query parameter "limit" must be at most 1000'],
      ['?env=prod', 'unknown query parameter "env"'],
    ];
    for (const [query, message] of cases) {
      const response = await t.app.inject(`/api/deployments${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toEqual({ error: 'Bad Request', message });
    }
  });

  it('searches descriptions, refs, versions, actors and repositories (every word), sha prefixes and PR numbers', async () => {
    expect(keys(await listDeployments(t.app, '?q=revert'))).toEqual(['example-edge-dns-389', 'example-datahub-staging-rollback']);
    expect(keys(await listDeployments(t.app, '?q=chart%20v0.5.0'))).toEqual(['example-datahub-prod-rollback', 'example-datahub-staging-rollback']);
    expect(keys(await listDeployments(t.app, '?q=411BDC2'))).toEqual(['example-datahub-prod-accidental']);
    expect(keys(await listDeployments(t.app, '?q=%23904'))).toEqual(['example-ingress-prod-4.11', 'example-ingress-staging-4.11']);
    expect(keys(await listDeployments(t.app, '?q=on-call'))).toEqual(['example-consumer-prod-rollback-3.13.2']);
    expect((await listDeployments(t.app, '?q=example-org%2Fedge-dns')).total).toBe(3);
    // LIKE wildcards are text: `%` matches only a literal percent sign.
    expect((await listDeployments(t.app, '?q=%25')).total).toBe(0);
  });

  it('overlays the incidents of the page span with incidents=true', async () => {
    const byKey = await deploymentsByKey(t.app);
    const page = await listDeployments(t.app, '?service=datahub&incidents=true');
    expect(page.incidents).toEqual([
      {
        slug: DATAHUB,
        title: 'Accidental merge to production took the Data 8 hub down',
        startedAt: '2018-01-25T23:30:00Z',
        endedAt: '2018-01-26T00:35:00Z',
        suspectId: byKey.get('example-datahub-prod-accidental')!.id,
        suspectConfirmed: false,
        recoveryId: byKey.get('example-datahub-prod-rollback')!.id,
      },
    ]);
    // A span with no outage in it overlays nothing; without the flag nothing is overlaid.
    expect((await listDeployments(t.app, '?from=2018-01-29&to=2018-01-30&incidents=true')).incidents).toEqual([]);
    expect((await listDeployments(t.app, '?service=datahub')).incidents).toEqual([]);
    const all = await listDeployments(t.app, '?incidents=true');
    expect(all.incidents.map((i) => i.slug)).toEqual([
      DATAHUB,
      '2023-11-28-checkout-blocked-by-broker-disk-alarm',
      '2024-03-12-api-dns-cutover-without-certificate',
      '2024-06-18-uploads-rejected-after-ingress-deploy',
    ]);
  });

  it('shows one deployment by id, 404 for an unknown one, 400 for a malformed id', async () => {
    const id = (await deploymentsByKey(t.app)).get('example-edge-dns-388')!.id;
    expect(await getJson<Deployment>(t.app, `/api/deployments/${id}`)).toEqual({
      id,
      key: 'example-edge-dns-388',
      environment: 'production',
      environmentKey: 'production',
      service: 'edge-dns',
      repo: 'example-org/edge-dns',
      ref: 'main',
      sha: '747b5e0a60659bd863ed002fa0c4c7bb70e2b466',
      pullNumber: 388,
      version: null,
      kind: 'deploy',
      status: 'success',
      startedAt: '2024-03-12T09:02:00Z',
      finishedAt: null,
      statusAt: null,
      actor: 'praman',
      url: 'https://github.com/example-org/edge-dns/commit/747b5e0a60659bd863ed002fa0c4c7bb70e2b466',
      description: 'Merge pull request #388: point api.example.net at the global load balancer',
      source: 'file',
      commitUrl: 'https://github.com/example-org/edge-dns/commit/747b5e0a60659bd863ed002fa0c4c7bb70e2b466',
      pullUrl: 'https://github.com/example-org/edge-dns/pull/388',
    });
    const missing = await t.app.inject('/api/deployments/9999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not Found', message: 'no deployment 9999' });
    expect((await t.app.inject('/api/deployments/abc')).statusCode).toBe(400);
    expect((await t.app.inject('/api/deployments/0')).statusCode).toBe(400);
  });
});

describe('GET /api/incidents/:slug/deployments and verdicts (the model case: the example data)', () => {
  let ids: Map<string, number>;
  beforeEach(async () => {
    t = await deploymentApp(exampleFiles());
    expect(await t.importDeployments()).toMatchObject({ created: 22, errors: [] });
    ids = new Map([...(await deploymentsByKey(t.app))].map(([key, d]) => [key, d.id]));
  });

  const id = (key: string) => ids.get(key)!;
  /** The correlation with each deployment shown by key, role, before/affected and the entries describing it. */
  const summary = (c: IncidentDeployments) => ({
    ...c,
    deployments: c.deployments.map((d) => [d.deployment.key, d.role, d.before, d.affected, d.entries, d.verdict?.verdict ?? null]),
  });

  const AUTOMATIC = () => ({
    windowHours: 24,
    window: { from: '2018-01-24T23:30:00Z', to: '2018-01-26T00:50:00Z' },
    environment: { name: 'production', source: 'production' },
    deployments: [
      ['example-datahub-prod-0124', null, true, true, [], null],
      // 14:30 PST: the chart upgrade on staging, described by timeline entry 0; not where it broke.
      ['example-datahub-staging-chart-beta', null, true, false, [0], null],
      // 15:30 PST: the accidental merge to production, entry 1.
      ['example-datahub-prod-accidental', 'suspect', true, true, [1], null],
      ['example-datahub-staging-rollback', null, false, false, [], null],
      // 16:35 PST: the rollback to production, entry 3.
      ['example-datahub-prod-rollback', 'recovery', false, true, [3], null],
    ],
    suspect: {
      deploymentId: id('example-datahub-prod-accidental'),
      source: 'last-before-start',
      reason: 'last deployment to production at or before the start (15:30 PST, as the timeline has it)',
      confirmed: false,
    },
    noSuspect: null,
    recovery: {
      deploymentId: id('example-datahub-prod-rollback'),
      reason: 'rollback to production between detection (16:11 PST) and mitigation (16:35 PST)',
    },
    matches: [
      { entry: 0, deploymentId: id('example-datahub-staging-chart-beta') },
      { entry: 1, deploymentId: id('example-datahub-prod-accidental') },
      { entry: 3, deploymentId: id('example-datahub-prod-rollback') },
    ],
    // The first timed entry (14:30) is the staging merge: the parser starts the outage at the production merge.
    effectiveStart: '2018-01-25T23:30:00Z',
    // 15:30 to 16:35 PST.
    restoreSeconds: 3900,
  });

  it('lines the datahub incident up: the 15:30 production merge is the suspect, the 16:35 rollback the recovery', async () => {
    const correlation = await correlationOf(t.app, DATAHUB);
    expect(summary(correlation)).toEqual(AUTOMATIC());
    const suspect = correlation.deployments.find((d) => d.role === 'suspect')!.deployment;
    expect(suspect).toMatchObject({ startedAt: '2018-01-25T23:30:00Z', environment: 'production', sha: '411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a' });
    expect(suspect.commitUrl).toBe('https://github.com/example-org/datahub/commit/411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a');
  });

  it('keeps a confirmation across a re-ingest of the changed postmortem and a re-import of the deployment log', async () => {
    const suspectId = id('example-datahub-prod-accidental');
    const confirmed = await putVerdict(t.app, DATAHUB, suspectId, { verdict: 'confirmed', by: 'mkim', note: 'the staging merge went to prod' });
    const expectConfirmed = (c: IncidentDeployments) => {
      expect(c.suspect).toEqual({ deploymentId: suspectId, source: 'confirmed', confirmed: true, reason: 'confirmed as the cause by mkim on 2024-08-01' });
      expect(c.deployments.find((d) => d.deployment.id === suspectId)!.verdict).toEqual({
        verdict: 'confirmed',
        decidedBy: 'mkim',
        decidedAt: '2024-08-01T00:00:00.000Z',
        note: 'the staging merge went to prod',
      });
      expect(c.recovery?.deploymentId).toBe(id('example-datahub-prod-rollback'));
      expect(c.restoreSeconds).toBe(3900);
    };
    expectConfirmed(confirmed);
    expectConfirmed(await correlationOf(t.app, DATAHUB));

    // The report is edited and ingested again through the API.
    const file = `${DATAHUB}.md`;
    const markdown = exampleFiles()[file]!;
    const edited = markdown.replace('On the afternoon of January 25', 'On the afternoon of Thursday, January 25');
    expect(edited).not.toBe(markdown);
    t.folder.write(file, edited);
    const ingest = await t.app.inject({ method: 'POST', url: '/api/ingest', payload: {} });
    expect(ingest.statusCode, ingest.body).toBe(200);
    expect(ingest.json()).toMatchObject({ changed: 1, failed: 0, removed: 0 });
    expectConfirmed(await correlationOf(t.app, DATAHUB));

    // The deployment log is imported again, from the file and as a batch over HTTP: nothing changes.
    expect(await t.importDeployments()).toMatchObject({ created: 0, updated: 0, unchanged: 22, errors: [] });
    expect(await posted(t.app, 200, { deployments: exampleDeploymentRows() })).toMatchObject({ created: 0, updated: 0, unchanged: 22 });
    expectConfirmed(await correlationOf(t.app, DATAHUB));
  });

  it('picks another suspect when the suspect is rejected, none when every candidate is, and goes back on DELETE', async () => {
    const accidental = id('example-datahub-prod-accidental');
    const previous = id('example-datahub-prod-0124');
    const rejected = await putVerdict(t.app, DATAHUB, accidental, { verdict: 'rejected', by: 'lchen' });
    // The production deployment of the evening before (19:35 PST on the 24th) is the last one left before the start.
    expect(rejected.suspect).toEqual({
      deploymentId: previous,
      source: 'last-before-start',
      reason: 'last deployment to production at or before the start (15:30 PST, as the timeline has it)',
      confirmed: false,
    });
    // The outage still begins at 15:30; the time to restore runs from the suspect or the start, whichever is earlier
    // (the issue's definition): from the evening before, 21 hours.
    expect(summary(rejected).deployments[2]).toEqual(['example-datahub-prod-accidental', null, true, true, [1], 'rejected']);
    expect(rejected.effectiveStart).toBe('2018-01-25T23:30:00Z');
    expect(rejected.restoreSeconds).toBe(75_600);

    const none = await putVerdict(t.app, DATAHUB, previous, { verdict: 'rejected' });
    expect(none.suspect).toBeNull();
    expect(none.noSuspect).toBe('no deployment to production in the 24 h before the start other than the rejected ones');
    expect(none.recovery?.deploymentId).toBe(id('example-datahub-prod-rollback'));
    // From the start (15:30) to the rollback (16:35).
    expect(none.effectiveStart).toBe('2018-01-25T23:30:00Z');
    expect(none.restoreSeconds).toBe(3900);

    await deleteVerdict(t.app, DATAHUB, previous);
    const back = await deleteVerdict(t.app, DATAHUB, accidental);
    expect(summary(back)).toEqual(AUTOMATIC());
    // Withdrawing a verdict that is not there changes nothing.
    expect(summary(await deleteVerdict(t.app, DATAHUB, accidental))).toEqual(AUTOMATIC());
  });

  it('makes a confirmed deployment the suspect even when another one was picked automatically', async () => {
    const staging = id('example-datahub-staging-chart-beta');
    const correlation = await putVerdict(t.app, DATAHUB, staging, { verdict: 'confirmed' });
    expect(correlation.suspect).toEqual({ deploymentId: staging, source: 'confirmed', confirmed: true, reason: 'confirmed as the cause on 2024-08-01' });
    expect(correlation.deployments.filter((d) => d.role === 'suspect').map((d) => d.deployment.id)).toEqual([staging]);
  });

  it('shows the suspect named in the postmortem as confirmed', async () => {
    const dns = await correlationOf(t.app, '2024-03-12-api-dns-cutover-without-certificate');
    expect(dns.suspect).toEqual({ deploymentId: id('example-edge-dns-388'), source: 'named', reason: 'named in the postmortem: #388 (line 37)', confirmed: true });
    expect(dns.recovery?.deploymentId).toBe(id('example-edge-dns-389'));
    expect(dns.restoreSeconds).toBe(7680);
  });

  it('answers 404 for unknown incidents and deployments, 400 for a verdict that is not one', async () => {
    const suspectId = id('example-datahub-prod-accidental');
    const cases: Array<['GET' | 'PUT' | 'DELETE', string, unknown, number, string]> = [
      ['GET', '/api/incidents/nope/deployments', undefined, 404, 'no incident "nope"'],
      ['PUT', `/api/incidents/nope/deployments/${suspectId}/verdict`, { verdict: 'confirmed' }, 404, 'no incident "nope"'],
      ['PUT', `/api/incidents/${DATAHUB}/deployments/9999/verdict`, { verdict: 'confirmed' }, 404, 'no deployment 9999'],
      ['DELETE', `/api/incidents/${DATAHUB}/deployments/9999/verdict`, undefined, 404, 'no deployment 9999'],
      ['PUT', `/api/incidents/${DATAHUB}/deployments/${suspectId}/verdict`, { verdict: 'maybe' }, 400, 'body property "verdict" must be one of: confirmed, rejected'],
      ['PUT', `/api/incidents/${DATAHUB}/deployments/${suspectId}/verdict`, {}, 400, 'body property "verdict" is required'],
    ];
    for (const [method, url, payload, status, message] of cases) {
      const response = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
      expect(response.statusCode, `${method} ${url}`).toBe(status);
      expect(response.json().message, `${method} ${url}`).toBe(message);
    }
    expect((await correlationOf(t.app, DATAHUB)).suspect?.source).toBe('last-before-start');
  });

  it('needs the bearer token for verdicts when the app has one', async () => {
    await t.close();
    t = await deploymentApp(exampleFiles(), { auth: { token: TOKEN, protectReads: false } });
    await t.importDeployments();
    const suspectId = await idOf(t.app, 'example-datahub-prod-accidental');
    const url = `/api/incidents/${DATAHUB}/deployments/${suspectId}/verdict`;
    expect((await t.app.inject({ method: 'PUT', url, payload: { verdict: 'confirmed' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
    expect((await correlationOf(t.app, DATAHUB)).suspect?.source).toBe('last-before-start');
    const confirmed = await putVerdict(t.app, DATAHUB, suspectId, { verdict: 'confirmed' }, { authorization: `Bearer ${TOKEN}` });
    expect(confirmed.suspect?.source).toBe('confirmed');
  });
});

describe('environments by meaning', () => {
  it('counts prod and production as one environment in the facets, and gives each event its canonical key', async () => {
    t = await deploymentApp(exampleFiles());
    await t.importDeployments();
    await posted(t.app, 201, { environment: 'prod', startedAt: '2024-06-18T12:00:00Z', key: 'spelled-prod' });
    const page = await getJson<{ items: Deployment[]; environments: Array<{ name: string; count: number }> }>(t.app, '/api/deployments?limit=1000');
    expect(page.environments.map((e) => e.name)).toEqual(['production', 'staging']);
    expect(page.environments.find((e) => e.name === 'production')!.count).toBe(page.items.filter((d) => d.environmentKey === 'production').length);
    expect(page.items.find((d) => d.key === 'spelled-prod')).toMatchObject({ environment: 'prod', environmentKey: 'production' });
  });
});

describe('verdicts that cannot be', () => {
  it("refuses a deployment outside the incident's window (409), and keeps one confirmed cause per incident", async () => {
    t = await deploymentApp(exampleFiles());
    await t.importDeployments();
    const byKey = await deploymentsByKey(t.app);
    const far = byKey.get('example-consumer-prod-3.14.0')!.id;
    const refused = await t.app.inject({
      method: 'PUT',
      url: `/api/incidents/${DATAHUB}/deployments/${far}/verdict`,
      payload: { verdict: 'confirmed' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/^deployment \d+ \(2023-11-28T21:40:00Z\) is not in the incident's window \(2018-01-24T23:30:00Z to 2018-01-26T00:50:00Z\)$/);

    const staging = byKey.get('example-datahub-staging-chart-beta')!.id;
    const production = byKey.get('example-datahub-prod-accidental')!.id;
    await putVerdict(t.app, DATAHUB, staging, { verdict: 'confirmed', by: 'a' });
    const second = await putVerdict(t.app, DATAHUB, production, { verdict: 'confirmed', by: 'b' });
    expect(second.suspect).toMatchObject({ deploymentId: production, source: 'confirmed' });
    expect(second.deployments.filter((d) => d.verdict?.verdict === 'confirmed').map((d) => d.deployment.id)).toEqual([production]);
  });
});

describe('DELETE /api/deployments/:id', () => {
  it('deletes a deployment recorded by mistake with its verdicts, 404 when there is none', async () => {
    t = await deploymentApp(exampleFiles());
    await t.importDeployments();
    const suspect = (await deploymentsByKey(t.app)).get('example-datahub-prod-accidental')!.id;
    await putVerdict(t.app, DATAHUB, suspect, { verdict: 'rejected' });
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/deployments/${suspect}` });
    expect(deleted.statusCode).toBe(204);
    expect(t.database.sqlite.prepare('select count(*) from deployment_verdicts').pluck().get()).toBe(0);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/deployments/${suspect}` })).statusCode).toBe(404);
  });
});
