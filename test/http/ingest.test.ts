import { afterEach, describe, expect, it } from 'vitest';
import { emptySummary, type IngestSummary } from '../../server/ingest/summary.ts';
import { testApp, type TestApp } from './build.ts';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const SUMMARY: IngestSummary = {
  ...emptySummary(),
  added: 2,
  changed: 1,
  failed: 1,
  failures: [{ file: 'bad.md', error: 'not UTF-8' }],
  errors: ['cannot list old/: permission denied'],
  durationMs: 12.5,
};

describe('POST /api/ingest', () => {
  it('runs the ingest for everything when there is no body or an empty one, and returns its summary', async () => {
    const calls: Array<{ paths?: string[] }> = [];
    t = await testApp({
      ingest: async (request) => {
        calls.push(request);
        return SUMMARY;
      },
    });
    const bare = await t.app.inject({ method: 'POST', url: '/api/ingest' });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toEqual(SUMMARY);
    const empty = await t.app.inject({ method: 'POST', url: '/api/ingest', payload: {} });
    expect(empty.statusCode).toBe(200);
    const typedButEmpty = await t.app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'application/json' } });
    expect(typedButEmpty.statusCode, typedButEmpty.body).toBe(200);
    expect(calls).toEqual([{}, {}, {}]);
  });

  it('passes the paths', async () => {
    const calls: Array<{ paths?: string[] }> = [];
    t = await testApp({
      ingest: async (request) => {
        calls.push(request);
        return emptySummary();
      },
    });
    const response = await t.app.inject({ method: 'POST', url: '/api/ingest', payload: { paths: ['a.md', 'b/c.md'] } });
    expect(response.statusCode).toBe(200);
    expect(calls).toEqual([{ paths: ['a.md', 'b/c.md'] }]);
  });

  it('is not a GET', async () => {
    t = await testApp();
    expect((await t.app.inject('/api/ingest')).statusCode).toBe(404);
  });
});
