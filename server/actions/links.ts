/**
 * Linking action items through the service: a GitHub issue or pull request (URL, `owner/repo#12`, `#12`), a commit
 * or any http(s) URL added to an item, and such links removed again. Links written in the markdown come and go
 * with the markdown (the ingest), so only links added through the service can be removed here. A newly linked
 * issue's state comes with the next sync, unless another item links it already (then its state is copied at once);
 * creating the issue instead (`create-issue.ts`) stores GitHub's answer at once.
 */
import type { Database } from '../db/connection.ts';
import type { ActionItemLinkRow } from '../db/queries/item-links.ts';
import { LinkError } from './link-errors.ts';
import { isSameLink, resolveLinkRef } from './link-ref.ts';
import { decideItems } from './apply-issue.ts';
import { copyLinkState, linksOfIssue } from './sync-store.ts';
import { deleteLink, findLinkTarget, insertLink, itemLink, itemLinks, type LinkTarget, type NewLink } from './link-store.ts';

export { LinkError, type LinkErrorCode } from './link-errors.ts';

/** Options of `linkItem`. */
export interface LinkItemOptions {
  /** `owner/name` that `#12` resolves against (`HINDSIGHT_REPO`). Default: none, and `#12` is refused. */
  repo?: string | null;
  /** When the link is added. */
  now: Date;
}

/**
 * Links action item `itemId` to `refOrUrl` (see `resolveLinkRef`: a GitHub issue or pull request URL,
 * `owner/repo#12`, `#12` against `options.repo`, a commit URL, any other http(s) URL), as a `service` link whose
 * state the next sync fills in; when another link to the same issue or pull request was synced already, its state
 * is copied and the item decided again at once. Returns the stored link. Throws a `LinkError`: `not-found` (no such item),
 * `archived` (the item or its incident is gone from the postmortems), `invalid` or `unsafe` (see
 * `resolveLinkRef`), `duplicate` (the item already has this link, written in the markdown or added before: the
 * same URL, or the same issue or pull request however it was written).
 */
export function linkItem(database: Database, itemId: number, refOrUrl: string, options: LinkItemOptions): ActionItemLinkRow {
  const item = linkableItem(database, itemId);
  const resolved = resolveLinkRef(refOrUrl, options.repo ?? null);
  return database.sqlite.transaction(() => {
    const link = recordLink(database, item.id, { ...resolved, source: 'service' }, options.now);
    if (link.repo === null || link.number === null || (link.kind !== 'issue' && link.kind !== 'pull')) return link;
    const known = linksOfIssue(database, link.repo, link.number).find(
      (other) => other.id !== link.id && other.state !== null && other.syncedAt !== null && other.syncError === null,
    );
    if (!known) return link;
    const now = options.now.toISOString();
    copyLinkState(database, known.id, link.id, now);
    decideItems(database, [item.id], now);
    return itemLink(database, item.id, link.id)!;
  })();
}

/** Options of `unlinkItem`. */
export interface UnlinkItemOptions {
  /** When the link is removed (the item's status may change with it). */
  now: Date;
}

/**
 * Removes link `linkId` from action item `itemId` and decides the item again as the sync does (`decideItems`: a
 * removed issue no longer decides its status, owner or due date). Returns the removed link. Only links added through the service can be removed (from
 * archived items too). Throws a `LinkError`: `not-found` (no such item, or no such link on it), `markdown-link`
 * (it is written in the postmortem: the message says where to remove it), `github-link` (the sync found it on
 * GitHub).
 */
export function unlinkItem(database: Database, itemId: number, linkId: number, options: UnlinkItemOptions): ActionItemLinkRow {
  return database.sqlite.transaction(() => {
    const item = findLinkTarget(database, itemId);
    if (!item) throw new LinkError('not-found', `no action item ${itemId}`);
    const link = itemLink(database, itemId, linkId);
    if (!link) throw new LinkError('not-found', `action item ${itemId} has no link ${linkId}`);
    if (link.source === 'markdown') {
      throw new LinkError(
        'markdown-link',
        `${link.ref} is written in the postmortem: remove it from the item in ${item.incident.sourcePath} (line ${item.line}) and it goes with the next ingest`,
      );
    }
    if (link.source === 'github') {
      throw new LinkError(
        'github-link',
        `${link.ref} was found on GitHub (a pull request that references a linked issue): it goes when that issue is unlinked and the sync runs`,
      );
    }
    deleteLink(database, link.id);
    decideItems(database, [itemId], options.now.toISOString());
    return link;
  })();
}

/**
 * Action item `itemId`, when links may be added to it. Throws a `LinkError`: `not-found` (no such item) or
 * `archived` (removed from the markdown, or its incident's file was removed).
 */
export function linkableItem(database: Database, itemId: number): LinkTarget {
  const item = findLinkTarget(database, itemId);
  if (!item) throw new LinkError('not-found', `no action item ${itemId}`);
  if (item.archivedAt !== null) {
    throw new LinkError('archived', `action item ${itemId} was removed from ${item.incident.sourcePath}: archived items take no new links`);
  }
  if (item.incident.removedAt !== null) {
    throw new LinkError('archived', `the postmortem of action item ${itemId} (${item.incident.sourcePath}) was removed: its items take no new links`);
  }
  return item;
}

/**
 * Stores `link` on item `itemId`, added at `now` and not synced yet, unless the item already has it (then a
 * `duplicate` `LinkError` naming the link there); returns the stored link. Call it inside a transaction when more
 * is written with it.
 */
export function recordLink(database: Database, itemId: number, link: Omit<NewLink, 'createdAt'>, now: Date): ActionItemLinkRow {
  return database.sqlite.transaction(() => {
    const existing = itemLinks(database, itemId).find((other) => isSameLink(other, link));
    if (existing) {
      const where = existing.source === 'markdown' ? 'written in the postmortem' : existing.source === 'service' ? 'added before' : 'found on GitHub';
      throw new LinkError('duplicate', `action item ${itemId} already links ${existing.ref} (${where})`);
    }
    const id = insertLink(database, itemId, { ...link, createdAt: now.toISOString() });
    return itemLink(database, itemId, id)!;
  })();
}
