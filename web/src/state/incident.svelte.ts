/**
 * The incident view's data and choices: the incident in full, the time zone its times are shown in (the
 * incident's own, UTC, or the viewer's; kept in the URL as `tz`), and the timeline entry picked on the chart.
 */
import type { IncidentDetail } from '../lib/api-types.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

/** Where times are shown: the incident's zone, UTC, or the zone of this browser. */
export type ZoneMode = 'incident' | 'utc' | 'viewer';

const detail = new Resource<IncidentDetail>();
let selected = $state<number | null>(null);

/** The incident shown, and the timeline entry selected on its chart (index into `timeline`). */
export const incident = {
  detail,
  get selected(): number | null {
    return selected;
  },
};

/**
 * Loads the incident `slug` (another incident's data is cleared first, never shown under this one). Untracked,
 * like every `show*`: the calling effect follows the slug, not the loading state.
 */
export function showIncident(slug: string): void {
  untrack(() => {
    const changed = detail.data?.slug !== slug;
    if (changed) selected = null;
    const fetch = (signal: AbortSignal) =>
      api.incident(slug, signal).then((value) => {
        // With `incident-rendered` (IncidentView), what the UI benchmark measures: data in hand → drawn.
        performance.mark('hindsight:incident-data');
        return value;
      });
    void detail.load(slug, fetch, { keep: !changed });
  });
}

/** Selects the timeline entry at `index` (null: none). */
export function selectEntry(index: number | null): void {
  selected = index;
}

/** The zone mode in a query string (`?tz=utc`); anything else is the incident's zone. */
export function zoneModeFrom(search: string): ZoneMode {
  const value = new URLSearchParams(search).get('tz');
  return value === 'utc' || value === 'viewer' ? value : 'incident';
}

/** The IANA zone for `mode`: the incident's (UTC when it has none), UTC, or the browser's. */
export function zoneFor(mode: ZoneMode, incidentZone: string | null): string {
  if (mode === 'utc') return 'UTC';
  if (mode === 'viewer') return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return incidentZone ?? 'UTC';
}
