/** `GET /healthz`: liveness, with a trivial query to show the database answers. Never needs a token. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { HealthSchema } from '../schemas/health.ts';

/** Options of `healthRoutes`. */
export interface HealthRoutesOptions {
  database: Database;
  version: string;
}

/** The health route, at the root. Answers 503 (same shape) when the database does not. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { database, version }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: HealthSchema, 503: HealthSchema } } },
    async (request, reply) => {
      try {
        database.sqlite.prepare('SELECT 1').get();
        return { status: 'ok' as const, version, database: 'ok' as const };
      } catch (error) {
        request.log.error({ err: error }, 'health check: the database does not answer');
        return reply.code(503).send({ status: 'error', version, database: 'error' });
      }
    },
  );
};
