/**
 * Safeguards over HTTP: the Safeguards view's list and detail (with history), creating one through the service,
 * linking it to action items, attesting a manual one, and running verification now.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { safeguardDetail, listSafeguards, type ArchivedSafeguards } from '../../safeguards/queries.ts';
import { attestSafeguard, createSafeguard, deleteSafeguard, linkSafeguard, SafeguardError, unlinkSafeguard } from '../../safeguards/store.ts';
import { Type } from 'typebox';
import type { VerifyReport } from '../../safeguards/verify.ts';
import { HttpError, notFound } from '../http-error.ts';
import { ErrorResponseSchema, NoQuerySchema, readErrors, writeErrors } from '../schemas/common.ts';
import {
  SafeguardAttestSchema,
  SafeguardCreateSchema,
  SafeguardDetailSchema,
  SafeguardLinkParamsSchema,
  SafeguardLinkSchema,
  SafeguardListQuerySchema,
  SafeguardListSchema,
  SafeguardParamsSchema,
  SafeguardVerifyReportSchema,
  SafeguardVerifyRequestSchema,
} from '../schemas/safeguards.ts';

/** Options of `safeguardRoutes`; `now` is the clock for writes and attestation expiry. */
export interface SafeguardRoutesOptions {
  database: Database;
  now: () => Date;
  /** How long an attestation holds (`HINDSIGHT_ATTESTATION_DAYS`). */
  attestationDays: number;
  /**
   * Runs verification (and usually loads the safeguards file first: `refreshSafeguards`) with a GitHub client.
   * Default: none, and `POST /api/safeguards/verify` answers 503.
   */
  verify?: ((request: { keys?: string[] }) => Promise<VerifyReport>) | null;
}

const ARCHIVED: Record<'false' | 'true' | 'all', ArchivedSafeguards> = { false: 'current', true: 'archived', all: 'all' };

/** The safeguard routes, mounted under `/api`. */
export const safeguardRoutes: FastifyPluginAsyncTypebox<SafeguardRoutesOptions> = async (app, { database, now, attestationDays, verify }) => {
  app.get(
    '/safeguards',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'List safeguards with their state and the action items they implement',
        querystring: SafeguardListQuerySchema,
        response: { 200: SafeguardListSchema, ...readErrors },
      },
    },
    async (request) => {
      const query = request.query;
      return listSafeguards(database, {
        state: query.state ?? null,
        kind: query.kind ?? null,
        repo: query.repo ?? null,
        incident: query.incident ?? null,
        archived: ARCHIVED[query.archived ?? 'false'],
        now: now(),
      });
    },
  );

  app.get(
    '/safeguards/:key',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'One safeguard with its history of checks',
        params: SafeguardParamsSchema,
        querystring: NoQuerySchema,
        response: { 200: SafeguardDetailSchema, ...readErrors, 404: ErrorResponseSchema },
      },
    },
    async (request) => detail(request.params.key),
  );

  app.post(
    '/safeguards',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Create a safeguard through the service (`source: service`), optionally linked to action items',
        description:
          'Fields as in `safeguards.yml`: `id`, `kind`, and what the kind needs (status-check: `repo`, `check`; workflow and alert-rule: ' +
          '`repo`, `path`; codeowners: `repo`, `owners`, `pattern` or `path`; deploy-gate: `repo`, `environment` ...). Fields a kind does ' +
          'not use are refused. 409 when the id is taken. It is verified on the next run.',
        security: [{ bearer: [] }],
        body: SafeguardCreateSchema,
        response: { 201: SafeguardDetailSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { items, ...fields } = request.body;
      const created = guard(() => createSafeguard(database, fields, { now: now(), itemIds: items ?? [] }));
      void reply.code(201);
      return detail(created.key);
    },
  );

  app.post(
    '/safeguards/:key/items',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Link a safeguard to an action item it implements',
        description: '201 when linked, 200 when it was linked already.',
        security: [{ bearer: [] }],
        params: SafeguardParamsSchema,
        body: SafeguardLinkSchema,
        response: { 200: SafeguardDetailSchema, 201: SafeguardDetailSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = guard(() => linkSafeguard(database, request.params.key, request.body.itemId));
      void reply.code(created ? 201 : 200);
      return detail(request.params.key);
    },
  );

  app.delete(
    '/safeguards/:key/items/:itemId',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Remove a link made through the service (links from the safeguards file are changed there: 409)',
        security: [{ bearer: [] }],
        params: SafeguardLinkParamsSchema,
        response: { 200: SafeguardDetailSchema, ...writeErrors },
      },
    },
    async (request) => {
      guard(() => unlinkSafeguard(database, request.params.key, request.params.itemId));
      return detail(request.params.key);
    },
  );

  app.delete(
    '/safeguards/:key',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Delete a safeguard created through the service, with its links and history (409 for one from the safeguards file)',
        security: [{ bearer: [] }],
        params: SafeguardParamsSchema,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      guard(() => deleteSafeguard(database, request.params.key));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/safeguards/:key/attest',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Attest that a safeguard no API can check (runbook, other) is in place',
        description: `The attestation holds for ${attestationDays} days (HINDSIGHT_ATTESTATION_DAYS); 409 for kinds verified through GitHub.`,
        security: [{ bearer: [] }],
        params: SafeguardParamsSchema,
        body: SafeguardAttestSchema,
        response: { 200: SafeguardDetailSchema, ...writeErrors },
      },
    },
    async (request) => {
      guard(() => attestSafeguard(database, request.params.key, { by: request.body.by, note: request.body.note ?? null, now: now(), days: attestationDays }));
      return detail(request.params.key);
    },
  );

  let running: Promise<unknown> = Promise.resolve();
  app.post(
    '/safeguards/verify',
    {
      schema: {
        tags: ['safeguards'],
        summary: 'Verify safeguards through GitHub now',
        description: 'Runs one at a time (a second request waits for the first). 503 when no GitHub client is configured.',
        security: [{ bearer: [] }],
        body: SafeguardVerifyRequestSchema,
        response: { 200: SafeguardVerifyReportSchema, ...writeErrors, 503: ErrorResponseSchema },
      },
      // No body at all (a bare `curl -X POST`) means "every safeguard", like `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      if (!verify) throw new HttpError(503, 'verification is not configured: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise)');
      const keys = request.body.keys;
      const run = running.then(() => verify(keys ? { keys } : {}));
      running = run.catch(() => undefined);
      return run;
    },
  );

  function detail(key: string) {
    const found = safeguardDetail(database, key, { now: now() });
    if (!found) throw notFound(`no safeguard ${JSON.stringify(key)}`);
    return found;
  }
};

const STATUS = { invalid: 400, 'not-found': 404, conflict: 409 } as const;

/** Runs a store write, turning its refusals into HTTP errors with their message. */
function guard<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof SafeguardError) throw new HttpError(STATUS[error.reason], error.message);
    throw error;
  }
}
