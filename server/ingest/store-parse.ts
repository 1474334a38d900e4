/**
 * Writing one good parse into the store (inside the caller's transaction): the incident's columns, tags, timeline
 * and search row are replaced; action items are reconciled with the stored ones so each keeps its identity, its
 * links and its status decisions (see `match-items.ts`); items gone from the markdown are archived.
 */
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import type { DB } from '../db/connection.ts';
import {
  actionItemsOf,
  archiveActionItems,
  insertActionItem,
  linkRef,
  replaceSearchRow,
  replaceTags,
  replaceTimeline,
  syncMarkdownLinks,
  updateActionItem,
  updateIncidentContent,
  type ActionItemContent,
  type StoredActionItem,
} from '../db/incident-store.ts';
import { incidentContent, searchText, tagsOf } from './incident-content.ts';
import { matchItems } from './match-items.ts';

export interface StoreParseInput {
  id: number;
  hash: string;
  parseKey: string;
  parsed: ParsedPostmortem;
  markdown: string;
  /** ISO time of this write. */
  now: string;
  /** The incident row was just created (nothing stored to replace). Default: false. */
  isNew?: boolean;
}

/** Stores `parsed` as the incident's current content. */
export function storeParse(db: DB, input: StoreParseInput): void {
  const { id, parsed, now } = input;
  updateIncidentContent(db, id, input.hash, input.parseKey, incidentContent(parsed, input.markdown), now);
  replaceTags(db, id, tagsOf(parsed));
  replaceTimeline(db, id, parsed.timeline);
  reconcileActionItems(db, id, parsed, now, input.isNew === true);
  replaceSearchRow(db, id, searchText(parsed), input.isNew === true);
}

function reconcileActionItems(db: DB, incidentId: number, parsed: ParsedPostmortem, now: string, isNew: boolean): void {
  const stored = isNew ? [] : actionItemsOf(db, incidentId);
  const fresh = parsed.actionItems;
  const matches = matchItems(
    stored.map((item) => ({ ...item, archived: item.archivedAt !== null })),
    fresh.map((item) => ({ text: item.text, group: item.group, refs: item.links.map(linkRef) })),
  );
  const byId = new Map(stored.map((item) => [item.id, item]));
  const kept = new Set<number>();
  fresh.forEach((item, position) => {
    const matchId = matches[position] ?? null;
    const previous = matchId === null ? null : byId.get(matchId)!;
    const content = itemContent(item, position, previous, now);
    let itemId: number;
    if (previous) {
      updateActionItem(db, previous.id, content, now);
      itemId = previous.id;
      kept.add(previous.id);
    } else {
      itemId = insertActionItem(db, incidentId, content, now);
    }
    syncMarkdownLinks(db, itemId, item.links, !previous);
  });
  archiveActionItems(
    db,
    stored.filter((item) => !kept.has(item.id) && item.archivedAt === null).map((item) => item.id),
    now,
  );
}

/**
 * The markdown's view of an item. Its status follows the checkbox while the markdown decides it; once a linked
 * issue or a person has decided it (`statusSource` github/service), the markdown no longer moves it.
 */
function itemContent(
  item: ParsedPostmortem['actionItems'][number],
  position: number,
  previous: StoredActionItem | null,
  now: string,
): ActionItemContent {
  const markdownDecides = !previous || previous.statusSource === 'markdown';
  const status = markdownDecides ? (item.done ? 'done' : 'open') : previous.status;
  const doneAt = status === 'done' ? (previous?.doneAt ?? now) : null;
  return {
    position,
    text: item.text,
    group: item.group,
    done: item.done,
    owner: item.owner,
    due: item.due,
    line: item.line,
    status,
    doneAt,
  };
}
