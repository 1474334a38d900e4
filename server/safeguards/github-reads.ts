/**
 * The GitHub reads safeguard verification makes, each answered once per run (a cache shared by the safeguards
 * that read the same repository, branch protection or file), and sorted into three outcomes:
 *
 * - found: the data;
 * - absent: a 404, with GitHub's message (`Branch not protected`, `Not Found`, `No commit found for the ref x`);
 * - undecided: anything else (rate limits, 5xx after the client's retries, timeouts, a body that is not the JSON it
 *   claims, 401/403): thrown as `UndecidedError`, so the safeguard keeps its state and the reason is recorded.
 *
 * After a rate limit the client could not wait out, no further request is sent in the run: the remaining
 * safeguards are undecided with the same reason instead of spending more of the limit.
 */
import type { Octokit } from '@octokit/rest';
import { describeGitHubError } from '../github/describe-error.ts';

/** A check that could not decide; `message` says why (`GET /repos/o/r/...: rate limit exceeded (resets at ...)`). */
export class UndecidedError extends Error {
  override readonly name = 'UndecidedError';
}

/** A read's answer: the data, or not found with GitHub's message (`Branch not protected`, `Not Found` ...). */
export type Read<T> = { found: true; data: T } | { found: false; message: string };

/** The newest completed run of a workflow on a branch, as far as a check needs it. */
export interface LatestRun {
  conclusion: string | null;
  runNumber: number | null;
  htmlUrl: string | null;
  createdAt: string | null;
}

/** The CODEOWNERS locations GitHub reads, in the order it looks. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/** The reads of one verification run, through `client` (from `createGitHubClient`), each sent at most once. */
export class GitHubReads {
  /** Requests sent (retries by the client not counted). */
  requests = 0;
  private halted: string | null = null;
  private readonly cache = new Map<string, Promise<Read<unknown>>>();

  constructor(private readonly client: Octokit) {}

  /** `GET /repos/{owner}/{repo}`: its default branch. */
  repository(repo: string): Promise<Read<{ defaultBranch: string }>> {
    return this.read(`repo ${repo}`, 'GET /repos/{owner}/{repo}', { ...split(repo) }, (data) => {
      const branch = isObject(data) && typeof data.default_branch === 'string' ? data.default_branch : null;
      if (!branch) throw new UndecidedError(`GET /repos/${repo}: unexpected answer (no default_branch)`);
      return { defaultBranch: branch };
    });
  }

  /** `GET /repos/{owner}/{repo}/branches/{branch}/protection`: the protection object, unchecked. */
  protection(repo: string, branch: string): Promise<Read<Record<string, unknown>>> {
    return this.read(`protection ${repo} ${branch}`, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { ...split(repo), branch }, (data) => {
      if (!isObject(data)) throw new UndecidedError(`GET /repos/${repo}/branches/${branch}/protection: unexpected answer (not an object)`);
      return data;
    });
  }

  /**
   * The text of `path` on `ref` (null: the default branch, GitHub's own default), read raw
   * (`Accept: application/vnd.github.raw`, files up to 100 MB). A folder is absent, as `is a folder`.
   */
  file(repo: string, path: string, ref: string | null): Promise<Read<string>> {
    const params = { ...split(repo), path, ...(ref ? { ref } : {}), mediaType: { format: 'raw' } };
    return this.read(`file ${repo} ${ref ?? ''} ${path}`, 'GET /repos/{owner}/{repo}/contents/{path}', params, (data) => {
      if (typeof data === 'string') return data;
      if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
      if (Array.isArray(data)) return new Absent('is a folder, not a file');
      if (isObject(data) && typeof data.content === 'string' && data.encoding === 'base64') return Buffer.from(data.content, 'base64').toString('utf8');
      throw new UndecidedError(`GET /repos/${repo}/contents/${path}: unexpected answer (not the file's content)`);
    });
  }

  /** The newest completed run of workflow `file` (its name under `.github/workflows/`) on `branch`; null when none. */
  latestRun(repo: string, file: string, branch: string): Promise<Read<LatestRun | null>> {
    const params = { ...split(repo), workflow_id: file, branch, status: 'completed' as const, per_page: 1 };
    return this.read(`runs ${repo} ${file} ${branch}`, 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', params, (data) => {
      if (!isObject(data) || !Array.isArray(data.workflow_runs)) {
        throw new UndecidedError(`GET /repos/${repo}/actions/workflows/${file}/runs: unexpected answer (no workflow_runs)`);
      }
      const run: unknown = data.workflow_runs[0];
      if (!isObject(run)) return null;
      return {
        conclusion: typeof run.conclusion === 'string' ? run.conclusion : null,
        runNumber: typeof run.run_number === 'number' ? run.run_number : null,
        htmlUrl: typeof run.html_url === 'string' ? run.html_url : null,
        createdAt: typeof run.created_at === 'string' ? run.created_at : null,
      };
    });
  }

  /** `GET /repos/{owner}/{repo}/environments/{name}`: the environment object, unchecked. */
  environment(repo: string, name: string): Promise<Read<Record<string, unknown>>> {
    return this.read(`environment ${repo} ${name}`, 'GET /repos/{owner}/{repo}/environments/{environment_name}', { ...split(repo), environment_name: name }, (data) => {
      if (!isObject(data)) throw new UndecidedError(`GET /repos/${repo}/environments/${name}: unexpected answer (not an object)`);
      return data;
    });
  }

  private read<T>(key: string, route: string, params: Record<string, unknown>, convert: (data: unknown) => T | Absent): Promise<Read<T>> {
    let pending = this.cache.get(key) as Promise<Read<T>> | undefined;
    if (!pending) {
      pending = this.send(route, params, convert);
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async send<T>(route: string, params: Record<string, unknown>, convert: (data: unknown) => T | Absent): Promise<Read<T>> {
    if (this.halted !== null) throw new UndecidedError(`not checked: ${this.halted}`);
    this.requests += 1;
    let data: unknown;
    try {
      data = (await this.client.request(route, params)).data;
    } catch (error) {
      const failure = classifyFailure(error);
      if ('absent' in failure) return { found: false, message: failure.absent };
      if (failure.halt) this.halted = failure.undecided;
      throw new UndecidedError(failure.undecided);
    }
    const converted = convert(data);
    return converted instanceof Absent ? { found: false, message: converted.message } : { found: true, data: converted };
  }
}

/**
 * What a failed request means for a check: `absent` (a 404: GitHub's message), or `undecided` with the reason in
 * one line, and whether it is a rate limit (`halt`: send nothing more in this run). Pure; never throws.
 */
export function classifyFailure(error: unknown): { absent: string } | { undecided: string; halt: boolean } {
  if (statusOf(error) === 404) return { absent: githubMessage(error) ?? 'Not Found' };
  const message = describeGitHubError(error);
  return { undecided: message, halt: /: (?:secondary )?rate limit exceeded/.test(message) };
}

/** A 200 that still means "not there" (a folder where a file was expected). */
class Absent {
  constructor(readonly message: string) {}
}

function split(repo: string): { owner: string; repo: string } {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, repo: name };
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  // A response is needed: Octokit reports a failed connection as status 500 without one.
  return typeof status === 'number' && (error as { response?: unknown }).response ? status : null;
}

function githubMessage(error: unknown): string | null {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  return isObject(data) && typeof data.message === 'string' ? data.message : null;
}

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
