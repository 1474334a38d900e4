/**
 * The deployment benchmarks of `npm run bench`: importing 100,000 deployment events from an NDJSON export
 * (target: under 10 s) against reading and inserting the same rows with no checks (JSON.parse + one prepared
 * insert each, in one transaction); and correlating 10,000 incidents against them (target: under 2 s) against
 * only reading what correlation reads (the incidents, their deploy entries, the deployments of every window in
 * one index range scan). Both in the same run, so the ratios say what the checking and the correlation cost on
 * this machine.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { correlationDeploymentsBetween, correlationIncidents, deployEntries } from '../../server/db/queries/deployment-correlation.ts';
import { importDeploymentFile } from '../../server/deploys/import-file.ts';
import { DeploymentCorrelator } from '../../server/deploys/incident-deployments.ts';
import { garbageCollector, median } from './measure.ts';

export interface DeployBenchResult {
  events: number;
  megabytes: number;
  baselineImportMs: number;
  importMs: number;
  importRatio: number;
  importOk: boolean;
  incidents: number;
  /** Rows the baseline read: incidents, deploy entries, deployments. */
  rowsRead: number;
  baselineCorrelateMs: number;
  correlateMs: number;
  correlateRatio: number;
  correlateOk: boolean;
  suspects: number;
  recoveries: number;
}

const ENVIRONMENTS = ['production', 'staging', 'production-eu', 'canary'];
const SERVICES = ['api', 'web', 'worker', 'billing', 'search', 'auth', 'mobile-gateway', 'ingest'];
const START = Date.parse('2021-01-01T00:00:00Z');
/** 100,000 deployments over five years: about 55 a day across environments and services. */
const SPAN_MS = 5 * 365 * 86_400_000;

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `count` deployment events as NDJSON; returns the bytes written. */
export function writeDeploymentExport(path: string, count: number): number {
  const next = random(42);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = new Date(START + Math.floor((i / count) * SPAN_MS + next() * 600_000)).toISOString().replace('.000Z', 'Z');
    const sha = (i * 2654435761 + 0x1234567).toString(16).padStart(8, '0').slice(-8) + (i * 40503).toString(16).padStart(32, '0').slice(-32);
    lines.push(
      JSON.stringify({
        key: `bench-${i}`,
        environment: ENVIRONMENTS[Math.floor(next() * ENVIRONMENTS.length)],
        service: SERVICES[Math.floor(next() * SERVICES.length)],
        repo: 'example-org/monorepo',
        ref: 'main',
        sha,
        pullNumber: 1000 + i,
        version: `v${Math.floor(i / 1000)}.${i % 1000}.0`,
        kind: next() < 0.03 ? 'rollback' : 'deploy',
        status: next() < 0.05 ? 'failure' : 'success',
        startedAt: at,
        actor: `dev${i % 97}`,
        url: `https://ci.example.com/runs/${i}`,
        description: `Deploy ${SERVICES[i % SERVICES.length]} build ${i}`,
      }),
    );
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

/** The baseline: every line JSON.parsed and inserted as it is, one prepared statement, one transaction. */
function rawInsert(database: Database, path: string): number {
  const insert = database.sqlite.prepare(
    `insert into deployments (idempotency_key, environment, service, repo, ref, sha, pull_number, version, kind, status, started_at, actor, url, description, source)
     values (@key, @environment, @service, @repo, @ref, @sha, @pullNumber, @version, @kind, @status, @startedAt, @actor, @url, @description, 'file')`,
  );
  let count = 0;
  database.sqlite.transaction(() => {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line === '') continue;
      insert.run(JSON.parse(line));
      count += 1;
    }
  })();
  return count;
}

/** Stores `count` incidents spread over the deployments' five years, each with two deploy entries and milestones. */
export function seedIncidents(database: Database, count: number): void {
  const next = random(7);
  const insertIncident = database.sqlite.prepare(
    `insert into incidents (slug, source_path, title, date, timezone, milestones, parsed, markdown, file_hash, updated_at,
       started_at, detected_at, mitigated_at)
     values (?, ?, ?, ?, 'UTC', ?, '{"metadata":{}}', ?, ?, '2026-01-01T00:00:00Z', ?, ?, ?)`,
  );
  const insertEntry = database.sqlite.prepare(
    `insert into timeline_entries (incident_id, position, date, time, at, timezone, approximate, text, kind, line)
     values (?, ?, ?, ?, ?, 'UTC', 0, ?, ?, ?)`,
  );
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  database.sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const start = START + 86_400_000 + Math.floor(next() * (SPAN_MS - 2 * 86_400_000));
      const detected = start + 600_000 + Math.floor(next() * 1_800_000);
      const mitigated = detected + 900_000 + Math.floor(next() * 3_600_000);
      const milestone = (at: number, line: number) => ({ date: iso(at).slice(0, 10), time: iso(at).slice(11, 16), at: iso(at), line, source: 'inferred' });
      const milestones = { started: milestone(start, 10), detected: milestone(detected, 11), declared: null, mitigated: milestone(mitigated, 12), resolved: null };
      const markdown = `# Incident ${i}\n\n## Timeline\n\n- ${iso(start).slice(11, 16)} Deployed v${Math.floor(i / 100)}.${i % 1000}.0 to production\n- alert\n- ${iso(mitigated).slice(11, 16)} Rolled back\n`;
      const id = Number(insertIncident.run(`incident-${i}`, `incident-${i}.md`, `Incident ${i}`, iso(start).slice(0, 10), JSON.stringify(milestones), markdown, `hash-${i}`, iso(start), iso(detected), iso(mitigated)).lastInsertRowid);
      insertEntry.run(id, 0, iso(start).slice(0, 10), iso(start).slice(11, 16), iso(start), `Deployed v${Math.floor(i / 100)}.${i % 1000}.0 to production`, 'deploy', 5);
      insertEntry.run(id, 1, iso(mitigated).slice(0, 10), iso(mitigated).slice(11, 16), iso(mitigated), 'Rolled back to the previous version', 'rollback', 7);
    }
  })();
}

/** Runs both benchmarks in `workDir`, `rounds` alternating rounds each, medians. */
export async function runDeployBench(workDir: string, options: { events: number; incidents: number; rounds: number }): Promise<DeployBenchResult> {
  const gc = garbageCollector();
  const exportFile = join(workDir, 'deployments.ndjson');
  const bytes = writeDeploymentExport(exportFile, options.events);

  const baselineImports: number[] = [];
  const imports: number[] = [];
  let last: Database | null = null;
  for (let round = 0; round < options.rounds; round += 1) {
    const raw = openDatabase(join(workDir, `raw-${round}.db`));
    gc?.();
    let start = performance.now();
    rawInsert(raw, exportFile);
    baselineImports.push(performance.now() - start);
    raw.close();

    last?.close();
    const database = openDatabase(join(workDir, `import-${round}.db`));
    gc?.();
    start = performance.now();
    const result = await importDeploymentFile(database, exportFile, { now: new Date() });
    imports.push(performance.now() - start);
    if (result.errors.length > 0 || result.created !== options.events) throw new Error(`import went wrong: ${result.errors[0] ?? result.created}`);
    last = database;
  }

  const database = last!;
  seedIncidents(database, options.incidents);
  const windows = new DeploymentCorrelator(database)
    .all()
    .map(({ correlation }) => correlation?.window)
    .filter((w): w is { from: string; to: string } => w !== undefined);
  const from = windows.reduce((min, w) => (w.from < min ? w.from : min), '9999');
  const to = windows.reduce((max, w) => (w.to > max ? w.to : max), '0000');
  const baselines: number[] = [];
  const correlations: number[] = [];
  let windowRows = 0;
  let suspects = 0;
  let recoveries = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    gc?.();
    let start = performance.now();
    windowRows = correlationIncidents(database).length + deployEntries(database, null).length + correlationDeploymentsBetween(database, from, to).length;
    baselines.push(performance.now() - start);
    // A fresh correlator each round: nothing cached from the round before.
    const fresh = new DeploymentCorrelator(database);
    gc?.();
    start = performance.now();
    const all = fresh.all();
    suspects = all.filter(({ correlation }) => correlation?.suspect).length;
    recoveries = all.filter(({ correlation }) => correlation?.recovery).length;
    correlations.push(performance.now() - start);
  }
  database.close();

  const importMs = median(imports);
  const baselineImportMs = median(baselineImports);
  const correlateMs = median(correlations);
  const baselineCorrelateMs = median(baselines);
  return {
    events: options.events,
    megabytes: bytes / 1e6,
    baselineImportMs,
    importMs,
    importRatio: importMs / baselineImportMs,
    importOk: importMs < 10_000,
    incidents: options.incidents,
    rowsRead: windowRows,
    baselineCorrelateMs,
    correlateMs,
    correlateRatio: correlateMs / baselineCorrelateMs,
    correlateOk: correlateMs < 2_000,
    suspects,
    recoveries,
  };
}
