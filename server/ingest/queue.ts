/**
 * One ingest at a time: the start-up ingest, the watcher's batches and `POST /api/ingest` all go through this
 * queue, so two runs never interleave their writes. Paths waiting for their turn are merged into one run.
 */
import type { Database } from '../db/connection.ts';
import { ingestFolder, ingestPaths, type IngestOptions } from './ingest.ts';
import type { IngestSummary } from './summary.ts';

export class IngestQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending: { paths: Set<string>; result: Promise<IngestSummary> } | null = null;
  #closed = false;
  readonly #controller = new AbortController();

  constructor(
    private readonly database: Database,
    private readonly options: Omit<IngestOptions, 'signal'>,
  ) {}

  /** Ingests the whole folder once every earlier run is done. */
  folder(): Promise<IngestSummary> {
    return this.#enqueue(() => ingestFolder(this.database, { ...this.options, signal: this.#controller.signal }));
  }

  /** Ingests these paths; paths queued while another run works are merged into one run. */
  paths(paths: Iterable<string>): Promise<IngestSummary> {
    if (this.#pending) {
      for (const path of paths) this.#pending.paths.add(path);
      return this.#pending.result;
    }
    const pending = { paths: new Set(paths), result: Promise.resolve() as unknown as Promise<IngestSummary> };
    this.#pending = pending;
    pending.result = this.#enqueue(() => {
      if (this.#pending === pending) this.#pending = null;
      return ingestPaths(this.database, [...pending.paths], { ...this.options, signal: this.#controller.signal });
    });
    return pending.result;
  }

  /** Stops after the file being written and waits for that; later requests are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#controller.abort();
    await this.#tail.catch(() => undefined);
  }

  #enqueue(run: () => Promise<IngestSummary>): Promise<IngestSummary> {
    if (this.#closed) return Promise.reject(new Error('the ingest queue is closed (the server is stopping)'));
    const result = this.#tail.catch(() => undefined).then(run);
    this.#tail = result;
    return result;
  }
}
