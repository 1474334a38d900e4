/** `GET /api/stats`: aggregate numbers over incidents and action items. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { incidentStats } from '../../db/queries/stats.ts';
import type { DeploymentCorrelator } from '../../deploys/incident-deployments.ts';
import { deliveryMetrics } from '../../metrics/delivery.ts';
import { dayOf } from '../../db/queries/today.ts';
import { badRequest } from '../http-error.ts';
import { readErrors } from '../schemas/common.ts';
import { StatsQuerySchema, StatsSchema } from '../schemas/stats.ts';

/** Options of `statsRoutes`; `now` is the clock for ages and overdue items. */
export interface StatsRoutesOptions {
  database: Database;
  now: () => Date;
  correlator: DeploymentCorrelator;
}

/** The stats route, mounted under `/api`. */
export const statsRoutes: FastifyPluginAsyncTypebox<StatsRoutesOptions> = async (app, { database, now, correlator }) => {
  app.get(
    '/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'Incidents per month, time to detect and resolve, action item progress, DORA delivery metrics',
        querystring: StatsQuerySchema,
        response: { 200: StatsSchema, ...readErrors },
      },
    },
    async (request) => {
      const { from, to, year } = request.query;
      if (year !== undefined && (from !== undefined || to !== undefined)) {
        throw badRequest('query parameter "year" cannot be combined with "from" or "to"');
      }
      if (from !== undefined && to !== undefined && from > to) {
        throw badRequest('query parameter "from" must not be after "to"');
      }
      const range = year !== undefined ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: from ?? null, to: to ?? null };
      const deployments = deliveryMetrics(database, correlator, {
        ...range,
        period: request.query.period ?? 'month',
        environment: request.query.environment ?? null,
      });
      return { ...incidentStats(database, { today: dayOf(now()), ...range }), deployments };
    },
  );
};
