/**
 * `npm run bench`: throughput of our parser against a baseline, on real postmortems repeated to at
 * least 5 MB; then the store (cold and warm ingest of generated postmortems against parse-only and
 * read+hash), the API (autocannon on `GET /api/incidents/:slug` against a plain fastify route) and the UI
 * (the incident page of 500 entries + 200 deployments drawn in headless Chromium, against a 10-entry one); and the
 * pathological inputs of the parser tests (`pathological.ts`): each scanner's time at n and at 8n, and
 * parsePostmortem against a bare mdast parse on the property test's large mutated postmortems; and the
 * deployments (`deploys.ts`): importing 100,000 events against a bare insert, correlating 10,000 incidents against
 * reading what correlation reads.
 * Flags: `--json` (machine-readable), `--rounds N` (timed rounds, default 5), `--warmup N`
 * (default 1), `--mb N` (input size, default 5), `--only parse|store|api|ui|pathological|deploys` (one part; api includes
 * the store it needs), `--incidents N` (generated postmortems, default 10000), `--store-rounds N` (default 2),
 * `--api-seconds N` (per autocannon run, default 5), `--api-rounds N` (default 2), `--ui-rounds N` (page loads
 * per case, the first a warm-up not counted; default 7), `--deploy-events N` (default 100000), `--deploy-incidents N`
 * (default 10000), `--deploy-rounds N` (default 3).
 * Only reports: exits 0 unless the script itself crashes.
 *
 * To add a benchmark, append a `BenchGroup` to `groups`: each group times its own baseline and subject
 * over the same inputs and reports the subject/baseline time ratio against its own target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parsePostmortem } from '../../server/parser/index.ts';
import { repoRoot, resolveCorpusDir } from '../corpus/location.ts';
import { runApiBench, type ApiBenchResult } from './api.ts';
import { loadBenchInputs } from './inputs.ts';
import { seededPostmortems } from './pathological.ts';
import { runPathologicalBench, type PathologicalBenchResult } from './pathological-bench.ts';
import { runStoreBench, type StoreBenchResult } from './store.ts';
import { runUiBench, type UiBenchResult } from './ui.ts';
import { runDeployBench, type DeployBenchResult } from './deploys.ts';
import { garbageCollector, timeCases, type BenchCase, type CaseTiming } from './measure.ts';

interface BenchGroup {
  name: string;
  /** Short name of the ratio, e.g. `parse/mdast`. */
  ratioName: string;
  baseline: BenchCase;
  subject: BenchCase;
  /** The subject may take at most this many times the baseline's time. */
  targetRatio: number;
  /** Inputs the subject threw on during its last run (a throw is reported, not fatal). */
  errors: () => number;
}

/** parsePostmortem against a bare mdast parse of the same text; `name` names the group (default `parse`). */
function parseGroup(name = 'parse'): BenchGroup {
  const mdast = unified().use(remarkParse).use(remarkGfm);
  let errors = 0;
  return {
    name,
    ratioName: 'parse/mdast',
    baseline: {
      name: 'mdast (remark-parse + remark-gfm)',
      run: (inputs) => inputs.reduce((sum, text) => sum + mdast.parse(text).children.length, 0),
    },
    subject: {
      name: 'parsePostmortem',
      run: (inputs) => {
        errors = 0;
        let sum = 0;
        for (const text of inputs) {
          try {
            const parsed = parsePostmortem(text, { file: 'bench.md' });
            sum += parsed.timeline.length + parsed.actionItems.length + parsed.sections.length;
          } catch {
            errors += 1;
          }
        }
        return sum;
      },
    },
    targetRatio: 1.5,
    errors: () => errors,
  };
}

const groups: BenchGroup[] = [parseGroup()];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    mb: { type: 'string', default: '5' },
    only: { type: 'string' },
    incidents: { type: 'string', default: '10000' },
    'store-rounds': { type: 'string', default: '2' },
    'api-seconds': { type: 'string', default: '5' },
    'api-rounds': { type: 'string', default: '2' },
    'ui-rounds': { type: 'string', default: '7' },
    'deploy-events': { type: 'string', default: '100000' },
    'deploy-incidents': { type: 'string', default: '10000' },
    'deploy-rounds': { type: 'string', default: '3' },
  },
});
if (values.only !== undefined && !['parse', 'store', 'api', 'ui', 'pathological', 'deploys'].includes(values.only)) {
  throw new Error(`--only must be parse, store, api, ui, pathological or deploys, got ${values.only}`);
}
const runs = (part: 'parse' | 'store' | 'api' | 'ui' | 'pathological' | 'deploys') =>
  values.only === undefined || values.only === part || (part === 'store' && values.only === 'api');
const positive = (text: string, name: string, min: number): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${text}`);
  return n;
};
const rounds = Math.floor(positive(values.rounds, 'rounds', 1));
const warmup = Math.floor(positive(values.warmup, 'warmup', 0));
const targetBytes = Math.round(positive(values.mb, 'mb', 0.001) * 1e6);
const uiRounds = Math.floor(positive(values['ui-rounds'], 'ui-rounds', 2));

const started = performance.now();
const inputs = loadBenchInputs(resolveCorpusDir(process.env.HINDSIGHT_CORPUS), repoRoot, targetBytes);

interface GroupResult {
  name: string;
  ratioName: string;
  baseline: CaseTiming;
  subject: CaseTiming;
  ratio: number;
  targetRatio: number;
  ok: boolean;
  subjectErrors: number;
}

function timeGroup(group: BenchGroup, texts: readonly string[], bytes: number): GroupResult {
  const [baseline, subject] = timeCases([group.baseline, group.subject], texts, bytes, { warmup, rounds });
  if (baseline === undefined || subject === undefined) throw new Error('timing returned no result');
  const ratio = subject.medianMs / baseline.medianMs;
  return {
    name: group.name,
    ratioName: group.ratioName,
    baseline,
    subject,
    ratio,
    targetRatio: group.targetRatio,
    ok: ratio <= group.targetRatio,
    subjectErrors: group.errors(),
  };
}

const results: GroupResult[] =
  inputs.texts.length === 0 || !runs('parse') ? [] : groups.map((group) => timeGroup(group, inputs.texts, inputs.bytes));

/** The property test's large mutated postmortems (the same seeded sample every run). */
const LARGE_POSTMORTEMS = 25;
let pathological: (PathologicalBenchResult & { parse: GroupResult; parseDocuments: number; parseBytes: number }) | null = null;
if (runs('pathological')) {
  const texts = seededPostmortems(LARGE_POSTMORTEMS);
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  const parse = timeGroup(parseGroup('pathological'), texts, bytes);
  pathological = { ...runPathologicalBench({ warmup, rounds }), parse, parseDocuments: texts.length, parseBytes: bytes };
}
const incidents = Math.floor(positive(values.incidents, 'incidents', 1));
const workDir = mkdtempSync(join(tmpdir(), 'hindsight-bench-'));
let store: StoreBenchResult | null = null;
let api: ApiBenchResult | null = null;
let ui: UiBenchResult | null = null;
let deploys: DeployBenchResult | null = null;
try {
  if (runs('store')) store = await runStoreBench(workDir, incidents, Math.floor(positive(values['store-rounds'], 'store-rounds', 1)));
  if (runs('api') && store) {
    api = await runApiBench(
      store.databaseFile,
      store.files,
      Math.floor(positive(values['api-rounds'], 'api-rounds', 1)),
      positive(values['api-seconds'], 'api-seconds', 1),
    );
  }
  if (runs('ui')) ui = await runUiBench({ rounds: uiRounds });
  if (runs('deploys')) {
    deploys = await runDeployBench(workDir, {
      events: Math.floor(positive(values['deploy-events'], 'deploy-events', 1)),
      incidents: Math.floor(positive(values['deploy-incidents'], 'deploy-incidents', 1)),
      rounds: Math.floor(positive(values['deploy-rounds'], 'deploy-rounds', 1)),
    });
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
const ms = performance.now() - started;
const collectsGarbage = garbageCollector() !== undefined;

const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
const verdict = (r: GroupResult): string =>
  `${r.ratioName} ratio ${r.ratio.toFixed(2)} (target <= ${r.targetRatio}): ${r.ok ? 'ok' : 'over target'}`;

if (values.json) {
  const { texts: _texts, ...about } = inputs;
  void _texts;
  console.log(
    JSON.stringify(
      { inputs: { ...about, copies: inputs.texts.length }, rounds, warmup, collectsGarbage, groups: results, store, api, ui, pathological, deploys, ms },
      null,
      2,
    ),
  );
} else {
  if (runs('parse')) console.log(
    `inputs: ${inputs.documents} ${inputs.origin === 'corpus' ? 'corpus files' : 'repository postmortems and fixtures'} ` +
      `(${mb(inputs.documentBytes)} MB), ${inputs.texts.length} documents = ${mb(inputs.bytes)} MB; ` +
      `${warmup} warm-up + ${rounds} timed round${rounds === 1 ? '' : 's'} (A B A B), median; heap = heapUsed right after a run` +
      (collectsGarbage ? ', collected before each run' : ''),
  );
  if (results.length === 0 && runs('parse')) console.log('no markdown inputs found: nothing to time');
  const rows = [['group', 'case', 'median ms', 'MB/s', 'heap MB']];
  for (const r of results) {
    for (const t of [r.baseline, r.subject]) {
      rows.push([r.name, t.name, t.medianMs.toFixed(1), t.mbPerSecond.toFixed(2), t.peakHeapMb.toFixed(1)]);
    }
  }
  if (results.length > 0) {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
    for (const row of rows) console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  }
  for (const r of results) {
    console.log(verdict(r));
    if (r.subjectErrors > 0) console.log(`  ${r.subject.name} threw on ${r.subjectErrors} of ${inputs.texts.length} inputs`);
  }
  if (store) {
    console.log(
      `store: ${store.files} generated postmortems (${store.megabytes.toFixed(2)} MB)\n` +
        `  parse-only ${(store.parseOnlyMs / 1000).toFixed(2)} s, cold ingest ${(store.coldIngestMs / 1000).toFixed(2)} s: ` +
        `ingest/parse ratio ${store.coldRatio.toFixed(2)} (target <= 1.3): ${store.coldOk ? 'ok' : 'over target'}\n` +
        `  read+hash ${(store.readAndHashMs / 1000).toFixed(2)} s, warm re-ingest ${(store.warmIngestMs / 1000).toFixed(2)} s ` +
        `(target <= 2 s): ${store.warmOk ? 'ok' : 'over target'}`,
    );
  }
  if (api) {
    console.log(
      `api: GET /api/incidents/:slug at ${api.incidents} incidents: ${api.appRps.toFixed(0)} req/s, p99 ${api.appP99Ms} ms; ` +
        `plain fastify from memory: ${api.plainRps.toFixed(0)} req/s, p99 ${api.plainP99Ms} ms\n` +
        `  app/plain ratio ${api.ratio.toFixed(2)} (target >= 0.5), p99 target < 20 ms: ${api.ok ? 'ok' : 'over target'}` +
        (api.failures > 0 ? `; ${api.failures} failed requests` : ''),
    );
  }
  if (ui) {
    const { subject: s, baseline: b } = ui;
    console.log(
      `ui: incident page, render = incident-rendered − incident-data, total = incident-rendered since navigation start; ` +
        `${ui.rounds} round${ui.rounds === 1 ? '' : 's'} after a warm-up, Chromium headless\n` +
        `  ${s.name} (${s.markers} markers): render median ${s.medianRenderMs.toFixed(1)} ms, max ${s.maxRenderMs.toFixed(1)} ms; ` +
        `total median ${s.medianTotalMs.toFixed(1)} ms, max ${s.maxTotalMs.toFixed(1)} ms\n` +
        `  ${b.name} (${b.markers} markers): render median ${b.medianRenderMs.toFixed(1)} ms, max ${b.maxRenderMs.toFixed(1)} ms; ` +
        `total median ${b.medianTotalMs.toFixed(1)} ms, max ${b.maxTotalMs.toFixed(1)} ms\n` +
        `  render ratio large/small ${ui.ratio.toFixed(2)}; target: large render < ${ui.targetRenderMs} ms: ${ui.ok ? 'PASS' : 'MISS'}`,
    );
  }
  if (deploys) {
    const d = deploys;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `deploys: import ${d.events} events from NDJSON (${d.megabytes.toFixed(1)} MB): ${s(d.importMs)}; bare JSON.parse + insert ` +
        `${s(d.baselineImportMs)}; import/bare ratio ${d.importRatio.toFixed(2)}; target < 10 s: ${d.importOk ? 'PASS' : 'MISS'}\n` +
        `  correlate ${d.incidents} incidents (${d.suspects} suspects, ${d.recoveries} recoveries found): ${s(d.correlateMs)}; reading its ${d.rowsRead} rows ` +
        `${s(d.baselineCorrelateMs)}; correlate/read ratio ${d.correlateRatio.toFixed(2)}; target < 2 s: ${d.correlateOk ? 'PASS' : 'MISS'}`,
    );
  }
  if (pathological) {
    const p = pathological;
    const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
    console.log(
      `pathological: the parser tests' adversarial inputs (test/bench/pathological.ts), time per call at n (the tests' size) ` +
        `and at ${p.scale}n, median of ${p.rounds} alternating rounds; growth = time(${p.scale}n)/time(n): ` +
        `linear ${p.scale}, quadratic ${p.scale * p.scale}, target <= ${p.targetGrowth}`,
    );
    const rows = p.cases.map((c) => [
      c.ok ? 'PASS' : 'MISS', c.subject, c.input, kb(c.smallBytes), `${c.smallMs.toFixed(3)} ms`, kb(c.largeBytes),
      `${c.largeMs.toFixed(3)} ms`, `growth ${c.growth.toFixed(1)}`,
    ]);
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
    for (const row of rows) console.log(`  ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`);
    const { parse } = p;
    const per10Kb = (timing: CaseTiming): string => `${((timing.medianMs * 10_240) / p.parseBytes).toFixed(1)} ms per 10 KB`;
    console.log(
      `  ${parse.ok ? 'PASS' : 'MISS'}  ${verdict(parse)}: ${p.parseDocuments} large mutated postmortems of the property test ` +
        `(${kb(p.parseBytes)}): ${parse.subject.name} ${per10Kb(parse.subject)}, ${parse.baseline.name} ${per10Kb(parse.baseline)}` +
        (parse.subjectErrors > 0 ? `; threw on ${parse.subjectErrors} inputs` : ''),
    );
  }
  console.log(`run time: ${(ms / 1000).toFixed(1)} s`);
}
