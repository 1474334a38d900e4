/**
 * `POST /repos/{owner}/{repo}/issues` for the GitHub stand-in, until `test/helpers/github-standin-issues.ts` serves
 * it: 201 with the issue in the shape GitHub records (`@octokit/fixtures`, `paginate-issues`), numbered per
 * repository from 1; 404 for an unknown repository; 422 `missing_field` without a title. Every accepted request
 * is kept for the test to read (`createdIssues`).
 */
import type { GitHubStandIn, StandInReply } from '../helpers/github-standin.ts';

/** One accepted creation: the repository and the JSON body as sent. */
export interface CreatedIssue {
  repo: string;
  body: Record<string, unknown>;
}

interface Log {
  created: CreatedIssue[];
  numbers: Map<string, number>;
}

const logs = new WeakMap<GitHubStandIn, Log>();

/** The fields of an issue a test may choose; the rest follow from the repository and number. */
export interface IssueFields {
  title: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: string | null;
  labels?: string[];
  assignees?: string[];
  milestone?: { number: number; title: string; due_on: string | null } | null;
  /** Default: 2024-06-01T12:00:00Z. */
  created_at?: string;
}

/** Adds the route to `github`; call once per stand-in. */
export function serveIssueCreation(github: GitHubStandIn): void {
  const log: Log = { created: [], numbers: new Map() };
  logs.set(github, log);
  github.route('POST', '/repos/:owner/:repo/issues', (request): StandInReply => {
    const repo = request.state.repository(`${request.params.owner}/${request.params.repo}`);
    if (!repo) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '404' } };
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.title !== 'string' || body.title === '') {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
          documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
          status: '422',
        },
      };
    }
    const fullName = repo.full_name;
    const number = (log.numbers.get(fullName.toLowerCase()) ?? 0) + 1;
    log.numbers.set(fullName.toLowerCase(), number);
    log.created.push({ repo: fullName, body });
    const issue = issueObject(github, fullName, number, {
      title: body.title,
      body: typeof body.body === 'string' ? body.body : null,
      labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
      assignees: Array.isArray(body.assignees) ? body.assignees.map(String) : [],
    });
    return { status: 201, body: issue, headers: { location: issue.url } };
  });
}

/** What `serveIssueCreation`'s route accepted on `github`, in order. */
export function createdIssues(github: GitHubStandIn): CreatedIssue[] {
  return logs.get(github)?.created ?? [];
}

/** Issue `number` of `fullName` as GitHub writes it. */
export function issueObject(github: GitHubStandIn, fullName: string, number: number, fields: IssueFields) {
  const { api, web } = github.state.hosts;
  const url = `${api}/repos/${fullName}/issues/${number}`;
  const time = fields.created_at ?? '2024-06-01T12:00:00Z';
  const state = fields.state ?? 'open';
  const assignees = (fields.assignees ?? []).map((login) => github.state.user(login));
  return {
    url,
    repository_url: `${api}/repos/${fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${web}/${fullName}/issues/${number}`,
    id: 5000 + number,
    node_id: Buffer.from(`05:Issue${5000 + number}`).toString('base64'),
    number,
    title: fields.title,
    user: github.state.user('hindsight-bot', 'Bot'),
    labels: (fields.labels ?? []).map((name, index) => ({
      id: 7000 + index,
      node_id: Buffer.from(`05:Label${7000 + index}`).toString('base64'),
      url: `${api}/repos/${fullName}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: fields.milestone
      ? {
          url: `${api}/repos/${fullName}/milestones/${fields.milestone.number}`,
          html_url: `${web}/${fullName}/milestone/${fields.milestone.number}`,
          number: fields.milestone.number,
          title: fields.milestone.title,
          state: 'open',
          due_on: fields.milestone.due_on,
        }
      : null,
    comments: 0,
    created_at: time,
    updated_at: time,
    closed_at: state === 'closed' ? time : null,
    author_association: 'NONE',
    active_lock_reason: null,
    body: fields.body ?? null,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: fields.state_reason ?? null,
  };
}
