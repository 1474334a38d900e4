/**
 * Links of action items over HTTP: `POST /api/action-items/:id/links` (link an issue, pull request or URL), `DELETE
 * /api/action-items/:id/links/:linkId` (links added through the service only), `POST /api/action-items/:id/issue`
 * (create the GitHub issue and link it). Writes: the access check (`plugins/auth.ts`) applies.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createIssueForItem } from '../../actions/create-issue.ts';
import { LinkError, type LinkErrorCode } from '../../actions/link-errors.ts';
import { linkItem, unlinkItem } from '../../actions/links.ts';
import type { Database } from '../../db/connection.ts';
import type { GitHubClient } from '../../github/client.ts';
import { HttpError } from '../http-error.ts';
import { ActionItemLinkSchema } from '../schemas/action-items.ts';
import {
  ActionItemLinkParamsSchema,
  ActionItemParamsSchema,
  CreateIssueRequestSchema,
  LinkRequestSchema,
} from '../schemas/action-item-links.ts';
import { ErrorResponseSchema } from '../schemas/common.ts';

/** Options of `actionItemLinkRoutes`. */
export interface ActionItemLinkRoutesOptions {
  database: Database;
  /** The clock links and status changes are stamped with. */
  now: () => Date;
  /** `owner/name` for `#12` and for new issues when the request names none (`HINDSIGHT_REPO`); null: none. */
  defaultRepo: string | null;
  /** The label new issues get (`HINDSIGHT_ISSUE_LABEL`); null: none. */
  issueLabel: string | null;
  /** Where Hindsight is reached (`HINDSIGHT_PUBLIC_URL`): new issues link back to the item there. */
  publicUrl: string;
  /** The client issues are created with; null when no GitHub token is configured (creating issues answers 503). */
  github: GitHubClient | null;
}

/** The HTTP status of each refusal. */
const STATUS: Record<LinkErrorCode, number> = {
  invalid: 400,
  unsafe: 400,
  'not-found': 404,
  archived: 409,
  duplicate: 409,
  'markdown-link': 409,
  'github-link': 409,
  'already-open': 409,
  busy: 409,
  github: 502,
  'not-recorded': 500,
};

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  500: ErrorResponseSchema,
};
const bodyErrors = { ...errors, 413: ErrorResponseSchema, 415: ErrorResponseSchema };

/** The link routes, mounted under `/api`. */
export const actionItemLinkRoutes: FastifyPluginAsyncTypebox<ActionItemLinkRoutesOptions> = async (app, options) => {
  const { database, now, defaultRepo } = options;

  app.post(
    '/action-items/:id/links',
    {
      schema: {
        tags: ['action-items'],
        summary: 'Link an issue, pull request, commit or URL to an action item',
        description:
          'The state of a linked issue or pull request comes with the next GitHub sync. 409 when the item already has the ' +
          'link (written in the markdown or added before, however it was written) or the item is archived.',
        security: [{ bearer: [] }],
        params: ActionItemParamsSchema,
        body: LinkRequestSchema,
        response: { 201: ActionItemLinkSchema, ...bodyErrors },
      },
    },
    async (request, reply) => {
      const link = refusals(() => linkItem(database, request.params.id, request.body.ref, { repo: defaultRepo, now: now() }));
      return reply.code(201).send(link);
    },
  );

  app.delete(
    '/action-items/:id/links/:linkId',
    {
      schema: {
        tags: ['action-items'],
        summary: 'Remove a link added through the service',
        description:
          'Links written in the markdown are removed by editing the markdown (409 says where); links the sync found on ' +
          'GitHub go with the issue that references them.',
        security: [{ bearer: [] }],
        params: ActionItemLinkParamsSchema,
        response: { 204: Type.Null({ description: 'Removed.' }), ...errors },
      },
    },
    async (request, reply) => {
      refusals(() => unlinkItem(database, request.params.id, request.params.linkId, { now: now() }));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/action-items/:id/issue',
    {
      schema: {
        tags: ['action-items'],
        summary: 'Create a GitHub issue for an action item and link it',
        description:
          "The issue's title is the item's text, its body the text, owner and due date with a link back to the item; it " +
          'gets the configured label. 409 when the item already has an open (or unsynced) issue in that repository ' +
          'unless `force`; 502 with GitHub\'s answer when GitHub refuses (nothing is recorded); 503 when no GitHub token is configured.',
        security: [{ bearer: [] }],
        params: ActionItemParamsSchema,
        body: CreateIssueRequestSchema,
        response: { 201: ActionItemLinkSchema, ...bodyErrors, 502: ErrorResponseSchema, 503: ErrorResponseSchema },
      },
      // No body at all means the defaults, like `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { github } = options;
      if (github === null) {
        throw new HttpError(503, 'creating issues is turned off: set GITHUB_TOKEN to a token that may create issues in the repository');
      }
      const link = await refusalsAsync(() =>
        createIssueForItem(database, github, request.params.id, {
          repo: request.body.repo ?? defaultRepo,
          label: options.issueLabel,
          publicUrl: options.publicUrl,
          now: now(),
          force: request.body.force ?? false,
        }),
      );
      return reply.code(201).send(link);
    },
  );
};

/** `run()`'s result; a `LinkError` becomes the `HttpError` of its code. */
function refusals<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asHttpError(error);
  }
}

async function refusalsAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asHttpError(error);
  }
}

function asHttpError(error: unknown): unknown {
  return error instanceof LinkError ? new HttpError(STATUS[error.code], error.message) : error;
}
