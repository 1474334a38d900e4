/**
 * The model case: the example datahub incident's action item "Block merges to production when the staging hub is
 * not online" is implemented by a required status check on the `prod` branch (`postmortems/safeguards.yml`). With
 * the repository's real postmortems and safeguards file, against the GitHub stand-in: verified while `prod`'s
 * protection requires `staging-hub-online`, drifted once the protection is removed, and the drift shows on the
 * action item, the incident and the Safeguards list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { listSafeguards, safeguardDetail, safeguardsOfIncident, safeguardsOfItem } from '../../server/safeguards/queries.ts';
import { refreshSafeguards } from '../../server/safeguards/refresh.ts';
import { DATAHUB, DATAHUB_ITEM, EXAMPLE_SAFEGUARDS, exampleDatabase, gitHub, itemId, later, NOW, type GitHubFixture } from './setup.ts';

const KEY = 'datahub-prod-requires-staging-hub';
const FILE = 'postmortems/safeguards.yml';
let database: Database;
let gh: GitHubFixture;

beforeEach(async () => {
  database = await exampleDatabase();
  gh = await gitHub();
  gh.github.state.addRepo('example-org/datahub', { defaultBranch: 'staging' });
  gh.protection.addBranch('example-org/datahub', 'prod');
});
afterEach(async () => {
  await gh.close();
  database.close();
});

const refresh = (now: Date) => refreshSafeguards(database, gh.client, { file: EXAMPLE_SAFEGUARDS, shownAs: FILE, now });

/** What an administrator does on GitHub: protect `prod`, requiring the staging hub's check (the API call, not the state). */
async function requireStagingCheck() {
  const response = await gh.client.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', {
    owner: 'example-org',
    repo: 'datahub',
    branch: 'prod',
    required_status_checks: { strict: true, contexts: ['staging-hub-online'] },
    enforce_admins: true,
    required_pull_request_reviews: null,
    restrictions: null,
  });
  expect(response.status).toBe(200);
}

describe('the datahub merge to production', () => {
  it('is verified while prod requires staging-hub-online, and drifted once the protection is removed, visible on the item and the incident', async () => {
    await requireStagingCheck();
    const first = await refresh(NOW);
    expect(first.load).toMatchObject({ created: 4, linked: 4, problems: [] });
    expect(first.report.results.find((r) => r.key === KEY)).toEqual({
      key: KEY,
      kind: 'status-check',
      state: 'verified',
      detail: 'branch prod requires the status check staging-hub-online',
      error: null,
      expired: false,
    });

    const item = itemId(database, DATAHUB, 'Block merges to production');
    expect(safeguardsOfItem(database, item, NOW)).toEqual([
      {
        key: KEY,
        kind: 'status-check',
        description: "Merges to prod need the staging hub's health probe to pass.",
        state: 'verified',
        stateDetail: 'branch prod requires the status check staging-hub-online',
        checkError: null,
        checkedAt: '2024-08-01T12:00:00Z',
        expired: false,
        attestedUntil: null,
        source: 'file',
      },
    ]);

    const removed = await gh.client.request('DELETE /repos/{owner}/{repo}/branches/{branch}/protection', { owner: 'example-org', repo: 'datahub', branch: 'prod' });
    expect(removed.status).toBe(204);
    const second = await refresh(later(1));
    expect(second.load).toMatchObject({ created: 0, unchanged: 4, linked: 0 });
    expect(second.report.drifted).toBe(1);
    expect(second.report.changes).toEqual([{ key: KEY, from: 'verified', to: 'drifted', detail: 'branch prod is not protected, so no status check is required' }]);

    expect(safeguardsOfItem(database, item, later(1))).toMatchObject([{ key: KEY, state: 'drifted', stateDetail: 'branch prod is not protected, so no status check is required' }]);
    const incident = safeguardsOfIncident(database, DATAHUB, later(1))!;
    expect(incident.drifted).toBe(true);
    expect(incident.items.find((i) => i.itemId === item)).toMatchObject({ text: DATAHUB_ITEM, safeguards: [{ key: KEY, state: 'drifted' }] });
    expect(incident.counts).toEqual({ unknown: 0, verified: 0, drifted: 1, missing: 2, manual: 0 });

    const drifted = listSafeguards(database, { state: 'drifted', now: later(1) });
    expect(drifted.items.map((s) => [s.key, s.items.map((i) => [i.incident.slug, i.text])])).toEqual([[KEY, [[DATAHUB, DATAHUB_ITEM]]]]);
    expect(safeguardDetail(database, KEY, { now: later(1) })!.history).toEqual([
      { at: '2024-08-02T12:00:00Z', state: 'drifted', detail: 'branch prod is not protected, so no status check is required' },
      { at: '2024-08-01T12:00:00Z', state: 'verified', detail: 'branch prod requires the status check staging-hub-online' },
    ]);

    await requireStagingCheck(); // fixed again
    expect((await refresh(later(2))).report.changes).toEqual([{ key: KEY, from: 'drifted', to: 'verified', detail: 'branch prod requires the status check staging-hub-online' }]);
  });

  it('is missing, not drifted, when prod was never protected; the other example safeguards are reported too', async () => {
    const { report } = await refresh(NOW);
    expect(report.results.map((r) => [r.key, r.state, r.detail])).toEqual([
      ['datahub-prod-hub-health-alert', 'missing', 'deploy/alerts/hub-health.rules.yml is not on the default branch'],
      ['datahub-prod-requires-staging-hub', 'missing', 'branch prod is not protected, so no status check is required'],
      ['datahub-staging-smoke-test', 'missing', '.github/workflows/smoke-test.yml is not on staging'],
      ['dns-cutover-tls-probe-checklist', 'manual', 'not attested: it cannot be checked automatically, so a person who checked it attests it'],
    ]);
    expect(report).toMatchObject({ checked: 4, verified: 0, drifted: 0, missing: 3, manual: 1, unattested: 1, errors: [] });
  });
});
