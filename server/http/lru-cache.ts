/**
 * A small least-recently-used cache for what is expensive to derive from an incident's stored document (its
 * rendered HTML, its parsed sections): bounded by entries and by the total size of what it holds.
 */

export interface LruOptions<V> {
  /** Most entries kept. Default: 1000. */
  maxEntries?: number;
  /** Most total weight kept (see `weigh`). Default: 64 Mi (characters, with the default `weigh`). */
  maxWeight?: number;
  /** The weight of a value. Default: 1 per entry. */
  weigh?: (value: V) => number;
}

/** A least-recently-used map. `get` refreshes an entry; `set` evicts the oldest entries beyond the limits. */
export class LruCache<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weigh: (value: V) => number;
  #weight = 0;

  constructor(options: LruOptions<V> = {}) {
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#maxWeight = options.maxWeight ?? 64 * 1024 * 1024;
    this.#weigh = options.weigh ?? (() => 1);
  }

  /** The value for `key`, or undefined; a hit becomes the most recently used entry. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` under `key` (replacing any), then evicts least recently used entries beyond the limits. */
  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.#weigh(value);
    if (weight > this.#maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    while (this.#entries.size > this.#maxEntries || this.#weight > this.#maxWeight) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  /** Forgets `key`. */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Total weight held. */
  get weight(): number {
    return this.#weight;
  }
}
