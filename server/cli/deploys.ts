/**
 * `hindsight deploys ...`: bring deployment events into the database from a file, from a deploy branch's git
 * history, or from GitHub's Deployments API; and list what is stored. Every import is idempotent: running it
 * again changes nothing (or updates what a later report added, such as a final status).
 */
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig, repoProblem, type Config } from '../config.ts';
import { DatabaseError, openDatabase, type Database } from '../db/connection.ts';
import { deleteDeployments, upsertDeployments } from '../db/deployment-store.ts';
import { environmentNames, listDeployments } from '../db/queries/deployment-list.ts';
import { sameEnvironment } from '../deploys/environments.ts';
import { readTime } from '../deploys/event.ts';
import { formatImport, importDeploymentFile } from '../deploys/import-file.ts';
import { GitHistoryError, readGitDeployments } from '../deploys/git-history.ts';
import { createGitHubClient, describeGitHubError } from '../github/client.ts';
import { importGitHubDeployments } from '../github/deployments.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { parseZoneOption, zoneOption } from './option-values.ts';
import { USAGE_ERROR, type CliContext, type CliIo } from './program.ts';

/** Exit code when some rows or repositories could not be imported (the others were stored). */
const SOME_FAILED = 1;

interface Common {
  db?: string;
  json?: boolean;
  progress?: boolean;
}

/** Configuration and database for a subcommand, or an exit code after reporting why not. */
function open(name: string, options: Common, io: CliIo): { config: Config; database: Database; file: string } | number {
  let config: Config;
  try {
    config = loadConfig(io.env ?? {}, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`hindsight deploys ${name}: ${error.message}\n`);
    return USAGE_ERROR;
  }
  for (const warning of config.warnings) io.stderr(`hindsight deploys ${name}: ${warning}\n`);
  const file = options.db ?? config.database;
  try {
    return { config, database: openDatabase(file === ':memory:' ? file : resolve(io.cwd, file)), file };
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    io.stderr(`hindsight deploys ${name}: ${error.message}\n`);
    return USAGE_ERROR;
  }
}

/** `--since`: a day or an ISO time with an offset, as an ISO UTC instant. */
function parseSince(text: string): string {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text;
  const read = readTime(value, null);
  if (read.startsWith('!')) throw new InvalidArgumentError(read.slice(1));
  return read;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function progressBar(io: CliIo, options: Common, format: string): SingleBar | null {
  if (!io.terminal || options.progress === false || options.json === true) return null;
  return new SingleBar({ format, stream: io.terminal, noTTYOutput: true, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
}

interface ImportOptions extends Common {
  timezone?: string;
  format?: 'ndjson' | 'json' | 'csv';
}

/** `deploys import FILE...`: 0, 1 when some rows were bad (listed on stderr, the good ones stored), 2 for setup problems. */
export async function runImport(files: readonly string[], options: ImportOptions, io: CliIo): Promise<number> {
  const opened = open('import', options, io);
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  let failed = false;
  const results = [];
  try {
    for (const file of files) {
      const result = await importDeploymentFile(database, resolve(io.cwd, file), {
        shownAs: file,
        ...(options.format ? { format: options.format } : {}),
        timezone: options.timezone ?? null,
        now: new Date(),
      });
      results.push({ file, ...result });
      if (options.json !== true) io.stdout(`${file}: ${formatImport(result)}\n`);
      for (const warning of result.warnings) io.stderr(`${warning}\n`);
      for (const error of result.errors) io.stderr(`${error}\n`);
      if (result.errors.length > 0) failed = true;
    }
  } finally {
    database.close();
  }
  if (options.json === true) io.stdout(`${JSON.stringify(results)}\n`);
  return failed ? SOME_FAILED : 0;
}

interface GitOptions extends Common {
  repo: string;
  branch: string;
  environment: string;
  service?: string;
  since?: string;
  repoName?: string;
}

/** `deploys import-git`: 0, or 2 when the clone or branch cannot be read. */
export async function runImportGit(options: GitOptions, io: CliIo): Promise<number> {
  const opened = open('import-git', options, io);
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  const bar = progressBar(io, options, 'git log [{bar}] {value} commits');
  try {
    bar?.start(0, 0);
    const history = await readGitDeployments({
      repo: resolve(io.cwd, options.repo),
      branch: options.branch,
      environment: options.environment,
      service: options.service ?? null,
      since: options.since ?? null,
      ...(options.repoName ? { repoName: options.repoName } : {}),
      onProgress: bar
        ? (count) => {
            bar.setTotal(count);
            bar.update(count);
          }
        : undefined,
    });
    bar?.stop();
    const counts = upsertDeployments(database, history.events, new Date());
    if (options.json === true) io.stdout(`${JSON.stringify({ branch: history.branch, repo: history.repoName, ...counts })}\n`);
    else io.stdout(`${options.repo} ${history.branch} → ${options.environment}: ${formatImport(counts)}\n`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (!(error instanceof GitHistoryError)) throw error;
    io.stderr(`hindsight deploys import-git: ${error.message}\n`);
    return USAGE_ERROR;
  } finally {
    database.close();
  }
}

interface GitHubOptions extends Common {
  repo?: string[];
  environment?: string[];
  since?: string;
}

/** `deploys import-github`: 0, 1 when some repositories failed (reported; the rest stored), 2 for setup problems. */
export async function runImportGitHub(options: GitHubOptions, io: CliIo): Promise<number> {
  const opened = open('import-github', options, io);
  if (typeof opened === 'number') return opened;
  const { config, database } = opened;
  const repos = options.repo && options.repo.length > 0 ? options.repo : config.deployRepos;
  if (repos.length === 0) {
    database.close();
    io.stderr('hindsight deploys import-github: name the repositories: --repo owner/name (or set HINDSIGHT_DEPLOY_REPOS)\n');
    return USAGE_ERROR;
  }
  const environments = options.environment && options.environment.length > 0 ? options.environment : config.deployEnvironments;
  const octokit = createGitHubClient({
    token: config.githubToken,
    baseUrl: config.githubApiUrl,
    userAgent: `hindsight/${packageJson.version}`,
    log: (message: string) => io.stderr(`github: ${message}\n`),
  });
  const bar = progressBar(io, options, 'github [{bar}] {value} deployments {repo}');
  try {
    bar?.start(0, 0, { repo: '' });
    const result = await importGitHubDeployments(octokit, {
      repos,
      environments: environments ?? null,
      since: options.since ?? null,
      onProgress: bar
        ? (p: { repo: string; deployments: number }) => {
            bar.setTotal(p.deployments);
            bar.update(p.deployments, { repo: p.repo });
          }
        : undefined,
    });
    bar?.stop();
    const counts = upsertDeployments(database, result.events, new Date());
    if (options.json === true) io.stdout(`${JSON.stringify({ ...counts, requests: result.requests, failures: result.failures })}\n`);
    else io.stdout(`${repos.join(', ')} (${config.githubApiUrl}): ${formatImport(counts)}, ${result.requests} requests\n`);
    for (const failure of result.failures) {
      io.stderr(`${failure.repo}${failure.environment ? ` (${failure.environment})` : ''}: ${failure.message}\n`);
    }
    return result.failures.length > 0 ? SOME_FAILED : 0;
  } catch (error) {
    bar?.stop();
    io.stderr(`hindsight deploys import-github: ${describeGitHubError(error)}\n`);
    return SOME_FAILED;
  } finally {
    database.close();
  }
}

interface ListOptions extends Common {
  environment?: string;
  limit?: number;
}

/** `deploys list`: the newest deployments, one per line (or JSON). */
export function runList(options: ListOptions, io: CliIo): number {
  const opened = open('list', options, io);
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  try {
    const wanted = options.environment;
    const page = listDeployments(database, {
      environments: wanted ? environmentNames(database).filter((name) => sameEnvironment(name, wanted)) : null,
      limit: options.limit ?? 20,
      offset: 0,
    });
    if (options.json === true) {
      io.stdout(`${JSON.stringify(page)}\n`);
      return 0;
    }
    for (const d of page.items) {
      const what = [d.service, d.version ?? d.ref, d.sha?.slice(0, 7)].filter(Boolean).join(' ');
      io.stdout(printable(`${d.startedAt}  ${d.environment.padEnd(12)} ${d.kind.padEnd(8)} ${d.status.padEnd(11)} ${what}  ${d.description ?? ''}`) + '\n');
    }
    io.stdout(`${page.items.length} of ${page.total} deployments\n`);
    return 0;
  } finally {
    database.close();
  }
}

/** `deploys remove KEY...`: deletes deployments recorded by mistake; 1 when one of them was not there. */
export function runRemove(keys: readonly string[], options: Common, io: CliIo): number {
  const opened = open('remove', options, io);
  if (typeof opened === 'number') return opened;
  try {
    let missing = 0;
    for (const key of keys) {
      const value = /^\d+$/.test(key) && !opened.database.sqlite.prepare('select 1 from deployments where idempotency_key = ?').get(key) ? Number(key) : key;
      if (deleteDeployments(opened.database, [value]) === 0) {
        io.stderr(`no deployment ${JSON.stringify(key)} (give its key, as \`deploys list --json\` shows it, or its id)\n`);
        missing += 1;
      }
    }
    io.stdout(`${keys.length - missing} removed\n`);
    return missing > 0 ? SOME_FAILED : 0;
  } finally {
    opened.database.close();
  }
}

/** Terminal-safe text: control characters and bidirectional overrides from imported data shown as `?`. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

function parseLimit(text: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) throw new InvalidArgumentError('use a number from 1 to 1000');
  return Number(text);
}

function parseRepo(text: string, previous: string[] = []): string[] {
  const repos = collect(text);
  for (const repo of repos) {
    const problem = repoProblem(repo);
    if (problem) throw new InvalidArgumentError(problem);
  }
  return [...previous, ...repos];
}

const dbOption = () => new Option('--db <file>', 'the database file (default: HINDSIGHT_DB, else data/hindsight.db)');

/** Registers `deploys import | import-git | import-github | list | remove`. */
export function registerDeploys(program: Command, context: CliContext): void {
  const deploys = program.command('deploys').description('deployment events: import them from files, git history or GitHub; list them');
  deploys
    .command('import')
    .description('import NDJSON, JSON or CSV deployment exports (bad rows are listed with their line; the good ones are stored)')
    .argument('<files...>', 'the files (format from the ending: .ndjson/.jsonl, .json, .csv)')
    .addOption(new Option('--format <format>', 'read every file as this format').choices(['ndjson', 'json', 'csv']))
    .addOption(zoneOption().argParser(parseZoneOption))
    .addOption(dbOption())
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], options: ImportOptions) => context.exit(await runImport(files, options, context.io)));
  deploys
    .command('import-git')
    .description("import a deploy branch's first-parent history from a local clone: each commit that landed on it is a deployment")
    .requiredOption('--repo <path>', 'the local clone')
    .requiredOption('--branch <branch>', 'the deploy branch (a local or remote-tracking branch: prod, origin/prod)')
    .requiredOption('--environment <name>', 'the environment the branch deploys to')
    .option('--service <name>', 'the service the branch deploys')
    .addOption(new Option('--since <time>', 'only commits that landed since this day or time').argParser(parseSince))
    .option('--repo-name <owner/name>', 'the GitHub repository for commit and PR links (default: from the origin remote)')
    .addOption(dbOption())
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (options: GitOptions) => context.exit(await runImportGit(options, context.io)));
  deploys
    .command('import-github')
    .description('import GitHub Deployments with their statuses (GITHUB_TOKEN, GITHUB_API_URL)')
    .addOption(new Option('--repo <owner/name>', 'a repository (repeat or comma-separate; default: HINDSIGHT_DEPLOY_REPOS)').argParser(parseRepo))
    .addOption(new Option('--environment <name>', 'only this environment (repeatable; default: HINDSIGHT_DEPLOY_ENVIRONMENTS, else all)').argParser(collect))
    .addOption(new Option('--since <time>', 'only deployments created since this day or time').argParser(parseSince))
    .addOption(dbOption())
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (options: GitHubOptions) => context.exit(await runImportGitHub(options, context.io)));
  deploys
    .command('remove')
    .description('delete deployments recorded by mistake (by key or id); importing them again brings them back')
    .argument('<keys...>', 'keys (or ids) of the deployments')
    .addOption(dbOption())
    .action((keys: string[], options: Common) => context.exit(runRemove(keys, options, context.io)));
  deploys
    .command('list')
    .description('the newest deployments')
    .option('--environment <name>', 'only this environment')
    .addOption(new Option('--limit <n>', 'how many (1 to 1000; default 20)').argParser(parseLimit))
    .addOption(dbOption())
    .option('--json', 'print the page as JSON')
    .action((options: ListOptions) => context.exit(runList(options, context.io)));
}
