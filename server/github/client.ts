/**
 * The one place an Octokit client is built: REST methods, pagination, retries (plugin-retry), rate-limit handling
 * (plugin-throttling), a per-attempt timeout and a check that JSON bodies parse. Everything that talks to GitHub
 * receives the client this returns; nothing else reads tokens or URLs.
 *
 * What is retried: 5xx answers, timeouts and network failures (`retries` times, waiting 1, 4, 9 ... s); a primary
 * rate limit when it resets within `maxRateLimitWaitSeconds`; a secondary rate limit (403/429 with `retry-after`)
 * when the wait it asks for is within the same bound (`rateLimitRetries` times each). Other 4xx answers (and 304)
 * are final. A body that is not the JSON it claims to be is final too (`malformed JSON from the server`).
 */
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import packageJson from '../../package.json' with { type: 'json' };
import { MalformedResponseError } from './describe-error.ts';
import { fetchWithTimeout } from './timeout-fetch.ts';

export { describeGitHubError, MalformedResponseError } from './describe-error.ts';
export { GitHubTimeoutError } from './timeout-fetch.ts';

/** GitHub's REST API version every request asks for (`X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';

export interface GitHubClientOptions {
  /** Token sent as `Authorization: token ...`. Default: null, unauthenticated (60 requests an hour). */
  token?: string | null;
  /** REST API base (`GITHUB_API_URL`): GitHub Enterprise's `https://host/api/v3`, a test stand-in. Default: `https://api.github.com`. */
  baseUrl?: string;
  /** Sent as `User-Agent` (Octokit appends its own). Default: `hindsight/<version from package.json>`. */
  userAgent?: string;
  /** Deadline of one attempt, headers and body together. Default: 30 000 ms. */
  requestTimeoutMs?: number;
  /** Retries of a 5xx answer, a timeout or a network failure. Default: 3. */
  retries?: number;
  /** Retries after a primary or secondary rate limit. Default: 2. */
  rateLimitRetries?: number;
  /** Longest wait for a rate limit to reset (or for `retry-after`) before giving up. Default: 60 s. */
  maxRateLimitWaitSeconds?: number;
  /**
   * Milliseconds actually waited per second of a retry wait (both plugins' `retryAfterBaseValue`): backoff after
   * the n-th failure is n² seconds, rate limits wait what GitHub says. Default: 1000; tests pass 1 so a 60 s
   * `retry-after` waits 60 ms.
   */
  retryAfterBaseMs?: number;
  /**
   * Space writes (POST, PATCH, PUT, DELETE) at least a second apart, and notification-triggering ones three, as
   * GitHub advises against secondary rate limits (plugin-throttling's groups, shared by every client in the
   * process). Default: true; tests that write pass false.
   */
  spaceWrites?: boolean;
  /** Receives warnings: retries, rate-limit waits, failed attempts. Default: none (silent). */
  log?: (message: string) => void;
  /** The `fetch` requests go through. Default: the global one. */
  fetch?: typeof fetch;
}

const GitHubOctokit = Octokit.plugin(retry, throttling);

/** The client every GitHub capability receives. */
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

/** Builds the client; see the module comment for what is retried. */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? (() => {});
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const rateLimitRetries = options.rateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const baseMs = options.retryAfterBaseMs ?? 1000;

  /** Whether to wait `retryAfter` seconds and try again after a rate limit (`kind`), saying so either way. */
  const waitForLimit = (kind: string) => (retryAfter: number, request: RouteOptions, client: { request: Octokit['request'] }, retryCount: number) => {
    const what = `${routeLabel(client, request)}: ${kind}`;
    if (retryCount >= rateLimitRetries) {
      log(`${what}; giving up after ${retryCount} ${retryCount === 1 ? 'retry' : 'retries'}`);
      return false;
    }
    if (retryAfter > maxWait) {
      log(`${what}; giving up: it lifts in ${retryAfter} s, longer than the ${maxWait} s the client waits`);
      return false;
    }
    log(`${what}; waiting ${retryAfter} s (retry ${retryCount + 1} of ${rateLimitRetries})`);
    return true;
  };

  const throttle = {
    onRateLimit: waitForLimit('rate limit exceeded'),
    onSecondaryRateLimit: waitForLimit('secondary rate limit exceeded'),
    retryAfterBaseValue: baseMs,
    ...(options.spaceWrites === false ? { write: unspacedGroup, notifications: unspacedGroup } : {}),
  } satisfies ThrottlingOptions;

  const octokit = new GitHubOctokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: options.userAgent ?? `hindsight/${packageJson.version}`,
    request: { fetch: fetchWithTimeout(timeoutMs, options.fetch) },
    throttle,
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: baseMs,
      // Every 4xx is final here; rate limits (403/429) are the throttling plugin's, which honours their waits.
      doNotRetry: Array.from({ length: 100 }, (_, i) => 400 + i),
    },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log(message),
      // Octokit's request log reports every failed attempt here. A 304 is an answer, not a failure, and a 4xx is
      // final (not retried): the caller reports it, so only attempts that will be retried (5xx) are logged.
      error: (message: string) => {
        if (!/ - (?:304|4\d\d) with id /.test(message)) log(message);
      },
    },
  });

  octokit.hook.before('request', (request) => {
    request.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  // Added last, so it wraps the retry and throttling plugins: a malformed body is reported, not retried.
  octokit.hook.after('request', (response, request) => {
    if (typeof response.data !== 'string' || response.status === 204 || response.status === 205) return;
    const type = String(response.headers['content-type'] ?? '');
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return;
    throw new MalformedResponseError(response.status, { method: request.method, url: response.url }, { headers: response.headers, data: response.data });
  });
  return octokit;
}

type LimiterGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * A stand-in for a Bottleneck group that runs every job at once: the throttling plugin only calls
 * `group.key(id).schedule(options, job)` on it. (Bottleneck is the plugin's dependency, not ours to import.)
 */
const unspacedGroup = {
  key: () => ({ schedule: <A extends unknown[], R>(_options: unknown, job: (...args: A) => R, ...args: A): Promise<Awaited<R>> => Promise.resolve(job(...args)) }),
} as unknown as LimiterGroup;

type RouteOptions = Parameters<Octokit['request']['endpoint']['parse']>[0];

/** `GET /repos/o/r/deployments` for a request's options (a route template until parsed). */
function routeLabel(client: { request: Octokit['request'] }, options: RouteOptions): string {
  try {
    const { method, url } = client.request.endpoint.parse(options);
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${options.method ?? 'GET'} ${options.url ?? ''}`;
  }
}
