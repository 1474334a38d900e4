/** Runs the parser over the whole corpus and scores it against the labels: the engine behind `npm run corpus`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ParseOptions, ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { judge, type Check } from './bar.ts';
import { loadLabels } from './labels.ts';
import { listCorpusFiles, seedPath, SEED_FILE, sourceOf } from './location.ts';
import { scoreFile, sumScores, type FileScore, type ScoreTotals } from './scoring.ts';
import { firstSeedDifference } from './seed.ts';

export type Parse = (markdown: string, options: ParseOptions) => ParsedPostmortem;

/** The corpus file the seed was collapsed from. */
export const SEED_TWIN = 'datahub-pre-quarto-md/2018-01-25-helm-chart-upgrade.md';
/** The zone both the seed and its twin are parsed in (the `timezone` option). */
export const SEED_TIMEZONE = 'America/Los_Angeles';

export interface FileResult {
  file: string;
  source: string;
  labelled: boolean;
  /** `Name: message (first stack frame)` when the parser threw, else null. */
  error: string | null;
  ms: number;
  timelineEntries: number;
  actionItems: number;
  /** The label comparison (a file that threw is scored as an empty parse). */
  score: FileScore | null;
}

export interface SourceMetrics extends ScoreTotals {
  source: string;
  files: number;
  throws: number;
}

export interface SeedResult {
  status: 'equal' | 'different' | 'missing' | 'error';
  /** The first difference, the error, or the missing path; null when equal. */
  detail: string | null;
}

export interface CorpusReport {
  corpus: string;
  files: FileResult[];
  sources: SourceMetrics[];
  overall: SourceMetrics;
  /** `_nonincident/` pages: how many, and which yielded timeline entries or action items. */
  nonIncident: { files: number; withContent: string[] };
  seed: SeedResult;
  /** Labels whose file is not in the corpus (a renamed or removed file). */
  orphanLabels: string[];
  checks: Check[];
  pass: boolean;
  ms: number;
}

/** A parse with nothing found: what a file that threw is scored as. */
export function emptyParse(file: string | null): ParsedPostmortem {
  return {
    file, title: null, date: null, timezone: null, timezoneSource: null, declaredTimezone: null,
    summary: null, sections: [], timeline: [],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [], metadata: {}, diagnostics: [],
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `thrown value: ${String(error)}`;
  const frame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '))?.trim();
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (${frame})`}`;
}

type Outcome = { parsed: ParsedPostmortem; error: null } | { parsed: null; error: string };

function attempt(parse: Parse, text: string, options: ParseOptions): Outcome {
  try {
    return { parsed: parse(text, options), error: null };
  } catch (error) {
    return { parsed: null, error: describe(error) };
  }
}

function seedCheck(corpusDir: string, parse: Parse): SeedResult {
  const seedFile = seedPath(corpusDir);
  const twinFile = join(corpusDir, SEED_TWIN);
  if (!existsSync(seedFile)) return { status: 'missing', detail: seedFile };
  if (!existsSync(twinFile)) return { status: 'missing', detail: twinFile };
  const seed = attempt(parse, readFileSync(seedFile, 'utf8'), { file: SEED_FILE, timezone: SEED_TIMEZONE });
  if (seed.error !== null) return { status: 'error', detail: `seed: ${seed.error}` };
  const twin = attempt(parse, readFileSync(twinFile, 'utf8'), { file: SEED_TWIN, timezone: SEED_TIMEZONE });
  if (twin.error !== null) return { status: 'error', detail: `${SEED_TWIN}: ${twin.error}` };
  const difference = firstSeedDifference(seed.parsed, twin.parsed);
  return difference === null ? { status: 'equal', detail: null } : { status: 'different', detail: difference };
}

function metricsFor(source: string, results: readonly FileResult[]): SourceMetrics {
  const scores = results.flatMap((r) => (r.score === null ? [] : [r.score]));
  return { source, files: results.length, throws: results.filter((r) => r.error !== null).length, ...sumScores(scores) };
}

/**
 * Parses every corpus file (with `file` = its corpus-relative path and no other options), scores
 * the labelled ones, checks the non-incident pages and the seed, and judges the result against the
 * bar. Default `parse`: the real `parsePostmortem`. Reads the corpus; never writes to it.
 */
export function runCorpus(corpusDir: string, parse: Parse = parsePostmortem): CorpusReport {
  const started = performance.now();
  const labels = loadLabels(corpusDir);
  const files = listCorpusFiles(corpusDir);
  const results: FileResult[] = files.map((file) => {
    const text = readFileSync(join(corpusDir, file), 'utf8');
    const before = performance.now();
    const outcome = attempt(parse, text, { file });
    const ms = performance.now() - before;
    const label = labels.get(file);
    const parsed = outcome.parsed ?? emptyParse(file);
    return {
      file,
      source: sourceOf(file),
      labelled: label !== undefined,
      error: outcome.error,
      ms,
      timelineEntries: parsed.timeline.length,
      actionItems: parsed.actionItems.length,
      score: label === undefined ? null : scoreFile(label, parsed),
    };
  });

  const sourceNames = [...new Set(results.map((r) => r.source))].sort();
  const sources = sourceNames.map((name) => metricsFor(name, results.filter((r) => r.source === name)));
  const overall = metricsFor('overall', results);
  const nonIncidentFiles = results.filter((r) => r.source === '_nonincident');
  const seed = seedCheck(corpusDir, parse);
  const checks = judge({
    labelled: overall.labelled,
    timelineF1: overall.timeline.f1,
    itemsExact: overall.itemsExact.rate,
    refsRecall: overall.refs.recall,
    refsExpected: overall.refs.expected,
    throws: overall.throws,
    seed: seed.status,
  });
  const known = new Set(files);
  return {
    corpus: corpusDir,
    files: results,
    sources,
    overall,
    nonIncident: {
      files: nonIncidentFiles.length,
      withContent: nonIncidentFiles.filter((r) => r.timelineEntries > 0 || r.actionItems > 0).map((r) => r.file),
    },
    seed,
    orphanLabels: [...labels.keys()].filter((key) => !known.has(key)).sort(),
    checks,
    pass: checks.every((c) => c.ok),
    ms: performance.now() - started,
  };
}
