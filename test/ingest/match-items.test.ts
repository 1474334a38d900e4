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

  it('gives each stored item to one new item only (duplicates)', () => {
    expect(matchItems(stored(['Same text']), fresh(['Same text', 'Same text']))).toEqual([100, null]);
  });
});
