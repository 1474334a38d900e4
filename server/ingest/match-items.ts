/**
 * Keeping action items' identity across edits of their file. The stored items of an incident are matched to the
 * newly parsed ones by content, not by position: an exact text match first, then the most similar pairs (character
 * trigrams of the normalised text, helped by shared links and the same group). Reordering, inserting or deleting
 * other items, and rewording an item, therefore keep every link and decision attached to it.
 */

export interface StoredItem {
  id: number;
  text: string;
  group: string | null;
  owner?: string | null;
  due?: string | null;
  /** Link refs (URLs or `#12`) the item has. */
  refs: readonly string[];
  position: number;
  archived: boolean;
}

export interface NewItem {
  text: string;
  group: string | null;
  owner?: string | null;
  due?: string | null;
  refs: readonly string[];
}

/** Lowest score a reworded item may have and still be the same item. Default used by {@link matchItems}. */
export const MATCH_THRESHOLD = 0.5;

/**
 * For each new item (by index), the id of the stored item it continues, or null when it is new. Each stored item
 * is used at most once; ones left unused are the items that disappeared. Archived items can come back (an item
 * deleted and later restored keeps its links), but a reworded item is matched to the live items first, and only
 * what is left to the archived ones.
 */
export function matchItems(stored: readonly StoredItem[], fresh: readonly NewItem[], threshold = MATCH_THRESHOLD): (number | null)[] {
  const result: (number | null)[] = fresh.map(() => null);
  const used = new Set<number>();

  // 1. Same text (normalised): the common case of an untouched item, whatever moved around it.
  const byText = new Map<string, StoredItem[]>();
  for (const item of [...stored].sort(preferLive)) {
    const key = normalise(item.text);
    const list = byText.get(key);
    if (list) list.push(item);
    else byText.set(key, [item]);
  }
  fresh.forEach((item, index) => {
    const candidates = byText.get(normalise(item.text))?.filter((c) => !used.has(c.id)) ?? [];
    const best = candidates.sort((a, b) => preferLive(a, b) || Math.abs(a.position - index) - Math.abs(b.position - index))[0];
    if (best) {
      result[index] = best.id;
      used.add(best.id);
    }
  });

  // 2. Reworded items: the most similar remaining pairs first, live items before archived ones.
  for (const archived of [false, true]) {
    const openStored = stored.filter((item) => !used.has(item.id) && item.archived === archived);
    const openFresh = fresh.map((item, index) => ({ item, index })).filter(({ index }) => result[index] === null);
    if (openStored.length === 0 || openFresh.length === 0) continue;
    const storedGrams = new Map(openStored.map((item) => [item.id, trigrams(item.text)]));
    const pairs: { id: number; index: number; score: number }[] = [];
    for (const { item, index } of openFresh) {
      const grams = trigrams(item.text);
      for (const old of openStored) {
        const score = similarity(grams, storedGrams.get(old.id)!, old, item, index) - Math.abs(old.position - index) * 0.001;
        if (score >= threshold) pairs.push({ id: old.id, index, score });
      }
    }
    pairs.sort((a, b) => b.score - a.score);
    for (const pair of pairs) {
      if (used.has(pair.id) || result[pair.index] !== null) continue;
      result[pair.index] = pair.id;
      used.add(pair.id);
    }
  }
  return result;
}

/**
 * How alike a stored and a new item are: the Dice coefficient of their text trigrams, plus evidence that the text
 * alone misses: a shared link (+0.3), the same owner (+0.15), the same due date (+0.05), the same group (+0.05),
 * the same place in the list (+0.1: the item was reworded where it stood).
 */
function similarity(a: Set<string>, b: Set<string>, old: StoredItem, item: NewItem, index: number): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  let score = a.size + b.size === 0 ? 0 : (2 * shared) / (a.size + b.size);
  if (item.refs.some((ref) => old.refs.includes(ref))) score += 0.3;
  if (old.owner && old.owner === item.owner) score += 0.15;
  if (old.due && old.due === item.due) score += 0.05;
  if (old.group !== null && old.group === item.group) score += 0.05;
  if (old.position === index) score += 0.1;
  return score;
}

function preferLive(a: StoredItem, b: StoredItem): number {
  return Number(a.archived) - Number(b.archived);
}

/** Lower case, punctuation and markup gone, white space collapsed. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Character trigrams of the normalised text, padded so short words count. */
export function trigrams(text: string): Set<string> {
  const padded = ` ${normalise(text)} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  return grams;
}
