/**
 * What correlating incidents with deployments reads: the incidents' times and declared environment, their
 * deploy and rollback entries, the deployments in a time window (one index range scan per incident, on
 * `deployments_started_idx`), and people's verdicts.
 */
import type { Milestones } from '../../domain/postmortem.ts';
import type { Database } from '../connection.ts';
import { DEPLOYMENT_COLUMNS, type StoredDeployment } from '../deployment-store.ts';
import type { DeploymentVerdict } from '../schema.ts';
import { statement } from './statements.ts';

/** An incident's columns correlation needs. */
export interface CorrelationIncidentRow {
  id: number;
  slug: string;
  title: string | null;
  date: string | null;
  timezone: string | null;
  declaredTimezone: string | null;
  /** The milestones as parsed (for whether the start was stated or inferred, and from which line). */
  milestones: Milestones | null;
  /** The milestone instants as stored (ISO UTC). */
  startedAt: string | null;
  detectedAt: string | null;
  declaredAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  /** Front matter `environment:` (or `env:`), as written. */
  environment: string | null;
  /** Front matter `service:` / `services:` (comma-separated), as written. */
  services: string | null;
  fileHash: string | null;
  removed: boolean;
}

export interface DeployEntryRow {
  incidentId: number;
  index: number;
  at: string | null;
  kind: string;
  text: string;
  line: number;
}

export interface VerdictRow {
  incidentId: number;
  deploymentId: number;
  verdict: DeploymentVerdict;
  decidedBy: string | null;
  decidedAt: string;
  note: string | null;
}

const INCIDENT_COLUMNS = `id, slug, title, date, timezone, declared_timezone as declaredTimezone, milestones,
  started_at as startedAt, detected_at as detectedAt, declared_at as declaredAt, mitigated_at as mitigatedAt, resolved_at as resolvedAt, file_hash as fileHash, removed_at is not null as removed,
  coalesce(json_extract(parsed, '$.metadata.environment'), json_extract(parsed, '$.metadata.env')) as environment,
  coalesce(json_extract(parsed, '$.metadata.services'), json_extract(parsed, '$.metadata.service')) as services`;

interface RawIncident extends Omit<CorrelationIncidentRow, 'milestones' | 'removed'> {
  milestones: string | null;
  removed: number;
}

function toIncident(row: RawIncident): CorrelationIncidentRow {
  return { ...row, milestones: row.milestones ? (JSON.parse(row.milestones) as Milestones) : null, removed: row.removed === 1 };
}

/** Every incident that parsed at least once (removed ones included, marked). */
export function correlationIncidents(database: Database): CorrelationIncidentRow[] {
  const rows = statement(database, `select ${INCIDENT_COLUMNS} from incidents where parsed is not null order by id`).all() as RawIncident[];
  return rows.map(toIncident);
}

/** One incident by id, or null. */
export function correlationIncident(database: Database, id: number): CorrelationIncidentRow | null {
  const row = statement(database, `select ${INCIDENT_COLUMNS} from incidents where id = ? and parsed is not null`).get(id) as RawIncident | undefined;
  return row ? toIncident(row) : null;
}

/** The markdown of the last good parse. */
export function incidentMarkdown(database: Database, id: number): string | null {
  return (statement(database, 'select markdown from incidents where id = ?').pluck().get(id) as string | null | undefined) ?? null;
}

/** Deploy and rollback entries: of one incident, or of all when `incidentId` is null. */
export function deployEntries(database: Database, incidentId: number | null): DeployEntryRow[] {
  const columns = `incident_id as incidentId, position as "index", at, kind, text, line from timeline_entries
    where kind in ('deploy', 'rollback')`;
  if (incidentId === null) return statement(database, `select ${columns} order by incident_id, position`).all() as DeployEntryRow[];
  return statement(database, `select ${columns} and incident_id = ? order by position`).all(incidentId) as DeployEntryRow[];
}

/** Deployments that started in [from, to], oldest first (an index range scan). */
export function deploymentsBetween(database: Database, from: string, to: string): StoredDeployment[] {
  return statement(
    database,
    `select ${DEPLOYMENT_COLUMNS} from deployments indexed by deployments_started_idx
     where started_at >= ? and started_at <= ? order by started_at, id`,
  ).all(from, to) as StoredDeployment[];
}

/**
 * Like `deploymentsBetween`, with only what correlation reads (environment, service, kind, status, time, sha, PR,
 * version, ref): key, repo, finish, status time, actor, URL and description come back null. For correlating
 * every incident at once, where reading 100,000 full rows costs more than the correlation.
 */
export function correlationDeploymentsBetween(database: Database, from: string, to: string): StoredDeployment[] {
  return statement(
    database,
    `select id, '' as key, environment, service, null as repo, ref, sha, pull_number as pullNumber, version, kind, status,
       started_at as startedAt, null as finishedAt, null as statusAt, null as actor, null as url, null as description, source
     from deployments indexed by deployments_started_idx
     where started_at >= ? and started_at <= ? order by started_at, id`,
  ).all(from, to) as StoredDeployment[];
}

/** Verdicts: on one incident, or on all when `incidentId` is null. */
export function verdicts(database: Database, incidentId: number | null): VerdictRow[] {
  const columns = `incident_id as incidentId, deployment_id as deploymentId, verdict, decided_by as decidedBy,
    decided_at as decidedAt, note from deployment_verdicts`;
  if (incidentId === null) return statement(database, `select ${columns}`).all() as VerdictRow[];
  return statement(database, `select ${columns} where incident_id = ?`).all(incidentId) as VerdictRow[];
}

/** Records a verdict (replacing an earlier one on the same pair). */
export function setVerdict(database: Database, row: VerdictRow): void {
  statement(
    database,
    `insert into deployment_verdicts (incident_id, deployment_id, verdict, decided_by, decided_at, note)
     values (@incidentId, @deploymentId, @verdict, @decidedBy, @decidedAt, @note)
     on conflict (incident_id, deployment_id) do update set verdict = excluded.verdict, decided_by = excluded.decided_by,
       decided_at = excluded.decided_at, note = excluded.note`,
  ).run(row);
}

/** Withdraws every confirmation given on incident `incidentId` (rejections stay). */
export function clearConfirmations(database: Database, incidentId: number): void {
  statement(database, "delete from deployment_verdicts where incident_id = ? and verdict = 'confirmed'").run(incidentId);
}

/** Withdraws a verdict; true when there was one. */
export function clearVerdict(database: Database, incidentId: number, deploymentId: number): boolean {
  return statement(database, 'delete from deployment_verdicts where incident_id = ? and deployment_id = ?').run(incidentId, deploymentId).changes > 0;
}

/** One deployment by id, or null. */
export function deploymentById(database: Database, id: number): StoredDeployment | null {
  return (statement(database, `select ${DEPLOYMENT_COLUMNS} from deployments where id = ?`).get(id) as StoredDeployment | undefined) ?? null;
}

/** First and last line of the current action items: of one incident, or of all when `incidentId` is null. */
export function actionItemLineSpans(database: Database, incidentId: number | null): Array<{ incidentId: number; first: number; last: number }> {
  const sql = `select incident_id as incidentId, min(line) as first, max(line) as last from action_items
    where archived_at is null ${incidentId === null ? '' : 'and incident_id = ?'} group by incident_id`;
  const query = statement(database, sql);
  return (incidentId === null ? query.all() : query.all(incidentId)) as Array<{ incidentId: number; first: number; last: number }>;
}
