/** The guarded entry point: restore a document only when it looks flattened. */
import { looksFlattened } from './detect.ts';
import { restoreLineBreaks } from './restore.ts';

/**
 * Rebuild the line breaks of a flattened markdown document (see `looksFlattened`). Returns the
 * restored markdown, ending in a newline, or null when `text` does not look flattened. Never throws:
 * an internal failure also gives null.
 */
export function unflatten(text: string): string | null {
  try {
    return looksFlattened(text) ? restoreLineBreaks(text) : null;
  } catch {
    return null;
  }
}
