/**
 * What the ingest asks about the store while it writes: is a slug taken, which stored incident has these exact
 * bytes (a moved file). Answered by a query each (a few paths), or from memory loaded once (a whole folder).
 */
import type { Database } from '../db/connection.ts';
import { allSlugs, fileStatesWithHash, slugTaken, type FileState } from '../db/incident-store.ts';

export interface Lookups {
  /** Whether a slug is in use (by an incident or as an old slug). */
  slugTaken(slug: string): boolean;
  /** Stored incidents with these bytes at another path: where a moved file may come from. */
  sameContent(hash: string, file: string): FileState[];
  /** Tells the lookups an incident took `slug`. */
  noteSlug(slug: string): void;
  /** Tells the lookups this incident moved (it is no longer where a moved file may come from). */
  noteMoved(state: FileState): void;
}

/**
 * Lookups answered from the database, one query each: right for a handful of paths (the watcher, the API).
 */
export function databaseLookups(database: Database): Lookups {
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
export function memoryLookups(database: Database, states: readonly FileState[]): Lookups {
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
