/** The incident list view's data: the page of incidents for the filters in the URL, and the filter menus. */
import type { Facets, IncidentPage } from '../lib/api-types.ts';
import { PAGE_SIZE, searchOf, type IncidentFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const list = new Resource<IncidentPage>();
const facets = new Resource<Facets>();

/** The list (with per-month counts of everything matching) and the facets for the filter menus. */
export const incidents = { list, facets };

/**
 * Loads the page of incidents for `filters`, and the facets. Untracked: a view calls it from an effect that must
 * re-run when the filters change, not when the loading state this writes does.
 */
export function showIncidents(filters: IncidentFilters): void {
  untrack(() => {
    void list.load(searchOf(filters), (signal) => api.incidents({ ...filters, limit: PAGE_SIZE }, signal));
    void facets.load('facets', (signal) => api.facets(signal));
  });
}
