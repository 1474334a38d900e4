/** Benchmark input: real postmortems, repeated until there is enough text to time. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusExists, listCorpusFiles } from '../corpus/location.ts';

export interface BenchInputs {
  /** Where the documents came from: `corpus` or `repo` (the repository's postmortems and test fixtures). */
  origin: 'corpus' | 'repo';
  /** Distinct documents read. */
  documents: number;
  /** Bytes (UTF-8) of the distinct documents. */
  documentBytes: number;
  /** The documents repeated in order until `bytes` reaches the target. */
  texts: string[];
  bytes: number;
}

const MARKDOWN = /\.(md|markdown|qmd)$/i;

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownUnder(full));
    else if (entry.isFile() && MARKDOWN.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/** Repeats `documents` in order until their UTF-8 size reaches `targetBytes` (none → an empty list). */
export function repeatToSize(documents: readonly string[], targetBytes: number): { texts: string[]; bytes: number } {
  const sizes = documents.map((text) => Buffer.byteLength(text, 'utf8'));
  const texts: string[] = [];
  let bytes = 0;
  if (sizes.every((size) => size === 0)) return { texts, bytes };
  while (bytes < targetBytes) {
    documents.forEach((text, i) => {
      texts.push(text);
      bytes += sizes[i] ?? 0;
    });
  }
  return { texts, bytes };
}

/**
 * The benchmark documents: every corpus file when `corpusDir` exists, else the markdown files under
 * `<repoRoot>/postmortems` and `<repoRoot>/test` (fixtures); repeated to at least `targetBytes`
 * (default 5 MB = 5,000,000 bytes).
 */
export function loadBenchInputs(corpusDir: string, repoRoot: string, targetBytes = 5_000_000): BenchInputs {
  let origin: BenchInputs['origin'];
  let documents: string[];
  if (corpusExists(corpusDir)) {
    origin = 'corpus';
    documents = listCorpusFiles(corpusDir).map((file) => readFileSync(join(corpusDir, file), 'utf8'));
  } else {
    origin = 'repo';
    const files = [...markdownUnder(join(repoRoot, 'postmortems')), ...markdownUnder(join(repoRoot, 'test'))];
    documents = files.filter((f) => !relative(repoRoot, f).startsWith('node_modules')).map((f) => readFileSync(f, 'utf8'));
  }
  const documentBytes = documents.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  return { origin, documents: documents.length, documentBytes, ...repeatToSize(documents, targetBytes) };
}
