import { renameSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { IngestQueue } from '../../server/ingest/queue.ts';
import { watchFolder, type FolderWatch } from '../../server/ingest/watch.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const report = (title: string) => `# ${title}\n\n## Timeline (UTC)\n\n- 2024-05-02 10:00 Deploy\n- 10:05 Alert fires\n`;

let db: Database;
let folder: TempFolder;
let queue: IngestQueue;
let watcher: FolderWatch;

beforeEach(async () => {
  db = openDatabase(':memory:');
  folder = tempFolder({ 'one.md': report('One') });
  queue = new IngestQueue(db, { root: folder.root });
  await queue.folder();
  watcher = watchFolder({
    root: folder.root,
    extensions: ['.md'],
    debounceMs: 50,
    rootCheckMs: 100,
    onChange: (paths) => void queue.paths(paths),
    onRescan: () => void queue.folder(),
  });
  await watcher.ready;
});
afterEach(async () => {
  await watcher.close();
  await queue.close();
  db.close();
  folder.cleanup();
});

const titles = () =>
  (db.sqlite.prepare('select title, removed_at from incidents order by source_path').all() as { title: string; removed_at: string | null }[]).map(
    (r) => `${r.title}${r.removed_at ? ' (removed)' : ''}`,
  );

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 25));
    }
  }
}

describe('watching the postmortems folder', () => {
  it('picks up new, changed, renamed and deleted files without a restart', async () => {
    folder.write('two.md', report('Two'));
    await eventually(() => expect(titles()).toEqual(['One', 'Two']));

    folder.write('one.md', report('One, edited'));
    await eventually(() => expect(titles()).toEqual(['One, edited', 'Two']));

    folder.move('two.md', 'sub/zwei.md');
    await eventually(() => expect(db.sqlite.prepare('select slug from incidents order by id').all()).toEqual([{ slug: 'one' }, { slug: 'sub-zwei' }]));

    folder.remove('one.md');
    await eventually(() => expect(titles()).toEqual(['One, edited (removed)', 'Two']));
  });

  it('ignores files with other endings', async () => {
    folder.write('notes.txt', 'hello');
    folder.write('three.md', report('Three'));
    await eventually(() => expect(titles()).toEqual(['One', 'Three']));
  });

  it('survives the folder being moved away and back: nothing is marked removed, and watching goes on', async () => {
    renameSync(folder.root, `${folder.root}.away`);
    await new Promise((done) => setTimeout(done, 400));
    renameSync(`${folder.root}.away`, folder.root);
    await new Promise((done) => setTimeout(done, 400));
    expect(titles()).toEqual(['One']);
    folder.write('late.md', report('Late'));
    await eventually(() => expect(titles()).toEqual(['Late', 'One']));
  });
});
