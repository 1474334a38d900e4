/**
 * How a safeguard reads: its state as a badge (symbol, words, tone), whether a manual one needs attesting, the order
 * the view lists them in, its kind and target in words, the counts by state, what a verification run found, and why
 * a safeguard write failed. Pure: plain data in, plain data out.
 */
import type { ApiError } from './api.ts';
import type { ItemSafeguard, SafeguardKind, SafeguardState, SafeguardVerifyReport, SafeguardView } from './api-types.ts';
import { formatInstant, zoneAbbreviation } from './format.ts';
import type { Tone } from './item-tracking.ts';

/** Every state, in the order the view counts them: what needs attention first. */
export const SAFEGUARD_STATES: readonly SafeguardState[] = ['drifted', 'missing', 'manual', 'unknown', 'verified'];

/** Every kind, in the order of the file's documentation. */
export const SAFEGUARD_KINDS: readonly SafeguardKind[] = ['status-check', 'branch-protection', 'codeowners', 'workflow', 'alert-rule', 'deploy-gate', 'runbook', 'other'];

/** The kinds a person attests (no API can check them). */
export const MANUAL_KINDS: ReadonlySet<SafeguardKind> = new Set(['runbook', 'other']);

/** The name of a state on its own (menus, counts): `unknown` is "not checked yet". */
export const SAFEGUARD_STATE_NAMES: Record<SafeguardState, string> = {
  drifted: 'drifted',
  missing: 'missing',
  manual: 'manual',
  unknown: 'not checked yet',
  verified: 'verified',
};

/** A kind in words. */
export const SAFEGUARD_KIND_NAMES: Record<SafeguardKind, string> = {
  'status-check': 'required status check',
  'branch-protection': 'branch protection',
  codeowners: 'code owners',
  workflow: 'workflow',
  'alert-rule': 'alert rule',
  'deploy-gate': 'deploy gate',
  runbook: 'runbook',
  other: 'other',
};

/** A state badge: a symbol (never the only signal), its words, and its tone. */
export interface SafeguardBadgeView {
  symbol: string;
  label: string;
  tone: Tone;
}

/**
 * The badge of a safeguard in `state`: `✓ verified`, `⚠ drifted` (danger), `✗ missing`, `⚠ attestation expired`,
 * `✓ attested` / `? needs attestation` (manual, when `attested` is known; else `manual check`), `not checked yet`.
 * A safeguard of a manual kind (`manual`; default false) never attested reads `needs attestation` even before any
 * verification run (state `unknown`): nothing but a person will ever check it.
 */
export function safeguardBadge(state: SafeguardState, options: { expired?: boolean; attested?: boolean | null; manual?: boolean } = {}): SafeguardBadgeView {
  if (state === 'unknown' && options.manual && options.attested !== true) return NEEDS_ATTESTATION;
  switch (state) {
    case 'verified':
      return { symbol: '✓', label: 'verified', tone: 'ok' };
    case 'drifted':
      return { symbol: '⚠', label: 'drifted', tone: 'danger' };
    case 'missing':
      return { symbol: '✗', label: 'missing', tone: 'warn' };
    case 'manual':
      if (options.expired) return { symbol: '⚠', label: 'attestation expired', tone: 'warn' };
      if (options.attested === true) return { symbol: '✓', label: 'attested', tone: 'ok' };
      if (options.attested === false) return NEEDS_ATTESTATION;
      return { symbol: '✎', label: 'manual check', tone: 'neutral' };
    default:
      return { symbol: '○', label: 'not checked yet', tone: 'neutral' };
  }
}

const NEEDS_ATTESTATION: SafeguardBadgeView = { symbol: '?', label: 'needs attestation', tone: 'warn' };

/** Whether a safeguard as shown on an item is attested and still valid: null for the kinds checked through GitHub. */
export function itemAttested(safeguard: Pick<ItemSafeguard, 'kind' | 'expired' | 'attestedUntil'>): boolean | null {
  if (!MANUAL_KINDS.has(safeguard.kind)) return null;
  return safeguard.attestedUntil !== null && !safeguard.expired;
}

/**
 * Where a safeguard stands in the view's order, what needs attention first: 0 drifted, 1 missing, 2 a manual one
 * whose attestation expired or that was never attested, 3 not checked yet, 4 verified (or attested).
 */
export function safeguardRank(safeguard: Pick<SafeguardView, 'kind' | 'state' | 'attestation'>): number {
  if (safeguard.state === 'drifted') return 0;
  if (safeguard.state === 'missing') return 1;
  const manual = MANUAL_KINDS.has(safeguard.kind) || safeguard.state === 'manual';
  if (manual && (safeguard.attestation === null || safeguard.attestation.expired)) return 2;
  if (safeguard.state === 'unknown') return 3;
  return 4;
}

/** `safeguards` in the view's order: by `safeguardRank`, then by key. A new array; the given one is untouched. */
export function sortSafeguards<T extends Pick<SafeguardView, 'key' | 'kind' | 'state' | 'attestation'>>(safeguards: readonly T[]): T[] {
  return [...safeguards].sort((a, b) => safeguardRank(a) - safeguardRank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What a safeguard checks, as label/value pairs: repository, branch, check, path and the kind's options. */
export function safeguardTarget(safeguard: Pick<SafeguardView, 'kind' | 'repo' | 'branch' | 'path' | 'check' | 'target'>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const { target } = safeguard;
  if (safeguard.repo) pairs.push(['repository', safeguard.repo]);
  if (safeguard.branch) pairs.push(['branch', safeguard.branch]);
  else if (safeguard.repo && safeguard.kind !== 'runbook' && safeguard.kind !== 'other') pairs.push(['branch', 'the default branch']);
  if (safeguard.check) pairs.push(['check', safeguard.check]);
  if (safeguard.path) pairs.push(['path', safeguard.path]);
  if (target.pattern) pairs.push(['pattern', target.pattern]);
  if (target.owners?.length) pairs.push(['owners', target.owners.join(', ')]);
  if (target.job) pairs.push(['job', target.job]);
  if (target.alert) pairs.push(['alert', target.alert]);
  if (target.environment) pairs.push(['environment', target.environment]);
  if (target.reviewers?.length) pairs.push(['reviewers', target.reviewers.join(', ')]);
  if (target.waitMinutes !== undefined) pairs.push(['wait', `${target.waitMinutes} min`]);
  if (target.reviews !== undefined) pairs.push(['approving reviews', `at least ${target.reviews}`]);
  const flags: Array<[keyof typeof target, string, string]> = [
    ['forcePushes', 'force pushes allowed', 'force pushes blocked'],
    ['deletions', 'deletion allowed', 'deletion blocked'],
    ['enforceAdmins', 'enforced for admins', 'not enforced for admins'],
    ['codeOwnerReviews', 'code owner reviews required', 'no code owner reviews'],
    ['dismissStaleReviews', 'stale reviews dismissed', 'stale reviews kept'],
    ['linearHistory', 'linear history required', 'merge commits allowed'],
    ['conversationResolution', 'conversations resolved first', 'unresolved conversations allowed'],
  ];
  const rules = flags.filter(([name]) => typeof target[name] === 'boolean').map(([name, yes, no]) => (target[name] ? yes : no));
  if (rules.length > 0) pairs.push(['rules', rules.join(', ')]);
  if (target.url) pairs.push(['where', target.url]);
  return pairs;
}

/** `Checked 4: 1 verified, 1 drifted, 2 missing.` (with the changes and the checks that could not decide). */
export function verifyReportText(report: Pick<SafeguardVerifyReport, 'checked' | 'verified' | 'drifted' | 'missing' | 'manual' | 'unknown' | 'changes' | 'errors'>): string {
  const parts = (['verified', 'drifted', 'missing', 'manual', 'unknown'] as const)
    .filter((state) => report[state] > 0)
    .map((state) => `${report[state]} ${SAFEGUARD_STATE_NAMES[state]}`);
  let text = `Checked ${report.checked}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
  if (report.changes.length > 0) text += ` Changed: ${report.changes.map((change) => `${change.key} ${change.from} → ${change.to}`).join('; ')}.`;
  if (report.errors.length > 0) text += ` Could not check ${report.errors.length}: ${report.errors.map((error) => `${error.key} (${error.message})`).join('; ')}.`;
  return text;
}

const SAFEGUARD_VERBS = { verify: 'Verification did not run', attest: 'The attestation was not saved', delete: 'The safeguard was not deleted' } as const;

/** Why a safeguard write (verify, attest, delete) failed, in words. */
export function safeguardErrorText(what: keyof typeof SAFEGUARD_VERBS, error: ApiError): string {
  const verb = SAFEGUARD_VERBS[what];
  if (error.status === 0) return error.message;
  if (error.status === 401) return `${verb}: this server needs an access token.`;
  if (error.status === 403) return `${verb}: changes are accepted only from the machine Hindsight runs on, unless it has an access token (HINDSIGHT_TOKEN). ${error.message}.`;
  if (error.status === 503) return `${verb}: ${error.message}.`;
  return `${verb}: ${error.message}`;
}

/** `1 safeguard`, `3 safeguards`. */
export function safeguardCount(count: number): string {
  return `${count} ${count === 1 ? 'safeguard' : 'safeguards'}`;
}

/** An instant on the wall clock of `zone` with its abbreviation: `2024-08-01 17:30 GMT+5:30`. */
export function formatWhen(iso: string, zone: string): string {
  return `${formatInstant(iso, zone, 'datetime')} ${zoneAbbreviation(zone, iso)}`;
}
