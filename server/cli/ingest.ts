/** `hindsight ingest [DIR]`: read a postmortems folder into the database, with a progress bar and a summary. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseError, openDatabase } from '../db/connection.ts';
import { ingestFolder } from '../ingest/ingest.ts';
import { formatSummary, type IngestSummary } from '../ingest/summary.ts';
import { repoOption, zoneOption } from './option-values.ts';
import { USAGE_ERROR, type CliContext, type CliIo } from './program.ts';

export interface IngestCommandOptions {
  /** Database file. Default: `HINDSIGHT_DB`, else `data/hindsight.db`. */
  db?: string;
  /** Default zone. Default: `HINDSIGHT_TIMEZONE`, else `UTC`. */
  timezone?: string;
  /** Default repository. Default: `HINDSIGHT_REPO`. */
  repo?: string;
  /** Print the summary as one JSON document. Default: false. */
  json?: boolean;
  /** Draw a progress bar on a terminal. Default: true. */
  progress?: boolean;
}

/** Exit code when some files could not be read or parsed (the others were stored). */
const SOME_FAILED = 1;

/**
 * Ingests `directory` (default: `HINDSIGHT_POSTMORTEMS`, else `postmortems`) into the database. Resolves to 0, 1
 * when some files failed (each is listed on stderr with its reason; the rest are stored), 2 for a configuration
 * or database problem or a folder that could not be listed.
 */
export async function runIngest(directory: string | undefined, options: IngestCommandOptions, io: CliIo): Promise<number> {
  let config;
  try {
    config = loadConfig({ ...io.env, ...(directory ? { HINDSIGHT_POSTMORTEMS: directory } : {}) }, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The folder given on the command line is checked as HINDSIGHT_POSTMORTEMS: say which one it was.
    const problems = directory ? error.problems.map((p) => p.replace(/^HINDSIGHT_POSTMORTEMS:/, 'DIR:')) : error.problems;
    io.stderr(`hindsight ingest: ${new ConfigError(problems).message}\n`);
    return USAGE_ERROR;
  }
  for (const warning of config.warnings) io.stderr(`hindsight ingest: ${warning}\n`);
  const file = options.db ?? config.database;
  let database;
  try {
    database = openDatabase(file === ':memory:' ? file : resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    io.stderr(`hindsight ingest: ${error.message}\n`);
    return USAGE_ERROR;
  }

  const bar =
    io.terminal && options.progress !== false && options.json !== true
      ? new SingleBar(
          { format: 'ingest [{bar}] {value}/{total} {file}', stream: io.terminal, noTTYOutput: true, hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        )
      : null;
  let summary: IngestSummary;
  try {
    summary = await ingestFolder(database, {
      root: resolve(io.cwd, config.postmortems),
      extensions: config.extensions,
      timezone: options.timezone ?? config.timezone,
      repo: options.repo ?? config.repo,
      onProgress: bar
        ? (done, total, name) => {
            if (done === 1) bar.start(total, 0, { file: '' });
            bar.update(done, { file: name.length > 40 ? `…${name.slice(-39)}` : name });
          }
        : undefined,
    });
  } finally {
    bar?.stop();
    database.close();
  }

  if (options.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(`${config.postmortems} → ${file}: ${formatSummary(summary)}\n`);
  for (const failure of summary.failures) io.stderr(`${config.postmortems}/${failure.file}: ${failure.error}\n`);
  for (const error of summary.errors) io.stderr(`${error}\n`);
  if (summary.errors.length > 0) return USAGE_ERROR;
  return summary.failed > 0 ? SOME_FAILED : 0;
}

/** Registers `ingest [DIR] [--db FILE] [--timezone ZONE] [--repo owner/name] [--json] [--no-progress]`. */
export function registerIngest(program: Command, context: CliContext): void {
  program
    .command('ingest')
    .description('read a postmortems folder into the database (unchanged files are skipped)')
    .argument('[dir]', 'the postmortems folder (default: HINDSIGHT_POSTMORTEMS, else postmortems)')
    .addOption(new Option('--db <file>', 'the database file (default: HINDSIGHT_DB, else data/hindsight.db)'))
    .addOption(zoneOption())
    .addOption(repoOption())
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (dir: string | undefined, options: IngestCommandOptions) => {
      context.exit(await runIngest(dir, options, context.io));
    });
}
