import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './build.ts';

const TOKEN = 'correct-horse-battery-staple-42';
let t: TestApp;
afterEach(async () => {
  await t.close();
});

const ingest = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/ingest', headers, remoteAddress });

describe('writes without a configured token', () => {
  it('are accepted from loopback addresses', async () => {
    t = await testApp();
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await ingest({}, address)).statusCode, address).toBe(200);
    }
  });

  it('are refused from other machines with a message about HINDSIGHT_TOKEN', async () => {
    t = await testApp();
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1']) {
      const response = await ingest({}, address);
      expect(response.statusCode, address).toBe(403);
      expect(response.json().error).toBe('Forbidden');
      expect(response.json().message).toContain('HINDSIGHT_TOKEN');
    }
  });

  it('are refused when a browser says they come from another site', async () => {
    t = await testApp();
    expect((await ingest({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await ingest({ origin: 'https://evil.example', host: 'localhost:3000' })).statusCode).toBe(403);
    expect((await ingest({ origin: 'null', host: 'localhost:3000' })).statusCode).toBe(403);
    expect((await ingest({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000', host: 'localhost:3000' })).statusCode).toBe(200);
  });

  it('are refused when addressed to another host name (DNS rebinding), even from loopback and same-origin', async () => {
    t = await testApp();
    const rebound = await ingest({ 'sec-fetch-site': 'same-origin', origin: 'http://evil.example:3000', host: 'evil.example:3000' });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().message).toContain('localhost');
    expect((await ingest({ host: '127.0.0.1:3000' })).statusCode).toBe(200);
  });

  it('do not affect reads from anywhere', async () => {
    t = await testApp();
    const response = await t.app.inject({ method: 'GET', url: '/api/incidents', remoteAddress: '10.0.0.5' });
    expect(response.statusCode).toBe(200);
  });
});

describe('writes with a configured token', () => {
  it('need the bearer token: 401 with WWW-Authenticate when missing or wrong', async () => {
    t = await testApp({ auth: { token: TOKEN, protectReads: false } });
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const response = await ingest(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json().error).toBe('Unauthorized');
      expect(response.body).not.toContain(TOKEN);
    }
  });

  it('accept the right token from any machine, scheme in any case', async () => {
    t = await testApp({ auth: { token: TOKEN, protectReads: false } });
    expect((await ingest({ authorization: `Bearer ${TOKEN}` }, '10.0.0.5')).statusCode).toBe(200);
    expect((await ingest({ authorization: `bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('leave reads open unless protectReads is set', async () => {
    t = await testApp({ auth: { token: TOKEN, protectReads: false } });
    expect((await t.app.inject('/api/incidents')).statusCode).toBe(200);
  });
});

describe('protectReads', () => {
  it('makes /api reads need the token, but not /healthz, /docs or /openapi.json', async () => {
    t = await testApp({ auth: { token: TOKEN, protectReads: true } });
    for (const url of ['/api/incidents', '/api/incidents/disk-full', '/api/action-items', '/api/stats', '/api/nothing']) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      const allowed = await t.app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(allowed.statusCode, url).not.toBe(401);
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/api/incidents' });
    expect(head.statusCode).toBe(401);
    // Percent-encoded paths reach the same routes, and need the token too.
    expect((await t.app.inject('/%61pi/incidents')).statusCode).toBe(401);
    expect((await t.app.inject('/api/%69ncidents/disk-full')).statusCode).toBe(401);
    for (const url of ['/healthz', '/docs', '/openapi.json']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
  });

  it('cannot be set without a token', async () => {
    await expect(testApp({ auth: { token: null, protectReads: true } })).rejects.toThrow(/protectReads needs auth.token/);
    t = await testApp();
  });
});

describe('logging', () => {
  it('never writes the token to the log', async () => {
    const lines: string[] = [];
    t = await testApp({
      auth: { token: TOKEN, protectReads: false },
      logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
      ingest: async () => {
        throw new Error('ingest failed');
      },
    });
    await ingest({ authorization: `Bearer ${TOKEN}` });
    await ingest({ authorization: `Bearer ${TOKEN.slice(0, -1)}` });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('ingest failed');
    expect(lines.join('\n')).not.toContain(TOKEN.slice(0, -1));
  });
});
