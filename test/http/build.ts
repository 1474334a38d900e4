/** Builds the real app over a fresh `:memory:` database for a test, with the sample data unless told otherwise. */
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { buildApp, type AppOptions } from '../../server/http/app.ts';
import { emptySummary } from '../../server/ingest/summary.ts';
import { SAMPLE_NOW, seedSample } from '../db/queries/sample.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The app with `overrides`; `seed` fills the database first (default: the sample). */
export async function testApp(
  overrides: Partial<AppOptions> & { seed?: (database: Database) => void } = {},
): Promise<TestApp> {
  const database = openDatabase(':memory:');
  const { seed = seedSample, ...options } = overrides;
  seed(database);
  const app = await buildApp({
    database,
    auth: { token: null, protectReads: false },
    ingest: async () => emptySummary(),
    now: () => SAMPLE_NOW,
    ...options,
  });
  return {
    app,
    database,
    async close() {
      await app.close();
      database.close();
    },
  };
}
