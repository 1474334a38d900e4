/**
 * GitHub's objects as the REST API writes them, for the stand-in: users and repositories in the shape of the
 * responses recorded in `@octokit/fixtures` (`get-repository`, `paginate-issues`: same fields, same types, same
 * order), deployments and their statuses in the shape GitHub documents (checked against Octokit's types).
 * `test/github/standin.test.ts` compares these to the recordings field by field.
 */
import type { RestEndpointMethodTypes } from '@octokit/rest';

export type GitHubDeployment = RestEndpointMethodTypes['repos']['getDeployment']['response']['data'];
export type GitHubDeploymentStatus = RestEndpointMethodTypes['repos']['getDeploymentStatus']['response']['data'];
export type DeploymentState = GitHubDeploymentStatus['state'];

/** The user object embedded in other objects (`creator`, `owner`, `user`), as recorded. */
export interface SimpleUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  followers_url: string;
  following_url: string;
  gists_url: string;
  starred_url: string;
  subscriptions_url: string;
  organizations_url: string;
  repos_url: string;
  events_url: string;
  received_events_url: string;
  type: 'User' | 'Organization' | 'Bot';
  site_admin: boolean;
}

/** Where the stand-in's objects point: its own API URL and GitHub's web host. */
export interface Hosts {
  /** `http://127.0.0.1:1234`: the `url` fields. */
  api: string;
  /** `https://github.com`: the `html_url` fields. */
  web: string;
}

/** GitHub's legacy global node id (`MDQ6VXNlcjE=` is user 1): base64 of `<type length>:<Type><id>`. */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

export function simpleUser(hosts: Hosts, login: string, id: number, type: SimpleUser['type'] = 'User'): SimpleUser {
  const url = `${hosts.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? 'Organization' : type === 'Bot' ? 'Bot' : 'User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${hosts.web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    site_admin: false,
  };
}

export interface RepositoryRecord {
  id: number;
  owner: SimpleUser;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  topics: string[];
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

/** `GET /repos/{owner}/{repo}` as recorded in the `get-repository` scenario. */
export function repositoryObject(hosts: Hosts, repo: RepositoryRecord) {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${hosts.api}/repos/${fullName}`;
  const html = `${hosts.web}/${fullName}`;
  const counts = 0; // stars, forks, watchers, open issues: the stand-in keeps none
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: repo.owner,
    html_url: html,
    description: repo.description,
    fork: false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${new URL(hosts.web).host}/${fullName}.git`,
    ssh_url: `git@${new URL(hosts.web).host}:${fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: counts,
    watchers_count: counts,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    forks_count: counts,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: counts,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: repo.topics,
    visibility: repo.private ? 'private' : 'public',
    forks: counts,
    open_issues: counts,
    watchers: counts,
    default_branch: repo.defaultBranch,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    temp_clone_token: '',
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    use_squash_pr_title_as_default: false,
    ...(repo.owner.type === 'Organization' ? { organization: repo.owner } : {}),
    network_count: counts,
    subscribers_count: counts,
  };
}

export interface DeploymentFields {
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  original_environment: string;
  description: string | null;
  creator: SimpleUser | null;
  created_at: string;
  updated_at: string;
  transient_environment: boolean;
  production_environment: boolean;
}

/** `GET /repos/{owner}/{repo}/deployments/{id}` as GitHub documents it. */
export function deploymentObject(hosts: Hosts, fullName: string, id: number, fields: DeploymentFields): GitHubDeployment {
  const repositoryUrl = `${hosts.api}/repos/${fullName}`;
  return {
    url: `${repositoryUrl}/deployments/${id}`,
    id,
    node_id: nodeId('Deployment', id),
    sha: fields.sha,
    ref: fields.ref,
    task: fields.task,
    payload: fields.payload,
    original_environment: fields.original_environment,
    environment: fields.environment,
    description: fields.description,
    creator: fields.creator,
    created_at: fields.created_at,
    updated_at: fields.updated_at,
    statuses_url: `${repositoryUrl}/deployments/${id}/statuses`,
    repository_url: repositoryUrl,
    transient_environment: fields.transient_environment,
    production_environment: fields.production_environment,
  } satisfies GitHubDeployment;
}

export interface DeploymentStatusFields {
  state: DeploymentState;
  creator: SimpleUser | null;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
}

/** `GET /repos/{owner}/{repo}/deployments/{id}/statuses/{status_id}` as GitHub documents it. */
export function deploymentStatusObject(hosts: Hosts, fullName: string, deploymentId: number, id: number, fields: DeploymentStatusFields): GitHubDeploymentStatus {
  const repositoryUrl = `${hosts.api}/repos/${fullName}`;
  return {
    url: `${repositoryUrl}/deployments/${deploymentId}/statuses/${id}`,
    id,
    node_id: nodeId('DeploymentStatus', id),
    state: fields.state,
    creator: fields.creator,
    description: fields.description,
    environment: fields.environment,
    target_url: fields.target_url,
    created_at: fields.created_at,
    updated_at: fields.updated_at,
    deployment_url: `${repositoryUrl}/deployments/${deploymentId}`,
    repository_url: repositoryUrl,
    environment_url: fields.environment_url,
    log_url: fields.log_url,
  } satisfies GitHubDeploymentStatus;
}

/** GitHub's error body: `{ message, documentation_url, status }` (`status` is a string, as GitHub sends it). */
export function errorBody(status: number, message: string, documentationUrl = 'https://docs.github.com/rest') {
  return { message, documentation_url: documentationUrl, status: String(status) };
}
