/** Where the external corpus lives and which of its files are postmortems to parse. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above this file). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The seed file name, inside `<corpus>/../seeds/`. */
export const SEED_FILE = '000_7ea7acc923a49be0.txt';

/**
 * The corpus folder: `override` when given and non-empty (the caller passes `HINDSIGHT_CORPUS`),
 * resolved against `root`; else `<root>/../shared/corpus`. Default `root`: the repository root.
 */
export function resolveCorpusDir(override?: string | null, root: string = repoRoot): string {
  if (override != null && override.trim() !== '') return resolve(root, override.trim());
  return resolve(root, '..', 'shared', 'corpus');
}

/** The seed postmortem that sits next to the corpus: `<corpus>/../seeds/<SEED_FILE>`. */
export function seedPath(corpusDir: string): string {
  return join(dirname(corpusDir), 'seeds', SEED_FILE);
}

/** True when `dir` exists and is a folder. */
export function corpusExists(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * Every postmortem-like file of the corpus as a sorted list of `/`-separated corpus-relative paths:
 * all files inside the source folders (including `_templates/` and `_nonincident/`), skipping the
 * top-level documentation files (`README.md`, `FORMATS.md`, `MANIFEST.tsv`), the `_labels/` folder
 * and dot files. Reads the folder; never writes.
 */
export function listCorpusFiles(corpusDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(relative(corpusDir, full).split(sep).join('/'));
    }
  };
  for (const entry of readdirSync(corpusDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === '_labels') continue;
    walk(join(corpusDir, entry.name));
  }
  return found.sort();
}

/** The source of a corpus-relative path: its first folder (`dfds`, `_templates`, ...). */
export function sourceOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}
