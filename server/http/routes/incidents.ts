/** `GET /api/incidents` (list, search) and `GET /api/incidents/:slug` (detail). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { listIncidents } from '../../db/queries/incident-list.ts';
import { notFound } from '../http-error.ts';
import type { IncidentDetailReader } from '../incident-detail.ts';
import { incidentFilterOf } from '../incident-filter.ts';
import { ErrorResponseSchema, NoQuerySchema, readErrors } from '../schemas/common.ts';
import { IncidentDetailSchema, IncidentListQuerySchema, IncidentPageSchema, IncidentParamsSchema } from '../schemas/incidents.ts';

/** Options of `incidentRoutes`. */
export interface IncidentRoutesOptions {
  database: Database;
  details: IncidentDetailReader;
}

/** The incident routes, mounted under `/api`. */
export const incidentRoutes: FastifyPluginAsyncTypebox<IncidentRoutesOptions> = async (app, { database, details }) => {
  app.get(
    '/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'List and search incidents',
        querystring: IncidentListQuerySchema,
        response: { 200: IncidentPageSchema, ...readErrors },
      },
    },
    async (request) => {
      const query = request.query;
      return listIncidents(database, {
        ...incidentFilterOf(query),
        sort: query.sort ?? null,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
    },
  );

  app.get(
    '/incidents/:slug',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident in full, with its action items and rendered markdown',
        params: IncidentParamsSchema,
        querystring: NoQuerySchema,
        response: { 200: IncidentDetailSchema, ...readErrors, 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      const detail = details.read(request.params.slug);
      if (!detail) throw notFound(`no incident "${request.params.slug}"`);
      return detail;
    },
  );
};
