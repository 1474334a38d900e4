/**
 * The running service: the web UI built if its sources changed → database → migrations → ingest of the
 * postmortems folder → watching it → HTTP app → listening. `npm start` (server/main.ts) and `hindsight serve` both start it; `close()` stops it cleanly (the
 * watcher first, then HTTP, then the ingest in flight, then the database).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/connection.ts';
import { fileStateByPath } from './db/incident-store.ts';
import { buildApp } from './http/app.ts';
import { IngestQueue } from './ingest/queue.ts';
import { formatSummary, type IngestSummary } from './ingest/summary.ts';
import { watchFolder, type FolderWatch } from './ingest/watch.ts';
import { ensureWebBuild } from './web-build.ts';
import { deploymentFiles } from './deploys/deployment-files.ts';
import { watchFiles, type FilesWatch } from './files/watch-files.ts';
import { scheduleSync, type SyncSchedule } from './actions/sync-schedule.ts';
import { refreshSafeguards } from './safeguards/refresh.ts';
import { formatFileProblem, locateSafeguardsFile, readSafeguardsFile } from './safeguards/safeguards-file.ts';
import { loadSafeguards } from './safeguards/store.ts';
import { formatVerifyReport } from './safeguards/verify.ts';
import { formatImport, importDeploymentFile } from './deploys/import-file.ts';
import { scheduleGitHubDeployments, type DeploySchedule } from './deploys/github-schedule.ts';
import { createGitHubClient, type GitHubClient } from './github/client.ts';

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

/** Thrown by `startServer` when `signal` stopped it before it was serving (everything opened is closed again). */
export class StartAborted extends Error {
  constructor() {
    super('stopped while starting');
    this.name = 'StartAborted';
  }
}

/**
 * Starts Hindsight with `config`; relative paths are resolved against `cwd`. `signal` stops a start in progress
 * (the start-up ingest ends after the file being written), rejecting with {@link StartAborted}.
 */
export async function startServer(config: Config, cwd: string, output: ServeOutput, signal?: AbortSignal): Promise<RunningServer> {
  const started = Date.now();
  const web = await ensureWebBuild({ onBuild: (reason) => output.info(`building the web UI (${reason}) ...`) });
  if (web.built) output.info(`web UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const databaseFile = config.database === ':memory:' ? config.database : resolve(cwd, config.database);
  const root = resolve(cwd, config.postmortems);
  const database = openDatabase(databaseFile);
  const queue = new IngestQueue(database, { root, extensions: config.extensions, timezone: config.timezone, repo: config.repo });
  const report = (summary: IngestSummary, what: string) => {
    output.info(`${what}: ${formatSummary(summary)}`);
    for (const failure of summary.failures) output.warn(`  ${config.postmortems}/${failure.file}: ${failure.error}`);
    for (const error of summary.errors) output.warn(`  ${error}`);
  };

  /** `POST /api/ingest` with paths: like the watcher's, but a path that names nothing is reported, not skipped. */
  const ingestRequested = async (paths: readonly string[]): Promise<IngestSummary> => {
    const namesNothing = (path: string) => {
      const inside = relative(root, resolve(root, path));
      if (inside.startsWith('..') || isAbsolute(inside)) return true;
      return !existsSync(resolve(root, inside)) && fileStateByPath(database.db, inside.split(sep).join('/')) === null;
    };
    const unknown = paths.filter(namesNothing);
    // (a copy: the queue may have merged these paths into a run the watcher is waiting for too)
    const ran = await queue.paths(paths.filter((path) => !unknown.includes(path)));
    const missing = unknown.map((file) => ({ file, error: `not in ${config.postmortems}/ (no such file, and no incident stored for it)` }));
    return { ...ran, failed: ran.failed + missing.length, failures: [...ran.failures, ...missing] };
  };

  const deployFiles = deploymentFiles(config.deploymentFiles, cwd, root);
  const importDeployments = async (path: string, what: string) => {
    const shown = relative(cwd, path) || path;
    const result = await importDeploymentFile(database, path, { shownAs: shown, now: new Date() });
    output.info(`${what} ${shown}: ${formatImport(result)}`);
    for (const line of [...result.warnings, ...result.errors]) output.warn(`  ${line}`);
  };

  // GitHub: one client for everything, only with a token (the example data points at an example-org that does
  // not exist; without a token nothing is asked of GitHub). The deployments import works without one.
  const github: GitHubClient | null = config.githubToken
    ? createGitHubClient({ token: config.githubToken, baseUrl: config.githubApiUrl, log: (line) => output.warn(`github: ${line}`) })
    : null;
  const safeguardsFile = locateSafeguardsFile(config.safeguardsFile, config.postmortems, cwd);
  const safeguardsShown = safeguardsFile ? relative(cwd, safeguardsFile) || safeguardsFile : null;
  /** Loads the safeguards file into the store (after the items it names are there); reports only what changed. */
  const loadSafeguardsFile = (what: string) => {
    if (!safeguardsFile || !safeguardsShown) return;
    const load = loadSafeguards(database, readSafeguardsFile(safeguardsFile, safeguardsShown), { now: new Date(), file: safeguardsShown });
    if (load.created + load.updated + load.archived + load.linked + load.unlinked > 0 || what === 'safeguards from') {
      output.info(`${what} ${safeguardsShown}: ${load.created} new, ${load.updated} changed, ${load.unchanged} unchanged, ${load.archived} archived`);
    }
    for (const problem of load.problems) output.warn(`  ${formatFileProblem(problem)}`);
  };
  const verify = github
    ? async (request: { keys?: string[] }) => {
        const result = await refreshSafeguards(database, github, {
          file: safeguardsFile,
          ...(safeguardsShown ? { shownAs: safeguardsShown } : {}),
          now: new Date(),
          ...(request.keys ? { keys: request.keys } : {}),
        });
        return result.report;
      }
    : null;

  let watch: FolderWatch | null = null;
  let deployWatch: FilesWatch | null = null;
  let safeguardsWatch: FilesWatch | null = null;
  let deploySchedule: DeploySchedule | null = null;
  let issueSync: SyncSchedule | null = null;
  let app: FastifyInstance | null = null;
  const stopStarting = () => void queue.close();
  signal?.addEventListener('abort', stopStarting);
  try {
    report(await queue.folder(), `read ${config.postmortems}/ into ${config.database}`);
    if (signal?.aborted) throw new StartAborted();
    for (const path of deployFiles) await importDeployments(path, 'deployments from');
    loadSafeguardsFile('safeguards from');
    if (config.watch && safeguardsFile) {
      safeguardsWatch = watchFiles(
        [safeguardsFile],
        () => loadSafeguardsFile('changed:'),
        (error) => output.warn(`watching ${safeguardsShown}: ${String(error)}`),
      );
      await safeguardsWatch.ready;
    }
    if (config.watch && deployFiles.length > 0) {
      deployWatch = watchFiles(
        deployFiles,
        (path) => {
          importDeployments(path, 'changed:').catch((error: unknown) => output.warn(`importing ${path} failed: ${String(error)}`));
        },
        (error) => output.warn(`watching the deployment files: ${String(error)}`),
      );
      await deployWatch.ready;
    }
    if (config.watch) {
      watch = watchFolder({
        root,
        extensions: config.extensions,
        onChange: (paths) => {
          queue.paths(paths).then(
            (summary) => {
              report(summary, `${config.postmortems}/ changed`);
              // The items the safeguards file names may have changed.
              loadSafeguardsFile('safeguards of');
            },
            (error: unknown) => output.warn(`ingest after a change failed: ${String(error)}`),
          );
        },
        onRescan: () => {
          queue.folder().then(
            (summary) => report(summary, `${config.postmortems}/ is back`),
            (error: unknown) => output.warn(`reading ${config.postmortems}/ again failed: ${String(error)}`),
          );
        },
        onError: (error) => output.warn(`watching ${config.postmortems}/: ${String(error)}`),
      });
      await watch.ready;
    }
    app = await buildApp({
      database,
      auth: { token: config.token, protectReads: config.protectReads },
      ingest: (request) => (request.paths && request.paths.length > 0 ? ingestRequested(request.paths) : queue.folder()),
      logger: { level: 'warn', redact: ['req.headers.authorization'] },
      version: packageJson.version,
      web: { dir: web.dir },
      correlationHours: config.correlationHours,
      github: { client: github, defaultRepo: config.repo, issueLabel: config.issueLabel, publicUrl: config.publicUrl, syncMinutes: config.syncMinutes },
      safeguards: { attestationDays: config.attestationDays, verify },
      webhooks: { secret: config.webhookSecret, deployBranches: config.deployBranches },
    });
    await app.listen({ port: config.port, host: config.host });
    if (signal?.aborted) throw new StartAborted();
    if (github && config.syncMinutes > 0) {
      issueSync = scheduleSync({
        database,
        client: github,
        everyMinutes: config.syncMinutes,
        report: (line) => output.info(line),
        warn: (line) => output.warn(line),
        afterSync: async () => {
          const report = await verify!({});
          if (report.changes.length > 0 || report.errors.length > 0) output.info(`safeguards: ${formatVerifyReport(report)}`);
        },
      });
    }
    if (config.deployRepos.length > 0 && config.deploySyncMinutes > 0) {
      deploySchedule = scheduleGitHubDeployments({
        database,
        client: github ?? createGitHubClient({ token: null, baseUrl: config.githubApiUrl, log: (line) => output.warn(`github: ${line}`) }),
        repos: config.deployRepos,
        environments: config.deployEnvironments,
        everyMinutes: config.deploySyncMinutes,
        report: (line) => output.info(line),
        warn: (line) => output.warn(line),
      });
    }
  } catch (error) {
    await issueSync?.stop();
    await deploySchedule?.stop();
    await safeguardsWatch?.close();
    await deployWatch?.close();
    await watch?.close();
    await app?.close();
    await queue.close();
    database.close();
    throw signal?.aborted ? new StartAborted() : error;
  } finally {
    signal?.removeEventListener('abort', stopStarting);
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
        await issueSync?.stop();
        await deploySchedule?.stop();
        await safeguardsWatch?.close();
        await deployWatch?.close();
        await watch?.close();
        await running.close();
        await queue.close();
        database.close();
      })();
      return closing;
    },
  };
}
