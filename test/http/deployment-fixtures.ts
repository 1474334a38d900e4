/**
 * Helpers of the deployment API tests: the real app over a fresh `:memory:` database with postmortems ingested
 * from a temporary folder by the real ingest (and `POST /api/ingest` wired to re-read that folder), plus small
 * wrappers that go through HTTP (`app.inject`) for posting and reading deployments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { importDeploymentFile, type FileImportResult } from '../../server/deploys/import-file.ts';
import { buildApp, type AppOptions } from '../../server/http/app.ts';
import type { Deployment, DeploymentPage, DeploymentPostResult, IncidentDeployments } from '../../server/http/schemas/deployments.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

/** The clock of every app built here (after every example incident). */
export const NOW = new Date('2024-08-01T00:00:00Z');

const EXAMPLES = new URL('../../postmortems/', import.meta.url);
/** The example reports (named, so a team's own files in postmortems/ do not change the tests). */
export const EXAMPLE_POSTMORTEMS = [
  '2018-01-25-datahub-accidental-prod-merge.md',
  '2023-11-28-checkout-blocked-by-broker-disk-alarm.md',
  '2024-03-12-api-dns-cutover-without-certificate.md',
  '2024-06-18-uploads-rejected-after-ingress-deploy.md',
] as const;
/** The example deployment log next to them. */
export const EXAMPLE_DEPLOYMENTS = 'deployments.ndjson';

/** The example files' contents, by name: the reports and the deployment log. */
export function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of [...EXAMPLE_POSTMORTEMS, EXAMPLE_DEPLOYMENTS]) files[name] = readFileSync(new URL(name, EXAMPLES), 'utf8');
  return files;
}

/** The example deployment log's rows, parsed (each one a valid `POST /api/deployments` body). */
export function exampleDeploymentRows(): Array<Record<string, unknown>> {
  return readFileSync(new URL(EXAMPLE_DEPLOYMENTS, EXAMPLES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface DeploymentTestApp {
  app: FastifyInstance;
  database: Database;
  folder: TempFolder;
  /** Imports `deployments.ndjson` of the folder with the real file importer. */
  importDeployments(): Promise<FileImportResult>;
  close(): Promise<void>;
}

/**
 * The app over `files` (postmortems, and maybe a `deployments.ndjson`) written to a temporary folder and ingested
 * (UTC for reports without a zone); `POST /api/ingest` re-reads the folder. `options` override the app's.
 */
export async function deploymentApp(files: Record<string, string>, options: Partial<AppOptions> = {}): Promise<DeploymentTestApp> {
  const folder = tempFolder(files);
  const database = openDatabase(':memory:');
  const summary = await ingestFolder(database, { root: folder.root, now: () => NOW });
  expect(summary.failed, JSON.stringify(summary.failures)).toBe(0);
  const app = await buildApp({
    database,
    auth: { token: null, protectReads: false },
    ingest: (request) => ingestFolder(database, { root: folder.root, now: () => NOW, ...request }),
    now: () => NOW,
    ...options,
  });
  return {
    app,
    database,
    folder,
    importDeployments: () => importDeploymentFile(database, join(folder.root, EXAMPLE_DEPLOYMENTS), { shownAs: EXAMPLE_DEPLOYMENTS, now: NOW }),
    async close() {
      await app.close();
      database.close();
      folder.cleanup();
    },
  };
}

/** Rows in the deployments table (read straight from the database: what was stored, whatever the API says). */
export function storedDeployments(database: Database): number {
  return database.sqlite.prepare('select count(*) from deployments').pluck().get() as number;
}

/** `POST /api/deployments` with `body` (and `headers`). */
export function postDeployments(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/deployments', payload: body as Record<string, unknown>, headers });
}

/** `POST /api/deployments` that must answer `status` (201 or 200); its result. */
export async function posted(app: FastifyInstance, status: 200 | 201, body: unknown, headers: Record<string, string> = {}): Promise<DeploymentPostResult> {
  const response = await postDeployments(app, body, headers);
  expect(response.statusCode, response.body).toBe(status);
  return response.json<DeploymentPostResult>();
}

/** A GET that must answer 200; its JSON. */
export async function getJson<T>(app: FastifyInstance, url: string): Promise<T> {
  const response = await app.inject(url);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
}

/** `GET /api/deployments` + `query`. */
export const listDeployments = (app: FastifyInstance, query = '') => getJson<DeploymentPage>(app, `/api/deployments${query}`);

/** Every stored deployment by key (through `GET /api/deployments`). */
export async function deploymentsByKey(app: FastifyInstance): Promise<Map<string, Deployment>> {
  const page = await listDeployments(app, '?limit=1000');
  return new Map(page.items.map((d) => [d.key, d]));
}

/** The id of the deployment stored under `key`. */
export async function idOf(app: FastifyInstance, key: string): Promise<number> {
  const found = (await deploymentsByKey(app)).get(key);
  if (!found) throw new Error(`no deployment with key ${key}`);
  return found.id;
}

/** `GET /api/incidents/:slug/deployments`. */
export const correlationOf = (app: FastifyInstance, slug: string) => getJson<IncidentDeployments>(app, `/api/incidents/${slug}/deployments`);

/** `PUT /api/incidents/:slug/deployments/:id/verdict` that must answer 200; the new correlation. */
export async function putVerdict(
  app: FastifyInstance,
  slug: string,
  id: number,
  body: { verdict: 'confirmed' | 'rejected'; by?: string; note?: string },
  headers: Record<string, string> = {},
): Promise<IncidentDeployments> {
  const response = await app.inject({ method: 'PUT', url: `/api/incidents/${slug}/deployments/${id}/verdict`, payload: body, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<IncidentDeployments>();
}

/** `DELETE /api/incidents/:slug/deployments/:id/verdict` that must answer 200; the new correlation. */
export async function deleteVerdict(app: FastifyInstance, slug: string, id: number): Promise<IncidentDeployments> {
  const response = await app.inject({ method: 'DELETE', url: `/api/incidents/${slug}/deployments/${id}/verdict` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<IncidentDeployments>();
}
