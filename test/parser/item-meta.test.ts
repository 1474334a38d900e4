import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReportChecklistItem, itemMeta, type ItemMeta } from '../../server/parser/item-meta.ts';

const meta = (text: string, partial: Partial<ItemMeta> = {}): ItemMeta => ({ done: null, owner: null, due: null, text, ...partial });

describe('itemMeta: status', () => {
  it.each<[string, ItemMeta]>([
    ['Add guards against a bad runtime (done)', meta('Add guards against a bad runtime', { done: true })],
    ['Delete the old nodes. (Done!)', meta('Delete the old nodes.', { done: true })],
    ['Rotate the keys (DONE)', meta('Rotate the keys', { done: true })],
    ['DONE: rotate the keys', meta('rotate the keys', { done: true })],
    ['Done - rotate the keys', meta('rotate the keys', { done: true })],
    ['[DONE] rotate the keys', meta('rotate the keys', { done: true })],
    ['✅ Rotate the keys', meta('Rotate the keys', { done: true })],
    ['Rotate the keys ✅', meta('Rotate the keys', { done: true })],
    ['~~Rotate the keys~~', meta('Rotate the keys', { done: true })],
    ['This has already been done for staging', meta('This has already been done for staging', { done: true })],
    ['Rotate the keys (not done)', meta('Rotate the keys', { done: false })],
    ['Rotate the keys (todo)', meta('Rotate the keys', { done: false })],
    ['Rotate the keys (In progress)', meta('Rotate the keys', { done: false })],
    ['TODO: rotate the keys', meta('rotate the keys', { done: false })],
    ['[x] Rotate the keys', meta('Rotate the keys', { done: true })],
    ['[ ] Rotate the keys', meta('Rotate the keys', { done: false })],
    ['Set up alerts (issue created)', meta('Set up alerts (issue created)')],
    ['Make sure this is done before the next term', meta('Make sure this is done before the next term')],
    ['Rotate ~~old~~ keys', meta('Rotate ~~old~~ keys')],
  ])('%s', (text, expected) => {
    expect(itemMeta(text)).toEqual(expected);
  });
});

describe('itemMeta: owner', () => {
  it.each<[string, ItemMeta]>([
    ['@alice to add paging for the API', meta('@alice to add paging for the API', { owner: 'alice' })],
    ['Add paging, ask @bob-smith and @carol', meta('Add paging, ask @bob-smith and @carol', { owner: 'bob-smith' })],
    ['Add paging. Owner: Alice Smith', meta('Add paging.', { owner: 'Alice Smith' })],
    ['Add paging - owner: @bob', meta('Add paging', { owner: 'bob' })],
    ['Add paging (owner: Carol)', meta('Add paging', { owner: 'Carol' })],
    ['Add paging (Assignee: Dan Lee)', meta('Add paging', { owner: 'Dan Lee' })],
    ['Assignee: Erin, add paging', meta('add paging', { owner: 'Erin' })],
    ['Owner: Frank - add paging', meta('add paging', { owner: 'Frank' })],
    ['[Alice] Add paging', meta('Add paging', { owner: 'Alice' })],
    ['[Grace Hopper] Add paging', meta('Add paging', { owner: 'Grace Hopper' })],
    ['Add paging (@heidi)', meta('Add paging', { owner: 'heidi' })],
    // A reference after the owner is the item's link, not part of the name.
    ['Attach a cert. Owner: @dvolkov example-org/datahub#20', meta('Attach a cert.', { owner: 'dvolkov' })],
    ['Rotate keys. Owner: Bob Smith https://github.com/o/r/issues/3', meta('Rotate keys.', { owner: 'Bob Smith' })],
    ['Add paging, the owner: TBD', meta('Add paging, the', { owner: null })],
    ['Mail ops@example.com about paging', meta('Mail ops@example.com about paging')],
    ['See https://medium.com/@writer/post for paging', meta('See https://medium.com/@writer/post for paging')],
    ['Tell @here and @channel about paging', meta('Tell @here and @channel about paging')],
    ['Discuss using GitOps for core workloads (Rasmus call for meeting)', meta('Discuss using GitOps for core workloads (Rasmus call for meeting)')],
    ['[Monitoring] Add paging', meta('[Monitoring] Add paging')],
    ['Write a short incident guide [20m]', meta('Write a short incident guide [20m]')],
    ['Make sure the owner of each service is notified', meta('Make sure the owner of each service is notified')],
  ])('%s', (text, expected) => {
    expect(itemMeta(text)).toEqual(expected);
  });
});

describe('itemMeta: due date', () => {
  it.each<[string, ItemMeta]>([
    ['Add paging due 2024-05-01', meta('Add paging', { due: '2024-05-01' })],
    ['Add paging, Due: May 1, 2024', meta('Add paging', { due: '2024-05-01' })],
    ['Add paging (by 2024-05-01)', meta('Add paging', { due: '2024-05-01' })],
    ['Add paging (deadline: 3rd June 2024) before term', meta('Add paging before term', { due: '2024-06-03' })],
    ['Deadline: 1 Sept 2024 - add paging', meta('add paging', { due: '2024-09-01' })],
    ['Add paging, due date 2024/2/29', meta('Add paging', { due: '2024-02-29' })],
    ['Add paging, due on Dec 31st 2025. Owner: @ivan', meta('Add paging', { due: '2025-12-31', owner: 'ivan' })],
    ['Add paging due 2023-02-29', meta('Add paging due 2023-02-29')],
    ['Add paging due May 1', meta('Add paging due May 1')],
    ['Alerts were late due to a config error', meta('Alerts were late due to a config error')],
    ['Nothing was due till 1/21', meta('Nothing was due till 1/21')],
  ])('%s', (text, expected) => {
    expect(itemMeta(text)).toEqual(expected);
  });

  it('gives a date without a year the year from opts', () => {
    expect(itemMeta('Add paging due May 1', { year: 2024 })).toEqual(meta('Add paging', { due: '2024-05-01' }));
    expect(itemMeta('Add paging (by 15 March)', { year: 2019 })).toEqual(meta('Add paging', { due: '2019-03-15' }));
    expect(itemMeta('Add paging due May 1', { year: null }).due).toBe(null);
  });
});

describe('itemMeta: text', () => {
  it('collapses white space and keeps plain items as they are', () => {
    expect(itemMeta('  Set up   better\n dashboards  ')).toEqual(meta('Set up better dashboards'));
    expect(itemMeta('')).toEqual(meta(''));
  });

  it('combines markers', () => {
    expect(itemMeta('[x] ✅ Rotate keys (owner: Judy) (due 2024-01-31)')).toEqual(
      meta('Rotate keys', { done: true, owner: 'Judy', due: '2024-01-31' }),
    );
  });

  it('never throws and always returns the four fields', () => {
    const pieces = fc.constantFrom('(done)', 'DONE:', '~~', '@', 'Owner:', 'due ', '2024-13-45', 'May 99', '[x] ', '(', ')', '[', ']', '✅', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), pieces), { maxLength: 10 }), fc.option(fc.integer()), (parts, year) => {
        const result = itemMeta(parts.join(''), { year });
        expect(Object.keys(result).sort()).toEqual(['done', 'due', 'owner', 'text']);
        expect(result.text).toBe(result.text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 300 },
    );
  });
});

describe('isReportChecklistItem', () => {
  it.each([
    'write an incident report',
    'Write an incident report',
    'Incident has been dealt with or is over',
    'Timeline has been filled',
    'Sections above are filled out',
    'fill out the postmortem',
    'Write the postmortem for the outage',
    'Share the postmortem with support',
    'Post-mortem published',
    'Action items created',
    'Action items filed',
    'Add the incident to the incident log',
    'Incident title is discoverable and accurate',
    'Incident title and after-action report is cleaned up',
    'All actionable items above have linked GitHub Issues',
    'Copy/paste the after-action report below and fill in relevant sections',
    'Discuss and address incident, leaving comments below with updates',
    '[x] Incident has been dealt with or is over',
  ])('%s: about the report', (text) => {
    expect(isReportChecklistItem(text)).toBe(true);
  });

  it.each([
    'hold an internal retrospective about the incident to learn from it',
    'Schedule a post-mortem meeting with the vendor',
    'Write a small document for incident response',
    'Start writing after action reports for future outages',
    'Report incidents to the status page within 10 minutes',
    'Create action items for each team',
    'Write a postmortem review checklist',
    'Write a postmortem template for the team',
    '',
  ])('%s: real follow-up work', (text) => {
    expect(isReportChecklistItem(text)).toBe(false);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => typeof isReportChecklistItem(text) === 'boolean'));
  });
});

describe('itemMeta: a name and a due date in the same parentheses', () => {
  it('reads the name as the owner', () => {
    expect(itemMeta('Rotate the shared signing key every quarter (Carol, due 2024-04-30)')).toEqual({
      done: null, owner: 'Carol', due: '2024-04-30', text: 'Rotate the shared signing key every quarter',
    });
    expect(itemMeta('Do x (@bob, by May 3, 2024)').owner).toBe('bob');
    expect(itemMeta('Fix it (Rasmus call for meeting)').owner).toBeNull();
  });
});

describe('itemMeta: an owner and a due date written together', () => {
  it.each<[string, ItemMeta]>([
    ['[ ] Add a disk alarm (owner: @ops, due 2025-04-30)', meta('Add a disk alarm', { done: false, owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm (owner: @ops; due: 2025-04-30)', meta('Add a disk alarm', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm (owner: @ops, by 2025-04-30) before term', meta('Add a disk alarm before term', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm (@ops, due 2025-04-30)', meta('Add a disk alarm', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm (@org/sre-team, due 2025-04-30)', meta('Add a disk alarm', { owner: 'org/sre-team', due: '2025-04-30' })],
    ['Add a disk alarm (owner: Jane Doe, due 2025-04-30)', meta('Add a disk alarm', { owner: 'Jane Doe', due: '2025-04-30' })],
    ['Add a disk alarm (Jane Doe, Due 2025-04-30)', meta('Add a disk alarm', { owner: 'Jane Doe', due: '2025-04-30' })],
    ['Add a disk alarm (due 2025-04-30, owner: @ops)', meta('Add a disk alarm', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm (due 2025-04-30; @ops)', meta('Add a disk alarm', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm. Owner: @ops, due 2025-04-30', meta('Add a disk alarm.', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm, owner: @ops, due 2025-04-30.', meta('Add a disk alarm', { owner: 'ops', due: '2025-04-30' })],
    ['Add a disk alarm. Due 2025-04-30, owner: @ops', meta('Add a disk alarm.', { owner: 'ops', due: '2025-04-30' })],
    ['Due 2025-04-30, Owner: Bob, add a disk alarm', meta('add a disk alarm', { owner: 'Bob', due: '2025-04-30' })],
    ['Add a disk alarm (owners: Alice, Bob)', meta('Add a disk alarm', { owner: 'Alice, Bob' })],
    ['Add a disk alarm (owner: Bob, by the end of Q3)', meta('Add a disk alarm (by the end of Q3)', { owner: 'Bob' })],
    ['Add a disk alarm (driver, due 2025-04-30)', meta('Add a disk alarm (driver, due 2025-04-30)', { due: '2025-04-30' })],
    ['Ask the driver (DRI: Ann, due 2025-04-30)', meta('Ask the driver', { owner: 'Ann', due: '2025-04-30' })],
  ])('%s', (text, expected) => {
    expect(itemMeta(text)).toEqual(expected);
  });
});
