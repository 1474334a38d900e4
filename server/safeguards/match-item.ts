/**
 * Finding the action item a safeguard names by words of its text: people write "Block merges to production when
 * the staging hub is not online", the item reads "Block merges to production when the staging hub is not online.
 * Tracked in example-org/datahub#14. @rtorres". Pure.
 */

/** An item to match against: its id and text. */
export interface MatchableItem {
  id: number;
  text: string;
}

/** The matched item, or why there is none (unmatched, ambiguous). */
export type ItemMatch<T extends MatchableItem> =
  | { item: T }
  | { problem: string };

/**
 * The one item whose text is `words`, starts with them, or contains them, compared case-insensitively with white
 * space and trailing punctuation folded (in that order of preference: an exact match wins over a prefix, a prefix
 * over a substring). Several at the best level: ambiguous; none: unmatched. The problem names the candidates.
 */
export function matchItem<T extends MatchableItem>(items: readonly T[], words: string): ItemMatch<T> {
  const wanted = fold(words);
  if (wanted === '') return { problem: 'no words to match an action item by' };
  const folded = items.map((item) => ({ item, text: fold(item.text) }));
  for (const test of [(t: string) => t === wanted, (t: string) => t.startsWith(wanted), (t: string) => t.includes(wanted)]) {
    const found = folded.filter((candidate) => test(candidate.text));
    if (found.length === 1) return { item: found[0]!.item };
    if (found.length > 1) {
      const names = found.slice(0, 3).map((f) => JSON.stringify(shorten(f.item.text))).join(', ');
      return { problem: `${JSON.stringify(words)} matches ${found.length} action items (${names}${found.length > 3 ? ' ...' : ''}): write more of the one you mean` };
    }
  }
  return { problem: `no action item matches ${JSON.stringify(words)}${items.length === 0 ? ' (the incident has no current action items)' : ''}` };
}

function fold(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.;:,!]+$/, '');
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
