/**
 * The incident list view's data: the page of incidents for the filters in the URL, and the filter menus counted
 * under those filters.
 */
import type { Facets, IncidentPage, Stats } from '../lib/api-types.ts';
import { facetFiltersOf, PAGE_SIZE, searchOf, type IncidentFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const list = new Resource<IncidentPage>();
const facets = new Resource<Facets>();
const stats = new Resource<Stats>();

/**
 * The list (with per-month counts of everything matching), the facets for the filter menus (each counted under
 * every filter but its own), and the response times (time to detect and to resolve) of the year filtered on, else
 * of every incident.
 */
export const incidents = { list, facets, stats };

/**
 * Loads the page of incidents for `filters`, and the facets under the same filters (not the order or the page), so
 * the menus' counts follow the search and each other. Untracked: a view calls it from an effect that must
 * re-run when the filters change, not when the loading state this writes does.
 */
export function showIncidents(filters: IncidentFilters): void {
  untrack(() => {
    void list.load(searchOf(filters), (signal) => api.incidents({ ...filters, limit: PAGE_SIZE }, signal));
    const facetFilters = facetFiltersOf(filters);
    void facets.load(`facets ${searchOf(facetFilters)}`, (signal) => api.facets(facetFilters, signal));
    const year = filters.year;
    void stats.load(`stats ${year ?? ''}`, (signal) => api.stats(year === undefined ? {} : { year }, signal));
  });
}
