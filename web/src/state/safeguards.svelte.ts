/**
 * The Safeguards view's data and writes: the safeguards for the filters in the URL (with the counts by state), every
 * safeguard for the filter menus (repositories, incidents), the history of each safeguard opened, a verification
 * run ("Verify now"), a person's attestation of a manual safeguard, and the deletion of one created through the
 * service. After a write succeeds, everything shown loads again (and the settings, with the last verification's time).
 */
import type { SafeguardDetail, SafeguardList, SafeguardVerifyReport } from '../lib/api-types.ts';
import { ApiError } from '../lib/api.ts';
import { searchOf, type SafeguardFilters } from '../lib/routes.ts';
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { Resource } from './resource.svelte.ts';
import { api } from './session.svelte.ts';
import { reloadSettings } from './settings.svelte.ts';

/** The last verification run asked for: on its way, its report, or why it failed. */
export interface Verification {
  pending: boolean;
  error: ApiError | null;
  report: SafeguardVerifyReport | null;
}

/** The last attestation asked for: which safeguard, by whom, on its way or why it failed; `done` once saved. */
export interface Attestation {
  key: string;
  by: string;
  note: string;
  pending: boolean;
  error: ApiError | null;
  done: boolean;
}

/** The last deletion asked for: which safeguard, on its way or why it failed; `done` once deleted. */
export interface Deletion {
  key: string;
  pending: boolean;
  error: ApiError | null;
  done: boolean;
}

const list = new Resource<SafeguardList>();
const all = new Resource<SafeguardList>();
const histories = new SvelteMap<string, Resource<SafeguardDetail>>();
let verification = $state.raw<Verification | null>(null);
let attestation = $state.raw<Attestation | null>(null);
let deletion = $state.raw<Deletion | null>(null);
let shown: SafeguardFilters = {};

/**
 * The list for the filters, every safeguard (current and archived, for the menus), the history of a safeguard
 * (null until `loadHistory` asked for it), and the last verification and attestation.
 */
export const safeguards = {
  list,
  all,
  history(key: string): Resource<SafeguardDetail> | null {
    return histories.get(key) ?? null;
  },
  get verification(): Verification | null {
    return verification;
  },
  get attestation(): Attestation | null {
    return attestation;
  },
  get deletion(): Deletion | null {
    return deletion;
  },
};

/** Loads the safeguards for `filters` and the menus' data. Untracked, like every `show*`. */
export function showSafeguards(filters: SafeguardFilters): void {
  untrack(() => {
    shown = filters;
    void list.load(searchOf(filters), (signal) => api.safeguards(filters, signal));
    void all.load('all', (signal) => api.safeguards({ archived: 'all' }, signal));
  });
}

/** Loads (again) the history of safeguard `key`. */
export function loadHistory(key: string): void {
  untrack(() => {
    let resource = histories.get(key);
    if (!resource) {
      resource = new Resource<SafeguardDetail>();
      histories.set(key, resource);
    }
    void resource.load(key, (signal) => api.safeguard(key, signal));
  });
}

/** Verifies every safeguard through GitHub now; then everything shown loads again. Resolves true when it ran. */
export async function verifyNow(): Promise<boolean> {
  if (verification?.pending) return false;
  const asked: Verification = { pending: true, error: null, report: null };
  verification = asked;
  try {
    const report = await api.verifySafeguards({});
    if (verification === asked) verification = { pending: false, error: null, report };
    reloadShown();
    reloadSettings();
    return true;
  } catch (error) {
    if (verification === asked) verification = { pending: false, error: asApiError(error), report: null };
    return false;
  }
}

/** Records that `by` checked manual safeguard `key` is in place (`note`: what was checked); then reloads. */
export async function attest(key: string, by: string, note: string): Promise<boolean> {
  const asked: Attestation = { key, by: by.trim(), note: note.trim(), pending: true, error: null, done: false };
  attestation = asked;
  try {
    await api.attestSafeguard(key, asked.note ? { by: asked.by, note: asked.note } : { by: asked.by });
    if (attestation === asked) attestation = { ...asked, pending: false, done: true };
    reloadShown();
    return true;
  } catch (error) {
    if (attestation === asked) attestation = { ...asked, pending: false, error: asApiError(error) };
    return false;
  }
}

/** Deletes safeguard `key` (one created through the service), its links and history; then reloads. */
export async function deleteSafeguard(key: string): Promise<boolean> {
  const asked: Deletion = { key, pending: true, error: null, done: false };
  deletion = asked;
  try {
    await api.deleteSafeguard(key);
    if (deletion === asked) deletion = { ...asked, pending: false, done: true };
    histories.delete(key);
    reloadShown();
    return true;
  } catch (error) {
    if (deletion === asked) deletion = { ...asked, pending: false, error: asApiError(error) };
    return false;
  }
}

/** Sends the last failed attestation, deletion or verification again (after a token was given). */
export function retrySafeguardWrite(): void {
  if (attestation?.error) void attest(attestation.key, attestation.by, attestation.note);
  else if (deletion?.error) void deleteSafeguard(deletion.key);
  else if (verification?.error) void verifyNow();
}

/** Forgets the outcome of the last deletion (the person dismissed it). */
export function dismissDeletion(): void {
  if (deletion && !deletion.pending) deletion = null;
}

/** Forgets the outcome of the last verification (the person dismissed it). */
export function dismissVerification(): void {
  if (verification && !verification.pending) verification = null;
}

function reloadShown(): void {
  untrack(() => {
    const filters = shown;
    void list.load(searchOf(filters), (signal) => api.safeguards(filters, signal));
    void all.load('all', (signal) => api.safeguards({ archived: 'all' }, signal));
    for (const [key, resource] of histories) void resource.load(key, (signal) => api.safeguard(key, signal));
  });
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error));
}
