/**
 * The action item view's data: the page of items for the filters in the URL (with the counts by status of what the
 * filters select), the progress numbers of every item (completion rate, open items per month), and the menus
 * (groups, owners, recent incidents).
 */
import type { ActionItemPage, Facets, IncidentDetail, IncidentPage, Stats } from '../lib/api-types.ts';
import { PAGE_SIZE, searchOf, type ActionItemFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const list = new Resource<ActionItemPage>();
const stats = new Resource<Stats>();
const facets = new Resource<Facets>();
const recent = new Resource<IncidentPage>();
const chosen = new Resource<IncidentDetail>();

/**
 * The list, the statistics, the facets, the most recent incidents (the incident menu), and the incident filtered
 * on when it is not among them (an old or removed one: its title for the menu).
 */
export const actionItems = { list, stats, facets, recent, chosen };

/** Loads the page of items for `filters`, and what the view shows around it. */
export function showActionItems(filters: ActionItemFilters): void {
  untrack(() => {
    void list.load(searchOf(filters), (signal) => api.actionItems({ ...filters, limit: PAGE_SIZE }, signal));
    void stats.load('stats', (signal) => api.stats({}, signal));
    void facets.load('facets', (signal) => api.facets({}, signal));
    void recent
      .load('recent', (signal) => api.incidents({ limit: 200, sort: '-date' }, signal))
      .then(() => {
        const slug = filters.incident;
        if (slug && !recent.data?.items.some((item) => item.slug === slug)) void chosen.load(slug, (signal) => api.incident(slug, signal), { keep: false });
      });
  });
}
