/**
 * The Octokit factory against the local stand-in: headers it sends, what it retries (5xx, timeouts, rate limits
 * within their bounds) and what it does not (other 4xx, 304, malformed bodies), and the one-line errors.
 * Waits are scaled down with `retryAfterBaseMs: 1` (a 7 s `retry-after` waits 7 ms): with the production value
 * these tests would run into vitest's 5 s timeout.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGitHubClient, describeGitHubError, type GitHubClientOptions } from '../../server/github/client.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';

let github: GitHubStandIn;
let warnings: string[];

beforeEach(async () => {
  github = await startGitHubStandIn();
  github.state.addRepo('acme/web');
  warnings = [];
});
afterEach(() => github.close());

function client(options: GitHubClientOptions = {}) {
  return createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1, log: (message) => warnings.push(message), ...options });
}

/** The error `promise` rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & { status?: number }> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error as Error,
  );
  if (!outcome) throw new Error('expected the request to fail');
  return outcome;
}

const getRepo = (octokit: ReturnType<typeof client>, repo = 'web') => octokit.rest.repos.get({ owner: 'acme', repo });
const repoRequests = () => github.requests.filter((r) => r.path === '/repos/acme/web');

describe('requests', () => {
  it('sends our user agent, the token and the API version', async () => {
    await getRepo(client({ token: 'ghp_0123456789abcdef' }));
    const [request] = github.requests;
    expect(request!.headers['user-agent']).toMatch(/^hindsight\/0\.1\.0 octokit-rest\.js\//);
    expect(request!.headers.authorization).toBe('token ghp_0123456789abcdef');
    expect(request!.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('sends no authorization without a token', async () => {
    await getRepo(client({ token: null, userAgent: 'probe/1' }));
    expect(github.requests[0]!.headers.authorization).toBeUndefined();
    expect(github.requests[0]!.headers['user-agent']).toMatch(/^probe\/1 /);
  });

  it('is silent by default', async () => {
    const console_ = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(console, 'log')];
    github.fail({ path: '/repos/:owner/:repo', kind: 'status', status: 500 });
    await createGitHubClient({ baseUrl: github.url, retryAfterBaseMs: 1 }).rest.repos.get({ owner: 'acme', repo: 'web' });
    for (const spy of console_) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('retries', () => {
  it('retries a 500 and returns the answer that follows', async () => {
    const fault = github.fail({ path: '/repos/:owner/:repo', kind: 'status', status: 500, times: 2 });
    const response = await getRepo(client());
    expect(response.data.full_name).toBe('acme/web');
    expect(fault.hits).toBe(2);
    expect(repoRequests().map((r) => r.status)).toEqual([500, 500, 200]);
    expect(warnings.filter((w) => w.includes(' - 500 '))).toHaveLength(2);
  });

  it('gives up after `retries` retries with a clear message', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'status', status: 502, times: Infinity });
    const error = await failure(getRepo(client({ retries: 2 })));
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: 502 Bad Gateway');
    expect(repoRequests()).toHaveLength(3);
  });

  it('does not retry a 404 or another 4xx', async () => {
    const octokit = client();
    expect(describeGitHubError(await failure(getRepo(octokit, 'missing')))).toBe('GET /repos/acme/missing: 404 Not Found');
    github.fail({ path: '/repos/:owner/:repo', kind: 'status', status: 409, message: 'Git Repository is empty.' });
    expect(describeGitHubError(await failure(getRepo(octokit)))).toBe('GET /repos/acme/web: 409 Git Repository is empty.');
    github.fail({ path: '/repos/:owner/:repo', kind: 'status', status: 408 });
    expect(describeGitHubError(await failure(getRepo(octokit)))).toBe('GET /repos/acme/web: 408 Request Timeout');
    expect(github.requests).toHaveLength(3);
  });
});

describe('timeouts', () => {
  it('abandons an attempt the server never answers and retries it', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'hang' });
    const response = await getRepo(client({ requestTimeoutMs: 100 }));
    expect(response.status).toBe(200);
    expect(repoRequests().map((r) => r.status)).toEqual([null, 200]);
  });

  it('gives up when every attempt times out, saying after how long', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'hang', times: Infinity });
    const error = await failure(getRepo(client({ requestTimeoutMs: 80, retries: 1 })));
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: timed out after 80 ms');
    expect(repoRequests()).toHaveLength(2);
  });

  it('times out a body that stalls after the headers', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'hang-body', times: Infinity });
    const error = await failure(getRepo(client({ requestTimeoutMs: 80, retries: 0 })));
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: timed out after 80 ms');
  });

  it('states the default timeout in seconds', async () => {
    const { GitHubTimeoutError } = await import('../../server/github/client.ts');
    expect(new GitHubTimeoutError(30_000).message).toBe('timed out after 30 s');
  });
});

describe('rate limits', () => {
  it('waits for a primary rate limit that resets soon, then retries', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'primary-rate-limit', resetInSeconds: 5 });
    const response = await getRepo(client());
    expect(response.status).toBe(200);
    expect(repoRequests().map((r) => r.status)).toEqual([403, 200]);
    // The plugin waits until one second after the reset (5 s away, give or take the second we are in).
    expect(warnings).toContainEqual(expect.stringMatching(/^GET \/repos\/acme\/web: rate limit exceeded; waiting [56] s \(retry 1 of 2\)$/));
  });

  it('gives up on a primary rate limit that resets later than it waits, naming the reset', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'primary-rate-limit', resetInSeconds: 3600, status: 429 });
    const error = await failure(getRepo(client()));
    const reset = Number(headerOf(error, 'x-ratelimit-reset'));
    expect(describeGitHubError(error)).toBe(`GET /repos/acme/web: rate limit exceeded (resets at ${new Date(reset * 1000).toISOString().replace('.000Z', 'Z')})`);
    expect(repoRequests()).toHaveLength(1);
    expect(warnings.at(-1)).toMatch(/giving up: it lifts in 360\d s, longer than the 60 s the client waits$/);
  });

  it('bounds the wait and the retries it allows', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'primary-rate-limit', resetInSeconds: 30 });
    await failure(getRepo(client({ maxRateLimitWaitSeconds: 10 })));
    expect(repoRequests()).toHaveLength(1);

    github.fail({ path: '/repos/:owner/:repo', kind: 'primary-rate-limit', resetInSeconds: 1, times: Infinity });
    await failure(getRepo(client({ rateLimitRetries: 2 })));
    expect(repoRequests()).toHaveLength(1 + 3);
    expect(warnings.at(-1)).toMatch(/rate limit exceeded; giving up after 2 retries$/);
  });

  it.each([403, 429] as const)('honours retry-after on a secondary rate limit (%i)', async (status) => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'secondary-rate-limit', status, retryAfterSeconds: 7 });
    const response = await getRepo(client());
    expect(response.status).toBe(200);
    expect(repoRequests().map((r) => r.status)).toEqual([status, 200]);
    expect(warnings).toContain('GET /repos/acme/web: secondary rate limit exceeded; waiting 7 s (retry 1 of 2)');
  });

  it('gives up on a secondary rate limit that asks for a longer wait than allowed', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'secondary-rate-limit', retryAfterSeconds: 600 });
    const error = await failure(getRepo(client()));
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: secondary rate limit exceeded (retry after 600 s)');
    expect(repoRequests()).toHaveLength(1);
  });
});

describe('answers that are final', () => {
  it('returns 304 for an unchanged resource asked with its ETag, without retrying', async () => {
    const octokit = client();
    const first = await getRepo(octokit);
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const error = await failure(octokit.rest.repos.get({ owner: 'acme', repo: 'web', headers: { 'if-none-match': first.headers.etag } }));
    expect(error.status).toBe(304);
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: 304 Not Modified');
    expect(repoRequests().map((r) => r.status)).toEqual([200, 304]);
    expect(warnings).toEqual([]);
    // A 304 does not count against the rate limit.
    expect(headerOf(error, 'x-ratelimit-remaining')).toBe(first.headers['x-ratelimit-remaining']);
  });

  it('reports a body that is not the JSON it claims, without retrying', async () => {
    github.fail({ path: '/repos/:owner/:repo', kind: 'malformed-json' });
    const error = await failure(getRepo(client()));
    expect(describeGitHubError(error)).toBe('GET /repos/acme/web: malformed JSON from the server');
    expect(repoRequests()).toHaveLength(1);
  });
});

function headerOf(error: Error, name: string): string | undefined {
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers;
  return headers?.[name];
}
