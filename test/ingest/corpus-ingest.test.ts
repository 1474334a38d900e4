/**
 * The store on real postmortems: the corpus (../shared/corpus, or HINDSIGHT_CORPUS) ingested into a fresh database.
 * Skips, saying why, when the corpus is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import type { IngestSummary } from '../../server/ingest/summary.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { corpusExists, listCorpusFiles, resolveCorpusDir } from '../corpus/location.ts';

const corpusDir = resolveCorpusDir(process.env.HINDSIGHT_CORPUS);
const exists = corpusExists(corpusDir);
if (!exists) console.warn(`corpus not found at ${corpusDir}: skipping the corpus ingest`);

let database: Database;
let first: IngestSummary;
beforeAll(async () => {
  database = openDatabase(':memory:');
  if (exists) first = await ingestFolder(database, { root: corpusDir });
});
afterAll(() => database.close());

describe('ingesting the corpus', () => {
  it.skipIf(!exists)('stores every postmortem file, none failed', () => {
    const markdown = listCorpusFiles(corpusDir).filter((file) => /\.(md|markdown|qmd)$/i.test(file));
    expect(first.failed).toBe(0);
    const stored = (database.sqlite.prepare('select source_path from incidents').pluck().all() as string[]).sort();
    for (const file of markdown) expect(stored, file).toContain(file);
  });

  it.skipIf(!exists)('keeps each file as the parser reads it: title, timeline and action items', () => {
    const rows = database.sqlite
      .prepare(
        `select i.id, i.source_path as path, i.title,
           (select count(*) from timeline_entries t where t.incident_id = i.id) as entries,
           (select count(*) from action_items a where a.incident_id = i.id) as items
         from incidents i`,
      )
      .all() as { id: number; path: string; title: string | null; entries: number; items: number }[];
    for (const row of rows) {
      const parsed = parsePostmortem(readFileSync(join(corpusDir, row.path), 'utf8'), { file: row.path });
      expect([row.title, row.entries, row.items], row.path).toEqual([parsed.title, parsed.timeline.length, parsed.actionItems.length]);
    }
  });

  it.skipIf(!exists)('finds incidents by words of their timelines, and skips every file the second time', async () => {
    const hits = database.sqlite.prepare("select count(*) from incident_search where incident_search match 'timeline : rollback'").pluck().get() as number;
    expect(hits).toBeGreaterThan(0);
    const again = await ingestFolder(database, { root: corpusDir });
    expect(again).toMatchObject({ added: 0, changed: 0, failed: 0, removed: 0, unchanged: first.added });
  });
});
