/**
 * The endpoints the stand-in answers out of the box: a repository, its deployments and their statuses (list,
 * read, create), with GitHub's filters, order (newest first), pagination and 404s. Add more with
 * `standIn.route(...)`.
 */
import { paginate } from './github-standin-paging.ts';
import type { Route, StandInReply, StandInRequest } from './github-standin-router.ts';
import { errorBody, type DeploymentState } from './github-standin-shapes.ts';

const DOCS = 'https://docs.github.com/rest/deployments';
const STATES: readonly DeploymentState[] = ['error', 'failure', 'inactive', 'pending', 'success', 'queued', 'in_progress'];

/** 404 with GitHub's body; `docs` is the endpoint's documentation page. */
export function notFound(docs = 'https://docs.github.com/rest'): StandInReply {
  return { status: 404, body: errorBody(404, 'Not Found', docs) };
}

/** 422 `Validation Failed` with GitHub's `errors` list. */
export function validationFailed(docs: string, errors: { resource: string; field: string; code: string }[]): StandInReply {
  return { status: 422, body: { message: 'Validation Failed', errors, documentation_url: docs, status: '422' } };
}

/** A page of `items` with GitHub's `Link` header; `path` is the list's path below the repository (`/deployments`). */
export function listReply<T>(request: StandInRequest, items: readonly T[], path: string): StandInReply {
  const repo = request.state.repository(repoName(request))!;
  const page = paginate(items, request.query, `${request.state.hosts.api}/repositories/${repo.id}${path}`);
  return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
}

export function repoName(request: StandInRequest): string {
  return `${request.params.owner}/${request.params.repo}`;
}

export const defaultRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo',
    handler: (request) => {
      const repo = request.state.repository(repoName(request));
      return repo ? { status: 200, body: repo } : notFound('https://docs.github.com/rest/repos/repos#get-a-repository');
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments',
    handler: (request) => {
      const all = request.state.deployments(repoName(request));
      if (!all) return notFound(`${DOCS}/deployments#list-deployments`);
      const filters = (['sha', 'ref', 'task', 'environment'] as const).map((name) => [name, request.query.get(name)] as const);
      const chosen = all.filter((d) => filters.every(([name, value]) => value === null || d[name] === value));
      return listReply(request, chosen, '/deployments');
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments/:id',
    handler: (request) => {
      const deployment = request.state.deployments(repoName(request))?.find((d) => String(d.id) === request.params.id);
      return deployment ? { status: 200, body: deployment } : notFound(`${DOCS}/deployments#get-a-deployment`);
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments/:id/statuses',
    handler: (request) => {
      const statuses = request.state.deploymentStatuses(repoName(request), Number(request.params.id));
      if (!statuses) return notFound(`${DOCS}/statuses#list-deployment-statuses`);
      return listReply(request, statuses, `/deployments/${request.params.id}/statuses`);
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments/:id/statuses/:statusId',
    handler: (request) => {
      const status = request.state
        .deploymentStatuses(repoName(request), Number(request.params.id))
        ?.find((s) => String(s.id) === request.params.statusId);
      return status ? { status: 200, body: status } : notFound(`${DOCS}/statuses#get-a-deployment-status`);
    },
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/deployments',
    handler: (request) => {
      const docs = `${DOCS}/deployments#create-a-deployment`;
      if (!request.state.repository(repoName(request))) return notFound(docs);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body.ref !== 'string' || body.ref === '') return validationFailed(docs, [{ resource: 'Deployment', field: 'ref', code: 'missing_field' }]);
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const deployment = request.state.addDeployment(repoName(request), {
        ref: body.ref,
        task: text(body.task),
        environment: text(body.environment),
        description: text(body.description) ?? null,
        payload: typeof body.payload === 'object' && body.payload !== null ? (body.payload as Record<string, unknown>) : text(body.payload),
        transient_environment: typeof body.transient_environment === 'boolean' ? body.transient_environment : undefined,
        production_environment: typeof body.production_environment === 'boolean' ? body.production_environment : undefined,
      });
      return { status: 201, body: deployment };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/deployments/:id/statuses',
    handler: (request) => {
      const docs = `${DOCS}/statuses#create-a-deployment-status`;
      const id = Number(request.params.id);
      if (!request.state.deploymentStatuses(repoName(request), id)) return notFound(docs);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (!STATES.includes(body.state as DeploymentState)) return validationFailed(docs, [{ resource: 'DeploymentStatus', field: 'state', code: 'invalid' }]);
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const status = request.state.addDeploymentStatus(repoName(request), id, {
        state: body.state as DeploymentState,
        description: text(body.description),
        environment: text(body.environment),
        target_url: text(body.target_url),
        log_url: text(body.log_url),
        environment_url: text(body.environment_url),
      });
      return { status: 201, body: status };
    },
  },
];
