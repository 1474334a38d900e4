/**
 * The deployment strip's model: lanes per environment, incidents as bands, suspects and recoveries, the span drawn,
 * positions linear in time, the text alternative.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, OverlayIncident } from '../../web/src/lib/api-types.ts';
import { buildStrip, daysAround, describeStrip, instantMs, layoutStrip, rolesOf, roleWord } from '../../web/src/lib/deployment-strip.ts';

let nextId = 1;
function deployment(fields: Partial<Deployment> & Pick<Deployment, 'environment' | 'startedAt'>): Deployment {
  const id = fields.id ?? nextId++;
  return {
    id,
    key: `k${id}`,
    environmentKey: fields.environmentKey ?? fields.environment,
    service: 'datahub',
    repo: 'example-org/datahub',
    ref: 'prod',
    sha: 'c6dd8cf7419e9803d46cbb25528dc5c6166a2e9e',
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'success',
    finishedAt: null,
    statusAt: null,
    actor: 'mkim',
    url: null,
    description: null,
    source: 'file',
    commitUrl: null,
    pullUrl: null,
    ...fields,
  };
}

// The datahub incident of the example data, in UTC: staging gets the beta chart at 22:30, production by accident at
// 23:30 (the suspect), staging rolls back at 00:24, production at 00:35 (the recovery).
const items: Deployment[] = [
  deployment({ id: 8, environment: 'production', kind: 'rollback', version: 'v0.5.0', startedAt: '2018-01-26T00:35:00Z' }),
  deployment({ id: 7, environment: 'staging', kind: 'rollback', version: 'v0.5.0', startedAt: '2018-01-26T00:24:00Z' }),
  deployment({ id: 6, environment: 'production', version: 'v0.6.0-beta.1', startedAt: '2018-01-25T23:30:00Z' }),
  deployment({ id: 5, environment: 'staging', version: 'v0.6.0-beta.1', startedAt: '2018-01-25T22:30:00Z', status: 'failure' }),
  deployment({ id: 4, environment: 'production', startedAt: '2018-01-25T03:35:00Z' }),
  deployment({ id: 3, environment: 'qa', startedAt: '2018-01-24T19:40:00Z' }),
];
const datahub: OverlayIncident = {
  slug: '2018-01-25-datahub',
  title: 'Accidental merge took the hub down',
  startedAt: '2018-01-25T23:30:00Z',
  endedAt: '2018-01-26T00:35:00Z',
  suspectId: 6,
  suspectConfirmed: false,
  recoveryId: 8,
};
const ms = (iso: string) => Date.parse(iso);

describe('buildStrip', () => {
  it('puts each environment in a lane (production, staging, then the rest), events in time order', () => {
    const model = buildStrip({ items, incidents: [] });
    expect(model.lanes.map((lane) => lane.environment)).toEqual(['production', 'staging', 'qa']);
    expect(model.lanes[0]!.events.map((event) => event.id)).toEqual([4, 6, 8]);
    expect(model.lanes[1]!.events.map((event) => event.id)).toEqual([5, 7]);
    expect(model.count).toBe(6);
    const [staging] = model.lanes.filter((lane) => lane.environment === 'staging');
    expect(staging!.events.map((event) => [event.kind, event.failed])).toEqual([
      ['deploy', true],
      ['rollback', false],
    ]);
    expect(staging!.events[0]!.name).toBe('datahub v0.6.0-beta.1');
  });

  it('turns incidents into bands and marks their suspect and recovery', () => {
    const model = buildStrip({ items, incidents: [datahub] });
    expect(model.bands).toEqual([{ slug: datahub.slug, title: datahub.title, start: ms(datahub.startedAt!), end: ms(datahub.endedAt!) }]);
    const byId = new Map(model.lanes.flatMap((lane) => lane.events).map((event) => [event.id, event]));
    expect(byId.get(6)!.roles).toEqual([{ role: 'suspect', slug: datahub.slug, title: datahub.title, confirmed: false }]);
    expect(byId.get(8)!.roles).toEqual([{ role: 'recovery', slug: datahub.slug, title: datahub.title, confirmed: false }]);
    expect(byId.get(7)!.roles).toEqual([]);
    // Once confirmed, the suspect is the cause, in the incident page's words.
    const confirmed = buildStrip({ items, incidents: [{ ...datahub, suspectConfirmed: true }] });
    const roles = confirmed.lanes.flatMap((lane) => lane.events).find((event) => event.id === 6)!.roles;
    expect(roles.map(roleWord)).toEqual(['cause']);
    expect(byId.get(6)!.roles.map(roleWord)).toEqual(['suspect']);
    expect(byId.get(8)!.roles.map(roleWord)).toEqual(['recovery']);
  });

  it('groups the lanes by the canonical environment, whatever the spelling', () => {
    const spelled = [
      deployment({ id: 21, environment: 'prod', environmentKey: 'production', startedAt: '2018-01-25T20:00:00Z' }),
      deployment({ id: 22, environment: 'production', startedAt: '2018-01-25T21:00:00Z' }),
      deployment({ id: 23, environment: 'stage', environmentKey: 'staging', startedAt: '2018-01-25T22:00:00Z' }),
    ];
    const model = buildStrip({ items: spelled, incidents: [] });
    expect(model.lanes.map((lane) => [lane.environment, lane.events.map((event) => [event.id, event.spelled])])).toEqual([
      ['production', [[21, 'prod'], [22, 'production']]],
      ['staging', [[23, 'stage']]],
    ]);
    expect(describeStrip(model, 'UTC')).toContain('production: 2 deploys, 0 rollbacks; staging: 1 deploy, 0 rollbacks.');
  });

  it('keeps an incident without an end as an open band, and leaves out one without a start', () => {
    const model = buildStrip({
      items,
      incidents: [
        { ...datahub, endedAt: null },
        { ...datahub, slug: 'undated', title: null, startedAt: null },
        { ...datahub, slug: 'ends-before-it-starts', endedAt: '2018-01-01T00:00:00Z' },
      ],
    });
    expect(model.bands.map((band) => [band.slug, band.end])).toEqual([
      ['2018-01-25-datahub', null],
      ['ends-before-it-starts', null],
    ]);
  });

  it('spans the events and incidents with room on each side, unless the filters give the range', () => {
    const model = buildStrip({ items, incidents: [datahub] });
    const first = ms('2018-01-24T19:40:00Z');
    const last = ms('2018-01-26T00:35:00Z');
    expect(model.domain!.start).toBeLessThan(first);
    expect(model.domain!.end).toBeGreaterThan(last);
    expect(model.domain!.end - model.domain!.start).toBeCloseTo((last - first) * 1.08, -3);

    // Days are whole UTC days, `to` to its last second, as the API reads them.
    expect(buildStrip({ items, incidents: [] }, { from: '2018-01-24', to: '2018-01-27' }).domain).toEqual({
      start: ms('2018-01-24T00:00:00Z'),
      end: ms('2018-01-27T23:59:59Z'),
    });
    const half = buildStrip({ items, incidents: [] }, { from: '2018-01-25T00:00:00+01:00' }).domain!;
    expect(half.start).toBe(ms('2018-01-24T23:00:00Z'));
    expect(half.end).toBe(model.domain!.end);
  });

  it('draws at least an hour around a single event, and nothing without events', () => {
    const one = buildStrip({ items: [items[0]!], incidents: [] });
    expect(one.domain!.end - one.domain!.start).toBe(3_600_000);
    expect(buildStrip({ items: [], incidents: [] }).domain).toBeNull();
    expect(buildStrip({ items: [deployment({ environment: 'x', startedAt: 'not a time' })], incidents: [] }).count).toBe(0);
  });
});

describe('layoutStrip', () => {
  const model = buildStrip({ items, incidents: [datahub] }, { from: '2018-01-24', to: '2018-01-27' });
  const layout = layoutStrip(model, { width: 900, zone: 'America/Los_Angeles' })!;

  it('places every event at x linear in its time, in its lane', () => {
    const events = layout.events;
    expect(events.map((event) => event.id)).toEqual([3, 4, 5, 6, 7, 8]);
    const first = events[0]!;
    const last = events[events.length - 1]!;
    const pxPerMs = (last.x - first.x) / (last.at - first.at);
    expect(pxPerMs).toBeGreaterThan(0);
    for (const event of events) expect(event.x - first.x).toBeCloseTo((event.at - first.at) * pxPerMs, 6);
    // The plot runs from the range's start (at the gutter) to its end (at the plot's right edge).
    expect(layout.x(model.domain!.start)).toBe(layout.gutter);
    expect(layout.x(model.domain!.end)).toBeCloseTo(layout.plotRight, 6);
    const laneY = new Map(layout.lanes.map((lane) => [lane.environment, lane.y + lane.height / 2]));
    for (const event of events) expect(event.y).toBe(laneY.get(event.environment));
    expect(new Set(layout.lanes.map((lane) => lane.y)).size).toBe(3);
  });

  it('shades an incident from its start to its end, exactly under its suspect and recovery', () => {
    const [band] = layout.bands;
    const suspect = layout.events.find((event) => event.id === 6)!;
    const recovery = layout.events.find((event) => event.id === 8)!;
    expect(band!.x1).toBeCloseTo(suspect.x, 6);
    expect(band!.x2).toBeCloseTo(recovery.x, 6);
    expect(band!.open).toBe(false);
    expect(band!.labelRow).toBe(0);
    expect(layout.top).toBeGreaterThan(0);
  });

  it('clips a band to the plot and says so', () => {
    const long = buildStrip({ items, incidents: [{ ...datahub, startedAt: '2018-01-20T00:00:00Z', endedAt: '2018-02-20T00:00:00Z' }] }, { from: '2018-01-24', to: '2018-01-27' });
    const [band] = layoutStrip(long, { width: 900, zone: 'UTC' })!.bands;
    expect(band).toMatchObject({ x1: layout.gutter, clippedStart: true, clippedEnd: true });
    expect(band!.x2).toBeCloseTo(layout.plotRight, 6);
  });

  it('puts labels of overlapping incidents on separate rows, at most three', () => {
    const many = buildStrip({
      items,
      incidents: [0, 1, 2, 3].map((i) => ({ ...datahub, slug: `i${i}`, title: `Incident number ${i} with a long title` })),
    });
    const bands = layoutStrip(many, { width: 900, zone: 'UTC' })!.bands;
    expect(bands.map((band) => band.labelRow)).toEqual([0, 1, 2, null]);
  });

  it('ticks on the wall clock of the zone, and nothing without a domain or width', () => {
    const utc = layoutStrip(model, { width: 900, zone: 'UTC' })!;
    expect(utc.ticks.map((tick) => tick.label)).toContain('25 Jan');
    expect(layout.ticks.map((tick) => tick.at)).not.toEqual(utc.ticks.map((tick) => tick.at));
    expect(layoutStrip(buildStrip({ items: [], incidents: [] }), { width: 900, zone: 'UTC' })).toBeNull();
    expect(layoutStrip(model, { width: 0, zone: 'UTC' })).toBeNull();
  });
});

describe('describeStrip', () => {
  it('counts each lane and the incidents, in the zone given', () => {
    const model = buildStrip({ items, incidents: [datahub] });
    expect(describeStrip(model, 'UTC')).toBe(
      '6 deployments from 2018-01-24 to 2018-01-26 (UTC). production: 2 deploys, 1 rollback; staging: 1 deploy, 1 rollback (1 failed); qa: 1 deploy, 0 rollbacks. 1 incident overlaid, listed below.',
    );
    expect(describeStrip(model, 'America/Los_Angeles')).toMatch(/^6 deployments from 2018-01-24 to 2018-01-25 \(PST\)/);
    expect(describeStrip(buildStrip({ items: [], incidents: [] }), 'UTC')).toBe('No deployments to draw.');
    expect(describeStrip(buildStrip({ items: [items[0]!], incidents: [] }), 'UTC')).toBe(
      '1 deployment on 2018-01-26 (UTC). production: 0 deploys, 1 rollback. No incident in this span.',
    );
  });
});

describe('helpers', () => {
  it('reads instants with or without an offset, and days', () => {
    expect(instantMs('2018-01-25T15:30:00-08:00')).toBe(ms('2018-01-25T23:30:00Z'));
    expect(instantMs('2018-01-25T23:30:00')).toBe(ms('2018-01-25T23:30:00Z'));
    expect(instantMs('2018-01-25')).toBe(ms('2018-01-25T00:00:00Z'));
    expect(instantMs('2018-01-25', true)).toBe(ms('2018-01-25T23:59:59Z'));
    expect(instantMs(null)).toBeNaN();
    expect(instantMs('soon')).toBeNaN();
  });

  it('names the days around an incident, on the calendar of the zone the page shows', () => {
    expect(daysAround({ start: ms('2018-01-25T23:30:00Z'), end: ms('2018-01-26T00:35:00Z') })).toEqual({ from: '2018-01-24', to: '2018-01-27' });
    expect(daysAround({ start: ms('2024-03-12T09:00:00Z'), end: null })).toEqual({ from: '2024-03-11', to: '2024-03-13' });
    // 15:30 to 16:35 on 25 January in Los Angeles: the 24th to the 26th there.
    expect(daysAround({ start: ms('2018-01-25T23:30:00Z'), end: ms('2018-01-26T00:35:00Z') }, 'America/Los_Angeles')).toEqual({ from: '2018-01-24', to: '2018-01-26' });
    expect(daysAround({ start: ms('2018-01-25T23:30:00Z'), end: null }, 'Asia/Kolkata')).toEqual({ from: '2018-01-25', to: '2018-01-27' });
  });

  it('maps deployments to their parts in incidents', () => {
    const roles = rolesOf([datahub, { ...datahub, slug: 'other', title: null, suspectId: 8, suspectConfirmed: false, recoveryId: null }]);
    expect(roles.get(8)).toEqual([
      { role: 'recovery', slug: datahub.slug, title: datahub.title, confirmed: false },
      { role: 'suspect', slug: 'other', title: 'other', confirmed: false },
    ]);
    expect(roles.has(7)).toBe(false);
  });
});
