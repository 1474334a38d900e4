/**
 * The web UI: the built files (`web/dist`, see `server/web-build.ts`) and `index.html` for every page of the
 * single-page app, so a shared link (`/incidents/2018-01-25-datahub?tz=utc`) opens the right view. Hashed assets are
 * cached for a year; `index.html` is revalidated on every load. Every page carries a Content-Security-Policy that
 * allows scripts from this server only, as a second wall behind the sanitized postmortem HTML.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { reasonPhrase } from '../http-error.ts';

/** Options of `webRoutes`. */
export interface WebRoutesOptions {
  /** The built UI: `index.html` and `assets/`. */
  dir: string;
  /** The bytes of its `index.html` (read once by `buildApp`, which also answers undecodable links with it). */
  page: Buffer;
}

/** The pages of the app (client-side routes); any other path gets the app's "not found" page with status 404. */
const PAGES = [/^\/$/, /^\/incidents\/?$/, /^\/incidents\/[^/]+\/?$/, /^\/action-items\/?$/, /^\/deployments\/?$/, /^\/safeguards\/?$/];
/** Paths that belong to the API and its documents: never answered with the app. */
const NOT_PAGES = /^\/(api|docs|openapi\.json|healthz)(\/|$)/;

/** The Content-Security-Policy of the app's pages. Images may come from anywhere over https (postmortems embed them). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every page of the app. */
const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/** Serves the built UI at `/`. */
export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, { dir, page: indexHtml }) => {
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // Files are registered one by one at start (the build does not change while serving), so unknown paths fall
    // through to the page route below instead of a generic static 404.
    wildcard: false,
    index: false,
    serveDotFiles: false,
    allowedPath: (path) => path !== '/index.html' && !path.includes('/.'),
    setHeaders(reply, path) {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const page = (reply: FastifyReply, status: number) => sendAppPage(reply, indexHtml, status);

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    handler: async (request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      if (PAGES.some((pattern) => pattern.test(path)) && !NOT_PAGES.test(path)) return page(reply, 200);
      if (NOT_PAGES.test(path) || ASSET.test(path) || !wantsHtml(request.headers.accept)) {
        return reply.code(404).send({ error: reasonPhrase(404), message: `no route for ${request.method} ${path}` });
      }
      return page(reply, 404);
    },
  });
};

/** A file name (`/assets/x.js`, `/favicon.ico`): a missing one is a plain 404, never the app's page. */
const ASSET = /^\/assets\/|\.[a-z0-9]{1,8}$/i;

/** Answers with the app's `index.html` and the page headers (Content-Security-Policy ...). */
export function sendAppPage(reply: FastifyReply, page: Buffer, status: number): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page);
}

/** A browser navigating (HTML accepted), not a script asking for JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  return accept === undefined || accept.includes('text/html') || (accept.includes('*/*') && !accept.includes('application/json'));
}
