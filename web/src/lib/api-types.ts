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
  CorrelatedDeployment,
  DeliveryStats,
  Deployment,
  DeploymentListQuery,
  DeploymentPage,
  Diagnostic,
  ErrorResponse,
  Facets,
  FacetsQuery,
  IncidentActionItem,
  IncidentDeployments,
  IncidentDetail,
  IncidentListQuery,
  IncidentPage,
  IncidentSummary,
  Milestone,
  Milestones,
  OverlayIncident,
  Stats,
  StatsQuery,
  TimelineEntry,
  VerdictRequest,
} from '../../../server/http/schemas/index.ts';
