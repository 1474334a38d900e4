/**
 * Deployment events over HTTP: `GET /api/deployments` (filters, paging, incidents overlay), `POST
 * /api/deployments` (from any CI system: validated, idempotent by key), an incident's deployments with the
 * suspect and recovery, and people's verdicts on the suspect.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/connection.ts';
import { deleteDeployments, upsertDeployments } from '../../db/deployment-store.ts';
import { clearConfirmations, clearVerdict, deploymentById, setVerdict } from '../../db/queries/deployment-correlation.ts';
import { environmentNames, listDeployments } from '../../db/queries/deployment-list.ts';
import { findIncident } from '../../db/queries/incident-detail.ts';
import { canonicalEnvironment } from '../../deploys/environments.ts';
import { toDeploymentEvent, type DeploymentInput } from '../../deploys/event.ts';
import type { DeploymentCorrelator } from '../../deploys/incident-deployments.ts';
import { presentCorrelation, withLinks } from '../../deploys/present.ts';
import type { DeploymentEvent } from '../../domain/deployment.ts';
import { badRequest, HttpError, notFound } from '../http-error.ts';
import { ErrorResponseSchema, NoQuerySchema, readErrors, writeErrors } from '../schemas/common.ts';
import {
  DeploymentListQuerySchema,
  DeploymentPageSchema,
  DeploymentPostResultSchema,
  DeploymentPostSchema,
  DeploymentSchema,
  IncidentDeploymentsSchema,
  VerdictRequestSchema,
} from '../schemas/deployments.ts';
import { IncidentParamsSchema } from '../schemas/incidents.ts';

export interface DeploymentRoutesOptions {
  database: Database;
  correlator: DeploymentCorrelator;
  now: () => Date;
}

/** The deployment routes, mounted under `/api`. */
export const deploymentRoutes: FastifyPluginAsyncTypebox<DeploymentRoutesOptions> = async (app, { database, correlator, now }) => {
  app.get(
    '/deployments',
    {
      schema: {
        tags: ['deployments'],
        summary: 'List deployment events, newest first, with filters',
        querystring: DeploymentListQuerySchema,
        response: { 200: DeploymentPageSchema, ...readErrors },
      },
    },
    async (request) => {
      const query = request.query;
      const from = query.from === undefined ? null : instant(query.from, 'from', 'start');
      const to = query.to === undefined ? null : instant(query.to, 'to', 'end');
      if (from && to && from > to) throw badRequest('query parameter "from" must not be after "to"');
      const environments = query.environment
        ? environmentNames(database).filter((name) => canonicalEnvironment(name) === canonicalEnvironment(query.environment!))
        : null;
      const limit = query.limit ?? 100;
      const offset = query.offset ?? 0;
      const page = listDeployments(database, {
        environments,
        service: query.service ?? null,
        kind: query.kind ?? null,
        status: query.status ?? null,
        source: query.source ?? null,
        from,
        to,
        q: query.q ?? null,
        sort: query.sort ?? '-startedAt',
        limit,
        offset,
      });
      const times = page.items.map((d) => d.startedAt).sort();
      const overlay = query.incidents && times.length > 0 ? overlayIncidents(correlator, from ?? times[0]!, to ?? times.at(-1)!) : [];
      return { ...page, items: page.items.map((d) => withLinks(d)), limit, offset, incidents: overlay };
    },
  );

  app.get(
    '/deployments/:id',
    {
      schema: {
        tags: ['deployments'],
        summary: 'One deployment event',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: NoQuerySchema,
        response: { 200: DeploymentSchema, ...readErrors, 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      const found = deploymentById(database, request.params.id);
      if (!found) throw notFound(`no deployment ${request.params.id}`);
      return withLinks(found);
    },
  );

  app.delete(
    '/deployments/:id',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Delete a deployment event recorded by mistake (and the verdicts given on it)',
        description: 'Importing it again brings it back: remove it from its source too.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      if (deleteDeployments(database, [request.params.id]) === 0) throw notFound(`no deployment ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/deployments',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Record deployments (one, or up to 1000 as {"deployments": [...]}); idempotent by key',
        description:
          'Send the same key again to report a later status: fields you leave out keep their value, and a status ' +
          'reported earlier than the stored one (`statusAt`) is ignored. 201 when something was created, else 200. ' +
          'A batch is stored all or nothing: one bad deployment refuses the request, naming it.',
        security: [{ bearer: [] }],
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: DeploymentPostSchema,
        response: { 200: DeploymentPostResultSchema, 201: DeploymentPostResultSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const batch = 'deployments' in body;
      const inputs: DeploymentInput[] = batch ? body.deployments : [body];
      const header = request.headers['idempotency-key'];
      if (batch && header) throw badRequest('the Idempotency-Key header names one deployment: give each of a batch its own "key"');
      const events: DeploymentEvent[] = [];
      const problems: string[] = [];
      inputs.forEach((input, index) => {
        if (header && input.key !== undefined && input.key !== header) {
          problems.push(`key: "${input.key}" differs from the Idempotency-Key header "${header}" (give one of them)`);
          return;
        }
        const result = toDeploymentEvent(header && input.key === undefined ? { ...input, key: header } : input, {
          source: 'api',
          notAfter: new Date(now().getTime() + 86_400_000).toISOString(),
        });
        const where = batch ? `deployments[${index}].` : '';
        if (result.problems) problems.push(...result.problems.map((p) => `${where}${p.field}: ${p.message}`));
        else events.push(result.event);
      });
      if (problems.length > 0) throw badRequest(`body/${problems.join('; ')}`.replace(/^body\//, ''));
      const keys = new Map<string, number>();
      events.forEach((event, index) => {
        const seen = keys.get(event.key);
        if (seen !== undefined) problems.push(`deployments[${index}].key: "${event.key}" is also deployments[${seen}]'s key`);
        keys.set(event.key, index);
      });
      if (problems.length > 0) throw badRequest(problems.join('; '));
      const counts = upsertDeployments(database, events, now());
      const ids = database.sqlite.prepare('select id from deployments where idempotency_key = ?').pluck();
      const stored = events.map((event) => ({ id: ids.get(event.key) as number, key: event.key }));
      void reply.code(counts.created > 0 ? 201 : 200);
      return { ...counts, deployments: stored };
    },
  );

  app.get(
    '/incidents/:slug/deployments',
    {
      schema: {
        tags: ['deployments'],
        summary: "The deployments in an incident's window: the suspect, the recovery, what the timeline describes",
        params: IncidentParamsSchema,
        querystring: NoQuerySchema,
        response: { 200: IncidentDeploymentsSchema, ...readErrors, 404: ErrorResponseSchema },
      },
    },
    async (request) => correlationOf(request.params.slug),
  );

  const VerdictParams = Type.Object({ slug: IncidentParamsSchema.properties.slug, id: Type.Integer({ minimum: 1 }) });
  app.put(
    '/incidents/:slug/deployments/:id/verdict',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Confirm a deployment as the cause of the incident, or reject it as the suspect',
        description: 'Kept across re-ingest of the postmortem and re-import of the deployment. Answers the new correlation.',
        security: [{ bearer: [] }],
        params: VerdictParams,
        body: VerdictRequestSchema,
        response: { 200: IncidentDeploymentsSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { incidentId, deploymentId } = verdictTarget(request.params.slug, request.params.id);
      // One cause per incident: confirming a deployment withdraws the confirmation of any other.
      if (request.body.verdict === 'confirmed') clearConfirmations(database, incidentId);
      setVerdict(database, {
        incidentId,
        deploymentId,
        verdict: request.body.verdict,
        decidedBy: request.body.by ?? null,
        note: request.body.note ?? null,
        decidedAt: now().toISOString(),
      });
      return correlationOf(request.params.slug);
    },
  );

  app.delete(
    '/incidents/:slug/deployments/:id/verdict',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Withdraw a verdict: the suspect is chosen automatically again',
        security: [{ bearer: [] }],
        params: VerdictParams,
        response: { 200: IncidentDeploymentsSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { incidentId, deploymentId } = verdictTarget(request.params.slug, request.params.id);
      clearVerdict(database, incidentId, deploymentId);
      return correlationOf(request.params.slug);
    },
  );

  function correlationOf(slug: string) {
    const incident = findIncident(database, slug);
    if (!incident) throw notFound(`no incident "${slug}"`);
    return presentCorrelation(correlator.forIncident(incident.id)?.correlation ?? null, correlator.windowHours);
  }

  function verdictTarget(slug: string, id: number) {
    const incident = findIncident(database, slug);
    if (!incident) throw notFound(`no incident "${slug}"`);
    const deployment = deploymentById(database, id);
    if (!deployment) throw notFound(`no deployment ${id}`);
    const window = correlator.forIncident(incident.id)?.correlation?.window ?? null;
    if (window === null || deployment.startedAt < window.from || deployment.startedAt > window.to) {
      throw new HttpError(
        409,
        window === null
          ? `incident "${slug}" has no time to line deployments up against`
          : `deployment ${id} (${deployment.startedAt}) is not in the incident's window (${window.from} to ${window.to})`,
      );
    }
    return { incidentId: incident.id, deploymentId: id };
  }
};

/** A query bound: a day (`YYYY-MM-DD`, its start or end in UTC) or an ISO instant with an offset. */
function instant(value: string, name: string, end: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isFinite(day) || new Date(day).toISOString().slice(0, 10) !== value) throw badRequest(`query parameter "${name}": ${value} is not a day`);
    return end === 'start' ? `${value}T00:00:00Z` : `${value}T23:59:59Z`;
  }
  const ms = Date.parse(value);
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) || !Number.isFinite(ms)) {
    throw badRequest(`query parameter "${name}": "${value}" is not a day (YYYY-MM-DD) or an ISO time with an offset`);
  }
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Incidents whose outage overlaps [from, to], with their suspect and recovery. */
function overlayIncidents(correlator: DeploymentCorrelator, from: string, to: string) {
  return correlator
    .all()
    .filter(({ incident }) => !incident.removed)
    .flatMap(({ incident, correlation }) => {
      const startedAt = correlation?.effectiveStart ?? incident.startedAt ?? incident.detectedAt;
      const endedAt = incident.resolvedAt ?? incident.mitigatedAt;
      if (startedAt === null) return [];
      if (startedAt > to || (endedAt ?? startedAt) < from) return [];
      return [
        {
          slug: incident.slug,
          title: incident.title,
          startedAt,
          endedAt,
          suspectId: correlation?.suspect?.deploymentId ?? null,
          suspectConfirmed: correlation?.suspect?.confirmed ?? false,
          recoveryId: correlation?.recovery?.deploymentId ?? null,
        },
      ];
    });
}
