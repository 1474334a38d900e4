/**
 * Deployment events as every layer sees them: what the importers (git history, GitHub, HTTP, webhooks, files)
 * produce, what the store keeps and what correlation and the metrics read.
 */

export const DEPLOYMENT_KINDS = ['deploy', 'rollback'] as const;
/** `deploy`: a change going out; `rollback`: going back to an earlier version (a revert, a downgrade). */
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/** GitHub's deployment states, `pending` folded into `queued`. */
export const DEPLOYMENT_STATUSES = ['queued', 'in-progress', 'success', 'failure', 'error', 'inactive'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Where an event came from. */
export const DEPLOYMENT_SOURCES = ['git', 'github', 'api', 'webhook', 'file', 'example'] as const;
export type DeploymentSource = (typeof DEPLOYMENT_SOURCES)[number];

/** One deployment (or rollback) to an environment, normalized: times are ISO-8601 UTC (`2018-01-25T23:30:00Z`). */
export interface DeploymentEvent {
  /** Identity across imports: the same event imported again (from any source) has the same key. */
  key: string;
  /** As the source names it (`production`, `staging`, `prod-eu`). */
  environment: string;
  /** The service or application deployed; null when the source does not say. */
  service: string | null;
  /** `owner/name` of the repository the change came from, when known (commit and PR links are built from it). */
  repo: string | null;
  /** Branch, tag or other ref deployed. */
  ref: string | null;
  /** Full or abbreviated commit sha, lower case. */
  sha: string | null;
  /** The pull request the change came in through. */
  pullNumber: number | null;
  /** A release version (`v0.6.0-beta.1`), when the source names one. */
  version: string | null;
  kind: DeploymentKind;
  status: DeploymentStatus;
  startedAt: string;
  finishedAt: string | null;
  /** When `status` was last reported: a later report of an older status does not overwrite a newer one. */
  statusAt: string | null;
  /** Who deployed (login or name). */
  actor: string | null;
  /** A page about this deployment (CI run, GitHub deployment, commit). */
  url: string | null;
  /** One line saying what went out (commit subject, deployment description). */
  description: string | null;
  source: DeploymentSource;
  /**
   * Fields the source left out and that hold a default (`kind` deploy, `status` success, `startedAt` the time a
   * webhook was received): a later report of a known event keeps the stored values of these. Not stored.
   * Default: none.
   */
  defaulted?: ReadonlyArray<'kind' | 'status' | 'startedAt'>;
}
