/**
 * The one error handler and the not-found handler. Validation failures become 400 with a message naming the
 * parameter; other 4xx errors (ours, fastify's: 413 body too large, 415 ...) and our own `HttpError`s of any status
 * (503 when a feature is turned off) send their message; everything
 * else is logged with the request id and answered 500 without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, reasonPhrase } from '../http-error.ts';
import { validationMessage } from '../validation-message.ts';

/** Installs the error and not-found handlers on `app` (the root instance: every route inherits them). */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.code(400).send({ error: reasonPhrase(400), message: validationMessage(error.validation, error.validationContext) });
    }
    const status = error.statusCode ?? 500;
    // 4xx, and any status a route chose deliberately with a message for the client (503: turned off).
    if ((status >= 400 && status < 500) || error instanceof HttpError) {
      if (error instanceof HttpError) reply.headers(error.headers);
      return reply.code(status).send({ error: reasonPhrase(status), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: reasonPhrase(500), message: `internal error (request ${request.id})` });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: reasonPhrase(404), message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
