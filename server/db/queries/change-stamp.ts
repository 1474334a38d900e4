/**
 * A cheap "has anything in the database changed?" check, for caching whole query results: the rows this
 * connection has changed so far (`total_changes()`, which only grows) and the commit counter of other
 * connections (`PRAGMA data_version`). Equal stamps mean no table was written in between.
 */
import type { Database } from '../connection.ts';
import { statement } from './statements.ts';

/**
 * The current stamp, or null inside an open transaction (its changes may still be rolled back, so nothing read
 * now may be cached).
 */
export function changeStamp(database: Database): string | null {
  if (database.sqlite.inTransaction) return null;
  const changes = statement(database, 'SELECT total_changes()').pluck().get() as number;
  const version = statement(database, 'PRAGMA data_version').pluck().get() as number;
  return `${changes}:${version}`;
}
