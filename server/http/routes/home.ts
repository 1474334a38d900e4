/**
 * `GET /` when the web UI is not served (`buildApp` without `web`): the API's browsable documentation is the place to start, so the URL
 * `npm start` prints leads somewhere useful in a browser.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** Redirects `/` to `/docs`. */
export const homeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { schema: { hide: true, response: { 302: Type.Null({ description: 'to /docs' }) } } },
    async (_request, reply) => reply.redirect('/docs', 302),
  );
};
