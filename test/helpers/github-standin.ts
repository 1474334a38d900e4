/**
 * A local GitHub for tests: a real HTTP server on 127.0.0.1 answering GitHub REST shapes from an in-memory
 * state, for an Octokit client pointed at it with `baseUrl`. Every answer carries GitHub's headers (rate limit,
 * request id, media type, `etag` on reads) and honours `If-None-Match` with 304; lists paginate with GitHub's
 * `Link` header; errors have GitHub's bodies; unknown repositories and routes are 404s. Faults (5xx, hangs, rate
 * limits, malformed JSON, 404) are injected with `fail(rule)`; every request is logged in `requests`, with its JSON body.
 *
 * ```ts
 * const github = await startGitHubStandIn();
 * github.state.addDeployment('acme/web', { environment: 'production' });
 * const octokit = createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1 });
 * ...
 * await github.close();
 * ```
 */
import { createHash } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type Fault, type FaultHandle, type FaultRule } from './github-standin-faults.ts';
import { issueRoutes } from './github-standin-issues.ts';
import { Router, type RouteHandler, type StandInReply } from './github-standin-router.ts';
import { defaultRoutes, notFound } from './github-standin-routes.ts';
import { errorBody } from './github-standin-shapes.ts';
import { GitHubState } from './github-standin-state.ts';

export type { Fault, FaultHandle, FaultRule } from './github-standin-faults.ts';
export type { RouteHandler, StandInReply, StandInRequest } from './github-standin-router.ts';
export type { GitHubState } from './github-standin-state.ts';
export type { GitHubIssue, GitHubPull, IssueInput, PullInput } from './github-standin-issues.ts';

export interface GitHubStandInOptions {
  /** The token requests must carry (`Authorization: token ...` or `Bearer ...`); others get 401. Default: none required. */
  token?: string | null;
  /** Requests per hour before answers become 403 rate-limit errors. Default: 5000 with an `Authorization` header, 60 without. */
  rateLimit?: number;
  /** The clock for times a test leaves out and for rate-limit windows. Default: the system clock. */
  now?: () => Date;
  /** The web host in `html_url` fields. Default: `https://github.com`. */
  webUrl?: string;
}

/** One request as the stand-in received it. */
export interface LoggedRequest {
  method: string;
  /** The path as requested (`/repositories/1001/deployments` for a followed `Link`), without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON body as parsed; undefined when there was none or it was not JSON. */
  body: unknown;
  /** The status answered; null while unanswered (a hang). */
  status: number | null;
}

export interface GitHubStandIn {
  /** `http://127.0.0.1:<port>`: the client's `baseUrl`. */
  url: string;
  state: GitHubState;
  requests: LoggedRequest[];
  /** Makes the next `rule.times` (default 1) requests matching `rule` answer with a fault. */
  fail(rule: FaultRule): FaultHandle;
  /** Adds an endpoint; it is tried before the ones already there. */
  route(method: string, pattern: string, handler: RouteHandler): void;
  /** Stops the server, cutting hung connections. */
  close(): Promise<void>;
}

const DOCS_RATE_LIMITS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const EXPOSED = [
  'ETag', 'Link', 'Location', 'Retry-After', 'X-GitHub-OTP', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Used',
  'X-RateLimit-Resource', 'X-RateLimit-Reset', 'X-OAuth-Scopes', 'X-Accepted-OAuth-Scopes', 'X-Poll-Interval',
  'X-GitHub-Media-Type', 'X-GitHub-SSO', 'X-GitHub-Request-Id', 'Deprecation', 'Sunset',
].join(', ');

/** Starts a stand-in on a free port of 127.0.0.1. */
export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const now = options.now ?? (() => new Date());
  const router = new Router();
  for (const route of [...defaultRoutes, ...issueRoutes].reverse()) router.add(route);
  const faults = new Faults();
  const requests: LoggedRequest[] = [];
  const limits = new RateLimitWindow(now);
  let requestCount = 0;
  let state: GitHubState | undefined;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, baseHeaders(), JSON.stringify(errorBody(500, `stand-in error: ${String(error)}`)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const entry: LoggedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: undefined, status: null };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const rawBody = await readBody(req);
    let body: unknown;
    let malformed = false;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      malformed = true;
    }
    entry.body = body;
    const path = canonicalPath(url.pathname);
    const authorized = Boolean(req.headers.authorization);
    const limit = options.rateLimit ?? (authorized ? 5000 : 60);

    const fault = faults.take(method, path);
    if (fault) return answerFault(res, fault, limit, authorized);

    if (options.token && !acceptsToken(req.headers.authorization, options.token)) {
      return reply(req, res, limit, { status: 401, body: errorBody(401, 'Bad credentials') });
    }
    if (limits.used >= limit) return answerFault(res, { kind: 'primary-rate-limit', resetInSeconds: limits.resetsIn() }, limit, authorized);

    if (malformed) return reply(req, res, limit, { status: 400, body: errorBody(400, 'Problems parsing JSON') });
    const answer = router.dispatch({ method, path, query: url.searchParams, headers: req.headers, body, state: state! });
    return reply(req, res, limit, answer ?? notFound());
  }

  /** `/repositories/{id}/rest` (the form GitHub's links use) as `/repos/{owner}/{repo}/rest`. */
  function canonicalPath(path: string): string {
    const match = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
    const name = match ? state!.repoNameById(Number(match[1])) : undefined;
    return name ? `/repos/${name}${match![2] ?? ''}` : path;
  }

  /** The headers every answer carries (`authorized`: the request had a token, so GitHub adds its OAuth scope headers). */
  function baseHeaders(authorized = false): Record<string, string> {
    requestCount += 1;
    return {
      ...(authorized ? { 'x-accepted-oauth-scopes': '', 'x-oauth-scopes': 'repo' } : {}),
      'access-control-allow-origin': '*',
      'access-control-expose-headers': EXPOSED,
      'content-security-policy': "default-src 'none'",
      'content-type': 'application/json; charset=utf-8',
      date: now().toUTCString(),
      'referrer-policy': 'origin-when-cross-origin, strict-origin-when-cross-origin',
      'strict-transport-security': 'max-age=31536000; includeSubdomains; preload',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'deny',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(requestCount),
      'x-xss-protection': '0',
    };
  }

  function rateLimitHeaders(limit: number, used = limits.used): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-reset': String(limits.resetAt()),
      'x-ratelimit-resource': 'core',
      'x-ratelimit-used': String(used),
    };
  }

  function reply(req: IncomingMessage, res: ServerResponse, limit: number, answer: StandInReply): void {
    const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    const headers = { ...baseHeaders(Boolean(req.headers.authorization)), ...answer.headers };
    const isRead = (req.method === 'GET' || req.method === 'HEAD') && answer.status === 200;
    if (isRead) {
      const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
      Object.assign(headers, { 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization, Cookie, X-GitHub-OTP', etag }, answer.headers);
      if (matchesEtag(req.headers['if-none-match'], headers.etag!)) {
        // A 304 does not count against the rate limit (GitHub's conditional requests).
        const { 'content-type': _type, ...notModified } = headers;
        return send(res, 304, { ...notModified, ...rateLimitHeaders(limit) }, '');
      }
    }
    limits.count();
    send(res, answer.status, { ...rateLimitHeaders(limit), ...headers }, req.method === 'HEAD' ? '' : text);
  }

  function answerFault(res: ServerResponse, fault: Fault, limit: number, authorized: boolean): void {
    switch (fault.kind) {
      case 'hang':
        return;
      case 'hang-body':
        res.writeHead(200, { ...baseHeaders(authorized), ...rateLimitHeaders(limit), 'content-length': '4096' });
        res.write('[{"url": "');
        return;
      case 'malformed-json':
        limits.count();
        return send(res, 200, { ...baseHeaders(authorized), ...rateLimitHeaders(limit) }, '[{"id": 1, "node_id": "MDEwOkRlcGxveW1lbnQx", "sha": ');
      case 'status': {
        limits.count();
        const message = fault.message ?? (fault.status === 500 ? 'Server Error' : (STATUS_CODES[fault.status] ?? 'Error'));
        return send(res, fault.status, { ...baseHeaders(authorized), ...rateLimitHeaders(limit) }, JSON.stringify(errorBody(fault.status, message)));
      }
      case 'primary-rate-limit': {
        const status = fault.status ?? 403;
        const headers = { ...baseHeaders(authorized), ...rateLimitHeaders(limit, limit) };
        headers['x-ratelimit-reset'] = String(Math.floor(now().getTime() / 1000) + (fault.resetInSeconds ?? 60));
        const who = authorized ? 'user ID 1.' : "127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)";
        const message = `API rate limit exceeded for ${who} If you reach out to GitHub Support for help, please include the request ID ${headers['x-github-request-id']}.`;
        return send(res, status, headers, JSON.stringify(errorBody(status, message, `${DOCS_RATE_LIMITS}#primary-rate-limit`)));
      }
      case 'secondary-rate-limit': {
        limits.count();
        const status = fault.status ?? 403;
        const headers = { ...baseHeaders(authorized), ...rateLimitHeaders(limit) };
        const retryAfter = fault.retryAfterSeconds === undefined ? 60 : fault.retryAfterSeconds;
        if (retryAfter !== null) headers['retry-after'] = String(retryAfter);
        const message = `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${headers['x-github-request-id']}.`;
        return send(res, status, headers, JSON.stringify(errorBody(status, message, `${DOCS_RATE_LIMITS}#about-secondary-rate-limits`)));
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state = new GitHubState({ api: url, web: options.webUrl ?? 'https://github.com' }, now);

  return {
    url,
    state,
    requests,
    fail: (rule) => faults.add(rule),
    route: (method, pattern, handler) => router.add({ method, pattern, handler }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** GitHub's primary rate limit: a count of requests in an hour-long window starting with the first. */
class RateLimitWindow {
  used = 0;
  private reset: number | null = null;

  constructor(private readonly now: () => Date) {}

  /** Epoch seconds when the window ends. */
  resetAt(): number {
    const seconds = Math.floor(this.now().getTime() / 1000);
    if (this.reset === null || seconds >= this.reset) {
      this.reset = seconds + 3600;
      this.used = 0;
    }
    return this.reset;
  }

  resetsIn(): number {
    return this.resetAt() - Math.floor(this.now().getTime() / 1000);
  }

  count(): void {
    this.resetAt();
    this.used += 1;
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const bodyless = status === 304 || status === 204;
  res.writeHead(status, { ...headers, ...(bodyless ? {} : { 'content-length': String(Buffer.byteLength(body)) }) });
  res.end(bodyless ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `If-None-Match` against an etag, weakly (`W/"x"` matches `"x"`), as GitHub compares them. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header === '*' || header.split(',').some((tag) => strip(tag) === strip(etag));
}

function acceptsToken(header: string | undefined, token: string): boolean {
  return header === `token ${token}` || header === `Bearer ${token}` || header === `bearer ${token}`;
}

/** `0A1B:2C3D4:5E6F7A8:9B0C1D2:3E4F5A6B`, unique per answer (the shape of GitHub's request ids). */
function requestId(n: number): string {
  const hex = createHash('sha1').update(`request ${n}`).digest('hex').toUpperCase();
  return [hex.slice(0, 4), hex.slice(4, 9), hex.slice(9, 16), hex.slice(16, 23), hex.slice(23, 31)].join(':');
}
