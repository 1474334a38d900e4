/**
 * The deployments list: filters and paging in SQL (the time range on `deployments_started_idx`), with the
 * environments and services of what the other filters match, counted.
 */
import type { Database } from '../connection.ts';
import { DEPLOYMENT_COLUMNS, type StoredDeployment } from '../deployment-store.ts';
import type { DeploymentKind, DeploymentSource, DeploymentStatus } from '../../domain/deployment.ts';
import { statement } from './statements.ts';
import { canonicalEnvironment } from '../../deploys/environments.ts';

export interface DeploymentFilter {
  /** Any of these environment names (the caller expands aliases), compared without case; empty: none. Default: any. */
  environments?: readonly string[] | null;
  /** Compared without case. */
  service?: string | null;
  kind?: DeploymentKind | null;
  status?: DeploymentStatus | null;
  source?: DeploymentSource | null;
  /** ISO instants, inclusive. */
  from?: string | null;
  to?: string | null;
  /** Every word must appear in the description, ref, version, actor or repository, or start the sha. */
  q?: string | null;
}

export interface DeploymentListOptions extends DeploymentFilter {
  /** Default: newest first. */
  sort?: '-startedAt' | 'startedAt';
  limit: number;
  offset: number;
}

export interface DeploymentListPage {
  items: StoredDeployment[];
  total: number;
  environments: Array<{ name: string; count: number }>;
  services: Array<{ name: string; count: number }>;
}

function where(filter: DeploymentFilter, skip: 'environment' | 'service' | null): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.environments && skip !== 'environment') {
    // (an empty list matches nothing: the environment asked for has no deployments)
    clauses.push(filter.environments.length === 0 ? '0' : `lower(environment) in (${filter.environments.map(() => '?').join(', ')})`);
    params.push(...filter.environments.map((e) => e.toLowerCase()));
  }
  if (filter.service && skip !== 'service') {
    clauses.push('service = ? collate nocase');
    params.push(filter.service);
  }
  for (const [column, value] of [
    ['kind', filter.kind],
    ['status', filter.status],
    ['source', filter.source],
  ] as const) {
    if (value) {
      clauses.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.from) {
    clauses.push('started_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push('started_at <= ?');
    params.push(filter.to);
  }
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(
      `(description like ? escape '\\' or ref like ? escape '\\' or version like ? escape '\\' or actor like ? escape '\\'
        or repo like ? escape '\\' or sha like ? escape '\\' or cast(pull_number as text) = ?)`,
    );
    params.push(like, like, like, like, like, `${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`, word.replace(/^#/, ''));
  }
  return { sql: clauses.length > 0 ? `where ${clauses.join(' and ')}` : '', params };
}

/** One page of deployments matching `options`, with the total and the environment/service counts. */
export function listDeployments(database: Database, options: DeploymentListOptions): DeploymentListPage {
  const all = where(options, null);
  const order = options.sort === 'startedAt' ? 'started_at asc, id asc' : 'started_at desc, id desc';
  const items = statement(database, `select ${DEPLOYMENT_COLUMNS} from deployments ${all.sql} order by ${order} limit ? offset ?`).all(
    ...all.params,
    options.limit,
    options.offset,
  ) as StoredDeployment[];
  const total = statement(database, `select count(*) from deployments ${all.sql}`).pluck().get(...all.params) as number;
  const envs = where(options, 'environment');
  const environments = byMeaning(
    statement(database, `select environment as name, count(*) as count from deployments ${envs.sql} group by environment`).all(
      ...envs.params,
    ) as Array<{ name: string; count: number }>,
  );
  const svc = where(options, 'service');
  const services = statement(
    database,
    `select service as name, count(*) as count from deployments ${svc.sql ? `${svc.sql} and` : 'where'} service is not null
     group by service order by count desc, name limit 200`,
  ).all(...svc.params) as Array<{ name: string; count: number }>;
  return { items, total, environments, services };
}

/** Every distinct environment name stored. */
export function environmentNames(database: Database): string[] {
  return statement(database, 'select distinct environment from deployments').pluck().all() as string[];
}

/** A bucket of deployments: period label, environment as stored, count. */
export interface DeploymentCountRow {
  period: string;
  environment: string;
  count: number;
}

/**
 * Deployments that went out (kind `deploy`, status success or inactive: GitHub marks a superseded success
 * inactive) per period (`month`: `YYYY-MM`; `week`: the Monday, `YYYY-MM-DD`) and environment, UTC, in [from, to].
 */
export function deploymentCounts(database: Database, period: 'month' | 'week', from: string | null, to: string | null): DeploymentCountRow[] {
  const label = period === 'month' ? 'substr(started_at, 1, 7)' : "date(started_at, 'weekday 0', '-6 days')";
  return statement(
    database,
    `select ${label} as period, environment, count(*) as count from deployments
     where kind = 'deploy' and status in ('success', 'inactive') and started_at >= ? and started_at <= ?
     group by period, environment order by period`,
  ).all(from ?? '0000', to ?? '9999') as DeploymentCountRow[];
}

/** Environment counts with the spellings of one environment added up under its canonical name, most first. */
function byMeaning(rows: ReadonlyArray<{ name: string; count: number }>): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(canonicalEnvironment(row.name), (counts.get(canonicalEnvironment(row.name)) ?? 0) + row.count);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
