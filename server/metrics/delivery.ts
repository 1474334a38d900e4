/**
 * The DORA metrics of `GET /api/stats` from the database: deployment counts per period and every incident's
 * correlation (suspect, confirmation, time to restore), restricted to the incidents dated in the range.
 */
import type { Database } from '../db/connection.ts';
import { deploymentCounts } from '../db/queries/deployment-list.ts';
import type { DeploymentCorrelator } from '../deploys/incident-deployments.ts';
import { doraMetrics, type DoraIncident, type DoraMetrics, type DoraPeriod } from './dora.ts';

export interface DeliveryQuery {
  /** Days `YYYY-MM-DD` (UTC for deployments, the incident's own date for incidents), inclusive; null: open. */
  from: string | null;
  to: string | null;
  period: DoraPeriod;
  environment: string | null;
}

/** DORA metrics over the range: see `server/metrics/dora.ts` for what counts. */
export function deliveryMetrics(database: Database, correlator: DeploymentCorrelator, query: DeliveryQuery): DoraMetrics {
  const from = query.from ? `${query.from}T00:00:00Z` : null;
  const to = query.to ? `${query.to}T23:59:59Z` : null;
  const incidents: DoraIncident[] = correlator
    .all()
    .filter(({ incident }) => !incident.removed)
    .filter(({ incident }) => (query.from === null || (incident.date !== null && incident.date >= query.from)) && (query.to === null || (incident.date !== null && incident.date <= query.to)))
    .map(({ correlation }) => {
      const suspect = correlation?.suspect ?? null;
      const deployment = suspect ? correlation!.deployments.find((d) => d.deployment.id === suspect.deploymentId)?.deployment : undefined;
      return {
        environment: correlation?.environment.name ?? null,
        // Only a deployment the frequency counts can be a failure of the rate (a rollback or a failed attempt that
        // someone confirmed as the cause is not a change that went out).
        cause:
          suspect?.confirmed && deployment && deployment.kind === 'deploy' && (deployment.status === 'success' || deployment.status === 'inactive')
            ? { id: deployment.id, environment: deployment.environment, startedAt: deployment.startedAt }
            : null,
        unconfirmedSuspect: suspect !== null && !suspect.confirmed,
        restoreSeconds: correlation?.restoreSeconds ?? null,
      };
    });
  return doraMetrics({
    period: query.period,
    environment: query.environment,
    from,
    to,
    counts: deploymentCounts(database, query.period, from, to),
    incidents,
  });
}
