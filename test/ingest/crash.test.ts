/**
 * The ingest survives being killed: SIGKILL a real `hindsight ingest` process in the middle of 2,000 files, then
 * check the database is intact, holds no duplicates or half-written incidents, and that a second run finishes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { writeGeneratedPostmortems } from '../helpers/generate-postmortems.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const FILES = 2000;
const BIN = fileURLToPath(new URL('../../server/bin/hindsight.js', import.meta.url));

let folder: TempFolder;
let dbFile: string;

beforeAll(() => {
  folder = tempFolder();
  writeGeneratedPostmortems(`${folder.root}/postmortems`, FILES);
  dbFile = `${folder.root}/data/hindsight.db`;
});
afterAll(() => folder.cleanup());

function storedCount(): number {
  try {
    const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from incidents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being created
  }
}

describe('an ingest killed with SIGKILL', () => {
  it('leaves an intact database that the next run completes', async () => {
    const child = spawn(process.execPath, [BIN, 'ingest', `${folder.root}/postmortems`, '--db', dbFile, '--no-progress'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));

    // Kill it once a few hundred files are in, well before the end.
    const deadline = Date.now() + 60_000;
    while (storedCount() < 300) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the ingest never got going: ${stderr}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const partial = storedCount();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(FILES);

    const database = openDatabase(dbFile);
    try {
      expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
      const one = <T>(query: string) => database.sqlite.prepare(query).get() as T;
      // Every stored incident is whole: its timeline and its search row are there.
      // (every generated report has eight timeline entries and at least two action items)
      expect(one<{ n: number }>('select count(*) n from incidents i where (select count(*) from timeline_entries t where t.incident_id = i.id) <> 8').n).toBe(0);
      expect(one<{ n: number }>('select count(*) n from incidents i where (select count(*) from action_items a where a.incident_id = i.id) < 2').n).toBe(0);
      expect(one<{ n: number }>('select count(*) n from incidents where id not in (select rowid from incident_search)').n).toBe(0);

      const summary = await ingestFolder(database, { root: `${folder.root}/postmortems` });
      expect(summary.failed).toBe(0);
      expect(summary.unchanged).toBe(partial);
      expect(summary.added).toBe(FILES - partial);
      expect(one<{ n: number; paths: number; slugs: number }>('select count(*) n, count(distinct source_path) paths, count(distinct slug) slugs from incidents')).toEqual({
        n: FILES,
        paths: FILES,
        slugs: FILES,
      });
      expect(one<{ n: number }>('select count(*) n from incident_search').n).toBe(FILES);
      expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      database.close();
    }
  }, 120_000);
});
