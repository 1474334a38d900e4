/** Links of action items as read from `action_item_links`, grouped by item. */
import type { LinkSource } from '../schema.ts';

/** A link with what the GitHub sync learned about it (null until synced). */
export interface ActionItemLinkRow {
  id: number;
  source: LinkSource;
  /** The URL, or `#12` for a bare reference with no repository. */
  ref: string;
  url: string | null;
  repo: string | null;
  number: number | null;
  kind: 'issue' | 'pull' | 'commit' | 'other';
  state: string | null;
  stateReason: string | null;
  title: string | null;
  assignees: string[];
  labels: string[];
  dueOn: string | null;
  syncedAt: string | null;
  syncError: string | null;
}

/** A row of the link queries: the link's columns (JSON lists as text) and the item it belongs to. */
export type RawLinkRow = Omit<ActionItemLinkRow, 'assignees' | 'labels'> & {
  itemId: number;
  assignees: string | null;
  labels: string | null;
};

/** `rows` (from a query selecting `itemId` and the link columns, ordered) grouped by item id, order kept. */
export function readLinks(rows: readonly unknown[]): Map<number, ActionItemLinkRow[]> {
  const byItem = new Map<number, ActionItemLinkRow[]>();
  for (const raw of rows as RawLinkRow[]) {
    const { itemId, assignees, labels, ...link } = raw;
    const list = byItem.get(itemId) ?? [];
    list.push({ ...link, assignees: parseList(assignees), labels: parseList(labels) });
    byItem.set(itemId, list);
  }
  return byItem;
}

function parseList(text: string | null): string[] {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
