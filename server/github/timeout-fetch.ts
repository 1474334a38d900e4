/**
 * A `fetch` that gives every attempt a deadline: the response *and its body* must arrive within `timeoutMs`, so
 * a server that never answers, or sends headers and then stalls, fails the attempt instead of hanging the import.
 * Octokit 22 has no timeout option of its own (only `request.signal`, one signal for every attempt), so the
 * client factory passes this as `request.fetch`; each retry gets a fresh deadline.
 */

/** The error an attempt fails with when its deadline passes; Octokit wraps it in a retriable `RequestError`. */
export class GitHubTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${formatSeconds(timeoutMs)}`);
  }
}

/** Statuses whose responses have no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps `fetch` (default: the global one) so each call is aborted after `timeoutMs` with a `GitHubTimeoutError`.
 * A caller's own `signal` still works: aborting it aborts the call as before (and is not a timeout).
 */
export function fetchWithTimeout(timeoutMs: number, fetchImpl: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init = {}) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new GitHubTimeoutError(timeoutMs)), timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    try {
      const response = await fetchImpl(input, { ...init, signal });
      // Read the whole body under the same deadline, then hand Octokit an already-complete response.
      const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
      const complete = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(complete, 'url', { value: response.url });
      return complete;
    } catch (error) {
      if (deadline.signal.aborted && !init.signal?.aborted) throw new GitHubTimeoutError(timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** `30 s`, `1.5 s`, `200 ms`. */
export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
