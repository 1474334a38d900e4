/**
 * One pass of the safeguards capability, as the CLI, the sync and the server's schedule run it: read the
 * safeguards file (when there is one), store what it declares, then verify every current safeguard.
 */
import type { Octokit } from '@octokit/rest';
import type { Database } from '../db/connection.ts';
import { readSafeguardsFile } from './safeguards-file.ts';
import { loadSafeguards, type LoadResult } from './store.ts';
import { verifySafeguards, type VerifyOptions, type VerifyReport } from './verify.ts';

/** `VerifyOptions` and the file to load first. */
export interface RefreshOptions extends VerifyOptions {
  /** The safeguards file (absolute, or relative to the process's directory); null: none, verify what is stored. */
  file: string | null;
  /** How the file is named in problems. Default: `file`. */
  shownAs?: string;
}

/** What loading the file did, and the verification report. */
export interface RefreshResult {
  /** What loading the file did; null without a file. */
  load: LoadResult | null;
  report: VerifyReport;
}

/** Loads `options.file` into the store, then verifies. Never throws for the file's or GitHub's problems (see the results). */
export async function refreshSafeguards(database: Database, client: Octokit, options: RefreshOptions): Promise<RefreshResult> {
  let load: LoadResult | null = null;
  if (options.file !== null) {
    const shownAs = options.shownAs ?? options.file;
    load = loadSafeguards(database, readSafeguardsFile(options.file, shownAs), { now: options.now, file: shownAs });
  }
  const report = await verifySafeguards(database, client, options);
  return { load, report };
}
