/**
 * The one owner of the SQLite connection: opens the file (creating its folder), sets the pragmas (WAL, foreign
 * keys, a busy timeout), applies the migrations in `migrations/`, and exports the `DB` type every repository
 * takes. Nothing opens a database as a side effect of being imported.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type DB = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

export interface Database {
  /** drizzle over the connection, with the schema. */
  db: DB;
  /** The raw better-sqlite3 connection (pragmas, FTS5, prepared hot paths). */
  sqlite: BetterSqlite3.Database;
  /** The file, or `:memory:`. */
  file: string;
  /** Checkpoints the WAL and closes; safe to call twice. */
  close(): void;
}

/** `migrations/` at the repository root. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/**
 * Opens (and creates) the database at `file` (`:memory:` for a private in-memory one) and brings its schema up
 * to date. Throws a `DatabaseError` naming the file when it cannot be opened or migrated.
 */
export function openDatabase(file: string): Database {
  const memory = file === ':memory:';
  let sqlite: BetterSqlite3.Database;
  if (!memory) {
    const folder = dirname(resolve(file));
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' ? 'permission denied' : reason(error);
      throw new DatabaseError(`${file}: cannot create its folder ${folder}: ${why}`, { cause: error });
    }
  }
  try {
    sqlite = new BetterSqlite3(file);
  } catch (error) {
    throw new DatabaseError(`${file}: cannot open the database: ${reason(error)}`, { cause: error });
  }
  try {
    if (!memory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 32 MB of page cache (the default is 2 MB): the full-text index and the incident pages stay in memory while
    // thousands of files are ingested.
    sqlite.pragma('cache_size = -32000');
    if (!memory) sqlite.pragma('wal_autocheckpoint = 10000');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    let open = true;
    return {
      db,
      sqlite,
      file,
      close() {
        if (!open) return;
        open = false;
        if (!memory) sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw new DatabaseError(`${file}: cannot prepare the database: ${reason(error)}`, { cause: error });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
