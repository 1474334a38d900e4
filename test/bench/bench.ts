/**
 * `npm run bench`: throughput of our parser against a baseline, on real postmortems repeated to at
 * least 5 MB. Flags: `--json` (machine-readable), `--rounds N` (timed rounds, default 5), `--warmup N`
 * (default 1), `--mb N` (input size, default 5). Only reports: exits 0 unless the script itself crashes.
 *
 * To add a benchmark, append a `BenchGroup` to `groups`: each group times its own baseline and subject
 * over the same inputs and reports the subject/baseline time ratio against its own target.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parsePostmortem } from '../../server/parser/index.ts';
import { repoRoot, resolveCorpusDir } from '../corpus/location.ts';
import { loadBenchInputs } from './inputs.ts';
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

function parseGroup(): BenchGroup {
  const mdast = unified().use(remarkParse).use(remarkGfm);
  let errors = 0;
  return {
    name: 'parse',
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
  },
});
const positive = (text: string, name: string, min: number): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${text}`);
  return n;
};
const rounds = Math.floor(positive(values.rounds, 'rounds', 1));
const warmup = Math.floor(positive(values.warmup, 'warmup', 0));
const targetBytes = Math.round(positive(values.mb, 'mb', 0.001) * 1e6);

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

const results: GroupResult[] =
  inputs.texts.length === 0
    ? []
    : groups.map((group) => {
        const [baseline, subject] = timeCases([group.baseline, group.subject], inputs.texts, inputs.bytes, { warmup, rounds });
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
      });
const ms = performance.now() - started;
const collectsGarbage = garbageCollector() !== undefined;

const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
const verdict = (r: GroupResult): string =>
  `${r.ratioName} ratio ${r.ratio.toFixed(2)} (target <= ${r.targetRatio}): ${r.ok ? 'ok' : 'over target'}`;

if (values.json) {
  const { texts: _texts, ...about } = inputs;
  void _texts;
  console.log(
    JSON.stringify({ inputs: { ...about, copies: inputs.texts.length }, rounds, warmup, collectsGarbage, groups: results, ms }, null, 2),
  );
} else {
  console.log(
    `inputs: ${inputs.documents} ${inputs.origin === 'corpus' ? 'corpus files' : 'repository postmortems and fixtures'} ` +
      `(${mb(inputs.documentBytes)} MB), ${inputs.texts.length} documents = ${mb(inputs.bytes)} MB; ` +
      `${warmup} warm-up + ${rounds} timed round${rounds === 1 ? '' : 's'} (A B A B), median; heap = heapUsed right after a run` +
      (collectsGarbage ? ', collected before each run' : ''),
  );
  if (results.length === 0) console.log('no markdown inputs found: nothing to time');
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
  console.log(`run time: ${(ms / 1000).toFixed(1)} s`);
}
