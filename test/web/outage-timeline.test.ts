/** The outage timeline's model: lanes, environments, milestones, outage window, domain and text alternative. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Milestone, TimelineEntry } from '../../web/src/lib/api-types.ts';
import {
  buildTimelineModel,
  deploymentsFromTimeline,
  describeTimeline,
  environmentOf,
  timelineMarkers,
  timeStyle,
  type DeploymentMarker,
  type TimelineModel,
} from '../../web/src/lib/outage-timeline.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

const postmortems = new URL('../../postmortems/', import.meta.url);
const parseFile = (name: string) => parsePostmortem(readFileSync(new URL(name, postmortems), 'utf8'), { file: name });
const DATAHUB = '2018-01-25-datahub-accidental-prod-merge.md';
const at = (iso: string) => Date.parse(iso);

function entry(overrides: Partial<TimelineEntry>): TimelineEntry {
  return {
    date: '2024-01-01',
    time: null,
    endTime: null,
    at: null,
    timezone: 'UTC',
    approximate: false,
    text: 'something happened',
    kind: 'other',
    line: 1,
    ...overrides,
  };
}
const timed = (iso: string, kind: string, text: string, line: number) =>
  entry({ at: iso, time: iso.slice(11, 16), kind, text, line });
const milestone = (iso: string | null, line = 1): Milestone => ({ date: null, time: null, at: iso, line, source: 'stated' });
const noMilestones = { started: null, detected: null, declared: null, mitigated: null, resolved: null };

/** Every drawn index, from both lanes. */
const drawnIndexes = (model: TimelineModel) => [
  ...model.entries.map((e) => e.index),
  ...model.deploymentLanes.flatMap((lane) => lane.markers.map((m) => m.index)),
];

describe('environmentOf', () => {
  it.each([
    ['deployed to production', 'production'],
    ['deployed to prod by the platform pipeline', 'production'],
    ['Merged the PROD branch', 'production'],
    ['restarted prod-hub', 'production'],
    ['prd cluster upgraded', 'production'],
    ['Revert is live on the authoritative servers', 'production'],
    ['pushed to Staging', 'staging'],
    ['stage deploy', 'staging'],
    ['stg-eu rolled', 'staging'],
    ['dev environment updated', 'dev'],
    ['test cluster', 'test'],
    ['testing env', 'test'],
    ['QA sign-off, deployed to qa', 'qa'],
    ['canary at 5 %', 'canary'],
    ['new product page shipped', 'unspecified'],
    ['production-ready? no: productive? no', 'production'],
    ['reproduced the products issue', 'unspecified'],
    ['latest protest', 'unspecified'],
    ['order-events-consumer rolled back to v3.13.2', 'unspecified'],
    ['', 'unspecified'],
  ])('%j → %s', (text, environment) => {
    expect(environmentOf(text)).toBe(environment);
  });

  it('takes the last environment something went to, else the first named', () => {
    expect(environmentOf('merged into the staging branch; production waits')).toBe('staging');
    expect(environmentOf('the production deployment got the staging branch')).toBe('production');
    expect(environmentOf('promoted from staging to production')).toBe('production');
    expect(environmentOf('the staging branch is merged to production')).toBe('production');
    expect(environmentOf('back on staging first, then merged to prod')).toBe('production');
    expect(environmentOf('deployed to the QA cluster after the prod freeze')).toBe('qa');
    expect(environmentOf('staging and prod both updated')).toBe('staging');
  });
});

describe('deploymentsFromTimeline', () => {
  it('keeps deploys and rollbacks with an instant, with their index, line and environment', () => {
    const timeline = [
      timed('2024-01-01T10:00:00Z', 'deploy', 'v2 to prod', 3),
      timed('2024-01-01T10:05:00Z', 'detection', 'alerts fire in prod', 4),
      entry({ kind: 'deploy', text: 'v2 to staging, time unknown', line: 5 }),
      timed('2024-01-01T10:20:00Z', 'rollback', 'rolled back staging', 6),
      timed('2024-01-01T10:30:00Z', 'rollback', 'and the rest', 7),
      entry({ kind: 'rollback', at: 'not a date', line: 8 }),
    ];
    expect(deploymentsFromTimeline(timeline)).toEqual<DeploymentMarker[]>([
      { index: 0, at: at('2024-01-01T10:00:00Z'), kind: 'deploy', text: 'v2 to prod', line: 3, environment: 'production' },
      { index: 3, at: at('2024-01-01T10:20:00Z'), kind: 'rollback', text: 'rolled back staging', line: 6, environment: 'staging' },
      { index: 4, at: at('2024-01-01T10:30:00Z'), kind: 'rollback', text: 'and the rest', line: 7, environment: 'unspecified' },
    ]);
  });
});

describe('buildTimelineModel on the datahub postmortem', () => {
  const parsed = parseFile(DATAHUB);
  const model = buildTimelineModel(parsed);

  it('is parsed as expected (guards the fixture)', () => {
    expect(parsed.timezone).toBe('America/Los_Angeles');
    expect(parsed.timeline.map((e) => e.kind)).toEqual(['deploy', 'deploy', 'detection', 'rollback']);
  });

  it('puts the detection in the incident lane and deploys/rollbacks in their environment lanes', () => {
    expect(model.zone).toBe('America/Los_Angeles');
    expect(model.entries).toEqual([
      { index: 2, at: at('2018-01-26T00:11:00Z'), kind: 'detection', text: parsed.timeline[2]!.text, line: 49, approximate: false },
    ]);
    // 14:30 "merged into the staging branch"; 15:30 "merged to production"; 16:35 "back on staging first …
    // the rollback is merged to production".
    expect(model.deploymentLanes.map((lane) => [lane.environment, lane.markers.map((m) => [m.index, m.kind])])).toEqual([
      [
        'production',
        [
          [1, 'deploy'],
          [3, 'rollback'],
        ],
      ],
      ['staging', [[0, 'deploy']]],
    ]);
    expect(model.unplaced).toEqual([]);
  });

  it('has the milestones with an instant, the outage window and a padded domain', () => {
    expect(model.milestones).toEqual([
      { kind: 'started', at: at('2018-01-25T22:30:00Z'), line: 33, source: 'inferred' },
      { kind: 'detected', at: at('2018-01-26T00:11:00Z'), line: 49, source: 'inferred' },
      { kind: 'mitigated', at: at('2018-01-26T00:35:00Z'), line: 56, source: 'inferred' },
    ]);
    expect(model.outage).toEqual({ start: at('2018-01-25T22:30:00Z'), end: at('2018-01-26T00:35:00Z'), open: false });
    // 14:30 → 16:35 is 125 min; 4 % of it (5 min) on each side.
    expect(model.domain).toEqual({ start: at('2018-01-25T22:25:00Z'), end: at('2018-01-26T00:40:00Z') });
  });

  it('shows times alone when everything is on one local day in the zone, else with dates', () => {
    expect(timeStyle(model, 'America/Los_Angeles')).toBe('time');
    expect(timeStyle(model)).toBe('time');
    expect(timeStyle(model, 'UTC')).toBe('datetime');
  });

  it('describes itself in one paragraph', () => {
    expect(describeTimeline(model, 'America/Los_Angeles')).toBe(
      'Outage from 14:30 to 16:35 PST (2 h 5 min). Milestones: started 14:30, detected 16:11, mitigated 16:35. ' +
        '4 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy.',
    );
    expect(describeTimeline(model, 'UTC', 'UTC')).toBe(
      'Outage from 2018-01-25 22:30 to 2018-01-26 00:35 UTC (2 h 5 min). ' +
        'Milestones: started 2018-01-25 22:30, detected 2018-01-26 00:11, mitigated 2018-01-26 00:35. ' +
        '4 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy.',
    );
  });
});

describe('buildTimelineModel on the example postmortems', () => {
  // By name: the folder is where a team drops its own reports, which must not change what the tests see.
  const files = [
    DATAHUB,
    '2023-11-28-checkout-blocked-by-broker-disk-alarm.md',
    '2024-03-12-api-dns-cutover-without-certificate.md',
    '2024-06-18-uploads-rejected-after-ingress-deploy.md',
  ];

  it.each(files)('%s: every timed entry is drawn exactly once, untimed ones are listed', (name) => {
    const parsed = parseFile(name);
    const model = buildTimelineModel(parsed);
    const timedIndexes = parsed.timeline.flatMap((e, i) => (e.at ? [i] : []));
    const untimedIndexes = parsed.timeline.flatMap((e, i) => (e.at ? [] : [i]));
    expect(timedIndexes.length).toBeGreaterThan(0);
    expect([...drawnIndexes(model)].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(timedIndexes);
    expect(model.unplaced.map((u) => u.index)).toEqual(untimedIndexes);
    expect(timelineMarkers(model)).toHaveLength(timedIndexes.length);
    for (const e of model.entries) expect(['deploy', 'rollback']).not.toContain(e.kind);
    expect(model.domain).not.toBeNull();
    for (const instant of [...timelineMarkers(model).map((m) => m.at), ...model.milestones.map((m) => m.at)]) {
      expect(instant).toBeGreaterThan(model.domain!.start);
      expect(instant).toBeLessThan(model.domain!.end);
    }
  });
});

describe('buildTimelineModel', () => {
  const timeline = [
    timed('2024-05-01T10:10:00Z', 'deploy', 'v7 to canary', 10),
    timed('2024-05-01T10:00:00Z', 'deploy', 'v7 to the product API (no environment)', 11),
    timed('2024-05-01T10:20:00Z', 'deploy', 'v7 to qa', 12),
    timed('2024-05-01T10:30:00Z', 'deploy', 'v7 to stg', 13),
    timed('2024-05-01T10:40:00Z', 'deploy', 'v7 to prod', 14),
    timed('2024-05-01T10:45:00Z', 'detection', 'error rate alert', 15),
    entry({ text: 'customers complain, time unknown', line: 16 }),
    timed('2024-05-01T10:55:00Z', 'rollback', 'prod rolled back', 17),
    timed('2024-05-01T10:45:00Z', 'communication', 'status page updated', 18),
  ];

  it('orders lanes production, staging, others alphabetically, unspecified last', () => {
    const model = buildTimelineModel({ timeline, milestones: noMilestones, timezone: null });
    expect(model.deploymentLanes.map((lane) => lane.environment)).toEqual(['production', 'staging', 'canary', 'qa', 'unspecified']);
    expect(model.deploymentLanes[0]!.markers.map((m) => m.kind)).toEqual(['deploy', 'rollback']);
    expect(model.zone).toBe('UTC');
  });

  it('sorts the incident lane by time, document order among equal instants', () => {
    const model = buildTimelineModel({ timeline, milestones: noMilestones, timezone: 'UTC' });
    expect(model.entries.map((e) => e.index)).toEqual([5, 8]);
    expect(model.unplaced).toEqual([{ index: 6, text: 'customers complain, time unknown', line: 16 }]);
  });

  it('lists every marker in time order across lanes', () => {
    const model = buildTimelineModel({ timeline, milestones: noMilestones, timezone: 'UTC' });
    const markers = timelineMarkers(model);
    expect(markers.map((m) => m.index)).toEqual([1, 0, 2, 3, 4, 5, 8, 7]);
    expect(markers.map((m) => m.lane)).toEqual(['unspecified', 'canary', 'qa', 'staging', 'production', 'incident', 'incident', 'production']);
    expect(new Set(markers.map((m) => m.key)).size).toBe(markers.length);
  });

  it('has no outage window without a start, and an open one without an end', () => {
    const noStart = buildTimelineModel({ timeline, milestones: { ...noMilestones, resolved: milestone('2024-05-01T11:00:00Z') }, timezone: 'UTC' });
    expect(noStart.outage).toBeNull();
    expect(describeTimeline(noStart)).toMatch(/^The start of the outage is not known\. Milestones: resolved 11:00 UTC\. /);

    const open = buildTimelineModel({ timeline, milestones: { ...noMilestones, started: milestone('2024-05-01T10:40:00Z') }, timezone: 'UTC' });
    expect(open.outage).toEqual({ start: at('2024-05-01T10:40:00Z'), end: at('2024-05-01T10:55:00Z'), open: true });
    expect(describeTimeline(open)).toBe(
      'Outage from 10:40 UTC, with no mitigation or resolution recorded; the last event is at 10:55 (15 min after the start). ' +
        'Milestones: started 10:40. ' +
        '8 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy; canary: 1 deploy; qa: 1 deploy; unspecified: 1 deploy. ' +
        '1 entry has no time and is not drawn.',
    );
  });

  it('ends the outage at the resolution, else the mitigation', () => {
    const milestones = {
      ...noMilestones,
      started: milestone('2024-05-01T10:40:00Z'),
      mitigated: milestone('2024-05-01T10:55:00Z'),
      resolved: milestone('2024-05-01T12:00:00Z'),
    };
    expect(buildTimelineModel({ timeline, milestones, timezone: 'UTC' }).outage).toEqual({
      start: at('2024-05-01T10:40:00Z'),
      end: at('2024-05-01T12:00:00Z'),
      open: false,
    });
    const unresolved = buildTimelineModel({ timeline, milestones: { ...milestones, resolved: milestone(null) }, timezone: 'UTC' });
    expect(unresolved.outage?.end).toBe(at('2024-05-01T10:55:00Z'));
    expect(unresolved.milestones.map((m) => m.kind)).toEqual(['started', 'mitigated']);
  });

  it('uses given deployments instead, and keeps timeline deploys they do not claim in the incident lane', () => {
    const deployments: DeploymentMarker[] = [
      { index: 4, at: at('2024-05-01T10:40:00Z'), kind: 'deploy', text: 'v7', line: 14, environment: 'production' },
      { index: null, at: at('2024-05-01T10:41:00Z'), kind: 'deploy', text: 'hotfix', line: null, environment: 'production' },
    ];
    const model = buildTimelineModel({ timeline, milestones: noMilestones, timezone: 'UTC' }, { deployments });
    expect(model.deploymentLanes).toEqual([{ environment: 'production', markers: deployments }]);
    expect(model.entries.map((e) => e.index)).toEqual([1, 0, 2, 3, 5, 8, 7]);
    const indexes = drawnIndexes(model).filter((i) => i !== null);
    expect(new Set(indexes).size).toBe(indexes.length);
  });

  it('is empty without instants', () => {
    const model = buildTimelineModel({ timeline: [entry({ line: 3 })], milestones: noMilestones, timezone: 'Not/AZone' });
    expect(model).toEqual({
      zone: 'UTC',
      entries: [],
      deploymentLanes: [],
      milestones: [],
      outage: null,
      unplaced: [{ index: 0, text: 'something happened', line: 3 }],
      domain: null,
    });
    expect(describeTimeline(model)).toBe('No timed events. 1 entry has no time and is not drawn.');
  });

  it('gives a centred 30-minute domain to a single instant', () => {
    const model = buildTimelineModel({ timeline: [timed('2024-05-01T10:00:00Z', 'other', 'x', 1)], milestones: noMilestones, timezone: 'UTC' });
    expect(model.domain).toEqual({ start: at('2024-05-01T09:45:00Z'), end: at('2024-05-01T10:15:00Z') });
  });
});
