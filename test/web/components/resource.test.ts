/// <reference lib="dom" />
/// <reference types="svelte" />
/** The Resource rune module: loading state, newer requests cancelling older ones, keeping or clearing data, errors. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../web/src/lib/api.ts';
import { Resource } from '../../../web/src/state/resource.svelte.ts';

/** A request whose answer the test gives when it wants; `signal` is the one the Resource passed. */
interface Pending<T> {
  signal: AbortSignal;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * A fetch function recording each call. It ignores aborts unless `honourAbort` (then it rejects with the signal's
 * reason, as the real fetch does), so a test can answer a cancelled request late.
 */
function controlledFetch<T>(options: { honourAbort?: boolean } = {}) {
  const calls: Array<Pending<T>> = [];
  const fetch = vi.fn(
    (signal: AbortSignal) =>
      new Promise<T>((resolve, reject) => {
        calls.push({ signal, resolve, reject });
        if (options.honourAbort) signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  );
  return { fetch, calls };
}

describe('Resource', () => {
  it('starts empty, is loading while a request is in flight, and holds its answer after', async () => {
    const resource = new Resource<string>();
    expect([resource.data, resource.error, resource.loading]).toEqual([null, null, false]);
    const { fetch, calls } = controlledFetch<string>();
    const done = resource.load('a', fetch);
    expect(resource.loading).toBe(true);
    expect(resource.data).toBeNull();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(false);
    calls[0]!.resolve('A');
    await done;
    expect([resource.data, resource.error, resource.loading]).toEqual(['A', null, false]);
  });

  it('cancels the request in flight when another key is loaded; its late answer never shows', async () => {
    const resource = new Resource<string>();
    const first = controlledFetch<string>();
    const second = controlledFetch<string>();
    const a = resource.load('a', first.fetch);
    const b = resource.load('b', second.fetch);
    expect(first.calls[0]!.signal.aborted).toBe(true);
    expect(second.calls[0]!.signal.aborted).toBe(false);

    // The cancelled request answers first: ignored, and the newer one is still loading.
    first.calls[0]!.resolve('A');
    await a;
    expect(resource.data).toBeNull();
    expect(resource.loading).toBe(true);

    second.calls[0]!.resolve('B');
    await b;
    expect([resource.data, resource.loading]).toEqual(['B', false]);
  });

  it('ignores a cancelled request that answers after the newer one', async () => {
    const resource = new Resource<string>();
    const first = controlledFetch<string>();
    const second = controlledFetch<string>();
    const a = resource.load('a', first.fetch);
    const b = resource.load('b', second.fetch);
    second.calls[0]!.resolve('B');
    await b;
    first.calls[0]!.resolve('A');
    await a;
    expect([resource.data, resource.error, resource.loading]).toEqual(['B', null, false]);
  });

  it('ignores the failure of a cancelled request, whether the abort itself or another error', async () => {
    const resource = new Resource<string>();
    const aborting = controlledFetch<string>({ honourAbort: true });
    const failing = controlledFetch<string>();
    const latest = controlledFetch<string>();
    const a = resource.load('a', aborting.fetch);
    const b = resource.load('b', failing.fetch);
    const c = resource.load('c', latest.fetch);
    await a;
    failing.calls[0]!.reject(new ApiError(500, 'too late to matter'));
    await b;
    expect(resource.error).toBeNull();
    expect(resource.loading).toBe(true);
    latest.calls[0]!.resolve('C');
    await c;
    expect([resource.data, resource.error, resource.loading]).toEqual(['C', null, false]);
  });

  it('keeps the old data while a new key loads, unless told not to', async () => {
    const resource = new Resource<string>();
    await resource.load('a', async () => 'A');
    const kept = controlledFetch<string>();
    const b = resource.load('b', kept.fetch);
    expect(resource.data).toBe('A');
    kept.calls[0]!.resolve('B');
    await b;
    expect(resource.data).toBe('B');

    const cleared = controlledFetch<string>();
    const c = resource.load('c', cleared.fetch, { keep: false });
    expect(resource.data).toBeNull();
    expect(resource.loading).toBe(true);
    cleared.calls[0]!.resolve('C');
    await c;
    expect(resource.data).toBe('C');
  });

  it('keeps the data of the same key with keep: false (a reload, not another thing)', async () => {
    const resource = new Resource<string>();
    await resource.load('a', async () => 'A');
    const again = controlledFetch<string>();
    const reload = resource.load('a', again.fetch, { keep: false });
    expect(resource.data).toBe('A');
    again.calls[0]!.resolve('A2');
    await reload;
    expect(resource.data).toBe('A2');
  });

  it('does not ask again for the key already loading, but does once it has loaded', async () => {
    const resource = new Resource<string>();
    const { fetch, calls } = controlledFetch<string>();
    const first = resource.load('a', fetch);
    const second = resource.load('a', fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(calls[0]!.signal.aborted).toBe(false);
    await second;
    expect(resource.loading).toBe(true);
    calls[0]!.resolve('A');
    await first;
    expect(resource.data).toBe('A');

    const third = resource.load('a', fetch);
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('A again');
    await third;
    expect(resource.data).toBe('A again');
  });

  it('keeps an ApiError as it is, and the data of before', async () => {
    const resource = new Resource<string>();
    await resource.load('a', async () => 'A');
    const refused = new ApiError(401, 'A token is required.', 'Unauthorized');
    await expect(
      resource.load('b', async () => {
        throw refused;
      }),
    ).resolves.toBeUndefined();
    expect(resource.error).toBe(refused);
    expect(resource.error?.needsToken).toBe(true);
    expect(resource.data).toBe('A');
    expect(resource.loading).toBe(false);
  });

  it('turns any other failure into an ApiError with status 0 and its message', async () => {
    const resource = new Resource<string>();
    await resource.load('a', async () => {
      throw new SyntaxError('Unexpected token < in JSON');
    });
    expect(resource.error).toBeInstanceOf(ApiError);
    expect(resource.error).toMatchObject({ status: 0, message: 'Unexpected token < in JSON' });
    await resource.load('b', () => Promise.reject('plain text'));
    expect(resource.error).toMatchObject({ status: 0, message: 'plain text' });
  });

  it('clears the error when a new load starts', async () => {
    const resource = new Resource<string>();
    await resource.load('a', () => Promise.reject(new ApiError(500, 'boom')));
    expect(resource.error).not.toBeNull();
    const { fetch, calls } = controlledFetch<string>();
    const next = resource.load('a', fetch);
    expect(resource.error).toBeNull();
    calls[0]!.resolve('A');
    await next;
    expect([resource.data, resource.error]).toEqual(['A', null]);
  });
});
