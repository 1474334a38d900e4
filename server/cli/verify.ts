/**
 * `hindsight verify`: are the safeguards still in place? Reads the postmortems (so the safeguards file's item
 * references resolve), loads `postmortems/safeguards.yml` (or `HINDSIGHT_SAFEGUARDS`), checks every safeguard
 * through the GitHub API (`GITHUB_TOKEN`, `GITHUB_API_URL`), prints each one's state and a summary.
 *
 * Exit codes: 0 all well; 1 a safeguard drifted (with `--strict` also: missing, an expired or missing attestation,
 * never decided, or a check that could not decide); 2 a problem with the configuration, the database or the
 * safeguards file (its problems are listed as `file:line: ...`; the good entries are still verified).
 *
 * As a scheduled CI job (a GitHub Actions `schedule:` workflow running `npx hindsight verify`), the job fails
 * when a safeguard drifts. "Drifted" means "was verified before": keep the database between runs (cache
 * `data/hindsight.db`, or point `HINDSIGHT_DB` at a kept file) so drift is told apart from "never there"; on a
 * fresh database every run, use `--strict`, which fails on anything not verified.
 */
import { resolve } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { Presets, SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { DatabaseError, openDatabase, type Database } from '../db/connection.ts';
import { createGitHubClient } from '../github/client.ts';
import { ingestFolder } from '../ingest/ingest.ts';
import { formatFileProblem, locateSafeguardsFile } from '../safeguards/safeguards-file.ts';
import { refreshSafeguards } from '../safeguards/refresh.ts';
import type { LoadResult } from '../safeguards/store.ts';
import { formatVerifyReport, type VerifyReport } from '../safeguards/verify.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { USAGE_ERROR, type CliContext, type CliIo } from './program.ts';

/** Exit code when a safeguard drifted (or, with `--strict`, is anything but verified or validly attested). */
export const NOT_IN_PLACE = 1;

/** `verify`'s options: `--db`, `--json`, `--strict`, `--no-progress` (progress is drawn only on a terminal). */
export interface VerifyCliOptions {
  db?: string;
  json?: boolean;
  strict?: boolean;
  progress?: boolean;
}

/** What `runVerify` may be given instead of its defaults (tests pass a client with short retries). */
export interface VerifyDependencies {
  /** Builds the GitHub client from the configuration. Default: `createGitHubClient` with the token and API URL. */
  createClient?: (config: Config, log: (message: string) => void) => Octokit;
  /** The clock. Default: the system clock. */
  now?: () => Date;
}

/** `hindsight verify`: see the module comment for the exit codes. */
export async function runVerify(options: VerifyCliOptions, io: CliIo, dependencies: VerifyDependencies = {}): Promise<number> {
  const say = (message: string) => io.stderr(`hindsight verify: ${message}\n`);
  let config: Config;
  try {
    config = loadConfig(io.env ?? {}, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    say(error.message);
    return USAGE_ERROR;
  }
  for (const warning of config.warnings) say(warning);
  const dbFile = options.db ?? config.database;
  let database: Database;
  try {
    database = openDatabase(dbFile === ':memory:' ? dbFile : resolve(io.cwd, dbFile));
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    say(error.message);
    return USAGE_ERROR;
  }
  const now = dependencies.now ?? (() => new Date());
  const log = (message: string) => io.stderr(`github: ${message}\n`);
  const client = dependencies.createClient
    ? dependencies.createClient(config, log)
    : createGitHubClient({ token: config.githubToken, baseUrl: config.githubApiUrl, userAgent: `hindsight/${packageJson.version}`, log });
  if (!config.githubToken) say('GITHUB_TOKEN is not set: 60 requests an hour, public repositories only, and branch protection cannot be read');

  const bar = io.terminal && options.progress !== false && options.json !== true
    ? new SingleBar({ format: 'verify [{bar}] {value}/{total} {key}', stream: io.terminal, noTTYOutput: true, hideCursor: true, clearOnComplete: true }, Presets.shades_classic)
    : null;
  try {
    const ingest = await ingestFolder(database, {
      root: resolve(io.cwd, config.postmortems),
      extensions: config.extensions,
      timezone: config.timezone,
      repo: config.repo,
      now,
    });
    for (const error of ingest.errors) say(error);
    const file = locateSafeguardsFile(config.safeguardsFile, config.postmortems, io.cwd);
    const shownAs = file === null ? null : (config.safeguardsFile ?? `${config.postmortems.replace(/\/+$/, '')}/safeguards.yml`);
    if (file === null) say(`no safeguards file (${config.postmortems}/safeguards.yml, or HINDSIGHT_SAFEGUARDS): verifying the safeguards created through the API`);
    bar?.start(0, 0, { key: '' });
    const { load, report } = await refreshSafeguards(database, client, {
      file,
      shownAs: shownAs ?? undefined,
      now: now(),
      onProgress: bar
        ? ({ done, total, key }) => {
            bar.setTotal(total);
            bar.update(done, { key });
          }
        : undefined,
    });
    bar?.stop();
    if (options.json === true) io.stdout(`${JSON.stringify({ file: shownAs, load, report })}\n`);
    else {
      if (load && shownAs) io.stdout(`${shownAs}: ${formatLoad(load)}\n`);
      io.stdout(formatVerifyReport(report));
    }
    for (const problem of load?.problems ?? []) io.stderr(`${formatFileProblem(problem)}\n`);
    for (const error of report.errors) io.stderr(`${error.key}: ${error.message}\n`);
    if (load && load.problems.length > 0) return USAGE_ERROR;
    const why = whyNotInPlace(report, options.strict === true);
    if (why !== null) say(why);
    return why === null ? 0 : NOT_IN_PLACE;
  } finally {
    bar?.stop();
    database.close();
  }
}

/**
 * Whether the run fails: drift always, and a run that could check nothing on GitHub (a missing or refused token
 * would otherwise keep a scheduled job green for ever); with `strict` also anything not verified or validly
 * attested, and any check that could not decide.
 */
export function notInPlace(report: VerifyReport, strict: boolean): boolean {
  return whyNotInPlace(report, strict) !== null;
}

/** Why the run fails (one sentence), or null when it does not: see `notInPlace`. */
export function whyNotInPlace(report: VerifyReport, strict: boolean): string | null {
  if (report.drifted > 0) return `${report.drifted} drifted`;
  const automatic = report.checked - report.manual;
  if (automatic > 0 && report.errors.length >= automatic) {
    return `nothing could be checked on GitHub (${report.errors[0]!.message}): is GITHUB_TOKEN set and allowed to read these repositories?`;
  }
  if (!strict) return null;
  const reasons = [
    report.missing > 0 ? `${report.missing} missing` : '',
    report.expired > 0 ? `${report.expired} with an expired attestation` : '',
    report.unattested > 0 ? `${report.unattested} never attested` : '',
    report.unknown > 0 ? `${report.unknown} never decided` : '',
    report.errors.length > 0 ? `${report.errors.length} could not be checked` : '',
  ].filter(Boolean);
  return reasons.length > 0 ? `--strict: ${reasons.join(', ')}` : null;
}

/** `4 safeguards: 1 new, 0 updated, 3 unchanged, 0 archived; 2 links added, 0 removed`. */
function formatLoad(load: LoadResult): string {
  const total = load.created + load.updated + load.unchanged;
  const problems = load.problems.length > 0 ? `; ${load.problems.length} problem${load.problems.length === 1 ? '' : 's'}` : '';
  return (
    `${total} safeguard${total === 1 ? '' : 's'}: ${load.created} new, ${load.updated} updated, ${load.unchanged} unchanged, ${load.archived} archived; ` +
    `${load.linked} link${load.linked === 1 ? '' : 's'} added, ${load.unlinked} removed${problems}`
  );
}

/** Registers `verify [--db FILE] [--json] [--strict] [--no-progress]`. */
export function registerVerify(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description(
      'check that the safeguards (postmortems/safeguards.yml and those added through the API) are still in place on GitHub; ' +
        'exits 1 when one drifted (usable as a scheduled CI job), 2 for configuration, database or file problems',
    )
    .addOption(new Option('--db <file>', 'the database file (default: HINDSIGHT_DB, else data/hindsight.db)'))
    .option('--json', 'print the result as JSON')
    .option('--strict', 'also exit 1 when a safeguard is missing, its attestation expired or is missing, or a check could not decide')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (options: VerifyCliOptions) => context.exit(await runVerify(options, context.io)));
}
