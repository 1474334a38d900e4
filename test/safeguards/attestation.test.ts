/**
 * Safeguards no API can check (runbook, other): a person attests them, the attestation holds for a number of
 * days, and verification reports it expired after that, in the state detail, the history and the report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { attestationDetail, attestationExpiry, attestationStatus } from '../../server/safeguards/attestation.ts';
import { safeguardDetail } from '../../server/safeguards/queries.ts';
import { attestSafeguard, createSafeguard } from '../../server/safeguards/store.ts';
import { formatVerifyReport, verifySafeguards } from '../../server/safeguards/verify.ts';
import { gitHub, later, NOW, type GitHubFixture } from './setup.ts';

describe('attestation time arithmetic', () => {
  const attestation = { attestedBy: 'praman', attestedAt: '2024-08-01T12:00:00Z', attestationExpiresAt: attestationExpiry(NOW, 90) };

  it('expires whole days later, and counts as expired from that instant on', () => {
    expect(attestation.attestationExpiresAt).toBe('2024-10-30T12:00:00Z');
    expect(attestationStatus(attestation, new Date('2024-10-30T11:59:59Z'))).toBe('valid');
    expect(attestationStatus(attestation, new Date('2024-10-30T12:00:00Z'))).toBe('expired');
    expect(attestationStatus({ attestedBy: null, attestedAt: null, attestationExpiresAt: null }, NOW)).toBe('none');
  });

  it('describes each standing in words that stay the same between checks', () => {
    expect(attestationDetail(attestation, later(10))).toBe('attested by praman on 2024-08-01, valid until 2024-10-30');
    expect(attestationDetail(attestation, later(89))).toBe('attested by praman on 2024-08-01, valid until 2024-10-30');
    expect(attestationDetail(attestation, later(100))).toBe('attestation by praman expired on 2024-10-30 (attested 2024-08-01): check it again and attest');
  });
});

describe('verifying a runbook', () => {
  let database: Database;
  let gh: GitHubFixture;
  beforeEach(async () => {
    database = openDatabase(':memory:');
    gh = await gitHub();
    createSafeguard(database, { id: 'cutover-checklist', kind: 'runbook', url: 'https://wiki.example.org/runbooks/dns-cutover' }, { now: NOW });
  });
  afterEach(async () => {
    await gh.close();
    database.close();
  });

  const verify = (now: Date) => verifySafeguards(database, gh.client, { now });

  it('is manual and unattested, valid for the attestation days once attested, and expired after them', async () => {
    expect(await verify(NOW)).toMatchObject({ manual: 1, unattested: 1, expired: 0 });
    attestSafeguard(database, 'cutover-checklist', { by: 'praman', note: 'TLS probe is step 4', now: later(1), days: 30 });

    const valid = await verify(later(30));
    expect(valid).toMatchObject({ manual: 1, unattested: 0, expired: 0, changes: [] });
    expect(valid.results[0]).toMatchObject({ state: 'manual', detail: 'attested by praman on 2024-08-02, valid until 2024-09-01', expired: false });

    const expired = await verify(later(31));
    expect(expired).toMatchObject({ manual: 1, expired: 1 });
    expect(expired.results[0]).toMatchObject({ detail: 'attestation by praman expired on 2024-09-01 (attested 2024-08-02): check it again and attest', expired: true });
    expect(formatVerifyReport(expired).split('\n')[0]).toBe(
      'EXPIRED   cutover-checklist  attestation by praman expired on 2024-09-01 (attested 2024-08-02): check it again and attest',
    );
    await verify(later(40)); // still expired: no new history

    const detail = safeguardDetail(database, 'cutover-checklist', { now: later(40) })!;
    expect(detail.attestation).toEqual({ by: 'praman', at: '2024-08-02T12:00:00Z', expiresAt: '2024-09-01T12:00:00Z', expired: true });
    expect(detail.history).toEqual([
      { at: '2024-09-01T12:00:00Z', state: 'manual', detail: 'attestation by praman expired on 2024-09-01 (attested 2024-08-02): check it again and attest' },
      { at: '2024-08-02T12:00:00Z', state: 'manual', detail: 'attested by praman on 2024-08-02, valid until 2024-09-01: TLS probe is step 4' },
      { at: '2024-08-01T12:00:00Z', state: 'manual', detail: 'not attested: it cannot be checked automatically, so a person who checked it attests it' },
    ]);

    attestSafeguard(database, 'cutover-checklist', { by: 'sokafor', now: later(41), days: 30 });
    expect(await verify(later(42))).toMatchObject({ expired: 0, unattested: 0 });
    expect(gh.github.requests).toEqual([]); // never asks GitHub
  });
});
