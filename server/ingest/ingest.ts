/**
 * Postmortem files → parser → database, one transaction per file. A folder ingest walks everything and marks
 * incidents whose file is gone as removed; a path ingest (what the watcher sends) looks only at the paths given.
 * Unchanged files (same bytes, same parser and options) are skipped after hashing; a file that cannot be read or
 * parsed keeps its last good parse with the error attached; a file that moved keeps its incident.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Database } from '../db/connection.ts';
import {
  allFileStates,
  allSlugs,
  fileStateByPath,
  fileStatesUnder,
  fileStatesWithHash,
  insertFailedIncident,
  markIncidentsRemoved,
  moveIncident,
  recordIncidentError,
  slugTaken,
  type FileState,
} from '../db/incident-store.ts';
import { DEFAULT_EXTENSIONS, findPostmortems } from '../files/find-postmortems.ts';
import { decodePostmortem, readPostmortemBytesSync } from '../files/read-postmortem.ts';
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import { parsePostmortem } from '../parser/index.ts';
import { contentHash, parseKey } from './fingerprint.ts';
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
 * Files written per commit: at most this many, or as many as fit in {@link COMMIT_MS}. Each file is still written
 * atomically (its own savepoint inside the commit); grouping commits spares SQLite and its full-text index a
 * journal flush per file, and the event loop gets a turn between commits so a server stays responsive.
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
  await inCommits(run, files, options.signal, (file, i) => {
    const moved = ingestFile(run, file, states.get(file) ?? null);
    states.delete(file);
    if (moved) states.delete(moved);
    options.onProgress?.(i + 1, files.length, file);
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
  const present = [...files];
  await inCommits(run, present, options.signal, (file, i) => {
    ingestFile(run, file, fileStateByPath(database.db, file));
    options.onProgress?.(i + 1, present.length, file);
  });
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

interface Run {
  database: Database;
  root: string;
  extensions: readonly string[];
  timezone: string;
  repo: string | null;
  parseKey: string;
  now(): string;
  isPostmortem(path: string): boolean;
  summary: IngestSummary;
  /** Whether a slug is in use (by an incident or as an old slug). */
  slugTaken(slug: string): boolean;
  /** Stored incidents with these bytes at another path: where a moved file may come from. */
  sameContent(hash: string, file: string): FileState[];
  /** Tells the lookups an incident took `slug`, or moved away from `oldPath`. */
  noteSlug(slug: string): void;
  noteMoved(state: FileState): void;
}

/**
 * Lookups answered from the database, one query each: right for a handful of paths (the watcher, the API).
 */
function databaseLookups(database: Database): Pick<Run, 'slugTaken' | 'sameContent' | 'noteSlug' | 'noteMoved'> {
  return {
    slugTaken: (slug) => slugTaken(database.db, slug),
    sameContent: (hash, file) => fileStatesWithHash(database.db, hash, file),
    noteSlug: () => undefined,
    noteMoved: () => undefined,
  };
}

/**
 * Lookups answered from memory, loaded once: a folder ingest of thousands of files asks them for every new file.
 */
function memoryLookups(database: Database, states: readonly FileState[]): Pick<Run, 'slugTaken' | 'sameContent' | 'noteSlug' | 'noteMoved'> {
  const slugs = new Set(allSlugs(database.db));
  const byHash = new Map<string, FileState[]>();
  for (const state of states) {
    if (state.fileHash) byHash.set(state.fileHash, [...(byHash.get(state.fileHash) ?? []), state]);
  }
  return {
    slugTaken: (slug) => slugs.has(slug),
    sameContent: (hash, file) => (byHash.get(hash) ?? []).filter((state) => state.sourcePath !== file),
    noteSlug: (slug) => void slugs.add(slug),
    noteMoved: (moved) => {
      const list = byHash.get(moved.fileHash ?? '');
      if (list) byHash.set(moved.fileHash ?? '', list.filter((state) => state.id !== moved.id));
    },
  };
}

function context(
  database: Database,
  options: IngestOptions,
  summary: IngestSummary,
  lookups: Pick<Run, 'slugTaken' | 'sameContent' | 'noteSlug' | 'noteMoved'> = databaseLookups(database),
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

/**
 * Reads, parses and stores one file (relative path), updating the summary. Never throws for a bad file. Returns
 * the old path when the file turned out to be a moved one.
 */
function ingestFile(run: Run, file: string, existing: FileState | null): string | null {
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
  const parsed = parsePostmortem(decoded.text, { file, defaultTimezone: run.timezone, repo: run.repo });
  const broken = parsed.diagnostics.find((d) => d.code === 'internal-error');
  if (broken) return fail(run, file, existing, hash, broken.message);

  try {
    return storeFile(run, file, existing, hash, parsed, decoded.text);
  } catch (error) {
    // The file's savepoint was rolled back: nothing of it is half-written. Report it and go on with the others.
    return report(run, file, `could not be stored: ${error instanceof Error ? error.message : String(error)}`);
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

/** Calls `handle` on each item, grouped into commits (see {@link COMMIT_FILES}), yielding between commits. */
async function inCommits<T>(run: Run, items: readonly T[], signal: AbortSignal | undefined, handle: (item: T, index: number) => void): Promise<void> {
  let i = 0;
  while (i < items.length && !signal?.aborted) {
    const start = performance.now();
    run.database.sqlite.transaction(() => {
      do {
        handle(items[i]!, i);
        i += 1;
      } while (i < items.length && i % COMMIT_FILES !== 0 && performance.now() - start < COMMIT_MS && !signal?.aborted);
    })();
    await yieldToEventLoop();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
