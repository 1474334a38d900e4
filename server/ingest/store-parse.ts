/**
 * Writing one good parse into the store (inside the caller's transaction): the incident's columns, tags, timeline
 * and search row are replaced; action items are reconciled with the stored ones so each keeps its identity, its
 * links and its status decisions (see `match-items.ts`); items gone from the markdown are archived. An item's
 * status, owner and due date are decided from the markdown together with its synced GitHub links, as the sync
 * decides them (`server/actions/item-decision.ts`), so re-reading a file keeps what GitHub said.
 */
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import type { DB } from '../db/connection.ts';
import {
  actionItemsOf,
  archiveActionItems,
  insertDecidedActionItem,
  insertIncident,
  itemLinkStatesOf,
  itemSyncColumnsOf,
  linkRef,
  replaceSearchRow,
  replaceTags,
  replaceTimeline,
  syncMarkdownLinks,
  updateDecidedActionItem,
  updateIncidentContent,
  type DecidedItemContent,
  type ItemLinkState,
  type ItemSyncColumns,
  type StoredActionItem,
} from '../db/incident-store.ts';
import { decideItem } from '../actions/item-decision.ts';
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
  const syncColumns = stored.length === 0 ? new Map<number, ItemSyncColumns>() : itemSyncColumnsOf(db, incidentId);
  const linkStates = stored.some((item) => item.refs.length > 0) ? itemLinkStatesOf(db, incidentId) : new Map<number, ItemLinkState[]>();
  const fresh = parsed.actionItems;
  const matches = matchItems(
    // An owner or due date GitHub filled in is not the markdown's: it must not help match a reworded item.
    stored.map((item) => ({
      ...item,
      owner: syncColumns.get(item.id)?.ownerSource === 'github' ? null : item.owner,
      due: syncColumns.get(item.id)?.dueSource === 'github' ? null : item.due,
      archived: item.archivedAt !== null,
    })),
    fresh.map((item) => ({ text: item.text, group: item.group, owner: item.owner, due: item.due, refs: item.links.map(linkRef) })),
  );
  const byId = new Map(stored.map((item) => [item.id, item]));
  const kept = new Set<number>();
  fresh.forEach((item, position) => {
    const matchId = matches[position] ?? null;
    const previous = matchId === null ? null : byId.get(matchId)!;
    let itemId: number;
    if (previous) {
      const written = new Set(item.links.map(linkRef));
      // The links the item keeps: markdown ones still written (their synced state stays), and every other source.
      const links = (linkStates.get(previous.id) ?? []).filter((link) => link.source !== 'markdown' || written.has(link.ref));
      updateDecidedActionItem(db, previous.id, itemContent(item, position, previous, syncColumns.get(previous.id) ?? null, links, now), now);
      itemId = previous.id;
      kept.add(previous.id);
    } else {
      itemId = insertDecidedActionItem(db, incidentId, itemContent(item, position, null, null, [], now), now);
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
 * The item as stored after this parse: the markdown's text, position and checkbox, and the status, owner and due
 * date `decideItem` gives from the checkbox and the item's synced `links`: a ticked checkbox wins (flagged when
 * GitHub disagrees), else GitHub's view once a link is synced, else the checkbox; a status a person set through
 * the service stays; the markdown's owner and due date win, GitHub's fill them when none is written.
 */
function itemContent(
  item: ParsedPostmortem['actionItems'][number],
  position: number,
  previous: StoredActionItem | null,
  sync: ItemSyncColumns | null,
  links: readonly ItemLinkState[],
  now: string,
): DecidedItemContent {
  const decision = decideItem(
    {
      done: item.done,
      markdownOwner: item.owner,
      markdownDue: item.due,
      status: previous?.status ?? null,
      statusSource: previous?.statusSource ?? null,
      statusConflict: sync?.statusConflict ?? null,
      doneAt: previous?.doneAt ?? null,
    },
    links,
    now,
  );
  return {
    position,
    text: item.text,
    group: item.group,
    done: item.done,
    line: item.line,
    ...decision,
  };
}
