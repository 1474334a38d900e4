/**
 * `npm start` as a real process: configuration, database, ingest, watch and HTTP together, then a clean stop on
 * SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGeneratedPostmortems } from './helpers/generate-postmortems.ts';
import { addProtectionRoutes } from './helpers/github-standin-protection.ts';
import { startGitHubStandIn } from './helpers/github-standin.ts';
import { tempFolder, type TempFolder } from './helpers/temp-folder.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'server', 'main.ts');
const EXAMPLE_FILES = [
  '2018-01-25-datahub-accidental-prod-merge.md',
  '2023-11-28-checkout-blocked-by-broker-disk-alarm.md',
  '2024-03-12-api-dns-cutover-without-certificate.md',
  '2024-06-18-uploads-rejected-after-ingress-deploy.md',
];
/** `node --import tsx server/main.ts`: one process (the tsx binary would start a second one that SIGKILL leaves running). */
const NODE_ARGS = ['--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, MAIN];

let folder: TempFolder;
let child: ChildProcess | null = null;
beforeEach(() => {
  folder = tempFolder();
  // The four example reports by name, so a team's own files in postmortems/ do not change the counts below.
  for (const name of EXAMPLE_FILES) cpSync(join(ROOT, 'postmortems', name), join(folder.root, 'postmortems', name));
  cpSync(join(ROOT, 'postmortems', 'deployments.ndjson'), join(folder.root, 'postmortems', 'deployments.ndjson'));
  cpSync(join(ROOT, 'postmortems', 'safeguards.yml'), join(folder.root, 'postmortems', 'safeguards.yml'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  folder.cleanup();
});

interface Started {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `server/main.ts` in the temp folder and waits for the URL it prints. */
async function start(env: Record<string, string>): Promise<Started> {
  const process_ = spawn(process.execPath, NODE_ARGS, { cwd: folder.root, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = process_;
  let output = '';
  process_.stdout!.on('data', (chunk) => (output += String(chunk)));
  process_.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((done) => process_.on('exit', (code) => done(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /running at (http:\/\/\S+)/.exec(output);
    if (match) return { url: match[1]!, output: () => output, exited };
    if (process_.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('npm start (server/main.ts)', () => {
  it('creates the database, ingests the postmortems, serves the API, watches the folder and stops cleanly', async () => {
    const server = await start({ HINDSIGHT_DB: 'data/test.db' });
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.output()).toContain('read postmortems/ into data/test.db: 4 added');

    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const list = (await (await fetch(`${server.url}/api/incidents`)).json()) as { total: number; items: { slug: string }[] };
    expect(list.total).toBe(4);
    expect(list.items.map((item) => item.slug)).toContain('2018-01-25-datahub-accidental-prod-merge');

    expect(server.output()).toContain('safeguards from postmortems/safeguards.yml: 4 new, 0 changed, 0 unchanged, 0 archived');
    expect(server.output()).toContain('No GITHUB_TOKEN set: linked issues are not synced, issues cannot be created and safeguards are not checked.');
    // The example deployments come with the examples: the datahub picture is there on the first start.
    expect(server.output()).toContain('deployments from postmortems/deployments.ndjson: 22 rows: 22 new, 0 updated, 0 unchanged');
    const datahub = (await (await fetch(`${server.url}/api/incidents/2018-01-25-datahub-accidental-prod-merge/deployments`)).json()) as {
      suspect: { reason: string };
      recovery: { reason: string };
    };
    expect(datahub.suspect.reason).toBe('last deployment to production at or before the start (15:30 PST, as the timeline has it)');
    expect(datahub.recovery.reason).toBe('rollback to production between detection (16:11 PST) and mitigation (16:35 PST)');

    // A line added to the deployment file is imported while the server runs; a bad one is reported by line.
    folder.write(
      'postmortems/deployments.ndjson',
      `${readFileSync(join(ROOT, 'postmortems', 'deployments.ndjson'), 'utf8')}{"environment":"production","startedAt":"2025-01-01T09:55:00Z","version":"v9.9.9"}\n{"startedAt":"soon"}\n`,
    );
    const deployDeadline = Date.now() + 10_000;
    while (!server.output().includes('24 rows: 1 new, 0 updated, 22 unchanged, 1 bad')) {
      if (Date.now() > deployDeadline) throw new Error(`the deployment file change was not picked up:\n${server.output()}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(server.output()).toContain('postmortems/deployments.ndjson:24: environment: missing');

    folder.write('postmortems/2025-01-01-new.md', '# A new outage\n\nDate: 2025-01-01\n\n## Timeline (UTC)\n\n- 10:00 Alert fires\n');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await fetch(`${server.url}/api/incidents/2025-01-01-new`);
      if (response.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the new file was not picked up:\n${server.output()}`);
      await new Promise((done) => setTimeout(done, 100));
    }

    // A path that names nothing is reported, not silently skipped.
    const typo = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: ['2025-01-01-nwe.md', '2025-01-01-new.md'] }),
    });
    expect(await typo.json()).toMatchObject({
      failed: 1,
      unchanged: 1,
      failures: [{ file: '2025-01-01-nwe.md', error: 'not in postmortems/ (no such file, and no incident stored for it)' }],
    });

    child!.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: stopping');
    // Closed cleanly: the write-ahead log was checkpointed into the file and removed.
    expect(existsSync(join(folder.root, 'data/test.db-wal'))).toBe(false);
    const db = new BetterSqlite3(join(folder.root, 'data/test.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('select count(*) n from incidents').get() as { n: number }).n).toBe(5);
    } finally {
      db.close();
    }
  }, 60_000);

  it('with a GITHUB_TOKEN, syncs the linked issues and verifies the safeguards at start, and sees the drift later', async () => {
    const github = await startGitHubStandIn({ token: 'ghp_serve_test_token_01' });
    try {
      const protection = addProtectionRoutes(github);
      github.state.addRepo('example-org/datahub', { defaultBranch: 'staging' });
      protection.addBranch('example-org/datahub', 'prod');
      github.state.issues.add('example-org/datahub', { number: 12, assignees: ['lchen'] });
      github.state.issues.add('example-org/datahub', { number: 14, state: 'closed', state_reason: 'completed' });
      github.state.issues.add('example-org/datahub', { number: 15, milestone: { title: 'Monitoring', due_on: '2018-03-01T08:00:00Z' } });
      const put = await fetch(`${github.url}/repos/example-org/datahub/branches/prod/protection`, {
        method: 'PUT',
        headers: { authorization: 'token ghp_serve_test_token_01', 'content-type': 'application/json' },
        body: JSON.stringify({ required_status_checks: { strict: true, contexts: ['staging-hub-online'] }, enforce_admins: true, required_pull_request_reviews: null, restrictions: null }),
      });
      expect(put.status).toBe(200);

      const server = await start({
        HINDSIGHT_DB: 'data/test.db',
        HINDSIGHT_WATCH: 'false',
        GITHUB_TOKEN: 'ghp_serve_test_token_01',
        GITHUB_API_URL: github.url,
        HINDSIGHT_SYNC_MINUTES: '60',
      });
      const safeguard = async () =>
        (await (await fetch(`${server.url}/api/safeguards/datahub-prod-requires-staging-hub`)).json()) as { state: string; history: unknown[] };
      const deadline = Date.now() + 20_000;
      while ((await safeguard()).state !== 'verified') {
        if (Date.now() > deadline) throw new Error(`not verified at start:\n${server.output()}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      const detail = (await (await fetch(`${server.url}/api/incidents/2018-01-25-datahub-accidental-prod-merge`)).json()) as {
        actionItems: Array<{ text: string; status: string; statusSource: string; owner: string | null; ownerSource: string | null; due: string | null; dueSource: string | null; safeguards: Array<{ state: string }> }>;
      };
      const item = (start: string) => detail.actionItems.find((i) => i.text.startsWith(start))!;
      // #14 closed as completed: the item is done, from GitHub; its safeguard verified.
      expect(item('Block merges to production')).toMatchObject({ status: 'done', statusSource: 'github', safeguards: [{ state: 'verified' }] });
      // #15's milestone gives the due date the markdown does not.
      expect(item('Alert the on-call admin')).toMatchObject({ status: 'open', due: '2018-03-01', dueSource: 'github' });

      // Someone removes the protection; the next verification sees the drift.
      await fetch(`${github.url}/repos/example-org/datahub/branches/prod/protection`, { method: 'DELETE', headers: { authorization: 'token ghp_serve_test_token_01' } });
      const verified = await fetch(`${server.url}/api/safeguards/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(verified.status).toBe(200);
      expect((await safeguard()).state).toBe('drifted');
      child!.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await github.close();
    }
  }, 60_000);

  it('stops on SIGINT too, and keeps the data for the next start', async () => {
    const first = await start({ HINDSIGHT_DB: 'data/test.db', HINDSIGHT_WATCH: 'false' });
    child!.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const second = await start({ HINDSIGHT_DB: 'data/test.db', HINDSIGHT_WATCH: 'false' });
    expect(second.output()).toContain('0 added, 0 changed, 4 unchanged');
    child!.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('stops cleanly when signalled during a long first ingest, keeping what was stored', async () => {
    writeGeneratedPostmortems(join(folder.root, 'postmortems', 'generated'), 2000);
    const process_ = spawn(process.execPath, NODE_ARGS, {
      cwd: folder.root,
      env: { ...process.env, PORT: '0', HINDSIGHT_DB: 'data/test.db' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process_;
    let output = '';
    process_.stdout.on('data', (chunk) => (output += String(chunk)));
    process_.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise((done) => process_.on('exit', done));
    const stored = () => {
      try {
        const db = new BetterSqlite3(join(folder.root, 'data/test.db'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('select count(*) n from incidents').get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const deadline = Date.now() + 30_000;
    while (stored() === 0) {
      if (Date.now() > deadline || process_.exitCode !== null) throw new Error(`the ingest never started:\n${output}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    process_.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: stopping');
    expect(output).not.toContain('running at');
    const db = new BetterSqlite3(join(folder.root, 'data/test.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (db.prepare('select count(*) n from incidents').get() as { n: number }).n;
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(2004);
    } finally {
      db.close();
    }
  }, 60_000);

  it('reports every configuration problem at once and exits 2', async () => {
    const process_ = spawn(process.execPath, NODE_ARGS, {
      cwd: folder.root,
      env: { ...process.env, PORT: 'eighty', HINDSIGHT_TIMEZONE: 'Mars/Base', HINDSIGHT_REPO: 'nope' },
    });
    let stderr = '';
    process_.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise((done) => process_.on('exit', done));
    expect(code).toBe(2);
    expect(stderr).toContain('PORT: "eighty" is not a port');
    expect(stderr).toContain('HINDSIGHT_TIMEZONE: "Mars/Base" is not a time zone');
    expect(stderr).toContain('HINDSIGHT_REPO: "nope" is not a repository');
  }, 30_000);

  it('says so when the port is taken', async () => {
    const first = await start({ HINDSIGHT_DB: 'data/a.db', HINDSIGHT_WATCH: 'false' });
    const port = new URL(first.url).port;
    const process_ = spawn(process.execPath, NODE_ARGS, { cwd: folder.root, env: { ...process.env, PORT: port, HINDSIGHT_DB: 'data/b.db', HINDSIGHT_WATCH: 'false' } });
    let stderr = '';
    process_.stderr.on('data', (chunk) => (stderr += String(chunk)));
    expect(await new Promise((done) => process_.on('exit', done))).toBe(2);
    expect(stderr).toContain(`cannot listen on localhost:${port} (EADDRINUSE); set PORT or HOST`);
  }, 60_000);
});
