/**
 * The HTTP API's types, straight from the server's TypeBox schemas (type-only: nothing of the server reaches the
 * bundle). A change to a schema that the UI depends on fails `npm run typecheck:web`.
 */
import type { Static } from 'typebox';
import type {
  SafeguardAttestSchema,
  SafeguardCheckSchema,
  SafeguardItemSchema,
  SafeguardListQuerySchema,
  SafeguardVerifyRequestSchema,
  SafeguardView as SafeguardFields,
} from '../../../server/http/schemas/index.ts';

export type {
  ActionItemCounts,
  ActionItemLink,
  ActionItemListQuery,
  ActionItemPage,
  ActionItemStatus,
  ActionItemView,
  CreateIssueRequest,
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
  ItemSafeguard,
  LinkRequest,
  LinkState,
  Milestone,
  Milestones,
  OverlayIncident,
  SafeguardCreate,
  SafeguardDetail,
  SafeguardList,
  SafeguardVerifyReport,
  SafeguardView,
  Settings,
  Stats,
  StatsQuery,
  TimelineEntry,
  VerdictRequest,
} from '../../../server/http/schemas/index.ts';

/** `GET /api/safeguards` filters. */
export type SafeguardListQuery = Static<typeof SafeguardListQuerySchema>;
/** One entry of a safeguard's history (`SafeguardDetail.history`). */
export type SafeguardCheck = Static<typeof SafeguardCheckSchema>;
/** An action item a safeguard implements (`SafeguardView.items`). */
export type SafeguardItem = Static<typeof SafeguardItemSchema>;
/** `POST /api/safeguards/:key/attest` body. */
export type SafeguardAttest = Static<typeof SafeguardAttestSchema>;
/** `POST /api/safeguards/verify` body. */
export type SafeguardVerifyRequest = Static<typeof SafeguardVerifyRequestSchema>;
/** A safeguard's state: `unknown`, `verified`, `drifted`, `missing`, `manual`. */
export type SafeguardState = SafeguardFields['state'];
/** A safeguard's kind (`status-check`, `runbook` ...). */
export type SafeguardKind = SafeguardFields['kind'];
