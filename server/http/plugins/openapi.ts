/**
 * The OpenAPI document (`GET /openapi.json`, built by @fastify/swagger from the routes' schemas) and the
 * browsable Swagger UI at `/docs`. Registered before the routes, so it sees every one of them.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { readErrors } from '../schemas/common.ts';

/** Registers the document generator and the UI on `app`; `version` is the API's version in the document. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hindsight API',
        description:
          'Incident postmortems as data: incidents, timelines, action items and statistics. Writes need ' +
          '`Authorization: Bearer <token>` when a token is configured.',
        version,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'incidents', description: 'Postmortems and what was read from them' },
        { name: 'action-items', description: 'Follow-ups across incidents' },
        { name: 'stats', description: 'Aggregate numbers, DORA delivery metrics' },
        { name: 'deployments', description: 'Deployment events and what they did to incidents' },
        { name: 'safeguards', description: 'Controls that implement action items, verified on GitHub' },
        { name: 'webhooks', description: 'GitHub deliveries, signed' },
        { name: 'facets', description: 'Values to filter by, with counts' },
        { name: 'ingest', description: 'Reading the postmortems folder' },
        { name: 'events', description: 'Changes as they happen' },
        { name: 'health', description: 'Liveness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/openapi.json',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({}, { additionalProperties: true }), 500: readErrors[500] },
      },
    },
    async () => app.swagger(),
  );
}
