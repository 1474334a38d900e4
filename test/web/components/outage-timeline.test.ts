/// <reference lib="dom" />
/** OutageTimeline rendered in jsdom: markers, order, keyboard, selection, tooltip, focus on the outage, empty state, size. */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import OutageTimeline from '../../../web/src/components/OutageTimeline.svelte';
import type { IncidentDetail, TimelineEntry } from '../../../web/src/lib/api-types.ts';
import { buildTimelineModel, type DeploymentMarker, type TimelineModel } from '../../../web/src/lib/outage-timeline.ts';

// No ResizeObserver in jsdom (test/web/components/setup.ts): widths fall back to 800 px.

const ZONE = 'America/Los_Angeles';
const entry = (at: string | null, kind: string, text: string, line: number): TimelineEntry => ({
  date: '2018-01-25',
  time: at ? 'xx:xx' : null,
  endTime: null,
  at,
  timezone: ZONE,
  approximate: false,
  text,
  kind,
  line,
});
const milestone = (at: string, line: number) => ({ date: '2018-01-25', time: null, at, line, source: 'inferred' as const });

/** The datahub incident, as the API gives it (the parts the chart uses), plus an untimed entry. */
const detail: Pick<IncidentDetail, 'timeline' | 'milestones' | 'timezone'> = {
  timezone: ZONE,
  timeline: [
    entry('2018-01-25T22:30:00Z', 'deploy', 'The chart upgrade is merged into the staging branch.', 33),
    entry('2018-01-25T23:30:00Z', 'deploy', 'The production deployment is upgraded by accident.', 43),
    entry('2018-01-26T00:11:00Z', 'detection', 'GSIs report in Slack that the hub is down. ' + 'x'.repeat(400), 49),
    entry(null, 'other', 'Someone notices the image is broken.', 52),
    entry('2018-01-26T00:35:00Z', 'rollback', 'Rollback merged to production; the hub is back.', 56),
    entry('2018-01-26T00:20:00Z', 'communication', 'Status posted.', 58),
  ],
  milestones: {
    started: milestone('2018-01-25T22:30:00Z', 33),
    detected: milestone('2018-01-26T00:11:00Z', 49),
    declared: null,
    mitigated: milestone('2018-01-26T00:35:00Z', 56),
    resolved: null,
  },
};

function setup(model: TimelineModel = buildTimelineModel(detail), selected: number | null = null) {
  const onselect = vi.fn<(index: number) => void>();
  const result = render(OutageTimeline, { props: { model, zone: ZONE, selected, onselect } });
  const markers = () => [...result.container.querySelectorAll<SVGGElement>('g.marker')];
  return { ...result, onselect, markers };
}

const xOf = (marker: { getAttribute(name: string): string | null }) => Number(/translate\(([-\d.e]+),/.exec(marker.getAttribute('transform') ?? '')?.[1]);

describe('OutageTimeline', () => {
  it('draws one marker per timed entry, in the right lanes, with accessible names', () => {
    const { markers } = setup();
    expect(markers()).toHaveLength(5);
    expect(markers().map((m) => [m.dataset.index, m.dataset.lane, m.dataset.kind])).toEqual([
      ['0', 'staging', 'deploy'],
      ['1', 'production', 'deploy'],
      ['2', 'incident', 'detection'],
      ['5', 'incident', 'communication'],
      ['4', 'production', 'rollback'],
    ]);
    expect(markers()[2]!.dataset.at).toBe('2018-01-26T00:11:00.000Z');
    expect(screen.getByRole('button', { name: /^16:11 PST — detection: GSIs report in Slack/ }).getAttribute('aria-label')).toMatch(/\(line 49\)$/);
    expect(screen.getByRole('button', { name: '16:35 PST — rollback (production): Rollback merged to production; the hub is back. (line 56)' })).toBeTruthy();
    // The chart's own name says which zone its times are in (it once read out a function's source).
    expect(screen.getByRole('group', { name: /^Events and deployments over time/ }).getAttribute('aria-label')).toBe(
      `Events and deployments over time (times in ${ZONE})`,
    );
  });

  it('places markers left to right in time order', () => {
    const { markers } = setup();
    const byTime = [...markers()].sort((a, b) => Date.parse(a.dataset.at!) - Date.parse(b.dataset.at!));
    const xs = byTime.map(xOf);
    expect(xs.every((x) => Number.isFinite(x))).toBe(true);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    // jsdom measures 0: the chart falls back to 800 px.
    expect(xs[xs.length - 1]!).toBeLessThanOrEqual(800);
    expect(xs[0]!).toBeGreaterThan(100);
  });

  it('labels the lanes, milestones and the axis, and shades the outage', () => {
    const { container, markers } = setup();
    const texts = [...container.querySelectorAll('svg text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Incident', 'production', 'staging', 'started', 'detected', 'mitigated', '15:00', '16:00']));
    const outage = container.querySelector('g.outage');
    expect(outage).not.toBeNull();
    expect(outage!.classList.contains('open')).toBe(false);
    const rect = outage!.querySelector('rect')!;
    const markerXs = markers().map(xOf);
    expect(Number(rect.getAttribute('x'))).toBeCloseTo(Math.min(...markerXs), 6);
  });

  it('is a named figure with the text alternative in its caption', () => {
    setup();
    const figure = screen.getByRole('figure', { name: 'Outage timeline' });
    expect(figure.querySelector('figcaption')!.textContent).toContain(
      'Outage from 14:30 to 16:35 PST (2 h 5 min). Milestones: started 14:30, detected 16:11, mitigated 16:35. 5 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy. 1 entry has no time and is not drawn.',
    );
    expect(screen.getByRole('group').getAttribute('aria-describedby')).toBe(figure.querySelector('figcaption .summary')!.id);
  });

  it('has one tab stop: the first marker, or the selected one', () => {
    const first = setup();
    expect(first.markers().map((m) => m.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1', '-1']);
    cleanup();
    const selected = setup(buildTimelineModel(detail), 2);
    expect(selected.markers().map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '-1', '0', '-1', '-1']);
    expect(selected.markers()[2]!.classList.contains('selected')).toBe(true);
    expect(selected.markers().filter((m) => m.classList.contains('selected'))).toHaveLength(1);
  });

  it('moves focus with the arrow keys, Home and End, in time order across lanes', async () => {
    const { markers } = setup();
    const [first, second, third, , last] = markers();
    const focused = () => first!.ownerDocument.activeElement;
    first!.focus();
    expect(focused()).toBe(first);
    await fireEvent.keyDown(first!, { key: 'ArrowRight' });
    expect(focused()).toBe(second);
    await fireEvent.keyDown(second!, { key: 'ArrowRight' });
    expect(focused()).toBe(third);
    await fireEvent.keyDown(third!, { key: 'ArrowLeft' });
    expect(focused()).toBe(second);
    await fireEvent.keyDown(second!, { key: 'End' });
    expect(focused()).toBe(last);
    await fireEvent.keyDown(last!, { key: 'ArrowRight' });
    expect(focused()).toBe(last);
    await fireEvent.keyDown(last!, { key: 'Home' });
    expect(focused()).toBe(first);
    // The tab stop follows focus.
    await fireEvent.keyDown(first!, { key: 'ArrowRight' });
    expect(markers().map((m) => m.getAttribute('tabindex'))).toEqual(['-1', '0', '-1', '-1', '-1']);
  });

  it('calls onselect with the timeline index on Enter, Space and click', async () => {
    const { markers, onselect } = setup();
    await fireEvent.keyDown(markers()[2]!, { key: 'Enter' });
    expect(onselect).toHaveBeenLastCalledWith(2);
    await fireEvent.keyDown(markers()[4]!, { key: ' ' });
    expect(onselect).toHaveBeenLastCalledWith(4);
    await fireEvent.click(markers()[1]!);
    expect(onselect).toHaveBeenLastCalledWith(1);
    await fireEvent.keyDown(markers()[1]!, { key: 'a' });
    expect(onselect).toHaveBeenCalledTimes(3);
  });

  it('does not call onselect for a deployment that is not a timeline entry', async () => {
    const deployments: DeploymentMarker[] = [
      { index: null, at: Date.parse('2018-01-25T23:00:00Z'), kind: 'deploy', text: 'from the deployments API', line: null, environment: 'production' },
    ];
    const { markers, onselect } = setup(buildTimelineModel(detail, { deployments }));
    const marker = markers().find((m) => m.dataset.index === '')!;
    expect(marker.getAttribute('aria-label')).toBe('15:00 PST — deploy (production): from the deployments API');
    await fireEvent.click(marker);
    expect(onselect).not.toHaveBeenCalled();
  });

  it('shows a tooltip on focus and on hover, with time, kind, truncated text and line', async () => {
    const { markers } = setup();
    expect(screen.queryByRole('tooltip')).toBeNull();
    markers()[2]!.focus();
    await tick();
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('2018-01-25 16:11 PST');
    expect(tooltip.textContent).toContain('detection');
    expect(tooltip.textContent).toContain('line 49');
    const text = tooltip.querySelector('.tooltip-text')!.textContent!;
    expect(text.startsWith('GSIs report in Slack')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.endsWith('…')).toBe(true);

    markers()[2]!.blur();
    await tick();
    expect(screen.queryByRole('tooltip')).toBeNull();

    await fireEvent.mouseOver(markers()[4]!);
    expect(screen.getByRole('tooltip').textContent).toContain('rollback · production');
    await fireEvent.mouseOut(markers()[4]!);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('hides the tooltip on Escape without moving focus', async () => {
    const { markers } = setup();
    markers()[1]!.focus();
    await tick();
    expect(screen.getByRole('tooltip')).toBeTruthy();
    await fireEvent.keyDown(markers()[1]!, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(markers()[1]!.ownerDocument.activeElement).toBe(markers()[1]);
  });

  it('has no range controls when everything is near the outage', () => {
    setup();
    expect(screen.queryByRole('button', { name: /^Show all/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Focus on the outage' })).toBeNull();
  });

  describe('with entries far from the outage', () => {
    /** The datahub incident with background written 33 days before it and a review 13 days after. */
    const far: Pick<IncidentDetail, 'timeline' | 'milestones' | 'timezone'> = {
      ...detail,
      timeline: [
        entry('2017-12-23T18:00:00Z', 'other', 'Background: the hub was moved to the shared cluster.', 20),
        ...detail.timeline,
        entry('2018-02-07T18:00:00Z', 'other', 'Postmortem review.', 70),
      ],
    };
    const indexes = (markers: SVGGElement[]) => markers.map((m) => m.dataset.index);
    const caption = () => screen.getByRole('figure', { name: 'Outage timeline' }).querySelector('figcaption')!.textContent!;

    it('draws the outage by default, with buttons at the edges that show everything', async () => {
      const { container, markers } = setup(buildTimelineModel(far));
      // Drawn: 13:15 → 17:45 PST (the outage, 14:30 → 16:35, padded by half its length); the background is before
      // it, the review after it.
      expect(indexes(markers())).toEqual(['1', '2', '3', '6', '5']);
      // One at each edge, both named for what they show (their visible text is part of the name).
      const [earlier, later] = screen.getAllByRole('button', { name: 'Show all 7 entries: 1 earlier, 1 later' });
      for (const button of [earlier, later]) {
        expect(button).toBeInstanceOf(HTMLButtonElement);
        expect(button!.getAttribute('type')).toBe('button');
      }
      expect(earlier!.textContent!.trim()).toBe('← 1 earlier');
      expect(later!.textContent!.trim()).toBe('1 later →');
      expect(caption()).toContain('7 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy.');
      expect(caption()).toContain('1 entry before 2018-01-25 13:15 and 1 after 2018-01-25 17:45 are outside the drawn range.');
      // The outage fills most of the plot instead of a few pixels.
      const rect = container.querySelector('g.outage rect')!;
      expect(Number(rect.getAttribute('width'))).toBeGreaterThan(300);
      expect(container.querySelectorAll('g.cut line')).toHaveLength(2);

      await fireEvent.click(earlier!);
      await tick();
      expect(indexes(markers())).toEqual(['0', '1', '2', '3', '6', '5', '7']);
      expect(caption()).not.toContain('outside the drawn range');
      expect(caption()).toContain('7 events on the timeline');
      expect(Number(container.querySelector('g.outage rect')!.getAttribute('width'))).toBeLessThan(30);
      expect(container.querySelector('g.cut')).toBeNull();
      expect(screen.queryByRole('button', { name: /^Show all/ })).toBeNull();
      const refocus = screen.getByRole('button', { name: 'Focus on the outage' });
      expect(refocus).toBeInstanceOf(HTMLButtonElement);
      // Keyboard focus moves to the control that replaced the one used.
      expect(document.activeElement).toBe(refocus);

      await fireEvent.click(refocus);
      await tick();
      expect(markers()).toHaveLength(5);
      expect(document.activeElement).toBe(screen.getAllByRole('button', { name: /^Show all/ })[0]);
      expect(screen.queryByRole('button', { name: 'Focus on the outage' })).toBeNull();
    });

    it('draws everything when the selected entry lies outside the focused range (a #entry-0 link)', () => {
      const { markers } = setup(buildTimelineModel(far), 0);
      expect(indexes(markers())).toContain('0');
      expect(markers()).toHaveLength(7);
      expect(screen.getByRole('button', { name: 'Focus on the outage' })).toBeTruthy();
    });

    it('shows one button when markers are left out on one side only', () => {
      const { container } = setup(buildTimelineModel({ ...far, timeline: far.timeline.slice(0, -1) }));
      expect(screen.getByRole('button', { name: 'Show all 6 entries: 1 earlier' })).toBeTruthy();
      expect(container.querySelector('button.later')).toBeNull();
      expect(container.querySelectorAll('g.cut line')).toHaveLength(1);
    });

    it('keeps only the drawn markers in the keyboard order', async () => {
      const { markers } = setup(buildTimelineModel(far));
      expect(markers().map((m) => m.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1', '-1']);
      const [first, , , , last] = markers();
      first!.focus();
      await fireEvent.keyDown(first!, { key: 'ArrowLeft' });
      expect(document.activeElement).toBe(first);
      await fireEvent.keyDown(first!, { key: 'End' });
      expect(document.activeElement).toBe(last);
      await fireEvent.keyDown(last!, { key: 'ArrowRight' });
      expect(document.activeElement).toBe(last);
    });

    it('makes the selected entry, drawn once everything is, the tab stop', () => {
      const { markers } = setup(buildTimelineModel(far), 0);
      const selected = markers().filter((m) => m.classList.contains('selected'));
      expect(selected.map((m) => m.dataset.index)).toEqual(['0']);
      expect(markers().filter((m) => m.getAttribute('tabindex') === '0')).toEqual(selected);
    });
  });

  it('says so instead of drawing when nothing has a time', () => {
    const model = buildTimelineModel({ ...detail, timeline: [entry(null, 'other', 'no time', 3)], milestones: { ...detail.milestones, started: null, detected: null, mitigated: null } });
    const { container } = setup(model);
    expect(screen.getByText('No timed events to draw.')).toBeTruthy();
    expect(container.querySelector('svg')).toBeNull();
    expect(screen.getByRole('figure', { name: 'Outage timeline' }).textContent).toContain('1 entry has no time and is not drawn.');
  });

  it('renders 500 entries and 200 deployments, every one a marker', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const timeline: TimelineEntry[] = Array.from({ length: 500 }, (_, i) =>
      entry(new Date(start + i * 60_000).toISOString(), i % 3 === 0 ? 'detection' : 'other', `event ${i}`, i + 1),
    );
    const deployments: DeploymentMarker[] = Array.from({ length: 200 }, (_, i) => ({
      index: null,
      at: start + i * 150_000,
      kind: i % 4 === 0 ? 'rollback' : 'deploy',
      text: `deployment ${i}`,
      line: null,
      environment: ['production', 'staging', 'canary'][i % 3]!,
    }));
    const model = buildTimelineModel({ timeline, milestones: { ...detail.milestones, started: null }, timezone: 'UTC' }, { deployments });
    // How fast: npm run bench -- --only ui (a real browser, against a small page); here, that it is all drawn.
    const { markers } = setup(model);
    expect(markers()).toHaveLength(700);
  });

  it('renders 500 entries around an outage, one of them a month earlier, and switches to all of them', async () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const timeline: TimelineEntry[] = [
      entry('2023-12-01T00:00:00Z', 'other', 'background', 1),
      ...Array.from({ length: 499 }, (_, i) => entry(new Date(start + i * 60_000).toISOString(), 'other', `event ${i}`, i + 2)),
    ];
    const milestones = { ...detail.milestones, started: milestone('2024-01-01T00:00:00Z', 2), detected: null, mitigated: milestone('2024-01-01T08:18:00Z', 500) };
    const model = buildTimelineModel({ timeline, milestones, timezone: 'UTC' });
    const { markers } = setup(model);
    expect(markers()).toHaveLength(499);
    await fireEvent.click(screen.getByRole('button', { name: 'Show all 500 entries: 1 earlier' }));
    await tick();
    expect(markers()).toHaveLength(500);
  });
});

describe('OutageTimeline milestone labels', () => {
  it('names milestones that share a place in one label instead of printing them over each other', () => {
    const at = '2018-01-26T00:11:00Z';
    const stated = (line: number) => ({ date: '2018-01-25', time: '16:11', at, line, source: 'stated' as const });
    const model = buildTimelineModel({
      ...detail,
      // A month of background squeezes the whole outage into one place when everything is drawn.
      timeline: [entry('2017-12-01T00:00:00Z', 'other', 'background', 1), entry(at, 'other', 'all at once', 2)],
      milestones: { started: stated(2), detected: stated(2), declared: stated(2), mitigated: stated(2), resolved: stated(2) },
    });
    const { container } = setup(model);
    const labels = [...container.querySelectorAll('g.milestone text')].map((text) => text.textContent);
    expect(container.querySelectorAll('g.milestone')).toHaveLength(5);
    expect(labels).toEqual(['started, detected, declared, mitigated, resolved']);
  });
});

describe('OutageTimeline labels on the datahub incident after its suspect was rejected', () => {
  // The datahub postmortem as the parser reads it now (the outage starts with the production merge at 15:30 PST), and
  // its recorded deployments once the 15:30 merge (6) is rejected: the suspect becomes the deploy of the evening
  // before (4), so the chart spans a day and the outage, its milestones, the rejected merge and the recovery crowd
  // its right end.
  const stated = (at: string, line: number) => ({ date: '2018-01-25', time: null, at, line, source: 'inferred' as const });
  const datahub: Pick<IncidentDetail, 'timeline' | 'milestones' | 'timezone'> = {
    timezone: ZONE,
    timeline: [
      entry('2018-01-25T22:30:00Z', 'deploy', 'The datahub helm chart is upgraded to a v0.6 beta, merged into the staging branch.', 33),
      entry('2018-01-25T23:30:00Z', 'deploy', 'The staging branch is merged to production by accident.', 43),
      entry('2018-01-26T00:11:00Z', 'detection', 'GSIs post in Slack that their lab sections cannot reach the hub.', 49),
      entry('2018-01-26T00:35:00Z', 'rollback', 'The rollback is merged to production and the hub is back online.', 56),
    ],
    milestones: {
      started: stated('2018-01-25T23:30:00Z', 43),
      detected: stated('2018-01-26T00:11:00Z', 49),
      declared: null,
      mitigated: stated('2018-01-26T00:35:00Z', 56),
      resolved: null,
    },
  };
  const recorded = (id: number, environment: string, kind: 'deploy' | 'rollback', at: string, fields: Partial<DeploymentMarker> = {}): DeploymentMarker => ({
    index: null,
    at: Date.parse(at),
    kind,
    text: `deployment ${id}`,
    line: null,
    environment,
    deploymentId: id,
    role: null,
    entries: [],
    ...fields,
  });
  const deployments = [
    recorded(4, 'production', 'deploy', '2018-01-25T03:35:00Z', { role: 'suspect', roleReason: 'last deployment to production at or before the start' }),
    recorded(5, 'staging', 'deploy', '2018-01-25T22:30:00Z', { index: 0, line: 33 }),
    recorded(6, 'production', 'deploy', '2018-01-25T23:30:00Z', { index: 1, line: 43, verdict: 'rejected' }),
    recorded(7, 'staging', 'rollback', '2018-01-26T00:24:00Z'),
    recorded(8, 'production', 'rollback', '2018-01-26T00:35:00Z', { index: 3, line: 56, role: 'recovery', roleReason: 'rollback to production' }),
  ];
  const model = buildTimelineModel(datahub, { deployments, firstEnvironment: 'production' });
  const overlaps = (a: DOMRectLike, b: DOMRectLike) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  type DOMRectLike = { left: number; right: number; top: number; bottom: number };

  /** The chart's texts and markers as boxes (jsdom has no layout: widths from the same per-character estimates). */
  function boxes(container: HTMLElement) {
    const translate = (g: Element) => /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '')!.slice(1).map(Number) as [number, number];
    const markers = [...container.querySelectorAll<SVGGElement>('g.marker')].map((g) => {
      const [x, y] = translate(g);
      const radius = g.querySelector('.role-mark') ? 12.5 : 7;
      return { key: g.dataset.key!, left: x - radius, right: x + radius, top: y - radius, bottom: y + radius };
    });
    const roles = [...container.querySelectorAll<SVGTextElement>('g.marker text.role-label')].map((text) => {
      const [x, y] = translate(text.parentElement!);
      const width = text.textContent!.length * 7;
      const at = x + Number(text.getAttribute('x'));
      const anchor = text.getAttribute('text-anchor');
      const left = anchor === 'start' ? at : anchor === 'end' ? at - width : at - width / 2;
      const middle = y + Number(text.getAttribute('y'));
      return { text: text.textContent!, key: text.parentElement!.getAttribute('data-key')!, left, right: left + width, top: middle - 6, bottom: middle + 6 };
    });
    const milestones = [...container.querySelectorAll<SVGTextElement>('g.milestone text')].map((text) => {
      const at = Number(text.getAttribute('x'));
      const width = text.textContent!.length * 6.2;
      const left = text.getAttribute('text-anchor') === 'end' ? at - width : at;
      const baseline = Number(text.getAttribute('y'));
      return { text: text.textContent!, left, right: left + width, top: baseline - 10, bottom: baseline + 2 };
    });
    return { markers, roles, milestones };
  }

  // (the recovery, at the right edge with the rejected merge 65 min before it in its lane, used to be labelled on
  // its left, over that merge)
  it('keeps the role labels off every marker and the milestone labels off each other', () => {
    const { container } = render(OutageTimeline, { props: { model, zone: ZONE, selected: null, onselect: () => {} } });
    const { markers, roles, milestones } = boxes(container as HTMLElement);
    expect(roles.map((role) => role.text).sort()).toEqual(['recovery', 'suspect']);
    for (const role of roles) {
      for (const marker of markers) expect(overlaps(role, marker), `"${role.text}" over marker ${marker.key}`).toBe(false);
      expect(role.left).toBeGreaterThanOrEqual(0);
      expect(role.right).toBeLessThanOrEqual(800);
    }
    expect(overlaps(roles[0]!, roles[1]!)).toBe(false);
    expect(milestones.map((milestone) => milestone.text)).toEqual(['started', 'detected', 'mitigated']);
    for (let i = 0; i < milestones.length; i++) {
      expect(milestones[i]!.right).toBeLessThanOrEqual(800);
      for (let j = i + 1; j < milestones.length; j++) expect(overlaps(milestones[i]!, milestones[j]!), `${milestones[i]!.text} and ${milestones[j]!.text}`).toBe(false);
    }
  });
});
