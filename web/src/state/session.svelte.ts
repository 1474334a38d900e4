/**
 * The API client every view uses, and the access token it sends when the server protects reads
 * (`HINDSIGHT_PROTECT_READS`): kept for this browser tab only (sessionStorage), never in the URL.
 */
import { ApiClient } from '../lib/api.ts';

const KEY = 'hindsight.token';

let token = $state<string | null>(readToken());

function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The token in use, if any. */
export const session = {
  get token(): string | null {
    return token;
  },
};

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
