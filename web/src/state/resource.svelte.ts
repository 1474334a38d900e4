/**
 * One piece of server data a view shows: its value, whether it is loading, and the error of the last attempt.
 * A newer request cancels the one in flight, so a slow answer never overwrites a newer one.
 */
import { ApiError, isAbort } from '../lib/api.ts';

/** Server data behind a key (the request it came from); the one writer is `load`. */
export class Resource<T> {
  #data = $state.raw<T | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #loading = $state(false);
  #key: string | null = null;
  #controller: AbortController | null = null;

  /** The last value loaded (kept while a new one loads for the same kind of view), or null. */
  get data(): T | null {
    return this.#data;
  }

  /** Why the last load failed, or null. */
  get error(): ApiError | null {
    return this.#error;
  }

  /** A load is in flight. */
  get loading(): boolean {
    return this.#loading;
  }

  /**
   * Loads the value for `key` with `fetch`. The same key already loading is not asked again. With `keep` false
   * (default true), a different key clears the old value first, so another thing's data never shows under it.
   */
  async load(key: string, fetch: (signal: AbortSignal) => Promise<T>, options: { keep?: boolean } = {}): Promise<void> {
    if (key === this.#key && this.#loading) return;
    if (key !== this.#key && options.keep === false) this.#data = null;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#key = key;
    this.#loading = true;
    this.#error = null;
    try {
      const value = await fetch(controller.signal);
      if (this.#controller === controller) this.#data = value;
    } catch (error) {
      if (isAbort(error) || this.#controller !== controller) return;
      this.#error = error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error));
    } finally {
      if (this.#controller === controller) this.#loading = false;
    }
  }
}
