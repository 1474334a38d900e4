/**
 * The web UI's files and pages: index.html for each page of the app (200) and for unknown pages (404, the app
 * shows "not found"), hashed assets cached for a year, a Content-Security-Policy on pages, and the API's own
 * 404s and access rules untouched by the catch-all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/http/routes/web.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';
import { testApp, type TestApp } from './build.ts';

const INDEX = '<!doctype html><title>Hindsight</title><script type="module" src="/assets/index-abc123.js"></script>';

let dist: TempFolder;
let web: TestApp;
beforeAll(async () => {
  dist = tempFolder({
    'index.html': INDEX,
    'assets/index-abc123.js': 'console.log(1)',
    'assets/index-abc123.css': 'body{}',
    '.build-stamp': 'secret',
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  });
  web = await testApp({ web: { dir: dist.root } });
});
afterAll(async () => {
  await web.close();
  dist.cleanup();
});

const get = (url: string, accept = 'text/html,application/xhtml+xml') => web.app.inject({ method: 'GET', url, headers: { accept } });

describe('web UI pages', () => {
  it.each(['/', '/incidents', '/incidents/2018-01-25-datahub', '/incidents/a%20b/', '/action-items', '/action-items?status=open'])(
    '%s is the app, with its security headers and no caching',
    async (url) => {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('answers an unknown page with the app and 404, so the app can say so', async () => {
    const response = await get('/no/such/page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe(INDEX);
  });

  it('answers a link the router cannot decode with the app (which says not found), and the API with JSON', async () => {
    const page = await get('/incidents/%ff');
    expect(page.statusCode).toBe(400);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const api = await get('/api/incidents/%ff', 'application/json');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: 'Bad Request' });
  });

  it('allows scripts from this server only', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('web UI files', () => {
  it('serves hashed assets with a year of caching and their type', async () => {
    const script = await get('/assets/index-abc123.js', '*/*');
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe('console.log(1)');
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = await get('/assets/index-abc123.css', 'text/css,*/*;q=0.1');
    expect(style.headers['content-type']).toMatch(/text\/css/);
  });

  it('serves other files revalidated', async () => {
    const icon = await get('/favicon.svg', 'image/*');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset with a plain 404, never the app', async () => {
    for (const url of ['/assets/gone-000.js', '/robots.txt']) {
      const response = await get(url, '*/*');
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ error: 'Not Found', message: `no route for GET ${url}` });
    }
  });

  it('does not serve dot files such as the build stamp', async () => {
    const response = await get('/.build-stamp', '*/*');
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('secret');
  });
});

describe('the API beside the UI', () => {
  it('keeps JSON 404s for unknown API paths, also when a browser asks', async () => {
    for (const accept of ['application/json', 'text/html']) {
      const response = await get('/api/nothing-here', accept);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'Not Found', message: 'no route for GET /api/nothing-here' });
    }
  });

  it('still answers the API and its documents', async () => {
    expect((await get('/api/incidents', 'application/json')).statusCode).toBe(200);
    expect((await get('/healthz', 'application/json')).statusCode).toBe(200);
    expect((await get('/openapi.json', 'application/json')).statusCode).toBe(200);
  });

  it('refuses writes to pages like any unknown route', async () => {
    const response = await web.app.inject({ method: 'POST', url: '/incidents', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(response.statusCode).toBe(404);
  });

  it('keeps protected reads protected', async () => {
    const guarded = await testApp({ web: { dir: dist.root }, auth: { token: 'a-token-of-sixteen-chars', protectReads: true } });
    try {
      expect((await guarded.app.inject({ method: 'GET', url: '/api/incidents' })).statusCode).toBe(401);
      // The app's page itself is public: it asks for the token when the API answers 401.
      expect((await guarded.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('without a built UI', () => {
  it('sends / to the API documentation', async () => {
    const bare = await testApp();
    try {
      const response = await bare.app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/docs');
    } finally {
      await bare.close();
    }
  });
});
