import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { ingestFolder, ingestPaths } from '../../server/ingest/ingest.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const report = (title: string, items: string[], extra = '') => `# ${title}

Date: 2024-05-02

## Timeline (UTC)

- 10:00 Deploy of api v2 to production
- 10:05 Alert fires for 5xx errors
- 10:30 Rolled back to v1; errors stop
${extra}
## Action items

${items.map((item) => `- [ ] ${item}`).join('\n')}
`;

const ITEMS = ['Add a canary stage before production deploys', 'Alert on 5xx rate per route', 'Write the rollback runbook'];

let db: Database;
let folder: TempFolder;
let clock: Date;
const options = () => ({ root: folder.root, now: () => clock });

beforeEach(() => {
  db = openDatabase(':memory:');
  folder = tempFolder({ 'api-outage.md': report('API outage', ITEMS) });
  clock = new Date('2024-06-01T12:00:00Z');
});
afterEach(() => {
  db.close();
  folder.cleanup();
});

const rows = <T>(query: string, ...params: unknown[]) => db.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => db.sqlite.prepare(query).get(...params) as T;

/** Attaches a link and a status decision to an item the way the service will (issue linking, a person's call). */
function decideThroughService(text: string) {
  const item = one<{ id: number }>('select id from action_items where text = ?', text);
  db.sqlite
    .prepare("insert into action_item_links (action_item_id, source, ref, url, repo, number, kind) values (?, 'service', ?, ?, 'acme/api', 7, 'issue')")
    .run(item.id, 'https://github.com/acme/api/issues/7', 'https://github.com/acme/api/issues/7');
  db.sqlite.prepare("update action_items set status = 'in-progress', status_source = 'service' where id = ?").run(item.id);
  return item.id;
}

describe('ingestFolder', () => {
  it('stores the incident, its timeline, items and search row, then skips it when unchanged', async () => {
    const first = await ingestFolder(db, options());
    expect(first).toMatchObject({ added: 1, changed: 0, unchanged: 0, failed: 0, removed: 0 });
    const incident = one<Record<string, unknown>>('select * from incidents');
    expect(incident).toMatchObject({ slug: 'api-outage', source_path: 'api-outage.md', title: 'API outage', date: '2024-05-02', error: null });
    expect(incident.started_at).toBe('2024-05-02T10:00:00Z');
    expect(incident.detect_seconds).toBe(300);
    expect(one<{ n: number }>('select count(*) n from timeline_entries').n).toBe(3);
    expect(rows<{ text: string }>('select text from action_items order by position').map((r) => r.text)).toEqual(ITEMS);
    expect(rows('select rowid from incident_search where incident_search match ?', 'runbook')).toHaveLength(1);
    // Stemmed: "rolling" finds "Rolled back", "deploys" finds "Deploy".
    expect(rows('select rowid from incident_search where incident_search match ?', 'rolling deploys')).toHaveLength(1);

    const second = await ingestFolder(db, options());
    expect(second).toMatchObject({ added: 0, changed: 0, unchanged: 1 });
  });

  it('keeps links and decisions on an item through rewording, reordering, inserting and deleting others', async () => {
    await ingestFolder(db, options());
    const id = decideThroughService('Alert on 5xx rate per route');

    folder.write(
      'api-outage.md',
      report('API outage', ['Publish a status page playbook', 'Alert on the 5xx rate of every route', 'Add a canary stage before production deploys']),
    );
    clock = new Date('2024-06-02T12:00:00Z');
    expect(await ingestFolder(db, options())).toMatchObject({ changed: 1 });

    const item = one<Record<string, unknown>>('select * from action_items where id = ?', id);
    expect(item).toMatchObject({ text: 'Alert on the 5xx rate of every route', position: 1, status: 'in-progress', archived_at: null });
    expect(rows('select ref from action_item_links where action_item_id = ?', id)).toEqual([{ ref: 'https://github.com/acme/api/issues/7' }]);
    // The deleted item is archived, not gone; the new one is new.
    expect(one<Record<string, unknown>>("select archived_at from action_items where text = 'Write the rollback runbook'").archived_at).toBe(
      '2024-06-02T12:00:00.000Z',
    );
    expect(one<{ n: number }>('select count(*) n from action_items').n).toBe(4);
  });

  it('follows the checkbox while the markdown decides the status', async () => {
    await ingestFolder(db, options());
    folder.write('api-outage.md', report('API outage', ITEMS).replace('- [ ] Write the rollback runbook', '- [x] Write the rollback runbook'));
    await ingestFolder(db, options());
    expect(one<Record<string, unknown>>("select status, done, done_at from action_items where text = 'Write the rollback runbook'")).toEqual({
      status: 'done',
      done: 1,
      done_at: '2024-06-01T12:00:00.000Z',
    });
  });

  it('keeps the last good version of a file that breaks, with the error, and recovers when it is fixed', async () => {
    await ingestFolder(db, options());
    folder.write('api-outage.md', Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]));
    const broken = await ingestFolder(db, options());
    expect(broken).toMatchObject({ failed: 1, failures: [{ file: 'api-outage.md', error: 'not valid UTF-8 (line 1)' }] });
    expect(one<Record<string, unknown>>('select title, error from incidents')).toEqual({ title: 'API outage', error: 'not valid UTF-8 (line 1)' });
    expect(one<{ n: number }>('select count(*) n from action_items where archived_at is null').n).toBe(3);
    // Still reported on the next run, without re-reading it.
    expect(await ingestFolder(db, options())).toMatchObject({ failed: 1, unchanged: 0 });

    folder.write('api-outage.md', report('API outage, fixed', ITEMS));
    expect(await ingestFolder(db, options())).toMatchObject({ changed: 1, failed: 0 });
    expect(one<Record<string, unknown>>('select title, error from incidents')).toEqual({ title: 'API outage, fixed', error: null });
  });

  it('stores a file that never parsed with its error, so the API can say what it could not read', async () => {
    folder.write('broken.md', Buffer.from([0, 1, 2, 3]));
    const summary = await ingestFolder(db, options());
    expect(summary).toMatchObject({ added: 1, failed: 1 });
    expect(one<Record<string, unknown>>("select slug, title, parsed, error from incidents where source_path = 'broken.md'")).toEqual({
      slug: 'broken',
      title: null,
      parsed: null,
      error: 'binary file (contains NUL bytes)',
    });
  });

  it('marks a deleted file removed, keeping its items and links, and restores it when it comes back', async () => {
    await ingestFolder(db, options());
    const id = decideThroughService('Write the rollback runbook');
    folder.remove('api-outage.md');
    expect(await ingestFolder(db, options())).toMatchObject({ removed: 1 });
    expect(one<Record<string, unknown>>('select removed_at, title from incidents')).toEqual({
      removed_at: '2024-06-01T12:00:00.000Z',
      title: 'API outage',
    });
    expect(rows('select id from action_item_links where action_item_id = ?', id)).toHaveLength(1);

    folder.write('api-outage.md', report('API outage', ITEMS));
    expect(await ingestFolder(db, options())).toMatchObject({ changed: 1, removed: 0 });
    expect(one<Record<string, unknown>>('select removed_at from incidents').removed_at).toBeNull();
    expect(one<Record<string, unknown>>('select status from action_items where id = ?', id).status).toBe('in-progress');
  });

  it('moves the incident with a renamed file: same id, new slug, old slug kept as an alias', async () => {
    await ingestFolder(db, options());
    const id = decideThroughService('Write the rollback runbook');
    folder.move('api-outage.md', '2024/api-outage-may.md');
    expect(await ingestFolder(db, options())).toMatchObject({ renamed: 1, added: 0, removed: 0 });
    expect(rows('select slug, source_path, removed_at from incidents')).toEqual([
      { slug: '2024-api-outage-may', source_path: '2024/api-outage-may.md', removed_at: null },
    ]);
    expect(rows('select slug from incident_slug_aliases')).toEqual([{ slug: 'api-outage' }]);
    expect(rows('select id from action_item_links where action_item_id = ?', id)).toHaveLength(1);
  });

  it('gives files whose names collide distinct slugs', async () => {
    folder.write('a/b.md', report('One', ['x']));
    folder.write('a-b.md', report('Two', ['y']));
    await ingestFolder(db, options());
    expect(rows<{ slug: string }>('select slug from incidents order by slug').map((r) => r.slug)).toEqual(['a-b', 'a-b-2', 'api-outage']);
  });

  it('re-parses every file when the default time zone changes', async () => {
    await ingestFolder(db, options());
    const moved = await ingestFolder(db, { ...options(), timezone: 'Europe/Berlin' });
    expect(moved).toMatchObject({ changed: 1, unchanged: 0 });
  });

  it('reports a file the database refuses, leaving nothing of it behind, and stores the others', async () => {
    db.sqlite.exec("create trigger poison before insert on timeline_entries when new.text = 'Poisoned entry' begin select raise(abort, 'refused by a trigger'); end");
    folder.write('poison.md', report('Poison', ['a']).replace('Alert fires for 5xx errors', 'Poisoned entry'));
    const summary = await ingestFolder(db, options());
    expect(summary).toMatchObject({ added: 1, failed: 1, failures: [{ file: 'poison.md', error: 'could not be stored: refused by a trigger' }] });
    expect(rows('select source_path from incidents')).toEqual([{ source_path: 'api-outage.md' }]);
    expect(one<{ n: number }>('select count(*) n from timeline_entries').n).toBe(3);
    expect(one<{ n: number }>('select count(*) n from incident_search').n).toBe(1);
  });

  it('reports a missing folder and removes nothing', async () => {
    await ingestFolder(db, options());
    const summary = await ingestFolder(db, { ...options(), root: `${folder.root}/gone` });
    expect(summary).toMatchObject({ added: 0, removed: 0, errors: [`${folder.root}/gone: no such folder`] });
    expect(rows('select source_path, removed_at from incidents')).toEqual([{ source_path: 'api-outage.md', removed_at: null }]);
  });

  it('reads only the configured endings, recursively', async () => {
    folder.write('notes.txt', 'not a postmortem');
    folder.write('deep/er/one.qmd', report('Quarto', ['q']));
    await ingestFolder(db, { ...options(), extensions: ['.qmd'] });
    expect(rows('select source_path from incidents')).toEqual([{ source_path: 'deep/er/one.qmd' }]);
  });
});

describe('ingestPaths', () => {
  it('handles a rename seen as a delete and an add in one batch', async () => {
    await ingestFolder(db, options());
    folder.move('api-outage.md', 'renamed.md');
    const summary = await ingestPaths(db, ['api-outage.md', 'renamed.md'], options());
    expect(summary).toMatchObject({ renamed: 1, removed: 0 });
    expect(rows('select slug, removed_at from incidents')).toEqual([{ slug: 'renamed', removed_at: null }]);
  });

  it('marks every incident under a deleted folder removed, and ignores paths outside the root', async () => {
    folder.write('team/one.md', report('One', ['a']));
    folder.write('team/two.md', report('Two', ['b']));
    await ingestFolder(db, options());
    rmSync(join(folder.root, 'team'), { recursive: true });
    const summary = await ingestPaths(db, [`${folder.root}/team`, '/etc/passwd', '../outside.md'], options());
    expect(summary.removed).toBe(2);
    expect(rows("select source_path from incidents where removed_at is null")).toEqual([{ source_path: 'api-outage.md' }]);
  });

  it('removes nothing while the whole folder is gone (moved away), reporting it', async () => {
    await ingestFolder(db, options());
    const away = `${folder.root}.away`;
    renameSync(folder.root, away);
    try {
      const summary = await ingestPaths(db, ['api-outage.md'], options());
      expect(summary).toMatchObject({ removed: 0, errors: [`${folder.root}: no such folder`] });
      expect(one<{ removed_at: string | null }>('select removed_at from incidents').removed_at).toBeNull();
    } finally {
      renameSync(away, folder.root);
    }
  });

  it('reads a folder that appeared (moved in) and notices files gone from a folder still there', async () => {
    folder.write('team/one.md', report('One', ['a']));
    await ingestFolder(db, options());
    folder.remove('team/one.md');
    folder.write('team/sub/two.md', report('Two', ['b']));
    const summary = await ingestPaths(db, ['team'], options());
    expect(summary).toMatchObject({ added: 1, removed: 1 });
  });
});
