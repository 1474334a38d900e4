/**
 * Issues and pull requests for the GitHub stand-in: the state (`standIn.state.issues`) and the endpoints
 * `GET /repos/{o}/{r}/issues` (GitHub's `state`, `since`, `sort`, `direction`, `labels`, `assignee`, `milestone`
 * filters and pagination; pull requests are listed too, with `pull_request.merged_at`), `GET /repos/{o}/{r}/issues/{n}`,
 * `POST /repos/{o}/{r}/issues` and `GET /repos/{o}/{r}/pulls/{n}`. Objects have the fields and field order of the
 * `paginate-issues` and `search-issues` recordings in `@octokit/fixtures`, plus what GitHub documents for milestones,
 * labels and pull requests (checked against Octokit's types). Issues and pull requests share one number sequence
 * per repository, as on GitHub.
 *
 * ```ts
 * const issue = github.state.issues.add('example-org/datahub', { number: 14, assignees: ['rtorres'] });
 * github.state.issues.update('example-org/datahub', 14, { state: 'closed', state_reason: 'not_planned' });
 * github.state.issues.addPull('example-org/datahub', { body: 'Fixes #14', merged_at: '2024-05-01T10:00:00Z' });
 * ```
 */
import type { RestEndpointMethodTypes } from '@octokit/rest';
import { paginate } from './github-standin-paging.ts';
import type { Route, StandInReply, StandInRequest } from './github-standin-router.ts';
import { notFound, repoName, validationFailed } from './github-standin-routes.ts';
import { errorBody, nodeId, type Hosts, type SimpleUser } from './github-standin-shapes.ts';
import type { GitHubState } from './github-standin-state.ts';

export type GitHubIssue = RestEndpointMethodTypes['issues']['get']['response']['data'];
export type GitHubPull = RestEndpointMethodTypes['pulls']['get']['response']['data'];
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;

/** An issue to seed or the changes to one; every field optional. Times are ISO strings; people are logins. */
export interface IssueInput {
  /** Default: the repository's next number (shared with pull requests). */
  number?: number;
  /** Default: `Issue <number>` (`Pull request <number>`). */
  title?: string;
  /** Default: null. */
  body?: string | null;
  /** The author. Default: `octocat`. */
  user?: string;
  /** Default: `open`, or `closed` when `closed_at` or `merged_at` is given. */
  state?: 'open' | 'closed';
  /** Default: null; `completed` when closed without one. */
  state_reason?: StateReason;
  /** Label names, created in the repository on first use. Default: none. */
  labels?: string[];
  /** Default: none. */
  assignees?: string[];
  /** The milestone by title (created in the repository on first use, with `due_on`). Default: none. */
  milestone?: { title: string; due_on?: string | null } | null;
  /** Default: the stand-in's clock. */
  created_at?: string;
  /** Default: `created_at` for a new issue, the stand-in's clock for an update. */
  updated_at?: string;
  /** Default: `updated_at` when closed, else null. */
  closed_at?: string | null;
  /** Who closed it (single-issue answers only). Default: the author when closed. */
  closed_by?: string | null;
  /** Default: 0. */
  comments?: number;
  /** Default: false. */
  locked?: boolean;
}

/** A pull request to seed: an issue plus what makes it a pull request. */
export interface PullInput extends IssueInput {
  /** When it was merged (it is then closed). Default: null. */
  merged_at?: string | null;
  /** Default: false. */
  draft?: boolean;
  /** The branch it merges. Default: `fix-<number>`. */
  head?: string;
  /** The branch it merges into. Default: the repository's default branch. */
  base?: string;
}

interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: SimpleUser;
  state: 'open' | 'closed';
  stateReason: StateReason;
  labels: string[];
  assignees: string[];
  milestone: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: SimpleUser | null;
  comments: number;
  locked: boolean;
  pull: { mergedAt: string | null; draft: boolean; head: string; base: string; sha: string } | null;
}

interface LabelRecord {
  id: number;
  name: string;
  color: string;
}

interface MilestoneRecord {
  id: number;
  number: number;
  title: string;
  dueOn: string | null;
  creator: SimpleUser;
  createdAt: string;
}

interface RepoIssues {
  issues: Map<number, IssueRecord>;
  labels: Map<string, LabelRecord>;
  milestones: Map<string, MilestoneRecord>;
  nextNumber: number;
  disabled: boolean;
}

const LABEL_COLORS = ['d73a4a', '0075ca', 'cfd3d7', 'a2eeef', '7057ff', '008672', 'e4e669', 'd876e3'];

/** GitHub's timestamp format: seconds, `Z`. */
const githubTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The issues and pull requests of every repository of a stand-in (`standIn.state.issues`). */
export class IssueStore {
  private readonly repos = new Map<string, RepoIssues>();
  private nextId = 5_000_000;

  constructor(
    private readonly state: GitHubState,
    private readonly hosts: Hosts,
    private readonly now: () => Date,
  ) {}

  /** Adds an issue to `repo` (created when missing) and returns it as `GET /repos/{o}/{r}/issues/{n}` would. */
  add(repo: string, input: IssueInput = {}): GitHubIssue {
    return this.issueObject(repo, this.insert(repo, input, null), true);
  }

  /** Adds a pull request to `repo`; returns it as the issues endpoints show it (with `pull_request`). */
  addPull(repo: string, input: PullInput = {}): GitHubIssue {
    const entry = this.entry(repo);
    const number = input.number ?? entry.nextNumber;
    const record = this.insert(repo, { ...input, title: input.title ?? `Pull request ${number}` }, {
      mergedAt: input.merged_at ?? null,
      draft: input.draft ?? false,
      head: input.head ?? `fix-${number}`,
      base: input.base ?? this.state.repository(repo)!.default_branch,
      sha: fakeSha(`${repo}#${number}`),
    });
    return this.issueObject(repo, record, true);
  }

  /**
   * Changes issue (or pull request) `number` of `repo` and bumps its `updated_at` (to `changes.updated_at`, default
   * the clock), as any change on GitHub does. Closing sets `closed_at` and a `state_reason` (`completed` unless
   * given); reopening clears them (`reopened`). Merging a pull request into the default branch closes, as
   * completed, the open issues of the repository its title or body closes (`Fixes #12`), as GitHub does. Throws
   * when there is no such issue (a test's mistake).
   */
  update(repo: string, number: number, changes: PullInput): GitHubIssue {
    const record = this.record(repo, number);
    if (!record) throw new Error(`the stand-in has no issue ${repo}#${number}`);
    const updatedAt = changes.updated_at ?? githubTime(this.now());
    if (changes.title !== undefined) record.title = changes.title;
    if (changes.body !== undefined) record.body = changes.body;
    if (changes.labels !== undefined) record.labels = this.labelNames(repo, changes.labels);
    if (changes.assignees !== undefined) record.assignees = changes.assignees.map((login) => this.state.user(login).login);
    if (changes.milestone !== undefined) record.milestone = changes.milestone ? this.milestone(repo, changes.milestone).title : null;
    if (changes.comments !== undefined) record.comments = changes.comments;
    if (changes.locked !== undefined) record.locked = changes.locked;
    if (record.pull && changes.draft !== undefined) record.pull.draft = changes.draft;
    if (record.pull && changes.merged_at !== undefined) {
      record.pull.mergedAt = changes.merged_at;
      if (changes.merged_at !== null && changes.state === undefined) changes = { ...changes, state: 'closed' };
    }
    if (changes.state !== undefined && changes.state !== record.state) {
      record.state = changes.state;
      record.closedAt = changes.state === 'closed' ? (changes.closed_at ?? updatedAt) : null;
      record.closedBy = changes.state === 'closed' ? this.person(changes.closed_by ?? record.user.login) : record.closedBy;
      record.stateReason = changes.state === 'closed' ? (changes.state_reason ?? (record.pull ? null : 'completed')) : record.pull ? null : 'reopened';
    } else if (changes.state_reason !== undefined) {
      record.stateReason = changes.state_reason;
    }
    const merged = record.pull !== null && changes.merged_at != null && record.state === 'closed';
    record.updatedAt = updatedAt;
    if (merged && record.pull!.base === this.state.repository(repo)!.default_branch) this.closeReferenced(repo, record, updatedAt);
    return this.issueObject(repo, record, true);
  }

  /** Closes the open issues of `repo` that merged pull request `pull` closes (`fixes #12`, `closes owner/name#12`). */
  private closeReferenced(repo: string, pull: IssueRecord, at: string): void {
    const fullName = this.state.repository(repo)!.full_name.toLowerCase();
    const pattern = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/gi;
    for (const match of `${pull.title}\n${pull.body ?? ''}`.matchAll(pattern)) {
      if (match[1] !== undefined && match[1].toLowerCase() !== fullName) continue;
      const issue = this.record(repo, Number(match[2]));
      if (!issue || issue.pull || issue.state !== 'open') continue;
      this.update(repo, issue.number, { state: 'closed', state_reason: 'completed', updated_at: at, closed_by: pull.user.login });
    }
  }

  /** The title of milestone `number` of `repo`, or null when there is none. */
  milestoneTitle(repo: string, number: number): string | null {
    for (const milestone of this.repos.get(repo.toLowerCase())?.milestones.values() ?? []) if (milestone.number === number) return milestone.title;
    return null;
  }

  /** Makes `repo` answer 410 `Issues are disabled for this repo` on its issue endpoints. */
  disable(repo: string): void {
    this.entry(repo).disabled = true;
  }

  /** Whether `repo` exists with its issues turned off. */
  disabled(repo: string): boolean {
    return this.repos.get(repo.toLowerCase())?.disabled ?? false;
  }

  /** Every issue and pull request of `repo` as the list shows them, in number order; undefined for an unknown repository. */
  list(repo: string): GitHubIssue[] | undefined {
    if (!this.state.repository(repo)) return undefined;
    const entry = this.repos.get(repo.toLowerCase());
    if (!entry) return [];
    return [...entry.issues.values()].sort((a, b) => a.number - b.number).map((record) => this.issueObject(repo, record, false));
  }

  /** Issue (or pull request) `number` as `GET /repos/{o}/{r}/issues/{n}` answers it; undefined when there is none. */
  get(repo: string, number: number): GitHubIssue | undefined {
    const record = this.record(repo, number);
    return record ? this.issueObject(repo, record, true) : undefined;
  }

  /** Pull request `number` as `GET /repos/{o}/{r}/pulls/{n}` answers it; undefined when it is not a pull request. */
  pull(repo: string, number: number): GitHubPull | undefined {
    const record = this.record(repo, number);
    return record?.pull ? this.pullObject(repo, record) : undefined;
  }

  private insert(repo: string, input: IssueInput, pull: IssueRecord['pull']): IssueRecord {
    const entry = this.entry(repo);
    const number = input.number ?? entry.nextNumber;
    if (entry.issues.has(number)) throw new Error(`the stand-in already has ${repo}#${number}`);
    entry.nextNumber = Math.max(entry.nextNumber, number + 1);
    const createdAt = input.created_at ?? githubTime(this.now());
    const updatedAt = input.updated_at ?? createdAt;
    const closed = input.state === 'closed' || (input.state === undefined && (Boolean(input.closed_at) || Boolean(pull?.mergedAt)));
    const user = this.state.user(input.user ?? 'octocat');
    const record: IssueRecord = {
      id: this.id(),
      number,
      title: input.title ?? `Issue ${number}`,
      body: input.body ?? null,
      user,
      state: closed ? 'closed' : 'open',
      stateReason: input.state_reason !== undefined ? input.state_reason : closed && !pull ? 'completed' : null,
      labels: this.labelNames(repo, input.labels ?? []),
      assignees: (input.assignees ?? []).map((login) => this.state.user(login).login),
      milestone: input.milestone ? this.milestone(repo, input.milestone).title : null,
      createdAt,
      updatedAt,
      closedAt: closed ? (input.closed_at ?? pull?.mergedAt ?? updatedAt) : null,
      closedBy: closed ? this.person(input.closed_by ?? user.login) : null,
      comments: input.comments ?? 0,
      locked: input.locked ?? false,
      pull,
    };
    entry.issues.set(number, record);
    return record;
  }

  private entry(repo: string): RepoIssues {
    this.state.addRepo(repo);
    const key = repo.toLowerCase();
    let entry = this.repos.get(key);
    if (!entry) {
      entry = { issues: new Map(), labels: new Map(), milestones: new Map(), nextNumber: 1, disabled: false };
      this.repos.set(key, entry);
    }
    return entry;
  }

  private record(repo: string, number: number): IssueRecord | undefined {
    return this.repos.get(repo.toLowerCase())?.issues.get(number);
  }

  private person(login: string | null): SimpleUser | null {
    return login === null ? null : this.state.user(login);
  }

  /** The names as stored: existing labels keep their spelling, new ones are created. */
  private labelNames(repo: string, names: readonly string[]): string[] {
    const labels = this.entry(repo).labels;
    return names.map((name) => {
      let label = labels.get(name.toLowerCase());
      if (!label) {
        label = { id: this.id(), name, color: LABEL_COLORS[labels.size % LABEL_COLORS.length]! };
        labels.set(name.toLowerCase(), label);
      }
      return label.name;
    });
  }

  private milestone(repo: string, input: { title: string; due_on?: string | null }): MilestoneRecord {
    const milestones = this.entry(repo).milestones;
    let milestone = milestones.get(input.title);
    if (!milestone) {
      milestone = { id: this.id(), number: milestones.size + 1, title: input.title, dueOn: null, creator: this.state.user('octocat'), createdAt: githubTime(this.now()) };
      milestones.set(input.title, milestone);
    }
    if (input.due_on !== undefined) milestone.dueOn = input.due_on;
    return milestone;
  }

  private repoUrl(repo: string): { api: string; web: string; fullName: string } {
    const fullName = this.state.repository(repo)!.full_name;
    return { api: `${this.hosts.api}/repos/${fullName}`, web: `${this.hosts.web}/${fullName}`, fullName };
  }

  private labelObject(repo: string, name: string) {
    const label = this.entry(repo).labels.get(name.toLowerCase())!;
    return {
      id: label.id,
      node_id: nodeId('Label', label.id),
      url: `${this.repoUrl(repo).api}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: false,
      description: null,
    };
  }

  private milestoneObject(repo: string, title: string) {
    const milestone = this.entry(repo).milestones.get(title)!;
    const urls = this.repoUrl(repo);
    const issues = [...this.entry(repo).issues.values()].filter((issue) => issue.milestone === title);
    return {
      url: `${urls.api}/milestones/${milestone.number}`,
      html_url: `${urls.web}/milestone/${milestone.number}`,
      labels_url: `${urls.api}/milestones/${milestone.number}/labels`,
      id: milestone.id,
      node_id: nodeId('Milestone', milestone.id),
      number: milestone.number,
      title: milestone.title,
      description: null,
      creator: milestone.creator,
      open_issues: issues.filter((issue) => issue.state === 'open').length,
      closed_issues: issues.filter((issue) => issue.state === 'closed').length,
      state: 'open' as const,
      created_at: milestone.createdAt,
      updated_at: milestone.createdAt,
      due_on: milestone.dueOn,
      closed_at: null,
    };
  }

  /** The issue as GitHub writes it: the recordings' fields and order; `single` adds `closed_by` (single-issue answers). */
  private issueObject(repo: string, record: IssueRecord, single: boolean): GitHubIssue {
    const urls = this.repoUrl(repo);
    const url = `${urls.api}/issues/${record.number}`;
    const assignees = record.assignees.map((login) => this.state.user(login));
    return {
      url,
      repository_url: urls.api,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${urls.web}/${record.pull ? 'pull' : 'issues'}/${record.number}`,
      id: record.id,
      node_id: nodeId(record.pull ? 'PullRequest' : 'Issue', record.id),
      number: record.number,
      title: record.title,
      user: record.user,
      labels: record.labels.map((name) => this.labelObject(repo, name)),
      state: record.state,
      locked: record.locked,
      assignee: assignees[0] ?? null,
      assignees,
      milestone: record.milestone === null ? null : this.milestoneObject(repo, record.milestone),
      comments: record.comments,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      closed_at: record.closedAt,
      author_association: 'MEMBER',
      active_lock_reason: null,
      ...(record.pull
        ? {
            draft: record.pull.draft,
            pull_request: {
              url: `${urls.api}/pulls/${record.number}`,
              html_url: `${urls.web}/pull/${record.number}`,
              diff_url: `${urls.web}/pull/${record.number}.diff`,
              patch_url: `${urls.web}/pull/${record.number}.patch`,
              merged_at: record.pull.mergedAt,
            },
          }
        : {}),
      body: record.body,
      ...(single ? { closed_by: record.closedBy } : {}),
      reactions: { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 },
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: record.stateReason,
    } satisfies GitHubIssue;
  }

  /** `GET /repos/{o}/{r}/pulls/{n}` as GitHub documents it. */
  private pullObject(repo: string, record: IssueRecord): GitHubPull {
    const pull = record.pull!;
    const urls = this.repoUrl(repo);
    const url = `${urls.api}/pulls/${record.number}`;
    const repository = this.state.repository(repo)! as unknown as GitHubPull['base']['repo'];
    const owner = this.state.repository(repo)!.owner;
    const branch = (ref: string, sha: string) => ({ label: `${owner.login}:${ref}`, ref, sha, user: owner, repo: repository });
    const assignees = record.assignees.map((login) => this.state.user(login));
    const link = (href: string) => ({ href });
    return {
      url,
      id: record.id,
      node_id: nodeId('PullRequest', record.id),
      html_url: `${urls.web}/pull/${record.number}`,
      diff_url: `${urls.web}/pull/${record.number}.diff`,
      patch_url: `${urls.web}/pull/${record.number}.patch`,
      issue_url: `${urls.api}/issues/${record.number}`,
      number: record.number,
      state: record.state,
      locked: record.locked,
      title: record.title,
      user: record.user,
      body: record.body,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      closed_at: record.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergedAt ? fakeSha(`merge ${repo}#${record.number}`) : null,
      assignee: assignees[0] ?? null,
      assignees,
      requested_reviewers: [],
      requested_teams: [],
      labels: record.labels.map((name) => this.labelObject(repo, name)),
      milestone: record.milestone === null ? null : this.milestoneObject(repo, record.milestone),
      draft: pull.draft,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${urls.api}/pulls/comments{/number}`,
      comments_url: `${urls.api}/issues/${record.number}/comments`,
      statuses_url: `${urls.api}/statuses/${pull.sha}`,
      head: branch(pull.head, pull.sha),
      base: branch(pull.base, fakeSha(`base ${repo}#${record.number}`)),
      _links: {
        self: link(url),
        html: link(`${urls.web}/pull/${record.number}`),
        issue: link(`${urls.api}/issues/${record.number}`),
        comments: link(`${urls.api}/issues/${record.number}/comments`),
        review_comments: link(`${url}/comments`),
        review_comment: link(`${urls.api}/pulls/comments{/number}`),
        commits: link(`${url}/commits`),
        statuses: link(`${urls.api}/statuses/${pull.sha}`),
      },
      author_association: 'MEMBER',
      auto_merge: null,
      active_lock_reason: null,
      merged: pull.mergedAt !== null,
      mergeable: pull.mergedAt === null && record.state === 'open' ? true : null,
      rebaseable: pull.mergedAt === null && record.state === 'open' ? true : null,
      mergeable_state: pull.mergedAt === null && record.state === 'open' ? 'clean' : 'unknown',
      merged_by: pull.mergedAt ? record.closedBy : null,
      comments: record.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 1,
      deletions: 0,
      changed_files: 1,
    } satisfies GitHubPull;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }
}

function fakeSha(seed: string): string {
  let hash = 0x811c9dc5;
  const out: string[] = [];
  for (let round = 0; round < 5; round += 1) {
    for (const char of `${seed}/${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out.push(hash.toString(16).padStart(8, '0'));
  }
  return out.join('');
}

const DOCS = 'https://docs.github.com/rest/issues/issues';

/** 410 for a repository whose issues are turned off, 404 for an unknown one; null when the issues can be read. */
function unavailable(request: StandInRequest, docs: string): StandInReply | null {
  const repo = repoName(request);
  if (!request.state.repository(repo)) return notFound(docs);
  if (request.state.issues.disabled(repo)) return { status: 410, body: errorBody(410, 'Issues are disabled for this repo', docs) };
  return null;
}

/** The list filters GitHub applies to `GET /repos/{o}/{r}/issues`. */
function listFilter(query: URLSearchParams): ((issue: GitHubIssue) => boolean) | StandInReply {
  const state = query.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) return validationFailed(`${DOCS}#list-repository-issues`, [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  const since = query.get('since');
  const sinceMs = since === null ? null : Date.parse(since);
  if (sinceMs !== null && Number.isNaN(sinceMs)) return validationFailed(`${DOCS}#list-repository-issues`, [{ resource: 'Issue', field: 'since', code: 'invalid' }]);
  const labels = query.get('labels')?.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean) ?? [];
  const assignee = query.get('assignee');
  const milestone = query.get('milestone');
  return (issue) =>
    (state === 'all' || issue.state === state) &&
    (sinceMs === null || Date.parse(issue.updated_at) >= sinceMs) &&
    labels.every((name) => issue.labels.some((label) => typeof label !== 'string' && label.name?.toLowerCase() === name)) &&
    (assignee === null ||
      (assignee === 'none' ? (issue.assignees ?? []).length === 0 : assignee === '*' ? (issue.assignees ?? []).length > 0 : (issue.assignees ?? []).some((a) => a.login.toLowerCase() === assignee.toLowerCase()))) &&
    (milestone === null || (milestone === 'none' ? issue.milestone === null : milestone === '*' ? issue.milestone !== null : String(issue.milestone?.number) === milestone));
}

/** GitHub's order: `sort` created (default), updated or comments; `direction` desc (default) or asc; ties by number. */
function sortIssues(issues: GitHubIssue[], query: URLSearchParams): GitHubIssue[] {
  const sort = query.get('sort') ?? 'created';
  const sign = query.get('direction') === 'asc' ? 1 : -1;
  const key = (issue: GitHubIssue) => (sort === 'updated' ? Date.parse(issue.updated_at) : sort === 'comments' ? issue.comments : Date.parse(issue.created_at));
  return issues.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

/** The issue endpoints; `startGitHubStandIn` registers them with the default ones. */
export const issueRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues',
    handler: (request) => {
      const refused = unavailable(request, `${DOCS}#list-repository-issues`);
      if (refused) return refused;
      const filter = listFilter(request.query);
      if (typeof filter !== 'function') return filter;
      const issues = sortIssues(request.state.issues.list(repoName(request))!.filter(filter), request.query);
      const repo = request.state.repository(repoName(request))!;
      const page = paginate(issues, request.query, `${request.state.hosts.api}/repositories/${repo.id}/issues`);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues/:number',
    handler: (request) => {
      const refused = unavailable(request, `${DOCS}#get-an-issue`);
      if (refused) return refused;
      const issue = request.state.issues.get(repoName(request), Number(request.params.number));
      return issue ? { status: 200, body: issue } : notFound(`${DOCS}#get-an-issue`);
    },
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/issues',
    handler: (request) => {
      const docs = `${DOCS}#create-an-issue`;
      const refused = unavailable(request, docs);
      if (refused) return refused;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const title = typeof body.title === 'number' ? String(body.title) : body.title;
      if (typeof title !== 'string' || title.trim() === '') return validationFailed(docs, [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
      const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
      const labels = Array.isArray(body.labels)
        ? body.labels.map((label: unknown) => (typeof label === 'object' && label !== null ? (label as { name?: unknown }).name : label)).filter((l): l is string => typeof l === 'string')
        : [];
      const assignees = [...strings(body.assignees), ...(typeof body.assignee === 'string' ? [body.assignee] : [])];
      const repo = repoName(request);
      const milestone = typeof body.milestone === 'number' ? request.state.issues.milestoneTitle(repo, body.milestone) : null;
      if (typeof body.milestone === 'number' && milestone === null) {
        return validationFailed(docs, [{ resource: 'Issue', field: 'milestone', code: 'invalid' }]);
      }
      const issue = request.state.issues.add(repo, {
        title,
        body: typeof body.body === 'string' ? body.body : null,
        labels,
        assignees,
        milestone: milestone === null ? null : { title: milestone },
      });
      return { status: 201, body: issue, headers: { location: issue.url } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/pulls/:number',
    handler: (request) => {
      const docs = 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request';
      if (!request.state.repository(repoName(request))) return notFound(docs);
      const pull = request.state.issues.pull(repoName(request), Number(request.params.number));
      return pull ? { status: 200, body: pull } : notFound(docs);
    },
  },
];
