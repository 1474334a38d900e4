/**
 * The Hindsight HTTP application: builds and returns a ready fastify instance, never listens (`server/serve.ts`
 * does). Order: fastify with its limits and logger → body parsing, error handling and access control (first, so
 * every route below inherits them) → the OpenAPI document and UI (before the routes, to see them) → routes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.ts';
import type { IngestSummary } from '../ingest/summary.ts';
import { IncidentDetailReader } from './incident-detail.ts';
import { reasonPhrase } from './http-error.ts';
import { installAuth } from './plugins/auth.ts';
import { installErrorHandlers } from './plugins/errors.ts';
import { installJsonBody } from './plugins/json-body.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { ChangeFeed } from './change-feed.ts';
import { changeStamp } from '../db/queries/change-stamp.ts';
import { actionItemRoutes } from './routes/action-items.ts';
import { eventRoutes } from './routes/events.ts';
import { facetRoutes } from './routes/facets.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { statsRoutes } from './routes/stats.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { actionItemLinkRoutes } from './routes/action-item-links.ts';
import { safeguardRoutes } from './routes/safeguards.ts';
import { settingsRoutes } from './routes/settings.ts';
import type { GitHubClient } from '../github/client.ts';
import type { VerifyReport } from '../safeguards/verify.ts';
import { DeploymentCorrelator } from '../deploys/incident-deployments.ts';
import { sendAppPage, wantsHtml, webRoutes } from './routes/web.ts';

/** What `buildApp` needs; the optional ones have the defaults stated on each. */
export interface AppOptions {
  /** The open database the routes read. */
  database: Database;
  /**
   * `token`: the bearer token writes need (null: writes only from loopback, never cross-site).
   * `protectReads`: `/api/*` reads need the token too (needs `token`).
   */
  auth: { token: string | null; protectReads: boolean };
  /** What `POST /api/ingest` runs. */
  ingest: (request: { paths?: string[] }) => Promise<IngestSummary>;
  /** The clock for overdue items and ages. Default: `() => new Date()`. */
  now?: () => Date;
  /** fastify's logger option; the `authorization` header is always redacted. Default: false (no logging). */
  logger?: FastifyServerOptions['logger'];
  /** Largest request body in bytes; larger ones get 413. Default: 1 MiB. */
  bodyLimit?: number;
  /** Reported by `/healthz` and in the OpenAPI document. Default: `0.0.0`. */
  version?: string;
  /** Most incident documents (rendered HTML ...) kept in memory. Default: 1000. */
  documentCacheEntries?: number;
  /**
   * The built web UI (`server/web-build.ts`), served at `/`. Default: none: `/` then redirects to the API's
   * documentation at `/docs`.
   */
  web?: { dir: string } | null;
  /** Deployments: hours before an incident lined up against it (default 24). */
  correlationHours?: number;
  /**
   * GitHub webhooks: the secret deliveries are signed with (null: `/api/webhooks/github` answers 503) and the deploy
   * branches whose pushes are deployments. Default: off.
   */
  webhooks?: { secret: string | null; deployBranches?: Readonly<Record<string, string>> };
  /**
   * GitHub for the action items: the client that creates issues (null: `POST /api/action-items/:id/issue` answers
   * 503), the repository new issues go to by default (`HINDSIGHT_REPO`), their label and the public URL they link
   * back to. Default: no client, no repository, label `postmortem-action`, `http://localhost:3000`.
   */
  github?: { client: GitHubClient | null; defaultRepo?: string | null; issueLabel?: string | null; publicUrl?: string; syncMinutes?: number };
  /**
   * Safeguards: how long an attestation holds (default 90 days) and what `POST /api/safeguards/verify` runs
   * (default none: 503).
   */
  safeguards?: { attestationDays?: number; verify?: ((request: { keys?: string[] }) => Promise<VerifyReport>) | null };
  /** How `GET /api/events` watches for changes (`ChangeFeedOptions`). Default: every 500 ms, at most once a second. */
  changeFeed?: { intervalMs?: number; minGapMs?: number };
}

/** Default largest request body: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const REDACT = ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization'];

/** `logger` with the authorization header redacted; false stays false. */
export function loggerOptions(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  const existing = base.redact;
  const paths = Array.isArray(existing) ? existing : (existing?.paths ?? []);
  const redact = { ...(Array.isArray(existing) ? {} : existing), paths: [...new Set([...paths, ...REDACT])] };
  return { ...base, redact };
}

/** Builds the application (ready: every plugin and route loaded); the caller listens or injects. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const version = options.version ?? '0.0.0';
  // A browser following a link the router cannot decode gets the app, which says "page not found".
  const page = options.web ? readFileSync(join(options.web.dir, 'index.html')) : null;
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Unknown parameters are reported (400), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // A URL the router cannot decode (`/api/incidents/%ff`) gets the same error shape as every other 400.
    frameworkErrors: (error, request, reply) => {
      const bad = error.code === 'FST_ERR_BAD_URL';
      const status: number = bad ? 400 : 500;
      if (bad && page && request.method === 'GET' && !request.url.startsWith('/api') && wantsHtml(request.headers.accept)) {
        void sendAppPage(reply as FastifyReply, page, status);
        return;
      }
      const body = { error: reasonPhrase(status), message: bad ? 'the URL is not valid (bad percent-encoding)' : 'internal error' };
      void (reply as FastifyReply).code(status).send(body);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installJsonBody(app);
  installErrorHandlers(app);
  installAuth(app, options.auth);
  await registerOpenApi(app, version);

  const { database } = options;
  const details = new IncidentDetailReader({ database, now, ...cacheSize(options.documentCacheEntries) });
  if (options.web && page) await app.register(webRoutes, { dir: options.web.dir, page });
  else await app.register(homeRoutes);
  await app.register(healthRoutes, { database, version });
  await app.register(incidentRoutes, { prefix: '/api', database, details });
  await app.register(actionItemRoutes, { prefix: '/api', database, now });
  await app.register(actionItemLinkRoutes, {
    prefix: '/api',
    database,
    now,
    defaultRepo: options.github?.defaultRepo ?? null,
    issueLabel: options.github?.issueLabel === undefined ? 'postmortem-action' : options.github.issueLabel,
    publicUrl: options.github?.publicUrl ?? 'http://localhost:3000',
    github: options.github?.client ?? null,
  });
  await app.register(settingsRoutes, {
    prefix: '/api',
    database,
    github: {
      configured: Boolean(options.github?.client),
      defaultRepo: options.github?.defaultRepo ?? null,
      issueLabel: options.github?.issueLabel === undefined ? 'postmortem-action' : options.github.issueLabel,
      syncMinutes: options.github?.syncMinutes ?? 0,
    },
  });
  await app.register(safeguardRoutes, {
    prefix: '/api',
    database,
    now,
    attestationDays: options.safeguards?.attestationDays ?? 90,
    verify: options.safeguards?.verify ?? null,
  });
  const correlator = new DeploymentCorrelator(database, cacheless(options.correlationHours));
  await app.register(statsRoutes, { prefix: '/api', database, now, correlator });
  await app.register(deploymentRoutes, { prefix: '/api', database, now, correlator });
  await app.register(webhookRoutes, {
    prefix: '/api',
    database,
    now,
    secret: options.webhooks?.secret ?? null,
    deployBranches: options.webhooks?.deployBranches ?? {},
  });
  await app.register(facetRoutes, { prefix: '/api', database });
  await app.register(eventRoutes, { prefix: '/api', feed: new ChangeFeed({ stamp: () => changeStamp(database), ...options.changeFeed }) });
  await app.register(ingestRoutes, { prefix: '/api', ingest: options.ingest });

  await app.ready();
  return app;
}

function cacheSize(entries: number | undefined): { cacheEntries?: number } {
  return entries === undefined ? {} : { cacheEntries: entries };
}

function cacheless(hours: number | undefined): { windowHours?: number } {
  return hours === undefined ? {} : { windowHours: hours };
}
