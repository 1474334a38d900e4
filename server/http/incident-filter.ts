/** The incident filters of a request (`GET /api/incidents`, `GET /api/facets`) as the database queries take them. */
import type { IncidentFilter, RemovedFilter } from '../db/queries/incident-list.ts';
import type { IncidentFilterQuery } from './schemas/incidents.ts';

const REMOVED: Record<'false' | 'true' | 'all', RemovedFilter> = { false: 'active', true: 'removed', all: 'all' };

/** `query`'s filters; a parameter not given is no filter, and `removed` defaults to the active incidents. */
export function incidentFilterOf(query: IncidentFilterQuery): IncidentFilter {
  return {
    q: query.q ?? null,
    year: query.year ?? null,
    tag: query.tag ?? null,
    severity: query.severity ?? null,
    hasOpenItems: query['has-open-items'] ?? null,
    hasError: query['has-error'] ?? null,
    removed: REMOVED[query.removed ?? 'false'],
  };
}
