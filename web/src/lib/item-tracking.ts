/**
 * How an action item's tracking reads: its link state in words (and what it says while GitHub is not configured),
 * each link's GitHub state, where the status, owner and due date came from, the repository a new issue should go
 * to, the drifted safeguards of an incident's items, and what a failed write (link, unlink, create an issue, link
 * or unlink a safeguard, attest one) says. Pure: plain data in, plain data out.
 */
import type { ApiError } from './api.ts';
import type { ActionItemLink, ActionItemListQuery, ActionItemStatus, ItemSafeguard, LinkState, SafeguardView, Settings } from './api-types.ts';
import { formatWhen } from './safeguard-format.ts';

/** How this Hindsight talks to GitHub (`GET /api/settings`). */
export type GitHubSetup = Settings['github'];

/** Said once on each page that tracks items when no GitHub token is configured. */
export const GITHUB_OFF_TEXT = 'GitHub is not configured (no GITHUB_TOKEN): links are not synced and safeguards are not checked';

/** Why "Create issue" and "Verify now" wait (their tooltip) while GitHub is not configured. */
export const GITHUB_OFF_REASON = 'GitHub is not configured (no GITHUB_TOKEN)';

/** True only when the settings say GitHub is not configured (unknown settings: false, the buttons stay). */
export function githubOff(github: Pick<GitHubSetup, 'configured'> | null): boolean {
  return github !== null && !github.configured;
}

/**
 * When GitHub was last asked, in `zone`: `sync` — `Issues last synced 2024-08-01 17:30 GMT+5:30, every 15 min` (or
 * `not synced yet`); `verify` — `Safeguards last checked …` (or `not checked yet`). The interval is left out when
 * the server never syncs on its own (`syncMinutes` 0). Null when GitHub is not configured.
 */
export function githubTimesText(github: GitHubSetup, what: 'sync' | 'verify', zone: string): string | null {
  if (!github.configured) return null;
  const at = what === 'sync' ? github.lastSyncAt : github.lastVerifiedAt;
  const [subject, verb] = what === 'sync' ? ['Issues', 'synced'] : ['Safeguards', 'checked'];
  const when = at ? `${subject} last ${verb} ${formatWhen(at, zone)}` : `${subject} not ${verb} yet`;
  return github.syncMinutes > 0 ? `${when}; ${verb} every ${github.syncMinutes} min.` : `${when}.`;
}

/** What the tracking parts of the UI read of an action item (both the incident's and the list's shapes have it). */
export interface TrackedItem {
  id: number;
  text: string;
  archived: boolean;
  statusSource: 'markdown' | 'github' | 'service';
  statusConflict: string | null;
  links: ActionItemLink[];
  linkState: LinkState;
  safeguards: ItemSafeguard[];
}

/** A colour family for badges; never the only signal (every badge has its words). */
export type Tone = 'danger' | 'warn' | 'ok' | 'neutral';

/** The link state of an item in words; `none` is what rots, so it says so plainly. */
export const LINK_STATE_LABELS: Record<LinkState, string> = {
  none: 'not tracked',
  untracked: 'links only',
  unsynced: 'not synced yet',
  error: 'sync failed',
  open: 'issue open',
  'in-progress': 'in progress on GitHub',
  done: 'done on GitHub',
  'wont-do': "won't do on GitHub",
};

/** What each link state means, for the badge's tooltip. */
export const LINK_STATE_HINTS: Record<LinkState, string> = {
  none: 'No issue, pull request or URL is linked: nothing tracks this item.',
  untracked: 'Its links are URLs or commits GitHub cannot report a state for.',
  unsynced: 'A linked issue or pull request has not been synced with GitHub yet.',
  error: 'The last sync of a linked issue or pull request failed.',
  open: 'The linked issue is open.',
  'in-progress': 'A linked pull request is open, or one merged while the linked issue is still open.',
  done: 'GitHub says it is done (the issue closed as completed, or the pull request merged).',
  'wont-do': 'GitHub says it will not be done (closed as not planned).',
};

/** The tone of a link state badge: `none` danger, sync trouble warn, done ok. */
export function linkStateTone(state: LinkState): Tone {
  if (state === 'none') return 'danger';
  if (state === 'error' || state === 'untracked' || state === 'unsynced') return 'warn';
  if (state === 'done') return 'ok';
  return 'neutral';
}

/** What the link state badge of an item shows: its words, tone and tooltip. */
export interface LinkBadge {
  label: string;
  tone: Tone;
  hint: string;
}

/** Said instead of "not synced yet" while GitHub is not configured: it will not change until it is. */
export const GITHUB_OFF_LINK_TEXT = 'not synced (GitHub off)';

/**
 * The link state badge of an item: `not tracked` (danger) only for an open or in-progress item without a link (a
 * done or dropped one reads a muted `no link`), and a muted `not synced (GitHub off)` instead of `not synced yet`
 * while GitHub is not configured (`githubOff`; default false).
 */
export function linkBadge(state: LinkState, status: ActionItemStatus, githubOff = false): LinkBadge {
  if (state === 'none' && (status === 'done' || status === 'wont-do')) {
    return { label: 'no link', tone: 'neutral', hint: 'No issue, pull request or URL is linked; the item is closed, so nothing needs to track it.' };
  }
  if (state === 'unsynced' && githubOff) {
    return { label: GITHUB_OFF_LINK_TEXT, tone: 'neutral', hint: `${GITHUB_OFF_REASON}: linked issues and pull requests are not synced.` };
  }
  return { label: LINK_STATE_LABELS[state], tone: linkStateTone(state), hint: LINK_STATE_HINTS[state] };
}

/** A link as people write it: `owner/repo#12` for GitHub issues and pull requests, else its ref. */
export function linkLabel(link: Pick<ActionItemLink, 'repo' | 'number' | 'ref'>): string {
  if (link.repo && link.number !== null) return `${link.repo}#${link.number}`;
  return link.ref;
}

/**
 * What GitHub last said about a link: `open`, `closed as completed`, `closed as not planned`, `closed`, `merged`,
 * `closed without merging`; `not synced yet` for an issue or pull request never synced (`not synced (GitHub off)`
 * with `githubOff`; default false); null for links GitHub cannot tell about (URLs, commits). A sync error is
 * reported apart (`link.syncError`).
 */
export function linkStateText(link: Pick<ActionItemLink, 'kind' | 'state' | 'stateReason' | 'repo' | 'number'>, githubOff = false): string | null {
  const github = (link.kind === 'issue' || link.kind === 'pull') && link.repo !== null && link.number !== null;
  if (link.state === null) return github ? (githubOff ? GITHUB_OFF_LINK_TEXT : 'not synced yet') : null;
  if (link.state === 'merged') return 'merged';
  if (link.state === 'closed') {
    if (link.kind === 'pull') return 'closed without merging';
    if (link.stateReason === 'completed') return 'closed as completed';
    if (link.stateReason === 'not_planned') return 'closed as not planned';
    if (link.stateReason) return `closed as ${link.stateReason.replace(/_/g, ' ')}`;
    return 'closed';
  }
  return link.state;
}

/** The tone of a link's state: merged or completed ok, not planned or a sync error warn. */
export function linkTone(link: Pick<ActionItemLink, 'kind' | 'state' | 'stateReason' | 'syncError'>): Tone {
  if (link.syncError) return 'warn';
  if (link.state === 'merged' || (link.state === 'closed' && link.kind === 'issue' && link.stateReason !== 'not_planned')) return 'ok';
  if (link.state === 'closed') return 'warn';
  return 'neutral';
}

/** Only http(s) URLs become links; anything else is shown as text. */
export function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** A link the service added (the only kind "Unlink" removes; markdown links are edited in the file). */
export function canUnlink(link: Pick<ActionItemLink, 'source'>): boolean {
  return link.source === 'service';
}

/**
 * Where a GitHub-decided status came from: `from GitHub #14` (the synced issues and pull requests, `#14, #20` for
 * several); null when the status is not GitHub's.
 */
export function statusOrigin(item: { statusSource: string; links: readonly ActionItemLink[] }): string | null {
  if (item.statusSource !== 'github') return null;
  const synced = item.links.filter((link) => (link.kind === 'issue' || link.kind === 'pull') && link.number !== null && link.state !== null);
  if (synced.length === 0) return 'from GitHub';
  return `from GitHub ${[...new Set(synced.map((link) => `#${link.number}`))].join(', ')}`;
}

/** `(from GitHub)` for an owner or due date a linked issue gave; null when the markdown gave it (or nothing did). */
export function sourceNote(source: 'markdown' | 'github' | null): string | null {
  return source === 'github' ? '(from GitHub)' : null;
}

/** The fields `suggestedRepo` reads of an item. */
export interface RepoHints {
  links: readonly Pick<ActionItemLink, 'repo' | 'kind'>[];
}

/**
 * The repository a new issue for `item` should go to: the one its GitHub links name most (the first named on a tie),
 * else the server's default (`defaultRepo`, `HINDSIGHT_REPO`; default none), else the one the `others` items' links
 * name most (the same incident's items), else `''`.
 */
export function suggestedRepo(item: RepoHints, others: readonly RepoHints[] = [], defaultRepo: string | null = null): string {
  return mostNamed(item.links) ?? (defaultRepo || null) ?? mostNamed(others.flatMap((other) => other.links)) ?? '';
}

function mostNamed(links: readonly Pick<ActionItemLink, 'repo' | 'kind'>[]): string | null {
  const counts = new Map<string, number>();
  for (const link of links) {
    if (link.repo === null || (link.kind !== 'issue' && link.kind !== 'pull')) continue;
    counts.set(link.repo, (counts.get(link.repo) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [repo, count] of counts) if (best === null || count > counts.get(best)!) best = repo;
  return best;
}

/** One drifted safeguard: its key, and the items (of those given) it implements, in their order. */
export interface DriftedSafeguard {
  key: string;
  items: Array<{ id: number; text: string }>;
}

/** The drifted safeguards of some items, each once (in the order first met), however many items it implements. */
export interface Drift {
  count: number;
  safeguards: DriftedSafeguard[];
}

/** What drifted among the safeguards of `items` (archived items left out). */
export function driftOf(items: readonly { id: number; text: string; archived: boolean; safeguards: readonly Pick<ItemSafeguard, 'key' | 'state'>[] }[]): Drift {
  const found = new Map<string, DriftedSafeguard>();
  for (const item of items) {
    if (item.archived) continue;
    for (const safeguard of item.safeguards) {
      if (safeguard.state !== 'drifted') continue;
      let entry = found.get(safeguard.key);
      if (!entry) {
        entry = { key: safeguard.key, items: [] };
        found.set(safeguard.key, entry);
      }
      if (!entry.items.some((other) => other.id === item.id)) entry.items.push({ id: item.id, text: item.text });
    }
  }
  return { count: found.size, safeguards: [...found.values()] };
}

/** `1 safeguard drifted`, `3 safeguards drifted`. */
export function driftText(count: number): string {
  return `${count} ${count === 1 ? 'safeguard' : 'safeguards'} drifted`;
}

/**
 * A write on an item: linking an issue or URL, removing one, creating its GitHub issue, linking a safeguard to it,
 * removing such a link, or attesting one of its manual safeguards.
 */
export type ItemAction = 'link' | 'unlink' | 'issue' | 'safeguard-link' | 'safeguard-unlink' | 'attest';

/** The last write asked for on an item: what, with which input, whether it is on its way, and how it ended. */
export interface ItemWrite {
  itemId: number;
  action: ItemAction;
  /** link: what was typed; issue: the repository (blank: the server's default); unlink: ''; safeguard actions: its key. */
  input: string;
  /** unlink: the link removed; else null. */
  linkId: number | null;
  /** issue: create even though an open issue exists. */
  force: boolean;
  pending: boolean;
  error: ApiError | null;
  /** What succeeded, in words (`Linked acme/web#12.`); null while pending or after an error. */
  done: string | null;
  /** attest: who checked the safeguard, and what (may be blank). Default: none. */
  attestation?: { by: string; note: string };
}

/** A safeguard offered by "Link a safeguard". */
export type SafeguardChoice = Pick<SafeguardView, 'key' | 'kind' | 'description'>;

/**
 * The controls a list of items gets from its view: the last write, the safeguards "Link a safeguard" offers, and
 * what to call to link, unlink, create an issue, link or unlink a safeguard, attest one, give a token after a 401,
 * and dismiss the outcome. Each write resolves true when it succeeded.
 */
export interface TrackingControls {
  write: ItemWrite | null;
  /** A token was sent (a 401 then means it is wrong, not missing). */
  tokenGiven: boolean;
  /** Every current safeguard, once `onloadsafeguards` loaded them; null before (or while they load). */
  safeguardChoices: readonly SafeguardChoice[] | null;
  /** Why the safeguards could not be loaded, or null. */
  safeguardChoicesError: string | null;
  onloadsafeguards: () => void;
  onlink: (itemId: number, ref: string) => Promise<boolean>;
  onunlink: (itemId: number, linkId: number) => Promise<boolean>;
  oncreate: (itemId: number, repo: string, force: boolean) => Promise<boolean>;
  onlinksafeguard: (itemId: number, key: string) => Promise<boolean>;
  onunlinksafeguard: (itemId: number, key: string) => Promise<boolean>;
  onattest: (itemId: number, key: string, by: string, note: string) => Promise<boolean>;
  ontoken: (token: string) => void;
  ondismiss: () => void;
}

const VERBS: Record<ItemAction, string> = {
  link: 'The link was not added',
  unlink: 'The link was not removed',
  issue: 'The issue was not created',
  'safeguard-link': 'The safeguard was not linked',
  'safeguard-unlink': 'The safeguard link was not removed',
  attest: 'The attestation was not saved',
};

/** `… already has an open issue in acme/web: …` (or `an issue not synced yet (maybe open)`): what and where. */
const ALREADY_OPEN = /already has (an open issue|an issue not synced yet[^:]*?) in ([^\s:]+)/;

/**
 * Why a write failed, in words (a 401 gets the token form instead, and this says so). When the item already has an
 * open issue in the repository: `This item already has an open issue in acme/web.` (the API's hint about `force`
 * is left out: "Create anyway" is offered instead).
 */
export function writeErrorText(write: Pick<ItemWrite, 'action' | 'error'>): string {
  const error = write.error;
  if (!error) return '';
  const open = write.action === 'issue' && error.status === 409 ? ALREADY_OPEN.exec(error.message) : null;
  if (open) {
    return open[1] === 'an open issue'
      ? `This item already has an open issue in ${open[2]}.`
      : `This item already has an issue in ${open[2]} that is not synced yet (it may be open).`;
  }
  if (error.status === 0) return error.message;
  if (error.status === 401) return `${VERBS[write.action]}: this server needs an access token.`;
  if (error.status === 403) return `${VERBS[write.action]}: changes are accepted only from the machine Hindsight runs on, unless it has an access token (HINDSIGHT_TOKEN). ${error.message}.`;
  if (error.status === 503) return `${VERBS[write.action]}: ${error.message}.`;
  if (error.status === 502) return `${VERBS[write.action]}: GitHub refused: ${error.message}`;
  return `${VERBS[write.action]}: ${error.message}`;
}

/** The write failed because the item already has an open issue there: "Create anyway" (`force`) is offered. */
export function offersForce(write: Pick<ItemWrite, 'action' | 'error' | 'force'>): boolean {
  return write.action === 'issue' && !write.force && write.error?.status === 409 && /already has/.test(write.error.message);
}

/** The statuses of the items that can rot: open and in progress. */
export const NOT_DONE = 'open,in-progress';

/**
 * The filters of the "Not tracked" quick filter: open or in-progress items without a link (done and dropped items
 * need no tracking).
 */
export const UNTRACKED_FILTER = { linked: false, status: NOT_DONE } as const;

/** True when the "Not tracked" quick filter is on. */
export function untrackedOn(filters: Pick<ActionItemListQuery, 'linked' | 'status'>): boolean {
  return filters.linked === false && filters.status === NOT_DONE;
}

/**
 * The queries whose totals the quick filters show: the items "not tracked" (open or in progress, no link) and
 * "overdue" under the other filters (the list's order and page aside), so each count is what the list shows once
 * its filter is on.
 */
export function quickFilterQueries(filters: ActionItemListQuery): { untracked: ActionItemListQuery; overdue: ActionItemListQuery } {
  const { offset: _offset, sort: _sort, limit: _limit, ...rest } = filters;
  return { untracked: { ...rest, ...UNTRACKED_FILTER, limit: 1 }, overdue: { ...rest, overdue: true, limit: 1 } };
}
