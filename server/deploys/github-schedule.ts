/**
 * The server's own import of GitHub Deployments for `HINDSIGHT_DEPLOY_REPOS`: once after start, then every
 * `HINDSIGHT_DEPLOY_SYNC_MINUTES`. Each run reads the deployments created in the last days (so statuses that
 * changed since the last run are seen again) and stores them idempotently; webhooks, when set up, bring changes
 * sooner. A run that fails is reported and the next one tries again; runs never overlap.
 */
import type { Database } from '../db/connection.ts';
import { upsertDeployments } from '../db/deployment-store.ts';
import { describeGitHubError, type GitHubClient } from '../github/client.ts';
import { importGitHubDeployments } from '../github/deployments.ts';
import { formatImport } from './import-file.ts';

/** How far back the first run reads. */
export const FIRST_RUN_DAYS = 30;
/** How far back later runs read: statuses of deployments this recent may still change. */
export const LATER_RUN_DAYS = 2;

export interface ScheduleOptions {
  database: Database;
  client: GitHubClient;
  repos: readonly string[];
  environments: readonly string[] | null;
  /** Minutes between runs. */
  everyMinutes: number;
  report: (line: string) => void;
  warn: (line: string) => void;
  now?: () => Date;
}

export interface DeploySchedule {
  /** Resolves when the run in progress (if any) has finished. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the schedule: the first run right away (in the background), then one every `everyMinutes`. */
export function scheduleGitHubDeployments(options: ScheduleOptions): DeploySchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  let runs = 0;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running || stopped) return running ?? Promise.resolve();
    const days = runs === 0 ? FIRST_RUN_DAYS : LATER_RUN_DAYS;
    runs += 1;
    const since = new Date(now().getTime() - days * 86_400_000).toISOString();
    running = (async () => {
      try {
        const result = await importGitHubDeployments(options.client, { repos: [...options.repos], environments: options.environments ? [...options.environments] : null, since });
        if (stopped) return;
        const counts = upsertDeployments(options.database, result.events, now());
        if (counts.created + counts.updated > 0 || result.failures.length > 0) {
          options.report(`GitHub deployments (${options.repos.join(', ')}, last ${days} days): ${formatImport(counts)}`);
        }
        for (const failure of result.failures) options.warn(`  ${failure.repo}${failure.environment ? ` (${failure.environment})` : ''}: ${failure.message}`);
      } catch (error) {
        options.warn(`GitHub deployments: ${describeGitHubError(error)}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void run(), options.everyMinutes * 60_000);
  timer.unref();
  void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
