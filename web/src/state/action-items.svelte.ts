/**
 * The action item view's data: the page of items for the filters in the URL (with the counts by status of what the
 * filters select), the progress numbers of every item (completion rate, open items per month), the menus
 * (groups, owners, recent incidents), and how many items the quick filters ("not tracked", "overdue") would show.
 * And the writes on an item, on any page that lists items: link an issue, remove a link, create the item's GitHub
 * issue, link a safeguard or remove such a link, attest a manual safeguard; the page shown reloads after each that
 * succeeds.
 */
import type { ActionItemPage, Facets, IncidentDetail, IncidentPage, SafeguardList, Stats } from '../lib/api-types.ts';
import { ApiError } from '../lib/api.ts';
import { linkLabel, quickFilterQueries, type ItemWrite, type SafeguardChoice, type TrackingControls } from '../lib/item-tracking.ts';
import { PAGE_SIZE, searchOf, type ActionItemFilters } from '../lib/routes.ts';
import { formatWhen } from '../lib/safeguard-format.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api, session, setToken } from './session.svelte.ts';

/** How many items each quick filter shows under the other filters. */
export interface QuickCounts {
  untracked: number;
  overdue: number;
}

const list = new Resource<ActionItemPage>();
const stats = new Resource<Stats>();
const facets = new Resource<Facets>();
const recent = new Resource<IncidentPage>();
const chosen = new Resource<IncidentDetail>();
const quick = new Resource<QuickCounts>();

/**
 * The list, the statistics, the facets, the most recent incidents (the incident menu), the incident filtered
 * on when it is not among them (an old or removed one: its title for the menu), and the quick filters' counts.
 */
export const actionItems = { list, stats, facets, recent, chosen, quick };

/** Loads the page of items for `filters`, and what the view shows around it. */
export function showActionItems(filters: ActionItemFilters): void {
  untrack(() => {
    void list.load(searchOf(filters), (signal) => api.actionItems({ ...filters, limit: PAGE_SIZE }, signal));
    void stats.load('stats', (signal) => api.stats({}, signal));
    void facets.load('facets', (signal) => api.facets({}, signal));
    const queries = quickFilterQueries(filters);
    void quick.load(`${searchOf(queries.untracked)} ${searchOf(queries.overdue)}`, async (signal) => {
      const [untracked, overdue] = await Promise.all([api.actionItems(queries.untracked, signal), api.actionItems(queries.overdue, signal)]);
      return { untracked: untracked.total, overdue: overdue.total };
    });
    void recent
      .load('recent', (signal) => api.incidents({ limit: 200, sort: '-date' }, signal))
      .then(() => {
        const slug = filters.incident;
        if (slug && !recent.data?.items.some((item) => item.slug === slug)) void chosen.load(slug, (signal) => api.incident(slug, signal), { keep: false });
      });
  });
}

let write = $state.raw<ItemWrite | null>(null);
/** What reloads the items shown after the last write asked for. */
let reloadShown: () => void = () => {};

/** The last write on an item's links: on its way, failed (with its error), or done (with what it did). */
export const itemTracking = {
  get write(): ItemWrite | null {
    return write;
  },
};

/**
 * Links `ref` (a URL, `owner/repo#12`, `#12`) to item `itemId`; `reload` loads the items shown again once it is
 * done. Resolves true when it was linked.
 */
export function linkIssue(itemId: number, ref: string, reload: () => void): Promise<boolean> {
  return run({ itemId, action: 'link', input: ref.trim(), linkId: null, force: false }, reload, async () => {
    const link = await api.linkItem(itemId, ref.trim());
    return `Linked ${linkLabel(link)}.`;
  });
}

/** Removes link `linkId` (added through the service) from item `itemId`; then `reload`. Resolves true when removed. */
export function unlinkIssue(itemId: number, linkId: number, reload: () => void): Promise<boolean> {
  return run({ itemId, action: 'unlink', input: '', linkId, force: false }, reload, async () => {
    await api.unlinkItem(itemId, linkId);
    return 'Link removed.';
  });
}

/**
 * Creates the GitHub issue of item `itemId` in `repo` (blank: the server's default repository) and links it; `force`
 * creates it even when the item already has an open issue there. Then `reload`. Resolves true when created.
 */
export function createIssue(itemId: number, repo: string, force: boolean, reload: () => void): Promise<boolean> {
  const name = repo.trim();
  return run({ itemId, action: 'issue', input: name, linkId: null, force }, reload, async () => {
    const link = await api.createIssue(itemId, { ...(name ? { repo: name } : {}), ...(force ? { force: true } : {}) });
    return `Created ${linkLabel(link)}.`;
  });
}

/** Links safeguard `key` to item `itemId` (it implements the item); then `reload`. Resolves true when linked. */
export function linkSafeguard(itemId: number, key: string, reload: () => void): Promise<boolean> {
  return run({ itemId, action: 'safeguard-link', input: key, linkId: null, force: false }, reload, async () => {
    await api.linkSafeguard(key, itemId);
    return `Linked safeguard ${key}.`;
  });
}

/** Removes the link (made through the service) of safeguard `key` to item `itemId`; then `reload`. */
export function unlinkSafeguard(itemId: number, key: string, reload: () => void): Promise<boolean> {
  return run({ itemId, action: 'safeguard-unlink', input: key, linkId: null, force: false }, reload, async () => {
    await api.unlinkSafeguard(key, itemId);
    return `Safeguard ${key} is no longer linked.`;
  });
}

/**
 * Records that `by` checked manual safeguard `key` (of item `itemId`) is in place (`note`: what was checked, may be
 * blank); then `reload`. Resolves true when saved; the outcome says until when it holds, in the viewer's zone.
 */
export function attestItemSafeguard(itemId: number, key: string, by: string, note: string, reload: () => void): Promise<boolean> {
  const attestation = { by: by.trim(), note: note.trim() };
  return run({ itemId, action: 'attest', input: key, linkId: null, force: false, attestation }, reload, async () => {
    const saved = await api.attestSafeguard(key, attestation.note ? attestation : { by: attestation.by });
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    return saved.attestation ? `Attested ${key}; valid until ${formatWhen(saved.attestation.expiresAt, zone)}.` : `Attested ${key}.`;
  });
}

const choices = new Resource<SafeguardList>();

/** Loads (again) every current safeguard, for "Link a safeguard". */
export function loadSafeguardChoices(): void {
  untrack(() => {
    void choices.load('current', (signal) => api.safeguards({}, signal));
  });
}

/** Sends the last write again (after a token was given, or the network came back); nothing when none failed. */
export function retryWrite(): Promise<boolean> {
  const last = write;
  if (!last || last.pending || !last.error) return Promise.resolve(false);
  switch (last.action) {
    case 'link':
      return linkIssue(last.itemId, last.input, reloadShown);
    case 'unlink':
      return unlinkIssue(last.itemId, last.linkId!, reloadShown);
    case 'safeguard-link':
      return linkSafeguard(last.itemId, last.input, reloadShown);
    case 'safeguard-unlink':
      return unlinkSafeguard(last.itemId, last.input, reloadShown);
    case 'attest':
      return attestItemSafeguard(last.itemId, last.input, last.attestation?.by ?? '', last.attestation?.note ?? '', reloadShown);
    default:
      return createIssue(last.itemId, last.input, last.force, reloadShown);
  }
}

/**
 * The controls of a list of items whose view reloads with `reload` after a write: the fields are read when used
 * (getters), so a view that keeps the object sees the last write and the safeguards as they change.
 */
export function trackingControls(reload: () => void): TrackingControls {
  return {
    get write(): ItemWrite | null {
      return write;
    },
    get tokenGiven(): boolean {
      return session.token !== null;
    },
    get safeguardChoices(): readonly SafeguardChoice[] | null {
      return choices.data?.items ?? null;
    },
    get safeguardChoicesError(): string | null {
      return choices.error?.message ?? null;
    },
    onloadsafeguards: loadSafeguardChoices,
    onlink: (itemId, ref) => linkIssue(itemId, ref, reload),
    onunlink: (itemId, linkId) => unlinkIssue(itemId, linkId, reload),
    oncreate: (itemId, repo, force) => createIssue(itemId, repo, force, reload),
    onlinksafeguard: (itemId, key) => linkSafeguard(itemId, key, reload),
    onunlinksafeguard: (itemId, key) => unlinkSafeguard(itemId, key, reload),
    onattest: (itemId, key, by, note) => attestItemSafeguard(itemId, key, by, note, reload),
    ontoken: (token) => {
      setToken(token);
      void retryWrite();
    },
    ondismiss: dismissWrite,
  };
}

/** Forgets the last write's outcome (the person dismissed it). */
export function dismissWrite(): void {
  if (write && !write.pending) write = null;
}

async function run(asked: Omit<ItemWrite, 'pending' | 'error' | 'done'>, reload: () => void, send: () => Promise<string>): Promise<boolean> {
  const mine: ItemWrite = { ...asked, pending: true, error: null, done: null };
  write = mine;
  reloadShown = reload;
  try {
    const done = await send();
    if (write === mine) write = { ...mine, pending: false, done };
    reload();
    return true;
  } catch (error) {
    if (write === mine) {
      write = { ...mine, pending: false, error: error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error)) };
    }
    return false;
  }
}
