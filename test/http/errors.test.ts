import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function badRequest(url: string): Promise<string> {
  const response = await t.app.inject(url);
  expect(response.statusCode, url).toBe(400);
  const body = response.json();
  expect(body.error).toBe('Bad Request');
  return body.message as string;
}

describe('validation errors', () => {
  it.each([
    ['/api/incidents?year=abc', 'query parameter "year" must be an integer'],
    ['/api/incidents?year=2024.5', 'query parameter "year" must be an integer'],
    ['/api/incidents?limit=0', 'query parameter "limit" must be at least 1'],
    ['/api/incidents?limit=201', 'query parameter "limit" must be at most 200'],
    ['/api/incidents?offset=-1', 'query parameter "offset" must be at least 0'],
    ['/api/incidents?has-open-items=yes', 'query parameter "has-open-items" must be true or false'],
    ['/api/incidents?removed=maybe', 'query parameter "removed" must be one of: false, true, all'],
    ['/api/incidents?sort=size', 'query parameter "sort" must be one of: -date, date, title, -title, detect, -detect, resolve, -resolve, updated, -updated, relevance'],
    ['/api/incidents?tag=', 'query parameter "tag" must not be empty'],
    ['/api/incidents?yaer=2024', 'unknown query parameter "yaer"'],
    ['/api/incidents?year=2024&year=2023', 'query parameter "year" must be an integer'],
    ['/api/action-items?status=closed', 'query parameter "status" must be open, in-progress, done or wont-do (several separated by commas)'],
    ['/api/action-items?status=open,', 'query parameter "status" must be open, in-progress, done or wont-do (several separated by commas)'],
    ['/api/action-items?linked=1', 'query parameter "linked" must be true or false'],
    ['/api/action-items?archived=no', 'query parameter "archived" must be one of: false, true, all'],
    ['/api/stats?from=2024-1-1', 'query parameter "from" must be a date (YYYY-MM-DD)'],
    ['/api/incidents/some-slug?foo=1', 'unknown query parameter "foo"'],
    ['/api/incidents/%ff', 'the URL is not valid (bad percent-encoding)'],
  ])('%s → %s', async (url, message) => {
    t = await testApp();
    expect(await badRequest(url)).toBe(message);
  });

  it('names body properties', async () => {
    t = await testApp();
    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/ingest', payload: payload as object });
    const cases: Array<[unknown, string]> = [
      [{ paths: [''] }, 'body property "paths[0]" must not be empty'],
      [{ paths: [{}] }, 'body property "paths[0]" must be a string'],
      [{ path: ['a.md'] }, 'unknown body property "path"'],
      [[1, 2], 'the body must be an object'],
    ];
    for (const [payload, message] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toEqual({ error: 'Bad Request', message });
    }
  });

  it('answers 400 for a body that is not JSON', async () => {
    t = await testApp();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { 'content-type': 'application/json' },
      payload: '{"paths": [',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('Bad Request');
  });

  it('refuses prototype poisoning in JSON bodies', async () => {
    t = await testApp();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('other client errors', () => {
  it('answers 413 for a body over the limit', async () => {
    t = await testApp({ bodyLimit: 64 });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: { paths: Array.from({ length: 20 }, (_, i) => `file-${i}.md`) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'Payload Too Large' });
  });

  it('answers 415 for a body that is not JSON by its type', async () => {
    t = await testApp();
    const response = await t.app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toBe('Unsupported Media Type');
  });

  it('answers 404 in JSON for unknown routes', async () => {
    t = await testApp();
    const response = await t.app.inject('/api/nothing?x=1');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json()).toEqual({ error: 'Not Found', message: 'no route for GET /api/nothing' });
  });
});

describe('internal errors', () => {
  it('are logged with the request id and answered without internals', async () => {
    const lines: string[] = [];
    t = await testApp({
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
      ingest: async () => {
        throw new Error('SQLITE_CORRUPT at /secret/path/hindsight.db');
      },
    });
    const response = await t.app.inject({ method: 'POST', url: '/api/ingest' });
    expect(response.statusCode).toBe(500);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe('Internal Server Error');
    const id = /^internal error \(request (.+)\)$/.exec(body.message)?.[1];
    expect(id).toBeTruthy();
    expect(response.body).not.toContain('secret');
    const logged = lines.map((line) => JSON.parse(line) as { level: number; reqId?: string; err?: { message: string } });
    const error = logged.find((entry) => entry.level === 50);
    expect(error).toMatchObject({ reqId: id, err: { message: 'SQLITE_CORRUPT at /secret/path/hindsight.db' } });
  });
});
