/**
 * Finding postmortem files: the paths a user names, with directories walked recursively for
 * markdown files. Pure listing; reading is `readPostmortem`'s job.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, normalize, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { describeFsError } from './read-postmortem.ts';

export interface FindOptions {
  /** File endings collected while walking a directory (case-insensitive). Default: `.md`, `.markdown`, `.qmd`. */
  extensions?: readonly string[];
  /**
   * Globs (picomatch syntax) of files and directories to leave out, matched against the path
   * relative to `cwd`; a glob without `/` matches the base name anywhere (`README.md`). Default: none.
   */
  ignore?: readonly string[];
  /** Directory relative paths are resolved against. Default: the process's working directory. */
  cwd?: string;
}

/** The extensions `findPostmortems` collects by default. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.qmd'];

/** Directory names never walked into, besides any starting with a dot. */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

export interface FoundPostmortems {
  /** Sorted by path, without duplicates. */
  files: string[];
  /** Directories that could not be listed, as `path: reason`. */
  errors: string[];
}

/**
 * The postmortem files under `paths`, sorted by path and without duplicates. A directory is
 * walked recursively for files with one of `extensions`, skipping `node_modules` and dot
 * directories (`.git`); any other path is returned as given, whatever its extension or even when it
 * does not exist, so that reading it reports the problem. `ignore` applies to both.
 * Returned paths keep the form they were given in, normalized (`./postmortems/` → `postmortems/2024-01-02.md`).
 * A directory that cannot be listed is reported in `errors`; the walk goes on.
 */
export async function findPostmortems(
  paths: readonly string[],
  options: FindOptions = {},
): Promise<FoundPostmortems> {
  const cwd = options.cwd ?? process.cwd();
  const extensions = (options.extensions ?? DEFAULT_EXTENSIONS).map((ending) => ending.toLowerCase());
  const isIgnored = ignoreMatcher(options.ignore ?? [], cwd);

  const found = new Set<string>();
  const errors: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(resolve(cwd, directory), { withFileTypes: true });
    } catch (error) {
      errors.push(`${directory}: ${describeFsError(error)}`);
      return;
    }
    entries.sort((a, b) => comparePaths(a.name, b.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (isIgnored(path)) continue;
      const kind = entry.isSymbolicLink() ? await targetKind(resolve(cwd, path)) : entryKind(entry);
      if (kind === 'directory' && !entry.isSymbolicLink() && isWalkable(entry.name)) await walk(path);
      if (kind === 'file' && extensions.some((ending) => entry.name.toLowerCase().endsWith(ending))) found.add(path);
    }
  };

  for (const given of paths.map((path) => normalize(path))) {
    if (isIgnored(given)) continue;
    if ((await targetKind(resolve(cwd, given))) === 'directory') await walk(given);
    else found.add(given);
  }
  return { files: [...found].sort(comparePaths), errors };
}

/** Code-point order, independent of locale, so output is the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Globs without `/` test the base name, the others the path relative to `cwd` (`/`-separated). */
function ignoreMatcher(globs: readonly string[], cwd: string): (path: string) => boolean {
  const byName = globs.filter((glob) => !glob.includes('/'));
  const byPath = globs.filter((glob) => glob.includes('/'));
  const nameMatches = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatches = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (path) => {
    const relativePath = relativeTo(cwd, path);
    return nameMatches(basename(relativePath)) || pathMatches(relativePath);
  };
}

function isWalkable(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_DIRECTORIES.has(name);
}

function relativeTo(cwd: string, path: string): string {
  return relative(cwd, resolve(cwd, path)).split(sep).join('/');
}

type Kind = 'file' | 'directory' | 'other';

function entryKind(entry: { isFile(): boolean; isDirectory(): boolean }): Kind {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
}

/** What `path` is once symbolic links are followed; `other` when it does not exist. */
async function targetKind(path: string): Promise<Kind> {
  try {
    return entryKind(await stat(path));
  } catch {
    return 'other';
  }
}
