/**
 * Fingerprints that decide whether a file must be parsed again: the sha256 of its bytes, and a key for the parser
 * and the options it ran with. A file is skipped only when both are unchanged, so upgrading Hindsight (a parser
 * change) or changing `HINDSIGHT_TIMEZONE` / `HINDSIGHT_REPO` re-reads every file once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Hex sha256 of `bytes`. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const PARSER_SOURCES = [
  fileURLToPath(new URL('../parser', import.meta.url)),
  fileURLToPath(new URL('../domain', import.meta.url)),
];

let parserHash: string | null = null;

/** sha256 over the parser's source files (read once per process): changes whenever the parser does. */
export function parserVersion(): string {
  if (parserHash !== null) return parserHash;
  const hash = createHash('sha256');
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(entry.name).update(readFileSync(path));
    }
  };
  for (const directory of PARSER_SOURCES) walk(directory);
  parserHash = hash.digest('hex');
  return parserHash;
}

/** The parse key for these options: parser version + default zone + default repository. */
export function parseKey(options: { timezone: string; repo: string | null }): string {
  return createHash('sha256')
    .update(`${parserVersion()}\n${options.timezone}\n${options.repo ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
