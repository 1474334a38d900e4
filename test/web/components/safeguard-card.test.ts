/// <reference lib="dom" />
/**
 * SafeguardBadge and SafeguardCard rendered in jsdom: the state badge's words and tone, a safeguard's target, state
 * detail and last check, the items it implements (links to the item on its incident page), its history behind a
 * toggle, the attestation form of manual ones, and "Delete" (asking first) for ones created through the service.
 */
import { fireEvent, render, within } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import SafeguardBadge from '../../../web/src/components/SafeguardBadge.svelte';
import SafeguardCard from '../../../web/src/components/SafeguardCard.svelte';
import { ApiError } from '../../../web/src/lib/api.ts';
import type { SafeguardDetail, SafeguardView } from '../../../web/src/lib/api-types.ts';

const DATAHUB = '2018-01-25-datahub-accidental-prod-merge';

const safeguard = (fields: Partial<SafeguardView> = {}): SafeguardView => ({
  key: 'datahub-prod-requires-staging-hub',
  kind: 'status-check',
  repo: 'example-org/datahub',
  branch: 'prod',
  path: null,
  check: 'staging-hub-online',
  description: "Merges to prod need the staging hub's health probe to pass.",
  target: {},
  source: 'file',
  state: 'drifted',
  stateDetail: 'branch prod is not protected, so no status check is required',
  verifiedAt: '2024-08-01T12:00:00Z',
  firstVerifiedAt: '2024-08-01T12:00:00Z',
  checkedAt: '2024-08-02T12:00:00Z',
  checkError: null,
  attestation: null,
  archived: false,
  archivedAt: null,
  items: [{ id: 2, text: 'Block merges to production when the staging hub is not online.', source: 'file', archived: false, incident: { slug: DATAHUB, title: 'Accidental merge' } }],
  ...fields,
});

const runbook = (fields: Partial<SafeguardView> = {}) =>
  safeguard({
    key: 'dns-cutover-tls-probe-checklist',
    kind: 'runbook',
    repo: null,
    branch: null,
    check: null,
    target: { url: 'https://wiki.example.org/runbooks/dns-cutover' },
    state: 'manual',
    stateDetail: 'not attested: it cannot be checked automatically, so a person who checked it attests it',
    verifiedAt: null,
    ...fields,
  });

function setup(props: Partial<ComponentProps<typeof SafeguardCard>> = {}) {
  const onhistory = vi.fn<() => void>();
  const onattest = vi.fn<(by: string, note: string) => Promise<boolean>>(async () => true);
  const result = render(SafeguardCard, { props: { safeguard: safeguard(), zone: 'UTC', history: null, onhistory, attestation: null, onattest, ...props } });
  return { ...result, onhistory, onattest, card: result.container.querySelector<HTMLElement>('article')! };
}

describe('SafeguardBadge', () => {
  it('shows a symbol and words for the state, drifted in the danger tone', () => {
    const drifted = render(SafeguardBadge, { props: { state: 'drifted', title: 'branch prod is not protected' } });
    const badge = drifted.container.querySelector('.safeguard-badge')!;
    expect(badge.textContent).toBe('⚠ drifted');
    expect(badge.classList.contains('danger')).toBe(true);
    expect(badge.getAttribute('title')).toBe('branch prod is not protected');
    expect(badge.getAttribute('data-state')).toBe('drifted');
    const symbol = badge.querySelector('[aria-hidden="true"]')!;
    expect(symbol.textContent).toBe('⚠');
  });

  it.each([
    [{ state: 'verified' }, '✓ verified', 'ok'],
    [{ state: 'unknown' }, '○ not checked yet', 'neutral'],
    [{ state: 'missing' }, '✗ missing', 'warn'],
    [{ state: 'manual', expired: true }, '⚠ attestation expired', 'warn'],
    [{ state: 'manual', attested: true }, '✓ attested', 'ok'],
    [{ state: 'manual', attested: false }, '? needs attestation', 'warn'],
    [{ state: 'unknown', manual: true }, '? needs attestation', 'warn'],
  ] as const)('%o reads %s', (props, text, tone) => {
    const { container } = render(SafeguardBadge, { props });
    const badge = container.querySelector('.safeguard-badge')!;
    expect(badge.textContent).toBe(text);
    expect(badge.classList.contains(tone)).toBe(true);
    expect(badge.hasAttribute('title')).toBe(false);
  });
});

describe('SafeguardCard', () => {
  it('shows the key, state, kind, target, what the check found and when, and the items it implements', () => {
    const { card } = setup();
    expect(card.id).toBe('safeguard-datahub-prod-requires-staging-hub');
    expect(card.dataset.state).toBe('drifted');
    expect(within(card).getByRole('heading', { level: 2 }).textContent).toBe('datahub-prod-requires-staging-hub');
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('⚠ drifted');
    expect(card.querySelector('header .tag')!.textContent).toBe('required status check');
    expect([...card.querySelectorAll('.target div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])).toEqual([
      ['repository', 'example-org/datahub'],
      ['branch', 'prod'],
      ['check', 'staging-hub-online'],
    ]);
    expect(card.querySelector('.detail')!.textContent).toBe('branch prod is not protected, so no status check is required');
    expect(card.querySelector('.checked')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('Last checked 2024-08-02 12:00 UTC; last found in place 2024-08-01 12:00 UTC.');
    const item = within(card).getByRole('link', { name: 'Block merges to production when the staging hub is not online.' });
    expect(item.getAttribute('href')).toBe(`/incidents/${DATAHUB}#item-2`);
    // GitHub checks it: nobody attests it.
    expect(within(card).queryByRole('button', { name: 'Attest' })).toBeNull();
  });

  it('says when it was never checked, and why the last check could not decide', () => {
    const { card } = setup({ safeguard: safeguard({ state: 'unknown', stateDetail: null, checkedAt: null, verifiedAt: null, checkError: 'GitHub answered 403: Resource not accessible', items: [] }) });
    expect(card.querySelector('.checked')!.textContent!.trim()).toBe('Not checked yet.');
    expect(card.querySelector('.check-error')!.textContent).toContain('GitHub answered 403: Resource not accessible');
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('○ not checked yet');
    expect(card.textContent).toContain('No action item is linked to it.');
  });

  it('loads its history when opened and lists it, newest first', async () => {
    const { card, onhistory, rerender } = setup();
    const toggle = within(card).getByRole('button', { name: 'Verification history' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    expect(onhistory).toHaveBeenCalledTimes(1);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(card).getByRole('status').textContent).toBe('Loading the history…');

    const detail: SafeguardDetail = {
      ...safeguard(),
      history: [
        { at: '2024-08-02T12:00:00Z', state: 'drifted', detail: 'branch prod is not protected, so no status check is required' },
        { at: '2024-08-01T12:00:00Z', state: 'verified', detail: 'branch prod requires the status check staging-hub-online' },
      ],
    };
    await rerender({ history: { data: detail, loading: false, error: null } });
    const entries = within(within(card).getByRole('list', { name: /^Verification history of/ })).getAllByRole('listitem');
    expect(entries.map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      '2024-08-02 12:00 UTC ⚠ drifted branch prod is not protected, so no status check is required',
      '2024-08-01 12:00 UTC ✓ verified branch prod requires the status check staging-hub-online',
    ]);

    await rerender({ history: { data: null, loading: false, error: new ApiError(500, 'boom') } });
    await fireEvent.click(within(within(card).getByRole('alert')).getByRole('button', { name: 'Try again' }));
    expect(onhistory).toHaveBeenCalledTimes(2);
    await fireEvent.click(toggle);
    expect(within(card).queryByRole('alert')).toBeNull();
  });

  it('attests a manual safeguard with a name and a note, and shows until when it holds', async () => {
    const { card, onattest, rerender } = setup({ safeguard: runbook() });
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('? needs attestation');
    expect(within(card).getByRole('link', { name: 'https://wiki.example.org/runbooks/dns-cutover' }).getAttribute('rel')).toBe('noopener noreferrer');
    await fireEvent.click(within(card).getByRole('button', { name: 'Attest' }));
    const submit = within(card).getByRole('button', { name: 'Attest it is in place' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(document.activeElement).toBe(within(card).getByLabelText('Your name'));
    await fireEvent.input(within(card).getByLabelText('Your name'), { target: { value: 'mkim' } });
    await fireEvent.input(within(card).getByLabelText(/What you checked/), { target: { value: 'the TLS probe step is in the checklist' } });
    await fireEvent.click(submit);
    expect(onattest).toHaveBeenCalledWith('mkim', 'the TLS probe step is in the checklist');

    await rerender({
      safeguard: runbook({
        stateDetail: 'attested by mkim on 2024-08-01, valid until 2024-10-30',
        attestation: { by: 'mkim', at: '2024-08-01T12:00:00Z', expiresAt: '2024-10-30T12:00:00Z', expired: false },
      }),
      attestation: { pending: false, error: null, done: true },
    });
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('✓ attested');
    expect(card.querySelector('.attested')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('Attested by mkim 2024-08-01 12:00 UTC; valid until 2024-10-30 12:00 UTC.');
    expect(within(card).getByRole('status').textContent).toBe('Attested; valid until 2024-10-30 12:00 UTC.');
  });

  it('says a runbook never attested (nor verified: GitHub off) needs attestation, not "not checked yet"', async () => {
    const { card } = setup({ safeguard: runbook({ state: 'unknown', stateDetail: null, checkedAt: null }) });
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('? needs attestation');
    expect(card.textContent).not.toContain('not checked yet');
    expect(card.querySelector('.checked')).toBeNull();
    // Cancel closes the form and gives the focus back.
    const attest = within(card).getByRole('button', { name: 'Attest' });
    await fireEvent.click(attest);
    await fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(within(card).queryByLabelText('Your name')).toBeNull();
    expect(document.activeElement).toBe(attest);
  });

  it('deletes a safeguard created through the service, after asking', async () => {
    const ondelete = vi.fn<() => Promise<boolean>>(async () => true);
    const { card, rerender } = setup({ safeguard: safeguard({ source: 'service' }), ondelete });
    expect(card.textContent).toContain('added through Hindsight');
    const remove = within(card).getByRole('button', { name: 'Delete' });
    await fireEvent.click(remove);
    expect(ondelete).not.toHaveBeenCalled();
    const confirm = within(card).getByRole('group', { name: 'Delete datahub-prod-requires-staging-hub?' });
    expect(confirm.textContent).toContain('its links to action items and its verification history');
    // Kept: nothing sent, the focus back on "Delete".
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(within(card).queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(remove);
    expect(ondelete).not.toHaveBeenCalled();

    await fireEvent.click(remove);
    await fireEvent.click(within(card).getByRole('button', { name: 'Delete it' }));
    expect(ondelete).toHaveBeenCalledTimes(1);
    await rerender({ deletion: { pending: false, error: new ApiError(409, 'it is declared in the safeguards file') } });
    expect(within(card).getByRole('alert').textContent).toBe('The safeguard was not deleted: it is declared in the safeguards file');
  });

  it('offers no "Delete" for a safeguard from the file, or without a way to delete', () => {
    const ondelete = vi.fn<() => Promise<boolean>>(async () => true);
    const file = setup({ safeguard: safeguard({ source: 'file' }), ondelete });
    expect(within(file.card).queryByRole('button', { name: 'Delete' })).toBeNull();
    file.unmount();
    const readOnly = setup({ safeguard: safeguard({ source: 'service' }) });
    expect(within(readOnly.card).queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('shows an expired attestation, and a refused one with the reason', async () => {
    const { card, rerender } = setup({
      safeguard: runbook({ attestation: { by: 'mkim', at: '2024-01-01T00:00:00Z', expiresAt: '2024-03-31T00:00:00Z', expired: true } }),
    });
    expect(card.querySelector('header .safeguard-badge')!.textContent).toBe('⚠ attestation expired');
    expect(card.querySelector('.attested')!.classList.contains('expired')).toBe(true);
    expect(card.querySelector('.attested')!.textContent).toContain('expired 2024-03-31 00:00 UTC');
    await rerender({ attestation: { pending: false, error: new ApiError(403, 'writes are accepted only from this machine'), done: false } });
    expect(within(card).getByRole('alert').textContent).toContain('The attestation was not saved');
    await rerender({ safeguard: runbook({ archived: true }), attestation: null });
    expect(within(card).queryByRole('button', { name: 'Attest' })).toBeNull();
    expect(card.textContent).toContain('removed from the file');
  });
});
