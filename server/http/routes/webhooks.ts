/**
 * `POST /api/webhooks/github`: GitHub's `deployment`, `deployment_status` and `push` (to a deploy branch) events
 * become deployment events. Every delivery must carry a valid `X-Hub-Signature-256` (HMAC-SHA256 of the exact
 * body with `HINDSIGHT_WEBHOOK_SECRET`); anything unsigned or wrongly signed is refused before it is read, and
 * nothing of it is stored. A redelivery changes nothing: events are keyed by GitHub's deployment id or the pushed
 * sha, and a status older than the stored one is ignored.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verify } from '@octokit/webhooks-methods';
import { Type } from 'typebox';
import type { Database } from '../../db/connection.ts';
import { upsertDeployments } from '../../db/deployment-store.ts';
import type { EventResult } from '../../deploys/event.ts';
import { eventFromDeploymentPayload, eventFromPushPayload } from '../../github/deployment-events.ts';
import { badRequest, HttpError, unauthorized } from '../http-error.ts';
import { ErrorResponseSchema } from '../schemas/common.ts';

export interface WebhookRoutesOptions {
  database: Database;
  /** `HINDSIGHT_WEBHOOK_SECRET`; null turns the endpoint off (503). */
  secret: string | null;
  /** Deploy branch → environment (`HINDSIGHT_DEPLOY_BRANCHES`). */
  deployBranches: Readonly<Record<string, string>>;
  now: () => Date;
}

const WebhookResultSchema = Type.Object({
  event: Type.String({ description: 'The X-GitHub-Event header.' }),
  result: Type.Enum(['created', 'updated', 'unchanged', 'ignored']),
  detail: Type.String(),
});

/** The webhook route, mounted under `/api`. */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRoutesOptions> = async (app, options) => {
  // The signature covers the exact bytes sent, so the body is kept as text and parsed only after it is checked
  // (this parser is scoped to this plugin). GitHub sends JSON, or a form with a `payload` field.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/webhooks/github',
    {
      // Signed by GitHub instead of the bearer token (see plugins/auth.ts).
      config: { authenticatedBy: 'signature' },
      schema: {
        tags: ['webhooks'],
        summary: 'GitHub webhooks: deployment, deployment_status, push (to a deploy branch)',
        description:
          'Needs X-Hub-Signature-256 made with HINDSIGHT_WEBHOOK_SECRET. Content type application/json (or a form with a ' +
          '`payload` field). `ping` answers ok; events Hindsight does not read are answered 202 `ignored`.',
        headers: Type.Object({
          'x-github-event': Type.Optional(Type.String()),
          'x-hub-signature-256': Type.Optional(Type.String()),
        }),
        response: {
          200: WebhookResultSchema,
          202: WebhookResultSchema,
          400: ErrorResponseSchema,
          401: ErrorResponseSchema,
          413: ErrorResponseSchema,
          415: ErrorResponseSchema,
          500: ErrorResponseSchema,
          503: ErrorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      if (options.secret === null) {
        throw new HttpError(503, 'webhooks are turned off: set HINDSIGHT_WEBHOOK_SECRET to the secret of the GitHub webhook');
      }
      const raw = typeof request.body === 'string' ? request.body : '';
      const signature = request.headers['x-hub-signature-256'];
      if (!signature) throw unauthorized('the delivery is not signed: set the webhook secret in GitHub (X-Hub-Signature-256 missing)');
      let valid = false;
      try {
        valid = await verify(options.secret, raw, signature);
      } catch {
        valid = false;
      }
      if (!valid) throw unauthorized('the signature does not match: the webhook secret in GitHub differs from HINDSIGHT_WEBHOOK_SECRET');

      const name = request.headers['x-github-event'] ?? '';
      const payload = readPayload(raw, request.headers['content-type'] ?? '');
      const answer = (code: 200 | 202, result: 'created' | 'updated' | 'unchanged' | 'ignored', detail: string) => {
        void reply.code(code);
        return { event: name, result, detail };
      };
      if (name === 'ping') return answer(200, 'unchanged', 'pong');

      let found: EventResult | null;
      if (name === 'deployment' || name === 'deployment_status') {
        const repo = textAt(payload, 'repository', 'full_name');
        const deployment = objectAt(payload, 'deployment');
        if (!repo || !deployment) throw badRequest(`${name} payload without repository.full_name or deployment`);
        found = eventFromDeploymentPayload(repo, deployment, name === 'deployment_status' ? objectAt(payload, 'deployment_status') : null);
      } else if (name === 'push') {
        found = eventFromPushPayload(payload, (branch) => options.deployBranches[branch] ?? null, options.now().toISOString());
        if (found === null) return answer(202, 'ignored', 'not a push to a deploy branch (HINDSIGHT_DEPLOY_BRANCHES)');
      } else {
        return answer(202, 'ignored', `Hindsight does not read "${name || 'unnamed'}" events here`);
      }
      if (found.problems) throw badRequest(`${name} payload: ${found.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
      const counts = upsertDeployments(options.database, [{ ...found.event, source: 'webhook' }], options.now());
      const result = counts.created > 0 ? 'created' : counts.updated > 0 ? 'updated' : 'unchanged';
      return answer(200, result, `${found.event.environment} ${found.event.kind} ${found.event.sha?.slice(0, 7) ?? found.event.ref ?? ''}`.trim());
    },
  );
};

function readPayload(raw: string, contentType: string): Record<string, unknown> {
  let text = raw;
  if (contentType.startsWith('application/x-www-form-urlencoded')) text = new URLSearchParams(raw).get('payload') ?? '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badRequest('the payload is not a JSON object');
}

function objectAt(value: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const found = value[key];
  return found !== null && typeof found === 'object' && !Array.isArray(found) ? (found as Record<string, unknown>) : null;
}

function textAt(value: Record<string, unknown>, key: string, inner: string): string | null {
  const found = objectAt(value, key)?.[inner];
  return typeof found === 'string' ? found : null;
}
