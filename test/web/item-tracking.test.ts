/** The words and choices of an action item's tracking: link states, link states on GitHub, sources, suggested repository, drift, write errors. */
import { describe, expect, it } from 'vitest';
import type { ActionItemLink } from '../../web/src/lib/api-types.ts';
import { ApiError } from '../../web/src/lib/api.ts';
import {
  canUnlink,
  driftOf,
  driftText,
  GITHUB_OFF_TEXT,
  githubOff,
  githubTimesText,
  LINK_STATE_LABELS,
  linkBadge,
  linkLabel,
  linkStateText,
  linkStateTone,
  linkTone,
  offersForce,
  quickFilterQueries,
  safeUrl,
  sourceNote,
  statusOrigin,
  suggestedRepo,
  untrackedOn,
  writeErrorText,
  type GitHubSetup,
  type ItemWrite,
} from '../../web/src/lib/item-tracking.ts';

const link = (fields: Partial<ActionItemLink>): ActionItemLink => ({
  id: 1,
  source: 'markdown',
  ref: 'https://example.com/x',
  url: 'https://example.com/x',
  repo: null,
  number: null,
  kind: 'other',
  state: null,
  stateReason: null,
  title: null,
  assignees: [],
  labels: [],
  dueOn: null,
  syncedAt: null,
  syncError: null,
  ...fields,
});
const issue = (repo: string, number: number, fields: Partial<ActionItemLink> = {}) =>
  link({ ref: `https://github.com/${repo}/issues/${number}`, url: `https://github.com/${repo}/issues/${number}`, repo, number, kind: 'issue', ...fields });

describe('link state labels', () => {
  it('says "not tracked" for an item without links, in the danger tone', () => {
    expect(LINK_STATE_LABELS.none).toBe('not tracked');
    expect(linkStateTone('none')).toBe('danger');
  });

  it('has words and a tone for every state', () => {
    expect(Object.keys(LINK_STATE_LABELS).sort()).toEqual(['done', 'error', 'in-progress', 'none', 'open', 'unsynced', 'untracked', 'wont-do']);
    expect(linkStateTone('error')).toBe('warn');
    expect(linkStateTone('unsynced')).toBe('warn');
    expect(linkStateTone('untracked')).toBe('warn');
    expect(linkStateTone('done')).toBe('ok');
    expect(linkStateTone('open')).toBe('neutral');
  });
});

describe('linkBadge', () => {
  it('says "not tracked" in the danger tone only for an open or in-progress item without a link', () => {
    expect(linkBadge('none', 'open')).toMatchObject({ label: 'not tracked', tone: 'danger' });
    expect(linkBadge('none', 'in-progress')).toMatchObject({ label: 'not tracked', tone: 'danger' });
    expect(linkBadge('none', 'done')).toMatchObject({ label: 'no link', tone: 'neutral' });
    expect(linkBadge('none', 'wont-do')).toMatchObject({ label: 'no link', tone: 'neutral' });
    expect(linkBadge('open', 'done')).toMatchObject({ label: 'issue open', tone: 'neutral' });
  });

  it('says "not synced (GitHub off)", muted, instead of "not synced yet" while GitHub is not configured', () => {
    expect(linkBadge('unsynced', 'open')).toMatchObject({ label: 'not synced yet', tone: 'warn' });
    const off = linkBadge('unsynced', 'open', true);
    expect(off).toMatchObject({ label: 'not synced (GitHub off)', tone: 'neutral' });
    expect(off.hint).toContain('GITHUB_TOKEN');
    expect(linkBadge('error', 'open', true)).toMatchObject({ label: 'sync failed', tone: 'warn' });
  });
});

describe('the GitHub settings', () => {
  const github = (fields: Partial<GitHubSetup> = {}): GitHubSetup => ({
    configured: true,
    defaultRepo: null,
    issueLabel: 'postmortem-action',
    syncMinutes: 0,
    lastSyncAt: null,
    lastVerifiedAt: null,
    ...fields,
  });

  it('is off only when the settings say so (unknown settings assume nothing)', () => {
    expect(githubOff(github({ configured: false }))).toBe(true);
    expect(githubOff(github())).toBe(false);
    expect(githubOff(null)).toBe(false);
    expect(GITHUB_OFF_TEXT).toBe('GitHub is not configured (no GITHUB_TOKEN): links are not synced and safeguards are not checked');
  });

  it('says when the issues were last synced and the safeguards last checked, in the zone given', () => {
    const at = { lastSyncAt: '2024-08-01T12:00:00Z', lastVerifiedAt: '2024-08-01T12:05:00Z' };
    expect(githubTimesText(github({ ...at, syncMinutes: 15 }), 'sync', 'Asia/Kolkata')).toBe('Issues last synced 2024-08-01 17:30 GMT+5:30; synced every 15 min.');
    expect(githubTimesText(github(at), 'verify', 'UTC')).toBe('Safeguards last checked 2024-08-01 12:05 UTC.');
    expect(githubTimesText(github(), 'sync', 'UTC')).toBe('Issues not synced yet.');
    expect(githubTimesText(github({ syncMinutes: 60 }), 'verify', 'UTC')).toBe('Safeguards not checked yet; checked every 60 min.');
    expect(githubTimesText(github({ ...at, configured: false }), 'sync', 'UTC')).toBeNull();
  });
});

describe('linkLabel', () => {
  it('writes GitHub links as owner/repo#number, others as their ref', () => {
    expect(linkLabel(issue('acme/web', 12))).toBe('acme/web#12');
    expect(linkLabel(link({ ref: '#12', number: 12 }))).toBe('#12');
    expect(linkLabel(link({ ref: 'https://wiki.example.com/a' }))).toBe('https://wiki.example.com/a');
  });
});

describe('linkStateText', () => {
  it.each([
    [{ state: 'open' }, 'open'],
    [{ state: 'closed', stateReason: 'completed' }, 'closed as completed'],
    [{ state: 'closed', stateReason: 'not_planned' }, 'closed as not planned'],
    [{ state: 'closed', stateReason: 'duplicate' }, 'closed as duplicate'],
    [{ state: 'closed', stateReason: null }, 'closed'],
    [{ state: null }, 'not synced yet'],
  ])('an issue %o reads %s', (fields, text) => {
    expect(linkStateText(issue('acme/web', 1, fields as Partial<ActionItemLink>))).toBe(text);
  });

  it('says an issue never synced will not be while GitHub is not configured', () => {
    expect(linkStateText(issue('acme/web', 1), true)).toBe('not synced (GitHub off)');
    expect(linkStateText(issue('acme/web', 1, { state: 'open' }), true)).toBe('open');
    expect(linkStateText(link({}), true)).toBeNull();
  });

  it('reads pull requests as merged or closed without merging', () => {
    expect(linkStateText(issue('acme/web', 2, { kind: 'pull', state: 'merged' }))).toBe('merged');
    expect(linkStateText(issue('acme/web', 2, { kind: 'pull', state: 'closed' }))).toBe('closed without merging');
    expect(linkStateText(issue('acme/web', 2, { kind: 'pull', state: 'open' }))).toBe('open');
  });

  it('says nothing for links GitHub cannot tell about', () => {
    expect(linkStateText(link({}))).toBeNull();
    expect(linkStateText(link({ kind: 'commit', repo: 'acme/web' }))).toBeNull();
    expect(linkStateText(link({ ref: '#12', number: 12, kind: 'issue' }))).toBeNull();
  });

  it('tones merged and completed ok, not planned and sync errors warn', () => {
    expect(linkTone(issue('a/b', 1, { kind: 'pull', state: 'merged' }))).toBe('ok');
    expect(linkTone(issue('a/b', 1, { state: 'closed', stateReason: 'completed' }))).toBe('ok');
    expect(linkTone(issue('a/b', 1, { state: 'closed', stateReason: 'not_planned' }))).toBe('warn');
    expect(linkTone(issue('a/b', 1, { state: 'open', syncError: 'Not Found' }))).toBe('warn');
    expect(linkTone(issue('a/b', 1, { state: 'open' }))).toBe('neutral');
  });
});

describe('safeUrl and canUnlink', () => {
  it('keeps only http(s) URLs', () => {
    expect(safeUrl('https://x.example')).toBe('https://x.example');
    expect(safeUrl('HTTP://x.example')).toBe('HTTP://x.example');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });

  it('unlinks only links added through the service', () => {
    expect(canUnlink({ source: 'service' })).toBe(true);
    expect(canUnlink({ source: 'markdown' })).toBe(false);
    expect(canUnlink({ source: 'github' })).toBe(false);
  });
});

describe('statusOrigin and sourceNote', () => {
  it('names the synced issues a GitHub status came from', () => {
    expect(statusOrigin({ statusSource: 'github', links: [issue('acme/web', 14, { state: 'closed', stateReason: 'completed' })] })).toBe('from GitHub #14');
    expect(
      statusOrigin({
        statusSource: 'github',
        links: [issue('acme/web', 14, { state: 'open' }), issue('acme/web', 20, { kind: 'pull', state: 'merged' }), issue('acme/web', 21), link({})],
      }),
    ).toBe('from GitHub #14, #20');
    expect(statusOrigin({ statusSource: 'github', links: [] })).toBe('from GitHub');
  });

  it('says nothing for a status from the markdown or the service', () => {
    expect(statusOrigin({ statusSource: 'markdown', links: [issue('acme/web', 14, { state: 'open' })] })).toBeNull();
    expect(statusOrigin({ statusSource: 'service', links: [] })).toBeNull();
  });

  it('marks an owner or due date a linked issue gave', () => {
    expect(sourceNote('github')).toBe('(from GitHub)');
    expect(sourceNote('markdown')).toBeNull();
    expect(sourceNote(null)).toBeNull();
  });
});

describe('suggestedRepo', () => {
  it('takes the repository the item’s GitHub links name most, the first on a tie', () => {
    expect(suggestedRepo({ links: [issue('acme/web', 1), issue('acme/api', 2), issue('acme/api', 3)] })).toBe('acme/api');
    expect(suggestedRepo({ links: [issue('acme/web', 1), issue('acme/api', 2)] })).toBe('acme/web');
  });

  it('falls back on the server’s default repository, then on the other items’ links, then on nothing (blank)', () => {
    const others = [{ links: [issue('example-org/datahub', 14)] }, { links: [link({ kind: 'commit', repo: 'x/y' })] }];
    expect(suggestedRepo({ links: [issue('acme/web', 1)] }, others, 'acme/ops')).toBe('acme/web');
    expect(suggestedRepo({ links: [] }, others, 'acme/ops')).toBe('acme/ops');
    expect(suggestedRepo({ links: [] }, others, null)).toBe('example-org/datahub');
    expect(suggestedRepo({ links: [] }, others)).toBe('example-org/datahub');
    expect(suggestedRepo({ links: [link({ kind: 'commit', repo: 'x/y' })] }, [])).toBe('');
    expect(suggestedRepo({ links: [] })).toBe('');
  });
});

describe('driftOf', () => {
  const item = (id: number, states: Array<[string, string]>, archived = false) => ({
    id,
    text: `item ${id}`,
    archived,
    safeguards: states.map(([key, state]) => ({ key, state: state as 'drifted' })),
  });

  it('lists each drifted safeguard once, with the items it implements: as many entries as it counts', () => {
    const drift = driftOf([item(1, [['a', 'drifted'], ['b', 'verified']]), item(2, [['a', 'drifted'], ['c', 'drifted']]), item(3, [['d', 'missing']])]);
    expect(drift).toEqual({
      count: 2,
      safeguards: [
        {
          key: 'a',
          items: [
            { id: 1, text: 'item 1' },
            { id: 2, text: 'item 2' },
          ],
        },
        { key: 'c', items: [{ id: 2, text: 'item 2' }] },
      ],
    });
    expect(drift.safeguards).toHaveLength(drift.count);
    expect(driftText(drift.count)).toBe('2 safeguards drifted');
    expect(driftText(1)).toBe('1 safeguard drifted');
  });

  it('counts three safeguards drifted on four items as three entries', () => {
    const drift = driftOf([item(1, [['a', 'drifted']]), item(2, [['a', 'drifted'], ['b', 'drifted']]), item(3, [['c', 'drifted']]), item(4, [['b', 'drifted']])]);
    expect(drift.count).toBe(3);
    expect(drift.safeguards.map((s) => [s.key, s.items.map((i) => i.id)])).toEqual([
      ['a', [1, 2]],
      ['b', [2, 4]],
      ['c', [3]],
    ]);
  });

  it('leaves out removed items, and finds nothing when nothing drifted', () => {
    expect(driftOf([item(1, [['a', 'drifted']], true), item(2, [['b', 'unknown']])])).toEqual({ count: 0, safeguards: [] });
  });
});

describe('write errors', () => {
  const write = (action: ItemWrite['action'], error: ApiError, force = false) => ({ action, error, force });

  it('shows the server’s message, saying what was not done', () => {
    expect(writeErrorText(write('issue', new ApiError(503, 'creating issues is turned off: set GITHUB_TOKEN')))).toBe(
      'The issue was not created: creating issues is turned off: set GITHUB_TOKEN.',
    );
    expect(writeErrorText(write('issue', new ApiError(502, 'GitHub answered 422: Validation Failed')))).toBe('The issue was not created: GitHub refused: GitHub answered 422: Validation Failed');
    expect(writeErrorText(write('link', new ApiError(400, '"x" is not a link')))).toBe('The link was not added: "x" is not a link');
    expect(writeErrorText(write('unlink', new ApiError(409, 'edit the markdown')))).toBe('The link was not removed: edit the markdown');
    expect(writeErrorText(write('link', new ApiError(0, 'The server did not answer.')))).toBe('The server did not answer.');
    expect(writeErrorText(write('link', new ApiError(401, 'needs a token')))).toBe('The link was not added: this server needs an access token.');
    expect(writeErrorText(write('link', new ApiError(403, 'writes are accepted only from this machine')))).toContain('HINDSIGHT_TOKEN');
    expect(writeErrorText({ action: 'link', error: null })).toBe('');
  });

  it('says the item already has an open issue there, without the API’s hint about "force"', () => {
    const open = new ApiError(409, 'action item 3 already has an open issue in acme/web: https://github.com/acme/web/issues/1; pass "force": true to create another');
    expect(writeErrorText(write('issue', open))).toBe('This item already has an open issue in acme/web.');
    const unsynced = new ApiError(409, 'action item 3 already has an issue not synced yet (maybe open) in acme/web: #4; pass "force": true to create another');
    expect(writeErrorText(write('issue', unsynced))).toBe('This item already has an issue in acme/web that is not synced yet (it may be open).');
    expect(writeErrorText(write('issue', new ApiError(409, 'an issue is being created for action item 3 already')))).toBe(
      'The issue was not created: an issue is being created for action item 3 already',
    );
  });

  it('says what was not done for the safeguard writes', () => {
    expect(writeErrorText(write('safeguard-link', new ApiError(404, 'no safeguard "x"')))).toBe('The safeguard was not linked: no safeguard "x"');
    expect(writeErrorText(write('safeguard-unlink', new ApiError(409, 'it is declared in the safeguards file')))).toBe(
      'The safeguard link was not removed: it is declared in the safeguards file',
    );
    expect(writeErrorText(write('attest', new ApiError(401, 'x')))).toBe('The attestation was not saved: this server needs an access token.');
  });

  it('offers "create anyway" only when the item already has an open issue there', () => {
    const open = new ApiError(409, 'action item 3 already has an open issue in acme/web: https://github.com/acme/web/issues/1; pass "force": true to create another');
    expect(offersForce(write('issue', open))).toBe(true);
    expect(offersForce(write('issue', open, true))).toBe(false);
    expect(offersForce(write('issue', new ApiError(409, 'an issue is being created for action item 3 already')))).toBe(false);
    expect(offersForce(write('link', open))).toBe(false);
    expect(offersForce(write('issue', new ApiError(503, 'already has')))).toBe(false);
  });
});

describe('quickFilterQueries', () => {
  it('counts each quick filter under the other filters, leaving out the order and the page', () => {
    expect(quickFilterQueries({ q: 'dns', status: 'open', linked: true, overdue: true, sort: 'due', offset: 50 })).toEqual({
      untracked: { q: 'dns', status: 'open,in-progress', linked: false, overdue: true, limit: 1 },
      overdue: { q: 'dns', status: 'open', linked: true, overdue: true, limit: 1 },
    });
  });

  it('counts as "not tracked" only the open and in-progress items without a link', () => {
    expect(quickFilterQueries({})).toEqual({ untracked: { linked: false, status: 'open,in-progress', limit: 1 }, overdue: { overdue: true, limit: 1 } });
    expect(quickFilterQueries({ status: 'done' }).untracked).toEqual({ linked: false, status: 'open,in-progress', limit: 1 });
  });

  it('is on when the list shows the open and in-progress items without a link', () => {
    expect(untrackedOn({ linked: false, status: 'open,in-progress' })).toBe(true);
    expect(untrackedOn({ linked: false })).toBe(false);
    expect(untrackedOn({ linked: true, status: 'open,in-progress' })).toBe(false);
    expect(untrackedOn({ status: 'open,in-progress' })).toBe(false);
  });
});
