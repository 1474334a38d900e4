/**
 * How a safeguard reads: its state as a badge (symbol, words, tone), its kind and target in words, the counts by
 * state, what a verification run found, and why a safeguard write failed. Pure: plain data in, plain data out.
 */
import type { ApiError } from './api.ts';
import type { SafeguardKind, SafeguardState, SafeguardVerifyReport, SafeguardView } from './api-types.ts';
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
 * `✓ attested` / `not attested` (manual, when `attested` is known; else `manual check`), `not checked yet`.
 */
export function safeguardBadge(state: SafeguardState, options: { expired?: boolean; attested?: boolean | null } = {}): SafeguardBadgeView {
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
      if (options.attested === false) return { symbol: '?', label: 'not attested', tone: 'warn' };
      return { symbol: '✎', label: 'manual check', tone: 'neutral' };
    default:
      return { symbol: '○', label: 'not checked yet', tone: 'neutral' };
  }
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

/** Why a safeguard write (verify, attest) failed, in words. */
export function safeguardErrorText(what: 'verify' | 'attest', error: ApiError): string {
  const verb = what === 'verify' ? 'Verification did not run' : 'The attestation was not saved';
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
