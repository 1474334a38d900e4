/**
 * The incident page's deployment data: the incident lined up against recorded deployments (suspect, recovery,
 * what the timeline describes), loaded beside the incident itself, and people's verdicts on them. A verdict's
 * answer is the new correlation, shown at once; a failed verdict is kept with its error, next to its control.
 */
import type { IncidentDeployments } from '../lib/api-types.ts';
import { ApiError } from '../lib/api.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

/** What a verdict control asks: confirm as the cause, reject, or withdraw the verdict given (null). */
export type VerdictChoice = 'confirmed' | 'rejected' | null;

/** The last verdict asked for: its deployment, the choice, whether it is on its way, and why it failed. */
export interface Decision {
  deploymentId: number;
  verdict: VerdictChoice;
  /** Who decides, as given. */
  by: string;
  pending: boolean;
  error: ApiError | null;
}

const correlation = new Resource<IncidentDeployments>();
/** The incident whose correlation is shown (the Resource's key also changes with each verdict's answer). */
let shown: string | null = null;
let decision = $state.raw<Decision | null>(null);
let answers = 0;

/** The correlation shown, and the last verdict asked for (null once it succeeded, or for another incident). */
export const incidentDeployments = {
  correlation,
  get decision(): Decision | null {
    return decision;
  },
};

/**
 * Loads the correlation of incident `slug` (another incident's is cleared first, never shown under this one).
 * Untracked, like every `show*`.
 */
export function showIncidentDeployments(slug: string): void {
  untrack(() => {
    const changed = shown !== slug;
    shown = slug;
    if (changed) decision = null;
    void correlation.load(slug, (signal) => api.incidentDeployments(slug, signal), { keep: !changed });
  });
}

/**
 * Records a verdict on deployment `deploymentId` of incident `slug` (`verdict` null withdraws it), with `by` (who
 * decides; blank: nobody named). On success the server's answer becomes the correlation shown; on failure the
 * decision keeps its error and nothing shown changes.
 */
export async function decideVerdict(slug: string, deploymentId: number, verdict: VerdictChoice, by = ''): Promise<void> {
  const asked: Decision = { deploymentId, verdict, by, pending: true, error: null };
  decision = asked;
  try {
    const name = by.trim();
    const answer =
      verdict === null
        ? await api.clearVerdict(slug, deploymentId)
        : await api.setVerdict(slug, deploymentId, name ? { verdict, by: name } : { verdict });
    if (shown !== slug) return;
    answers += 1;
    // A key of its own, so that a load of the same incident in flight neither swallows nor overwrites the answer.
    await correlation.load(`${slug}\u0000verdict-${answers}`, () => Promise.resolve(answer));
    if (decision === asked) decision = null;
  } catch (error) {
    if (decision !== asked) return;
    decision = { ...asked, pending: false, error: error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error)) };
  }
}

/** Sends the last verdict again (after a token was given, or the network came back); nothing when none failed. */
export function retryDecision(): Promise<void> {
  if (!decision || decision.pending || shown === null) return Promise.resolve();
  return decideVerdict(shown, decision.deploymentId, decision.verdict, decision.by);
}

/** Forgets the last verdict's error (the person dismissed it). */
export function dismissDecision(): void {
  if (decision && !decision.pending) decision = null;
}
