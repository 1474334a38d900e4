/**
 * Linking action items through the service: what a typed link is read as, what is refused (unsafe URLs, unknown
 * and archived items, duplicates however written), removing service links only, the status rule applied when a
 * link goes, and the one-word summary of an item's links.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinkError, linkItem, unlinkItem } from '../../server/actions/links.ts';
import { isSameLink, MAX_LINK_LENGTH, resolveLinkRef } from '../../server/actions/link-ref.ts';
import { linkStateOf, type SummarisedLink } from '../../server/domain/link-state.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { actionItemLinks, actionItems } from '../../server/db/schema.ts';
import { seedIncident } from '../db/queries/seed.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const REPO = 'example-org/app';

let database: Database;
/** Item ids by text. */
let items: Record<string, number>;

beforeEach(() => {
  database = openDatabase(':memory:');
  seedIncident(database, {
    slug: 'disk-full',
    title: 'Checkout blocked by broker disk alarm',
    date: '2023-11-28',
    items: [
      { text: 'Alert on broker disk usage', links: [{ ref: 'https://github.com/example-org/app/issues/10', state: 'open' }] },
      { text: 'Document the runbook' },
      { text: 'Gone from the markdown', archived: true },
    ],
  });
  seedIncident(database, { slug: 'old', title: 'Removed report', removed: true, items: [{ text: 'Flush caches weekly' }] });
  items = Object.fromEntries(database.db.select({ id: actionItems.id, text: actionItems.text }).from(actionItems).all().map((row) => [row.text, row.id]));
});
afterEach(() => database.close());

const linksOf = (text: string) =>
  database.db.select().from(actionItemLinks).where(eq(actionItemLinks.actionItemId, items[text]!)).orderBy(actionItemLinks.id).all();

/** The `LinkError` `run` throws (failing the test when it throws nothing or something else). */
function refusal(run: () => unknown): LinkError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LinkError);
    return error as LinkError;
  }
  throw new Error('expected a LinkError, nothing was thrown');
}

describe('resolveLinkRef', () => {
  it('reads GitHub issue and pull request URLs into their plain URL, repository and number', () => {
    expect(resolveLinkRef('https://github.com/acme/web/issues/12')).toEqual({
      ref: 'https://github.com/acme/web/issues/12',
      url: 'https://github.com/acme/web/issues/12',
      repo: 'acme/web',
      number: 12,
      kind: 'issue',
    });
    // Fragments, sub-pages, www. and a missing scheme all name the same thing.
    expect(resolveLinkRef('  https://github.com/acme/web/issues/12#issuecomment-99 ').ref).toBe('https://github.com/acme/web/issues/12');
    expect(resolveLinkRef('https://www.github.com/acme/web/pull/7/files')).toMatchObject({
      ref: 'https://github.com/acme/web/pull/7',
      kind: 'pull',
      number: 7,
    });
    expect(resolveLinkRef('github.com/acme/web/issues/3')).toMatchObject({ ref: 'https://github.com/acme/web/issues/3', kind: 'issue' });
  });

  it('reads owner/repo#12, and #12 against the default repository, as the parser builds their URLs', () => {
    expect(resolveLinkRef('acme/web#12')).toEqual({
      ref: 'https://github.com/acme/web/issues/12',
      url: 'https://github.com/acme/web/issues/12',
      repo: 'acme/web',
      number: 12,
      kind: 'issue',
    });
    expect(resolveLinkRef('#5', 'acme/api')).toMatchObject({ ref: 'https://github.com/acme/api/issues/5', repo: 'acme/api', number: 5 });
    // owner/repo#12 wins over the default repository.
    expect(resolveLinkRef('acme/web#5', 'acme/api').repo).toBe('acme/web');
  });

  it('refuses #12 with no repository to resolve it against, saying how to give one', () => {
    const error = refusal(() => resolveLinkRef('#12'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('owner/repo#12');
    expect(error.message).toContain('HINDSIGHT_REPO');
  });

  it('keeps commits and any other http(s) URL, as the URL parser writes them', () => {
    expect(resolveLinkRef('https://github.com/acme/web/commit/0123abcd')).toMatchObject({
      kind: 'commit',
      repo: 'acme/web',
      number: null,
      ref: 'https://github.com/acme/web/commit/0123abcd',
    });
    expect(resolveLinkRef('https://Status.Example.com/incidents/42')).toEqual({
      ref: 'https://status.example.com/incidents/42',
      url: 'https://status.example.com/incidents/42',
      repo: null,
      number: null,
      kind: 'other',
    });
    expect(resolveLinkRef('http://wiki.example.com').ref).toBe('http://wiki.example.com/');
    // A GitHub URL that is no issue, pull request or commit is just a URL.
    expect(resolveLinkRef('https://github.com/acme/web/blob/main/README.md')).toMatchObject({ kind: 'other', number: null });
  });

  it.each([
    ['javascript:alert(1)', 'unsafe', 'javascript:'],
    ['  JaVaScRiPt:alert(document.cookie)', 'unsafe', 'javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'unsafe', 'data:'],
    ['vbscript:msgbox(1)', 'unsafe', 'vbscript:'],
    ['file:///etc/passwd', 'unsafe', 'file:'],
    ['https://user:secret@example.com/x', 'unsafe', 'user name or password'],
    ['java\tscript:alert(1)', 'invalid', 'white space'],
    ['https://example.com/a b', 'invalid', 'white space'],
    ['mailto:oncall@example.com', 'invalid', 'only http and https'],
    ['ftp://files.example.com/x', 'invalid', 'only http and https'],
    ['example.com/runbook', 'invalid', 'is not a link'],
    ['see the ticket', 'invalid', 'white space'],
    ['PROJ-12', 'invalid', 'is not a link'],
    ['', 'invalid', 'empty'],
    ['   ', 'invalid', 'empty'],
  ])('refuses %j (%s)', (input, code, words) => {
    const error = refusal(() => resolveLinkRef(input, REPO));
    expect(error.code).toBe(code);
    expect(error.message).toContain(words);
  });

  it('refuses links longer than the limit', () => {
    const long = `https://example.com/${'a'.repeat(MAX_LINK_LENGTH)}`;
    expect(refusal(() => resolveLinkRef(long)).message).toContain(`longer than ${MAX_LINK_LENGTH}`);
    expect(resolveLinkRef(`https://example.com/${'a'.repeat(MAX_LINK_LENGTH - 20)}`).kind).toBe('other');
  });

  it('calls two links the same when they name the same issue or pull request, or the same URL', () => {
    const link = (ref: string, repo: string | null = null, number: number | null = null) => ({ ref, url: ref.startsWith('#') ? null : ref, repo, number });
    expect(isSameLink(link('https://github.com/a/b/issues/1', 'a/b', 1), link('https://github.com/A/B/pull/1', 'A/B', 1))).toBe(true);
    expect(isSameLink(link('https://github.com/a/b/issues/1', 'a/b', 1), link('https://github.com/a/b/issues/2', 'a/b', 2))).toBe(false);
    expect(isSameLink(link('https://github.com/a/b/issues/1', 'a/b', 1), link('https://github.com/a/c/issues/1', 'a/c', 1))).toBe(false);
    expect(isSameLink(link('https://x.test/Page#one'), link('https://x.test/page#two'))).toBe(true);
    expect(isSameLink(link('https://x.test/page'), link('https://x.test/other'))).toBe(false);
    // A bare #1 in the markdown names no repository: not the same as a/b#1.
    expect(isSameLink(link('#1', null, 1), link('https://github.com/a/b/issues/1', 'a/b', 1))).toBe(false);
  });
});

describe('linkItem', () => {
  it('stores a service link with no state yet and returns it', () => {
    const link = linkItem(database, items['Document the runbook']!, 'acme/web#12', { now: NOW });
    expect(link).toEqual({
      id: expect.any(Number),
      source: 'service',
      ref: 'https://github.com/acme/web/issues/12',
      url: 'https://github.com/acme/web/issues/12',
      repo: 'acme/web',
      number: 12,
      kind: 'issue',
      state: null,
      stateReason: null,
      title: null,
      assignees: [],
      labels: [],
      dueOn: null,
      syncedAt: null,
      syncError: null,
    });
    const [stored] = linksOf('Document the runbook');
    expect(stored).toMatchObject({ id: link.id, source: 'service', createdAt: NOW.toISOString() });
  });

  it('copies the state of the same issue synced through another item, and decides the item at once', () => {
    const id = items['Document the runbook']!;
    // The markdown link to example-org/app#10 of another item, as the sync left it: closed as completed, but its
    // last sync failed, so what it holds may be stale and is not copied.
    const [synced] = linksOf('Alert on broker disk usage');
    database.db
      .update(actionItemLinks)
      .set({ state: 'closed', stateReason: 'completed', title: 'Disk alert', syncedAt: '2024-05-30T00:00:00.000Z', syncError: 'timed out' })
      .where(eq(actionItemLinks.id, synced!.id))
      .run();
    const stale = linkItem(database, id, 'https://github.com/example-org/app/issues/10', { now: NOW });
    expect(stale).toMatchObject({ state: null, syncedAt: null });
    unlinkItem(database, id, stale.id, { now: NOW });

    database.db.update(actionItemLinks).set({ syncError: null }).where(eq(actionItemLinks.id, synced!.id)).run();
    const link = linkItem(database, id, 'https://github.com/example-org/app/issues/10', { now: NOW });
    expect(link).toMatchObject({ state: 'closed', stateReason: 'completed', title: 'Disk alert', syncedAt: NOW.toISOString(), syncError: null });
    expect(database.db.select().from(actionItems).where(eq(actionItems.id, id)).get()).toMatchObject({
      status: 'done',
      statusSource: 'github',
      doneAt: NOW.toISOString(),
    });
  });

  it('resolves #12 against the repository it is given', () => {
    const link = linkItem(database, items['Document the runbook']!, '#12', { repo: 'acme/api', now: NOW });
    expect(link).toMatchObject({ repo: 'acme/api', number: 12, ref: 'https://github.com/acme/api/issues/12' });
    expect(refusal(() => linkItem(database, items['Document the runbook']!, '#13', { now: NOW })).code).toBe('invalid');
  });

  it('links several different things to one item, each once', () => {
    const id = items['Document the runbook']!;
    linkItem(database, id, 'https://github.com/acme/web/pull/3', { now: NOW });
    linkItem(database, id, 'https://wiki.example.com/runbooks/disk', { now: NOW });
    linkItem(database, id, 'https://github.com/acme/web/commit/abcdef1', { now: NOW });
    expect(linksOf('Document the runbook').map((l) => [l.kind, l.ref])).toEqual([
      ['pull', 'https://github.com/acme/web/pull/3'],
      ['other', 'https://wiki.example.com/runbooks/disk'],
      ['commit', 'https://github.com/acme/web/commit/abcdef1'],
    ]);
  });

  it.each([
    ['the same URL again', 'https://github.com/example-org/app/issues/10'],
    ['the same issue as owner/repo#N', 'example-org/app#10'],
    ['the same number as a pull request URL', 'https://github.com/example-org/app/pull/10'],
    ['the repository in other case', 'Example-Org/App#10'],
    ['#N against the default repository', '#10'],
  ])('refuses a duplicate of a markdown link: %s', (_, ref) => {
    const error = refusal(() => linkItem(database, items['Alert on broker disk usage']!, ref, { repo: REPO, now: NOW }));
    expect(error.code).toBe('duplicate');
    expect(error.message).toBe(`action item ${items['Alert on broker disk usage']} already links https://github.com/example-org/app/issues/10 (written in the postmortem)`);
    expect(linksOf('Alert on broker disk usage')).toHaveLength(1);
  });

  it('refuses a duplicate of its own earlier link, also when only the fragment differs', () => {
    const id = items['Document the runbook']!;
    linkItem(database, id, 'https://wiki.example.com/runbooks/disk#alarm', { now: NOW });
    const error = refusal(() => linkItem(database, id, 'https://wiki.example.com/runbooks/disk', { now: NOW }));
    expect(error).toMatchObject({ code: 'duplicate', message: expect.stringContaining('(added before)') });
    expect(linksOf('Document the runbook')).toHaveLength(1);
  });

  it('refuses unknown items, archived items and items of removed postmortems, storing nothing', () => {
    expect(refusal(() => linkItem(database, 9999, 'acme/web#1', { now: NOW }))).toMatchObject({ code: 'not-found', message: 'no action item 9999' });
    const archived = refusal(() => linkItem(database, items['Gone from the markdown']!, 'acme/web#1', { now: NOW }));
    expect(archived).toMatchObject({ code: 'archived', message: expect.stringContaining('removed from disk-full.md') });
    const removed = refusal(() => linkItem(database, items['Flush caches weekly']!, 'acme/web#1', { now: NOW }));
    expect(removed).toMatchObject({ code: 'archived', message: expect.stringContaining('(old.md) was removed') });
    expect(database.db.select().from(actionItemLinks).all()).toHaveLength(1);
  });

  it('refuses unsafe and unreadable links, storing nothing', () => {
    for (const ref of ['javascript:alert(1)', 'data:text/html,x', '', 'nonsense']) {
      expect(['unsafe', 'invalid']).toContain(refusal(() => linkItem(database, items['Document the runbook']!, ref, { now: NOW })).code);
    }
    expect(linksOf('Document the runbook')).toEqual([]);
  });
});

describe('unlinkItem', () => {
  it('removes a link added through the service and returns it', () => {
    const id = items['Document the runbook']!;
    const link = linkItem(database, id, 'acme/web#12', { now: NOW });
    expect(unlinkItem(database, id, link.id, { now: NOW })).toEqual(link);
    expect(linksOf('Document the runbook')).toEqual([]);
    // It can be linked again afterwards.
    expect(linkItem(database, id, 'acme/web#12', { now: NOW }).ref).toBe(link.ref);
  });

  it('refuses to remove a markdown link, saying to edit the markdown and where', () => {
    const id = items['Alert on broker disk usage']!;
    const [link] = linksOf('Alert on broker disk usage');
    const error = refusal(() => unlinkItem(database, id, link!.id, { now: NOW }));
    expect(error.code).toBe('markdown-link');
    expect(error.message).toBe(
      'https://github.com/example-org/app/issues/10 is written in the postmortem: remove it from the item in disk-full.md (line 30) and it goes with the next ingest',
    );
    expect(linksOf('Alert on broker disk usage')).toHaveLength(1);
  });

  it('refuses to remove a pull request the sync found on GitHub', () => {
    const id = items['Document the runbook']!;
    const row = database.db
      .insert(actionItemLinks)
      .values({ actionItemId: id, source: 'github', ref: 'https://github.com/acme/web/pull/9', kind: 'pull', repo: 'acme/web', number: 9 })
      .returning()
      .get();
    expect(refusal(() => unlinkItem(database, id, row.id, { now: NOW })).code).toBe('github-link');
    expect(linksOf('Document the runbook')).toHaveLength(1);
  });

  it('refuses unknown items and links, and a link of another item', () => {
    const other = linkItem(database, items['Document the runbook']!, 'acme/web#1', { now: NOW });
    expect(refusal(() => unlinkItem(database, 9999, other.id, { now: NOW }))).toMatchObject({ code: 'not-found', message: 'no action item 9999' });
    const alert = items['Alert on broker disk usage']!;
    expect(refusal(() => unlinkItem(database, alert, other.id, { now: NOW }))).toMatchObject({
      code: 'not-found',
      message: `action item ${alert} has no link ${other.id}`,
    });
    expect(linksOf('Document the runbook')).toHaveLength(1);
  });

  it('applies the status rule again: the removed issue no longer decides the status', () => {
    const id = items['Document the runbook']!;
    const link = linkItem(database, id, 'acme/web#12', { now: NOW });
    // As the sync leaves it: the issue is closed as completed, so the item is done, decided by GitHub.
    database.db.update(actionItemLinks).set({ state: 'closed', stateReason: 'completed' }).where(eq(actionItemLinks.id, link.id)).run();
    database.db.update(actionItems).set({ status: 'done', statusSource: 'github', doneAt: '2024-05-01T00:00:00.000Z' }).where(eq(actionItems.id, id)).run();

    unlinkItem(database, id, link.id, { now: NOW });
    const item = database.db.select().from(actionItems).where(eq(actionItems.id, id)).get()!;
    expect(item).toMatchObject({ status: 'open', statusSource: 'markdown', statusConflict: null, doneAt: null, updatedAt: NOW.toISOString() });
  });

  it('leaves a status a person decided alone', () => {
    const id = items['Document the runbook']!;
    const link = linkItem(database, id, 'acme/web#12', { now: NOW });
    database.db.update(actionItems).set({ status: 'wont-do', statusSource: 'service' }).where(eq(actionItems.id, id)).run();
    unlinkItem(database, id, link.id, { now: NOW });
    expect(database.db.select().from(actionItems).where(eq(actionItems.id, id)).get()).toMatchObject({ status: 'wont-do', statusSource: 'service' });
  });
});

describe('linkStateOf', () => {
  const link = (fields: Partial<SummarisedLink>): SummarisedLink => ({
    kind: 'issue',
    repo: 'acme/web',
    number: 1,
    state: null,
    stateReason: null,
    syncError: null,
    ...fields,
  });

  it('says none without links, and what GitHub says of synced issues and pull requests', () => {
    expect(linkStateOf([])).toBe('none');
    expect(linkStateOf([link({ state: 'open' })])).toBe('open');
    expect(linkStateOf([link({ state: 'closed', stateReason: 'completed' })])).toBe('done');
    expect(linkStateOf([link({ state: 'closed', stateReason: 'not_planned' })])).toBe('wont-do');
    expect(linkStateOf([link({ kind: 'pull', state: 'open' })])).toBe('in-progress');
    expect(linkStateOf([link({ kind: 'pull', state: 'merged' })])).toBe('done');
    expect(linkStateOf([link({ state: 'open' }), link({ kind: 'pull', number: 2, state: 'merged' })])).toBe('done');
  });

  it('says unsynced, error or untracked when nothing synced says anything', () => {
    expect(linkStateOf([link({})])).toBe('unsynced');
    expect(linkStateOf([link({ syncError: 'GET /repos/acme/web/issues/1: 404 Not Found' })])).toBe('error');
    expect(linkStateOf([link({ kind: 'other', repo: null, number: null })])).toBe('untracked');
    expect(linkStateOf([link({ kind: 'commit', number: null })])).toBe('untracked');
    // A bare #12 with no repository can never be synced.
    expect(linkStateOf([link({ repo: null })])).toBe('untracked');
    // A pull request closed without merging says nothing about the item.
    expect(linkStateOf([link({ kind: 'pull', state: 'closed' })])).toBe('untracked');
    // What is known wins over a failing or unsynced link.
    expect(linkStateOf([link({ state: 'open' }), link({ number: 2, syncError: 'timed out' }), link({ number: 3 })])).toBe('open');
    expect(linkStateOf([link({ number: 2, syncError: 'timed out' }), link({ number: 3 })])).toBe('error');
  });
});
