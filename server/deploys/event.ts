/**
 * One deployment as an importer found it (`DeploymentInput`: loose values, canonical field names) checked and
 * turned into a `DeploymentEvent`. Every importer (file, HTTP, webhook, git, GitHub) ends here, so the rules for
 * times, statuses, kinds and keys are the same whatever the source. Pure; never throws on bad input.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DeploymentEvent, DeploymentKind, DeploymentSource, DeploymentStatus } from '../domain/deployment.ts';

/** A deployment before checking: the canonical field names, values as a source gives them. */
export interface DeploymentInput {
  key?: unknown;
  environment?: unknown;
  service?: unknown;
  repo?: unknown;
  ref?: unknown;
  sha?: unknown;
  pullNumber?: unknown;
  version?: unknown;
  kind?: unknown;
  status?: unknown;
  startedAt?: unknown;
  finishedAt?: unknown;
  statusAt?: unknown;
  actor?: unknown;
  url?: unknown;
  description?: unknown;
}

export const DEPLOYMENT_INPUT_FIELDS = [
  'key',
  'environment',
  'service',
  'repo',
  'ref',
  'sha',
  'pullNumber',
  'version',
  'kind',
  'status',
  'startedAt',
  'finishedAt',
  'statusAt',
  'actor',
  'url',
  'description',
] as const satisfies ReadonlyArray<keyof DeploymentInput>;

export interface EventOptions {
  source: DeploymentSource;
  /** Zone for times written without an offset (`2018-01-25 15:30`). Default: none, and such times are refused. */
  timezone?: string | null;
  /**
   * The latest start accepted (ISO), against typos like 2081 or 9999 that would stretch every time axis: callers
   * pass their clock plus a day. Default: none.
   */
  notAfter?: string | null;
}

/** A field that failed its check: `startedAt: "yesterday" is not a time ...`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type EventResult = { event: DeploymentEvent; problems?: undefined } | { event?: undefined; problems: FieldProblem[] };

const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const SHA = /^[0-9a-f]{7,64}$/i;
const MAX_TEXT = 2000;
/** `2018-01-25T23:30:00Z`, `2018-01-25T15:30:00.5-08:00`: what `Date.parse` reads exactly as written. */
const STRICT_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const STATUS_WORDS: Record<string, DeploymentStatus> = {
  queued: 'queued',
  pending: 'queued',
  waiting: 'queued',
  created: 'queued',
  'in-progress': 'in-progress',
  in_progress: 'in-progress',
  inprogress: 'in-progress',
  running: 'in-progress',
  started: 'in-progress',
  success: 'success',
  succeeded: 'success',
  successful: 'success',
  ok: 'success',
  done: 'success',
  passed: 'success',
  completed: 'success',
  deployed: 'success',
  failure: 'failure',
  failed: 'failure',
  fail: 'failure',
  error: 'error',
  errored: 'error',
  cancelled: 'error',
  canceled: 'error',
  inactive: 'inactive',
  superseded: 'inactive',
};

const KIND_WORDS: Record<string, DeploymentKind> = {
  deploy: 'deploy',
  deployment: 'deploy',
  release: 'deploy',
  rollout: 'deploy',
  merge: 'deploy',
  push: 'deploy',
  rollback: 'rollback',
  'roll-back': 'rollback',
  revert: 'rollback',
  downgrade: 'rollback',
};

/**
 * Checks `input` and builds the event. Required: `environment` and `startedAt`. Defaults: `kind` deploy,
 * `status` success, `key` derived from the event's content (so the same event imported twice is found again).
 * Every problem is reported, each naming its field.
 */
export function toDeploymentEvent(input: DeploymentInput, options: EventOptions): EventResult {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => {
    problems.push({ field, message });
    return null;
  };
  const text = (field: keyof DeploymentInput, max = 200): string | null => {
    const value = input[field];
    if (value === undefined || value === null) return null;
    // A number is text only where exports use numbers for it (an id as the key, a version like 2).
    if (typeof value === 'number' && Number.isFinite(value) && (field === 'key' || field === 'version')) return String(value);
    if (typeof value !== 'string') return fail(field, `expected text, got ${describe(value)}`);
    const trimmed = value.trim();
    if (trimmed.length > max) return fail(field, `longer than ${max} characters`);
    return trimmed === '' ? null : trimmed;
  };
  const time = (field: keyof DeploymentInput): string | null => {
    const value = input[field];
    if (value === undefined || value === null || value === '') return null;
    const parsed = readTime(value, options.timezone ?? null);
    return typeof parsed === 'string' && !parsed.startsWith('!') ? parsed : fail(field, (parsed ?? '!').slice(1));
  };

  const environment = text('environment', 100);
  if (environment === null && !problems.some((p) => p.field === 'environment')) fail('environment', 'missing (name the environment deployed to, e.g. production)');
  const startedAt = time('startedAt');
  if (input.startedAt === undefined || input.startedAt === null || input.startedAt === '') fail('startedAt', 'missing (when the deployment started)');
  const finishedAt = time('finishedAt');
  const statusAt = time('statusAt');
  if (startedAt && finishedAt && finishedAt < startedAt) fail('finishedAt', `${finishedAt} is before startedAt ${startedAt}`);
  if (startedAt && options.notAfter && startedAt > options.notAfter) fail('startedAt', `${startedAt} is in the future (after ${options.notAfter})`);

  const service = text('service', 200);
  const repo = text('repo', 140);
  if (repo !== null && !REPO.test(repo)) fail('repo', `"${repo}" is not a repository (use owner/name)`);
  const ref = text('ref', 255);
  const shaText = text('sha', 64);
  if (shaText !== null && !SHA.test(shaText)) fail('sha', `"${shaText}" is not a commit sha (7 to 64 hex digits)`);
  const pullNumber = readPullNumber(input.pullNumber, fail);
  const version = text('version', 100);
  const actor = text('actor', 200);
  const url = readUrl(text('url', MAX_TEXT), fail);
  const description = text('description', MAX_TEXT);

  const kindText = text('kind', 40);
  const kind: DeploymentKind = kindText === null ? 'deploy' : (KIND_WORDS[kindText.toLowerCase()] ?? 'deploy');
  if (kindText !== null && !KIND_WORDS[kindText.toLowerCase()]) fail('kind', `"${kindText}" is not deploy or rollback`);
  const statusText = text('status', 40);
  const status: DeploymentStatus = statusText === null ? 'success' : (STATUS_WORDS[statusText.toLowerCase()] ?? 'success');
  if (statusText !== null && !STATUS_WORDS[statusText.toLowerCase()]) {
    fail('status', `"${statusText}" is not a status (queued, in-progress, success, failure, error, inactive)`);
  }
  const keyText = text('key', 200);

  if (problems.length > 0 || environment === null || startedAt === null) return { problems };
  const event: Omit<DeploymentEvent, 'key'> = {
    environment,
    service,
    repo,
    ref,
    sha: shaText === null ? null : shaText.toLowerCase(),
    pullNumber,
    version,
    kind,
    status,
    startedAt,
    finishedAt,
    statusAt,
    actor,
    url,
    description,
    source: options.source,
  };
  const defaulted = [...(kindText === null ? ['kind' as const] : []), ...(statusText === null ? ['status' as const] : [])];
  return { event: { key: keyText ?? contentKey(event), ...event, ...(defaulted.length > 0 ? { defaulted } : {}) } };
}

/**
 * The key of an event that came without one: a hash of what identifies a deployment (where, what, when, which
 * way), not of what may still change (status, finish, description).
 */
export function contentKey(event: Pick<DeploymentEvent, 'environment' | 'service' | 'repo' | 'ref' | 'sha' | 'version' | 'kind' | 'startedAt'>): string {
  const identity = [event.environment, event.service, event.repo, event.ref, event.sha, event.version, event.kind, event.startedAt];
  return `auto:${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32)}`;
}

/**
 * An instant as ISO-8601 UTC to the second (`2018-01-25T23:30:00Z`), or `!reason`: ISO-8601 / RFC 2822 / SQL
 * style text with an offset or `Z`; without one, read in `zone` (refused when there is none); Unix seconds or
 * milliseconds as numbers or digit strings.
 */
export function readTime(value: unknown, zone: string | null): string {
  // The common case, plain ISO-8601 with `Z` or an offset, without luxon (100,000 rows a file).
  if (typeof value === 'string' && STRICT_ISO.test(value)) {
    const ms = Date.parse(value);
    const [year, month, day] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
    // (Date.parse rolls 2018-02-30 over into March: refuse days the month does not have.)
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return `!"${value}" is not a time: ${value.slice(0, 10)} is not a day`;
    if (Number.isFinite(ms) && year >= 1970) return `${new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}Z`;
  }
  let date: DateTime | null = null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return `!${String(value)} is not a time`;
    date = DateTime.fromMillis(n < 1e11 ? n * 1000 : n, { zone: 'utc' });
  } else if (typeof value === 'string') {
    const raw = value.trim();
    const hasOffset = /\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?|utc|gmt)$/i.test(raw);
    const iso = raw.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2').replace(/\s*(?:UTC|GMT)$/, 'Z');
    if (!hasOffset) {
      const read = (in_: string) => {
        const found = DateTime.fromISO(iso, { zone: in_ });
        return found.isValid ? found : DateTime.fromSQL(raw, { zone: in_ });
      };
      date = read(zone ?? 'utc');
      if (date.isValid && !zone) return `!"${raw}" has no UTC offset (write it like 2018-01-25T15:30:00-08:00, or give a time zone)`;
    } else {
      date = DateTime.fromISO(iso, { setZone: true });
      if (!date.isValid) date = DateTime.fromRFC2822(raw, { setZone: true });
      if (!date.isValid) date = DateTime.fromSQL(raw, { setZone: true });
    }
    if (!date.isValid) return `!"${raw}" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)`;
  } else {
    return `!expected a time, got ${describe(value)}`;
  }
  if (!date.isValid) return `!${String(value)} is not a time`;
  const year = date.toUTC().year;
  if (year < 1970 || year > 9999) return `!${String(value)} is out of range (years 1970 to 9999)`;
  // Whole seconds: every stored instant has the same shape, so they compare as text (in SQL too).
  return date.toUTC().startOf('second').toISO({ suppressMilliseconds: true })!;
}

function readPullNumber(value: unknown, fail: (field: string, message: string) => null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^#/, '') : null;
  if (text === null || !/^\d{1,9}$/.test(text) || Number(text) === 0) return fail('pullNumber', `${JSON.stringify(value)} is not a pull request number`);
  return Number(text);
}

function readUrl(value: string | null, fail: (field: string, message: string) => null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  return fail('url', `"${value.slice(0, 100)}" is not an http(s) URL`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
