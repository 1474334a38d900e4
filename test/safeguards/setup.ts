/**
 * Helpers of the safeguard tests: a fresh `:memory:` database with the repository's example postmortems ingested
 * by the real ingest, the GitHub stand-in with the protection endpoints, and a client pointed at it whose retries
 * wait milliseconds instead of seconds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createGitHubClient, type GitHubClient } from '../../server/github/client.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { addProtectionRoutes, type ProtectionState } from '../helpers/github-standin-protection.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';

/** The repository's postmortems folder (the example reports and `safeguards.yml`). */
export const POSTMORTEMS = fileURLToPath(new URL('../../postmortems/', import.meta.url));
/** `postmortems/safeguards.yml` as committed. */
export const EXAMPLE_SAFEGUARDS = fileURLToPath(new URL('../../postmortems/safeguards.yml', import.meta.url));
export const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';
export const DATAHUB_ITEM = 'Block merges to production when the staging hub is not online. Tracked in example-org/datahub#14. @rtorres';

/** The clock of the tests: after every example incident. */
export const NOW = new Date('2024-08-01T12:00:00Z');
/** `NOW` plus `days` days. */
export const later = (days: number, from = NOW) => new Date(from.getTime() + days * 86_400_000);

/** A database with the example postmortems ingested. */
export async function exampleDatabase(): Promise<Database> {
  const database = openDatabase(':memory:');
  const summary = await ingestFolder(database, { root: POSTMORTEMS, now: () => NOW });
  expect(summary.failed, JSON.stringify(summary.failures)).toBe(0);
  return database;
}

export interface GitHubFixture {
  github: GitHubStandIn;
  protection: ProtectionState;
  client: GitHubClient;
  /** The client's warnings (retries, waits). */
  log: string[];
  close(): Promise<void>;
}

/** The stand-in with the protection endpoints and a fast client (1 retry, 1 ms per second of wait, 400 ms timeout). */
export async function gitHub(options: { retries?: number } = {}): Promise<GitHubFixture> {
  // The stand-in keeps the system clock: the client computes rate-limit waits from its `x-ratelimit-reset` and Date.now().
  const github = await startGitHubStandIn();
  const protection = addProtectionRoutes(github, { now: () => NOW });
  const log: string[] = [];
  const client = createGitHubClient({
    baseUrl: github.url,
    token: 'ghp_standin_token_0001',
    retries: options.retries ?? 1,
    retryAfterBaseMs: 1,
    requestTimeoutMs: 400,
    spaceWrites: false,
    log: (message) => log.push(message),
  });
  return { github, protection, client, log, close: () => github.close() };
}

/** Rows of a query, for assertions. */
export function rows<T = Record<string, unknown>>(database: Database, sql: string, ...params: unknown[]): T[] {
  return database.sqlite.prepare(sql).all(...params) as T[];
}

/** The id of the current action item of incident `slug` whose text starts with `prefix`. */
export function itemId(database: Database, slug: string, prefix: string): number {
  const found = rows<{ id: number }>(
    database,
    `SELECT a.id FROM action_items a JOIN incidents i ON i.id = a.incident_id WHERE i.slug = ? AND a.archived_at IS NULL AND a.text LIKE ? || '%'`,
    slug,
    prefix,
  );
  expect(found, `one item of ${slug} starting with ${prefix}`).toHaveLength(1);
  return found[0]!.id;
}

/** The committed example file's text. */
export function exampleSafeguardsText(): string {
  return readFileSync(EXAMPLE_SAFEGUARDS, 'utf8');
}
