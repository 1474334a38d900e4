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
  insertIncident,
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
  /** The incident to update, or null to create one at `create`. */
  id: number | null;
  create?: { slug: string; sourcePath: string };
  hash: string;
  parseKey: string;
  parsed: ParsedPostmortem;
  markdown: string;
  /** ISO time of this write. */
  now: string;
}

/**
 * Stores `parsed` as the incident's current content: on the incident `input.id`, or on a new incident at
 * `input.create` (slug and path); returns the incident's id.
 */
export function storeParse(db: DB, input: StoreParseInput): number {
  const { parsed, now } = input;
  const content = incidentContent(parsed, input.markdown);
  const isNew = input.id === null;
  let id: number;
  if (input.id === null) {
    if (!input.create) throw new Error('storeParse: a new incident needs its slug and path');
    id = insertIncident(db, { ...input.create, fileHash: input.hash, parseKey: input.parseKey, now }, content);
  } else {
    id = input.id;
    updateIncidentContent(db, id, input.hash, input.parseKey, content, now);
  }
  const tags = tagsOf(parsed);
  if (!isNew || tags.length > 0) replaceTags(db, id, tags);
  replaceTimeline(db, id, parsed.timeline, isNew);
  reconcileActionItems(db, id, parsed, now, isNew);
  replaceSearchRow(db, id, searchText(parsed), isNew);
  return id;
}

function reconcileActionItems(db: DB, incidentId: number, parsed: ParsedPostmortem, now: string, isNew: boolean): void {
  const stored = isNew ? [] : actionItemsOf(db, incidentId);
  const fresh = parsed.actionItems;
  const matches = matchItems(
    stored.map((item) => ({ ...item, archived: item.archivedAt !== null })),
    fresh.map((item) => ({ text: item.text, group: item.group, owner: item.owner, due: item.due, refs: item.links.map(linkRef) })),
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
