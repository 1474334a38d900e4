/**
 * The stand-in's memory: users, repositories, deployments and deployment statuses, stored as the objects GitHub
 * returns. Tests seed it (`addDeployment`, `addDeploymentStatus`); the routes read it. Later capabilities (issues,
 * branch protection) add their own collections here.
 */
import { createHash } from 'node:crypto';
import { IssueStore } from './github-standin-issues.ts';
import {
  deploymentObject,
  deploymentStatusObject,
  repositoryObject,
  simpleUser,
  type DeploymentFields,
  type DeploymentState,
  type GitHubDeployment,
  type GitHubDeploymentStatus,
  type Hosts,
  type RepositoryRecord,
  type SimpleUser,
} from './github-standin-shapes.ts';

export interface RepoInput {
  id?: number;
  private?: boolean;
  description?: string | null;
  /** Default: `main`. */
  defaultBranch?: string;
  /** Default: `Organization`. */
  ownerType?: 'User' | 'Organization';
  topics?: string[];
}

/** A deployment to seed; every field optional. Times are ISO strings; `creator` is a login (null: a deleted user). */
export interface DeploymentInput {
  id?: number;
  /** Default: a sha derived from the id. */
  sha?: string;
  /** Default: `main`. */
  ref?: string;
  /** Default: `deploy`. */
  task?: string;
  /** An object, or a JSON string as some tools send it. Default: `{}`. */
  payload?: Record<string, unknown> | string;
  /** Default: `production`. */
  environment?: string;
  /** Default: `environment`. */
  original_environment?: string;
  /** Default: null. */
  description?: string | null;
  /** Default: `octocat`. */
  creator?: string | null;
  /** Default: the stand-in's clock. */
  created_at?: string;
  updated_at?: string;
  /** Default: false. */
  transient_environment?: boolean;
  /** Default: true for `production`. */
  production_environment?: boolean;
}

/** A deployment status to seed. `log_url` and `target_url` mirror each other when only one is given, as on GitHub. */
export interface DeploymentStatusInput {
  id?: number;
  /** Default: `success`. */
  state?: DeploymentState;
  /** Default: `''`. */
  description?: string;
  /** Default: the deployment's environment. */
  environment?: string;
  target_url?: string;
  log_url?: string;
  environment_url?: string;
  /** Default: `octocat`. */
  creator?: string | null;
  /** Default: the stand-in's clock. */
  created_at?: string;
}

interface RepoEntry {
  record: RepositoryRecord;
  deployments: Map<number, GitHubDeployment>;
  statuses: Map<number, GitHubDeploymentStatus[]>;
}

/** GitHub's timestamp format: seconds, `Z`. */
export function githubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GitHubState {
  private readonly users = new Map<string, SimpleUser>();
  private readonly repos = new Map<string, RepoEntry>();
  private nextId = 1000;
  /** Issues and pull requests (`github-standin-issues.ts`). */
  readonly issues: IssueStore;

  /**
   * @param hosts where the objects' URLs point
   * @param now the clock for times a test leaves out
   */
  constructor(
    readonly hosts: Hosts,
    private readonly now: () => Date,
  ) {
    this.issues = new IssueStore(this, hosts, now);
  }

  /** The user `login`, created on first use (`type` applies then). */
  user(login: string, type: SimpleUser['type'] = 'User'): SimpleUser {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = simpleUser(this.hosts, login, this.id(), type);
      this.users.set(key, user);
    }
    return user;
  }

  /** Adds `owner/name` (or returns it when it exists; `input` applies on creation only). */
  addRepo(fullName: string, input: RepoInput = {}): ReturnType<typeof repositoryObject> {
    const entry = this.repos.get(fullName.toLowerCase()) ?? this.createRepo(fullName, input);
    return repositoryObject(this.hosts, entry.record);
  }

  /** The repository object for `owner/name` (case-insensitive, as on GitHub); undefined when there is none. */
  repository(fullName: string): ReturnType<typeof repositoryObject> | undefined {
    const entry = this.repos.get(fullName.toLowerCase());
    return entry ? repositoryObject(this.hosts, entry.record) : undefined;
  }

  /** `owner/name` of the repository with this id (for `/repositories/{id}/...` URLs). */
  repoNameById(id: number): string | undefined {
    for (const entry of this.repos.values()) if (entry.record.id === id) return `${entry.record.owner.login}/${entry.record.name}`;
    return undefined;
  }

  /** Adds a deployment to `repo` (created when missing) and returns it as GitHub would. */
  addDeployment(repo: string, input: DeploymentInput = {}): GitHubDeployment {
    const entry = this.repos.get(repo.toLowerCase()) ?? this.createRepo(repo, {});
    const id = input.id ?? this.id();
    const environment = input.environment ?? 'production';
    const createdAt = input.created_at ?? githubTime(this.now());
    const fields: DeploymentFields = {
      sha: input.sha ?? createHash('sha1').update(`deployment ${id}`).digest('hex'),
      ref: input.ref ?? 'main',
      task: input.task ?? 'deploy',
      payload: input.payload ?? {},
      environment,
      original_environment: input.original_environment ?? environment,
      description: input.description ?? null,
      creator: input.creator === null ? null : this.user(input.creator ?? 'octocat'),
      created_at: createdAt,
      updated_at: input.updated_at ?? createdAt,
      transient_environment: input.transient_environment ?? false,
      production_environment: input.production_environment ?? environment === 'production',
    };
    const deployment = deploymentObject(this.hosts, this.fullName(entry), id, fields);
    entry.deployments.set(id, deployment);
    entry.statuses.set(id, []);
    return deployment;
  }

  /** Adds a status to deployment `deploymentId` of `repo`; throws when there is no such deployment (a test's mistake). */
  addDeploymentStatus(repo: string, deploymentId: number, input: DeploymentStatusInput = {}): GitHubDeploymentStatus {
    const entry = this.repos.get(repo.toLowerCase());
    const deployment = entry?.deployments.get(deploymentId);
    if (!entry || !deployment) throw new Error(`the stand-in has no deployment ${deploymentId} in ${repo}`);
    const createdAt = input.created_at ?? githubTime(this.now());
    const link = input.log_url ?? input.target_url ?? '';
    const status = deploymentStatusObject(this.hosts, this.fullName(entry), deploymentId, input.id ?? this.id(), {
      state: input.state ?? 'success',
      creator: input.creator === null ? null : this.user(input.creator ?? 'octocat'),
      description: input.description ?? '',
      environment: input.environment ?? deployment.environment,
      target_url: input.target_url ?? link,
      log_url: input.log_url ?? link,
      environment_url: input.environment_url ?? '',
      created_at: createdAt,
      updated_at: createdAt,
    });
    entry.statuses.get(deploymentId)!.push(status);
    if (createdAt > deployment.updated_at) deployment.updated_at = createdAt;
    return status;
  }

  /** The deployments of `repo`, newest first; undefined when the repository does not exist. */
  deployments(repo: string): GitHubDeployment[] | undefined {
    const entry = this.repos.get(repo.toLowerCase());
    return entry ? newestFirst([...entry.deployments.values()]) : undefined;
  }

  /** The statuses of a deployment, newest first; undefined when the deployment does not exist. */
  deploymentStatuses(repo: string, deploymentId: number): GitHubDeploymentStatus[] | undefined {
    const list = this.repos.get(repo.toLowerCase())?.statuses.get(deploymentId);
    return list ? newestFirst([...list]) : undefined;
  }

  private createRepo(fullName: string, input: RepoInput): RepoEntry {
    const [owner, name] = fullName.split('/');
    if (!owner || !name) throw new Error(`"${fullName}" is not owner/name`);
    const time = githubTime(this.now());
    const record: RepositoryRecord = {
      id: input.id ?? this.id(),
      owner: this.user(owner, input.ownerType ?? 'Organization'),
      name,
      private: input.private ?? false,
      description: input.description ?? null,
      defaultBranch: input.defaultBranch ?? 'main',
      topics: input.topics ?? [],
      createdAt: time,
      updatedAt: time,
      pushedAt: time,
    };
    const entry: RepoEntry = { record, deployments: new Map(), statuses: new Map() };
    this.repos.set(fullName.toLowerCase(), entry);
    return entry;
  }

  private fullName(entry: RepoEntry): string {
    return `${entry.record.owner.login}/${entry.record.name}`;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }
}

/** Newest first by `created_at`, then by id (what GitHub's lists return). */
function newestFirst<T extends { created_at: string; id: number | bigint }>(items: T[]): T[] {
  return items.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || Number(b.id) - Number(a.id));
}
