/**
 * Prepared statements, compiled once per connection and reused: the repositories' hot paths run the same SQL
 * text many times, and preparing it again each time costs more than running it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../connection.ts';

const cache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** Statements kept per connection; beyond this many distinct SQL texts the oldest is dropped. Default: 200. */
const MAX_STATEMENTS = 200;

/**
 * The prepared statement for `sqlText` on `database`'s connection, compiled on first use and cached (keyed by
 * the text, so build dynamic SQL from a bounded set of fragments and pass every value as a parameter).
 */
export function statement(database: Database, sqlText: string): BetterSqlite3.Statement {
  let statements = cache.get(database.sqlite);
  if (!statements) {
    statements = new Map();
    cache.set(database.sqlite, statements);
  }
  let prepared = statements.get(sqlText);
  if (!prepared) {
    prepared = database.sqlite.prepare(sqlText);
    if (statements.size >= MAX_STATEMENTS) {
      const oldest = statements.keys().next();
      if (!oldest.done) statements.delete(oldest.value);
    }
    statements.set(sqlText, prepared);
  }
  return prepared;
}
