/**
 * One word for what an action item's links say, for lists and badges: whether anything tracks the item, and what
 * GitHub last said about it. Pure.
 */
import { githubStatus } from './item-status.ts';

/**
 * - `none`: no link at all;
 * - `open`, `in-progress`, `done`, `wont-do`: what GitHub's synced issues and pull requests say (the status rule's
 *   view of GitHub, `githubStatus`);
 * - `error`: nothing synced says anything, and the last sync of an issue or pull request failed;
 * - `unsynced`: nothing synced says anything, and an issue or pull request has not been synced yet;
 * - `untracked`: links, but none GitHub can tell about (plain URLs, commits, `#12` with no repository, pull requests
 *   closed without merging).
 */
export const LINK_STATES = ['none', 'untracked', 'unsynced', 'error', 'open', 'in-progress', 'done', 'wont-do'] as const;
/** One of `LINK_STATES`. */
export type LinkStateSummary = (typeof LINK_STATES)[number];

/** The parts of a stored link the summary reads. */
export interface SummarisedLink {
  kind: 'issue' | 'pull' | 'commit' | 'other';
  repo: string | null;
  number: number | null;
  state: string | null;
  stateReason: string | null;
  syncError: string | null;
}

/** What `links` say, as one of `LINK_STATES` (see there). */
export function linkStateOf(links: readonly SummarisedLink[]): LinkStateSummary {
  if (links.length === 0) return 'none';
  const tracked = links.filter((link) => (link.kind === 'issue' || link.kind === 'pull') && link.repo !== null && link.number !== null);
  const github = githubStatus(tracked.map((link) => ({ kind: link.kind, state: link.state, stateReason: link.stateReason, label: '' })));
  if (github !== null) return github;
  if (tracked.some((link) => link.syncError !== null)) return 'error';
  if (tracked.some((link) => link.state === null)) return 'unsynced';
  return 'untracked';
}
