/**
 * The reads and writes linking needs: an action item with its incident, its links, one link, inserting and
 * deleting a link. Queries only; the rules are in `links.ts` and `create-issue.ts` (and the item's status, owner
 * and due date are decided by the sync's `decideItems`).
 */
import type { Database } from '../db/connection.ts';
import { readLinks, type ActionItemLinkRow } from '../db/queries/item-links.ts';
import { statement } from '../db/queries/statements.ts';
import { actionItemLinks, type LinkSource } from '../db/schema.ts';
import type { Link } from '../domain/postmortem.ts';

/** An action item as linking sees it: its text, owner, due date, place in the markdown, and its incident. */
export interface LinkTarget {
  id: number;
  text: string;
  owner: string | null;
  due: string | null;
  archivedAt: string | null;
  /** 1-based line in the markdown. */
  line: number;
  incident: { id: number; slug: string; sourcePath: string; title: string | null; removedAt: string | null };
}

const TARGET_SQL = `
SELECT a.id, a.text, a.owner, a.due, a.archived_at AS archivedAt, a.line, i.id AS incidentId, i.slug, i.source_path AS sourcePath,
  i.title, i.removed_at AS removedAt
FROM action_items a JOIN incidents i ON i.id = a.incident_id WHERE a.id = ?`;

/** Action item `id` with its incident, or null when there is none. */
export function findLinkTarget(database: Database, id: number): LinkTarget | null {
  const row = statement(database, TARGET_SQL).get(id) as
    | (Omit<LinkTarget, 'incident'> & { incidentId: number } & Omit<LinkTarget['incident'], 'id'>)
    | undefined;
  if (!row) return null;
  const { incidentId, slug, sourcePath, title, removedAt, ...item } = row;
  return { ...item, incident: { id: incidentId, slug, sourcePath, title, removedAt } };
}

const LINK_COLUMNS = `l.action_item_id AS itemId, l.id, l.source, l.ref, l.url, l.repo, l.number, l.kind, l.state,
  l.state_reason AS stateReason, l.title, l.assignees, l.labels, l.due_on AS dueOn, l.synced_at AS syncedAt,
  l.sync_error AS syncError`;
const ITEM_LINKS_SQL = `SELECT ${LINK_COLUMNS} FROM action_item_links l WHERE l.action_item_id = ? ORDER BY l.id`;
const LINK_SQL = `SELECT ${LINK_COLUMNS} FROM action_item_links l WHERE l.action_item_id = ? AND l.id = ?`;

/** The links of action item `id`, oldest first. */
export function itemLinks(database: Database, id: number): ActionItemLinkRow[] {
  return readLinks(statement(database, ITEM_LINKS_SQL).all(id)).get(id) ?? [];
}

/** Link `linkId` of action item `itemId`, or null when the item has no such link. */
export function itemLink(database: Database, itemId: number, linkId: number): ActionItemLinkRow | null {
  return readLinks(statement(database, LINK_SQL).all(itemId, linkId)).get(itemId)?.[0] ?? null;
}

/** A link to insert. */
export interface NewLink {
  source: LinkSource;
  ref: string;
  url: string | null;
  repo: string | null;
  number: number | null;
  kind: Link['kind'];
  /** When it was added (ISO-8601 UTC). */
  createdAt: string;
}

/** Inserts `link` on action item `itemId`, not synced yet; returns its id. Throws SQLite's error on a duplicate ref or an unknown item. */
export function insertLink(database: Database, itemId: number, link: NewLink): number {
  const row = database.db
    .insert(actionItemLinks)
    .values({
      actionItemId: itemId,
      source: link.source,
      ref: link.ref,
      url: link.url,
      repo: link.repo,
      number: link.number,
      kind: link.kind,
      createdAt: link.createdAt,
    })
    .returning({ id: actionItemLinks.id })
    .get();
  return row.id;
}

/** Deletes link `linkId`; returns whether it existed. */
export function deleteLink(database: Database, linkId: number): boolean {
  return statement(database, 'DELETE FROM action_item_links WHERE id = ?').run(linkId).changes > 0;
}
