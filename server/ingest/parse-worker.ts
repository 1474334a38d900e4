/**
 * The parser in a worker thread: receives `{ id, text, options }`, answers `{ id, parsed }`. Started by
 * `parsers.ts` so a big ingest parses on one core while the main thread reads files and writes the database.
 */
import { parentPort } from 'node:worker_threads';
import type { ParseOptions } from '../domain/postmortem.ts';
import { parsePostmortem } from '../parser/index.ts';

if (!parentPort) throw new Error('parse-worker.ts runs as a worker thread');
const port = parentPort;
port.on('message', (message: { id: number; text: string; options: ParseOptions }) => {
  port.postMessage({ id: message.id, parsed: parsePostmortem(message.text, message.options) });
});
