/**
 * The deployment view's data: the page of deployment events for the filters in the URL (with the environment and
 * service menus counted under the other filters, and the incidents of the page's span), the deployments the time
 * strip draws (every one the filters match, the newest 1000, whatever page the list is on), and the DORA delivery
 * metrics of the environment and range filtered on, by month or by week. The queries are `lib/deployment-range.ts`'s.
 */
import type { DeploymentListQuery, DeploymentPage, Stats } from '../lib/api-types.ts';
import { listQueryOf } from '../lib/deployment-range.ts';
import { deliveryStatsQueryOf, PAGE_SIZE, searchOf, type DeploymentFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const list = new Resource<DeploymentPage>();
const strip = new Resource<DeploymentPage>();
const stats = new Resource<Stats>();

/**
 * The page of deployments (with `environments`, `services` and the overlay `incidents`), the strip's deployments
 * (the newest 1000 matching, with the incidents of their span), and the statistics.
 */
export const deployments = { list, strip, stats };

/**
 * Loads the page of deployments for `filters` (their days in `zone`, the zone the page shows times in) and the
 * delivery metrics they select (see `deliveryStatsQueryOf`). Untracked: a view calls it from an effect that must
 * re-run when the filters change, not when the loading state this writes does.
 */
export function showDeployments(filters: DeploymentFilters, zone: string): void {
  untrack(() => {
    const query = { ...listQueryOf(filters, zone), limit: PAGE_SIZE };
    void list.load(`deployments ${searchOf(query)}`, (signal) => api.deployments(query, signal));
    const statsQuery = deliveryStatsQueryOf(filters);
    void stats.load(`stats ${searchOf(statsQuery)}`, (signal) => api.stats(statsQuery, signal));
  });
}

/**
 * Loads the deployments the strip draws, `query` from `stripQueryOf` (call it when that query changes, not on
 * paging). Untracked, like `showDeployments`.
 */
export function showDeploymentStrip(query: DeploymentListQuery): void {
  untrack(() => {
    void strip.load(`strip ${searchOf(query)}`, (signal) => api.deployments(query, signal));
  });
}

/** The viewer's time zone (the browser's), `UTC` when it does not say. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
