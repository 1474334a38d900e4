/**
 * Storing safeguards: the file load is idempotent, links follow the file's item references (matched by words of
 * the item), a safeguard removed from the file is archived with its history, a changed target starts over, and
 * what was created or linked through the service is never touched by a file load.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { matchItem } from '../../server/safeguards/match-item.ts';
import { formatFileProblem, parseSafeguardsFile, readSafeguardsFile } from '../../server/safeguards/safeguards-file.ts';
import {
  attestSafeguard,
  createSafeguard,
  linkSafeguard,
  loadSafeguards,
  recordCheck,
  safeguardByKey,
  SafeguardError,
  unlinkSafeguard,
} from '../../server/safeguards/store.ts';
import { DATAHUB, DATAHUB_ITEM, EXAMPLE_SAFEGUARDS, exampleDatabase, exampleSafeguardsText, itemId, later, NOW, rows } from './setup.ts';

const FILE = 'postmortems/safeguards.yml';
let database: Database;
beforeEach(async () => {
  database = await exampleDatabase();
});
afterEach(() => database.close());

const load = (text: string, now = NOW) => loadSafeguards(database, parseSafeguardsFile(text, FILE), { now, file: FILE });
const links = () =>
  rows<{ key: string; item: string; source: string }>(
    database,
    `SELECT s.key, a.text AS item, l.source FROM action_item_safeguards l JOIN safeguards s ON s.id = l.safeguard_id
     JOIN action_items a ON a.id = l.action_item_id ORDER BY s.key, a.id`,
  );
const safeguardsTable = () => rows(database, 'SELECT * FROM safeguards ORDER BY key');
const history = (key: string) =>
  rows(database, 'SELECT c.at, c.state, c.detail FROM safeguard_checks c JOIN safeguards s ON s.id = c.safeguard_id WHERE s.key = ? ORDER BY c.id', key);

/** A status-check entry for the datahub item, with `fields` changed. */
const statusCheck = (fields: Record<string, string> = {}) => {
  const f = { id: 'hub-check', check: 'staging-hub-online', branch: 'prod', item: 'Block merges to production', description: 'Needs staging.', ...fields };
  return `safeguards:
  - id: ${f.id}
    kind: status-check
    repo: example-org/datahub
    branch: ${f.branch}
    check: ${f.check}
    description: ${f.description}
    implements:
      - incident: ${DATAHUB}
        item: ${f.item}
`;
};

describe('loading the example file', () => {
  it('stores its four safeguards (source file, state unknown) linked to their items, and changes nothing when loaded again', () => {
    const first = loadSafeguards(database, readSafeguardsFile(EXAMPLE_SAFEGUARDS, FILE), { now: NOW, file: FILE });
    expect(first).toEqual({ created: 4, updated: 0, unchanged: 0, archived: 0, linked: 4, unlinked: 0, problems: [] });
    expect(links()).toEqual([
      { key: 'datahub-prod-hub-health-alert', item: "Alert the on-call admin when the production hub's health check fails, so we do not depend on GSIs noticing. #15", source: 'file' },
      { key: 'datahub-prod-requires-staging-hub', item: DATAHUB_ITEM, source: 'file' },
      { key: 'datahub-staging-smoke-test', item: 'Add a smoke test to the staging deploy that logs in and starts a notebook.', source: 'file' },
      {
        key: 'dns-cutover-tls-probe-checklist',
        item: 'Run a TLS probe against the new address with the production hostname (SNI) before a cutover, and keep it on the cutover checklist.',
        source: 'file',
      },
    ]);
    expect(safeguardByKey(database, 'datahub-prod-requires-staging-hub')).toMatchObject({
      kind: 'status-check',
      repo: 'example-org/datahub',
      branch: 'prod',
      checkName: 'staging-hub-online',
      source: 'file',
      state: 'unknown',
      archivedAt: null,
      updatedAt: '2024-08-01T12:00:00Z',
    });
    const before = { table: safeguardsTable(), links: links() };
    const again = loadSafeguards(database, readSafeguardsFile(EXAMPLE_SAFEGUARDS, FILE), { now: later(1), file: FILE });
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 4, archived: 0, linked: 0, unlinked: 0, problems: [] });
    expect({ table: safeguardsTable(), links: links() }).toEqual(before);
    expect(rows(database, 'SELECT * FROM safeguard_checks')).toEqual([]);
  });
});

describe('item references', () => {
  it('report an unknown incident, an unmatched or an ambiguous item at their line; the safeguard is still stored', () => {
    const result = load(`safeguards:
  - id: a
    kind: runbook
    implements:
      - incident: 2099-01-01-nothing
        item: anything
      - incident: ${DATAHUB}
        item: reboot the moon
      - incident: ${DATAHUB}
        item: hub
`);
    expect(result.problems.map(formatFileProblem)).toEqual([
      `${FILE}:5: safeguard "a": no incident "2099-01-01-nothing" (use the incident's slug, as in its URL)`,
      `${FILE}:7: safeguard "a": incident ${DATAHUB}: no action item matches "reboot the moon"`,
      `${FILE}:9: safeguard "a": incident ${DATAHUB}: "hub" matches 4 action items ("Everyone with merge rights re-reads the deployment policy...", "Block merges to production when the staging hub is not on...", "Make the Travis CI view show which hub and which deployme..." ...): write more of the one you mean`,
    ]);
    expect(result.created).toBe(1);
    expect(links()).toEqual([]);
  });

  it('match case-insensitively, exact text over a prefix over a substring', () => {
    const items = [
      { id: 1, text: 'Alert on queue depth' },
      { id: 2, text: 'Alert on queue depth and unacknowledged messages' },
      { id: 3, text: 'Page on broker disk alarms' },
    ];
    expect(matchItem(items, 'alert on QUEUE depth.')).toEqual({ item: items[0] });
    expect(matchItem(items, 'alert on queue depth and')).toEqual({ item: items[1] });
    expect(matchItem(items, 'broker disk')).toEqual({ item: items[2] });
    expect(matchItem(items, 'alert on')).toEqual({ problem: expect.stringMatching(/^"alert on" matches 2 action items/) as unknown as string });
    expect(matchItem(items, 'queue')).toEqual({ problem: expect.stringMatching(/^"queue" matches 2 action items/) as unknown as string });
    expect(matchItem([], 'x')).toEqual({ problem: 'no action item matches "x" (the incident has no current action items)' });
  });

  it('follow the file: a link the file no longer names is removed; one it cannot resolve now keeps every link', () => {
    load(statusCheck());
    expect(links().map((l) => l.item)).toEqual([DATAHUB_ITEM]);
    load(statusCheck({ item: 'Only run beta chart versions' }));
    expect(links().map((l) => l.item)).toEqual(['Only run beta chart versions on staging; production gets tagged releases.']);
    const broken = load(statusCheck({ item: 'no such words' }));
    expect(broken).toMatchObject({ unchanged: 1, linked: 0, unlinked: 0 });
    expect(broken.problems).toHaveLength(1);
    expect(links().map((l) => l.item)).toEqual(['Only run beta chart versions on staging; production gets tagged releases.']);
  });
});

describe('changes in the file', () => {
  it('a new description updates the row and keeps the state; a new target starts over as unknown, with a history entry', () => {
    load(statusCheck());
    const row = safeguardByKey(database, 'hub-check')!;
    recordCheck(database, row, { kind: 'decided', state: 'verified', detail: 'branch prod requires the status check staging-hub-online', inPlace: true }, NOW);

    expect(load(statusCheck({ description: 'Merges wait for staging.' }), later(1))).toMatchObject({ updated: 1 });
    expect(safeguardByKey(database, 'hub-check')).toMatchObject({ description: 'Merges wait for staging.', state: 'verified', firstVerifiedAt: '2024-08-01T12:00:00Z' });

    expect(load(statusCheck({ description: 'Merges wait for staging.', check: 'hub-online' }), later(2))).toMatchObject({ updated: 1 });
    expect(safeguardByKey(database, 'hub-check')).toMatchObject({
      checkName: 'hub-online',
      state: 'unknown',
      stateDetail: 'definition changed: check staging-hub-online → hub-online; not checked since',
      verifiedAt: null,
      firstVerifiedAt: null,
    });
    expect(history('hub-check')).toEqual([
      { at: '2024-08-01T12:00:00Z', state: 'verified', detail: 'branch prod requires the status check staging-hub-online' },
      { at: '2024-08-03T12:00:00Z', state: 'unknown', detail: 'definition changed: check staging-hub-online → hub-online; not checked since' },
    ]);
  });

  it('a safeguard removed from the file is archived with its history and links; back in the file, it is current again', () => {
    load(statusCheck());
    recordCheck(database, safeguardByKey(database, 'hub-check')!, { kind: 'decided', state: 'verified', detail: 'in place', inPlace: true }, NOW);
    expect(load('safeguards: []\n', later(1))).toMatchObject({ archived: 1 });
    expect(safeguardByKey(database, 'hub-check')).toMatchObject({ archivedAt: '2024-08-02T12:00:00Z', state: 'verified' });
    expect(history('hub-check')).toHaveLength(1);
    expect(links()).toHaveLength(1);
    expect(load('safeguards: []\n', later(2))).toMatchObject({ archived: 0 });

    expect(load(statusCheck(), later(3))).toMatchObject({ updated: 1, archived: 0 });
    expect(safeguardByKey(database, 'hub-check')).toMatchObject({ archivedAt: null, state: 'verified' });
  });

  it('a file that cannot be read as a whole archives nothing; a broken entry is not archived either', () => {
    load(statusCheck());
    expect(load('safeguards:\n  - id: [\n', later(1))).toMatchObject({ archived: 0 });
    expect(loadSafeguards(database, readSafeguardsFile('/nonexistent.yml', FILE), { now: later(1), file: FILE })).toMatchObject({ archived: 0 });
    const broken = load('safeguards:\n  - id: hub-check\n    kind: status-check\n', later(1));
    expect(broken).toMatchObject({ archived: 0, created: 0, updated: 0 });
    expect(broken.problems.map(formatFileProblem)).toEqual([expect.stringMatching(/^postmortems\/safeguards\.yml:2: safeguard "hub-check": repo: missing/), expect.stringMatching(/:2: safeguard "hub-check": check: missing/)]);
    expect(safeguardByKey(database, 'hub-check')!.archivedAt).toBeNull();
  });
});

describe('the service', () => {
  it('creates a safeguard linked to items; a file load never touches it and reports an id clash at its line', () => {
    const item = itemId(database, DATAHUB, 'Block merges');
    const created = createSafeguard(database, { id: 'prod-reviews', kind: 'branch-protection', repo: 'example-org/datahub', branch: 'prod', reviews: 1 }, { now: NOW, itemIds: [item] });
    expect(created).toMatchObject({ key: 'prod-reviews', source: 'service', state: 'unknown', target: { reviews: 1 } });
    const result = load('safeguards:\n  - id: prod-reviews\n    kind: runbook\n', later(1));
    expect(result.problems.map(formatFileProblem)).toEqual([
      `${FILE}:2: id "prod-reviews" is already used by a safeguard created through the API (choose another id; this entry is skipped)`,
    ]);
    load('safeguards: []\n', later(2));
    expect(safeguardByKey(database, 'prod-reviews')).toMatchObject({ kind: 'branch-protection', archivedAt: null, source: 'service' });
    expect(links()).toEqual([{ key: 'prod-reviews', item: DATAHUB_ITEM, source: 'service' }]);
  });

  it('refuses bad input, a taken id and unknown items with the reason', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof SafeguardError ? [error.reason, error.message] : error;
      }
      return null;
    };
    expect(refusal(() => createSafeguard(database, { id: 'x', kind: 'status-check' }, { now: NOW }))).toEqual([
      'invalid',
      'repo: missing: a status-check safeguard needs the GitHub repository, owner/name; check: missing: a status-check safeguard needs the status check name, as GitHub shows it under the pull request',
    ]);
    load(statusCheck());
    expect(refusal(() => createSafeguard(database, { id: 'hub-check', kind: 'runbook' }, { now: NOW }))).toEqual([
      'conflict',
      'a safeguard with id "hub-check" exists (declared in the safeguards file)',
    ]);
    expect(refusal(() => createSafeguard(database, { id: 'y', kind: 'runbook' }, { now: NOW, itemIds: [9999] }))).toEqual(['not-found', 'no action item 9999']);
    expect(safeguardByKey(database, 'y')).toBeNull(); // all or nothing
    expect(refusal(() => linkSafeguard(database, 'nope', 1))).toEqual(['not-found', 'no safeguard "nope"']);
  });

  it('links and unlinks through the service; a link from the file is changed in the file only', () => {
    load(statusCheck());
    const other = itemId(database, DATAHUB, 'Only run beta');
    expect(linkSafeguard(database, 'hub-check', other)).toBe(true);
    expect(linkSafeguard(database, 'hub-check', other)).toBe(false);
    load(statusCheck(), later(1)); // the file does not name it: a service link stays
    expect(links().map((l) => l.source)).toEqual(['file', 'service']);
    expect(() => unlinkSafeguard(database, 'hub-check', itemId(database, DATAHUB, 'Block merges'))).toThrow(/declared in the safeguards file: remove it there/);
    unlinkSafeguard(database, 'hub-check', other);
    expect(links().map((l) => l.source)).toEqual(['file']);
    expect(() => unlinkSafeguard(database, 'hub-check', other)).toThrow('safeguard "hub-check" is not linked to action item');
  });

  it('attests manual kinds only, for the given number of days, with the note in the history', () => {
    load(exampleSafeguardsText());
    const attested = attestSafeguard(database, 'dns-cutover-tls-probe-checklist', { by: 'praman', note: 'step 4 of the checklist', now: NOW, days: 90 });
    expect(attested).toMatchObject({
      state: 'manual',
      attestedBy: 'praman',
      attestedAt: '2024-08-01T12:00:00Z',
      attestationExpiresAt: '2024-10-30T12:00:00Z',
      stateDetail: 'attested by praman on 2024-08-01, valid until 2024-10-30',
    });
    expect(history('dns-cutover-tls-probe-checklist')).toEqual([
      { at: '2024-08-01T12:00:00Z', state: 'manual', detail: 'attested by praman on 2024-08-01, valid until 2024-10-30: step 4 of the checklist' },
    ]);
    expect(() => attestSafeguard(database, 'datahub-prod-requires-staging-hub', { by: 'x', now: NOW, days: 90 })).toThrow(
      'safeguard "datahub-prod-requires-staging-hub" is a status-check: it is verified through GitHub, not attested',
    );
  });
});
