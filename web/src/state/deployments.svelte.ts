/**
 * The deployment view's data: the page of deployment events for the filters in the URL (with the environment and
 * service menus counted under the other filters, and the incidents of the page's span), and the DORA delivery
 * metrics of the environment and range filtered on, by month or by week.
 */
import type { DeploymentPage, Stats } from '../lib/api-types.ts';
import { deliveryStatsQueryOf, deploymentQueryOf, PAGE_SIZE, searchOf, type DeploymentFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const list = new Resource<DeploymentPage>();
const stats = new Resource<Stats>();

/** The page of deployments (with `environments`, `services` and the overlay `incidents`), and the statistics. */
export const deployments = { list, stats };

/**
 * Loads the page of deployments for `filters` and the delivery metrics they select (see `deliveryStatsQueryOf`).
 * Untracked: a view calls it from an effect that must re-run when the filters change, not when the loading state
 * this writes does.
 */
export function showDeployments(filters: DeploymentFilters): void {
  untrack(() => {
    const query = { ...deploymentQueryOf(filters), limit: PAGE_SIZE };
    void list.load(`deployments ${searchOf(query)}`, (signal) => api.deployments(query, signal));
    const statsQuery = deliveryStatsQueryOf(filters);
    void stats.load(`stats ${searchOf(statsQuery)}`, (signal) => api.stats(statsQuery, signal));
  });
}

/** The viewer's time zone (the browser's), `UTC` when it does not say. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
