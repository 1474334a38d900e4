/**
 * `hindsight serve` (and `npm start`): configuration from the environment → the service (see `server/serve.ts`)
 * → running until SIGINT or SIGTERM, which stop it cleanly: during the start-up ingest, after the file being
 * written; once serving, after the requests in flight (a second signal then exits at once).
 */
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseError } from '../db/connection.ts';
import { StartAborted, startServer, type RunningServer } from '../serve.ts';
import { USAGE_ERROR, type CliContext, type CliIo } from './program.ts';

/**
 * Starts the service and resolves when it has stopped: 0 after a clean stop, 2 for a configuration, database or
 * listening problem (reported on stderr), 1 when stopping failed. `signals` is where SIGINT/SIGTERM come from
 * (the process; a test can pass an emitter).
 */
export async function runServe(io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  let config;
  try {
    config = loadConfig(io.env ?? {}, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`hindsight: ${error.message}\n`);
    return USAGE_ERROR;
  }
  const output = { info: (line: string) => io.stdout(`${line}\n`), warn: (line: string) => io.stderr(`${line}\n`) };
  for (const warning of config.warnings) output.warn(`hindsight: ${warning}`);

  // A signal while starting (a long first ingest) stops the start; once serving, it stops the server.
  const starting = new AbortController();
  let stop: (signal: string) => void = (signal) => {
    if (starting.signal.aborted) return;
    output.info(`${signal}: stopping`);
    starting.abort();
  };
  signals.on('SIGINT', () => stop('SIGINT'));
  signals.on('SIGTERM', () => stop('SIGTERM'));

  let server: RunningServer;
  try {
    server = await startServer(config, io.cwd, output, starting.signal);
  } catch (error) {
    if (error instanceof StartAborted) {
      output.info('stopped');
      return 0;
    }
    if (error instanceof DatabaseError) {
      io.stderr(`hindsight: ${error.message}\n`);
      return USAGE_ERROR;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr(`hindsight: cannot listen on ${config.host}:${config.port} (${code}); set PORT or HOST\n`);
      return USAGE_ERROR;
    }
    throw error;
  }
  if (!config.token) {
    output.info('No HINDSIGHT_TOKEN set: changes through the API are accepted from this machine only.');
    if (!['localhost', '127.0.0.1', '::1'].includes(config.host)) {
      output.warn(
        `HOST is ${config.host}: behind a reverse proxy on this machine every request looks local, so set HINDSIGHT_TOKEN.`,
      );
    }
  }
  if (!config.githubToken) {
    output.info('No GITHUB_TOKEN set: linked issues are not synced, issues cannot be created and safeguards are not checked.');
  } else if (config.publicUrl === `http://localhost:${config.port}`) {
    output.info(`Issues created from action items link back to ${config.publicUrl}: set HINDSIGHT_PUBLIC_URL to the address people use.`);
  }
  output.info(`Hindsight is running at ${server.url}  (API docs: ${server.url}/docs; stop with Ctrl-C)`);

  const running = server;
  return new Promise<number>((done) => {
    let stopping = false;
    stop = (signal: string) => {
      if (stopping) {
        done(1);
        return;
      }
      stopping = true;
      output.info(`${signal}: stopping`);
      running.close().then(
        () => {
          output.info('stopped');
          done(0);
        },
        (error: unknown) => {
          io.stderr(`hindsight: error while stopping: ${String(error)}\n`);
          done(1);
        },
      );
    };
  });
}

/** Registers `serve`: the same as `npm start`. */
export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('ingest the postmortems folder, watch it, and serve the API (configured by environment variables)')
    .action(async () => {
      context.exit(await runServe(context.io));
    });
}
