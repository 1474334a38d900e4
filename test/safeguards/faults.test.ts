/**
 * GitHub failing while safeguards are verified (the stand-in's fault injection): 5xx after retries, a server that
 * never answers or stalls mid-body, primary and secondary rate limits (403 and 429), a body that is not JSON, a
 * rejected token. Each time: the check records why it could not decide, the state and its history stay as they
 * were, the failure is in the report, and the other safeguards are still checked. Nothing lost, nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createSafeguard, safeguardByKey } from '../../server/safeguards/store.ts';
import { verifySafeguards } from '../../server/safeguards/verify.ts';
import type { Fault } from '../helpers/github-standin.ts';
import { gitHub, later, NOW, rows, type GitHubFixture } from './setup.ts';

const REPO = 'example-org/datahub';
const PROTECTION = '/repos/:owner/:repo/branches/:branch/protection';
let database: Database;
let gh: GitHubFixture;

beforeEach(async () => {
  database = openDatabase(':memory:');
  gh = await gitHub();
  gh.protection.protect(REPO, 'prod', { requiredChecks: ['staging-hub-online'] });
  gh.protection.setFile(REPO, 'alerts/hub.rules.yml', '- alert: DatahubProdHubDown\n');
  createSafeguard(database, { id: 'prod-check', kind: 'status-check', repo: REPO, branch: 'prod', check: 'staging-hub-online' }, { now: NOW });
  createSafeguard(database, { id: 'hub-alert', kind: 'alert-rule', repo: REPO, path: 'alerts/hub.rules.yml', alert: 'DatahubProdHubDown' }, { now: NOW });
  const first = await verifySafeguards(database, gh.client, { now: NOW });
  expect(first).toMatchObject({ verified: 2, errors: [] });
});
afterEach(async () => {
  await gh.close();
  database.close();
});

/** What a failed check of `key` must not change: its state, detail, times found in place, and history. */
const snapshot = (key = 'prod-check') => ({
  state: rows(database, 'SELECT state, state_detail, verified_at, first_verified_at, updated_at FROM safeguards WHERE key = ?', key),
  history: rows(database, 'SELECT c.* FROM safeguard_checks c JOIN safeguards s ON s.id = c.safeguard_id WHERE s.key = ? ORDER BY c.id', key),
});

const FAULTS: Array<[string, Fault, RegExp]> = [
  ['a 500 after the retries', { kind: 'status', status: 500 }, /^GET \/repos\/example-org\/datahub\/branches\/prod\/protection: 500 Server Error$/],
  ['a 502', { kind: 'status', status: 502, message: 'Bad Gateway' }, /: 502 Bad Gateway$/],
  ['no answer (timeout)', { kind: 'hang' }, /: timed out after 400 ms$/],
  ['a body that stalls (timeout)', { kind: 'hang-body' }, /: timed out after 400 ms$/],
  ['malformed JSON', { kind: 'malformed-json' }, /: malformed JSON from the server$/],
  ['a primary rate limit (403)', { kind: 'primary-rate-limit', resetInSeconds: 30 }, /: rate limit exceeded \(resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/],
  ['a primary rate limit (429)', { kind: 'primary-rate-limit', status: 429, resetInSeconds: 30 }, /: rate limit exceeded \(resets at /],
  ['a secondary rate limit (403)', { kind: 'secondary-rate-limit', retryAfterSeconds: 5 }, /: secondary rate limit exceeded \(retry after 5 s\)$/],
  ['a secondary rate limit (429)', { kind: 'secondary-rate-limit', status: 429, retryAfterSeconds: 5 }, /: secondary rate limit exceeded \(retry after 5 s\)$/],
  ['a rejected token (401)', { kind: 'status', status: 401, message: 'Bad credentials' }, /: 401 Bad credentials$/],
  ['no permission (403)', { kind: 'status', status: 403, message: 'Resource not accessible by integration' }, /: 403 Resource not accessible by integration$/],
];

describe('a failing read of the branch protection', () => {
  it.each(FAULTS)('%s: check_error recorded, state and history kept, reported, the other safeguard still checked', async (_name, fault, message) => {
    const before = snapshot();
    const handle = gh.github.fail({ ...fault, path: PROTECTION, times: Infinity });
    const report = await verifySafeguards(database, gh.client, { now: later(1) });
    expect(handle.hits).toBeGreaterThan(0);
    expect(report.errors).toEqual([{ key: 'prod-check', message: expect.stringMatching(message) as unknown as string }]);
    expect(report.results.find((r) => r.key === 'prod-check')).toMatchObject({ state: 'verified', error: report.errors[0]!.message });
    expect(report).toMatchObject({ checked: 2, verified: 2, drifted: 0, missing: 0, changes: [] });
    expect(snapshot()).toEqual(before);
    expect(safeguardByKey(database, 'prod-check')).toMatchObject({ checkedAt: '2024-08-02T12:00:00Z', checkError: report.errors[0]!.message });
    // hub-alert comes first (key order), so even a rate limit leaves it checked.
    expect(safeguardByKey(database, 'hub-alert')).toMatchObject({ checkedAt: '2024-08-02T12:00:00Z', checkError: null, state: 'verified' });
  });
});

describe('every failure leaves the state as it was, whatever the state', () => {
  it('a drifted safeguard stays drifted while GitHub fails, and the next good check clears the error', async () => {
    gh.protection.unprotect(REPO, 'prod');
    await verifySafeguards(database, gh.client, { now: later(1) });
    expect(safeguardByKey(database, 'prod-check')).toMatchObject({ state: 'drifted', checkError: null });
    const before = snapshot();
    const handle = gh.github.fail({ kind: 'status', status: 503, path: PROTECTION, times: 2 });
    const failed = await verifySafeguards(database, gh.client, { now: later(2) });
    expect(handle.hits).toBe(2); // the first attempt and one retry
    expect(failed).toMatchObject({ drifted: 1, errors: [{ key: 'prod-check', message: 'GET /repos/example-org/datahub/branches/prod/protection: 503 Service Unavailable' }] });
    expect(snapshot()).toEqual(before);
    await verifySafeguards(database, gh.client, { now: later(3) });
    expect(safeguardByKey(database, 'prod-check')).toMatchObject({ state: 'drifted', checkError: null, checkedAt: '2024-08-04T12:00:00Z' });
  });

  it('a failure that a retry cures is no failure', async () => {
    gh.github.fail({ kind: 'status', status: 500, path: PROTECTION, times: 1 });
    const report = await verifySafeguards(database, gh.client, { now: later(1) });
    expect(report).toMatchObject({ verified: 2, errors: [] });
    expect(gh.log.some((line) => line.includes('500'))).toBe(true);
  });

  it('malformed JSON while reading a file is reported the same way', async () => {
    gh.github.fail({ kind: 'malformed-json', path: '/repos/:owner/:repo/contents/*', times: Infinity });
    const report = await verifySafeguards(database, gh.client, { now: later(1) });
    expect(report.errors).toEqual([{ key: 'hub-alert', message: 'GET /repos/example-org/datahub/contents/alerts%2Fhub.rules.yml: malformed JSON from the server' }]);
    expect(safeguardByKey(database, 'hub-alert')).toMatchObject({ state: 'verified', checkError: report.errors[0]!.message });
  });
});

describe('a rate limit the client could not wait out', () => {
  it('stops the run from sending more requests: the remaining safeguards are reported as not checked, with the reason', async () => {
    createSafeguard(database, { id: 'z-later', kind: 'status-check', repo: REPO, branch: 'main', check: 'ci' }, { now: NOW });
    gh.github.fail({ kind: 'primary-rate-limit', resetInSeconds: 3600, path: '/repos/*', times: Infinity });
    const sent = gh.github.requests.length;
    const report = await verifySafeguards(database, gh.client, { now: later(1) });
    // hub-alert is checked first (key order) and hits the limit; the client gives up at once (3600 s > 60 s).
    expect(gh.github.requests.length - sent).toBe(1);
    expect(report.requests).toBe(1);
    expect(report.errors.map((e) => e.key)).toEqual(['hub-alert', 'prod-check', 'z-later']);
    expect(report.errors[0]!.message).toMatch(/^GET \/repos\/example-org\/datahub\/contents\/alerts%2Fhub\.rules\.yml: rate limit exceeded \(resets at /);
    expect(report.errors[1]!.message).toBe(`not checked: ${report.errors[0]!.message}`);
    expect(rows(database, 'SELECT key, state, check_error IS NOT NULL AS failed FROM safeguards ORDER BY key')).toEqual([
      { key: 'hub-alert', state: 'verified', failed: 1 },
      { key: 'prod-check', state: 'verified', failed: 1 },
      { key: 'z-later', state: 'unknown', failed: 1 },
    ]);
    expect(report.unknown).toBe(1);
  });
});
