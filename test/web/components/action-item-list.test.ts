/// <reference lib="dom" />
/**
 * ActionItemList rendered in jsdom: statuses (and where they came from), link state, owner and due date (and where
 * they came from), safe links only with their GitHub state, the safeguards of each item, the incident of each item,
 * what changes while GitHub is not configured, and the controls: link an issue, create one, unlink, link a
 * safeguard or unlink it, attest one, with each write's outcome next to its item.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ActionItemList from '../../../web/src/components/ActionItemList.svelte';
import { ApiError } from '../../../web/src/lib/api.ts';
import type { ActionItemLink, ActionItemView, IncidentActionItem, ItemSafeguard } from '../../../web/src/lib/api-types.ts';
import type { GitHubSetup, ItemWrite, SafeguardChoice, TrackingControls } from '../../../web/src/lib/item-tracking.ts';


const link = (id: number, fields: Partial<ActionItemLink>): ActionItemLink => ({
  id,
  source: 'markdown',
  ref: 'https://example.com',
  url: null,
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

const item = (id: number, fields: Partial<IncidentActionItem>): IncidentActionItem => ({
  id,
  text: `item ${id}`,
  group: null,
  status: 'open',
  statusSource: 'markdown',
  done: false,
  owner: null,
  due: null,
  line: 10 + id,
  overdue: false,
  archived: false,
  links: [],
  linkState: 'none',
  statusConflict: null,
  ownerSource: null,
  dueSource: null,
  safeguards: [],
  position: id,
  doneAt: null,
  archivedAt: null,
  ...fields,
});

const issue = link(1, {
  ref: 'https://github.com/acme/hub/issues/42',
  url: 'https://github.com/acme/hub/issues/42',
  repo: 'acme/hub',
  number: 42,
  kind: 'issue',
  state: 'closed',
  stateReason: 'not_planned',
});

const items: IncidentActionItem[] = [
  item(1, { text: 'Add an alert on hub 5xx', status: 'open', owner: 'ana', due: '2018-02-01', overdue: true, group: 'Detection', links: [issue], linkState: 'wont-do' }),
  item(2, { text: 'Write the runbook', status: 'in-progress' }),
  item(3, { text: 'Pin the chart version', status: 'done', done: true, links: [link(2, { ref: 'javascript:alert(1)', url: 'javascript:alert(1)' })], linkState: 'untracked' }),
  item(4, { text: 'Rewrite everything', status: 'wont-do', archived: true, links: [link(3, { ref: '#12', url: null, number: 12 })], linkState: 'untracked' }),
];

function rows(container: HTMLElement) {
  return [...container.querySelectorAll<HTMLLIElement>('ul.items > li')];
}

describe('ActionItemList', () => {
  it('shows one row per item with its text and status label', () => {
    const { container } = render(ActionItemList, { props: { items } });
    expect(rows(container).map((li) => [li.dataset.status, li.querySelector('.text')!.textContent, li.querySelector('.status')!.textContent])).toEqual([
      ['open', 'Add an alert on hub 5xx', 'open · overdue'],
      ['in-progress', 'Write the runbook', 'in progress'],
      ['done', 'Pin the chart version', 'done'],
      ['wont-do', 'Rewrite everything', "won't do"],
    ]);
  });

  it('marks the overdue item, with its owner, group, due date and line', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const [first, second] = rows(container);
    expect(first!.querySelector('.status')!.classList.contains('overdue')).toBe(true);
    expect(second!.querySelector('.status')!.classList.contains('overdue')).toBe(false);
    const meta = first!.querySelector('.meta')!;
    expect(meta.querySelector('.tag')!.textContent).toBe('Detection');
    expect(within(first!).getByText('owner: ana')).toBeTruthy();
    const due = within(first!).getByText('due 1 Feb 2018 (overdue)');
    expect(due.classList.contains('late')).toBe(true);
    expect(within(first!).getByText('line 11')).toBeTruthy();
    expect(second!.textContent).not.toContain('owner:');
    expect(second!.textContent).not.toContain('due ');
  });

  it('marks an item removed from the postmortem', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const last = rows(container)[3]!;
    expect(last.classList.contains('archived')).toBe(true);
    expect(last.textContent).toContain('removed from the postmortem');
    expect(rows(container)[0]!.classList.contains('archived')).toBe(false);
  });

  it('links a GitHub issue as repo#number, safely, with its state', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const anchor = within(rows(container)[0]!).getByRole('link', { name: 'acme/hub#42' });
    expect(anchor.getAttribute('href')).toBe('https://github.com/acme/hub/issues/42');
    expect(anchor.getAttribute('rel')).toBe('noopener noreferrer');
    expect(anchor.getAttribute('target')).toBe('_blank');
    expect(rows(container)[0]!.querySelector('.link .state')!.textContent).toBe('closed as not planned');
  });

  it('never renders a javascript: URL as a link', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const row = rows(container)[2]!;
    expect(row.querySelector('a')).toBeNull();
    expect(row.querySelector('.link')!.textContent!.trim()).toBe('javascript:alert(1)');
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('shows a reference without a URL as text, and says "not tracked" when an item has no link', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const [first, second, third, last] = rows(container);
    expect(last!.querySelector('a')).toBeNull();
    expect(last!.querySelector('.link')!.textContent!.trim()).toBe('#12');
    expect(second!.dataset.linkState).toBe('none');
    const badge = second!.querySelector('.link-state')!;
    expect(badge.textContent).toBe('not tracked');
    expect(badge.classList.contains('danger')).toBe(true);
    expect(badge.getAttribute('title')).toContain('nothing tracks this item');
    expect([first, third, last].map((row) => row!.querySelector('.link-state')!.textContent)).toEqual(["won't do on GitHub", 'links only', 'links only']);
    expect(container.querySelectorAll('.link-state.danger')).toHaveLength(1);
  });

  it('links each item’s incident when asked to, with its date and age', () => {
    const view = (id: number, incident: ActionItemView['incident'], ageDays: number | null): ActionItemView => {
      const { position: _position, doneAt: _doneAt, archivedAt: _archivedAt, ...fields } = item(id, {});
      return { ...fields, ageDays, incident };
    };
    const listed = [
      view(1, { slug: '2018-01-25 datahub', title: 'Datahub down', date: '2018-01-25', removed: false }, 45),
      view(2, { slug: 'untitled', title: null, date: null, removed: false }, null),
    ];
    const { container } = render(ActionItemList, { props: { items: listed, showIncident: true } });
    const [first, second] = rows(container);
    const incident = within(first!).getByRole('link', { name: 'Datahub down' });
    // Straight to the item on its incident's page.
    expect(incident.getAttribute('href')).toBe('/incidents/2018-01-25%20datahub#item-1');
    expect(within(first!).getByText('25 Jan 2018')).toBeTruthy();
    expect(within(first!).getByText('open for 1 month')).toBeTruthy();
    expect(within(second!).getByRole('link', { name: 'untitled' }).getAttribute('href')).toBe('/incidents/untitled#item-2');
    expect(second!.textContent).not.toContain('open for');
    cleanup();

    const hidden = render(ActionItemList, { props: { items: listed } });
    expect(hidden.container.querySelectorAll('a')).toHaveLength(0);
    expect(screen.queryByText('Datahub down')).toBeNull();
  });

  it('renders an empty list for no items', () => {
    const { container } = render(ActionItemList, { props: { items: [] } });
    expect(container.querySelector('ul.items')).not.toBeNull();
    expect(rows(container)).toHaveLength(0);
  });
});

/** The item tracking callbacks, as mocks, with the write in flight, whether a token was given and the safeguards to choose from. */
function controls(write: ItemWrite | null = null, tokenGiven = false, safeguardChoices: readonly SafeguardChoice[] | null = null) {
  return {
    write,
    tokenGiven,
    safeguardChoices,
    safeguardChoicesError: null as string | null,
    onloadsafeguards: vi.fn<TrackingControls['onloadsafeguards']>(),
    onlink: vi.fn<TrackingControls['onlink']>(async () => true),
    onunlink: vi.fn<TrackingControls['onunlink']>(async () => true),
    oncreate: vi.fn<TrackingControls['oncreate']>(async () => true),
    onlinksafeguard: vi.fn<TrackingControls['onlinksafeguard']>(async () => true),
    onunlinksafeguard: vi.fn<TrackingControls['onunlinksafeguard']>(async () => true),
    onattest: vi.fn<TrackingControls['onattest']>(async () => true),
    ontoken: vi.fn<TrackingControls['ontoken']>(),
    ondismiss: vi.fn<TrackingControls['ondismiss']>(),
  } satisfies TrackingControls;
}

describe('ActionItemList: tracking', () => {
  const safeguard = (key: string, fields: Partial<ItemSafeguard>): ItemSafeguard => ({
    key,
    kind: 'status-check',
    description: `${key} description`,
    state: 'unknown',
    stateDetail: null,
    checkError: null,
    checkedAt: null,
    expired: false,
    attestedUntil: null,
    source: 'file',
    ...fields,
  });

  it('says where a status, owner and due date came from, and shows a status conflict', () => {
    const synced = link(5, { ...issue, id: 5, number: 14, repo: 'acme/hub', state: 'closed', stateReason: 'completed' });
    const { container } = render(ActionItemList, {
      props: {
        items: [
          item(1, {
            status: 'done',
            statusSource: 'github',
            owner: 'rtorres',
            ownerSource: 'github',
            due: '2018-03-01',
            dueSource: 'github',
            links: [synced],
            linkState: 'done',
            statusConflict: 'not ticked in the report, but acme/hub#14 closed as completed',
          }),
          item(2, { owner: 'ana', ownerSource: 'markdown', due: '2018-03-01', dueSource: 'markdown' }),
        ],
      },
    });
    const [first, second] = rows(container);
    expect(first!.querySelector('.origin')!.textContent).toBe('status from GitHub #14');
    expect(first!.querySelector('.conflict')!.textContent).toContain('not ticked in the report, but acme/hub#14 closed as completed');
    expect(first!.querySelector('.owner')!.textContent!.replace(/\s+/g, ' ')).toBe('owner: rtorres (from GitHub)');
    expect(first!.querySelector('.due')!.textContent!.replace(/\s+/g, ' ')).toBe('due 1 Mar 2018 (from GitHub)');
    expect(first!.querySelector('.link .state')!.textContent).toBe('closed as completed');
    expect(second!.querySelector('.origin')).toBeNull();
    expect(second!.querySelector('.conflict')).toBeNull();
    expect(second!.querySelector('.owner')!.textContent!.trim()).toBe('owner: ana');
  });

  it('marks an overdue due date and shows a link’s sync error', () => {
    const failing = link(6, { ...issue, id: 6, state: null, stateReason: null, syncError: 'GitHub answered 404: Not Found' });
    const { container } = render(ActionItemList, { props: { items: [item(1, { due: '2018-02-01', overdue: true, links: [failing], linkState: 'error' })] } });
    const row = rows(container)[0]!;
    expect(row.querySelector('.due')!.textContent).toContain('(overdue)');
    expect(row.querySelector('.due')!.classList.contains('late')).toBe(true);
    expect(row.querySelector('.sync-error')!.textContent).toContain('sync failed: GitHub answered 404: Not Found');
    expect(row.querySelector('.link-state')!.textContent).toBe('sync failed');
  });

  it('shows each safeguard with its state: drifted prominent with what the check found, unknown as "not checked yet"', () => {
    const { container } = render(ActionItemList, {
      props: {
        items: [
          item(1, {
            safeguards: [
              safeguard('prod-check', { state: 'drifted', stateDetail: 'branch prod is not protected', checkedAt: '2024-08-02T12:00:00Z' }),
              safeguard('smoke', { state: 'verified', stateDetail: 'the workflow ran' }),
              safeguard('alert', { state: 'unknown', checkError: 'GitHub answered 500' }),
              safeguard('runbook', { kind: 'runbook', state: 'manual', expired: true, stateDetail: 'attestation by mkim expired on 2024-07-30' }),
              safeguard('file', { state: 'missing', stateDetail: 'x.yml is not on main' }),
            ],
          }),
        ],
      },
    });
    const list = within(rows(container)[0]!).getByRole('list', { name: 'Safeguards' });
    const entries = [...list.querySelectorAll<HTMLLIElement>('li.safeguard')];
    expect(entries.map((li) => [li.dataset.key, li.querySelector('.safeguard-badge')!.textContent!.trim()])).toEqual([
      ['prod-check', '⚠ drifted'],
      ['smoke', '✓ verified'],
      ['alert', '○ not checked yet'],
      ['runbook', '⚠ attestation expired'],
      ['file', '✗ missing'],
    ]);
    const [drifted, verified, unknown] = entries;
    expect(drifted!.querySelector('.safeguard-badge')!.classList.contains('danger')).toBe(true);
    expect(drifted!.querySelector('.detail')!.textContent).toBe('branch prod is not protected');
    expect(drifted!.querySelector('.safeguard-badge')!.getAttribute('title')).toContain('checked 2024-08-02 12:00 UTC');
    expect(within(drifted!).getByRole('link', { name: 'prod-check' }).getAttribute('href')).toBe('/safeguards#safeguard-prod-check');
    // What a verified check found is in the tooltip, not in the way.
    expect(verified!.querySelector('.detail')).toBeNull();
    expect(verified!.querySelector('.safeguard-badge')!.getAttribute('title')).toContain('the workflow ran');
    expect(unknown!.querySelector('.check-error')!.textContent).toBe('last check failed: GitHub answered 500');
    expect(unknown!.querySelector('.safeguard-badge')!.getAttribute('title')).toContain('not checked yet');
  });


  const service = link(7, { source: 'service', ref: 'https://github.com/acme/hub/issues/50', url: 'https://github.com/acme/hub/issues/50', repo: 'acme/hub', number: 50, kind: 'issue', state: 'open' });
  const tracked = [
    item(1, { text: 'Tracked item', links: [issue, service], linkState: 'open' }),
    item(2, { text: 'Loose item' }),
    item(3, { text: 'Removed item', archived: true }),
  ];

  it('offers the controls only when asked to, and never on removed items or items of removed incidents', () => {
    const { container } = render(ActionItemList, { props: { items: tracked } });
    expect(container.querySelectorAll('button')).toHaveLength(0);
    cleanup();

    const mine = render(ActionItemList, { props: { items: tracked, tracking: controls() } });
    const [first, second, third] = rows(mine.container);
    expect(within(first!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Unlink', 'Link an issue', 'Create issue', 'Link a safeguard']);
    // Only the link added through the service can be removed here; the markdown one is edited in the file.
    expect(within(first!).getByRole('button', { name: 'Unlink acme/hub#50' })).toBeTruthy();
    expect(within(second!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Link an issue', 'Create issue', 'Link a safeguard']);
    expect(within(third!).queryAllByRole('button')).toHaveLength(0);
    cleanup();

    const view = (id: number, removed: boolean): ActionItemView => {
      const { position: _p, doneAt: _d, archivedAt: _a, ...fields } = item(id, {});
      return { ...fields, ageDays: 1, incident: { slug: `s${id}`, title: null, date: null, removed } };
    };
    const listed = render(ActionItemList, { props: { items: [view(1, false), view(2, true)], showIncident: true, tracking: controls() } });
    expect(within(rows(listed.container)[0]!).getAllByRole('button')).toHaveLength(3);
    expect(within(rows(listed.container)[1]!).queryAllByRole('button')).toHaveLength(0);
  });

  it('links an issue from the keyboard: the field gets the focus, Enter sends it, an empty one is refused inline', async () => {
    const tracking = controls();
    const { container } = render(ActionItemList, { props: { items: tracked, tracking } });
    const row = rows(container)[1]!;
    const open = within(row).getByRole('button', { name: 'Link an issue' });
    await fireEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const field = within(row).getByLabelText('Issue, pull request or URL');
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-describedby') ?? field.closest('form')!.getAttribute('aria-describedby')).toBe(row.querySelector('.text')!.id);

    await fireEvent.submit(field.closest('form')!);
    expect(tracking.onlink).not.toHaveBeenCalled();
    expect(within(row).getByRole('alert').textContent).toContain('Give an issue or pull request URL');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(field, { target: { value: ' acme/hub#51 ' } });
    await fireEvent.click(within(row).getByRole('button', { name: 'Link' }));
    expect(tracking.onlink).toHaveBeenCalledWith(2, ' acme/hub#51 ');
    // Linked: the form closes and the focus goes back to its button.
    await vi.waitFor(() => expect(within(row).queryByLabelText('Issue, pull request or URL')).toBeNull());
    expect(document.activeElement).toBe(open);
  });

  it('keeps the form open when the link was refused, and closes it on Escape', async () => {
    const tracking = controls();
    tracking.onlink.mockResolvedValue(false);
    const { container } = render(ActionItemList, { props: { items: tracked, tracking } });
    const row = rows(container)[1]!;
    await fireEvent.click(within(row).getByRole('button', { name: 'Link an issue' }));
    const field = within(row).getByLabelText('Issue, pull request or URL');
    await fireEvent.input(field, { target: { value: 'not a link' } });
    await fireEvent.submit(field.closest('form')!);
    expect(tracking.onlink).toHaveBeenCalledWith(2, 'not a link');
    expect((within(row).getByLabelText('Issue, pull request or URL') as HTMLInputElement).value).toBe('not a link');
    await fireEvent.keyDown(field, { key: 'Escape' });
    expect(within(row).queryByLabelText('Issue, pull request or URL')).toBeNull();
  });

  it('forgets the typed text and the error on Cancel or Escape', async () => {
    const refused = write({ action: 'link', input: 'not a link', error: new ApiError(400, '"not a link" has white space') });
    const tracking = controls(refused);
    const { container, rerender } = render(ActionItemList, { props: { items: tracked, tracking } });
    const row = rows(container)[1]!;
    const open = within(row).getByRole('button', { name: 'Link an issue' });
    await fireEvent.click(open);
    const field = within(row).getByLabelText('Issue, pull request or URL') as HTMLInputElement;
    await fireEvent.input(field, { target: { value: 'not a link' } });
    expect(within(row).getByRole('alert').textContent).toContain('"not a link" has white space');
    await fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    // The server's refusal goes (the view forgets the write), and so does the text.
    expect(tracking.ondismiss).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(open);
    await rerender({ items: tracked, tracking: { ...tracking, write: null } });
    await fireEvent.click(open);
    expect((within(row).getByLabelText('Issue, pull request or URL') as HTMLInputElement).value).toBe('');

    // An empty field's own complaint goes with Escape, and the text with it.
    await fireEvent.submit(within(row).getByLabelText('Issue, pull request or URL').closest('form')!);
    expect(within(row).getByRole('alert').textContent).toContain('Give an issue or pull request URL');
    await fireEvent.input(within(row).getByLabelText('Issue, pull request or URL'), { target: { value: 'half typed' } });
    await fireEvent.keyDown(within(row).getByLabelText('Issue, pull request or URL'), { key: 'Escape' });
    expect(within(row).queryByRole('alert')).toBeNull();
    await fireEvent.click(open);
    expect((within(row).getByLabelText('Issue, pull request or URL') as HTMLInputElement).value).toBe('');
    expect(within(row).queryByRole('alert')).toBeNull();
    // Another item's write is not this form's to forget.
    expect(tracking.ondismiss).toHaveBeenCalledTimes(1);
  });

  it('creates an issue in the repository the links suggest, or the one typed', async () => {
    const tracking = controls();
    const { container } = render(ActionItemList, { props: { items: tracked, tracking } });
    // The loose item has no link: its incident's other items suggest acme/hub.
    const row = rows(container)[1]!;
    await fireEvent.click(within(row).getByRole('button', { name: 'Create issue' }));
    const repo = within(row).getByLabelText('Repository') as HTMLInputElement;
    expect(repo.value).toBe('acme/hub');
    expect(document.activeElement).toBe(repo);
    await fireEvent.input(repo, { target: { value: 'acme/ops' } });
    await fireEvent.click(within(row).getByRole('button', { name: 'Create the issue' }));
    expect(tracking.oncreate).toHaveBeenCalledWith(2, 'acme/ops', false);
  });

  it('unlinks a service link', async () => {
    const tracking = controls();
    const { container } = render(ActionItemList, { props: { items: tracked, tracking } });
    await fireEvent.click(within(rows(container)[0]!).getByRole('button', { name: 'Unlink acme/hub#50' }));
    expect(tracking.onunlink).toHaveBeenCalledWith(1, 7);
  });

  const write = (fields: Partial<ItemWrite>): ItemWrite => ({ itemId: 2, action: 'issue', input: 'acme/hub', linkId: null, force: false, pending: false, error: null, done: null, ...fields });

  it('shows the last write next to its item only: on its way (every button waits), done, or failed with the server’s message', async () => {
    const pending = render(ActionItemList, { props: { items: tracked, tracking: controls(write({ pending: true })) } });
    const [first, second] = rows(pending.container);
    expect(within(second!).getByRole('status').textContent).toBe('Creating the issue on GitHub…');
    expect(within(first!).queryByRole('status')).toBeNull();
    for (const button of pending.container.querySelectorAll('button')) expect((button as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    const done = render(ActionItemList, { props: { items: tracked, tracking: controls(write({ action: 'link', done: 'Linked acme/hub#51.' })) } });
    expect(within(rows(done.container)[1]!).getByRole('status').textContent).toBe('Linked acme/hub#51.');
    cleanup();

    const tracking = controls(write({ error: new ApiError(503, 'creating issues is turned off: set GITHUB_TOKEN to a token that may create issues in the repository') }));
    const failed = render(ActionItemList, { props: { items: tracked, tracking } });
    const alert = within(rows(failed.container)[1]!).getByRole('alert');
    expect(alert.textContent).toContain('The issue was not created: creating issues is turned off: set GITHUB_TOKEN');
    expect(within(alert).queryByRole('button', { name: 'Create anyway' })).toBeNull();
    await fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(tracking.ondismiss).toHaveBeenCalled();
  });

  it('offers "Create anyway" when the item already has an open issue, and a token form after a 401', async () => {
    const conflict = controls(write({ error: new ApiError(409, 'action item 2 already has an open issue in acme/hub: https://github.com/acme/hub/issues/50; pass "force": true to create another') }));
    const first = render(ActionItemList, { props: { items: tracked, tracking: conflict } });
    const refusal = within(rows(first.container)[1]!).getByRole('alert');
    expect(refusal.querySelector('p')!.textContent).toBe('This item already has an open issue in acme/hub.');
    expect(refusal.textContent).not.toContain('force');
    await fireEvent.click(within(rows(first.container)[1]!).getByRole('button', { name: 'Create anyway' }));
    expect(conflict.oncreate).toHaveBeenCalledWith(2, 'acme/hub', true);
    cleanup();

    const locked = controls(write({ action: 'link', input: 'acme/hub#51', error: new ApiError(401, 'this request needs a token') }));
    const second = render(ActionItemList, { props: { items: tracked, tracking: locked } });
    const alert = within(rows(second.container)[1]!).getByRole('alert');
    expect(alert.textContent).toContain('this server needs an access token');
    expect(alert.textContent).toContain('Ask whoever runs it for the token');
    await fireEvent.input(within(alert).getByLabelText('Token'), { target: { value: 'secret-token' } });
    await fireEvent.click(within(alert).getByRole('button', { name: 'Use token and retry' }));
    expect(locked.ontoken).toHaveBeenCalledWith('secret-token');
  });
});

describe('ActionItemList: done items, GitHub off, safeguards from the item', () => {
  const safeguard = (key: string, fields: Partial<ItemSafeguard>): ItemSafeguard => ({
    key,
    kind: 'status-check',
    description: null,
    state: 'unknown',
    stateDetail: null,
    checkError: null,
    checkedAt: null,
    expired: false,
    attestedUntil: null,
    source: 'file',
    ...fields,
  });
  const github = (fields: Partial<GitHubSetup> = {}): GitHubSetup => ({
    configured: true,
    defaultRepo: null,
    issueLabel: 'postmortem-action',
    syncMinutes: 0,
    lastSyncAt: null,
    lastVerifiedAt: null,
    ...fields,
  });
  const unsynced = link(8, { ref: 'https://github.com/acme/hub/issues/14', url: 'https://github.com/acme/hub/issues/14', repo: 'acme/hub', number: 14, kind: 'issue' });

  it('never marks a done or dropped item without a link "not tracked": a muted "no link" at most', () => {
    const { container } = render(ActionItemList, {
      props: { items: [item(1, { status: 'open' }), item(2, { status: 'in-progress' }), item(3, { status: 'done', done: true }), item(4, { status: 'wont-do' })] },
    });
    expect(rows(container).map((row) => [row.querySelector('.link-state')!.textContent, row.querySelector('.link-state')!.classList.contains('danger')])).toEqual([
      ['not tracked', true],
      ['not tracked', true],
      ['no link', false],
      ['no link', false],
    ]);
  });

  it('says "not synced (GitHub off)", muted, and waits on "Create issue" while GitHub is not configured', () => {
    const items = [item(1, { links: [unsynced], linkState: 'unsynced' })];
    const off = render(ActionItemList, { props: { items, tracking: controls(), github: github({ configured: false }) } });
    const row = rows(off.container)[0]!;
    expect(row.querySelector('.link-state')!.textContent).toBe('not synced (GitHub off)');
    expect(row.querySelector('.link-state')!.classList.contains('warn')).toBe(false);
    expect(row.querySelector('.link .state')!.textContent).toBe('not synced (GitHub off)');
    const create = within(row).getByRole('button', { name: 'Create issue' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    expect(create.title).toBe('GitHub is not configured (no GITHUB_TOKEN)');
    // Linking by hand still works.
    expect((within(row).getByRole('button', { name: 'Link an issue' }) as HTMLButtonElement).disabled).toBe(false);
    cleanup();

    for (const setup of [github(), null]) {
      const on = render(ActionItemList, { props: { items, tracking: controls(), github: setup } });
      const onRow = rows(on.container)[0]!;
      expect(onRow.querySelector('.link-state')!.textContent).toBe('not synced yet');
      expect(onRow.querySelector('.link-state')!.classList.contains('warn')).toBe(true);
      expect((within(onRow).getByRole('button', { name: 'Create issue' }) as HTMLButtonElement).disabled).toBe(false);
      cleanup();
    }
  });

  it('fills in the item’s links’ repository for a new issue, else the server’s default', async () => {
    const items = [item(1, { links: [unsynced], linkState: 'unsynced' }), item(2, {}), item(3, { links: [link(9, { ...unsynced, id: 9, repo: 'acme/other' })] })];
    const { container } = render(ActionItemList, { props: { items, tracking: controls(), github: github({ defaultRepo: 'acme/ops' }) } });
    const repoOf = async (row: HTMLElement) => {
      await fireEvent.click(within(row).getByRole('button', { name: 'Create issue' }));
      return (within(row).getByLabelText('Repository') as HTMLInputElement).value;
    };
    const [first, second] = rows(container);
    expect(await repoOf(first!)).toBe('acme/hub');
    expect(await repoOf(second!)).toBe('acme/ops');
  });

  it('links one of the safeguards to the item, leaving out those linked already', async () => {
    const tracking = controls(null);
    const items = [item(1, { safeguards: [safeguard('linked-one', {})] })];
    const { container, rerender } = render(ActionItemList, { props: { items, tracking } });
    const row = rows(container)[0]!;
    const open = within(row).getByRole('button', { name: 'Link a safeguard' });
    await fireEvent.click(open);
    expect(tracking.onloadsafeguards).toHaveBeenCalledTimes(1);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(within(row).getByRole('status').textContent).toBe('Loading the safeguards…');

    const choices: SafeguardChoice[] = [
      { key: 'linked-one', kind: 'status-check', description: null },
      { key: 'prod-check', kind: 'status-check', description: 'prod requires the check' },
      { key: 'tls-runbook', kind: 'runbook', description: null },
    ];
    await rerender({ items, tracking: { ...tracking, safeguardChoices: choices } });
    const select = within(row).getByLabelText('Safeguard') as HTMLSelectElement;
    expect([...select.options].map((option) => option.textContent)).toEqual(['Choose a safeguard…', 'prod-check — prod requires the check', 'tls-runbook']);
    expect(document.activeElement).toBe(select);
    // Nothing chosen: said inline, nothing sent.
    await fireEvent.click(within(row).getByRole('button', { name: 'Link the safeguard' }));
    expect(tracking.onlinksafeguard).not.toHaveBeenCalled();
    expect(within(row).getByRole('alert').textContent).toBe('Choose a safeguard.');
    select.value = 'prod-check';
    await fireEvent.change(select);
    await fireEvent.click(within(row).getByRole('button', { name: 'Link the safeguard' }));
    expect(tracking.onlinksafeguard).toHaveBeenCalledWith(1, 'prod-check');
    await vi.waitFor(() => expect(within(row).queryByLabelText('Safeguard')).toBeNull());
    expect(document.activeElement).toBe(open);
  });

  it('says when there is no other safeguard to link, or why they could not be loaded', async () => {
    const tracking = controls(null, false, [{ key: 'only', kind: 'workflow', description: null }]);
    const items = [item(1, { safeguards: [safeguard('only', {})] })];
    const { container, rerender } = render(ActionItemList, { props: { items, tracking } });
    const row = rows(container)[0]!;
    await fireEvent.click(within(row).getByRole('button', { name: 'Link a safeguard' }));
    expect(row.textContent).toContain('No other safeguard to link');
    await rerender({ items, tracking: { ...tracking, safeguardChoices: null, safeguardChoicesError: 'this request needs a token' } });
    const alert = within(row).getByRole('alert');
    expect(alert.textContent).toContain('The safeguards could not be loaded: this request needs a token');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(tracking.onloadsafeguards).toHaveBeenCalledTimes(2);
  });

  it('removes a safeguard linked through Hindsight; one from the file says where it is declared', async () => {
    const tracking = controls();
    const items = [item(1, { safeguards: [safeguard('from-file', { source: 'file' }), safeguard('from-service', { source: 'service' })] })];
    const { container } = render(ActionItemList, { props: { items, tracking } });
    const [file, service] = [...rows(container)[0]!.querySelectorAll<HTMLElement>('li.safeguard')];
    expect(file!.querySelector('.declared')!.textContent).toBe('declared in safeguards.yml');
    expect(within(file!).queryByRole('button')).toBeNull();
    expect(service!.querySelector('.declared')).toBeNull();
    await fireEvent.click(within(service!).getByRole('button', { name: 'Unlink safeguard from-service' }));
    expect(tracking.onunlinksafeguard).toHaveBeenCalledWith(1, 'from-service');
    cleanup();

    // Read-only: neither.
    const readOnly = render(ActionItemList, { props: { items } });
    expect(readOnly.container.querySelector('.declared')).toBeNull();
    expect(readOnly.container.querySelectorAll('button')).toHaveLength(0);
  });

  it('attests a manual safeguard from the item: "needs attestation" until then', async () => {
    const tracking = controls();
    const items = [
      item(1, {
        safeguards: [
          safeguard('tls-runbook', { kind: 'runbook', description: 'The TLS probe step' }),
          safeguard('prod-check', {}),
          safeguard('other-one', { kind: 'other', state: 'manual', stateDetail: 'attested by mkim on 2024-05-01, valid until 2024-07-30', attestedUntil: '2024-07-30T00:00:00Z' }),
        ],
      }),
    ];
    const { container } = render(ActionItemList, { props: { items, tracking } });
    const row = rows(container)[0]!;
    const [runbook, check, other] = [...row.querySelectorAll<HTMLElement>('li.safeguard')];
    expect(runbook!.querySelector('.safeguard-badge')!.textContent!.trim()).toBe('? needs attestation');
    expect(runbook!.querySelector('.safeguard-badge')!.getAttribute('title')).toContain('needs attestation');
    expect(check!.querySelector('.safeguard-badge')!.textContent!.trim()).toBe('○ not checked yet');
    expect(other!.querySelector('.safeguard-badge')!.textContent!.trim()).toBe('✓ attested');
    // GitHub checks the status check: nobody attests it.
    expect(within(check!).queryByRole('button', { name: /^Attest/ })).toBeNull();

    const attest = within(runbook!).getByRole('button', { name: 'Attest tls-runbook' });
    await fireEvent.click(attest);
    expect(attest.getAttribute('aria-expanded')).toBe('true');
    const name = within(runbook!).getByLabelText('Your name');
    expect(document.activeElement).toBe(name);
    await fireEvent.input(name, { target: { value: 'mkim' } });
    await fireEvent.input(within(runbook!).getByLabelText(/What you checked/), { target: { value: 'the step is in the checklist' } });
    await fireEvent.click(within(runbook!).getByRole('button', { name: 'Attest it is in place' }));
    expect(tracking.onattest).toHaveBeenCalledWith(1, 'tls-runbook', 'mkim', 'the step is in the checklist');
    await vi.waitFor(() => expect(within(runbook!).queryByLabelText('Your name')).toBeNull());
    expect(document.activeElement).toBe(attest);
  });

  it('shows the outcome of an attestation with until when it holds, and of a safeguard link', () => {
    const tracking = { ...controls(), write: { itemId: 1, action: 'attest', input: 'tls-runbook', linkId: null, force: false, pending: false, error: null, done: 'Attested tls-runbook; valid until 2024-10-30 12:00 UTC.' } satisfies ItemWrite };
    const { container } = render(ActionItemList, { props: { items: [item(1, {})], tracking } });
    expect(within(rows(container)[0]!).getByRole('status').textContent).toBe('Attested tls-runbook; valid until 2024-10-30 12:00 UTC.');
    cleanup();
    const pending = { ...controls(), write: { itemId: 1, action: 'safeguard-link', input: 'x', linkId: null, force: false, pending: true, error: null, done: null } satisfies ItemWrite };
    const second = render(ActionItemList, { props: { items: [item(1, {})], tracking: pending } });
    expect(within(rows(second.container)[0]!).getByRole('status').textContent).toBe('Linking the safeguard…');
  });
});
