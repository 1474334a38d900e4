/**
 * Every kind of safeguard against the GitHub stand-in: verified when in place, missing when it never was,
 * drifted when it was and is gone or weaker than declared; history appended only when state or detail change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createSafeguard, safeguardByKey, type SafeguardRow } from '../../server/safeguards/store.ts';
import { verifySafeguards, type VerifyReport } from '../../server/safeguards/verify.ts';
import { gitHub, later, NOW, rows, type GitHubFixture } from './setup.ts';

const REPO = 'acme/web';
let database: Database;
let gh: GitHubFixture;
let clock = NOW;

beforeEach(async () => {
  database = openDatabase(':memory:');
  gh = await gitHub();
  gh.github.state.addRepo(REPO, { defaultBranch: 'main' });
  clock = NOW;
});
afterEach(async () => {
  await gh.close();
  database.close();
});

const create = (fields: Record<string, unknown>) => createSafeguard(database, { repo: REPO, ...fields }, { now: NOW });

/** Verifies `key` a day after the previous run; its row afterwards and the run's report. */
async function verify(key: string): Promise<{ row: SafeguardRow; report: VerifyReport }> {
  clock = later(1, clock);
  const report = await verifySafeguards(database, gh.client, { now: clock, keys: [key] });
  expect(report.errors).toEqual([]);
  return { row: safeguardByKey(database, key)!, report };
}

/** The state and detail after verifying `key`. */
async function state(key: string): Promise<[string, string | null]> {
  const { row } = await verify(key);
  return [row.state, row.stateDetail];
}

describe('status-check', () => {
  beforeEach(() => create({ id: 'ci', kind: 'status-check', branch: 'main', check: 'ci/build' }));

  it('is missing until the branch requires the check, verified then, drifted when the check is removed or the protection deleted', async () => {
    expect(await state('ci')).toEqual(['missing', 'branch main is not protected, so no status check is required']);
    gh.protection.protect(REPO, 'main', { requiredChecks: ['lint'] });
    expect(await state('ci')).toEqual(['missing', 'branch main does not require the status check ci/build (it requires lint)']);
    gh.protection.protect(REPO, 'main', { requiredChecks: ['lint', 'ci/build'] });
    const verified = await verify('ci');
    expect([verified.row.state, verified.row.stateDetail, verified.row.verifiedAt, verified.row.firstVerifiedAt]).toEqual([
      'verified',
      'branch main requires the status check ci/build',
      '2024-08-04T12:00:00Z',
      '2024-08-04T12:00:00Z',
    ]);
    expect(verified.report.changes).toEqual([{ key: 'ci', from: 'missing', to: 'verified', detail: 'branch main requires the status check ci/build' }]);
    gh.protection.protect(REPO, 'main', { requiredChecks: ['lint'] }); // weakened: the check no longer required
    expect(await state('ci')).toEqual(['drifted', 'branch main does not require the status check ci/build (it requires lint)']);
    gh.protection.protect(REPO, 'main', { requiredChecks: ['ci/build'] });
    expect(await state('ci')).toEqual(['verified', 'branch main requires the status check ci/build']);
    gh.protection.unprotect(REPO, 'main');
    const drifted = await verify('ci');
    expect([drifted.row.state, drifted.row.verifiedAt, drifted.row.firstVerifiedAt]).toEqual(['drifted', '2024-08-06T12:00:00Z', '2024-08-04T12:00:00Z']);
  });

  it('reads the default branch when none is declared, and a check listed only under checks[] counts', async () => {
    create({ id: 'default', kind: 'status-check', check: 'deploy/gate' });
    gh.github.route('GET', '/repos/:owner/:repo/branches/main/protection', () => ({
      status: 200,
      body: { url: 'x', required_status_checks: { url: 'x', strict: false, contexts: [], contexts_url: 'x', checks: [{ context: 'deploy/gate', app_id: 15368 }] } },
    }));
    expect(await state('default')).toEqual(['verified', 'branch main requires the status check deploy/gate']);
    expect(gh.github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/web', 'GET /repos/acme/web/branches/main/protection']);
  });

  it('appends history only when state or detail change, but records every check time', async () => {
    gh.protection.protect(REPO, 'main', { requiredChecks: ['ci/build'] });
    await verify('ci');
    await verify('ci');
    const { row } = await verify('ci');
    expect(row.checkedAt).toBe('2024-08-04T12:00:00Z');
    expect(row.updatedAt).toBe('2024-08-02T12:00:00Z');
    expect(rows(database, 'SELECT at, state, detail FROM safeguard_checks')).toEqual([
      { at: '2024-08-02T12:00:00Z', state: 'verified', detail: 'branch main requires the status check ci/build' },
    ]);
  });

  it('a repository or branch that does not exist is not in place; a 404 without "Branch not protected" cannot decide (no admin rights)', async () => {
    create({ id: 'gone', kind: 'status-check', repo: 'acme/deleted', check: 'ci' });
    create({ id: 'nobranch', kind: 'status-check', branch: 'release', check: 'ci' });
    expect(await state('gone')).toEqual(['missing', 'repository acme/deleted not found (deleted, renamed, or not visible to the token)']);
    expect(await state('nobranch')).toEqual(['missing', 'branch release does not exist in acme/web']);
    gh.protection.protect(REPO, 'main', { requiredChecks: ['ci/build'] });
    await verify('ci');
    gh.github.fail({ kind: 'status', status: 404, path: '/repos/:owner/:repo/branches/:branch/protection' });
    const report = await verifySafeguards(database, gh.client, { now: later(9), keys: ['ci'] });
    expect(report.errors).toEqual([
      { key: 'ci', message: 'GET /repos/acme/web/branches/main/protection: 404 Not Found (reading branch protection needs admin rights on the repository)' },
    ]);
    expect(safeguardByKey(database, 'ci')).toMatchObject({ state: 'verified', checkError: report.errors[0]!.message });
  });
});

describe('branch-protection', () => {
  beforeEach(() => create({ id: 'rules', kind: 'branch-protection', branch: 'main', reviews: 2, forcePushes: false, enforceAdmins: true, codeOwnerReviews: true }));

  it('is verified when every declared rule holds, drifted when one is weakened', async () => {
    expect(await state('rules')).toEqual(['missing', 'branch main is not protected']);
    gh.protection.protect(REPO, 'main', { requiredReviews: 2, enforceAdmins: true, codeOwnerReviews: true });
    expect(await state('rules')).toEqual([
      'verified',
      'branch main is protected: 2 approving reviews required, force pushes blocked, administrators included, code owner review required',
    ]);
    gh.protection.protect(REPO, 'main', { requiredReviews: 1, enforceAdmins: true, codeOwnerReviews: true, allowForcePushes: true });
    expect(await state('rules')).toEqual(['drifted', 'branch main is protected but requires 1 approving review, fewer than the 2 declared; allows force pushes']);
    gh.protection.protect(REPO, 'main', { requiredReviews: 3, enforceAdmins: true, codeOwnerReviews: true });
    expect(await state('rules')).toEqual([
      'verified',
      'branch main is protected: 3 approving reviews required, force pushes blocked, administrators included, code owner review required',
    ]);
    gh.protection.protect(REPO, 'main', { enforceAdmins: false });
    expect(await state('rules')).toEqual([
      'drifted',
      'branch main is protected but requires no approving reviews, fewer than the 2 declared; does not apply to administrators; does not require a code owner review',
    ]);
  });
});

describe('codeowners', () => {
  beforeEach(() => create({ id: 'owners', kind: 'codeowners', pattern: '/charts/', owners: ['@acme/platform'] }));

  it('reads the CODEOWNERS GitHub uses; the last rule for the pattern counts', async () => {
    expect(await state('owners')).toEqual(['missing', 'no CODEOWNERS file on the default branch (looked in .github/, the root and docs/)']);
    gh.protection.setFile(REPO, 'docs/CODEOWNERS', '# owners\n*       @acme/devs\n/charts/   @acme/platform @octocat # platform\n');
    expect(await state('owners')).toEqual(['verified', 'docs/CODEOWNERS on the default branch gives /charts/ to @acme/platform']);
    gh.protection.setFile(REPO, '.github/CODEOWNERS', '/charts/ @acme/platform\n/charts/ @octocat\n'); // found first; the later rule wins
    expect(await state('owners')).toEqual(['drifted', '.github/CODEOWNERS on the default branch gives /charts/ to @octocat, not @acme/platform']);
    gh.protection.setFile(REPO, '.github/CODEOWNERS', '/charts/ @ACME/Platform\n');
    expect(await state('owners')).toEqual(['verified', '.github/CODEOWNERS on the default branch gives /charts/ to @acme/platform']);
    gh.protection.setFile(REPO, '.github/CODEOWNERS', '/docs/ @acme/platform\n');
    expect(await state('owners')).toEqual(['drifted', '.github/CODEOWNERS on the default branch has no rule for /charts/']);
  });
});

describe('workflow', () => {
  const WORKFLOW = 'name: Smoke test\non:\n  deployment_status:\njobs:\n  smoke:\n    name: Log in and start a notebook\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./smoke.sh\n';
  beforeEach(() => create({ id: 'smoke', kind: 'workflow', path: 'smoke-test.yml', job: 'Log in and start a notebook' }));

  it('needs the file on the default branch, naming the job, and a last completed run there that succeeded', async () => {
    expect(await state('smoke')).toEqual(['missing', '.github/workflows/smoke-test.yml is not on main']);
    gh.protection.addWorkflow(REPO, 'smoke-test.yml', WORKFLOW);
    expect(await state('smoke')).toEqual(['missing', 'smoke-test.yml is on main but has not completed a run there yet']);
    gh.protection.addWorkflowRun(REPO, 'smoke-test.yml', { conclusion: 'success', created_at: '2024-07-30T10:00:00Z' });
    gh.protection.addWorkflowRun(REPO, 'smoke-test.yml', { branch: 'feature', conclusion: 'failure', created_at: '2024-07-31T10:00:00Z' });
    gh.protection.addWorkflowRun(REPO, 'smoke-test.yml', { status: 'in_progress', created_at: '2024-07-31T11:00:00Z' });
    expect(await state('smoke')).toEqual([
      'verified',
      '.github/workflows/smoke-test.yml is on main with job Log in and start a notebook and its last completed run there succeeded',
    ]);
    gh.protection.addWorkflowRun(REPO, 'smoke-test.yml', { conclusion: 'failure', created_at: '2024-07-31T12:00:00Z' });
    expect(await state('smoke')).toEqual(['drifted', 'the last completed run of smoke-test.yml on main concluded failure']);
    gh.protection.addWorkflowRun(REPO, 'smoke-test.yml', { conclusion: 'success', created_at: '2024-07-31T13:00:00Z' });
    gh.protection.setFile(REPO, '.github/workflows/smoke-test.yml', WORKFLOW.replace('Log in and start a notebook', 'Log in'));
    expect(await state('smoke')).toEqual(['drifted', '.github/workflows/smoke-test.yml on main has no job Log in and start a notebook (its jobs: smoke)']);
    gh.protection.removeFile(REPO, '.github/workflows/smoke-test.yml');
    expect(await state('smoke')).toEqual(['drifted', '.github/workflows/smoke-test.yml is not on main']);
  });

  it('asks GitHub for the newest completed run on the branch only', async () => {
    gh.protection.addWorkflow(REPO, 'smoke-test.yml', WORKFLOW);
    await verify('smoke');
    const runs = gh.github.requests.find((r) => r.path.endsWith('/runs'))!;
    expect(runs.path).toBe('/repos/acme/web/actions/workflows/smoke-test.yml/runs');
    expect(runs.query).toEqual({ branch: 'main', status: 'completed', per_page: '1' });
  });
});

describe('alert-rule', () => {
  beforeEach(() => create({ id: 'alert', kind: 'alert-rule', path: 'alerts/hub.rules.yml', alert: 'HubDown' }));

  it('needs the file on the default branch, defining the alert', async () => {
    expect(await state('alert')).toEqual(['missing', 'alerts/hub.rules.yml is not on the default branch']);
    gh.protection.setFile(REPO, 'alerts/hub.rules.yml', 'groups:\n  - name: hub\n    rules:\n      - alert: HubDown\n        expr: up == 0\n');
    expect(await state('alert')).toEqual(['verified', 'alerts/hub.rules.yml on the default branch defines the alert HubDown']);
    gh.protection.setFile(REPO, 'alerts/hub.rules.yml', 'groups:\n  - name: hub\n    rules:\n      - alert: HubDownForLong\n');
    expect(await state('alert')).toEqual(['drifted', 'alerts/hub.rules.yml on the default branch does not define the alert HubDown']);
    gh.protection.setFile(REPO, 'alerts/hub.rules.yml/nested.yml', 'x');
    gh.protection.removeFile(REPO, 'alerts/hub.rules.yml');
    expect(await state('alert')).toEqual(['drifted', 'alerts/hub.rules.yml is not on the default branch (is a folder, not a file)']);
  });

  it('reads the declared branch, and says so when it does not exist', async () => {
    create({ id: 'on-release', kind: 'alert-rule', branch: 'release', path: 'alerts/hub.rules.yml' });
    expect(await state('on-release')).toEqual(['missing', 'branch release does not exist in acme/web']);
    gh.protection.setFile(REPO, 'alerts/hub.rules.yml', 'x', { branch: 'release' });
    expect(await state('on-release')).toEqual(['verified', 'alerts/hub.rules.yml is on release']);
    expect(gh.github.requests.at(-1)!.query).toEqual({ ref: 'release' });
    expect(gh.github.requests.at(-1)!.headers.accept).toBe('application/vnd.github.v3.raw');
  });
});

describe('deploy-gate', () => {
  beforeEach(() => create({ id: 'gate', kind: 'deploy-gate', environment: 'production', reviewers: ['acme/sre'], waitMinutes: 5 }));

  it('needs the environment with the declared protection rules', async () => {
    expect(await state('gate')).toEqual(['missing', 'environment production does not exist in acme/web']);
    gh.protection.setEnvironment(REPO, 'production', { reviewers: ['acme/sre', 'octocat'], waitTimer: 10, branchPolicy: { protected_branches: true, custom_branch_policies: false } });
    expect(await state('gate')).toEqual(['verified', 'environment production requires review by acme/sre, octocat, a 10 minute wait, a branch policy']);
    gh.protection.setEnvironment(REPO, 'production', { reviewers: ['octocat'], waitTimer: 1 });
    expect(await state('gate')).toEqual(['drifted', 'environment production does not require review by acme/sre; waits 1 minute, less than the 5 declared']);
    gh.protection.setEnvironment(REPO, 'production', {});
    expect(await state('gate')).toEqual(['drifted', 'environment production has no protection rules (required reviewers, wait timer or branch policy)']);
  });
});

describe('runbook and other', () => {
  it('are manual: never checked on GitHub', async () => {
    create({ id: 'page', kind: 'runbook', url: 'https://wiki.acme.example/runbooks/cutover' });
    expect(await state('page')).toEqual(['manual', 'not attested: it cannot be checked automatically, so a person who checked it attests it']);
    expect(gh.github.requests).toEqual([]);
  });
});
