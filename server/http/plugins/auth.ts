/**
 * Who may do what. Writes (POST, PUT, PATCH, DELETE) need `Authorization: Bearer <token>` when a token is
 * configured; without one they are accepted only from this machine (a loopback address, addressed to a local host
 * name) and never from another web page (cross-site requests against CSRF, foreign `Host` names against DNS
 * rebinding). With `protectReads`, reads under `/api/` need the token too;
 * `/healthz`, `/docs` and `/openapi.json` never do, nor routes whose config says `authenticatedBy: 'signature'` (the
 * GitHub webhook checks its HMAC signature instead). Runs first (`onRequest`, for every request, unknown paths too),
 * before bodies are read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../http-error.ts';
import { isCrossSite, isLocalHostHeader, isLoopback } from '../auth/client.ts';
import { bearerToken, tokensEqual } from '../auth/token.ts';

/** Access control settings (from `HINDSIGHT_TOKEN` and `HINDSIGHT_PROTECT_READS`). */
export interface AuthOptions {
  /** The bearer token writes (and protected reads) need; null: writes only from loopback. */
  token: string | null;
  /** Reads under `/api/` need the token too. Needs `token`. */
  protectReads: boolean;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Installs the access check on `app` (the root instance). Throws when `protectReads` is set without a token. */
export function installAuth(app: FastifyInstance, auth: AuthOptions): void {
  if (auth.protectReads && auth.token === null) throw new Error('auth.protectReads needs auth.token');
  const expected = auth.token;

  const check = async (request: FastifyRequest) => {
    if (expected !== null) {
      const given = bearerToken(request.headers.authorization);
      if (given === null) throw unauthorized('this request needs a token: send Authorization: Bearer <token>');
      if (!tokensEqual(given, expected)) throw unauthorized('the token is not valid');
      return;
    }
    if (isCrossSite(request.headers)) {
      throw forbidden('writes from other web sites are refused; set HINDSIGHT_TOKEN to use the API from elsewhere');
    }
    if (!isLoopback(request.ip)) {
      throw forbidden('writes are accepted only from this machine when no token is configured: set HINDSIGHT_TOKEN');
    }
    if (!isLocalHostHeader(request.headers.host)) {
      throw forbidden('writes without a token must be addressed to localhost (this Host header is not); set HINDSIGHT_TOKEN');
    }
  };
  const needsCheck = (method: string, url: string) =>
    WRITES.has(method) || (auth.protectReads && (url === '/api' || url.startsWith('/api/')));

  app.addHook('onRequest', async (request) => {
    // Routes that prove their caller otherwise (GitHub's webhook signature) say so in their config.
    if ((request.routeOptions.config as { authenticatedBy?: string } | undefined)?.authenticatedBy === 'signature') return;
    // The matched route's pattern, not the raw URL: `/%61pi/incidents` reaches `/api/incidents` too.
    const path = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
    if (needsCheck(request.method, path)) await check(request);
  });
}
