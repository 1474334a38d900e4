/**
 * GitHub's deployment and push objects (REST responses and webhook payloads) as deployment events. Pure: no
 * network, no clock (the caller passes the time a push was received); never throws on odd payloads, every field
 * is checked (webhook bodies come from outside) and problems come back as `toDeploymentEvent`'s.
 */
import type { DeploymentSource, DeploymentStatus } from '../domain/deployment.ts';
import { gitDeploymentKey } from '../deploys/environments.ts';
import { toDeploymentEvent, type DeploymentInput, type EventResult } from '../deploys/event.ts';
import { readSubject } from '../deploys/git-subject.ts';

/** A deployment as GitHub sends it (`GET .../deployments`, the `deployment` of a webhook); only what is read here. */
export interface GitHubDeploymentLike {
  id?: unknown;
  sha?: unknown;
  ref?: unknown;
  task?: unknown;
  /** An object, or (from some tools) a JSON string. */
  payload?: unknown;
  environment?: unknown;
  description?: unknown;
  creator?: unknown;
  created_at?: unknown;
}

/** A deployment status (`GET .../statuses`, the `deployment_status` of a webhook); only what is read here. */
export interface GitHubDeploymentStatusLike {
  id?: unknown;
  /** `error`, `failure`, `inactive`, `pending`, `success`, `queued`, `in_progress`. */
  state?: unknown;
  created_at?: unknown;
  log_url?: unknown;
  target_url?: unknown;
}

/** The `push` webhook payload; only what is read here. */
export interface GitHubPushLike {
  /** `refs/heads/prod`. */
  ref?: unknown;
  after?: unknown;
  deleted?: unknown;
  compare?: unknown;
  head_commit?: { id?: unknown; message?: unknown; timestamp?: unknown; url?: unknown } | null;
  repository?: { full_name?: unknown } | null;
  pusher?: { name?: unknown } | null;
  sender?: { login?: unknown } | null;
}

const TERMINAL = new Set(['success', 'failure', 'error']);
const STATES: Record<string, DeploymentStatus> = { pending: 'queued', in_progress: 'in-progress' };
/** `v1.2.3`, `1.2`, `v0.6.0-beta.1`, optionally as `refs/tags/...`. */
const VERSION_TAG = /^(?:refs\/tags\/)?(v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?)$/;
const MAX_DESCRIPTION = 2000;
const MAX_ACTOR = 200;
const NO_COMMIT = /^0+$/;

/**
 * The event for one deployment of `repo` (`owner/name`) given its statuses in any order (null: they could not be
 * read). Key `github:<repo>:<id>`, so the import and the webhook find the same event. Status: the newest status's
 * state (`pending` → queued, `in_progress` → in-progress; no statuses → queued since creation; unreadable → queued,
 * reported at no time so any known status wins); `finishedAt`: the newest success/failure/error; `url`: the newest
 * status's `log_url`, else its `target_url`; `kind` rollback when the payload, task or description says so;
 * `version`: the ref when it is a version tag; `service`: `payload.service`.
 */
export function eventFromDeployment(
  repo: string,
  deployment: GitHubDeploymentLike,
  statuses: readonly GitHubDeploymentStatusLike[] | null,
  source: DeploymentSource,
): EventResult {
  if (!isObject(deployment)) return { problems: [{ field: 'deployment', message: 'expected a deployment object' }] };
  const id = deployment.id;
  if (!(typeof id === 'bigint' || (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id)))) {
    return { problems: [{ field: 'key', message: 'the deployment has no id' }] };
  }
  const payload = readPayload(deployment.payload);
  const ordered = statuses === null ? [] : newestFirst(statuses);
  const newest = ordered[0] ?? null;
  const finished = ordered.find((status) => typeof status.state === 'string' && TERMINAL.has(status.state)) ?? null;
  const description = firstLine(deployment.description);
  const ref = text(deployment.ref);

  const input: DeploymentInput = {
    key: `github:${repo}:${String(id)}`,
    environment: deployment.environment,
    service: typeof payload?.service === 'string' ? payload.service : null,
    repo,
    ref,
    sha: deployment.sha,
    pullNumber: description === null ? null : readSubject(description).pullNumber,
    version: ref === null ? null : (VERSION_TAG.exec(ref)?.[1] ?? null),
    kind: namesRollback(deployment, payload) ? 'rollback' : 'deploy',
    status: newest ? readState(newest.state) : 'queued',
    startedAt: deployment.created_at,
    finishedAt: finished?.created_at ?? null,
    statusAt: newest ? newest.created_at : statuses === null ? null : deployment.created_at,
    actor: clip(login(deployment.creator), MAX_ACTOR),
    url: newest ? (text(newest.log_url) ?? text(newest.target_url)) : null,
    description: clip(description, MAX_DESCRIPTION),
  };
  return toDeploymentEvent(input, { source });
}

/**
 * The event for a `deployment` or `deployment_status` webhook: `deployment` and, for the latter, its
 * `deployment_status` (the newest one). Source `webhook`; otherwise as `eventFromDeployment`.
 */
export function eventFromDeploymentPayload(
  repoFullName: string,
  deployment: GitHubDeploymentLike,
  latestStatus: GitHubDeploymentStatusLike | null,
): EventResult {
  return eventFromDeployment(repoFullName, deployment, isObject(latestStatus) ? [latestStatus] : [], 'webhook');
}

/**
 * The event for a `push` webhook when the branch pushed to is a deploy branch (`environmentForBranch` names its
 * environment; null: not a deploy branch), else null; null too for branch deletions and tag pushes. Key
 * `gitDeploymentKey(environment, after)`, the key `hindsight deploys import-git` gives the same commit on that
 * branch, so a push received now and the branch's history imported later are one event; started at the head commit's timestamp, else `receivedAt` (ISO, from the
 * caller's clock); status success (the push is the deployment, as for the git importer); pull request number
 * and rollback read from the head commit's message (`Merge pull request #12`, `(#12)`, `Revert ...`).
 */
export function eventFromPushPayload(
  push: GitHubPushLike,
  environmentForBranch: (branch: string) => string | null,
  receivedAt: string,
): EventResult | null {
  if (!isObject(push)) return { problems: [{ field: 'push', message: 'expected a push payload object' }] };
  const after = text(push.after);
  if (push.deleted === true || (after !== null && NO_COMMIT.test(after))) return null;
  const ref = text(push.ref);
  if (ref === null || !ref.startsWith('refs/heads/')) return null;
  const branch = ref.slice('refs/heads/'.length);
  const environment = environmentForBranch(branch);
  if (environment === null) return null;

  const head = isObject(push.head_commit) ? push.head_commit : null;
  const message = typeof head?.message === 'string' ? head.message : '';
  const subject = firstLine(message);
  const facts = readSubject(subject ?? '');
  const repo = isObject(push.repository) ? text(push.repository.full_name) : null;
  const input: DeploymentInput = {
    key: gitDeploymentKey(environment, after ?? ''),
    environment,
    repo,
    ref: branch,
    sha: after,
    pullNumber: facts.pullNumber,
    version: facts.version,
    kind: facts.kind === 'rollback' || mergedRevert(message, subject) ? 'rollback' : 'deploy',
    status: 'success',
    startedAt: text(head?.timestamp) ?? receivedAt,
    finishedAt: null,
    actor: clip((isObject(push.pusher) ? text(push.pusher.name) : null) ?? (isObject(push.sender) ? text(push.sender.login) : null), MAX_ACTOR),
    url: text(push.compare) ?? text(head?.url),
    description: clip(subject, MAX_DESCRIPTION),
  };
  const result = toDeploymentEvent(input, { source: 'webhook' });
  // Started "when received" only for want of the head commit's time: a redelivery must not move it.
  if (result.event && text(head?.timestamp) === null) result.event.defaulted = [...(result.event.defaulted ?? []), 'startedAt'];
  return result;
}

/** GitHub's state names as event statuses; others pass through (and are reported by `toDeploymentEvent`). */
function readState(state: unknown): unknown {
  return typeof state === 'string' ? (STATES[state] ?? state) : state;
}

/** True when the payload (`rollback: true`, a `kind`/`type`/`action`/`task` naming one), the task or the description says rollback. */
function namesRollback(deployment: GitHubDeploymentLike, payload: Record<string, unknown> | null): boolean {
  if (payload && (payload.rollback === true || payload.rollback === 'true')) return true;
  const said = [payload?.kind, payload?.type, payload?.action, payload?.task, deployment.task, deployment.description];
  return said.some((value) => typeof value === 'string' && readSubject(firstLine(value) ?? '').kind === 'rollback');
}

/** A merge commit whose pull request title (the first line after the subject) starts with `Revert`. */
function mergedRevert(message: string, subject: string | null): boolean {
  if (subject === null || !/^Merge\b/.test(subject)) return false;
  const title = message.split('\n').slice(1).find((line) => line.trim() !== '');
  return title !== undefined && /^\s*Revert\b/i.test(title);
}

/** The payload as an object: GitHub sends an object, or the string a tool posted (parsed when it is JSON). */
function readPayload(payload: unknown): Record<string, unknown> | null {
  if (isObject(payload)) return payload;
  if (typeof payload !== 'string' || payload.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Statuses newest first: by `created_at`, then by id; ones without a readable time last. */
function newestFirst(statuses: readonly GitHubDeploymentStatusLike[]): GitHubDeploymentStatusLike[] {
  const time = (status: GitHubDeploymentStatusLike) => (typeof status.created_at === 'string' ? Date.parse(status.created_at) : NaN);
  return statuses
    .filter(isObject)
    .map((status) => ({ status, at: time(status), id: Number(status.id ?? 0) }))
    .sort((a, b) => (Number.isNaN(a.at) ? 1 : 0) - (Number.isNaN(b.at) ? 1 : 0) || (b.at || 0) - (a.at || 0) || b.id - a.id)
    .map(({ status }) => status);
}

function login(user: unknown): string | null {
  return isObject(user) ? text(user.login) : null;
}

function firstLine(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function clip(value: string | null, max: number): string | null {
  return value === null || value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
