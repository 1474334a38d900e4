import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../server/http/app.ts';
import { isCrossSite, isLocalHostHeader, isLoopback } from '../../server/http/auth/client.ts';
import { bearerToken, tokensEqual } from '../../server/http/auth/token.ts';
import { LruCache } from '../../server/http/lru-cache.ts';
import { validationMessage } from '../../server/http/validation-message.ts';

describe('tokensEqual', () => {
  it('is true only for the same token', () => {
    expect(tokensEqual('a-long-secret-token', 'a-long-secret-token')).toBe(true);
    expect(tokensEqual('a-long-secret-token', 'a-long-secret-tokem')).toBe(false);
    expect(tokensEqual('', 'a-long-secret-token')).toBe(false);
    expect(tokensEqual('a-long-secret-token-and-more', 'a-long-secret-token')).toBe(false);
    expect(tokensEqual('tökén', 'tökén')).toBe(true);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, scheme in any case', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('isLoopback', () => {
  it('knows loopback addresses', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '::2', '', undefined]) expect(isLoopback(ip), String(ip)).toBe(false);
  });
});

describe('isCrossSite', () => {
  it('trusts Sec-Fetch-Site, then compares Origin with Host', () => {
    expect(isCrossSite({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(isCrossSite({})).toBe(false);
    expect(isCrossSite({ origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe(false);
    expect(isCrossSite({ origin: 'http://localhost:8080', host: 'localhost:3000' })).toBe(true);
    expect(isCrossSite({ origin: 'null', host: 'localhost:3000' })).toBe(true);
    expect(isCrossSite({ origin: 'not a url', host: 'localhost:3000' })).toBe(true);
  });
});

describe('validationMessage', () => {
  it('names the parameter and says what is wrong', () => {
    const issue = (keyword: string, instancePath: string, params: Record<string, unknown>) => [{ keyword, instancePath, params }];
    expect(validationMessage(issue('type', '/year', { type: 'integer' }), 'querystring')).toBe('query parameter "year" must be an integer');
    expect(validationMessage(issue('required', '', { missingProperty: 'slug' }), 'params')).toBe('path parameter "slug" is required');
    expect(validationMessage(issue('additionalProperties', '', { additionalProperty: 'x' }), 'body')).toBe('unknown body property "x"');
    expect(validationMessage(issue('type', '', { type: 'object' }), 'body')).toBe('the body must be an object');
    expect(validationMessage(issue('maxItems', '/paths', { limit: 3 }), 'body')).toBe('body property "paths" must have at most 3 items');
    expect(validationMessage(issue('minLength', '/paths/2', { limit: 1 }), 'body')).toBe('body property "paths[2]" must not be empty');
    expect(validationMessage(issue('format', '/from', { format: 'date' }), 'querystring')).toBe('query parameter "from" must be a date (YYYY-MM-DD)');
    expect(validationMessage(issue('pattern', '/status', { pattern: '^x$' }), 'querystring')).toMatch(/^query parameter "status" must be open, in-progress/);
    expect(validationMessage([{ keyword: 'oddity', instancePath: '/q', params: {}, message: 'is odd' }], 'querystring')).toBe('query parameter "q" is odd');
    expect(validationMessage([], 'querystring')).toBe('invalid query parameter');
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its entry limit', () => {
    const cache = new LruCache<string>({ maxEntries: 2 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('evicts beyond its weight limit and refuses values heavier than it', () => {
    const cache = new LruCache<string>({ maxWeight: 10, weigh: (value) => value.length });
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz');
    expect(cache.size).toBe(2);
    expect(cache.weight).toBe(8);
    expect(cache.get('a')).toBeUndefined();
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('replaces a key without counting it twice', () => {
    const cache = new LruCache<string>({ weigh: (value) => value.length });
    cache.set('a', 'xx');
    cache.set('a', 'xxx');
    expect(cache.weight).toBe(3);
    cache.delete('a');
    expect(cache.weight).toBe(0);
  });
});

describe('loggerOptions', () => {
  it('always redacts the authorization header, keeping the caller’s settings', () => {
    expect(loggerOptions(false)).toBe(false);
    const fromTrue = loggerOptions(true) as { redact: { paths: string[] } };
    expect(fromTrue.redact.paths).toContain('req.headers.authorization');
    const merged = loggerOptions({ level: 'warn', redact: ['req.headers.cookie'] }) as { level: string; redact: { paths: string[] } };
    expect(merged.level).toBe('warn');
    expect(merged.redact.paths).toEqual(expect.arrayContaining(['req.headers.cookie', 'req.headers.authorization']));
  });
});

describe('isLocalHostHeader', () => {
  it('accepts names of this machine only', () => {
    for (const host of ['localhost', 'localhost:3000', 'LOCALHOST:3000', 'app.localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      expect(isLocalHostHeader(host), host).toBe(true);
    }
    for (const host of ['evil.example:3000', 'localhost.evil.example', '10.0.0.1:3000', '', undefined, 'a b']) {
      expect(isLocalHostHeader(host), String(host)).toBe(false);
    }
  });
});
