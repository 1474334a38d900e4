/**
 * `GET /api/settings`: what the UI needs to know about how this Hindsight is set up: whether it talks to GitHub (so
 * it can say "GitHub is not configured" instead of offering buttons that answer 503), the repository new issues go
 * to, and when the issue sync and the safeguard verification last ran.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/connection.ts';
import { statement } from '../../db/queries/statements.ts';
import { NoQuerySchema, readErrors } from '../schemas/common.ts';
import { SettingsSchema } from '../schemas/settings.ts';

export interface SettingsRoutesOptions {
  database: Database;
  github: { configured: boolean; defaultRepo: string | null; issueLabel: string | null; syncMinutes: number };
}

/** The settings route, mounted under `/api`. */
export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRoutesOptions> = async (app, { database, github }) => {
  app.get(
    '/settings',
    {
      schema: {
        tags: ['health'],
        summary: 'How this Hindsight is set up (GitHub on or off, default repository, last sync and verification)',
        querystring: NoQuerySchema,
        response: { 200: SettingsSchema, ...readErrors },
      },
    },
    async () => ({
      github: {
        ...github,
        lastSyncAt: (statement(database, 'select max(synced_at) from github_sync_state').pluck().get() as string | null) ?? null,
        lastVerifiedAt: (statement(database, 'select max(checked_at) from safeguards').pluck().get() as string | null) ?? null,
      },
    }),
  );
};
