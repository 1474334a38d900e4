/**
 * The API client every view uses, and the access token it sends when the server protects reads
 * (`HINDSIGHT_PROTECT_READS`): kept for this browser tab only (sessionStorage), never in the URL.
 */
import { ApiClient } from '../lib/api.ts';

const KEY = 'hindsight.token';

let token = $state<string | null>(readToken());
let freshness = $state(0);

function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * The token in use, if any; and `freshness`, which goes up whenever the data shown may be stale (the tab came back
 * into view): views load again when either changes.
 */
export const session = {
  get token(): string | null {
    return token;
  },
  get freshness(): number {
    return freshness;
  },
};

/**
 * Starts marking the data stale when the server says it changed (`GET /api/events`: a postmortem was added, edited
 * or removed), and when the tab becomes visible again or the window gets the focus back, at most once per 2 s
 * (for a server that protects reads, whose stream a browser cannot open with the token).
 */
export function startRevalidation(): () => void {
  let last = Date.now();
  const stale = () => {
    if (document.visibilityState !== 'visible' || Date.now() - last < 2000) return;
    last = Date.now();
    freshness += 1;
  };
  document.addEventListener('visibilitychange', stale);
  window.addEventListener('focus', stale);
  // EventSource reconnects by itself after a dropped connection, and gives up on an error answer (a 401).
  const events = typeof EventSource === 'undefined' ? null : new EventSource('/api/events');
  events?.addEventListener('changed', () => {
    last = Date.now();
    freshness += 1;
  });
  return () => {
    document.removeEventListener('visibilitychange', stale);
    window.removeEventListener('focus', stale);
    events?.close();
  };
}

/** Uses `value` for every request from now on (null forgets it). */
export function setToken(value: string | null): void {
  token = value && value.trim() !== '' ? value.trim() : null;
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // storage refused (private mode): the token lasts until the page is reloaded
  }
}

/** The client of this server's API. */
export const api = new ApiClient({ token: () => token });
