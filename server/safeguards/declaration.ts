/**
 * What a safeguard is, whether declared in `postmortems/safeguards.yml` or created through the API: its kind, its
 * target (repository, branch, path, check name ...) and the kind's options, checked the same way for both. Pure:
 * plain data in, a declaration or problems (each naming its field) out; never throws.
 */
import { SAFEGUARD_KINDS, SAFEGUARD_STATES } from '../db/schema.ts';

/** What a safeguard is: a required check, branch protection, a CODEOWNERS rule, a workflow, an alert rule, a deploy gate, a runbook, other. */
export type SafeguardKind = (typeof SAFEGUARD_KINDS)[number];
/** `unknown` (not checked yet), `verified`, `drifted`, `missing`, `manual` (see `verify.ts`). */
export type SafeguardState = (typeof SAFEGUARD_STATES)[number];

/** Kinds no API can check: a person attests them, and the attestation expires. */
export const MANUAL_KINDS: readonly SafeguardKind[] = ['runbook', 'other'];

/** Whether `kind` is attested by a person rather than checked through GitHub. */
export function isManualKind(kind: SafeguardKind): boolean {
  return MANUAL_KINDS.includes(kind);
}

/** Kind options kept in the `target` JSON column. */
export interface SafeguardTarget {
  /** workflow: a job the workflow file must define (its key under `jobs:` or its `name:`). */
  job?: string;
  /** deploy-gate: the deployment environment. */
  environment?: string;
  /** runbook, other: where it lives (a wiki page ...). */
  url?: string;
  /** branch-protection: required approving reviews, at least. */
  reviews?: number;
  /** branch-protection: `false` requires force pushes to be blocked. */
  forcePushes?: false;
  /** branch-protection: `false` requires branch deletion to be blocked. */
  deletions?: false;
  /** branch-protection: `true` requires the rules to apply to administrators too. */
  enforceAdmins?: true;
  /** branch-protection: `true` requires a code owner's review. */
  codeOwnerReviews?: true;
  /** branch-protection: `true` requires stale approvals to be dismissed on new commits. */
  dismissStaleReviews?: true;
  /** branch-protection: `true` requires a linear history. */
  linearHistory?: true;
  /** branch-protection: `true` requires conversations to be resolved before merging. */
  conversationResolution?: true;
  /** codeowners: the owners the pattern's line must name (`@user`, `@org/team`, an email). */
  owners?: string[];
  /** codeowners: the CODEOWNERS pattern (default: `path`). */
  pattern?: string;
  /** alert-rule: a name the rule file must contain (`alert: HubHealthCheckFailing`). */
  alert?: string;
  /** deploy-gate: reviewers the environment must require (logins, `org/team`). */
  reviewers?: string[];
  /** deploy-gate: a wait timer of at least this many minutes. */
  waitMinutes?: number;
}

/** A safeguard's definition: what `safeguards` stores apart from its state. */
export interface SafeguardDeclaration {
  key: string;
  kind: SafeguardKind;
  repo: string | null;
  branch: string | null;
  /** status-check: none; workflow: `.github/workflows/<file>`; alert-rule: the rule file; codeowners: the pattern's path. */
  path: string | null;
  checkName: string | null;
  description: string | null;
  target: SafeguardTarget;
}

/** A field's problem: `{ field: 'check', message: 'missing (...)' }`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Every field a declaration may have (the file's names), in the order problems are reported. */
export const DECLARATION_FIELDS = [
  'id', 'kind', 'repo', 'branch', 'path', 'check', 'job', 'environment', 'url', 'description',
  'reviews', 'forcePushes', 'deletions', 'enforceAdmins', 'codeOwnerReviews', 'dismissStaleReviews', 'linearHistory',
  'conversationResolution', 'owners', 'pattern', 'alert', 'reviewers', 'waitMinutes',
] as const;
/** A field name of a declaration, as written in the file and the API. */
export type DeclarationField = (typeof DECLARATION_FIELDS)[number];

const COMMON: readonly DeclarationField[] = ['id', 'kind', 'description'];
const BRANCH_RULES: readonly DeclarationField[] = [
  'reviews', 'forcePushes', 'deletions', 'enforceAdmins', 'codeOwnerReviews', 'dismissStaleReviews', 'linearHistory', 'conversationResolution',
];

/** Per kind: the fields it requires and the ones it also accepts. */
const KIND_FIELDS: Record<SafeguardKind, { required: readonly DeclarationField[]; optional: readonly DeclarationField[] }> = {
  'status-check': { required: ['repo', 'check'], optional: ['branch'] },
  'branch-protection': { required: ['repo'], optional: ['branch', ...BRANCH_RULES] },
  codeowners: { required: ['repo', 'owners'], optional: ['branch', 'path', 'pattern'] },
  workflow: { required: ['repo', 'path'], optional: ['branch', 'job'] },
  'alert-rule': { required: ['repo', 'path'], optional: ['branch', 'alert'] },
  'deploy-gate': { required: ['repo', 'environment'], optional: ['reviewers', 'waitMinutes'] },
  runbook: { required: [], optional: ['url', 'repo', 'path', 'branch'] },
  other: { required: [], optional: ['url', 'repo', 'path', 'branch'] },
};

/** What each field is, for "missing" messages. */
const FIELD_HINTS: Partial<Record<DeclarationField, string>> = {
  repo: 'the GitHub repository, owner/name',
  check: 'the status check name, as GitHub shows it under the pull request',
  path: 'the file in the repository',
  owners: 'a list of owners like [@org/team]',
  environment: 'the deployment environment, e.g. production',
};

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^(?!\/|.*(?:\/\/|\.\.|@\{|\.lock$|\/$))[^\s~^:?*[\\\x00-\x1f\x7f]{1,255}$/;
const OWNER = /^(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** The kinds' fields, for messages and the API's documentation: `status-check: repo, check (branch)`. */
export function kindFieldsText(kind: SafeguardKind): string {
  const { required, optional } = KIND_FIELDS[kind];
  const parts = [required.join(', '), optional.length > 0 ? `optional ${optional.join(', ')}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'nothing else';
}

/**
 * Checks `input` (the file's field names: `id`, `check`, `forcePushes` ...) and builds the declaration, or lists
 * every problem of it, each naming its field. Fields the kind does not use are problems, not ignored.
 */
export function checkDeclaration(input: Readonly<Record<string, unknown>>): { declaration: SafeguardDeclaration } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  for (const name of Object.keys(input)) {
    if (!(DECLARATION_FIELDS as readonly string[]).includes(name) && name !== 'implements') {
      problem(name, `unknown field (known: ${DECLARATION_FIELDS.join(', ')}, implements)`);
    }
  }
  const key = text(input.id, 'id', problem, { pattern: KEY, hint: 'letters, digits, ".", "_" and "-", at most 100, e.g. datahub-prod-requires-staging' });
  const kindValue = input.kind;
  if (kindValue === undefined || kindValue === null) problem('kind', `missing (one of ${SAFEGUARD_KINDS.join(', ')})`);
  else if (typeof kindValue !== 'string' || !(SAFEGUARD_KINDS as readonly string[]).includes(kindValue)) {
    problem('kind', `${JSON.stringify(kindValue)} is not a kind (use one of ${SAFEGUARD_KINDS.join(', ')})`);
  }
  if (problems.some((p) => p.field === 'kind')) return { problems };
  const kind = kindValue as SafeguardKind;
  const { required, optional } = KIND_FIELDS[kind];
  const allowed = new Set<string>([...COMMON, ...required, ...optional, 'implements']);
  for (const name of DECLARATION_FIELDS) {
    if (input[name] === undefined || input[name] === null || allowed.has(name)) continue;
    problem(name, `does not apply to a ${kind} safeguard (it takes ${kindFieldsText(kind)})`);
  }
  for (const name of required) {
    if (input[name] === undefined || input[name] === null || input[name] === '') {
      problem(name, `missing: a ${kind} safeguard needs ${FIELD_HINTS[name] ?? name}`);
    }
  }
  const has = (name: DeclarationField) => allowed.has(name) && input[name] !== undefined && input[name] !== null && input[name] !== '';

  const repo = has('repo') ? text(input.repo, 'repo', problem, { pattern: REPO, hint: 'owner/name' }) : null;
  const branch = has('branch') ? text(input.branch, 'branch', problem, { pattern: BRANCH, hint: 'a branch name like main or prod' }) : null;
  let path = has('path') ? text(input.path, 'path', problem, { max: 1000 }) : null;
  if (path !== null && kind === 'workflow' && !/\.ya?ml$/i.test(path)) problem('path', `${JSON.stringify(path)} is not a workflow file (.yml or .yaml under .github/workflows/)`);
  if (path !== null && kind === 'workflow') path = workflowPath(path);
  else if (path !== null && kind !== 'codeowners') path = path.replace(/^\/+/, '');
  const checkName = has('check') ? text(input.check, 'check', problem, { max: 255 }) : null;
  const description = input.description === undefined || input.description === null ? null : text(input.description, 'description', problem, { max: 2000 });

  const target: SafeguardTarget = {};
  if (has('job')) assign(target, 'job', text(input.job, 'job', problem, { max: 255 }));
  if (has('environment')) assign(target, 'environment', text(input.environment, 'environment', problem, { max: 255 }));
  if (has('url')) assign(target, 'url', url(input.url, problem));
  if (has('reviews')) assign(target, 'reviews', integer(input.reviews, 'reviews', 1, 6, problem));
  for (const name of ['forcePushes', 'deletions'] as const) {
    if (!has(name)) continue;
    if (input[name] === false) target[name] = false;
    else problem(name, `write false to require it blocked, or leave it out (${JSON.stringify(input[name])} declares nothing)`);
  }
  for (const name of ['enforceAdmins', 'codeOwnerReviews', 'dismissStaleReviews', 'linearHistory', 'conversationResolution'] as const) {
    if (!has(name)) continue;
    if (input[name] === true) target[name] = true;
    else problem(name, `write true to require it, or leave it out (${JSON.stringify(input[name])} declares nothing)`);
  }
  if (has('owners')) assign(target, 'owners', list(input.owners, 'owners', OWNER, 'an owner like @user, @org/team or an email', problem));
  if (has('pattern')) assign(target, 'pattern', text(input.pattern, 'pattern', problem, { max: 1000 }));
  if (has('alert')) assign(target, 'alert', text(input.alert, 'alert', problem, { max: 255 }));
  if (has('reviewers')) assign(target, 'reviewers', list(input.reviewers, 'reviewers', /^@?[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9._-]+)?$/, 'a login or org/team', problem)?.map((r) => r.replace(/^@/, '')) ?? null);
  if (has('waitMinutes')) assign(target, 'waitMinutes', integer(input.waitMinutes, 'waitMinutes', 1, 43_200, problem));
  if (kind === 'codeowners' && path === null && target.pattern === undefined) problem('pattern', 'missing: name the CODEOWNERS pattern (pattern: /charts/) or the path it covers (path:)');

  if (problems.length > 0 || key === null) return { problems };
  return { declaration: { key, kind, repo, branch, path, checkName, description, target } };
}

/** `smoke-test.yml` → `.github/workflows/smoke-test.yml`; a path under `.github/workflows/` stays. */
export function workflowPath(path: string): string {
  const clean = path.replace(/^\/+/, '');
  return clean.includes('/') ? clean : `.github/workflows/${clean}`;
}

/** Two declarations describe the same target (what was verified still applies); the description may differ. */
export function sameTarget(a: SafeguardDeclaration, b: SafeguardDeclaration): boolean {
  return (
    a.kind === b.kind &&
    a.repo === b.repo &&
    a.branch === b.branch &&
    a.path === b.path &&
    a.checkName === b.checkName &&
    stableJson(a.target) === stableJson(b.target)
  );
}

/** JSON with object keys sorted: equal targets give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** What differs between two declarations' targets: `check staging-hub-online → hub-online`. */
export function describeTargetChange(before: SafeguardDeclaration, after: SafeguardDeclaration): string {
  const parts: string[] = [];
  const show = (value: unknown) => (value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value));
  const field = (name: string, a: unknown, b: unknown) => {
    if (stableJson(a) !== stableJson(b)) parts.push(`${name} ${show(a)} → ${show(b)}`);
  };
  field('kind', before.kind, after.kind);
  field('repo', before.repo, after.repo);
  field('branch', before.branch, after.branch);
  field('path', before.path, after.path);
  field('check', before.checkName, after.checkName);
  const names = new Set([...Object.keys(before.target), ...Object.keys(after.target)]);
  for (const name of [...names].sort()) field(name, before.target[name as keyof SafeguardTarget], after.target[name as keyof SafeguardTarget]);
  return parts.join(', ');
}

type Problem = (field: string, message: string) => void;

function assign<K extends keyof SafeguardTarget>(target: SafeguardTarget, name: K, value: SafeguardTarget[K] | null): void {
  if (value !== null && value !== undefined) target[name] = value;
}

function text(value: unknown, field: string, problem: Problem, rules: { pattern?: RegExp; hint?: string; max?: number } = {}): string | null {
  if (value === undefined || value === null) {
    problem(field, 'missing');
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    problem(field, `expected text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
    return null;
  }
  const result = String(value).trim();
  if (result === '') problem(field, 'is empty');
  else if (rules.max !== undefined && result.length > rules.max) problem(field, `is longer than ${rules.max} characters`);
  else if (rules.pattern && !rules.pattern.test(result)) problem(field, `${JSON.stringify(result)} is not valid${rules.hint ? ` (use ${rules.hint})` : ''}`);
  else return result;
  return null;
}

function integer(value: unknown, field: string, min: number, max: number, problem: Problem): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problem(field, `${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
  return null;
}

function list(value: unknown, field: string, pattern: RegExp, what: string, problem: Problem): string[] | null {
  const items = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(items) || items.length === 0) {
    problem(field, `expected a list (${field}: [...])`);
    return null;
  }
  const bad = items.find((item) => typeof item !== 'string' || !pattern.test(item.trim()));
  if (bad !== undefined) {
    problem(field, `${JSON.stringify(bad)} is not ${what}`);
    return null;
  }
  return [...new Set((items as string[]).map((item) => item.trim()))];
}

function url(value: unknown, problem: Problem): string | null {
  const raw = text(value, 'url', problem, { max: 2000 });
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  problem('url', `${JSON.stringify(raw)} is not an http(s) URL`);
  return null;
}
