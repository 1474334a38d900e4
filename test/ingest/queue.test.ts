import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { IngestQueue } from '../../server/ingest/queue.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const report = (title: string) => `# ${title}\n\nDate: 2024-01-02\n\n## Timeline (UTC)\n\n- 10:00 Deploy\n`;

let db: Database;
let folder: TempFolder;
let queue: IngestQueue;
beforeEach(() => {
  db = openDatabase(':memory:');
  folder = tempFolder({ 'a.md': report('A'), 'b.md': report('B') });
  queue = new IngestQueue(db, { root: folder.root });
});
afterEach(async () => {
  await queue.close();
  db.close();
  folder.cleanup();
});

describe('IngestQueue', () => {
  it('runs one ingest at a time, in order, so the same new file is never inserted twice', async () => {
    const results = await Promise.all([queue.folder(), queue.folder(), queue.paths(['a.md'])]);
    expect(results.map((r) => [r.added, r.unchanged])).toEqual([
      [2, 0],
      [0, 2],
      [0, 1],
    ]);
    expect(db.sqlite.prepare('select count(*) n from incidents').get()).toEqual({ n: 2 });
  });

  it('merges paths queued while another run works into one run', async () => {
    const busy = queue.folder();
    const first = queue.paths(['a.md']);
    const second = queue.paths(['b.md']);
    expect(second).toBe(first);
    await busy;
    expect((await first).unchanged).toBe(2);
  });

  it('refuses work once closed', async () => {
    await queue.close();
    await expect(queue.folder()).rejects.toThrow('the ingest queue is closed');
  });
});
