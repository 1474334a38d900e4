/**
 * Where postmortems are parsed during an ingest: in this thread (a handful of files: the watcher, the API), or in a
 * worker thread (a folder of many files), so that on a machine with two or more cores parsing overlaps with
 * reading files and writing the database. Both give the same result (`parsePostmortem`, which never throws).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseOptions, ParsedPostmortem } from '../domain/postmortem.ts';
import { parsePostmortem } from '../parser/index.ts';

export interface Parser {
  parse(text: string, options: ParseOptions): Promise<ParsedPostmortem>;
  close(): Promise<void>;
}

/** Parses in this thread. */
export const inlineParser: Parser = {
  parse: async (text, options) => parsePostmortem(text, options),
  close: async () => undefined,
};

/** Fewest files to parse before a worker thread is worth its start-up (about 0.2 s). */
export const WORKER_THRESHOLD = 200;

/**
 * The parser for `count` files: a worker thread when there are at least {@link WORKER_THRESHOLD} of them and more
 * than one core, else this thread. A worker that cannot start, or fails later, hands its work back to this thread.
 */
export function parserFor(count: number): Parser {
  if (count < WORKER_THRESHOLD || availableParallelism() < 2) return inlineParser;
  return workerParser();
}

/** tsx's loader, so the worker can load the TypeScript sources the way this process does. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

function workerParser(): Parser {
  let worker: Worker | null;
  try {
    worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { execArgv: ['--import', tsxLoader()] });
    worker.unref();
  } catch {
    return inlineParser;
  }
  let nextId = 0;
  const waiting = new Map<number, { text: string; options: ParseOptions; done: (parsed: ParsedPostmortem) => void }>();
  const giveUp = () => {
    // Whatever the worker had not answered is parsed here instead; later requests too.
    worker = null;
    for (const [id, job] of waiting) {
      waiting.delete(id);
      job.done(parsePostmortem(job.text, job.options));
    }
  };
  worker.on('message', (message: { id: number; parsed: ParsedPostmortem }) => {
    const job = waiting.get(message.id);
    waiting.delete(message.id);
    job?.done(message.parsed);
  });
  worker.on('error', giveUp);
  worker.on('exit', giveUp);
  return {
    parse(text, options) {
      if (!worker) return Promise.resolve(parsePostmortem(text, options));
      const id = nextId++;
      const sending = worker;
      return new Promise((done) => {
        waiting.set(id, { text, options, done });
        sending.postMessage({ id, text, options });
      });
    },
    async close() {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  };
}
