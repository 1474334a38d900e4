/** The UI's API client against a fake `fetch`: URLs, headers, bodies, and every way a request can fail. */
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, isAbort, queryString } from '../../web/src/lib/api.ts';

interface Call {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal | null;
}

/** A `fetch` that records each call and answers with `respond` (a Response, or a thrown error). */
function fakeFetch(respond: (call: Call) => Response | Promise<Response> = () => json({ ok: true })) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: Call = { url: String(input), headers: { ...(init?.headers as Record<string, string>) }, signal: init?.signal ?? null };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function json(body: unknown, status = 200, statusText = ''): Response {
  return new Response(JSON.stringify(body), { status, statusText, headers: { 'content-type': 'application/json' } });
}

/** What an ApiClient call rejected with (the test fails if it resolved). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('queryString', () => {
  it('writes the set values in their order, leaving out undefined, null and empty strings', () => {
    expect(queryString({ q: 'dns outage', tag: undefined, severity: null, sort: '', year: 2018, 'has-error': false, offset: 0 })).toBe(
      '?q=dns+outage&year=2018&has-error=false&offset=0',
    );
    expect(queryString({ b: 1, a: 2 })).toBe('?b=1&a=2');
  });

  it('is empty when nothing is set', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ q: '', tag: undefined, severity: null })).toBe('');
  });

  it('encodes names and values', () => {
    expect(queryString({ status: 'open,done', q: 'a&b=c#d', 'x y': 'ü' })).toBe('?status=open%2Cdone&q=a%26b%3Dc%23d&x+y=%C3%BC');
  });
});

describe('ApiClient requests', () => {
  it('builds the incident list URL from the typed query', async () => {
    const { fetch, calls } = fakeFetch();
    const api = new ApiClient({ fetch });
    await api.incidents({ q: 'dns outage', year: 2018, tag: undefined, severity: '', 'has-open-items': false, sort: '-date', limit: 50, offset: 0 });
    expect(calls.map((c) => c.url)).toEqual(['/api/incidents?q=dns+outage&year=2018&has-open-items=false&sort=-date&limit=50&offset=0']);
  });

  it('builds the other URLs, with the base in front', async () => {
    const { fetch, calls } = fakeFetch();
    const api = new ApiClient({ fetch, base: 'http://hindsight.test:8080' });
    await api.incidents({});
    await api.actionItems({ status: 'open,in-progress', 'min-age-days': 0, linked: true, incident: undefined });
    await api.stats();
    await api.stats({ from: '2018-01-01', to: undefined, year: 2018 });
    await api.facets();
    await api.facets({ q: 'dns', year: 2018, tag: undefined, 'has-open-items': false });
    await api.actionItems({ q: '100% snake_case', owner: 'Alice', sort: '-age' });
    expect(calls.map((c) => c.url)).toEqual([
      'http://hindsight.test:8080/api/incidents',
      'http://hindsight.test:8080/api/action-items?status=open%2Cin-progress&min-age-days=0&linked=true',
      'http://hindsight.test:8080/api/stats',
      'http://hindsight.test:8080/api/stats?from=2018-01-01&year=2018',
      'http://hindsight.test:8080/api/facets',
      'http://hindsight.test:8080/api/facets?q=dns&year=2018&has-open-items=false',
      'http://hindsight.test:8080/api/action-items?q=100%25+snake_case&owner=Alice&sort=-age',
    ]);
  });

  it('percent-encodes the slug', async () => {
    const { fetch, calls } = fakeFetch();
    const api = new ApiClient({ fetch });
    await api.incident('2018-01-25-datahub');
    await api.incident('a b/c?d#e%f');
    await api.incident('ünï');
    expect(calls.map((c) => c.url)).toEqual([
      '/api/incidents/2018-01-25-datahub',
      '/api/incidents/a%20b%2Fc%3Fd%23e%25f',
      '/api/incidents/%C3%BCn%C3%AF',
    ]);
  });

  it('asks for JSON and sends the bearer token only when there is one, read on every request', async () => {
    const { fetch, calls } = fakeFetch();
    let token: string | null = null;
    const api = new ApiClient({ fetch, token: () => token });
    await api.facets();
    token = 'x';
    await api.facets();
    token = '';
    await api.facets();
    expect(calls.map((c) => c.headers)).toEqual([
      { accept: 'application/json' },
      { accept: 'application/json', authorization: 'Bearer x' },
      { accept: 'application/json' },
    ]);
    await new ApiClient({ fetch }).facets();
    expect(calls[3]!.headers).toEqual({ accept: 'application/json' });
  });

  it('passes the signal on, null when none is given', async () => {
    const { fetch, calls } = fakeFetch();
    const api = new ApiClient({ fetch });
    const controller = new AbortController();
    await api.facets({}, controller.signal);
    await api.facets();
    expect(calls[0]!.signal).toBe(controller.signal);
    expect(calls[1]!.signal).toBeNull();
  });

  it('returns the JSON body of a 2xx answer', async () => {
    const body = { items: [], total: 0, limit: 50, offset: 0, perMonth: { '2018-01': 0 } };
    const { fetch } = fakeFetch(() => json(body));
    await expect(new ApiClient({ fetch }).incidents({})).resolves.toEqual(body);
  });
});

describe('ApiClient errors', () => {
  it('turns a JSON error body into an ApiError with status, message and reason', async () => {
    const { fetch } = fakeFetch(() => json({ error: 'Bad Request', message: 'querystring/year must be >= 1000' }, 400, 'Bad Request'));
    const error = await failure(new ApiClient({ fetch }).incidents({ year: 99 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ApiError', status: 400, message: 'querystring/year must be >= 1000', reason: 'Bad Request' });
    expect((error as ApiError).needsToken).toBe(false);
    expect((error as ApiError).notFound).toBe(false);
  });

  it('says when a token is needed (401) and when the thing is not found (404)', async () => {
    const unauthorized = await failure(
      new ApiClient({ fetch: fakeFetch(() => json({ error: 'Unauthorized', message: 'A token is required.' }, 401)).fetch }).facets(),
    );
    expect(unauthorized).toMatchObject({ status: 401, message: 'A token is required.', reason: 'Unauthorized', needsToken: true, notFound: false });
    const missing = await failure(
      new ApiClient({ fetch: fakeFetch(() => json({ error: 'Not Found', message: 'No incident "x".' }, 404)).fetch }).incident('x'),
    );
    expect(missing).toMatchObject({ status: 404, message: 'No incident "x".', reason: 'Not Found', needsToken: false, notFound: true });
  });

  it('falls back to the status line when the error body is not JSON', async () => {
    const { fetch } = fakeFetch(() => new Response('<html><body>bad gateway</body></html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await failure(new ApiClient({ fetch }).incidents({}));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, message: '502 Bad Gateway', reason: 'Bad Gateway' });
  });

  it('falls back to the status line when the JSON error body has no message, or is null', async () => {
    const empty = await failure(new ApiClient({ fetch: fakeFetch(() => json({}, 503, 'Service Unavailable')).fetch }).facets());
    expect(empty).toMatchObject({ status: 503, message: '503 Service Unavailable', reason: 'Service Unavailable' });
    const nothing = await failure(new ApiClient({ fetch: fakeFetch(() => json(null, 500, 'Internal Server Error')).fetch }).facets());
    expect(nothing).toBeInstanceOf(ApiError);
    expect(nothing).toMatchObject({ status: 500, message: '500 Internal Server Error', reason: 'Internal Server Error' });
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const error = await failure(new ApiClient({ fetch }).incidents({}, new AbortController().signal));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 0,
      message: 'The server did not answer. Is Hindsight still running?',
      reason: 'Network Error',
      needsToken: false,
      notFound: false,
    });
    expect(isAbort(error)).toBe(false);
  });

  it('rejects an aborted request with the AbortError itself', async () => {
    // Like the real fetch: rejects with the signal's reason once it is aborted.
    const { fetch, calls } = fakeFetch(
      ({ signal }) => new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason), { once: true })),
    );
    const controller = new AbortController();
    const request = new ApiClient({ fetch }).incidents({}, controller.signal);
    expect(calls).toHaveLength(1);
    controller.abort();
    const error = await failure(request);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toBe(controller.signal.reason);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(isAbort(error)).toBe(true);
  });

  it('rejects with the real fetch’s AbortError for an already aborted signal', async () => {
    const error = await failure(new ApiClient({ base: 'http://127.0.0.1:9' }).facets({}, AbortSignal.abort()));
    expect(isAbort(error)).toBe(true);
  });
});

describe('isAbort', () => {
  it('recognises only an AbortError DOMException', () => {
    expect(isAbort(new DOMException('aborted', 'AbortError'))).toBe(true);
    expect(isAbort(new DOMException('timed out', 'TimeoutError'))).toBe(false);
    expect(isAbort(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
    expect(isAbort(new ApiError(0, 'The server did not answer.'))).toBe(false);
    expect(isAbort('AbortError')).toBe(false);
    expect(isAbort(null)).toBe(false);
  });
});

describe('ApiError', () => {
  it('defaults the reason to empty and answers the getters from the status', () => {
    const error = new ApiError(500, 'boom');
    expect(error).toMatchObject({ status: 500, message: 'boom', reason: '', name: 'ApiError', needsToken: false, notFound: false });
    expect(new ApiError(401, '').needsToken).toBe(true);
    expect(new ApiError(401, '').notFound).toBe(false);
    expect(new ApiError(404, '').notFound).toBe(true);
    expect(new ApiError(404, '').needsToken).toBe(false);
    expect(new ApiError(403, '').needsToken).toBe(false);
  });
});

describe('ApiClient: settings', () => {
  it('reads how the server is set up from GET /api/settings', async () => {
    const body = { github: { configured: false, defaultRepo: null, issueLabel: 'postmortem-action', syncMinutes: 0, lastSyncAt: null, lastVerifiedAt: null } };
    const { fetch, calls } = fakeFetch(() => json(body));
    const controller = new AbortController();
    await expect(new ApiClient({ fetch, base: 'http://h.test' }).settings(controller.signal)).resolves.toEqual(body);
    expect(calls.map((c) => [c.url, c.signal])).toEqual([['http://h.test/api/settings', controller.signal]]);
  });
});

describe('ApiClient: an answer that is not JSON', () => {
  it('raises an ApiError naming the route, not a SyntaxError', async () => {
    const client = new ApiClient({ fetch: async () => new Response('<html>portal</html>', { status: 200, headers: { 'content-type': 'text/html' } }) });
    const error = await client.incidents({ q: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(200);
    expect((error as ApiError).message).toContain('/api/incidents is not JSON');
  });
});

describe('ApiClient: action item links and safeguards', () => {
  interface Sent {
    method: string;
    url: string;
    body: unknown;
    contentType: string | undefined;
  }

  /** A `fetch` that records method, URL and JSON body, and answers with `respond`. */
  function recorder(respond: (sent: Sent) => Response = () => json({ ok: true })) {
    const sent: Sent[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const call = { method: init?.method ?? 'GET', url: String(input), body: init?.body === undefined ? undefined : JSON.parse(String(init.body)), contentType: headers['content-type'] };
      sent.push(call);
      return respond(call);
    };
    return { fetch: fetch as typeof globalThis.fetch, sent };
  }

  it('links, unlinks and creates issues with the method, path and JSON body of each route', async () => {
    const { fetch, sent } = recorder((call) => (call.method === 'DELETE' ? new Response(null, { status: 204 }) : json({ id: 9 }, 201)));
    const api = new ApiClient({ fetch });
    await expect(api.linkItem(12, 'acme/web#3')).resolves.toEqual({ id: 9 });
    await expect(api.unlinkItem(12, 9)).resolves.toBeUndefined();
    await api.createIssue(12);
    await api.createIssue(12, { repo: 'acme/web', force: true });
    expect(sent).toEqual([
      { method: 'POST', url: '/api/action-items/12/links', body: { ref: 'acme/web#3' }, contentType: 'application/json' },
      { method: 'DELETE', url: '/api/action-items/12/links/9', body: undefined, contentType: undefined },
      { method: 'POST', url: '/api/action-items/12/issue', body: {}, contentType: 'application/json' },
      { method: 'POST', url: '/api/action-items/12/issue', body: { repo: 'acme/web', force: true }, contentType: 'application/json' },
    ]);
  });

  it('reads, verifies, attests and links safeguards, percent-encoding the key', async () => {
    const { fetch, sent } = recorder();
    const api = new ApiClient({ fetch });
    await api.safeguards();
    await api.safeguards({ state: 'drifted', kind: 'status-check', repo: 'acme/web', incident: undefined, archived: 'all' });
    await api.safeguard('a b/c');
    await api.verifySafeguards();
    await api.verifySafeguards({ keys: ['x'] });
    await api.attestSafeguard('run-book', { by: 'ana', note: 'checked the page' });
    await api.linkSafeguard('k', 4);
    await api.unlinkSafeguard('k', 4);
    await api.createSafeguard({ id: 'k2', kind: 'runbook', url: 'https://wiki.example.com/x', items: [4] });
    expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ['GET', '/api/safeguards', undefined],
      ['GET', '/api/safeguards?state=drifted&kind=status-check&repo=acme%2Fweb&archived=all', undefined],
      ['GET', '/api/safeguards/a%20b%2Fc', undefined],
      ['POST', '/api/safeguards/verify', {}],
      ['POST', '/api/safeguards/verify', { keys: ['x'] }],
      ['POST', '/api/safeguards/run-book/attest', { by: 'ana', note: 'checked the page' }],
      ['POST', '/api/safeguards/k/items', { itemId: 4 }],
      ['DELETE', '/api/safeguards/k/items/4', undefined],
      ['POST', '/api/safeguards', { id: 'k2', kind: 'runbook', url: 'https://wiki.example.com/x', items: [4] }],
    ]);
  });

  it('deletes a safeguard created through the service (204: nothing to read), percent-encoding the key', async () => {
    const { fetch, sent } = recorder(() => new Response(null, { status: 204 }));
    await expect(new ApiClient({ fetch }).deleteSafeguard('svc key/1')).resolves.toBeUndefined();
    expect(sent).toEqual([{ method: 'DELETE', url: '/api/safeguards/svc%20key%2F1', body: undefined, contentType: undefined }]);
  });

  it('raises the server’s message for a refused write (503 without GitHub, 409 for a markdown link)', async () => {
    const { fetch } = recorder((call) =>
      call.url.endsWith('/issue')
        ? json({ error: 'Service Unavailable', message: 'creating issues is turned off: set GITHUB_TOKEN' }, 503)
        : json({ error: 'Conflict', message: 'it is written in the postmortem: edit x.md (line 9)' }, 409),
    );
    const api = new ApiClient({ fetch });
    const unavailable = (await failure(api.createIssue(1))) as ApiError;
    expect([unavailable.status, unavailable.message, unavailable.reason]).toEqual([503, 'creating issues is turned off: set GITHUB_TOKEN', 'Service Unavailable']);
    const conflict = (await failure(api.unlinkItem(1, 2))) as ApiError;
    expect([conflict.status, conflict.message]).toEqual([409, 'it is written in the postmortem: edit x.md (line 9)']);
  });
});
