/**
 * GitHub's issue objects (from the issues list, a single issue, an `issues` webhook) and pull request objects (a
 * `pull_request` webhook) read into the few facts the sync keeps. Pure; never throws: an object that is not an
 * issue is a problem message.
 */

/** What the sync keeps of an issue or pull request. */
export interface RemoteIssue {
  /** `owner/name`, as the caller named it. */
  repo: string;
  number: number;
  kind: 'issue' | 'pull';
  /** `open`, `closed`, or `merged` (a pull request with `merged_at`). */
  state: 'open' | 'closed' | 'merged';
  /** GitHub's `state_reason`: `completed`, `not_planned`, `reopened`, `duplicate`, or null. */
  stateReason: string | null;
  title: string | null;
  body: string | null;
  /** Logins, in GitHub's order. */
  assignees: string[];
  /** Label names. */
  labels: string[];
  /** The milestone's due date (ISO time), or null. */
  dueOn: string | null;
  mergedAt: string | null;
  /** GitHub's `updated_at`: what decides whether this is newer than what is stored. */
  updatedAt: string;
  /** `https://github.com/o/r/issues/12` or `.../pull/12`, or null. */
  htmlUrl: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Reads an issue object (a pull request seen through the issues API has `pull_request`, with `merged_at` in the
 * list and webhook shapes) of `repo`; a problem message when it lacks a number, a state or an `updated_at`.
 */
export function readRemoteIssue(repo: string, value: unknown): RemoteIssue | string {
  if (!isObject(value)) return 'not an issue object';
  const number = value.number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return 'an issue without a number';
  const state = value.state;
  if (state !== 'open' && state !== 'closed') return `#${number}: state ${JSON.stringify(state)} is neither open nor closed`;
  const updatedAt = text(value.updated_at);
  if (updatedAt === null || Number.isNaN(Date.parse(updatedAt))) return `#${number}: no updated_at`;
  const pull = isObject(value.pull_request) ? value.pull_request : null;
  const mergedAt = pull ? text(pull.merged_at) : null;
  const milestone = isObject(value.milestone) ? value.milestone : null;
  return {
    repo,
    number,
    kind: pull ? 'pull' : 'issue',
    state: mergedAt !== null ? 'merged' : state,
    stateReason: pull ? null : text(value.state_reason),
    title: text(value.title),
    body: text(value.body),
    assignees: logins(value.assignees, value.assignee),
    labels: Array.isArray(value.labels)
      ? value.labels.map((label: unknown) => (typeof label === 'string' ? label : isObject(label) ? text(label.name) : null)).filter((name): name is string => name !== null)
      : [],
    dueOn: milestone ? text(milestone.due_on) : null,
    mergedAt,
    updatedAt,
    htmlUrl: text(value.html_url),
  };
}

/**
 * A pull request object (a `pull_request` webhook's, `GET /pulls/{n}`) in the shape the issues API gives the same
 * pull request: `pull_request: {url, html_url, merged_at}`, the rest as it is.
 */
export function issueFromPullRequest(pull: Json): Json {
  return {
    ...pull,
    url: text(pull.issue_url) ?? pull.url,
    pull_request: { url: pull.url ?? null, html_url: pull.html_url ?? null, merged_at: text(pull.merged_at) },
  };
}

/** `assignees` logins, else the single `assignee`'s. */
function logins(assignees: unknown, assignee: unknown): string[] {
  const list = Array.isArray(assignees) ? assignees : isObject(assignee) ? [assignee] : [];
  return list.map((user: unknown) => (isObject(user) ? text(user.login) : null)).filter((login): login is string => login !== null);
}
