/** `POST /api/ingest`: read the postmortems folder (or some files of it) now. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IngestSummary } from '../../ingest/summary.ts';
import { ErrorResponseSchema } from '../schemas/common.ts';
import { IngestRequestSchema, IngestSummarySchema } from '../schemas/ingest.ts';

/** Options of `ingestRoutes`: the ingest to run. */
export interface IngestRoutesOptions {
  ingest: (request: { paths?: string[] }) => Promise<IngestSummary>;
}

/** The ingest route, mounted under `/api`. */
export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRoutesOptions> = async (app, { ingest }) => {
  app.post(
    '/ingest',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Read the postmortems folder now (or only the given files)',
        security: [{ bearer: [] }],
        body: IngestRequestSchema,
        response: {
          200: IngestSummarySchema,
          400: ErrorResponseSchema,
          401: ErrorResponseSchema,
          403: ErrorResponseSchema,
          413: ErrorResponseSchema,
          415: ErrorResponseSchema,
          500: ErrorResponseSchema,
        },
      },
      // No body at all (a bare `curl -X POST`) means "everything", like `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => ingest(request.body.paths ? { paths: request.body.paths } : {}),
  );
};
