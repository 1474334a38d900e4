/** `GET /api/facets`: the values to filter the lists by (years, tags, severities, groups), with counts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { readFacets } from '../../db/queries/facets.ts';
import { NoQuerySchema, readErrors } from '../schemas/common.ts';
import { FacetsSchema } from '../schemas/facets.ts';

/** Options of `facetRoutes`. */
export interface FacetRoutesOptions {
  database: Database;
}

/** The facets route, mounted under `/api`. Takes no parameters. */
export const facetRoutes: FastifyPluginAsyncTypebox<FacetRoutesOptions> = async (app, { database }) => {
  app.get(
    '/facets',
    {
      schema: {
        tags: ['facets'],
        summary: 'Years, tags, severities and action item groups to filter by, with counts',
        querystring: NoQuerySchema,
        response: { 200: FacetsSchema, ...readErrors },
      },
    },
    async () => readFacets(database),
  );
};
