/// <reference lib="dom" />
/**
 * DeploymentStrip rendered in jsdom: markers per lane (spellings of an environment together) with their kind,
 * failure and incident role drawn as on the incident page (the suspect a square, dashed until it is the cause; the
 * recovery a circle), the incident band with links to its page, the tooltip on hover and focus, and the keyboard
 * (one tab stop, arrows, Enter).
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import DeploymentStrip from '../../../web/src/components/DeploymentStrip.svelte';
import type { Deployment, OverlayIncident } from '../../../web/src/lib/api-types.ts';
import { buildStrip, daysAround, type StripBand } from '../../../web/src/lib/deployment-strip.ts';

function deployment(id: number, environment: string, startedAt: string, fields: Partial<Deployment> = {}): Deployment {
  return {
    id,
    key: `k${id}`,
    environment,
    environmentKey: environment,
    service: 'datahub',
    repo: null,
    ref: null,
    sha: null,
    pullNumber: null,
    version: `v${id}`,
    kind: 'deploy',
    status: 'success',
    startedAt,
    finishedAt: null,
    statusAt: null,
    actor: null,
    url: null,
    description: `change ${id}`,
    source: 'file',
    commitUrl: null,
    pullUrl: null,
    ...fields,
  };
}

const items = [
  deployment(8, 'production', '2018-01-26T00:35:00Z', { kind: 'rollback' }),
  deployment(6, 'production', '2018-01-25T23:30:00Z'),
  deployment(5, 'staging', '2018-01-25T22:30:00Z', { status: 'failure' }),
];
const incident: OverlayIncident = {
  slug: '2018-01-25-datahub',
  title: 'Accidental merge took the hub down',
  startedAt: '2018-01-25T23:30:00Z',
  endedAt: '2018-01-26T00:35:00Z',
  suspectId: 6,
  suspectConfirmed: false,
  recoveryId: 8,
};

function setup(props: { selected?: number | null; spanHref?: (band: StripBand) => string; note?: string } = {}, overlay: OverlayIncident = incident) {
  const onselect = vi.fn();
  const model = buildStrip({ items, incidents: [overlay] }, { from: '2018-01-25', to: '2018-01-26' });
  const result = render(DeploymentStrip, { props: { model, zone: 'UTC', onselect, ...props } });
  const markers = () => [...result.container.querySelectorAll<SVGGElement>('g.marker')];
  return { ...result, markers, onselect };
}

describe('DeploymentStrip', () => {
  it('draws a marker per deployment in its lane, with its kind, status and part in the incident', () => {
    const { markers } = setup();
    expect(markers().map((marker) => [marker.dataset.id, marker.dataset.lane, marker.dataset.kind, marker.dataset.status, marker.dataset.role])).toEqual([
      ['5', 'staging', 'deploy', 'failure', ''],
      ['6', 'production', 'deploy', 'success', 'suspect'],
      ['8', 'production', 'rollback', 'success', 'recovery'],
    ]);
    // Shapes, not colour alone, and the incident page's: a rollback points down, a failure is crossed out, a suspect
    // is in a dashed square (solid once it is the cause), a recovery in a circle.
    const [failed, suspect, recovery] = markers();
    expect(failed!.querySelector('path.cross')).not.toBeNull();
    expect(failed!.querySelector('.role-mark')).toBeNull();
    expect(suspect!.querySelector('rect.role-mark.suspect:not(.confirmed)')).not.toBeNull();
    expect(suspect!.querySelector('circle.role-mark')).toBeNull();
    expect(recovery!.querySelector('circle.role-mark.recovery')).not.toBeNull();
    expect(recovery!.querySelector('rect.role-mark')).toBeNull();
    const tip = (marker: SVGGElement) => Number(/^M0,(-?\d+)/.exec(marker.querySelector('path.shape')!.getAttribute('d')!)![1]);
    expect(tip(suspect!)).toBeLessThan(0);
    expect(tip(recovery!)).toBeGreaterThan(0);
    expect(suspect!.getAttribute('aria-label')).toBe('2018-01-25 23:30 UTC — deploy to production: datahub v6; suspect of incident “Accidental merge took the hub down”');
    expect(failed!.getAttribute('aria-label')).toBe('2018-01-25 22:30 UTC — deploy to staging: datahub v5, failure');
  });

  it('says "cause" for a confirmed suspect and draws its square solid, as the incident page does', () => {
    const { container, markers } = setup({}, { ...incident, suspectConfirmed: true });
    const suspect = markers()[1]!;
    expect(suspect.querySelector('rect.role-mark.suspect.confirmed')).not.toBeNull();
    expect(suspect.dataset.cause).toBe('confirmed');
    expect(suspect.getAttribute('aria-label')).toContain('; cause of incident “Accidental merge took the hub down”');
    const listed = container.querySelector('ul.incidents li')!.textContent!;
    expect(listed).toContain('cause: datahub v6 (production)');
    expect(listed).not.toContain('suspect:');
    const legend = [...container.querySelectorAll('ul.legend li')].map((li) => li.textContent!.trim());
    expect(legend).toEqual(['deploy', 'rollback', 'failed', 'suspect', 'cause (confirmed)', 'recovery', 'incident']);
  });

  it('puts the spellings of an environment in one lane, named canonically', () => {
    const spelled = [
      deployment(1, 'prod', '2018-01-25T20:00:00Z', { environmentKey: 'production' }),
      deployment(2, 'production', '2018-01-25T21:00:00Z'),
      deployment(3, 'live', '2018-01-25T22:00:00Z', { environmentKey: 'production' }),
    ];
    const model = buildStrip({ items: spelled, incidents: [] });
    expect(model.lanes.map((lane) => [lane.environment, lane.events.map((event) => event.id)])).toEqual([['production', [1, 2, 3]]]);
    const { container } = render(DeploymentStrip, { props: { model, zone: 'UTC' } });
    expect([...container.querySelectorAll('.lane-label')].map((label) => label.textContent)).toEqual(['production']);
    const prod = container.querySelector<SVGGElement>('g.marker[data-id="1"]')!;
    expect(prod.dataset.lane).toBe('production');
    expect(prod.getAttribute('aria-label')).toContain('deploy to production (prod)');
  });

  it('adds the note it is given to its caption', () => {
    const { container } = setup({ note: 'The latest 1000 of 1500 are drawn.' });
    expect(container.querySelector('figcaption')!.textContent).toMatch(/listed below\. The latest 1000 of 1500 are drawn\.$/);
  });

  it('shades the incident from its suspect to its recovery and links its title to its page', () => {
    const { container, markers } = setup();
    const band = container.querySelector('g.band rect')!;
    const x = (marker: SVGGElement) => Number(/translate\(([\d.]+),/.exec(marker.getAttribute('transform')!)![1]);
    const [, suspect, recovery] = markers();
    expect(Number(band.getAttribute('x'))).toBeCloseTo(x(suspect!), 6);
    expect(Number(band.getAttribute('x')) + Number(band.getAttribute('width'))).toBeCloseTo(x(recovery!), 6);
    const links = screen.getAllByRole('link', { name: 'Accidental merge took the hub down' });
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/incidents/2018-01-25-datahub']);
    expect(container.querySelector('a.band-label')!.getAttribute('href')).toBe('/incidents/2018-01-25-datahub');
    expect(container.querySelector('ul.incidents li')!.textContent).toContain('suspect: datahub v6 (production)');
    expect(container.querySelector('ul.incidents li')!.textContent).toContain('recovery: datahub v8 (production)');
  });

  it('links to the deployments around the incident when told how', () => {
    setup({ spanHref: (band) => `/deployments?from=${daysAround(band).from}` });
    expect(screen.getByRole('link', { name: 'deployments around it' }).getAttribute('href')).toBe('/deployments?from=2018-01-24');
  });

  it('describes itself in its figcaption', () => {
    const { container } = setup();
    expect(container.querySelector('figcaption')!.textContent).toContain(
      '3 deployments from 2018-01-25 to 2018-01-26 (UTC). production: 1 deploy, 1 rollback; staging: 1 deploy, 0 rollbacks (1 failed). 1 incident overlaid',
    );
  });

  it('shows a tooltip on hover and on focus, hidden by Escape', async () => {
    const { markers } = setup();
    await fireEvent.mouseOver(markers()[1]!);
    expect(screen.getByRole('tooltip').textContent).toContain('suspect of “Accidental merge took the hub down”');
    expect(screen.getByRole('tooltip').textContent).toContain('change 6');
    await fireEvent.mouseOut(markers()[1]!);
    expect(screen.queryByRole('tooltip')).toBeNull();
    await fireEvent.focusIn(markers()[0]!);
    expect(screen.getByRole('tooltip').textContent).toContain('deploy · staging · failure');
    await fireEvent.keyDown(markers()[0]!, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('is one tab stop; arrows walk the markers in time order and Enter picks one', async () => {
    const { markers, onselect } = setup();
    expect(markers().map((marker) => marker.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);
    markers()[0]!.focus();
    await fireEvent.keyDown(markers()[0]!, { key: 'ArrowRight' });
    await tick();
    expect(document.activeElement?.getAttribute('data-id')).toBe('6');
    expect(markers().map((marker) => marker.getAttribute('tabindex'))).toEqual(['-1', '0', '-1']);
    await fireEvent.keyDown(markers()[1]!, { key: 'End' });
    expect(document.activeElement?.getAttribute('data-id')).toBe('8');
    await fireEvent.keyDown(markers()[2]!, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith(8);
    await fireEvent.click(markers()[0]!);
    expect(onselect).toHaveBeenLastCalledWith(5);
  });

  it('starts the tab order at the selected deployment and highlights it', () => {
    const { markers } = setup({ selected: 8 });
    expect(markers()[2]!.getAttribute('tabindex')).toBe('0');
    expect(markers()[2]!.getAttribute('aria-pressed')).toBe('true');
    expect(markers()[2]!.classList.contains('selected')).toBe(true);
  });
});
