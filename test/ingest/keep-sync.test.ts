/**
 * Re-reading a postmortem keeps what the GitHub sync decided: the status GitHub gave an item, and the owner and due
 * date it filled in where the markdown names none; a checkbox ticked in the markdown still wins (and the
 * disagreement is flagged), an owner or due date written in the markdown wins, and removing the link gives the item
 * back to the markdown. The example postmortem `2018-01-25-datahub-accidental-prod-merge.md` links
 * example-org/datahub #14, #12 and #15; GitHub is the local stand-in.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncIssues } from '../../server/actions/sync-issues.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { createGitHubClient } from '../../server/github/client.ts';
import { ingestFolder } from '../../server/ingest/ingest.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';
import { tempFolder, type TempFolder } from '../helpers/temp-folder.ts';

const FILE = '2018-01-25-datahub-accidental-prod-merge.md';
const EXAMPLE = readFileSync(new URL(`../../postmortems/${FILE}`, import.meta.url), 'utf8');
const REPO = 'example-org/datahub';

let github: GitHubStandIn;
let database: Database;
let folder: TempFolder;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2024-07-01T00:00:00Z');
  github = await startGitHubStandIn({ now: () => clock });
  database = openDatabase(':memory:');
  folder = tempFolder({ [FILE]: EXAMPLE });
  const issues = github.state.issues;
  issues.add(REPO, { number: 12, title: 'Travis: show the hub', state: 'closed', created_at: '2018-01-26T10:00:00Z', updated_at: '2018-02-10T10:00:00Z' });
  issues.add(REPO, { number: 14, title: 'Block merges when staging is down', assignees: ['ana'], created_at: '2018-01-26T10:01:00Z' });
  issues.add(REPO, { number: 15, title: 'Alert on the hub health check', assignees: ['oncall-bot'], milestone: { title: 'Spring', due_on: '2018-03-01T08:00:00Z' }, created_at: '2018-01-26T10:02:00Z' });
});
afterEach(async () => {
  database.close();
  folder.cleanup();
  await github.close();
});

/** Moves the stand-in's clock a minute on and returns it in GitHub's format. */
function tick(): string {
  clock = new Date(clock.getTime() + 60_000);
  return clock.toISOString().replace('.000Z', 'Z');
}

async function ingest(markdown?: string): Promise<void> {
  if (markdown !== undefined) folder.write(FILE, markdown);
  const summary = await ingestFolder(database, { root: folder.root, now: () => new Date('2024-08-01T00:00:00Z') });
  expect(summary.failed).toBe(0);
}

async function sync() {
  const client = createGitHubClient({ baseUrl: github.url, retries: 0, retryAfterBaseMs: 1 });
  const report = await syncIssues(database, client, { now: new Date('2024-08-01T00:00:00Z') });
  expect(report.failures).toEqual([]);
  return report;
}

/** The item whose text starts with `start`. */
function item(start: string): Record<string, unknown> {
  const row = database.sqlite
    .prepare(
      `select status, status_source as statusSource, status_conflict as statusConflict, done, owner, owner_source as ownerSource, due,
         due_source as dueSource, archived_at as archivedAt from action_items where text like ? || '%'`,
    )
    .get(start) as Record<string, unknown> | undefined;
  if (!row) throw new Error(`no item starting "${start}"`);
  return row;
}

const BLOCK = 'Block merges to production';
const TRAVIS = 'Make the Travis CI view';
const ALERT = 'Alert the on-call admin';

describe('re-ingest after a sync', () => {
  it("keeps GitHub's status, owner and due date, and the markdown's where it writes them", async () => {
    await ingest();
    await sync();
    const afterSync = [item(BLOCK), item(TRAVIS), item(ALERT)];
    expect(afterSync).toEqual([
      // The markdown names @rtorres: that owner stays; GitHub says the issue is open.
      { status: 'open', statusSource: 'github', statusConflict: null, done: null, owner: 'rtorres', ownerSource: 'markdown', due: null, dueSource: null, archivedAt: null },
      { status: 'done', statusSource: 'github', statusConflict: null, done: null, owner: 'lchen', ownerSource: 'markdown', due: '2018-02-16', dueSource: 'markdown', archivedAt: null },
      { status: 'open', statusSource: 'github', statusConflict: null, done: null, owner: 'oncall-bot', ownerSource: 'github', due: '2018-03-01', dueSource: 'github', archivedAt: null },
    ]);

    // An edit elsewhere in the file, and a reworded item: nothing GitHub decided is lost.
    await ingest(EXAMPLE.replace('## Summary', '## Summary\n\nUpdated after the review.\n').replace('Alert the on-call admin', 'Alert the on-call admins'));
    expect([item(BLOCK), item(TRAVIS), item(ALERT)]).toEqual(afterSync);
  });

  it('gives the item back to the markdown when its link is removed', async () => {
    await ingest();
    await sync();
    await ingest(EXAMPLE.replace(' [#15](https://github.com/example-org/datahub/issues/15)', ''));
    expect(item(ALERT)).toMatchObject({ status: 'open', statusSource: 'markdown', owner: null, ownerSource: null, due: null, dueSource: null });
  });

  it('lets an owner or due date written later win, and falls back to GitHub when it is deleted again', async () => {
    await ingest();
    await sync();
    const written = EXAMPLE.replace('[#15](https://github.com/example-org/datahub/issues/15)', '[#15](https://github.com/example-org/datahub/issues/15) @priya, due 2018-02-20');
    await ingest(written);
    expect(item(ALERT)).toMatchObject({ owner: 'priya', ownerSource: 'markdown', due: '2018-02-20', dueSource: 'markdown' });
    await sync();
    expect(item(ALERT)).toMatchObject({ owner: 'priya', ownerSource: 'markdown', due: '2018-02-20', dueSource: 'markdown' });
    await ingest(EXAMPLE);
    expect(item(ALERT)).toMatchObject({ owner: 'oncall-bot', ownerSource: 'github', due: '2018-03-01', dueSource: 'github' });
  });
});

describe('the markdown checkbox against GitHub', () => {
  const ticked = (markdown: string, start: string) => markdown.replace(`1. ${start}`, `1. [x] ${start}`);

  it('a [x] added to the markdown wins over an issue closed as not planned, flagged as a conflict', async () => {
    await ingest();
    github.state.issues.update(REPO, 14, { state: 'closed', state_reason: 'not_planned', updated_at: tick() });
    await sync();
    expect(item(BLOCK)).toMatchObject({ status: 'wont-do', statusSource: 'github', statusConflict: null });

    await ingest(ticked(EXAMPLE, 'Block merges'));
    expect(item(BLOCK)).toMatchObject({
      status: 'done',
      statusSource: 'markdown',
      done: 1,
      statusConflict: 'ticked in the report, but example-org/datahub#14 closed as not planned',
    });
    // A sync with nothing new keeps it; GitHub reopening the issue keeps the tick too, with the new disagreement.
    await sync();
    expect(item(BLOCK)).toMatchObject({ status: 'done', statusSource: 'markdown', statusConflict: 'ticked in the report, but example-org/datahub#14 closed as not planned' });
    github.state.issues.update(REPO, 14, { state: 'open', updated_at: tick() });
    await sync();
    expect(item(BLOCK)).toMatchObject({ status: 'done', statusSource: 'markdown', statusConflict: 'ticked in the report, but example-org/datahub#14 still open' });

    // Unticked again: GitHub decides once more.
    await ingest(EXAMPLE);
    expect(item(BLOCK)).toMatchObject({ status: 'open', statusSource: 'github', statusConflict: null, done: null });
  });

  it("keeps a person's decision through the service over both", async () => {
    await ingest();
    database.sqlite.prepare("update action_items set status = 'in-progress', status_source = 'service' where text like 'Make the Travis%'").run();
    await sync();
    await ingest(ticked(EXAMPLE, 'Make the Travis'));
    expect(item(TRAVIS)).toMatchObject({ status: 'in-progress', statusSource: 'service', owner: 'lchen' });
  });
});
