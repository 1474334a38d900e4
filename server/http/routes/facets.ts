/** `GET /api/facets`: the values to filter the lists by (years, tags, severities, groups, owners), with counts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { readFacets } from '../../db/queries/facets.ts';
import { incidentFilterOf } from '../incident-filter.ts';
import { readErrors } from '../schemas/common.ts';
import { FacetsQuerySchema, FacetsSchema } from '../schemas/facets.ts';

/** Options of `facetRoutes`. */
export interface FacetRoutesOptions {
  database: Database;
}

/**
 * The facets route, mounted under `/api`. Takes the incident list's filters (no sort, no page); each incident
 * facet is counted under every filter except its own. No parameters: every active incident.
 */
export const facetRoutes: FastifyPluginAsyncTypebox<FacetRoutesOptions> = async (app, { database }) => {
  app.get(
    '/facets',
    {
      schema: {
        tags: ['facets'],
        summary: 'Years, tags, severities, action item groups and owners to filter by, with counts under the filters given',
        querystring: FacetsQuerySchema,
        response: { 200: FacetsSchema, ...readErrors },
      },
    },
    async (request) => readFacets(database, incidentFilterOf(request.query)),
  );
};
