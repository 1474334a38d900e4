/// <reference lib="dom" />
/** DeploymentTable rendered in jsdom: times in the zone given with its abbreviation, commit and PR links, roles. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DeploymentTable from '../../../web/src/components/DeploymentTable.svelte';
import type { Deployment } from '../../../web/src/lib/api-types.ts';
import { rolesOf } from '../../../web/src/lib/deployment-strip.ts';

const suspect: Deployment = {
  id: 6,
  key: 'example-datahub-prod-accidental',
  environment: 'production',
  environmentKey: 'production',
  service: 'datahub',
  repo: 'example-org/datahub',
  ref: 'prod',
  sha: '411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a',
  pullNumber: 8,
  version: 'v0.6.0-beta.1',
  kind: 'deploy',
  status: 'success',
  startedAt: '2018-01-25T23:30:00Z',
  finishedAt: null,
  statusAt: null,
  actor: 'rtorres',
  url: 'https://ci.example.org/runs/1',
  description: 'Merge branch staging into prod (chart v0.6 beta)',
  source: 'file',
  commitUrl: 'https://github.com/example-org/datahub/commit/411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a',
  pullUrl: 'https://github.com/example-org/datahub/pull/8',
};
const rollback: Deployment = { ...suspect, id: 8, key: 'r', kind: 'rollback', status: 'error', sha: null, pullNumber: null, version: null, ref: 'prod', url: null, description: null, commitUrl: null, pullUrl: null, startedAt: '2018-01-26T00:35:00Z' };
const roles = rolesOf([{ slug: '2018-01-25-datahub', title: 'Accidental merge', startedAt: null, endedAt: null, suspectId: 6, suspectConfirmed: false, recoveryId: 8 }]);

describe('DeploymentTable', () => {
  it('shows each deployment with its time in the zone, links and part in an incident', () => {
    const { container } = render(DeploymentTable, { props: { items: [rollback, suspect], zone: 'America/Los_Angeles', roles } });
    const rows = [...container.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    expect(rows.map((row) => [row.dataset.id, row.dataset.kind, row.dataset.status])).toEqual([
      ['8', 'rollback', 'error'],
      ['6', 'deploy', 'success'],
    ]);
    const cells = (row: HTMLTableRowElement) => [...row.cells].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(cells(rows[1]!)).toEqual([
      '2018-01-25 15:30 PST',
      // "to" and "by" label the fields on a phone's cards only (CSS).
      'to production',
      'datahub',
      'deploy suspect of Accidental merge',
      'v0.6.0-beta.1 prod',
      '411bdc2 PR #8',
      'by rtorres',
      'Merge branch staging into prod (chart v0.6 beta) details',
      'file',
    ]);
    expect(rows[1]!.querySelector('time')!.getAttribute('datetime')).toBe('2018-01-25T23:30:00.000Z');
    expect(screen.getByRole('link', { name: '411bdc2' }).getAttribute('href')).toBe(suspect.commitUrl);
    expect(screen.getByRole('link', { name: 'PR #8' }).getAttribute('href')).toBe(suspect.pullUrl);
    expect(screen.getByRole('link', { name: 'details' }).getAttribute('href')).toBe(suspect.url);
    expect(cells(rows[0]!).slice(0, 4)).toEqual(['2018-01-25 16:35 PST', 'to production', 'datahub', '↶ rollback error recovery of Accidental merge']);
    expect(rows[0]!.classList.contains('failed')).toBe(true);
    for (const link of screen.getAllByRole('link', { name: 'Accidental merge' })) expect(link.getAttribute('href')).toBe('/incidents/2018-01-25-datahub');
  });

  it('says "cause of" for a confirmed suspect, as the incident page does', () => {
    const confirmed = rolesOf([{ slug: '2018-01-25-datahub', title: 'Accidental merge', startedAt: null, endedAt: null, suspectId: 6, suspectConfirmed: true, recoveryId: 8 }]);
    const { container } = render(DeploymentTable, { props: { items: [rollback, suspect], zone: 'UTC', roles: confirmed } });
    const change = (id: number) => (container.querySelector(`tr[data-id="${id}"] td.change`)!.textContent ?? '').replace(/\s+/g, ' ').trim();
    expect(change(6)).toBe('deploy cause of Accidental merge');
    expect(change(8)).toBe('↶ rollback error recovery of Accidental merge');
  });

  it('highlights the deployment picked on the chart', () => {
    const { container } = render(DeploymentTable, { props: { items: [rollback, suspect], zone: 'UTC', selected: 6 } });
    expect(container.querySelector('tr.selected')!.getAttribute('data-id')).toBe('6');
    expect(container.querySelector('#deployment-6')).not.toBeNull();
  });
});
