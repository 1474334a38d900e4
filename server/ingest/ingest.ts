/**
 * Postmortem files → parser → database, each file written atomically. A folder ingest walks everything and marks
 * incidents whose file is gone as removed; a path ingest (what the watcher sends) looks only at the paths given.
 * Unchanged files (same bytes, same parser and options) are skipped after hashing; a file that cannot be read or
 * parsed keeps its last good parse with the error attached; a file that moved keeps its incident.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Database } from '../db/connection.ts';
import {
  allFileStates,
  fileStateByPath,
  fileStatesUnder,
  insertFailedIncident,
  markIncidentsRemoved,
  moveIncident,
  recordIncidentError,
  type FileState,
} from '../db/incident-store.ts';
import { DEFAULT_EXTENSIONS, findPostmortems } from '../files/find-postmortems.ts';
import { decodePostmortem, readPostmortemBytesSync } from '../files/read-postmortem.ts';
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import { contentHash, parseKey } from './fingerprint.ts';
import { databaseLookups, memoryLookups, type Lookups } from './lookups.ts';
import { parserFor } from './parsers.ts';
import { slugFromPath, uniqueSlug } from './slug.ts';
import { storeParse } from './store-parse.ts';
import { emptySummary, type IngestSummary } from './summary.ts';

export interface IngestOptions {
  /** The postmortems folder. */
  root: string;
  /** File endings read as postmortems. Default: `.md`, `.markdown`, `.qmd`. */
  extensions?: readonly string[];
  /** Zone assumed for reports that declare none (`HINDSIGHT_TIMEZONE`). Default: `UTC`. */
  timezone?: string;
  /** `owner/name` for bare `#12` references (`HINDSIGHT_REPO`). Default: none. */
  repo?: string | null;
  /** The clock for `updated_at`, `removed_at` ... Default: the system clock. */
  now?: () => Date;
  /** Called after each file with the count done, the total and the file. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Stops between files (the files done so far stay written). */
  signal?: AbortSignal;
}

/**
 * Files written per commit: at most this many, or as many as are ready within {@link COMMIT_MS}. Each file is still
 * written atomically (its own savepoint inside the commit); grouping commits spares SQLite and its full-text index
 * a journal flush per file, and the event loop gets a turn between commits so a server stays responsive.
 */
const COMMIT_FILES = 128;
const COMMIT_MS = 100;

/** Ingests every postmortem under `options.root`, and marks removed the incidents whose file is gone. */
export async function ingestFolder(database: Database, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const summary = emptySummary();
  const stored = allFileStates(database.db);
  const run = context(database, options, summary, memoryLookups(database, stored));
  if (kindOf(run.root) !== 'directory') {
    // A vanished folder (unmounted, checked out elsewhere) is a problem to report, not a reason to remove everything.
    summary.errors.push(`${options.root}: ${kindOf(run.root) === 'missing' ? 'no such folder' : 'not a folder'}`);
    summary.durationMs = Math.round(performance.now() - started);
    return summary;
  }
  const found = await findPostmortems(['.'], { cwd: run.root, extensions: run.extensions });
  summary.errors.push(...found.errors);
  const states = new Map(stored.map((state) => [state.sourcePath, state]));
  const files = found.files.map(toPosix);
  await processFiles(run, files, (file) => states.get(file) ?? null, options, (file, moved) => {
    states.delete(file);
    if (moved) states.delete(moved);
  });
  if (!options.signal?.aborted && found.errors.length === 0) {
    // Whatever was stored and not seen on disk is gone (files renamed in this run already left the map).
    const gone = [...states.values()].filter((state) => state.removedAt === null && !isFileNow(run, state.sourcePath));
    database.sqlite.transaction(() => markIncidentsRemoved(database.db, gone.map((state) => state.id), run.now()))();
    summary.removed += gone.length;
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

/**
 * Ingests the given paths (absolute, or relative to the root): existing postmortem files are read, paths that no
 * longer exist mark their incident (or every incident under a vanished folder) removed. Files outside the root or
 * with another ending are ignored.
 */
export async function ingestPaths(database: Database, paths: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const summary = emptySummary();
  const run = context(database, options, summary);
  if (kindOf(run.root) !== 'directory') {
    // The whole folder is gone for now (moved away, unmounted): its files did not all disappear one by one.
    summary.errors.push(`${options.root}: ${kindOf(run.root) === 'missing' ? 'no such folder' : 'not a folder'}`);
    summary.durationMs = Math.round(performance.now() - started);
    return summary;
  }
  const given = [...new Set(paths.map((path) => relativeInside(run.root, path)).filter((p): p is string => p !== null))];
  const files = new Set<string>();
  for (const path of given) {
    const kind = kindOf(resolve(run.root, path));
    if (kind === 'file' && run.isPostmortem(path)) files.add(path);
    if (kind === 'directory') {
      const found = await findPostmortems([path], { cwd: run.root, extensions: run.extensions });
      summary.errors.push(...found.errors);
      for (const file of found.files) files.add(toPosix(file));
    }
  }
  // Existing files first, so a rename (old path gone, new path here) moves the incident instead of removing it.
  await processFiles(run, [...files], (file) => fileStateByPath(database.db, file), options, () => undefined);
  const gone = new Map<number, FileState>();
  for (const path of given.filter((p) => !files.has(p))) {
    const candidates = [fileStateByPath(database.db, path), ...fileStatesUnder(database.db, path)];
    for (const state of candidates) {
      if (state && state.removedAt === null && !isFileNow(run, state.sourcePath)) gone.set(state.id, state);
    }
  }
  if (gone.size > 0 && summary.errors.length === 0) {
    database.sqlite.transaction(() => markIncidentsRemoved(database.db, [...gone.keys()], run.now()))();
    summary.removed += gone.size;
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

interface Run extends Lookups {
  database: Database;
  root: string;
  extensions: readonly string[];
  timezone: string;
  repo: string | null;
  parseKey: string;
  now(): string;
  isPostmortem(path: string): boolean;
  summary: IngestSummary;
}

function context(
  database: Database,
  options: IngestOptions,
  summary: IngestSummary,
  lookups: Lookups = databaseLookups(database),
): Run {
  const extensions = (options.extensions ?? DEFAULT_EXTENSIONS).map((e) => e.toLowerCase());
  const timezone = options.timezone ?? 'UTC';
  const repo = options.repo ?? null;
  const clock = options.now ?? (() => new Date());
  return {
    database,
    root: resolve(options.root),
    extensions,
    timezone,
    repo,
    parseKey: parseKey({ timezone, repo }),
    now: () => clock().toISOString(),
    isPostmortem: (path) => extensions.some((ending) => path.toLowerCase().endsWith(ending)),
    summary,
    ...lookups,
  };
}

/** A file read and found new or changed: what to parse and store. */
interface Changed {
  file: string;
  existing: FileState | null;
  hash: string;
  text: string;
}

/** Files parsed ahead of the one being stored: enough to keep a worker thread busy. */
const PARSE_WINDOW = 128;

/**
 * Reads, parses and stores `files` (relative paths), updating the summary; never throws for a bad file. First every
 * file is read and hashed (unchanged and unreadable ones are dealt with there); then the changed ones are parsed,
 * in a worker thread when there are many, and stored in order, in commits of a few files each (see
 * {@link COMMIT_FILES}), yielding to the event loop between commits. `done(file, movedFrom)` is called as each
 * file is finished; `options.onProgress` counts them.
 */
async function processFiles(
  run: Run,
  files: readonly string[],
  stateOf: (file: string) => FileState | null,
  options: IngestOptions,
  done: (file: string, movedFrom: string | null) => void,
): Promise<void> {
  const { signal, onProgress } = options;
  let finished = 0;
  const finish = (file: string, movedFrom: string | null) => {
    done(file, movedFrom);
    finished += 1;
    onProgress?.(finished, files.length, file);
  };

  // 1. Read and hash: the unchanged and the unreadable are settled here, cheaply.
  const changed: Changed[] = [];
  for (let i = 0; i < files.length && !signal?.aborted; ) {
    const start = performance.now();
    run.database.sqlite.transaction(() => {
      do {
        const file = files[i++]!;
        const found = readChanged(run, file, stateOf(file));
        if (found) changed.push(found);
        else finish(file, null);
      } while (i < files.length && performance.now() - start < COMMIT_MS);
    })();
    await yieldToEventLoop();
  }

  // 2. Parse (ahead, possibly on another core) and store in order.
  const parser = parserFor(changed.length);
  try {
    const parsing: Promise<{ job: Changed; parsed: ParsedPostmortem }>[] = [];
    let next = 0;
    const refill = () => {
      while (parsing.length < PARSE_WINDOW && next < changed.length) {
        const job = changed[next++]!;
        const parseOptions = { file: job.file, defaultTimezone: run.timezone, repo: run.repo };
        parsing.push(parser.parse(job.text, parseOptions).then((parsed) => ({ job, parsed })));
      }
    };
    while ((next < changed.length || parsing.length > 0) && !signal?.aborted) {
      const group: { job: Changed; parsed: ParsedPostmortem }[] = [];
      const start = performance.now();
      do {
        refill();
        group.push(await parsing.shift()!);
      } while (parsing.length > 0 && group.length < COMMIT_FILES && performance.now() - start < COMMIT_MS);
      run.database.sqlite.transaction(() => {
        for (const { job, parsed } of group) finish(job.file, storeChanged(run, job, parsed));
      })();
      await yieldToEventLoop();
    }
  } finally {
    await parser.close();
  }
}

/**
 * Reads one file: null when it is settled without parsing (unchanged: counted; unreadable: recorded as failed),
 * else its text to parse.
 */
function readChanged(run: Run, file: string, existing: FileState | null): Changed | null {
  const read = readPostmortemBytesSync(resolve(run.root, file));
  if (!read.ok) return fail(run, file, existing, null, read.error);
  const hash = contentHash(read.bytes);
  if (existing && existing.fileHash === hash && existing.parseKey === run.parseKey && existing.removedAt === null) {
    if (existing.error) return report(run, file, existing.error);
    run.summary.unchanged += 1;
    return null;
  }
  const decoded = decodePostmortem(read.bytes);
  if (!decoded.ok) return fail(run, file, existing, hash, decoded.error);
  return { file, existing, hash, text: decoded.text };
}

/** Stores one parsed file; returns the old path when it turned out to be a moved one. */
function storeChanged(run: Run, job: Changed, parsed: ParsedPostmortem): string | null {
  const broken = parsed.diagnostics.find((d) => d.code === 'internal-error');
  if (broken) return fail(run, job.file, job.existing, job.hash, broken.message);
  try {
    return storeFile(run, job.file, job.existing, job.hash, parsed, job.text);
  } catch (error) {
    // The file's savepoint was rolled back: nothing of it is half-written. Report it and go on with the others.
    return report(run, job.file, `could not be stored: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes one parsed file in its own savepoint; returns the old path when it turned out to be a moved file. */
function storeFile(run: Run, file: string, existing: FileState | null, hash: string, parsed: ParsedPostmortem, markdown: string): string | null {
  const { db, sqlite } = run.database;
  return sqlite.transaction(() => {
    let target = existing;
    let renamed = false;
    if (!target) {
      const moved = renamedFrom(run, hash, file);
      if (moved) {
        moveIncident(db, moved.id, moved.slug, file, newSlug(run, file, moved.slug));
        target = moved;
        renamed = true;
      }
    }
    storeParse(db, {
      id: target?.id ?? null,
      create: target ? undefined : { slug: newSlug(run, file, null), sourcePath: file },
      hash,
      parseKey: run.parseKey,
      parsed,
      markdown,
      now: run.now(),
    });
    if (renamed) run.summary.renamed += 1;
    else if (target) run.summary.changed += 1;
    else run.summary.added += 1;
    return renamed ? target!.sourcePath : null;
  })();
}

/** A stored incident with these exact bytes whose file no longer exists: the file was moved here. */
function renamedFrom(run: Run, hash: string, file: string): FileState | null {
  const moved = run.sameContent(hash, file).find((state) => state.removedAt !== null || !isFileNow(run, state.sourcePath)) ?? null;
  if (moved) run.noteMoved(moved);
  return moved;
}

/** A free slug for `file` (`current`: the incident's own slug, which it may keep); noted as taken. */
function newSlug(run: Run, file: string, current: string | null): string {
  const wanted = slugFromPath(file);
  if (wanted === current) return wanted;
  const slug = uniqueSlug(wanted, (candidate) => candidate !== current && run.slugTaken(candidate));
  run.noteSlug(slug);
  return slug;
}

/** Records a file that could not be read or parsed: the stored incident keeps its last good parse. */
function fail(run: Run, file: string, existing: FileState | null, hash: string | null, reason: string): null {
  const { db, sqlite } = run.database;
  sqlite.transaction(() => {
    if (existing) recordIncidentError(db, existing.id, hash, run.parseKey, reason, run.now());
    else
      insertFailedIncident(db, { slug: newSlug(run, file, null), sourcePath: file, fileHash: hash, parseKey: run.parseKey, error: reason, now: run.now() });
  })();
  return report(run, file, reason);
}

function report(run: Run, file: string, error: string): null {
  run.summary.failed += 1;
  run.summary.failures.push({ file, error });
  return null;
}

function isFileNow(run: Run, path: string): boolean {
  return kindOf(resolve(run.root, path)) === 'file';
}

function kindOf(path: string): 'file' | 'directory' | 'other' | 'missing' {
  try {
    const stats = statSync(path);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** `path` relative to `root` with `/` separators, or null when it lies outside. */
function relativeInside(root: string, path: string): string | null {
  const rel = relative(root, isAbsolute(path) ? path : resolve(root, path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return toPosix(rel);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
