/**
 * Everything about an action item that the markdown and its synced GitHub links decide together: the status (by
 * `deriveItemStatus`), who decided it, the conflict between them, when it was first done, and the owner and due
 * date (the markdown's when written, else the first assignee and the milestone's due date of a synced link). A
 * status a person set through the service (`statusSource: 'service'`) is kept as it is. Pure; the ingest and the
 * GitHub sync both call it, so an item reads the same whichever of them touched it last.
 */
import type { ActionItemStatus, StatusSource } from '../db/schema.ts';
import { deriveItemStatus, type LinkState } from '../domain/item-status.ts';

/** What the decision reads of one link of the item. */
export interface DecisionLink {
  kind: 'issue' | 'pull' | 'commit' | 'other';
  /** `open`, `closed`, `merged`; null until synced. */
  state: string | null;
  stateReason: string | null;
  repo: string | null;
  number: number | null;
  /** The URL or `#12`: the link's name when it has no repository. */
  ref: string;
  assignees: readonly string[];
  /** The milestone's due date (ISO time), or null. */
  dueOn: string | null;
}

/** The item as the markdown writes it and as it is stored. */
export interface ItemFacts {
  /** The markdown's checkbox: true `[x]`, false `[ ]`, null none. */
  done: boolean | null;
  /** The owner and due date written in the markdown (null when none). */
  markdownOwner: string | null;
  markdownDue: string | null;
  /** What is stored (null for an item not stored yet). */
  status: ActionItemStatus | null;
  statusSource: StatusSource | null;
  statusConflict: string | null;
  doneAt: string | null;
}

export interface ItemDecision {
  status: ActionItemStatus;
  statusSource: StatusSource;
  statusConflict: string | null;
  /** When the item was first seen done (kept while it stays done), else null. */
  doneAt: string | null;
  owner: string | null;
  ownerSource: 'markdown' | 'github' | null;
  /** `YYYY-MM-DD`. */
  due: string | null;
  dueSource: 'markdown' | 'github' | null;
}

/** The item's decision from `facts` and its `links`; `now` (ISO) is its `doneAt` when it becomes done. */
export function decideItem(facts: ItemFacts, links: readonly DecisionLink[], now: string): ItemDecision {
  let status: ActionItemStatus;
  let statusSource: StatusSource;
  let statusConflict: string | null;
  if (facts.statusSource === 'service' && facts.status !== null) {
    status = facts.status;
    statusSource = 'service';
    statusConflict = facts.statusConflict;
  } else {
    const derived = deriveItemStatus(facts.done, links.map(linkState));
    status = derived.status;
    statusSource = derived.source;
    statusConflict = derived.conflict;
  }
  const synced = [...links.filter((l) => l.state !== null && l.kind === 'issue'), ...links.filter((l) => l.state !== null && l.kind === 'pull')];
  const assignee = synced.find((l) => l.assignees.length > 0)?.assignees[0] ?? null;
  const dueOn = synced.find((l) => l.dueOn !== null && /^\d{4}-\d{2}-\d{2}/.test(l.dueOn))?.dueOn?.slice(0, 10) ?? null;
  return {
    status,
    statusSource,
    statusConflict,
    doneAt: status === 'done' ? (facts.doneAt ?? now) : null,
    ...(facts.markdownOwner !== null
      ? { owner: facts.markdownOwner, ownerSource: 'markdown' as const }
      : { owner: assignee, ownerSource: assignee === null ? null : ('github' as const) }),
    ...(facts.markdownDue !== null
      ? { due: facts.markdownDue, dueSource: 'markdown' as const }
      : { due: dueOn, dueSource: dueOn === null ? null : ('github' as const) }),
  };
}

/** How a conflict names a link: `example-org/datahub#14`, else its URL. */
export function linkLabel(link: Pick<DecisionLink, 'repo' | 'number' | 'ref'>): string {
  return link.repo !== null && link.number !== null ? `${link.repo}#${link.number}` : link.ref;
}

function linkState(link: DecisionLink): LinkState {
  return { kind: link.kind, state: link.state, stateReason: link.stateReason, label: linkLabel(link) };
}
