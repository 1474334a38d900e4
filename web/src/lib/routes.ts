/**
 * The app's pages and their URLs, as pure functions: which view a path shows, and the filters a view keeps in the
 * query string (so a link shows exactly what its sender saw, and back/forward step through filter changes).
 * Filter names are the API's own parameter names.
 */
import type { ActionItemListQuery, DeploymentListQuery, FacetsQuery, IncidentListQuery, SafeguardListQuery, StatsQuery } from './api-types.ts';

/** A page of the app. */
export type Route =
  | { name: 'incidents' }
  | { name: 'incident'; slug: string }
  | { name: 'action-items' }
  | { name: 'deployments' }
  | { name: 'safeguards' }
  | { name: 'not-found'; path: string };

/**
 * The route a path shows (`/`, `/incidents`, `/incidents/:slug`, `/action-items`, `/deployments`, `/safeguards`;
 * anything else: not found).
 */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/incidents') return { name: 'incidents' };
  if (path === '/action-items') return { name: 'action-items' };
  if (path === '/deployments') return { name: 'deployments' };
  if (path === '/safeguards') return { name: 'safeguards' };
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  if (incident) {
    try {
      return { name: 'incident', slug: decodeURIComponent(incident[1]!) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

/** The path of an incident's page. */
export function incidentPath(slug: string): string {
  return `/incidents/${encodeURIComponent(slug)}`;
}

/** The path of an action item on its incident's page (`/incidents/:slug#item-12`). */
export function itemPath(slug: string, itemId: number): string {
  return `${incidentPath(slug)}#item-${itemId}`;
}

/** Rows per page in the lists. */
export const PAGE_SIZE = 50;

/** The incident list's filters as kept in the URL. */
export type IncidentFilters = Pick<
  IncidentListQuery,
  'q' | 'year' | 'tag' | 'severity' | 'has-open-items' | 'has-error' | 'removed' | 'sort' | 'offset'
>;

const INCIDENT_SORTS = new Set(['-date', 'date', 'title', '-title', 'detect', '-detect', 'resolve', '-resolve', 'updated', '-updated', 'relevance']);

/** The incident filters in `search` (`?q=dns&year=2018`); values the API would refuse are dropped. */
export function incidentFiltersFrom(search: string | URLSearchParams): IncidentFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: IncidentFilters = {};
  const q = params.get('q')?.trim();
  if (q) filters.q = q.slice(0, 500);
  const year = integer(params.get('year'), 1000, 9999);
  if (year !== null) filters.year = year;
  const tag = params.get('tag')?.trim();
  if (tag) filters.tag = tag.slice(0, 100);
  const severity = params.get('severity')?.trim();
  if (severity) filters.severity = severity.slice(0, 100);
  const open = boolean(params.get('has-open-items'));
  if (open !== null) filters['has-open-items'] = open;
  const error = boolean(params.get('has-error'));
  if (error !== null) filters['has-error'] = error;
  const removed = params.get('removed');
  if (removed === 'true' || removed === 'all') filters.removed = removed;
  const sort = params.get('sort');
  if (sort && INCIDENT_SORTS.has(sort)) filters.sort = sort as IncidentFilters['sort'];
  const offset = integer(params.get('offset'), 1, Number.MAX_SAFE_INTEGER);
  if (offset !== null) filters.offset = offset;
  return filters;
}

/** The filters the incident list's facets are counted under: the list's own, without its order and page. */
export function facetFiltersOf(filters: IncidentFilters): FacetsQuery {
  const { sort: _sort, offset: _offset, ...facets } = filters;
  return facets;
}

/** The action item list's filters as kept in the URL. */
export type ActionItemFilters = Pick<
  ActionItemListQuery,
  'q' | 'owner' | 'status' | 'incident' | 'group' | 'linked' | 'overdue' | 'min-age-days' | 'archived' | 'sort' | 'offset'
>;

const STATUSES = ['open', 'in-progress', 'done', 'wont-do'];
const ACTION_ITEM_SORTS = new Set(['incident', 'due', '-age', 'status']);

/** The action item filters in `search`; values the API would refuse are dropped. */
export function actionItemFiltersFrom(search: string | URLSearchParams): ActionItemFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: ActionItemFilters = {};
  const q = params.get('q')?.trim();
  if (q) filters.q = q.slice(0, 500);
  const owner = params.get('owner')?.trim();
  if (owner) filters.owner = owner.slice(0, 300);
  const statuses = (params.get('status') ?? '').split(',').filter((status) => STATUSES.includes(status));
  if (statuses.length > 0) filters.status = [...new Set(statuses)].join(',');
  const incident = params.get('incident')?.trim();
  if (incident) filters.incident = incident.slice(0, 300);
  const group = params.get('group');
  if (group) filters.group = group.slice(0, 300);
  const linked = boolean(params.get('linked'));
  if (linked !== null) filters.linked = linked;
  const overdue = boolean(params.get('overdue'));
  if (overdue !== null) filters.overdue = overdue;
  const age = integer(params.get('min-age-days'), 0, 100_000);
  if (age !== null) filters['min-age-days'] = age;
  const archived = params.get('archived');
  if (archived === 'true' || archived === 'all') filters.archived = archived;
  const sort = params.get('sort');
  if (sort && ACTION_ITEM_SORTS.has(sort)) filters.sort = sort as ActionItemFilters['sort'];
  const offset = integer(params.get('offset'), 1, Number.MAX_SAFE_INTEGER);
  if (offset !== null) filters.offset = offset;
  return filters;
}

/** True when a filter that narrows the action items is set (the order and the page narrow nothing). */
export function narrowsItems(filters: ActionItemFilters): boolean {
  return Object.keys(filters).some((name) => name !== 'sort' && name !== 'offset');
}

/**
 * The deployment view's URL: the list's filters (the API's names), and two view settings: `period=week` (the DORA
 * chart by week; unset: by month) and `tz=utc` (times in UTC; unset: in the viewer's zone).
 */
export type DeploymentFilters = Pick<
  DeploymentListQuery,
  'environment' | 'service' | 'kind' | 'status' | 'source' | 'from' | 'to' | 'q' | 'offset'
> & {
  period?: 'week';
  tz?: 'utc';
};

const DEPLOYMENT_KINDS = new Set(['deploy', 'rollback']);
const DEPLOYMENT_STATUSES = new Set(['queued', 'in-progress', 'success', 'failure', 'error', 'inactive']);
const DEPLOYMENT_SOURCES = new Set(['git', 'github', 'api', 'webhook', 'file', 'example']);
/** What `from`/`to` take: a day, or an ISO instant with an offset (the API refuses one without). */
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** The deployment filters and view settings in `search`; values the API would refuse are dropped. */
export function deploymentFiltersFrom(search: string | URLSearchParams): DeploymentFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: DeploymentFilters = {};
  const environment = params.get('environment')?.trim();
  if (environment) filters.environment = environment.slice(0, 100);
  const service = params.get('service')?.trim();
  if (service) filters.service = service.slice(0, 200);
  const kind = params.get('kind');
  if (kind && DEPLOYMENT_KINDS.has(kind)) filters.kind = kind as DeploymentFilters['kind'];
  const status = params.get('status');
  if (status && DEPLOYMENT_STATUSES.has(status)) filters.status = status as DeploymentFilters['status'];
  const source = params.get('source');
  if (source && DEPLOYMENT_SOURCES.has(source)) filters.source = source as DeploymentFilters['source'];
  const from = instantOrDay(params.get('from'));
  if (from !== null) filters.from = from;
  const to = instantOrDay(params.get('to'));
  if (to !== null) filters.to = to;
  const q = params.get('q')?.trim();
  if (q) filters.q = q.slice(0, 200);
  const offset = integer(params.get('offset'), 1, Number.MAX_SAFE_INTEGER);
  if (offset !== null) filters.offset = offset;
  if (params.get('period') === 'week') filters.period = 'week';
  if (params.get('tz') === 'utc') filters.tz = 'utc';
  return filters;
}

/** The `GET /api/deployments` query of the view's filters (its settings left out), with the incidents overlay. */
export function deploymentQueryOf(filters: DeploymentFilters): DeploymentListQuery {
  const { period: _period, tz: _tz, ...query } = filters;
  return { ...query, incidents: true };
}

/**
 * The `GET /api/stats` query of the DORA metrics shown with the filters: the environment, the period, and the
 * range as whole UTC days (an instant counts as its UTC day). The other filters (service, kind ...) do not apply
 * to the metrics.
 */
export function deliveryStatsQueryOf(filters: DeploymentFilters): StatsQuery {
  const query: StatsQuery = { period: filters.period ?? 'month' };
  if (filters.environment) query.environment = filters.environment;
  const from = filters.from === undefined ? null : utcDayOf(filters.from);
  const to = filters.to === undefined ? null : utcDayOf(filters.to);
  if (from !== null) query.from = from;
  if (to !== null) query.to = to;
  if (from !== null && to !== null && from > to) delete query.to;
  return query;
}

/** True when a filter that narrows the deployments is set (the page and the view settings narrow nothing). */
export function narrowsDeployments(filters: DeploymentFilters): boolean {
  return Object.keys(filters).some((name) => name !== 'offset' && name !== 'period' && name !== 'tz');
}

/** `YYYY-MM-DD` of a day or of an ISO instant's UTC day; null when it is neither. */
function utcDayOf(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}

/** `text` when it is a day that exists or an instant on one (`2018-02-30` is not), else null. */
function instantOrDay(text: string | null): string | null {
  const value = text?.trim();
  if (!value || value.length > 64 || !DAY_OR_INSTANT.test(value)) return null;
  const day = value.slice(0, 10);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) return null;
  return Number.isFinite(Date.parse(value)) ? value : null;
}

/** The Safeguards view's filters as kept in the URL (the API's names). */
export type SafeguardFilters = Pick<SafeguardListQuery, 'state' | 'kind' | 'repo' | 'incident' | 'archived'>;

const SAFEGUARD_STATES = new Set(['unknown', 'verified', 'drifted', 'missing', 'manual']);
const SAFEGUARD_KINDS = new Set(['status-check', 'branch-protection', 'codeowners', 'workflow', 'alert-rule', 'deploy-gate', 'runbook', 'other']);

/** The safeguard filters in `search` (`?state=drifted&repo=acme/web`); values the API would refuse are dropped. */
export function safeguardFiltersFrom(search: string | URLSearchParams): SafeguardFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: SafeguardFilters = {};
  const state = params.get('state');
  if (state && SAFEGUARD_STATES.has(state)) filters.state = state as SafeguardFilters['state'];
  const kind = params.get('kind');
  if (kind && SAFEGUARD_KINDS.has(kind)) filters.kind = kind as SafeguardFilters['kind'];
  const repo = params.get('repo')?.trim();
  if (repo && repo.length >= 3 && repo.length <= 140) filters.repo = repo;
  const incident = params.get('incident')?.trim();
  if (incident) filters.incident = incident.slice(0, 300);
  const archived = params.get('archived');
  if (archived === 'true' || archived === 'all') filters.archived = archived;
  return filters;
}

/** `?name=value&...` of the filters that are set, in a stable order (empty string when none is). */
export function searchOf(filters: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  params.sort();
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function integer(text: string | null, min: number, max: number): number | null {
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

function boolean(text: string | null): boolean | null {
  return text === 'true' ? true : text === 'false' ? false : null;
}
