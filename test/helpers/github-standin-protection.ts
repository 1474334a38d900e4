/**
 * The stand-in's branch protection, repository contents, workflow runs and deployment environments: what
 * safeguard verification reads. State and routes in one place, added to a running stand-in with
 * `addProtectionRoutes(github)`; the other endpoints stay as they are.
 *
 * Shapes: branch protection exactly as recorded in `@octokit/fixtures` (`branch-protection`: the GET/PUT body with
 * the same fields in the same order, 404 `Branch not protected`), contents as recorded in `get-content` (the folder
 * listing; the raw file with `Accept: application/vnd.github.raw`, `content-type: application/vnd.github.v3.raw;
 * charset=utf-8`), a file as JSON with base64 `content` as GitHub documents it, workflow runs and environments as
 * GitHub documents them (checked against Octokit's types). Blob shas are git's own (`sha1("blob <size>\0...")`).
 *
 * ```ts
 * const github = await startGitHubStandIn();
 * const protection = addProtectionRoutes(github);
 * protection.protect('example-org/datahub', 'prod', { requiredChecks: ['staging-hub-online'] });
 * ```
 */
import { createHash } from 'node:crypto';
import type { RestEndpointMethodTypes } from '@octokit/rest';
import type { GitHubStandIn } from './github-standin.ts';
import { paginate } from './github-standin-paging.ts';
import type { StandInReply, StandInRequest } from './github-standin-router.ts';
import { notFound, repoName } from './github-standin-routes.ts';
import { errorBody, nodeId, type SimpleUser } from './github-standin-shapes.ts';
import { githubTime } from './github-standin-state.ts';

type WorkflowRun = RestEndpointMethodTypes['actions']['listWorkflowRuns']['response']['data']['workflow_runs'][number];
type Environment = RestEndpointMethodTypes['repos']['getEnvironment']['response']['data'];

const DOCS = {
  protection: 'https://docs.github.com/rest/reference/repos#get-branch-protection',
  updateProtection: 'https://docs.github.com/rest/branches/branch-protection#update-branch-protection',
  statusChecks: 'https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection',
  contents: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  runs: 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow',
  environment: 'https://docs.github.com/rest/deployments/environments#get-an-environment',
};

/** Branch protection to seed: every setting optional, off (or absent) by default. */
export interface ProtectionInput {
  /** Required status checks (contexts); null or undefined: none required. */
  requiredChecks?: string[] | null;
  /** Branches must be up to date before merging. Default: false. */
  strict?: boolean;
  /** Required approving reviews; null or undefined: reviews not required. */
  requiredReviews?: number | null;
  dismissStaleReviews?: boolean;
  codeOwnerReviews?: boolean;
  enforceAdmins?: boolean;
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
  linearHistory?: boolean;
  conversationResolution?: boolean;
  /** Who may push (`restrictions`); null or undefined: no restriction. */
  restrictions?: { users: string[]; teams: string[] } | null;
  /** Who may dismiss reviews (only with `requiredReviews`). */
  dismissalRestrictions?: { users: string[]; teams: string[] } | null;
}

/** What is stored per protected branch: `ProtectionInput` with every default filled in. */
type Protection = Required<Omit<ProtectionInput, 'requiredChecks' | 'requiredReviews' | 'restrictions' | 'dismissalRestrictions'>> & {
  requiredChecks: string[] | null;
  requiredReviews: number | null;
  restrictions: { users: string[]; teams: string[] } | null;
  dismissalRestrictions: { users: string[]; teams: string[] } | null;
};

/** A workflow run to seed. */
export interface WorkflowRunInput {
  /** Default: the repository's default branch. */
  branch?: string;
  /** Default: `completed`. */
  status?: 'queued' | 'in_progress' | 'completed';
  /** Default: `success` when completed, else null. */
  conclusion?: 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | null;
  /** Default: `push`. */
  event?: string;
  /** Default: the stand-in's clock. */
  created_at?: string;
}

/** A deployment environment's protection to seed. */
export interface EnvironmentInput {
  /** Logins of required reviewers (`org/team` for a team). Default: none. */
  reviewers?: string[];
  /** Minutes to wait before a deployment proceeds; 0: no wait timer. Default: 0. */
  waitTimer?: number;
  /** Which branches may deploy; null: any. Default: null. */
  branchPolicy?: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

interface Workflow {
  id: number;
  path: string;
  name: string;
  runs: WorkflowRun[];
}

interface RepoContent {
  branches: Map<string, Map<string, string>>;
  protection: Map<string, Protection>;
  workflows: Map<string, Workflow>;
  environments: Map<string, { id: number; name: string; input: EnvironmentInput; created_at: string }>;
}

/**
 * The stand-in's protection state for tests to seed and change; routes read it. A repository named here is created
 * on first use (default branch `main`): add it with `github.state.addRepo(name, { defaultBranch })` first for another.
 */
export class ProtectionState {
  private readonly repos = new Map<string, RepoContent>();
  private nextId = 50_000;

  /**
   * @param github the stand-in whose repositories these are
   * @param now the clock for times a test leaves out (run and environment times). Default: the system clock.
   */
  constructor(
    private readonly github: GitHubStandIn,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates `branch` in `repo` (and the repository, default branch `main`, when missing). */
  addBranch(repo: string, branch: string): void {
    this.branches(repo, branch);
  }

  /** Protects `branch` (created when missing), replacing any protection; returns GitHub's protection object. */
  protect(repo: string, branch: string, input: ProtectionInput = {}): ReturnType<ProtectionState['protectionObject']> {
    this.branches(repo, branch);
    this.entry(repo).protection.set(branch, {
      requiredChecks: input.requiredChecks ?? null,
      strict: input.strict ?? false,
      requiredReviews: input.requiredReviews ?? null,
      dismissStaleReviews: input.dismissStaleReviews ?? false,
      codeOwnerReviews: input.codeOwnerReviews ?? false,
      enforceAdmins: input.enforceAdmins ?? false,
      allowForcePushes: input.allowForcePushes ?? false,
      allowDeletions: input.allowDeletions ?? false,
      linearHistory: input.linearHistory ?? false,
      conversationResolution: input.conversationResolution ?? false,
      restrictions: input.restrictions ?? null,
      dismissalRestrictions: input.dismissalRestrictions ?? null,
    });
    return this.protectionObject(repo, branch)!;
  }

  /** Removes the protection of `branch` (as `DELETE .../protection` does). */
  unprotect(repo: string, branch: string): void {
    this.entry(repo).protection.delete(branch);
  }

  /** Writes `path` on `branch` (default: the default branch). */
  setFile(repo: string, path: string, content: string, options: { branch?: string } = {}): void {
    this.branches(repo, options.branch ?? this.defaultBranch(repo)).set(normalize(path), content);
  }

  /** Deletes `path` from `branch` (default: the default branch). */
  removeFile(repo: string, path: string, options: { branch?: string } = {}): void {
    this.branches(repo, options.branch ?? this.defaultBranch(repo)).delete(normalize(path));
  }

  /** Adds the workflow `.github/workflows/<file>` with `content` (written on the default branch). */
  addWorkflow(repo: string, file: string, content: string): void {
    const path = `.github/workflows/${file}`;
    this.setFile(repo, path, content);
    const workflows = this.entry(repo).workflows;
    if (!workflows.has(file)) workflows.set(file, { id: this.id(), path, name: /^name:\s*(.+)$/m.exec(content)?.[1]?.trim() ?? path, runs: [] });
  }

  /** Records a run of workflow `file` (added with `addWorkflow`); returns it as GitHub lists it. */
  addWorkflowRun(repo: string, file: string, input: WorkflowRunInput = {}): WorkflowRun {
    const workflow = this.entry(repo).workflows.get(file);
    if (!workflow) throw new Error(`the stand-in has no workflow ${file} in ${repo}`);
    const status = input.status ?? 'completed';
    const run = this.runObject(repo, workflow, {
      branch: input.branch ?? this.defaultBranch(repo),
      status,
      conclusion: input.conclusion === undefined ? (status === 'completed' ? 'success' : null) : input.conclusion,
      event: input.event ?? 'push',
      createdAt: input.created_at ?? githubTime(this.now()),
    });
    workflow.runs.push(run);
    return run;
  }

  /** Creates or replaces the environment `name` of `repo`. */
  setEnvironment(repo: string, name: string, input: EnvironmentInput = {}): void {
    const environments = this.entry(repo).environments;
    const existing = environments.get(name.toLowerCase());
    environments.set(name.toLowerCase(), { id: existing?.id ?? this.id(), name, input, created_at: existing?.created_at ?? githubTime(this.now()) });
  }

  removeEnvironment(repo: string, name: string): void {
    this.entry(repo).environments.delete(name.toLowerCase());
  }

  /** `GET .../branches/{branch}/protection` as GitHub answers it; undefined when the branch is not protected. */
  protectionObject(repo: string, branch: string) {
    const p = this.repos.get(repo.toLowerCase())?.protection.get(branch);
    if (!p) return undefined;
    const url = `${this.github.url}/repos/${this.fullName(repo)}/branches/${branch}/protection`;
    return {
      url,
      ...(p.requiredChecks ? { required_status_checks: this.statusChecksObject(url, p) } : {}),
      ...(p.restrictions ? { restrictions: { url: `${url}/restrictions`, users_url: `${url}/restrictions/users`, teams_url: `${url}/restrictions/teams`, apps_url: `${url}/restrictions/apps`, ...this.people(repo, p.restrictions), apps: [] } } : {}),
      ...(p.requiredReviews !== null
        ? {
            required_pull_request_reviews: {
              url: `${url}/required_pull_request_reviews`,
              dismiss_stale_reviews: p.dismissStaleReviews,
              require_code_owner_reviews: p.codeOwnerReviews,
              required_approving_review_count: p.requiredReviews,
              ...(p.dismissalRestrictions
                ? { dismissal_restrictions: { url: `${url}/dismissal_restrictions`, users_url: `${url}/dismissal_restrictions/users`, teams_url: `${url}/dismissal_restrictions/teams`, ...this.people(repo, p.dismissalRestrictions), apps: [] } }
                : {}),
            },
          }
        : {}),
      required_signatures: { url: `${url}/required_signatures`, enabled: false },
      enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
      required_linear_history: { enabled: p.linearHistory },
      allow_force_pushes: { enabled: p.allowForcePushes },
      allow_deletions: { enabled: p.allowDeletions },
      block_creations: { enabled: false },
      required_conversation_resolution: { enabled: p.conversationResolution },
    };
  }

  private statusChecksObject(url: string, p: Protection) {
    const contexts = p.requiredChecks ?? [];
    return {
      url: `${url}/required_status_checks`,
      strict: p.strict,
      contexts,
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: contexts.map((context) => ({ context, app_id: null })),
    };
  }

  /** Users as GitHub's user objects, teams as team objects (the recording's shapes). */
  private people(repo: string, who: { users: string[]; teams: string[] }) {
    const org = this.github.state.user(repo.split('/')[0]!, 'Organization');
    return {
      users: who.users.map((login) => this.github.state.user(login)),
      teams: who.teams.map((slug) => this.team(org, slug)),
    };
  }

  private team(org: SimpleUser, slug: string) {
    const id = Number.parseInt(createHash('sha1').update(`team ${slug}`).digest('hex').slice(0, 6), 16);
    const url = `${this.github.url}/organizations/${org.id}/team/${id}`;
    return {
      name: slug,
      id,
      node_id: nodeId('Team', id),
      slug,
      description: '',
      privacy: 'closed',
      url,
      html_url: `https://github.com/orgs/${org.login}/teams/${slug}`,
      members_url: `${url}/members{/member}`,
      repositories_url: `${url}/repos`,
      permission: 'pull',
      parent: null,
    };
  }

  private runObject(repo: string, workflow: Workflow, run: { branch: string; status: string; conclusion: string | null; event: string; createdAt: string }): WorkflowRun {
    const id = this.id();
    const repository = this.github.state.repository(repo)!;
    const api = `${this.github.url}/repos/${repository.full_name}`;
    const sha = createHash('sha1').update(`run ${id}`).digest('hex');
    const actor = this.github.state.user('octocat');
    return {
      id,
      name: workflow.name,
      node_id: nodeId('WorkflowRun', id),
      head_branch: run.branch,
      head_sha: sha,
      path: workflow.path,
      display_title: `Run ${workflow.name}`,
      run_number: workflow.runs.length + 1,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: workflow.id,
      check_suite_id: id + 1,
      check_suite_node_id: nodeId('CheckSuite', id + 1),
      url: `${api}/actions/runs/${id}`,
      html_url: `https://github.com/${repository.full_name}/actions/runs/${id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.createdAt,
      actor,
      run_attempt: 1,
      referenced_workflows: [],
      run_started_at: run.createdAt,
      triggering_actor: actor,
      jobs_url: `${api}/actions/runs/${id}/jobs`,
      logs_url: `${api}/actions/runs/${id}/logs`,
      check_suite_url: `${api}/check-suites/${id + 1}`,
      artifacts_url: `${api}/actions/runs/${id}/artifacts`,
      cancel_url: `${api}/actions/runs/${id}/cancel`,
      rerun_url: `${api}/actions/runs/${id}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${api}/actions/workflows/${workflow.id}`,
      head_commit: {
        id: sha,
        tree_id: createHash('sha1').update(`tree ${id}`).digest('hex'),
        message: `Run ${workflow.name}`,
        timestamp: run.createdAt,
        author: { name: 'Octocat', email: 'octocat@github.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: repository as WorkflowRun['repository'],
      head_repository: repository as WorkflowRun['head_repository'],
    } satisfies WorkflowRun;
  }

  /** `GET .../environments/{name}` as GitHub documents it; undefined when there is none. */
  environmentObject(repo: string, name: string): Environment | undefined {
    const env = this.repos.get(repo.toLowerCase())?.environments.get(name.toLowerCase());
    if (!env) return undefined;
    const full = this.fullName(repo);
    const rules: NonNullable<Environment['protection_rules']> = [];
    const ruleId = (n: number) => env.id * 10 + n;
    if ((env.input.waitTimer ?? 0) > 0) rules.push({ id: ruleId(1), node_id: nodeId('Gate', ruleId(1)), type: 'wait_timer', wait_timer: env.input.waitTimer! });
    if (env.input.reviewers && env.input.reviewers.length > 0) {
      const org = this.github.state.user(full.split('/')[0]!, 'Organization');
      rules.push({
        id: ruleId(2),
        node_id: nodeId('Gate', ruleId(2)),
        prevent_self_review: false,
        type: 'required_reviewers',
        reviewers: env.input.reviewers.map((who) =>
          who.includes('/')
            ? { type: 'Team' as const, reviewer: this.team(org, who.split('/')[1]!) as never }
            : { type: 'User' as const, reviewer: this.github.state.user(who) as never },
        ),
      });
    }
    if (env.input.branchPolicy) rules.push({ id: ruleId(3), node_id: nodeId('Gate', ruleId(3)), type: 'branch_policy' });
    return {
      id: env.id,
      node_id: nodeId('Environment', env.id),
      name: env.name,
      url: `${this.github.url}/repos/${full}/environments/${encodeURIComponent(env.name)}`,
      html_url: `https://github.com/${full}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
      created_at: env.created_at,
      updated_at: env.created_at,
      protection_rules: rules,
      deployment_branch_policy: env.input.branchPolicy ?? null,
    };
  }

  /** Routes' view of the files: the text at `path` on `branch`, a folder's entries, or undefined. */
  lookup(repo: string, branch: string, path: string): { file: string } | { folder: string[] } | undefined {
    const files = this.repos.get(repo.toLowerCase())?.branches.get(branch);
    if (!files) return undefined;
    const clean = normalize(path);
    const text = files.get(clean);
    if (text !== undefined) return { file: text };
    const prefix = clean === '' ? '' : `${clean}/`;
    const names = new Set<string>();
    for (const name of files.keys()) if (name.startsWith(prefix)) names.add(prefix + name.slice(prefix.length).split('/')[0]!);
    return names.size > 0 ? { folder: [...names].sort() } : undefined;
  }

  hasBranch(repo: string, branch: string): boolean {
    return branch === this.github.state.repository(repo)?.default_branch || Boolean(this.repos.get(repo.toLowerCase())?.branches.has(branch));
  }

  isFile(repo: string, branch: string, path: string): boolean {
    return this.repos.get(repo.toLowerCase())?.branches.get(branch)?.has(path) ?? false;
  }

  workflow(repo: string, idOrFile: string): Workflow | undefined {
    const workflows = this.repos.get(repo.toLowerCase())?.workflows;
    if (!workflows) return undefined;
    return workflows.get(idOrFile) ?? [...workflows.values()].find((w) => String(w.id) === idOrFile);
  }

  /** Stores the body of `PUT .../protection` (already checked) as the branch's protection. */
  applyPut(repo: string, branch: string, body: Record<string, unknown>): void {
    const checks = body.required_status_checks as { strict?: boolean; contexts?: string[]; checks?: { context: string }[] } | null;
    const reviews = body.required_pull_request_reviews as {
      dismiss_stale_reviews?: boolean;
      require_code_owner_reviews?: boolean;
      required_approving_review_count?: number;
      dismissal_restrictions?: { users?: string[]; teams?: string[] };
    } | null;
    const restrictions = body.restrictions as { users?: string[]; teams?: string[] } | null;
    const flag = (name: string) => body[name] === true;
    this.protect(repo, branch, {
      requiredChecks: checks ? [...new Set([...(checks.contexts ?? []), ...(checks.checks ?? []).map((c) => c.context)])] : null,
      strict: checks?.strict ?? false,
      requiredReviews: reviews ? (reviews.required_approving_review_count ?? 1) : null,
      dismissStaleReviews: reviews?.dismiss_stale_reviews ?? false,
      codeOwnerReviews: reviews?.require_code_owner_reviews ?? false,
      dismissalRestrictions: reviews?.dismissal_restrictions ? { users: reviews.dismissal_restrictions.users ?? [], teams: reviews.dismissal_restrictions.teams ?? [] } : null,
      restrictions: restrictions ? { users: restrictions.users ?? [], teams: restrictions.teams ?? [] } : null,
      enforceAdmins: flag('enforce_admins'),
      allowForcePushes: flag('allow_force_pushes'),
      allowDeletions: flag('allow_deletions'),
      linearHistory: flag('required_linear_history'),
      conversationResolution: flag('required_conversation_resolution'),
    });
  }

  defaultBranch(repo: string): string {
    return this.github.state.repository(repo)?.default_branch ?? 'main';
  }

  private branches(repo: string, branch: string): Map<string, string> {
    const entry = this.entry(repo);
    let files = entry.branches.get(branch);
    if (!files) {
      files = new Map();
      entry.branches.set(branch, files);
    }
    return files;
  }

  private entry(repo: string): RepoContent {
    this.github.state.addRepo(repo);
    let entry = this.repos.get(repo.toLowerCase());
    if (!entry) {
      entry = { branches: new Map(), protection: new Map(), workflows: new Map(), environments: new Map() };
      this.repos.set(repo.toLowerCase(), entry);
    }
    return entry;
  }

  private fullName(repo: string): string {
    return this.github.state.repository(repo)?.full_name ?? repo;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }
}

/** Git's blob sha of `text`: what GitHub reports as a file's `sha`. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function normalize(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

const RAW = /application\/vnd\.github(?:\.v3)?\.raw/i;

/** Adds the protection, contents, workflow-run and environment endpoints to `github`; returns their state. */
export function addProtectionRoutes(github: GitHubStandIn, options: { now?: () => Date } = {}): ProtectionState {
  const state = new ProtectionState(github, options.now);
  const repoOf = (request: StandInRequest) => github.state.repository(repoName(request));
  const protectionPath = '/repos/:owner/:repo/branches/:branch/protection';

  github.route('GET', protectionPath, (request) => {
    const answer = branchProblem(request);
    if (answer) return answer;
    const body = state.protectionObject(repoName(request), request.params.branch!);
    return body ? { status: 200, body } : branchNotProtected();
  });

  github.route('PUT', protectionPath, (request) => {
    const answer = branchProblem(request);
    if (answer) return answer;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const required = ['required_status_checks', 'enforce_admins', 'required_pull_request_reviews', 'restrictions'];
    const missing = required.filter((name) => !(name in body));
    if (missing.length > 0) {
      return { status: 422, body: errorBody(422, `Invalid request.\n\n${missing.map((name) => `"${name}"`).join(', ')} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`, DOCS.updateProtection) };
    }
    state.applyPut(repoName(request), request.params.branch!, body);
    return { status: 200, body: state.protectionObject(repoName(request), request.params.branch!) };
  });

  github.route('DELETE', protectionPath, (request) => {
    const answer = branchProblem(request);
    if (answer) return answer;
    if (!state.protectionObject(repoName(request), request.params.branch!)) return branchNotProtected();
    state.unprotect(repoName(request), request.params.branch!);
    return { status: 204 };
  });

  github.route('GET', `${protectionPath}/required_status_checks`, (request) => {
    const answer = branchProblem(request);
    if (answer) return answer;
    const body = state.protectionObject(repoName(request), request.params.branch!);
    if (!body) return branchNotProtected();
    if (!('required_status_checks' in body)) return { status: 404, body: errorBody(404, 'Required status checks not enabled', DOCS.statusChecks) };
    return { status: 200, body: body.required_status_checks };
  });

  github.route('GET', '/repos/:owner/:repo/contents/*', (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound(DOCS.contents);
    const prefix = `/repos/${request.params.owner}/${request.params.repo}/contents`;
    const path = request.path.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent).join('/');
    const ref = request.query.get('ref') || repo.default_branch;
    if (!state.hasBranch(repo.full_name, ref)) return { status: 404, body: errorBody(404, `No commit found for the ref ${ref}`, DOCS.contents) };
    const found = state.lookup(repo.full_name, ref, path);
    if (!found) return notFound(DOCS.contents);
    const api = `${github.url}/repos/${repo.full_name}`;
    const web = `https://github.com/${repo.full_name}`;
    if ('folder' in found) {
      return {
        status: 200,
        body: found.folder.map((entry) => {
          const isFile = state.isFile(repo.full_name, ref, entry);
          const text = isFile ? (state.lookup(repo.full_name, ref, entry) as { file: string }).file : '';
          const sha = isFile ? blobSha(text) : createHash('sha1').update(`tree ${entry}`).digest('hex');
          const self = `${api}/contents/${entry}?ref=${ref}`;
          const html = `${web}/${isFile ? 'blob' : 'tree'}/${ref}/${entry}`;
          const git = `${api}/git/${isFile ? 'blobs' : 'trees'}/${sha}`;
          return {
            name: entry.split('/').at(-1)!,
            path: entry,
            sha,
            size: Buffer.byteLength(text),
            url: self,
            html_url: html,
            git_url: git,
            download_url: isFile ? `https://raw.githubusercontent.com/${repo.full_name}/${ref}/${entry}` : null,
            type: isFile ? 'file' : 'dir',
            _links: { self, git, html },
          };
        }),
      };
    }
    if (RAW.test(String(request.headers.accept ?? ''))) {
      return { status: 200, raw: found.file, headers: { 'content-type': 'application/vnd.github.v3.raw; charset=utf-8', 'x-github-media-type': 'github.v3; param=raw' } };
    }
    const sha = blobSha(found.file);
    const self = `${api}/contents/${path}?ref=${ref}`;
    const html = `${web}/blob/${ref}/${path}`;
    const git = `${api}/git/blobs/${sha}`;
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(found.file),
        name: path.split('/').at(-1)!,
        path,
        content: (Buffer.from(found.file, 'utf8').toString('base64').match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join(''),
        sha,
        url: self,
        git_url: git,
        html_url: html,
        download_url: `https://raw.githubusercontent.com/${repo.full_name}/${ref}/${path}`,
        _links: { self, git, html },
      },
    };
  });

  github.route('GET', '/repos/:owner/:repo/actions/workflows/:workflow/runs', (request) => {
    const repo = repoOf(request);
    const workflow = repo ? state.workflow(repo.full_name, request.params.workflow!) : undefined;
    if (!repo || !workflow) return notFound(DOCS.runs);
    const branch = request.query.get('branch');
    const status = request.query.get('status');
    const event = request.query.get('event');
    const runs = [...workflow.runs]
      .filter((run) => branch === null || run.head_branch === branch)
      .filter((run) => status === null || run.status === status || run.conclusion === status)
      .filter((run) => event === null || run.event === event)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || Number(b.id) - Number(a.id));
    const page = paginate(runs, request.query, `${github.url}/repositories/${repo.id}/actions/workflows/${workflow.id}/runs`);
    return { status: 200, body: { total_count: runs.length, workflow_runs: page.items }, headers: page.link ? { link: page.link } : {} };
  });

  github.route('GET', '/repos/:owner/:repo/environments/:name', (request) => {
    const repo = repoOf(request);
    const environment = repo ? state.environmentObject(repo.full_name, request.params.name!) : undefined;
    return environment ? { status: 200, body: environment } : notFound(DOCS.environment);
  });

  /** 404 for an unknown repository or branch, as GitHub answers the protection endpoints; null when both exist. */
  function branchProblem(request: StandInRequest): StandInReply | null {
    const repo = repoOf(request);
    if (!repo) return notFound(DOCS.protection);
    if (!state.hasBranch(repo.full_name, request.params.branch!)) return { status: 404, body: errorBody(404, 'Branch not found', DOCS.protection) };
    return null;
  }

  return state;
}

/** GitHub's answer for a branch without protection (the `branch-protection` recording's first exchange). */
function branchNotProtected(): StandInReply {
  return { status: 404, body: errorBody(404, 'Branch not protected', DOCS.protection) };
}
