/**
 * What went wrong talking to GitHub, in one line for logs and import reports:
 * `GET /repos/o/r/deployments: 404 Not Found`, `GET /repos/o/r: rate limit exceeded (resets at 2024-05-01T12:00:00Z)`,
 * `GET /repos/o/r: timed out after 30 s`, `GET /repos/o/r: malformed JSON from the server`. Pure; never throws.
 */
import { STATUS_CODES } from 'node:http';

/** The parts of Octokit's `RequestError` read here (typed structurally: `@octokit/request-error` is not ours to import). */
interface RequestErrorLike {
  message: string;
  status: number;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/**
 * A successful response whose body claims to be JSON but does not parse (a proxy's error page, a cut-off body).
 * Octokit would hand the raw text on as if it were the data; the client factory raises this instead.
 */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
  constructor(
    readonly status: number,
    readonly request: { method: string; url: string },
    readonly response: { headers: Record<string, string | number | undefined>; data: unknown },
  ) {
    super('malformed JSON from the server');
  }
}

/** One line for `error`: `METHOD /path: what happened`; any other error's own message. */
export function describeGitHubError(error: unknown): string {
  if (!isRequestError(error)) return error instanceof Error ? error.message : String(error);
  const where = requestLabel(error.request);
  return where ? `${where}: ${problem(error)}` : problem(error);
}

function problem(error: RequestErrorLike): string {
  if (error instanceof MalformedResponseError) return error.message;
  const headers = error.response?.headers ?? {};
  const data = error.response?.data;
  const githubMessage = isObject(data) && typeof data.message === 'string' ? data.message : null;
  if (!error.response) return error.message; // no answer: timeout, refused connection, reset
  if ((error.status === 403 || error.status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = resetTime(headers['x-ratelimit-reset']);
    return `rate limit exceeded${reset ? ` (resets at ${reset})` : ''}`;
  }
  if ((error.status === 403 || error.status === 429) && githubMessage !== null && /\bsecondary rate\b/i.test(githubMessage)) {
    const after = Number(headers['retry-after']);
    return `secondary rate limit exceeded${Number.isFinite(after) && after > 0 ? ` (retry after ${after} s)` : ''}`;
  }
  const text = githubMessage ?? STATUS_CODES[error.status] ?? 'Unknown Status';
  return `${error.status} ${text}${validationDetails(data)}`;
}

/** ` (Label.color invalid, ...)` from a 422's `errors`, or nothing. */
function validationDetails(data: unknown): string {
  if (!isObject(data) || !Array.isArray(data.errors) || data.errors.length === 0) return '';
  const parts = data.errors.slice(0, 5).map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    if (!isObject(entry)) return JSON.stringify(entry);
    if (typeof entry.message === 'string') return entry.message;
    const subject = [entry.resource, entry.field].filter((part) => typeof part === 'string').join('.');
    return [subject, typeof entry.code === 'string' ? entry.code : null].filter(Boolean).join(' ');
  });
  return ` (${parts.join(', ')})`;
}

/** `GET /repos/o/r/deployments`: the method and the URL's path, without host and query. */
function requestLabel(request: RequestErrorLike['request']): string | null {
  if (!request?.method || !request.url) return null;
  try {
    return `${request.method.toUpperCase()} ${new URL(request.url).pathname}`;
  } catch {
    return `${request.method.toUpperCase()} ${request.url.split('?')[0]}`;
  }
}

/** GitHub's `x-ratelimit-reset` (epoch seconds; recordings normalized to milliseconds are read too) as ISO UTC. */
function resetTime(value: string | number | undefined): string | null {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) return null;
  const date = new Date(n > 1e11 ? n : n * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && typeof (error as Partial<RequestErrorLike>).status === 'number';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
