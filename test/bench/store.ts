/**
 * The store benchmarks of `npm run bench`: cold ingest of N generated postmortems against parse-only (reading and
 * parsing the same files, no database) in the same run, and a warm re-ingest of the same unchanged files against
 * reading and hashing them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../server/db/connection.ts';
import { findPostmortems } from '../../server/files/find-postmortems.ts';
import { contentHash } from '../../server/ingest/fingerprint.ts';
import { ingestFolder, ingestPaths } from '../../server/ingest/ingest.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { writeGeneratedPostmortems } from '../helpers/generate-postmortems.ts';
import { garbageCollector, median } from './measure.ts';

export interface StoreBenchResult {
  files: number;
  megabytes: number;
  parseOnlyMs: number;
  coldIngestMs: number;
  /** cold ingest / parse-only (target <= 1.3). */
  coldRatio: number;
  readAndHashMs: number;
  warmIngestMs: number;
  /** Target: warm re-ingest <= 2000 ms. */
  warmOk: boolean;
  coldOk: boolean;
  /** The database the cold ingest built (for the API benchmark). */
  databaseFile: string;
}

/**
 * Generates `count` postmortems under `workDir/postmortems`, warms both code paths up on 300 of them, then times,
 * alternating for `rounds` rounds: parse-only, a cold ingest into a fresh database file, read+hash, and a warm
 * re-ingest; medians of the rounds. Leaves the last database at `workDir/bench-<round>.db`.
 */
export async function runStoreBench(workDir: string, count: number, rounds: number): Promise<StoreBenchResult> {
  const root = join(workDir, 'postmortems');
  const bytes = writeGeneratedPostmortems(root, count);
  const files = (await findPostmortems(['.'], { cwd: root })).files;
  const gc = garbageCollector();

  const parseOnly = () => {
    let sum = 0;
    for (const file of files) {
      const parsed = parsePostmortem(readFileSync(join(root, file), 'utf8'), { file, defaultTimezone: 'UTC' });
      sum += parsed.timeline.length + parsed.actionItems.length;
    }
    return sum;
  };
  const readAndHash = () => {
    let sum = 0;
    for (const file of files) sum += contentHash(readFileSync(join(root, file))).length;
    return sum;
  };
  const time = async (run: () => unknown): Promise<number> => {
    gc?.();
    const start = performance.now();
    await run();
    return performance.now() - start;
  };

  // Warm both code paths on a slice before anything is timed: the parser, and the ingest's statements and writes.
  for (const file of files.slice(0, 300)) parsePostmortem(readFileSync(join(root, file), 'utf8'), { file });
  const warm = openDatabase(join(workDir, 'warm-up.db'));
  try {
    await ingestPaths(warm, files.slice(0, 300), { root });
  } finally {
    warm.close();
  }

  const parseRuns: number[] = [];
  const coldRuns: number[] = [];
  const hashRuns: number[] = [];
  const warmRuns: number[] = [];
  let databaseFile = '';
  for (let round = 0; round < rounds; round += 1) {
    parseRuns.push(await time(parseOnly));
    databaseFile = join(workDir, `bench-${round}.db`);
    const database = openDatabase(databaseFile);
    try {
      coldRuns.push(
        await time(async () => {
          const summary = await ingestFolder(database, { root });
          if (summary.added !== files.length) throw new Error(`cold ingest added ${summary.added} of ${files.length}`);
        }),
      );
      hashRuns.push(await time(readAndHash));
      warmRuns.push(
        await time(async () => {
          const summary = await ingestFolder(database, { root });
          if (summary.unchanged !== files.length) throw new Error(`warm ingest skipped ${summary.unchanged} of ${files.length}`);
        }),
      );
    } finally {
      database.close();
    }
  }
  const parseOnlyMs = median(parseRuns);
  const coldIngestMs = median(coldRuns);
  const warmIngestMs = median(warmRuns);
  return {
    files: files.length,
    megabytes: bytes / 1e6,
    parseOnlyMs,
    coldIngestMs,
    coldRatio: coldIngestMs / parseOnlyMs,
    readAndHashMs: median(hashRuns),
    warmIngestMs,
    coldOk: coldIngestMs / parseOnlyMs <= 1.3,
    warmOk: warmIngestMs <= 2000,
    databaseFile,
  };
}
