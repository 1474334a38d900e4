/**
 * User search text → an FTS5 query that cannot be a syntax error. Every word is quoted as a phrase (so `AND`,
 * `NEAR`, `-`, `*`, `(`, `:` and `"` lose their meaning), the last word matches as a prefix (search as you
 * type), and the words must all match (implicit AND).
 */

/** Most words kept from one search; the rest are ignored. Default: 16. */
export const MAX_SEARCH_TERMS = 16;

/** A word is searchable when it has a letter or a digit; pure punctuation gives no token anyway. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * The FTS5 `MATCH` expression for `text`, or null when it has no searchable word (only spaces or punctuation).
 * `disk full` → `"disk" "full"*`; `say "hi"` → `"say" """hi"""*`.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/u)
    .filter((term) => SEARCHABLE.test(term))
    .slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term, index) => `"${term.replaceAll('"', '""')}"${index === terms.length - 1 ? '*' : ''}`).join(' ');
}
