/**
 * How this Hindsight is set up (`GET /api/settings`), loaded once for every view: whether it talks to GitHub (so
 * the views say "GitHub is not configured" instead of offering buttons that answer 503), the repository new issues
 * go to, and when the issue sync and the safeguard verification last ran.
 */
import type { GitHubSetup } from '../lib/item-tracking.ts';
import type { Settings } from '../lib/api-types.ts';
import { untrack } from 'svelte';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';

const resource = new Resource<Settings>();

/** The GitHub part of the settings; null until they loaded (or when they could not be: then nothing is assumed). */
export const settings = {
  get github(): GitHubSetup | null {
    return resource.data?.github ?? null;
  },
};

/**
 * Loads the settings unless they are loaded or loading already (a failed load, after a 401 say, is tried again).
 * Untracked, like every `show*`.
 */
export function loadSettings(): void {
  untrack(() => {
    if (resource.data !== null || resource.loading) return;
    void resource.load('settings', (signal) => api.settings(signal));
  });
}

/** Loads the settings again (their last sync and verification times changed: a verification run ended). */
export function reloadSettings(): void {
  untrack(() => {
    void resource.load('settings', (signal) => api.settings(signal));
  });
}
