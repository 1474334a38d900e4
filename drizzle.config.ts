/** drizzle-kit: `npm run db:generate` writes a migration for every change of `server/db/schema.ts`. Run from the repository root. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './migrations',
});
