import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

describe('GET /healthz', () => {
  it('reports ok with the version and a working database', async () => {
    t = await testApp({ version: '1.2.3' });
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: '1.2.3', database: 'ok' });
  });

  it('answers 503 when the database does not answer', async () => {
    t = await testApp();
    t.database.sqlite.close();
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'error', version: '0.0.0', database: 'error' });
  });
});

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
}

describe('the OpenAPI document and the docs', () => {
  it('describes every route with its parameters and every response code', async () => {
    t = await testApp({ version: '1.2.3' });
    const response = await t.app.inject('/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Hindsight API', version: '1.2.3' });
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/action-items',
      '/api/action-items/{id}/issue',
      '/api/action-items/{id}/links',
      '/api/action-items/{id}/links/{linkId}',
      '/api/deployments',
      '/api/deployments/{id}',
      '/api/events',
      '/api/facets',
      '/api/incidents',
      '/api/incidents/{slug}',
      '/api/incidents/{slug}/deployments',
      '/api/incidents/{slug}/deployments/{id}/verdict',
      '/api/ingest',
      '/api/safeguards',
      '/api/safeguards/verify',
      '/api/safeguards/{key}',
      '/api/safeguards/{key}/attest',
      '/api/safeguards/{key}/items',
      '/api/safeguards/{key}/items/{itemId}',
      '/api/settings',
      '/api/stats',
      '/api/webhooks/github',
      '/healthz',
    ]);
    const post = doc.paths['/api/deployments']!.post!;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(doc.paths['/api/deployments']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['environment', 'service', 'kind', 'status', 'source', 'from', 'to', 'q', 'incidents', 'sort', 'limit', 'offset']),
    );
    expect(Object.keys(doc.paths['/api/webhooks/github']!.post!.responses)).toEqual(expect.arrayContaining(['200', '202', '401', '503']));
    expect(doc.paths['/api/stats']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['environment', 'period']));
    const list = doc.paths['/api/incidents']!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'year', 'tag', 'severity', 'has-open-items', 'removed', 'sort', 'limit', 'offset']),
    );
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '500']));
    const items = doc.paths['/api/action-items']!.get!;
    expect(items.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'owner', 'status', 'overdue', 'min-age-days', 'sort']));
    const facets = doc.paths['/api/facets']!.get!;
    expect(facets.parameters!.map((p) => p.name).sort()).toEqual(['has-error', 'has-open-items', 'q', 'removed', 'severity', 'tag', 'year']);
    expect(Object.keys(facets.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '500']));
    expect(Object.keys(doc.paths['/api/incidents/{slug}']!.get!.responses)).toContain('404');
    expect(Object.keys(doc.paths['/api/ingest']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '500']),
    );
  });

  it('serves the browsable docs as HTML', async () => {
    t = await testApp();
    const response = await t.app.inject('/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });

  it('sends a browser at / to the docs', async () => {
    t = await testApp();
    const response = await t.app.inject('/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/docs');
  });
});
