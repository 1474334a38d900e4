/// <reference lib="dom" />
/**
 * DeploymentChanges rendered in jsdom: the changes before the outage newest first with the suspect on top, the
 * recovery, links to commits and pull requests, times in the chosen zone, no suspect, a report with a date and no
 * times, verdict buttons (on deploys that are not the recovery) and errors.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DeploymentChanges from '../../../web/src/components/DeploymentChanges.svelte';
import { ApiError } from '../../../web/src/lib/api.ts';
import type { CorrelatedDeployment, Deployment, IncidentDeployments } from '../../../web/src/lib/api-types.ts';

const LA = 'America/Los_Angeles';

function deployment(id: number, fields: Partial<Deployment>): Deployment {
  return {
    id,
    key: `key-${id}`,
    environment: 'production',
    environmentKey: 'production',
    service: 'datahub',
    repo: 'example-org/datahub',
    ref: 'prod',
    sha: null,
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'success',
    startedAt: '2018-01-25T00:00:00Z',
    finishedAt: null,
    statusAt: null,
    actor: null,
    url: null,
    description: null,
    source: 'file',
    commitUrl: null,
    pullUrl: null,
    ...fields,
  };
}
const item = (d: Deployment, fields: Partial<Omit<CorrelatedDeployment, 'deployment'>> = {}): CorrelatedDeployment => ({
  deployment: d,
  role: null,
  before: true,
  affected: true,
  entries: [],
  verdict: null,
  ...fields,
});

const SUSPECT_SHA = '411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a';
const STAGING_SHA = '2cb334328439d2e9f238982da8b5ceaa27c5701b';

function correlation(): IncidentDeployments {
  return {
    windowHours: 24,
    window: { from: '2018-01-24T22:30:00Z', to: '2018-01-26T00:50:00Z' },
    environment: { name: 'production', source: 'production' },
    deployments: [
      item(deployment(4, { startedAt: '2018-01-25T03:35:00Z', actor: 'lchen', description: 'course environment packages' })),
      item(
        deployment(5, {
          environment: 'staging',
          ref: 'staging',
          sha: STAGING_SHA,
          commitUrl: `https://github.com/example-org/datahub/commit/${STAGING_SHA}`,
          pullNumber: 8,
          pullUrl: 'https://github.com/example-org/datahub/pull/8',
          version: 'v0.6.0-beta.1',
          startedAt: '2018-01-25T22:30:00Z',
          actor: 'rtorres',
          description: 'upgrade the hub chart for the new image puller',
        }),
        { entries: [0] },
      ),
      item(
        deployment(6, {
          sha: SUSPECT_SHA,
          commitUrl: `https://github.com/example-org/datahub/commit/${SUSPECT_SHA}`,
          version: 'v0.6.0-beta.1',
          startedAt: '2018-01-25T23:30:00Z',
          actor: 'rtorres',
          description: 'Merge branch staging into prod (chart v0.6 beta)',
        }),
        { role: 'suspect', entries: [1] },
      ),
      item(deployment(7, { environment: 'staging', kind: 'rollback', status: 'failure', startedAt: '2018-01-26T00:24:00Z' }), { before: false }),
      item(deployment(8, { kind: 'rollback', version: 'v0.5.0', startedAt: '2018-01-26T00:35:00Z' }), { role: 'recovery', before: false, entries: [3] }),
    ],
    suspect: { deploymentId: 6, source: 'last-before-start', reason: 'last deployment to production before detection (16:11 PST)', confirmed: false },
    noSuspect: null,
    recovery: { deploymentId: 8, reason: 'rollback to production between detection (16:11 PST) and mitigation (16:35 PST)' },
    matches: [
      { entry: 0, deploymentId: 5 },
      { entry: 1, deploymentId: 6 },
      { entry: 3, deploymentId: 8 },
    ],
    effectiveStart: '2018-01-25T23:30:00Z',
    restoreSeconds: 3900,
  };
}

type Decision = { deploymentId: number; verdict: 'confirmed' | 'rejected' | null; pending: boolean; error: ApiError | null } | null;

function setup(value: IncidentDeployments = correlation(), options: { zone?: string; decision?: Decision; tokenGiven?: boolean } = {}) {
  const ondecide = vi.fn<(id: number, verdict: 'confirmed' | 'rejected' | null, by: string) => void>();
  const ontoken = vi.fn<(token: string) => void>();
  const result = render(DeploymentChanges, {
    props: {
      correlation: value,
      zone: options.zone ?? LA,
      decision: options.decision ?? null,
      ondecide,
      ontoken,
      tokenGiven: options.tokenGiven ?? false,
      entryLines: new Map([
        [0, 33],
        [1, 43],
        [3, 56],
      ]),
    },
  });
  const rows = () => [...result.container.querySelectorAll<HTMLLIElement>('li.change')];
  const row = (id: number) => result.container.querySelector<HTMLLIElement>(`#deployment-${id}`)!;
  return { ...result, ondecide, ontoken, rows, row };
}

describe('DeploymentChanges', () => {
  it('lists the changes before the outage with the suspect on top, then newest first; then the others in time order', () => {
    const { rows } = setup();
    expect(rows().map((li) => li.id)).toEqual(['deployment-6', 'deployment-5', 'deployment-4', 'deployment-7', 'deployment-8']);
    const lists = screen.getAllByRole('list');
    expect(lists.map((list) => list.getAttribute('aria-labelledby') && document.getElementById(list.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
      'Before the outage (3, newest first)',
      'During the outage and after (2)',
    ]);
  });

  it('shows time in the zone, environment, service, version, short sha linking to the commit, PR link, actor, description', () => {
    const { row } = setup();
    const staging = row(5);
    expect(staging.querySelector('time')!.textContent).toBe('2018-01-25 14:30 PST');
    expect(staging.querySelector('.env')!.textContent).toBe('staging');
    expect(staging.querySelector('.service')!.textContent).toBe('datahub');
    expect(staging.querySelector('.version')!.textContent).toBe('v0.6.0-beta.1');
    const sha = within(staging).getByRole('link', { name: '2cb3343' });
    expect(sha.getAttribute('href')).toBe(`https://github.com/example-org/datahub/commit/${STAGING_SHA}`);
    expect(within(staging).getByRole('link', { name: 'PR #8' }).getAttribute('href')).toBe('https://github.com/example-org/datahub/pull/8');
    expect(staging.querySelector('.actor')!.textContent).toBe('by rtorres');
    expect(staging.querySelector('.description')!.textContent).toBe('upgrade the hub chart for the new image puller');
    expect(within(staging).getByRole('link', { name: 'line 33' }).getAttribute('href')).toBe('#entry-0');
    // Without a commit URL, no link; a status other than success is shown.
    expect(within(row(4)).queryAllByRole('link')).toEqual([]);
    expect(row(5).querySelector('.status')).toBeNull();
    expect(row(7).querySelector('.status')!.textContent).toBe('failure');
  });

  it('follows the zone it is given', () => {
    const { row } = setup(correlation(), { zone: 'UTC' });
    expect(row(5).querySelector('time')!.textContent).toBe('2018-01-25 22:30 UTC');
    expect(row(4).querySelector('time')!.textContent).toBe('2018-01-25 03:35 UTC');
  });

  it('marks the suspect with its reason and that it is not confirmed, and the recovery with its reason', () => {
    const { row } = setup();
    expect(row(6).dataset.role).toBe('suspect');
    expect(row(6).querySelector('.role')!.textContent).toBe('Suspect');
    expect(row(6).querySelector('.reason')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Suspected cause: last deployment to production before detection (16:11 PST); not confirmed',
    );
    expect(row(8).dataset.role).toBe('recovery');
    expect(row(8).querySelector('.reason')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Recovery: rollback to production between detection (16:11 PST) and mitigation (16:35 PST)',
    );
    expect(row(5).dataset.role).toBe('');
    expect(row(5).querySelector('.reason')).toBeNull();
  });

  it('says a confirmed suspect is the cause', () => {
    const value = correlation();
    value.suspect = { deploymentId: 6, source: 'confirmed', reason: 'confirmed as the cause by ana on 2026-01-02', confirmed: true };
    value.deployments[2] = { ...value.deployments[2]!, verdict: { verdict: 'confirmed', decidedBy: 'ana', decidedAt: '2026-01-02T10:00:00Z', note: null } };
    const { row } = setup(value);
    expect(row(6).querySelector('.role')!.textContent).toBe('Cause');
    expect(row(6).querySelector('.reason')!.textContent).not.toContain('not confirmed');
    const decided = row(6).querySelector('.decided')!;
    expect(decided.getAttribute('data-verdict')).toBe('confirmed');
    expect(decided.textContent!.replace(/\s+/g, ' ').trim()).toBe('Confirmed as the cause by ana on 2026-01-02 02:00 PST');
    expect(within(row(6)).getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(within(row(6)).queryByRole('button', { name: 'Confirm as cause' })).toBeNull();
  });

  it('says why there is no suspect', () => {
    const value = { ...correlation(), suspect: null, noSuspect: 'no deployment to production in the 24 h before detection (16:11 PST)' };
    value.deployments = value.deployments.map((d) => ({ ...d, role: d.role === 'suspect' ? null : d.role }));
    setup(value);
    expect(screen.getByText(/^no deployment to production in the 24 h before detection/).closest('p')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'No suspect: no deployment to production in the 24 h before detection (16:11 PST).',
    );
  });

  it('asks for a verdict with labelled buttons on each deploy, and sends who decides', async () => {
    const { row, ondecide } = setup();
    const confirm = within(row(6)).getByRole('button', { name: 'Confirm as cause' });
    // The button is described by its deployment, for a screen reader moving from button to button.
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)!.textContent).toContain('Deployment 6 to production');
    await fireEvent.click(confirm);
    expect(ondecide).toHaveBeenLastCalledWith(6, 'confirmed', '');
    await fireEvent.input(screen.getByLabelText(/Your name/), { target: { value: 'ana' } });
    await fireEvent.click(within(row(4)).getByRole('button', { name: 'Not the cause' }));
    expect(ondecide).toHaveBeenLastCalledWith(4, 'rejected', 'ana');
    for (const id of [4, 5, 6]) expect(within(row(id)).getAllByRole('button').map((b) => b.textContent)).toEqual(['Confirm as cause', 'Not the cause']);
  });

  it('offers no verdict on a rollback or on the recovery, but keeps Undo where one was given', async () => {
    const value = correlation();
    // The recovery as a deploy (a fix rolled forward): still not a candidate for the cause.
    value.deployments[4] = { ...value.deployments[4]!, deployment: { ...value.deployments[4]!.deployment, kind: 'deploy' } };
    const first = setup(value);
    expect(within(first.row(7)).queryAllByRole('button')).toEqual([]);
    expect(within(first.row(8)).queryAllByRole('button')).toEqual([]);
    first.unmount();

    const decided = correlation();
    decided.deployments[3] = { ...decided.deployments[3]!, verdict: { verdict: 'rejected', decidedBy: 'ana', decidedAt: '2026-01-02T10:00:00Z', note: null } };
    const again = setup(decided);
    expect(within(again.row(7)).getAllByRole('button').map((b) => b.textContent)).toEqual(['Undo']);
  });

  it('calls a deployment "deployment 6", never "#6" (that reads as a pull request)', () => {
    const { row } = setup();
    expect(row(6).querySelector('.id')!.textContent).toBe('deployment 6');
    expect(row(5).querySelector('.what')!.textContent).toContain('PR #8');
    expect(row(5).querySelector('.what')!.textContent).not.toMatch(/(?<!PR )#5\b/);
  });

  it('lists the window in one list, without before and after, when the report gives a date but no times', () => {
    const value = correlation();
    value.window = { from: '2018-01-24T08:00:00Z', to: '2018-01-26T08:00:00Z' };
    value.suspect = null;
    value.recovery = null;
    value.noSuspect = 'the postmortem gives no start or detection time';
    value.effectiveStart = null;
    value.restoreSeconds = null;
    value.matches = [];
    value.deployments = value.deployments.map((d) => ({ ...d, role: null, before: false, entries: [] }));
    const { container, rows } = setup(value);
    expect(container.querySelector('.no-suspect')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('No suspect: the postmortem gives no start or detection time.');
    expect(screen.queryByText(/No deployment started in the/)).toBeNull();
    expect(screen.queryByText(/During the outage and after/)).toBeNull();
    const lists = screen.getAllByRole('list');
    expect(lists).toHaveLength(1);
    expect(document.getElementById(lists[0]!.getAttribute('aria-labelledby')!)!.textContent).toBe('Recorded deployments (5, newest first)');
    expect(rows().map((li) => li.id)).toEqual(['deployment-8', 'deployment-7', 'deployment-6', 'deployment-5', 'deployment-4']);
    expect(container.querySelector('.scope')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      '5 deployments recorded from 2018-01-24 00:00 PST to 2018-01-26 00:00 PST (24 h before the day of the incident to its end); the outage is in production.',
    );
  });

  it('offers Undo for a verdict given, with who and when', async () => {
    const value = correlation();
    value.deployments[1] = { ...value.deployments[1]!, verdict: { verdict: 'rejected', decidedBy: null, decidedAt: '2026-01-02T10:00:00Z', note: 'staging only' } };
    const { row, ondecide } = setup(value, { zone: 'UTC' });
    expect(row(5).querySelector('.decided')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('Not the cause on 2026-01-02 10:00 UTC — staging only');
    await fireEvent.click(within(row(5)).getByRole('button', { name: 'Undo' }));
    expect(ondecide).toHaveBeenLastCalledWith(5, null, '');
  });

  it('disables the buttons while a verdict is on its way and says so next to it', () => {
    const { row } = setup(correlation(), { decision: { deploymentId: 6, verdict: 'confirmed', pending: true, error: null } });
    expect(within(row(6)).getByRole('status').textContent).toBe('Saving…');
    expect(within(row(4)).getByRole('button', { name: 'Confirm as cause' }).hasAttribute('disabled')).toBe(true);
    expect(within(row(4)).queryByRole('status')).toBeNull();
  });

  it('shows a failed verdict next to its control: no access from here, network, and a token form after a 401', async () => {
    const forbidden = new ApiError(403, 'writes are accepted only from this machine when no token is configured: set HINDSIGHT_TOKEN', 'Forbidden');
    const first = setup(correlation(), { decision: { deploymentId: 6, verdict: 'confirmed', pending: false, error: forbidden } });
    const alert = within(first.row(6)).getByRole('alert');
    expect(alert.textContent).toContain('only from the machine Hindsight runs on');
    expect(within(first.row(5)).queryByRole('alert')).toBeNull();
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(first.ondecide).toHaveBeenLastCalledWith(6, 'confirmed', '');
    first.unmount();

    const offline = setup(correlation(), { decision: { deploymentId: 4, verdict: 'rejected', pending: false, error: new ApiError(0, 'The server did not answer. Is Hindsight still running?') } });
    expect(within(offline.row(4)).getByRole('alert').textContent).toContain('The server did not answer.');
    offline.unmount();

    const token = setup(correlation(), { decision: { deploymentId: 6, verdict: 'confirmed', pending: false, error: new ApiError(401, 'the token is not valid') }, tokenGiven: true });
    const form = within(token.row(6)).getByRole('alert');
    expect(form.textContent).toContain('needs an access token to record a verdict');
    expect(form.textContent).toContain('The token given is not valid.');
    await fireEvent.input(within(form).getByLabelText('Token'), { target: { value: 'secret-token' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Use token and save' }));
    expect(token.ontoken).toHaveBeenCalledWith('secret-token');
  });

  it('keeps long environment names inside the row (they wrap)', () => {
    const value = correlation();
    const long = 'production-eu-west-1-payments-gateway-blue-green-canary-cluster';
    value.deployments[0] = item(deployment(4, { environment: long, startedAt: '2018-01-25T03:35:00Z' }));
    const { row } = setup(value);
    expect(row(4).querySelector('.env')!.textContent).toBe(long);
    expect(row(4).querySelector('.env')!.getAttribute('title')).toBe(long);
  });
});
