/**
 * The server's own GitHub sync of action items (`HINDSIGHT_SYNC_MINUTES`): once after start, then every
 * `everyMinutes`. Each run is `syncIssues`, which asks only for what changed (a run with nothing new costs no rate
 * limit); webhooks, when set up, bring changes within seconds in between. A run that fails is reported and the next
 * one tries again; runs never overlap. `afterSync` runs after each sync (the safeguard verification hooks in here).
 */
import type { Database } from '../db/connection.ts';
import { describeGitHubError, type GitHubClient } from '../github/client.ts';
import { formatSyncReport, syncIssues, type SyncReport } from './sync-issues.ts';

export interface SyncScheduleOptions {
  database: Database;
  client: GitHubClient;
  /** Minutes between runs; 0 (or less): no runs of its own, only `runNow`. */
  everyMinutes: number;
  /** Receives a summary line after a run that changed something or failed. */
  report: (line: string) => void;
  /** Receives each failure, and errors of the run itself or of `afterSync`. */
  warn: (line: string) => void;
  /** The clock. Default: the system clock. */
  now?: () => Date;
  /** Only these repositories. Default: every linked one. */
  repos?: readonly string[] | null;
  /** Runs after every sync with its report (also when some of it failed); its errors are warned about. Default: none. */
  afterSync?: (report: SyncReport) => void | Promise<void>;
}

export interface SyncSchedule {
  /** Starts a run unless one is running; resolves with its report (null when it failed as a whole, or after `stop`). */
  runNow(): Promise<SyncReport | null>;
  /** Stops the schedule; resolves when the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

/** Starts the schedule: the first run right away (in the background), then one every `everyMinutes`. */
export function scheduleSync(options: SyncScheduleOptions): SyncSchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<SyncReport | null> | null = null;
  let stopped = false;
  const run = (): Promise<SyncReport | null> => {
    if (running) return running;
    if (stopped) return Promise.resolve(null);
    running = (async () => {
      try {
        const report = await syncIssues(options.database, options.client, { now: now(), repos: options.repos ?? null });
        if (report.linksUpdated > 0 || report.itemsChanged.length > 0 || report.failures.length > 0) {
          options.report(`GitHub sync: ${formatSyncReport(report)}`);
        }
        for (const failure of report.failures) {
          options.warn(`  ${failure.repo}${failure.number === undefined ? '' : `#${failure.number}`}: ${failure.message}`);
        }
        if (options.afterSync && !stopped) {
          try {
            await options.afterSync(report);
          } catch (error) {
            options.warn(`after the GitHub sync: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return report;
      } catch (error) {
        options.warn(`GitHub sync: ${describeGitHubError(error)}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = options.everyMinutes > 0 ? setInterval(() => void run(), options.everyMinutes * 60_000) : null;
  timer?.unref();
  if (timer) void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
