/**
 * `POST /api/webhooks/github`: GitHub's `deployment`, `deployment_status` and `push` (to a deploy branch) events
 * become deployment events; `issues` and `pull_request` events update the action items linked to the issue or pull
 * request (`applyIssue`), and a pull request that closes a linked issue (`Fixes #12`) is linked to its items. Every
 * delivery must carry a valid `X-Hub-Signature-256` (HMAC-SHA256 of the exact body with `HINDSIGHT_WEBHOOK_SECRET`);
 * anything unsigned or wrongly signed is refused before it is read, and nothing of it is stored. A redelivery
 * changes nothing: events are keyed by GitHub's deployment id or the pushed sha, a status older than the stored one
 * is ignored, and so is an issue older (`updated_at`) than what its links hold.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verify } from '@octokit/webhooks-methods';
import { Type } from 'typebox';
import { applyIssue, isLinked, markIssueGone, type ApplyResult } from '../../actions/apply-issue.ts';
import { issueFromPullRequest } from '../../actions/remote-issue.ts';
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

/** GitHub's largest webhook payload: 25 MB. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

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
      // GitHub sends payloads of up to 25 MB (a push of many commits); the rest of the API keeps 1 MiB.
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'GitHub webhooks: deployment, deployment_status, push (to a deploy branch), issues, pull_request',
        description:
          'Needs X-Hub-Signature-256 made with HINDSIGHT_WEBHOOK_SECRET. Content type application/json (or a form with a ' +
          '`payload` field). `ping` answers ok; `issues` and `pull_request` events about nothing linked, and events ' +
          'Hindsight does not read, are answered 202 `ignored`.',
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
      } else if (name === 'issues' || name === 'pull_request') {
        const outcome = applyIssueEvent(options, name, payload);
        return answer(outcome.code, outcome.result, outcome.detail);
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

/** An `issues` or `pull_request` delivery applied to the links of its issue or pull request. */
function applyIssueEvent(
  options: WebhookRoutesOptions,
  name: 'issues' | 'pull_request',
  payload: Record<string, unknown>,
): { code: 200 | 202; result: 'created' | 'updated' | 'unchanged' | 'ignored'; detail: string } {
  const key = name === 'issues' ? 'issue' : 'pull_request';
  const repo = textAt(payload, 'repository', 'full_name');
  const object = objectAt(payload, key);
  if (!repo || !object) throw badRequest(`${name} payload without repository.full_name or ${key}`);
  const number = object.number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) throw badRequest(`${name} payload: ${key}.number is not a number`);
  const action = payload.action;
  if (name === 'issues' && (action === 'deleted' || action === 'transferred')) {
    const moved = objectAt(objectAt(payload, 'changes') ?? {}, 'new_issue');
    const to = typeof moved?.html_url === 'string' ? moved.html_url : null;
    const message = action === 'deleted' ? 'deleted on GitHub' : `transferred${to ? ` to ${to}` : ''}`;
    const links = markIssueGone(options.database, repo, number, message, options.now());
    if (links === 0) return { code: 202, result: 'ignored', detail: `nothing links ${repo}#${number}` };
    return { code: 200, result: 'updated', detail: `${repo}#${number} ${message}: kept what ${links === 1 ? 'its link' : `its ${links} links`} last said` };
  }
  const issue = name === 'issues' ? object : issueFromPullRequest(object);
  const applied = applyIssue(options.database, repo, issue, options.now());
  if (applied.problem !== null) {
    // An issue nothing links is of no interest, however it is described; a linked one must be described fully.
    if (!isLinked(options.database, repo, number)) return { code: 202, result: 'ignored', detail: `nothing links ${repo}#${number}` };
    throw badRequest(`${name} payload: ${applied.problem}`);
  }
  if (applied.links === 0 && applied.pullLinksAdded === 0 && applied.pullLinksRemoved === 0) {
    return { code: 202, result: 'ignored', detail: `nothing links ${repo}#${number}` };
  }
  const result = applied.pullLinksAdded > 0 ? 'created' : applied.updated > 0 || applied.pullLinksRemoved > 0 ? 'updated' : 'unchanged';
  return { code: 200, result, detail: describeApplied(applied) };
}

/** `example-org/datahub#14: 1 link updated, 1 item changed status` and the like. */
function describeApplied(applied: ApplyResult): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (applied.updated > 0) parts.push(`${count(applied.updated, 'link', 'links')} updated`);
  if (applied.pullLinksAdded > 0) parts.push(`linked to ${count(applied.pullLinksAdded, 'item', 'items')} whose issue it closes`);
  if (applied.pullLinksRemoved > 0) parts.push(`unlinked from ${count(applied.pullLinksRemoved, 'item', 'items')}`);
  if (applied.stale > 0) parts.push(`older than what ${count(applied.stale, 'link holds', 'links hold')}`);
  if (parts.length === 0) parts.push('nothing new');
  if (applied.itemsChanged.length > 0) parts.push(`${count(applied.itemsChanged.length, 'item', 'items')} changed status`);
  return `${applied.issue}: ${parts.join(', ')}`;
}

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
