/**
 * The running service: database → migrations → ingest of the postmortems folder → watching it → HTTP app →
 * listening. `npm start` (server/main.ts) and `hindsight serve` both start it; `close()` stops it cleanly (the
 * watcher first, then HTTP, then the ingest in flight, then the database).
 */
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/connection.ts';
import { buildApp } from './http/app.ts';
import { IngestQueue } from './ingest/queue.ts';
import { formatSummary, type IngestSummary } from './ingest/summary.ts';
import { watchFolder, type FolderWatch } from './ingest/watch.ts';

export interface ServeOutput {
  /** Progress and summaries for the person who started the server. */
  info(line: string): void;
  /** Problems (files that failed, watcher errors). */
  warn(line: string): void;
}

export interface RunningServer {
  /** `http://localhost:3000` */
  url: string;
  app: FastifyInstance;
  database: Database;
  /** Stops watching, stops serving, lets the ingest in flight finish its file, closes the database. */
  close(): Promise<void>;
}

/** Starts Hindsight with `config`; relative paths are resolved against `cwd`. */
export async function startServer(config: Config, cwd: string, output: ServeOutput): Promise<RunningServer> {
  const databaseFile = config.database === ':memory:' ? config.database : resolve(cwd, config.database);
  const root = resolve(cwd, config.postmortems);
  const database = openDatabase(databaseFile);
  const queue = new IngestQueue(database, { root, extensions: config.extensions, timezone: config.timezone, repo: config.repo });
  const report = (summary: IngestSummary, what: string) => {
    output.info(`${what}: ${formatSummary(summary)}`);
    for (const failure of summary.failures) output.warn(`  ${config.postmortems}/${failure.file}: ${failure.error}`);
    for (const error of summary.errors) output.warn(`  ${error}`);
  };

  let watch: FolderWatch | null = null;
  let app: FastifyInstance | null = null;
  try {
    report(await queue.folder(), `read ${config.postmortems}/ into ${config.database}`);
    if (config.watch) {
      watch = watchFolder({
        root,
        extensions: config.extensions,
        onChange: (paths) => {
          queue.paths(paths).then(
            (summary) => report(summary, `${config.postmortems}/ changed`),
            (error: unknown) => output.warn(`ingest after a change failed: ${String(error)}`),
          );
        },
        onError: (error) => output.warn(`watching ${config.postmortems}/: ${String(error)}`),
      });
      await watch.ready;
    }
    app = await buildApp({
      database,
      auth: { token: config.token, protectReads: config.protectReads },
      ingest: (request) => (request.paths && request.paths.length > 0 ? queue.paths(request.paths) : queue.folder()),
      logger: { level: 'warn', redact: ['req.headers.authorization'] },
      version: packageJson.version,
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await watch?.close();
    await app?.close();
    await queue.close();
    database.close();
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const running = app;
  let closing: Promise<void> | null = null;
  return {
    url,
    app: running,
    database,
    close() {
      closing ??= (async () => {
        await watch?.close();
        await running.close();
        await queue.close();
        database.close();
      })();
      return closing;
    },
  };
}
