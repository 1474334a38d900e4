/**
 * The growth benchmark of `npm run bench` (`--only pathological`): each of the parser's scanners on the adversarial
 * inputs of `pathological.ts`, timed at the tests' size n and at 8n in the same run. Linear work grows about 8x,
 * quadratic work about 64x; the target is at most 16x, clearly sub-quadratic.
 */
import { performance } from 'node:perf_hooks';
import { bareUrlLength } from '../../server/parser/links.ts';
import { findDate, parseStamp } from '../../server/parser/datetime.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { findZoneDeclaration } from '../../server/parser/timezone.ts';
import { unflatten } from '../../server/parser/unflatten/index.ts';
import { garbageCollector, median } from './measure.ts';
import {
  FLATTENED_TEXTS, MUTATED_DOCUMENT, STAMP_LINES, TOKEN_SOUP_DOCUMENT, URL_TAILS, ZONE_TEXTS, type Pathological,
} from './pathological.ts';

/** The large input is this many times the small one. */
export const GROWTH_SCALE = 8;
/** time(8n) / time(n) may be at most this: twice linear, a quarter of quadratic. */
export const GROWTH_TARGET = 16;
/** A timed run repeats a fast call until it takes about this long, so the timer's resolution does not matter. */
const MIN_RUN_MS = 20;

interface GrowthCase {
  /** The function timed, as the report names it. */
  subject: string;
  input: Pathological;
  /** Calls the subject on `text`; returns a number derived from the result (kept, so nothing is optimised away). */
  run: (text: string) => number;
}

export interface GrowthResult {
  subject: string;
  input: string;
  smallBytes: number;
  largeBytes: number;
  /** Median time of one call on the small input, in milliseconds. */
  smallMs: number;
  /** Median time of one call on the large input, in milliseconds. */
  largeMs: number;
  /** largeMs / smallMs. */
  growth: number;
  ok: boolean;
}

export interface PathologicalBenchResult {
  scale: number;
  targetGrowth: number;
  rounds: number;
  cases: GrowthResult[];
  ok: boolean;
}

const cases: GrowthCase[] = [
  ...URL_TAILS.map((input) => ({ subject: 'bareUrlLength', input, run: (text: string) => bareUrlLength(text) })),
  ...STAMP_LINES.map((input) => ({
    subject: 'parseStamp+findDate',
    input,
    run: (text: string) => (parseStamp(text)?.restIndex ?? -1) + (findDate(text)?.index ?? -1),
  })),
  ...ZONE_TEXTS.map((input) => ({ subject: 'findZoneDeclaration', input, run: (text: string) => findZoneDeclaration(text)?.index ?? -1 })),
  ...FLATTENED_TEXTS.map((input) => ({ subject: 'unflatten', input, run: (text: string) => unflatten(text)?.length ?? -1 })),
  ...[MUTATED_DOCUMENT, TOKEN_SOUP_DOCUMENT].map((input) => ({
    subject: 'parsePostmortem',
    input,
    run: (text: string) => {
      const parsed = parsePostmortem(text, { file: 'bench.md' });
      return parsed.timeline.length + parsed.actionItems.length + parsed.sections.length;
    },
  })),
];

let sink = 0;

/** Milliseconds for `reps` calls of `run` on `text`, the heap collected first when possible. */
function timeReps(run: (text: string) => number, text: string, reps: number): number {
  garbageCollector()?.();
  const start = performance.now();
  for (let i = 0; i < reps; i += 1) sink += run(text);
  return performance.now() - start;
}

/** Calls of `run` on `text` that take about MIN_RUN_MS together (at least 1). */
function repsFor(run: (text: string) => number, text: string): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_RUN_MS / 4) {
    sink += run(text);
    calls += 1;
    elapsed = performance.now() - start;
  }
  return Math.max(1, Math.ceil((MIN_RUN_MS * calls) / elapsed));
}

function timeGrowth(c: GrowthCase, warmup: number, rounds: number): GrowthResult {
  const small = c.input.build(1);
  const large = c.input.build(GROWTH_SCALE);
  for (let w = 0; w < Math.max(1, warmup); w += 1) sink += c.run(small) + c.run(large);
  const smallReps = repsFor(c.run, small);
  const largeReps = Math.max(1, Math.ceil(smallReps / GROWTH_SCALE));
  const smallRuns: number[] = [];
  const largeRuns: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    smallRuns.push(timeReps(c.run, small, smallReps) / smallReps);
    largeRuns.push(timeReps(c.run, large, largeReps) / largeReps);
  }
  const smallMs = median(smallRuns);
  const largeMs = median(largeRuns);
  const growth = largeMs / smallMs;
  return {
    subject: c.subject,
    input: c.input.name,
    smallBytes: Buffer.byteLength(small, 'utf8'),
    largeBytes: Buffer.byteLength(large, 'utf8'),
    smallMs,
    largeMs,
    growth,
    ok: growth <= GROWTH_TARGET,
  };
}

/**
 * Times every case at scale 1 and at GROWTH_SCALE: `warmup` untimed calls of each (at least 1), then `rounds`
 * rounds that alternate small and large; a fast call is repeated within a run (about 20 ms on the small input,
 * an eighth as many calls on the large one) and the time per call is reported.
 */
export function runPathologicalBench({ warmup, rounds }: { warmup: number; rounds: number }): PathologicalBenchResult {
  const results = cases.map((c) => timeGrowth(c, warmup, rounds));
  if (!Number.isFinite(sink)) throw new Error('unreachable: the checksum is not a number');
  return { scale: GROWTH_SCALE, targetGrowth: GROWTH_TARGET, rounds, cases: results, ok: results.every((r) => r.ok) };
}
