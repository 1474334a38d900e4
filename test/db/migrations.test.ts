/** The committed migrations match `server/db/schema.ts`, and they build the database the code expects. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('migrations', () => {
  it('are up to date with the schema (drizzle-kit generate finds nothing to add)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'hindsight-migrations-'));
    try {
      cpSync(join(ROOT, 'migrations'), copy, { recursive: true });
      const before = readdirSync(copy).sort();
      // drizzle-kit resolves paths from the working directory: run it from the repository root.
      const { stdout } = await promisify(execFile)(
        join(ROOT, 'node_modules', '.bin', 'drizzle-kit'),
        ['generate', '--dialect', 'sqlite', '--schema', './server/db/schema.ts', '--out', relative(ROOT, copy)],
        { cwd: ROOT },
      );
      expect(stdout).toContain('No schema changes');
      expect(readdirSync(copy).sort()).toEqual(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it('create every table and the search index, with foreign keys on', () => {
    const database = openDatabase(':memory:');
    try {
      const tables = (database.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map(
        (row) => row.name,
      );
      for (const name of ['incidents', 'timeline_entries', 'action_items', 'action_item_links', 'safeguards', 'action_item_safeguards', 'safeguard_checks', 'deployments', 'incident_search']) {
        expect(tables).toContain(name);
      }
      expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      database.close();
    }
  });

  it('put a file database in WAL mode, creating its folder, and are applied once', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hindsight-db-'));
    try {
      const database = openDatabase(join(folder, 'nested', 'h.db'));
      expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      database.close();
      const again = openDatabase(join(folder, 'nested', 'h.db'));
      expect(again.sqlite.prepare('select count(*) n from __drizzle_migrations').get()).toEqual({ n: readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).length });
      again.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
