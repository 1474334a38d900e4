/**
 * `hindsight verify` in-process, against the GitHub stand-in, over a copy of the repository's example
 * postmortems and `safeguards.yml`: what it prints, and its exit codes (0 all well, 1 drift, or with `--strict`
 * anything not verified, 2 configuration, database or file problems).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../server/github/client.ts';
import { runCli, type CliIo } from '../../server/cli/program.ts';
import { registerVerify, runVerify, type VerifyCliOptions } from '../../server/cli/verify.ts';
import { addProtectionRoutes, type ProtectionState } from '../helpers/github-standin-protection.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const EXAMPLES = new URL('../../postmortems/', import.meta.url);
const KEY = 'datahub-prod-requires-staging-hub';

let folder: TempFolder;
let github: GitHubStandIn;
let protection: ProtectionState;
let env: Record<string, string>;

beforeEach(async () => {
  const files: Record<string, string> = {};
  for (const name of readdirSync(EXAMPLES)) if (name.endsWith('.md') || name === 'safeguards.yml') files[`postmortems/${name}`] = readFileSync(new URL(name, EXAMPLES), 'utf8');
  folder = tempFolder(files);
  github = await startGitHubStandIn();
  protection = addProtectionRoutes(github);
  github.state.addRepo('example-org/datahub', { defaultBranch: 'main' });
  protection.protect('example-org/datahub', 'prod', { requiredChecks: ['staging-hub-online'] });
  env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_standin_token_0001' };
});
afterEach(async () => {
  await github.close();
  folder.cleanup();
});

function io(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: folder.root, env, out: () => stdout, err: () => stderr };
}

async function verify(argv: string[] = []) {
  const capture = io();
  const code = await runCli([registerVerify], ['verify', '--no-progress', ...argv], capture);
  return { code, stdout: capture.out(), stderr: capture.err() };
}

describe('hindsight verify', () => {
  it('exits 0 while the datahub check is required, printing each safeguard and a summary', async () => {
    const run = await verify();
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'postmortems/safeguards.yml: 4 safeguards: 4 new, 0 updated, 0 unchanged, 0 archived; 4 links added, 0 removed',
      'MISSING   datahub-prod-hub-health-alert      deploy/alerts/hub-health.rules.yml is not on the default branch',
      'verified  datahub-prod-requires-staging-hub  branch prod requires the status check staging-hub-online',
      'MISSING   datahub-staging-smoke-test         .github/workflows/smoke-test.yml is not on main',
      'manual    dns-cutover-tls-probe-checklist    not attested: it cannot be checked automatically, so a person who checked it attests it',
      '4 safeguards: 1 verified, 0 drifted, 2 missing, 1 manual (0 expired, 1 not attested); changed: datahub-prod-hub-health-alert unknown → missing, ' +
        'datahub-prod-requires-staging-hub unknown → verified, datahub-staging-smoke-test unknown → missing, dns-cutover-tls-probe-checklist unknown → manual; 4 requests',
      '',
    ]);
    expect(run.code).toBe(0);
  });

  it('exits 1 once the protection is removed (drifted), and 0 again when it is back', async () => {
    expect((await verify()).code).toBe(0);
    protection.unprotect('example-org/datahub', 'prod');
    const drifted = await verify();
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain(`DRIFTED   ${KEY}  branch prod is not protected, so no status check is required\n`);
    expect(drifted.stdout).toMatch(/1 drifted.*changed: datahub-prod-requires-staging-hub verified → drifted;/);
    expect((await verify()).code).toBe(1); // still drifted
    protection.protect('example-org/datahub', 'prod', { requiredChecks: ['staging-hub-online'] });
    expect((await verify()).code).toBe(0);
  });

  it('--strict exits 1 for missing safeguards and a runbook nobody attested, and 0 when everything is in place', async () => {
    expect((await verify(['--strict'])).code).toBe(1);
    protection.addWorkflow('example-org/datahub', 'smoke-test.yml', 'on: deployment_status\njobs:\n  login-and-start-notebook:\n    runs-on: ubuntu-latest\n    steps: []\n');
    protection.addWorkflowRun('example-org/datahub', 'smoke-test.yml', { conclusion: 'success' });
    protection.setFile('example-org/datahub', 'deploy/alerts/hub-health.rules.yml', 'groups:\n  - name: hub\n    rules:\n      - alert: DatahubProdHubDown\n');
    expect((await verify(['--strict'])).code).toBe(1); // the runbook is not attested
    // An attestation, as the API would record it, is all that is missing.
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const db = new BetterSqlite3(join(folder.root, 'data/hindsight.db'));
    db.prepare("UPDATE safeguards SET attested_by = 'praman', attested_at = ?, attestation_expires_at = ? WHERE key = 'dns-cutover-tls-probe-checklist'")
      .run(new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString());
    db.close();
    const strict = await verify(['--strict']);
    expect(strict.stdout).toMatch(/4 safeguards: 3 verified, 0 drifted, 0 missing, 1 manual \(0 expired, 0 not attested\)/);
    expect(strict.code).toBe(0);
  });

  it('--json prints the load and the report as one JSON document', async () => {
    const run = await verify(['--json']);
    const result = JSON.parse(run.stdout) as { file: string; load: { created: number }; report: { verified: number; results: { key: string; state: string }[] } };
    expect(result.file).toBe('postmortems/safeguards.yml');
    expect(result.load.created).toBe(4);
    expect(result.report.verified).toBe(1);
    expect(result.report.results.find((r) => r.key === KEY)!.state).toBe('verified');
    expect(run.code).toBe(0);
  });

  it('exits 2 for problems in the file, listed as file:line, after verifying the good entries', async () => {
    folder.write('postmortems/safeguards.yml', `${readFileSync(new URL('safeguards.yml', EXAMPLES), 'utf8')}  - id: broken\n    kind: status-check\n    repo: example-org/datahub\n`);
    const run = await verify();
    expect(run.stderr).toBe(
      'postmortems/safeguards.yml:52: safeguard "broken": check: missing: a status-check safeguard needs the status check name, as GitHub shows it under the pull request\n',
    );
    expect(run.stdout).toContain(`verified  ${KEY}`);
    expect(run.code).toBe(2);
  });

  it('exits 1 when nothing could be checked on GitHub (a refused token would keep a scheduled job green), saying why', async () => {
    const refusing = await startGitHubStandIn({ token: 'the-right-token-000' });
    try {
      env = { GITHUB_API_URL: refusing.url, GITHUB_TOKEN: 'a-wrong-token-00000' };
      const run = await verify();
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/hindsight verify: nothing could be checked on GitHub \(.*401.*\): is GITHUB_TOKEN set and allowed to read these repositories\?/);
    } finally {
      await refusing.close();
    }
  });

  it('exits 2 for a bad configuration or a database it cannot open', async () => {
    env.GITHUB_API_URL = 'not a url';
    const config = await verify();
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('GITHUB_API_URL: "not a url" is not an http(s) URL');
    env.GITHUB_API_URL = github.url;
    folder.write('data/a-folder/x', '');
    const database = await verify(['--db', 'data/a-folder']);
    expect(database.code).toBe(2);
    expect(database.stderr).toMatch(/^hindsight verify: \S+\/data\/a-folder: cannot open the database/);
    env.HINDSIGHT_SAFEGUARDS = 'nowhere.yml';
    expect((await verify()).code).toBe(2);
  });

  it('reports a check GitHub failed on stderr and keeps the state: exit 0, or 1 with --strict', async () => {
    const options: VerifyCliOptions = { progress: false };
    const fast = { createClient: () => createGitHubClient({ baseUrl: github.url, token: 'x', retries: 1, retryAfterBaseMs: 1, spaceWrites: false }) };
    const first = io();
    expect(await runVerify(options, first, fast)).toBe(0);
    github.fail({ kind: 'status', status: 502, path: '/repos/:owner/:repo/branches/:branch/protection', times: Infinity });
    const failing = io();
    expect(await runVerify(options, failing, fast)).toBe(0);
    expect(failing.err()).toBe(`${KEY}: GET /repos/example-org/datahub/branches/prod/protection: 502 Bad Gateway\n`);
    expect(failing.out()).toContain(
      `verified  ${KEY}  branch prod requires the status check staging-hub-online; not checked now: GET /repos/example-org/datahub/branches/prod/protection: 502 Bad Gateway\n`,
    );
    expect(await runVerify({ ...options, strict: true }, io(), fast)).toBe(1);
  });
});
