/**
 * Deployments recorded on GitHub (the Deployments API) as deployment events: for each repository (and each
 * environment asked for) the deployments newest first, page by page until they are older than `since`, and for
 * each deployment its statuses, which say how it went. One repository's failure is reported and the others are
 * still imported.
 */
import type { Octokit } from '@octokit/rest';
import type { DeploymentEvent } from '../domain/deployment.ts';
import { readTime } from '../deploys/event.ts';
import { describeGitHubError } from './describe-error.ts';
import { eventFromDeployment } from './deployment-events.ts';

export interface GitHubDeploymentsOptions {
  /** `owner/name` of each repository. */
  repos: string[];
  /** Environments to import (each listed with GitHub's `environment` filter). Default: null, all; an empty list is all too. */
  environments?: string[] | null;
  /** ISO time: deployments created before it are left out, and paging stops at the first one. Default: null, all. */
  since?: string | null;
  /** Called after each page with the deployments read so far from `repo`. Default: none. */
  onProgress?: (progress: { repo: string; deployments: number }) => void;
}

export interface GitHubDeploymentsResult {
  events: DeploymentEvent[];
  /** What could not be read: a repository or an environment (the rest of it is skipped), a deployment's statuses (imported as queued), a deployment GitHub describes oddly (skipped). */
  failures: { repo: string; environment: string | null; message: string }[];
  /** Requests sent: one per page of deployments, one per deployment for its statuses (retries not counted). */
  requests: number;
}

/** Deployments per page: GitHub's maximum. */
const PER_PAGE = 100;
/** Status lists read at once; the throttling plugin caps the client's concurrency as a whole too. */
const STATUS_READS_AT_ONCE = 4;

/**
 * Imports the deployments of `options.repos` through `octokit` (from `createGitHubClient`). Never throws for a
 * repository's failure: it is in `failures`, and the other repositories are imported. Throws only when
 * `options.since` is not a time.
 */
export async function importGitHubDeployments(octokit: Octokit, options: GitHubDeploymentsOptions): Promise<GitHubDeploymentsResult> {
  const sinceMs = readSince(options.since);
  const environments: (string | null)[] = options.environments?.length ? [...new Set(options.environments)] : [null];
  const result: GitHubDeploymentsResult = { events: [], failures: [], requests: 0 };
  const seen = new Set<string>();

  for (const repo of options.repos) {
    const [owner, name, extra] = repo.split('/');
    if (!owner || !name || extra !== undefined) {
      result.failures.push({ repo, environment: null, message: `"${repo}" is not a repository (use owner/name)` });
      continue;
    }
    const pass: Pass = { octokit, repo, owner, name, environment: null, sinceMs, result, seen, read: 0, onProgress: options.onProgress };
    for (const environment of environments) {
      pass.environment = environment;
      await importEnvironment(pass);
    }
  }
  return result;
}

/** One repository (and environment) being imported, and where its results go. */
interface Pass {
  octokit: Octokit;
  repo: string;
  owner: string;
  name: string;
  environment: string | null;
  sinceMs: number | null;
  result: GitHubDeploymentsResult;
  /** Keys already imported (an environment named twice lists the same deployments). */
  seen: Set<string>;
  /** Deployments read from the repository so far, for `onProgress`. */
  read: number;
  onProgress: GitHubDeploymentsOptions['onProgress'];
}

/** Pages through one repository's deployments (to one environment) until the end or `since`; a failed page ends it. */
async function importEnvironment(pass: Pass): Promise<void> {
  const { octokit, result } = pass;
  const pages = octokit.paginate
    .iterator(octokit.rest.repos.listDeployments, {
      owner: pass.owner,
      repo: pass.name,
      per_page: PER_PAGE,
      ...(pass.environment === null ? {} : { environment: pass.environment }),
    })
    [Symbol.asyncIterator]();
  for (;;) {
    let page: Awaited<ReturnType<typeof pages.next>>;
    try {
      page = await pages.next();
    } catch (error) {
      result.requests += 1;
      fail(pass, describeGitHubError(error));
      return;
    }
    if (page.done) return;
    result.requests += 1;
    const deployments = page.value.data;
    const olderAt = pass.sinceMs === null ? -1 : deployments.findIndex((d) => !(Date.parse(d.created_at) >= pass.sinceMs!));
    const wanted = olderAt === -1 ? deployments : deployments.slice(0, olderAt);
    const statuses = await mapAtMost(wanted, STATUS_READS_AT_ONCE, (deployment) => readStatuses(pass, deployment.id));
    wanted.forEach((deployment, i) => {
      const built = eventFromDeployment(pass.repo, deployment, statuses[i] ?? null, 'github');
      if (built.problems) {
        fail(pass, `deployment ${deployment.id} skipped: ${built.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
      } else if (!pass.seen.has(built.event.key)) {
        pass.seen.add(built.event.key);
        result.events.push(built.event);
      }
    });
    pass.read += wanted.length;
    pass.onProgress?.({ repo: pass.repo, deployments: pass.read });
    if (olderAt !== -1) return;
  }
}

/** The first page of a deployment's statuses (GitHub lists the newest first), or null, reported, when unreadable. */
async function readStatuses(pass: Pass, id: number | bigint) {
  pass.result.requests += 1;
  try {
    // GitHub's ids fit in a double; Octokit types them `number | bigint` because it parses JSON with bigints.
    const response = await pass.octokit.rest.repos.listDeploymentStatuses({ owner: pass.owner, repo: pass.name, deployment_id: id as number, per_page: PER_PAGE });
    return response.data;
  } catch (error) {
    fail(pass, `statuses of deployment ${id} not read (imported as queued): ${describeGitHubError(error)}`);
    return null;
  }
}

function fail(pass: Pass, message: string): void {
  pass.result.failures.push({ repo: pass.repo, environment: pass.environment, message });
}

/** `since` in epoch milliseconds, or null for none; throws when it is not a time. */
function readSince(since: string | null | undefined): number | null {
  if (since === undefined || since === null || since.trim() === '') return null;
  const time = readTime(since, null);
  if (time.startsWith('!')) throw new Error(`since: ${time.slice(1)}`);
  return Date.parse(time);
}

/** `map` with at most `limit` calls running at once; results in the items' order. */
async function mapAtMost<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
