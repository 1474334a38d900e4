/**
 * An action item's status from what the markdown says and what its GitHub links say. Pure.
 *
 * GitHub's view, from the links that were synced: an open pull request (linked, or one that references a linked
 * issue) means in progress; an open issue, open; a merged pull request or an issue closed as completed, done;
 * issues closed as not planned (and nothing else), won't do; an issue closed as a duplicate says nothing. An issue
 * whose fix was merged is done, closed or not (GitHub closes it only for merges into the default branch).
 *
 * With the markdown: a ticked checkbox (`[x]`, `(done)`) wins and is flagged when GitHub disagrees (an issue
 * closed as not planned, or still open); otherwise GitHub's view wins when there is one, flagged when the report's
 * checkbox is explicitly unticked but GitHub says done; with no synced link the markdown decides.
 */

/** An action item's status. */
export const ACTION_ITEM_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** What status derivation needs to know about one link. */
export interface LinkState {
  kind: 'issue' | 'pull' | 'commit' | 'other';
  /** `open`, `closed` or `merged`; null until synced. */
  state: string | null;
  /** GitHub's `state_reason` of a closed issue: `completed`, `not_planned`, `reopened`. */
  stateReason: string | null;
  /** How to name it in a conflict: `example-org/datahub#14`. */
  label: string;
}

export interface DerivedStatus {
  status: ActionItemStatus;
  source: 'markdown' | 'github';
  /** Why the markdown and GitHub disagree, else null. */
  conflict: string | null;
}

type LinkVerdict = 'open' | 'in-progress' | 'done' | 'wont-do' | 'merged-fix';

function verdictOf(link: LinkState): LinkVerdict | null {
  if (link.state === null) return null;
  if (link.kind === 'pull') {
    if (link.state === 'merged') return 'merged-fix';
    if (link.state === 'open') return 'in-progress';
    return null; // closed without merging: says nothing about the item
  }
  if (link.kind !== 'issue') return null;
  if (link.state === 'open') return 'open';
  // Closed as a duplicate: the work is tracked by another issue, which this link does not follow.
  if (link.state === 'closed') return link.stateReason === 'not_planned' ? 'wont-do' : link.stateReason === 'duplicate' ? null : 'done';
  return null;
}

/** GitHub's view of the item, or null when no synced link says anything. */
export function githubStatus(links: readonly LinkState[]): ActionItemStatus | null {
  const verdicts = links.map(verdictOf).filter((v): v is LinkVerdict => v !== null);
  if (verdicts.length === 0) return null;
  if (verdicts.includes('in-progress')) return 'in-progress';
  // A merged fix is done even while its issue is open: GitHub closes a fixed issue only for merges into the
  // default branch, and teams that deploy from another branch (datahub's prod) merge elsewhere.
  if (verdicts.includes('merged-fix')) return 'done';
  if (verdicts.includes('open')) return 'open';
  if (verdicts.includes('done')) return 'done';
  return 'wont-do';
}

/** The item's status: see the module comment. `markdownDone`: true `[x]`, false `[ ]`, null no checkbox. */
export function deriveItemStatus(markdownDone: boolean | null, links: readonly LinkState[]): DerivedStatus {
  const github = githubStatus(links);
  const names = (match: (v: LinkVerdict | null) => boolean) =>
    links
      .filter((link) => match(verdictOf(link)))
      .map((link) => link.label)
      .join(', ');
  if (markdownDone === true) {
    if (github === 'wont-do') return { status: 'done', source: 'markdown', conflict: `ticked in the report, but ${names((v) => v === 'wont-do')} closed as not planned` };
    if (github === 'open') return { status: 'done', source: 'markdown', conflict: `ticked in the report, but ${names((v) => v === 'open')} still open` };
    return { status: 'done', source: 'markdown', conflict: null };
  }
  if (github === null) return { status: 'open', source: 'markdown', conflict: null };
  const conflict =
    markdownDone === false && github === 'done'
      ? `${names((v) => v === 'done' || v === 'merged-fix')} ${links.some((l) => verdictOf(l) === 'merged-fix') && !links.some((l) => verdictOf(l) === 'done') ? 'merged' : 'closed as completed'}, but the report's checkbox is not ticked`
      : null;
  return { status: github, source: 'github', conflict };
}
