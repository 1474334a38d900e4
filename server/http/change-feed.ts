/**
 * Tells listeners that the stored data changed, whoever wrote it (the folder watcher, `POST /api/ingest`, a sync):
 * while anyone listens, the database's change stamp is read every `intervalMs`; a change is announced at most once
 * per `minGapMs` (a large ingest commits in many groups), and the last one of a burst is never lost.
 */

/** What `ChangeFeed` needs; the optional ones have the defaults stated. */
export interface ChangeFeedOptions {
  /** The current change stamp (`changeStamp`), null while a write is in progress. */
  stamp: () => string | null;
  /** How often the stamp is read while someone listens. Default: 500 ms. */
  intervalMs?: number;
  /** Least time between two announcements. Default: 1000 ms. */
  minGapMs?: number;
  /** The clock for that gap. Default: `Date.now`. */
  now?: () => number;
}

/** A change announcement. */
export interface ChangeEvent {
  /** When the change was noticed, ISO-8601. */
  at: string;
}

/** Announces data changes to subscribers; reads nothing while nobody listens. */
export class ChangeFeed {
  readonly #stamp: () => string | null;
  readonly #intervalMs: number;
  readonly #minGapMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  #timer: NodeJS.Timeout | null = null;
  #seen: string | null = null;
  #lastSent = Number.NEGATIVE_INFINITY;
  #pending = false;

  constructor(options: ChangeFeedOptions) {
    this.#stamp = options.stamp;
    this.#intervalMs = options.intervalMs ?? 500;
    this.#minGapMs = options.minGapMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Calls `listener` after every change from now on; returns the function that stops it. */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    if (this.#timer === null) {
      this.#seen = this.#stamp();
      this.#timer = setInterval(() => this.#check(), this.#intervalMs);
      this.#timer.unref();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  /** Number of current subscribers. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Stops reading and forgets every subscriber. */
  close(): void {
    this.#listeners.clear();
    this.#stop();
  }

  #check(): void {
    const stamp = this.#stamp();
    if (stamp !== null && stamp !== this.#seen) {
      this.#seen = stamp;
      this.#pending = true;
    }
    if (this.#pending && this.#now() - this.#lastSent >= this.#minGapMs) {
      this.#pending = false;
      this.#lastSent = this.#now();
      const event = { at: new Date().toISOString() };
      for (const listener of [...this.#listeners]) listener(event);
    }
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#pending = false;
  }
}
