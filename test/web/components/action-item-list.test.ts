/// <reference lib="dom" />
/** ActionItemList rendered in jsdom: statuses, owner and due date, safe links only, and the incident of each item. */
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ActionItemList from '../../../web/src/components/ActionItemList.svelte';
import type { ActionItemLink, ActionItemView, IncidentActionItem } from '../../../web/src/lib/api-types.ts';


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
  item(1, { text: 'Add an alert on hub 5xx', status: 'open', owner: 'ana', due: '2018-02-01', overdue: true, group: 'Detection', links: [issue] }),
  item(2, { text: 'Write the runbook', status: 'in-progress' }),
  item(3, { text: 'Pin the chart version', status: 'done', done: true, links: [link(2, { ref: 'javascript:alert(1)', url: 'javascript:alert(1)' })] }),
  item(4, { text: 'Rewrite everything', status: 'wont-do', archived: true, links: [link(3, { ref: '#12', url: null, number: 12 })] }),
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
    const due = within(first!).getByText('due 1 Feb 2018');
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
    expect(rows(container)[0]!.querySelector('.link .state')!.textContent).toBe('closed (not planned)');
  });

  it('never renders a javascript: URL as a link', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const row = rows(container)[2]!;
    expect(row.querySelector('a')).toBeNull();
    expect(row.querySelector('.link')!.textContent!.trim()).toBe('javascript:alert(1)');
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('shows a reference without a URL as text, and says when an item has no link', () => {
    const { container } = render(ActionItemList, { props: { items } });
    const [, second, , last] = rows(container);
    expect(last!.querySelector('a')).toBeNull();
    expect(last!.querySelector('.link')!.textContent!.trim()).toBe('#12');
    expect(second!.querySelector('.unlinked')!.textContent).toBe('no linked issue');
    expect(container.querySelectorAll('.unlinked')).toHaveLength(1);
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
