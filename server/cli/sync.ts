/**
 * `hindsight sync`: bring the state of every linked GitHub issue and pull request into the database and decide the
 * action items again (`server/actions/sync-issues.ts`), with a progress bar on a terminal and a one-line summary.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseError, openDatabase, type Database } from '../db/connection.ts';
import { ingestFolder } from '../ingest/ingest.ts';
import { createGitHubClient, describeGitHubError } from '../github/client.ts';
import { formatSyncReport, syncIssues, type SyncReport } from '../actions/sync-issues.ts';
import { USAGE_ERROR, type CliContext, type CliIo } from './program.ts';

/** Exit code when something could not be synced (the rest was). */
const SOME_FAILED = 1;

export interface SyncCommandOptions {
  /** Database file. Default: `HINDSIGHT_DB`, else `data/hindsight.db`. */
  db?: string;
  /** Print the report as one JSON document. Default: false. */
  json?: boolean;
  /** Draw a progress bar on a terminal. Default: true. */
  progress?: boolean;
}

/**
 * Syncs through `GITHUB_API_URL` with `GITHUB_TOKEN` (unauthenticated, and said so, without one). Resolves to 0,
 * 1 when something could not be synced (each failure on stderr; the rest is stored), 2 for a configuration or
 * database problem.
 */
export async function runSync(options: SyncCommandOptions, io: CliIo): Promise<number> {
  let config;
  try {
    config = loadConfig(io.env ?? {}, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`hindsight sync: ${error.message}\n`);
    return USAGE_ERROR;
  }
  for (const warning of config.warnings) io.stderr(`hindsight sync: ${warning}\n`);
  const file = options.db ?? config.database;
  let database: Database;
  try {
    database = openDatabase(file === ':memory:' ? file : resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    io.stderr(`hindsight sync: ${error.message}\n`);
    return USAGE_ERROR;
  }
  if (!config.githubToken) {
    io.stderr(`hindsight sync: GITHUB_TOKEN is not set: asking ${config.githubApiUrl} unauthenticated (60 requests an hour, public repositories only)\n`);
  }
  const client = createGitHubClient({
    token: config.githubToken,
    baseUrl: config.githubApiUrl,
    log: (message) => io.stderr(`github: ${message}\n`),
  });
  const bar =
    io.terminal && options.progress !== false && options.json !== true
      ? new SingleBar(
          { format: 'sync [{bar}] {value}/{total} repositories {repo} {pages}', stream: io.terminal, noTTYOutput: true, hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        )
      : null;
  let report: SyncReport;
  try {
    // The links to sync come from the postmortems: read them first, so a fresh database (a CI job) syncs them too.
    const ingest = await ingestFolder(database, {
      root: resolve(io.cwd, config.postmortems),
      extensions: config.extensions,
      timezone: config.timezone,
      repo: config.repo,
    });
    for (const error of ingest.errors) io.stderr(`hindsight sync: ${error}\n`);
    let started = false;
    report = await syncIssues(database, client, {
      now: new Date(),
      onProgress: bar
        ? (progress) => {
            if (!started) {
              bar.start(progress.total, 0, { repo: '', pages: '' });
              started = true;
            }
            bar.update(progress.done, { repo: progress.repo, pages: progress.pages > 0 ? `(page ${progress.pages})` : '' });
          }
        : undefined,
    });
  } catch (error) {
    bar?.stop();
    io.stderr(`hindsight sync: ${describeGitHubError(error)}\n`);
    return SOME_FAILED;
  } finally {
    bar?.stop();
    database.close();
  }
  if (options.json === true) io.stdout(`${JSON.stringify(report)}\n`);
  else io.stdout(`${formatSyncReport(report)}\n`);
  for (const failure of report.failures) {
    io.stderr(`${failure.repo}${failure.number === undefined ? '' : `#${failure.number}`}: ${failure.message}\n`);
  }
  return report.failures.length > 0 ? SOME_FAILED : 0;
}

/** Registers `sync [--db FILE] [--json] [--no-progress]`. */
export function registerSync(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description('read the state of every linked GitHub issue and pull request and update the action items (GITHUB_TOKEN, GITHUB_API_URL)')
    .addOption(new Option('--db <file>', 'the database file (default: HINDSIGHT_DB, else data/hindsight.db)'))
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (options: SyncCommandOptions) => {
      context.exit(await runSync(options, context.io));
    });
}
