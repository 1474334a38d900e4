/** Timing helpers for the benchmarks: alternate runs, medians, throughput. */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One thing to time: `run` processes every input and returns a number derived from the work (kept, so nothing is optimised away). */
export interface BenchCase {
  name: string;
  run: (inputs: readonly string[]) => number;
}

export interface CaseTiming {
  name: string;
  /** Every timed run, in milliseconds, in the order run. */
  runsMs: number[];
  medianMs: number;
  /** Megabytes (10^6 bytes) per second at the median time. */
  mbPerSecond: number;
  /** Largest `heapUsed` seen right after a run (before any collection), in megabytes (10^6 bytes). */
  peakHeapMb: number;
  /** The last run's result, for a sanity check. */
  checksum: number;
}

/** The median of a non-empty list (mean of the middle two for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** The garbage collector: the global one under `--expose-gc`, else one exposed at run time; undefined if neither works. */
function findGc(): (() => void) | undefined {
  const global = (globalThis as { gc?: () => void }).gc;
  if (global !== undefined) return global;
  try {
    setFlagsFromString('--expose-gc');
    const fresh: unknown = runInNewContext('gc');
    return typeof fresh === 'function' ? (fresh as () => void) : undefined;
  } catch {
    return undefined;
  }
}

let cachedGc: (() => void) | undefined | null = null;

/** The collector `timeCases` uses, looked up on first use (not on import); undefined when unavailable. */
export function garbageCollector(): (() => void) | undefined {
  if (cachedGc === null) cachedGc = findGc();
  return cachedGc;
}

/**
 * Times `cases` over the same `inputs` (`bytes` long): `warmup` untimed runs of each (default 1),
 * then `rounds` timed rounds (default 5) that run every case once in turn (A B A B ...), so drift
 * in machine load hits all cases alike. With `collectGarbage` (default true) the heap is collected
 * before each run when a collector is available (`garbageCollector`).
 */
export function timeCases(
  cases: readonly BenchCase[],
  inputs: readonly string[],
  bytes: number,
  { warmup = 1, rounds = 5, collectGarbage = true }: { warmup?: number; rounds?: number; collectGarbage?: boolean } = {},
): CaseTiming[] {
  const gc = collectGarbage ? garbageCollector() : undefined;
  const runs = cases.map(() => [] as number[]);
  const heaps = cases.map(() => 0);
  const sums = cases.map(() => 0);
  for (let w = 0; w < warmup; w += 1) for (const c of cases) c.run(inputs);
  for (let r = 0; r < rounds; r += 1) {
    cases.forEach((c, i) => {
      gc?.();
      const start = performance.now();
      sums[i] = c.run(inputs);
      runs[i]?.push(performance.now() - start);
      heaps[i] = Math.max(heaps[i] ?? 0, process.memoryUsage().heapUsed);
    });
  }
  return cases.map((c, i) => {
    const medianMs = median(runs[i] ?? []);
    return {
      name: c.name,
      runsMs: runs[i] ?? [],
      medianMs,
      mbPerSecond: bytes / 1e6 / (medianMs / 1000),
      peakHeapMb: (heaps[i] ?? 0) / 1e6,
      checksum: sums[i] ?? 0,
    };
  });
}
