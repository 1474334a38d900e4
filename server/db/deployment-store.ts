/**
 * Writing deployment events: insert new ones, update known ones (found by key) with what a later report adds,
 * change nothing when an event is imported again. Queries only; what to import is `server/deploys`' job.
 *
 * Merge rule for a known key: a field the new report leaves out (or holds only by default: kind, status) keeps
 * its stored value; a report older than the stored status (its `statusAt`) changes nothing already known, so a
 * redelivered or out-of-order `queued` never overwrites `success`, nor its finish time or URL; and a report of the
 * same moment (or, without status times, any later report) never takes a finished deployment back to queued or in
 * progress.
 */
import type { Database } from './connection.ts';
import type { DeploymentEvent } from '../domain/deployment.ts';
import { statement } from './queries/statements.ts';

/** What an import did: new rows, rows a report changed, reports that changed nothing. */
export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The stored event with its row id. */
export interface StoredDeployment extends DeploymentEvent {
  id: number;
}

/** The columns of `deployments` under the event's field names. */
export const DEPLOYMENT_COLUMNS = `id, idempotency_key as key, environment, service, repo, ref, sha, pull_number as pullNumber,
  version, kind, status, started_at as startedAt, finished_at as finishedAt, status_at as statusAt, actor, url, description, source`;

/** Statuses a deployment ends in. */
const FINISHED = new Set(['success', 'failure', 'error', 'inactive']);

const MERGED_FIELDS = [
  'environment',
  'service',
  'repo',
  'ref',
  'sha',
  'pullNumber',
  'version',
  'kind',
  'startedAt',
  'finishedAt',
  'actor',
  'url',
  'description',
] as const;

/** Stores `events` in one transaction (all or nothing) and counts what changed; `now` stamps updated rows. */
export function upsertDeployments(database: Database, events: readonly DeploymentEvent[], now: Date): UpsertCounts {
  const find = statement(database, `select ${DEPLOYMENT_COLUMNS} from deployments where idempotency_key = ?`);
  const insert = statement(
    database,
    `insert into deployments (idempotency_key, environment, service, repo, ref, sha, pull_number, version, kind, status,
       started_at, finished_at, status_at, actor, url, description, source)
     values (@key, @environment, @service, @repo, @ref, @sha, @pullNumber, @version, @kind, @status,
       @startedAt, @finishedAt, @statusAt, @actor, @url, @description, @source)`,
  );
  const update = statement(
    database,
    `update deployments set environment = @environment, service = @service, repo = @repo, ref = @ref, sha = @sha,
       pull_number = @pullNumber, version = @version, kind = @kind, status = @status, started_at = @startedAt,
       finished_at = @finishedAt, status_at = @statusAt, actor = @actor, url = @url, description = @description,
       updated_at = @updatedAt
     where id = @id`,
  );
  const stamp = now.toISOString();
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  database.sqlite.transaction(() => {
    for (const event of events) {
      const stored = find.get(event.key) as StoredDeployment | undefined;
      if (!stored) {
        insert.run(event);
        counts.created += 1;
        continue;
      }
      const merged = mergeReport(stored, event);
      if (merged === null) {
        counts.unchanged += 1;
        continue;
      }
      update.run({ ...merged, updatedAt: stamp });
      counts.updated += 1;
    }
  })();
  return counts;
}

/** `stored` with what `report` adds, or null when the report changes nothing. */
export function mergeReport(stored: StoredDeployment, report: DeploymentEvent): StoredDeployment | null {
  const merged: StoredDeployment = { ...stored };
  const defaulted = report.defaulted ?? [];
  // A report older than the stored status (a late or redelivered webhook) only fills what is still unknown.
  const older = report.statusAt !== null && stored.statusAt !== null && report.statusAt < stored.statusAt;
  for (const field of MERGED_FIELDS) {
    const value = report[field];
    if (value === null || value === undefined || ((field === 'kind' || field === 'startedAt') && defaulted.includes(field))) continue;
    if (older && stored[field] !== null) continue;
    (merged as unknown as Record<string, unknown>)[field] = value;
  }
  // A report without its own status time is as new as the stored one only when neither has one; a status the
  // report did not give (the default) never replaces one.
  // Reports at the same moment (or neither timed) never take a finished deployment back to queued or in progress.
  const sameMoment = report.statusAt === stored.statusAt;
  const backwards = sameMoment && FINISHED.has(stored.status) && !FINISHED.has(report.status);
  const takeStatus = !older && !backwards && !defaulted.includes('status') && !(report.statusAt === null && stored.statusAt !== null);
  if (takeStatus) {
    merged.status = report.status;
    merged.statusAt = report.statusAt ?? stored.statusAt;
  }
  const changed = (Object.keys(merged) as (keyof StoredDeployment)[]).some((field) => merged[field] !== stored[field]);
  return changed ? merged : null;
}

/** Deletes deployments by id or key (and the verdicts given on them); returns how many were deleted. */
export function deleteDeployments(database: Database, idsOrKeys: ReadonlyArray<number | string>): number {
  const byId = statement(database, 'delete from deployments where id = ?');
  const byKey = statement(database, 'delete from deployments where idempotency_key = ?');
  let deleted = 0;
  database.sqlite.transaction(() => {
    for (const value of idsOrKeys) deleted += (typeof value === 'number' ? byId.run(value) : byKey.run(value)).changes;
  })();
  return deleted;
}
