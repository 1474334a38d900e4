/** How safeguards read: state badges, targets in words, verification reports, write errors, times. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/lib/api.ts';
import type { SafeguardView } from '../../web/src/lib/api-types.ts';
import {
  formatWhen,
  itemAttested,
  MANUAL_KINDS,
  safeguardBadge,
  safeguardCount,
  safeguardErrorText,
  safeguardTarget,
  SAFEGUARD_KINDS,
  SAFEGUARD_STATES,
  sortSafeguards,
  verifyReportText,
} from '../../web/src/lib/safeguard-format.ts';

type Target = Pick<SafeguardView, 'kind' | 'repo' | 'branch' | 'path' | 'check' | 'target'>;
const target = (fields: Partial<Target>): Target => ({ kind: 'status-check', repo: null, branch: null, path: null, check: null, target: {}, ...fields });

describe('safeguardBadge', () => {
  it('marks each state with a symbol, words and a tone; drifted is the danger', () => {
    expect(safeguardBadge('verified')).toEqual({ symbol: '✓', label: 'verified', tone: 'ok' });
    expect(safeguardBadge('drifted')).toEqual({ symbol: '⚠', label: 'drifted', tone: 'danger' });
    expect(safeguardBadge('missing')).toEqual({ symbol: '✗', label: 'missing', tone: 'warn' });
    expect(safeguardBadge('unknown')).toEqual({ symbol: '○', label: 'not checked yet', tone: 'neutral' });
  });

  it('tells a manual safeguard’s attestation: expired, attested, needs attestation, or not known', () => {
    expect(safeguardBadge('manual', { expired: true })).toEqual({ symbol: '⚠', label: 'attestation expired', tone: 'warn' });
    expect(safeguardBadge('manual', { attested: true })).toEqual({ symbol: '✓', label: 'attested', tone: 'ok' });
    expect(safeguardBadge('manual', { attested: false })).toEqual({ symbol: '?', label: 'needs attestation', tone: 'warn' });
    expect(safeguardBadge('manual')).toMatchObject({ label: 'manual check', tone: 'neutral' });
  });

  it('says a manual kind never attested "needs attestation", not "not checked yet", before any verification', () => {
    expect(safeguardBadge('unknown', { manual: true })).toEqual({ symbol: '?', label: 'needs attestation', tone: 'warn' });
    expect(safeguardBadge('unknown', { manual: true, attested: false })).toMatchObject({ label: 'needs attestation' });
    expect(safeguardBadge('unknown', { manual: false })).toMatchObject({ label: 'not checked yet' });
  });

  it('lists every state and kind the API has, and the manual kinds', () => {
    expect([...SAFEGUARD_STATES].sort()).toEqual(['drifted', 'manual', 'missing', 'unknown', 'verified']);
    expect(SAFEGUARD_KINDS).toHaveLength(8);
    expect([...MANUAL_KINDS].sort()).toEqual(['other', 'runbook']);
  });
});

describe('itemAttested', () => {
  const seen = (fields: Partial<Parameters<typeof itemAttested>[0]>) => itemAttested({ kind: 'runbook', expired: false, attestedUntil: null, ...fields });

  it('reads a manual safeguard on an item as attested while its attestation holds', () => {
    expect(seen({})).toBe(false);
    expect(seen({ attestedUntil: '2024-07-30T12:00:00Z', expired: true })).toBe(false);
    expect(seen({ attestedUntil: '2024-07-30T12:00:00Z' })).toBe(true);
    expect(seen({ kind: 'other', attestedUntil: '2024-07-30T12:00:00Z' })).toBe(true);
  });

  it('is null for the kinds checked through GitHub', () => {
    expect(seen({ kind: 'status-check' })).toBeNull();
    expect(seen({ kind: 'workflow', attestedUntil: '2024-07-30T12:00:00Z' })).toBeNull();
  });
});

describe('sortSafeguards', () => {
  type Sortable = Pick<SafeguardView, 'key' | 'kind' | 'state' | 'attestation'>;
  const entry = (key: string, state: SafeguardView['state'], fields: Partial<Sortable> = {}): Sortable => ({ key, kind: 'status-check', state, attestation: null, ...fields });
  const attested = (expired: boolean) => ({ by: 'mkim', at: '2024-05-01T00:00:00Z', expiresAt: '2024-07-30T00:00:00Z', expired });

  it('lists drifted first, then missing, expired or never attested, not checked yet, verified; then by key', () => {
    const given = [
      entry('a-verified', 'verified'),
      entry('b-unknown', 'unknown'),
      entry('c-attested', 'manual', { kind: 'runbook', attestation: attested(false) }),
      entry('d-expired', 'manual', { kind: 'runbook', attestation: attested(true) }),
      entry('e-missing', 'missing'),
      entry('f-runbook', 'unknown', { kind: 'runbook' }),
      entry('g-drifted', 'drifted'),
      entry('a-unknown', 'unknown'),
      entry('h-never', 'manual', { kind: 'other' }),
      entry('b-drifted', 'drifted'),
    ];
    expect(sortSafeguards(given).map((s) => s.key)).toEqual([
      'b-drifted',
      'g-drifted',
      'e-missing',
      'd-expired',
      'f-runbook',
      'h-never',
      'a-unknown',
      'b-unknown',
      'a-verified',
      'c-attested',
    ]);
    // The given list is left as it was.
    expect(given[0]!.key).toBe('a-verified');
  });
});

describe('safeguardTarget', () => {
  it('names repository, branch and check of a status check', () => {
    expect(safeguardTarget(target({ repo: 'example-org/datahub', branch: 'prod', check: 'staging-hub-online' }))).toEqual([
      ['repository', 'example-org/datahub'],
      ['branch', 'prod'],
      ['check', 'staging-hub-online'],
    ]);
  });

  it('says "the default branch" when none is named, except for manual kinds', () => {
    expect(safeguardTarget(target({ kind: 'workflow', repo: 'a/b', path: '.github/workflows/x.yml', target: { job: 'smoke' } }))).toEqual([
      ['repository', 'a/b'],
      ['branch', 'the default branch'],
      ['path', '.github/workflows/x.yml'],
      ['job', 'smoke'],
    ]);
    expect(safeguardTarget(target({ kind: 'runbook', target: { url: 'https://wiki.example.org/r' } }))).toEqual([['where', 'https://wiki.example.org/r']]);
  });

  it('writes the kind options in words', () => {
    const pairs = safeguardTarget(
      target({
        kind: 'branch-protection',
        repo: 'a/b',
        branch: 'main',
        target: { reviews: 2, forcePushes: false, deletions: false, enforceAdmins: true },
      }),
    );
    expect(pairs).toContainEqual(['approving reviews', 'at least 2']);
    expect(pairs).toContainEqual(['rules', 'force pushes blocked, deletion blocked, enforced for admins']);
    expect(safeguardTarget(target({ kind: 'deploy-gate', repo: 'a/b', target: { environment: 'production', reviewers: ['ana', 'ops'], waitMinutes: 5 } }))).toEqual([
      ['repository', 'a/b'],
      ['branch', 'the default branch'],
      ['environment', 'production'],
      ['reviewers', 'ana, ops'],
      ['wait', '5 min'],
    ]);
    expect(safeguardTarget(target({ kind: 'codeowners', repo: 'a/b', target: { pattern: '/deploy/', owners: ['@ops'] } }))).toContainEqual(['owners', '@ops']);
  });
});

describe('verifyReportText', () => {
  const report = { checked: 4, verified: 1, drifted: 1, missing: 1, manual: 1, unknown: 0, changes: [], errors: [] };

  it('counts what was found, leaving out the states nothing is in', () => {
    expect(verifyReportText(report)).toBe('Checked 4: 1 verified, 1 drifted, 1 missing, 1 manual.');
    expect(verifyReportText({ ...report, checked: 0, verified: 0, drifted: 0, missing: 0, manual: 0 })).toBe('Checked 0.');
  });

  it('names the changes and the checks that could not decide', () => {
    expect(
      verifyReportText({
        ...report,
        changes: [{ key: 'k', from: 'verified', to: 'drifted', detail: 'gone' }],
        errors: [{ key: 'w', message: 'GitHub answered 500' }],
      }),
    ).toBe('Checked 4: 1 verified, 1 drifted, 1 missing, 1 manual. Changed: k verified → drifted. Could not check 1: w (GitHub answered 500).');
  });
});

describe('safeguardErrorText', () => {
  it('shows the server’s message for verification without GitHub, and what was not done', () => {
    expect(safeguardErrorText('verify', new ApiError(503, 'verification is not configured: set GITHUB_TOKEN'))).toBe(
      'Verification did not run: verification is not configured: set GITHUB_TOKEN.',
    );
    expect(safeguardErrorText('attest', new ApiError(409, 'it is verified through GitHub'))).toBe('The attestation was not saved: it is verified through GitHub');
    expect(safeguardErrorText('attest', new ApiError(401, 'x'))).toBe('The attestation was not saved: this server needs an access token.');
    expect(safeguardErrorText('verify', new ApiError(0, 'The server did not answer.'))).toBe('The server did not answer.');
    expect(safeguardErrorText('delete', new ApiError(409, 'it is declared in the safeguards file'))).toBe('The safeguard was not deleted: it is declared in the safeguards file');
  });
});

describe('formatWhen and safeguardCount', () => {
  it('writes an instant on the zone’s clock with its abbreviation', () => {
    expect(formatWhen('2024-08-01T12:00:00Z', 'UTC')).toBe('2024-08-01 12:00 UTC');
    expect(formatWhen('2024-08-01T12:00:00Z', 'Asia/Kolkata')).toBe('2024-08-01 17:30 GMT+5:30');
  });

  it('counts safeguards', () => {
    expect(safeguardCount(1)).toBe('1 safeguard');
    expect(safeguardCount(0)).toBe('0 safeguards');
  });
});
