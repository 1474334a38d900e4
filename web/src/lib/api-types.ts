/**
 * The HTTP API's types, straight from the server's TypeBox schemas (type-only: nothing of the server reaches the
 * bundle). A change to a schema that the UI depends on fails `npm run typecheck:web`.
 */
export type {
  ActionItemCounts,
  ActionItemLink,
  ActionItemListQuery,
  ActionItemPage,
  ActionItemStatus,
  ActionItemView,
  Diagnostic,
  ErrorResponse,
  Facets,
  FacetsQuery,
  IncidentActionItem,
  IncidentDetail,
  IncidentListQuery,
  IncidentPage,
  IncidentSummary,
  Milestone,
  Milestones,
  Stats,
  StatsQuery,
  TimelineEntry,
} from '../../../server/http/schemas/index.ts';
