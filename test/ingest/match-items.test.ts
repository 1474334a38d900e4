import { describe, expect, it } from 'vitest';
import { matchItems, type StoredItem } from '../../server/ingest/match-items.ts';

const stored = (texts: string[], extra: Partial<StoredItem> = {}): StoredItem[] =>
  texts.map((text, position) => ({ id: 100 + position, text, group: null, refs: [], position, archived: false, ...extra }));
const fresh = (texts: string[]) => texts.map((text) => ({ text, group: null, refs: [] as string[] }));

describe('matchItems', () => {
  const old = stored(['Add a readiness probe to the hub', 'Alert when staging is down', 'Document the release process']);

  it('keeps identity when items are reordered', () => {
    expect(matchItems(old, fresh(['Document the release process', 'Add a readiness probe to the hub', 'Alert when staging is down']))).toEqual([
      102, 100, 101,
    ]);
  });

  it('follows a reworded item and leaves a new one unmatched', () => {
    expect(
      matchItems(old, fresh(['Write a runbook for database failover', 'Add readiness probes to the hub pods', 'Alert when staging is down'])),
    ).toEqual([null, 100, 101]);
  });

  it('does not match unrelated text', () => {
    expect(matchItems(old, fresh(['Rotate the TLS certificates', 'Buy more disks']))).toEqual([null, null]);
  });

  it('uses a shared link to tell two similar items apart', () => {
    const linked: StoredItem[] = [
      { id: 1, text: 'Add alert for queue depth', group: null, refs: ['https://github.com/a/b/issues/1'], position: 0, archived: false },
      { id: 2, text: 'Add alert for disk usage', group: null, refs: ['https://github.com/a/b/issues/2'], position: 1, archived: false },
    ];
    const result = matchItems(linked, [
      { text: 'Add an alert for disk usage on brokers', group: null, refs: ['https://github.com/a/b/issues/2'] },
      { text: 'Add an alert for queue depth on brokers', group: null, refs: ['https://github.com/a/b/issues/1'] },
    ]);
    expect(result).toEqual([2, 1]);
  });

  it('prefers a live item over an archived twin, and revives an archived item', () => {
    const items: StoredItem[] = [
      { id: 1, text: 'Fix the alert', group: null, refs: [], position: 0, archived: true },
      { id: 2, text: 'Fix the alert', group: null, refs: [], position: 1, archived: false },
      { id: 3, text: 'Restore the runbook', group: null, refs: [], position: 2, archived: true },
    ];
    expect(matchItems(items, fresh(['Fix the alert', 'Restore the runbook']))).toEqual([2, 3]);
  });

  it('follows a fuller rewording when the owner (and place) stay', () => {
    const owned: StoredItem[] = [
      { id: 1, text: 'Alert on cache hit rate', group: null, owner: 'dana', refs: [], position: 0, archived: false },
      { id: 2, text: 'Write the failover runbook', group: null, owner: 'eli', refs: [], position: 1, archived: false },
    ];
    const reworded = [
      { text: 'Page the on-call when the cache hit rate drops below 80%', group: null, owner: 'dana', refs: [] },
      { text: 'Write the failover runbook', group: null, owner: 'eli', refs: [] },
    ];
    expect(matchItems(owned, reworded)).toEqual([1, 2]);
    // Without the owner, keeping its place in the list is enough; moved as well, it counts as a new item.
    expect(matchItems(owned.map((item) => ({ ...item, owner: null })), reworded.map((item) => ({ ...item, owner: null })))).toEqual([1, 2]);
    expect(matchItems([{ ...owned[0]!, owner: null, position: 5 }], [{ ...reworded[0]!, owner: null }])).toEqual([null]);
  });

  it('gives a reworded item to the live item before an archived older version', () => {
    const items: StoredItem[] = [
      { id: 34, text: 'Alert when the queue grows', group: null, refs: [], position: 0, archived: true },
      { id: 30, text: 'Alert when the queue grows fast', group: null, refs: [], position: 0, archived: false },
    ];
    expect(matchItems(items, fresh(['Alert when the queue grows quickly']))).toEqual([30]);
  });

  it('gives each stored item to one new item only (duplicates)', () => {
    expect(matchItems(stored(['Same text']), fresh(['Same text', 'Same text']))).toEqual([100, null]);
  });
});
