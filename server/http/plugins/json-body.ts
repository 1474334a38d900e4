/**
 * Request bodies: JSON only. An empty JSON body counts as no body (so `curl -X POST -H 'content-type:
 * application/json'` works like a bare POST); anything else goes through fastify's own JSON parser, which refuses
 * `__proto__` and `constructor` keys. `text/plain` is not accepted: it is what a cross-site form can send without
 * a CORS preflight.
 */
import type { FastifyInstance } from 'fastify';

/** Installs the body parsers on `app` (the root instance), before any route. */
export function installJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
