/** The outage timeline's model: lanes, environments, milestones, outage window, domain, focus range and text alternative. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Milestone, Milestones, TimelineEntry } from '../../web/src/lib/api-types.ts';
import {
  buildTimelineModel,
  deploymentsFromTimeline,
  describeTimeline,
  environmentOf,
  focusDomain,
  roleLabel,
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
    ['dev environment updated', 'development'],
    ['development cluster', 'development'],
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
      // Names no environment: it undoes the production deploy of 10:00.
      { index: 4, at: at('2024-01-01T10:30:00Z'), kind: 'rollback', text: 'and the rest', line: 7, environment: 'production' },
    ]);
  });

  describe('a rollback that names no environment', () => {
    const environments = (timeline: TimelineEntry[]) => deploymentsFromTimeline(timeline).map((m) => [m.index, m.kind, m.environment]);

    it('goes to the latest deploy before it with a known environment; deploys that name none stay unspecified', () => {
      expect(
        environments([
          timed('2024-01-01T10:00:00Z', 'deploy', 'v2 to staging', 1),
          timed('2024-01-01T10:10:00Z', 'deploy', 'v2 to prod', 2),
          timed('2024-01-01T10:20:00Z', 'deploy', 'hotfix shipped', 3),
          timed('2024-01-01T10:30:00Z', 'rollback', 'rolled back', 4),
        ]),
      ).toEqual([
        [0, 'deploy', 'staging'],
        [1, 'deploy', 'production'],
        [2, 'deploy', 'unspecified'],
        [3, 'rollback', 'production'],
      ]);
    });

    it('stays unspecified without a deploy before it that names one', () => {
      expect(
        environments([
          timed('2024-01-01T10:00:00Z', 'rollback', 'reverted', 1),
          timed('2024-01-01T10:10:00Z', 'deploy', 'v2 to prod', 2),
        ]),
      ).toEqual([
        [0, 'rollback', 'unspecified'],
        [1, 'deploy', 'production'],
      ]);
      expect(environments([timed('2024-01-01T10:00:00Z', 'deploy', 'shipped', 1), timed('2024-01-01T10:10:00Z', 'rollback', 'reverted', 2)])).toEqual([
        [0, 'deploy', 'unspecified'],
        [1, 'rollback', 'unspecified'],
      ]);
    });

    it('follows time, not document order; at the same instant a deploy written earlier counts', () => {
      expect(
        environments([
          timed('2024-01-01T11:00:00Z', 'rollback', 'reverted', 1),
          timed('2024-01-01T10:00:00Z', 'deploy', 'v2 to canary', 2),
          timed('2024-01-01T12:00:00Z', 'deploy', 'v3 to prod', 3),
          timed('2024-01-01T12:00:00Z', 'rollback', 'v3 reverted at once', 4),
          timed('2024-01-01T13:00:00Z', 'rollback', 'reverted again', 5),
          timed('2024-01-01T13:00:00Z', 'deploy', 'v4 to staging', 6),
        ]),
      ).toEqual([
        [0, 'rollback', 'canary'],
        [1, 'deploy', 'canary'],
        [2, 'deploy', 'production'],
        [3, 'rollback', 'production'],
        [4, 'rollback', 'production'],
        [5, 'deploy', 'staging'],
      ]);
    });

    it('does not override an environment the rollback names', () => {
      expect(
        environments([
          timed('2024-01-01T10:00:00Z', 'deploy', 'v2 to prod', 1),
          timed('2024-01-01T10:10:00Z', 'rollback', 'rolled back staging', 2),
          timed('2024-01-01T10:20:00Z', 'rollback', 'rolled back', 3),
        ]),
      ).toEqual([
        [0, 'deploy', 'production'],
        [1, 'rollback', 'staging'],
        // A rollback is not a deploy: the latest deploy is still the production one.
        [2, 'rollback', 'production'],
      ]);
    });
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
      // The 14:30 entry went to staging only: the outage starts with the 15:30 merge to production.
      { kind: 'started', at: at('2018-01-25T23:30:00Z'), line: 43, source: 'inferred' },
      { kind: 'detected', at: at('2018-01-26T00:11:00Z'), line: 49, source: 'inferred' },
      { kind: 'mitigated', at: at('2018-01-26T00:35:00Z'), line: 56, source: 'inferred' },
    ]);
    expect(model.outage).toEqual({ start: at('2018-01-25T23:30:00Z'), end: at('2018-01-26T00:35:00Z'), open: false });
    // 14:30 (the first entry) → 16:35 is 125 min; 4 % of it (5 min) on each side.
    expect(model.domain).toEqual({ start: at('2018-01-25T22:25:00Z'), end: at('2018-01-26T00:40:00Z') });
  });

  it('shows times alone when everything is on one local day in the zone, else with dates', () => {
    expect(timeStyle(model, 'America/Los_Angeles')).toBe('time');
    expect(timeStyle(model)).toBe('time');
    expect(timeStyle(model, 'UTC')).toBe('datetime');
  });

  it('describes itself in one paragraph', () => {
    expect(describeTimeline(model, 'America/Los_Angeles')).toBe(
      'Outage from 15:30 to 16:35 PST (1 h 5 min). Milestones: started 15:30, detected 16:11, mitigated 16:35. ' +
        '4 events on the timeline; production: 1 deploy, 1 rollback; staging: 1 deploy.',
    );
    expect(describeTimeline(model, 'UTC', 'UTC')).toBe(
      'Outage from 2018-01-25 23:30 to 2018-01-26 00:35 UTC (1 h 5 min). ' +
        'Milestones: started 2018-01-25 23:30, detected 2018-01-26 00:11, mitigated 2018-01-26 00:35. ' +
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

describe('focusDomain', () => {
  /** A 2-hour outage, 14:00 → 16:00 UTC, with entries around it and whatever else a test adds. */
  const outageTimeline = [
    timed('2024-05-01T13:40:00Z', 'deploy', 'cache v2 to prod', 10),
    timed('2024-05-01T14:05:00Z', 'detection', 'error rate alert', 11),
    timed('2024-05-01T14:30:00Z', 'communication', 'status page updated', 12),
    timed('2024-05-01T15:50:00Z', 'mitigation', 'cache flushed', 13),
    timed('2024-05-01T16:00:00Z', 'resolution', 'all clear', 14),
  ];
  const outageMilestones: Milestones = {
    ...noMilestones,
    started: milestone('2024-05-01T14:00:00Z', 11),
    detected: milestone('2024-05-01T14:05:00Z', 11),
    resolved: milestone('2024-05-01T16:00:00Z', 14),
  };
  const BACKGROUND = timed('2024-03-29T10:00:00Z', 'other', 'Background: the cache was introduced.', 5);
  /** `n` entries during the outage, from 15:10 on. */
  const updates = (n: number) => Array.from({ length: n }, (_, i) => timed(`2024-05-01T15:${String(10 + i).padStart(2, '0')}:00Z`, 'other', `update ${i}`, 40 + i));
  const modelOf = (extra: TimelineEntry[], milestones = outageMilestones) =>
    buildTimelineModel({ timeline: [...extra, ...outageTimeline], milestones, timezone: 'UTC' });

  it('focuses on the outage when one entry lies 33 days before it', () => {
    const model = modelOf([BACKGROUND]);
    // Core 14:00 → 16:00, padded by half of it (1 h) after taking in the deploy at 13:40; widened to quarter hours.
    expect(focusDomain(model)).toEqual({ start: at('2024-05-01T12:30:00Z'), end: at('2024-05-01T17:00:00Z'), before: 1, after: 0 });
    expect(describeTimeline(model, 'UTC', 'UTC', focusDomain(model))).toBe(
      'Outage from 2024-05-01 14:00 to 2024-05-01 16:00 UTC (2 h). ' +
        'Milestones: started 2024-05-01 14:00, detected 2024-05-01 14:05, resolved 2024-05-01 16:00. ' +
        '6 events on the timeline; production: 1 deploy. 1 entry before 2024-05-01 12:30 is outside the drawn range.',
    );
    // Drawing everything: nothing to say about a range.
    expect(describeTimeline(model, 'UTC', 'UTC')).not.toContain('outside');
  });

  it('counts the markers on each side, deployments included', () => {
    const model = modelOf([
      BACKGROUND,
      ...updates(15),
      timed('2024-05-20T10:00:00Z', 'other', 'Postmortem review held.', 50),
      timed('2024-05-21T10:00:00Z', 'deploy', 'the real fix to prod', 51),
    ]);
    expect(timelineMarkers(model)).toHaveLength(23);
    expect(focusDomain(model)).toEqual({ start: at('2024-05-01T12:30:00Z'), end: at('2024-05-01T17:00:00Z'), before: 1, after: 2 });
  });

  it('leaves out at most a fifth of the markers, rounded up', () => {
    const far = [BACKGROUND, timed('2024-03-30T10:00:00Z', 'other', 'Background: traffic doubled.', 6), timed('2024-06-20T10:00:00Z', 'other', 'Postmortem review held.', 50)];
    // 5 outage entries + 3 updates + 3 far ones: 3 of 11.
    expect(focusDomain(modelOf([...far, ...updates(3)]))).toMatchObject({ before: 2, after: 1 });
    // 3 of 10.
    expect(focusDomain(modelOf([...far, ...updates(2)]))).toBeNull();
    // 2 of 7.
    expect(focusDomain(modelOf(far.slice(1)))).toMatchObject({ before: 1, after: 1 });
    // A single far entry is always few, even among 2 markers.
    const two = buildTimelineModel({ timeline: [BACKGROUND, outageTimeline[1]!], milestones: outageMilestones, timezone: 'UTC' });
    expect(focusDomain(two)).toMatchObject({ before: 1, after: 0 });
  });

  it('takes in every marker within 4 paddings of the range, chained, and stops at the first longer gap', () => {
    // Padding 1 h, reach 4 h: 10:00 is exactly 4 h before the start, 06:00 4 h before that; 01:59 is 1 min too far.
    const chained = modelOf([
      BACKGROUND,
      timed('2024-05-01T01:59:00Z', 'other', 'too far', 6),
      timed('2024-05-01T06:00:00Z', 'other', 'b', 7),
      timed('2024-05-01T10:00:00Z', 'other', 'a', 8),
      ...updates(2),
    ]);
    expect(focusDomain(chained)).toEqual({ start: at('2024-05-01T05:00:00Z'), end: at('2024-05-01T17:00:00Z'), before: 2, after: 0 });
    const after = modelOf([
      BACKGROUND,
      timed('2024-05-01T20:00:00Z', 'other', 'just in reach', 20),
      timed('2024-05-02T00:01:00Z', 'other', 'out of reach', 21),
      ...updates(3),
    ]);
    expect(focusDomain(after)).toEqual({ start: at('2024-05-01T12:30:00Z'), end: at('2024-05-01T21:00:00Z'), before: 1, after: 1 });
  });

  it('pads a short outage by 30 min and keeps every milestone inside', () => {
    const short = buildTimelineModel({
      timeline: [BACKGROUND, timed('2024-05-01T14:07:00Z', 'other', 'x', 20)],
      milestones: { ...noMilestones, started: milestone('2024-05-01T14:05:00Z'), mitigated: milestone('2024-05-01T14:10:00Z') },
      timezone: 'UTC',
    });
    expect(focusDomain(short)).toEqual({ start: at('2024-05-01T13:30:00Z'), end: at('2024-05-01T14:45:00Z'), before: 1, after: 0 });
    // A milestone outside the outage window (declared two hours after the resolution) widens the core.
    const declaredLate = modelOf([BACKGROUND], { ...outageMilestones, declared: milestone('2024-05-01T18:00:00Z') });
    // Core 14:00 → 18:00: padding 2 h.
    expect(focusDomain(declaredLate)).toEqual({ start: at('2024-05-01T11:30:00Z'), end: at('2024-05-01T20:00:00Z'), before: 1, after: 0 });
  });

  it('focuses only when that zooms in more than 8 times', () => {
    const model = modelOf([BACKGROUND]);
    const range = at('2024-05-01T17:00:00Z') - at('2024-05-01T12:30:00Z');
    const withDomain = (length: number) => ({ ...model, domain: { start: at('2024-05-01T17:00:00Z') - length, end: at('2024-05-01T17:00:00Z') } });
    expect(focusDomain(withDomain(8 * range))).toBeNull();
    expect(focusDomain(withDomain(8 * range + 1))).toMatchObject({ before: 1 });
    // An entry 1 day before the outage is outside the range, but the whole day is not 8 times as long as it.
    expect(focusDomain(modelOf([timed('2024-04-30T14:00:00Z', 'other', 'the day before', 5)]))).toBeNull();
    expect(focusDomain(modelOf([timed('2024-04-29T14:00:00Z', 'other', 'two days before', 5)]))).toMatchObject({ before: 1, after: 0 });
  });

  it('is null without an outage window, when everything is near the outage, and for an open outage with a late entry', () => {
    expect(focusDomain(modelOf([BACKGROUND], { ...outageMilestones, started: milestone(null) }))).toBeNull();
    expect(focusDomain(modelOf([]))).toBeNull();
    expect(focusDomain(buildTimelineModel(parseFile(DATAHUB)))).toBeNull();
    expect(focusDomain(buildTimelineModel({ timeline: [], milestones: noMilestones, timezone: 'UTC' }))).toBeNull();
    // Open (no mitigation, no resolution): the outage runs to the last entry, however late.
    const open = modelOf([timed('2024-06-20T10:00:00Z', 'other', 'Postmortem review held.', 50)], { ...outageMilestones, resolved: milestone(null) });
    expect(open.outage?.open).toBe(true);
    expect(focusDomain(open)).toBeNull();
  });

  it('ends on whole local quarter hours, also in a zone 5 h 45 min from UTC', () => {
    const timeline = [BACKGROUND, timed('2024-05-01T14:07:00Z', 'other', 'x', 20)];
    const milestones = { ...noMilestones, started: milestone('2024-05-01T14:03:00Z'), resolved: milestone('2024-05-01T15:11:00Z') };
    const focus = focusDomain(buildTimelineModel({ timeline, milestones, timezone: 'Asia/Kathmandu' }))!;
    // Padding 34 min: 13:29 → 13:15, 15:45 → 15:45.
    expect(focus).toEqual({ start: at('2024-05-01T13:15:00Z'), end: at('2024-05-01T15:45:00Z'), before: 1, after: 0 });
    expect(describeTimeline(buildTimelineModel({ timeline, milestones, timezone: 'Asia/Kathmandu' }), 'Asia/Kathmandu', '+0545', focus)).toContain(
      '1 entry before 2024-05-01 19:00 is outside the drawn range.',
    );
  });
});

describe('describeTimeline with a focus range', () => {
  const model = buildTimelineModel({
    timeline: [timed('2024-05-01T14:10:00Z', 'other', 'x', 1)],
    milestones: { ...noMilestones, started: milestone('2024-05-01T14:00:00Z') },
    timezone: 'UTC',
  });
  const range = (before: number, after: number) => ({ start: at('2024-05-01T14:00:00Z'), end: at('2024-05-01T18:00:00Z'), before, after });

  it.each([
    [3, 2, '3 entries before 14:00 and 2 after 18:00 are outside the drawn range.'],
    [1, 1, '1 entry before 14:00 and 1 after 18:00 are outside the drawn range.'],
    [2, 0, '2 entries before 14:00 are outside the drawn range.'],
    [0, 1, '1 entry after 18:00 is outside the drawn range.'],
  ])('%i before, %i after', (before, after, sentence) => {
    expect(describeTimeline(model, 'UTC', 'UTC', range(before, after)).endsWith(` ${sentence}`)).toBe(true);
  });

  it('says nothing of a range that leaves nothing out', () => {
    expect(describeTimeline(model, 'UTC', 'UTC', range(0, 0))).toBe(describeTimeline(model, 'UTC', 'UTC'));
  });
});

describe('describeTimeline across a daylight-saving change', () => {
  it('gives each time its own abbreviation when the zone changes within the incident', () => {
    const ny = 'America/New_York';
    const timeline = [
      entry({ at: '2024-03-10T05:30:00Z', time: '00:30', kind: 'other', text: 'errors start', line: 3 }),
      entry({ at: '2024-03-10T09:20:00Z', time: '05:20', kind: 'resolution', text: 'resolved', line: 4 }),
    ];
    const model = buildTimelineModel({
      timeline,
      timezone: ny,
      milestones: {
        started: { date: '2024-03-10', time: '00:30', at: '2024-03-10T05:30:00Z', line: 3, source: 'stated' },
        detected: null,
        declared: null,
        mitigated: null,
        resolved: { date: '2024-03-10', time: '05:20', at: '2024-03-10T09:20:00Z', line: 4, source: 'stated' },
      },
    });
    expect(describeTimeline(model, ny)).toContain('Outage from 00:30 EST to 05:20 EDT (3 h 50 min).');
    // A label given by the caller is used as it is.
    expect(describeTimeline(model, ny, 'NY time')).toContain('Outage from 00:30 to 05:20 NY time');
  });
});

describe('recorded deployments (markers with a deployment id, a role, describing entries)', () => {
  const timeline = [
    timed('2024-05-01T10:00:00Z', 'deploy', 'v7 to prod', 10),
    timed('2024-05-01T10:05:00Z', 'other', 'the v7 rollout reaches all pods in production', 11),
    timed('2024-05-01T10:20:00Z', 'detection', 'error rate alert', 12),
    timed('2024-05-01T10:50:00Z', 'rollback', 'prod rolled back', 13),
  ];
  const milestones = { ...noMilestones, started: milestone('2024-05-01T10:00:00Z'), mitigated: milestone('2024-05-01T10:50:00Z') };
  const recorded = (id: number, iso: string, fields: Partial<DeploymentMarker> = {}): DeploymentMarker => ({
    index: null,
    at: at(iso),
    kind: 'deploy',
    text: `deployment ${id}`,
    line: null,
    environment: 'production',
    deploymentId: id,
    ...fields,
  });
  const suspect = recorded(1, '2024-05-01T10:00:00Z', {
    index: 0,
    line: 10,
    role: 'suspect',
    roleReason: 'last deployment to production before detection (10:20 UTC)',
    entries: [
      { index: 0, text: 'v7 to prod', line: 10 },
      { index: 1, text: 'the v7 rollout reaches all pods in production', line: 11 },
    ],
  });

  it('draws an entry that describes a deployment once, as that deployment', () => {
    const model = buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments: [suspect] });
    // Entry 1 is no deploy, but it describes deployment 1: not in the incident lane. Entry 3 is no one's: left out of
    // the deployments given, it stays in the incident lane (the caller adds timeline deploys it wants drawn).
    expect(model.entries.map((e) => e.index)).toEqual([2, 3]);
    const placed = timelineMarkers(model);
    expect(placed.map((m) => [m.key, m.index, m.deployment?.deploymentId ?? null])).toEqual([
      ['d0.0', 0, 1],
      ['e2', 2, null],
      ['e3', 3, null],
    ]);
    expect(placed[0]!.deployment).toBe(suspect);
  });

  it('puts the environment it is told first, then production, staging and the others', () => {
    const deployments = [
      recorded(1, '2024-05-01T10:00:00Z'),
      recorded(2, '2024-05-01T10:01:00Z', { environment: 'staging' }),
      recorded(3, '2024-05-01T10:02:00Z', { environment: 'eu-west-1-payments-canary' }),
    ];
    const lanes = (first: string | null) =>
      buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments, firstEnvironment: first }).deploymentLanes.map((lane) => lane.environment);
    expect(lanes(null)).toEqual(['production', 'staging', 'eu-west-1-payments-canary']);
    expect(lanes('eu-west-1-payments-canary')).toEqual(['eu-west-1-payments-canary', 'production', 'staging']);
    expect(lanes('staging')).toEqual(['staging', 'production', 'eu-west-1-payments-canary']);
    expect(lanes('nowhere')).toEqual(['production', 'staging', 'eu-west-1-payments-canary']);
  });

  it('labels the suspect, a confirmed cause and the recovery', () => {
    expect(roleLabel({ role: 'suspect' })).toBe('suspect');
    expect(roleLabel({ role: 'suspect', confirmed: true })).toBe('cause');
    expect(roleLabel({ role: 'recovery' })).toBe('recovery');
    expect(roleLabel({ role: null })).toBeNull();
    expect(roleLabel({})).toBeNull();
  });

  it('says which deployment is the suspect and which the recovery', () => {
    const recovery = recorded(2, '2024-05-01T10:50:00Z', { kind: 'rollback', index: 3, line: 13, role: 'recovery', roleReason: 'rollback to production before mitigation' });
    const model = buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments: [suspect, recovery] });
    expect(describeTimeline(model)).toBe(
      'Outage from 10:00 to 10:50 UTC (50 min). Milestones: started 10:00, mitigated 10:50. ' +
        '3 events on the timeline; production: 1 deploy, 1 rollback. ' +
        'Suspected cause: the deploy to production at 10:00 (last deployment to production before detection (10:20 UTC)), not confirmed. ' +
        'Recovery: the rollback to production at 10:50 (rollback to production before mitigation).',
    );
    const confirmed = buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments: [{ ...suspect, confirmed: true, roleReason: null }] });
    expect(describeTimeline(confirmed)).toContain(' Cause: the deploy to production at 10:00.');
  });

  describe('focusDomain', () => {
    /** `n` recorded deployments no entry describes, every `stepMinutes` from `fromIso`. */
    const context = (n: number, fromIso: string, stepMinutes: number) =>
      Array.from({ length: n }, (_, i) => recorded(100 + i, new Date(at(fromIso) + i * stepMinutes * 60_000).toISOString()));
    const modelWith = (deployments: DeploymentMarker[]) => buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments: [suspect, ...deployments] });

    it('leaves out any number of context deployments when that zooms in more than 2 times', () => {
      // Eight deployments through the night before, 12 h to 5 h before the outage: 8 of 11 markers.
      const model = modelWith(context(8, '2024-04-30T22:00:00Z', 60));
      expect(focusDomain(model)).toEqual({ start: at('2024-05-01T09:30:00Z'), end: at('2024-05-01T11:30:00Z'), before: 8, after: 0 });
      // The same deployments, but one described by the timeline entry it comes from: the usual rules (a fifth, 8×).
      const described = context(8, '2024-04-30T22:00:00Z', 60);
      described[0] = { ...described[0]!, index: 1, entries: [{ index: 1, text: 'x', line: 11 }] };
      expect(focusDomain(modelWith(described))).toBeNull();
    });

    it('does not focus when the whole domain is at most twice the range', () => {
      // 10:00 to 10:50 padded by 30 min: 09:30 → 11:30 (2 h); reach 2 h, so 07:30 and 06:00 are left out. From
      // 07:30 the domain is about 3 h 36 min, from 06:00 about 5 h 13 min.
      expect(focusDomain(modelWith(context(1, '2024-05-01T07:30:00Z', 0)))).toBeNull();
      expect(focusDomain(modelWith(context(1, '2024-05-01T06:00:00Z', 0)))).toEqual({ start: at('2024-05-01T09:30:00Z'), end: at('2024-05-01T11:30:00Z'), before: 1, after: 0 });
      // Exactly within reach (2 h before the range taken so far): taken in, nothing left out.
      expect(focusDomain(modelWith(context(1, '2024-05-01T08:00:00Z', 0)))).toBeNull();
    });

    it('keeps the suspect and the recovery inside the range', () => {
      const early = recorded(7, '2024-04-30T20:00:00Z', { role: 'suspect' });
      const model = buildTimelineModel({ timeline, milestones, timezone: 'UTC' }, { deployments: [early, ...context(1, '2024-04-26T10:00:00Z', 0)] });
      const range = focusDomain(model);
      expect(range).not.toBeNull();
      expect(range!.start).toBeLessThanOrEqual(early.at);
      expect(range).toMatchObject({ before: 1, after: 0 });
    });
  });
});
