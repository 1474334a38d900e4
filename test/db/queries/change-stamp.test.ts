import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/connection.ts';
import { changeStamp } from '../../../server/db/queries/change-stamp.ts';
import { listIncidents } from '../../../server/db/queries/incident-list.ts';
import { tempFolder, type TempFolder } from '../../helpers/temp-folder.ts';
import { seedIncident } from './seed.ts';

const open: Database[] = [];
let folder: TempFolder | null = null;
afterEach(() => {
  for (const database of open.splice(0)) database.close();
  folder?.cleanup();
  folder = null;
});
const opened = (file: string) => {
  const database = openDatabase(file);
  open.push(database);
  return database;
};

describe('changeStamp', () => {
  it('stays the same over reads and changes with every write of this connection', () => {
    const database = opened(':memory:');
    const before = changeStamp(database);
    listIncidents(database);
    expect(changeStamp(database)).toBe(before);
    seedIncident(database, { slug: 'a' });
    const afterInsert = changeStamp(database);
    expect(afterInsert).not.toBe(before);
    database.sqlite.prepare("UPDATE action_items SET status = 'done'").run();
    database.sqlite.prepare("UPDATE incidents SET title = 'x'").run();
    expect(changeStamp(database)).not.toBe(afterInsert);
  });

  it('changes when another connection commits', () => {
    folder = tempFolder();
    const file = join(folder.root, 'stamp.db');
    const reader = opened(file);
    const writer = opened(file);
    const before = changeStamp(reader);
    seedIncident(writer, { slug: 'b' });
    expect(changeStamp(reader)).not.toBe(before);
  });

  it('is null inside a transaction (nothing read there may be cached)', () => {
    const database = opened(':memory:');
    let inside: string | null = 'unset';
    database.sqlite.transaction(() => {
      inside = changeStamp(database);
    })();
    expect(inside).toBeNull();
  });
});
