/**
 * The incident page's deployment data turned into chart markers and change lists (web/src/lib/incident-deployments.ts),
 * on the datahub postmortem and the correlation the server gives for it with postmortems/deployments.ndjson.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CorrelatedDeployment, Deployment, IncidentDeployments } from '../../web/src/lib/api-types.ts';
import { changeLists, deploymentMarkers, deploymentTitle, entryDeployments, isUndated, NO_TIMES, shortSha, timelineOptions } from '../../web/src/lib/incident-deployments.ts';
import { buildTimelineModel, describeTimeline, focusDomain, timelineMarkers, type TimelineModel } from '../../web/src/lib/outage-timeline.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

const DATAHUB = '2018-01-25-datahub-accidental-prod-merge.md';
const parsed = parsePostmortem(readFileSync(new URL(`../../postmortems/${DATAHUB}`, import.meta.url), 'utf8'), { file: DATAHUB });
const at = (iso: string) => Date.parse(iso);
const LA = 'America/Los_Angeles';

function deployment(id: number, fields: Partial<Deployment>): Deployment {
  const repo = 'example-org/datahub';
  const sha = fields.sha ?? `${id}`.repeat(40).slice(0, 40);
  return {
    id,
    key: `key-${id}`,
    environment: 'production',
    environmentKey: fields.environmentKey ?? fields.environment ?? 'production',
    service: 'datahub',
    repo,
    ref: 'prod',
    sha,
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'success',
    startedAt: '2018-01-25T00:00:00Z',
    finishedAt: null,
    statusAt: null,
    actor: 'mkim',
    url: null,
    description: null,
    source: 'file',
    commitUrl: `https://github.com/${repo}/commit/${sha}`,
    pullUrl: fields.pullNumber ? `https://github.com/${repo}/pull/${fields.pullNumber}` : null,
    ...fields,
  };
}

function correlated(d: Deployment, fields: Partial<Omit<CorrelatedDeployment, 'deployment'>> = {}): CorrelatedDeployment {
  return { deployment: d, role: null, before: true, affected: d.environment === 'production', entries: [], verdict: null, ...fields };
}

/** What `GET /api/incidents/2018-01-25-datahub-accidental-prod-merge/deployments` answers for the example data. */
function datahub(): IncidentDeployments {
  return {
    windowHours: 24,
    window: { from: '2018-01-24T23:30:00Z', to: '2018-01-26T00:50:00Z' },
    environment: { name: 'production', source: 'production' },
    deployments: [
      correlated(deployment(4, { startedAt: '2018-01-25T03:35:00Z', description: 'Merge branch staging into prod: course environment packages', actor: 'lchen' })),
      correlated(
        deployment(5, {
          environment: 'staging',
          ref: 'staging',
          sha: '2cb334328439d2e9f238982da8b5ceaa27c5701b',
          pullNumber: 8,
          version: 'v0.6.0-beta.1',
          startedAt: '2018-01-25T22:30:00Z',
          actor: 'rtorres',
          description: 'Merge pull request #8 from rtorres/helm-chart-v0.6-beta: upgrade the hub chart for the new image puller',
        }),
        { entries: [0] },
      ),
      correlated(
        deployment(6, {
          sha: '411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a',
          version: 'v0.6.0-beta.1',
          startedAt: '2018-01-25T23:30:00Z',
          actor: 'rtorres',
          description: 'Merge branch staging into prod (chart v0.6 beta)',
        }),
        { role: 'suspect', entries: [1] },
      ),
      correlated(
        deployment(7, { environment: 'staging', ref: 'staging', kind: 'rollback', version: 'v0.5.0', pullNumber: 9, startedAt: '2018-01-26T00:24:00Z' }),
        { before: false },
      ),
      correlated(
        deployment(8, { kind: 'rollback', version: 'v0.5.0', startedAt: '2018-01-26T00:35:00Z', description: 'Merge branch staging into prod: chart back to v0.5.0' }),
        { role: 'recovery', before: false, entries: [3] },
      ),
    ],
    suspect: { deploymentId: 6, source: 'last-before-start', reason: 'last deployment to production at or before the start (15:30 PST, as the timeline has it)', confirmed: false },
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

/** Every drawn timeline index: the incident lane's and those of the deployment markers (with the entries they claim). */
const drawnIndexes = (model: TimelineModel) =>
  [
    ...model.entries.map((e) => e.index),
    ...model.deploymentLanes.flatMap((lane) => lane.markers.flatMap((m) => (m.entries && m.entries.length > 0 ? m.entries.map((e) => e.index) : m.index === null ? [] : [m.index]))),
  ].sort((a, b) => a - b);

describe('the fixture', () => {
  it('is the datahub postmortem the correlation was made for', () => {
    expect(parsed.timeline.map((e) => [e.at, e.kind])).toEqual([
      ['2018-01-25T22:30:00Z', 'deploy'],
      ['2018-01-25T23:30:00Z', 'deploy'],
      ['2018-01-26T00:11:00Z', 'detection'],
      ['2018-01-26T00:35:00Z', 'rollback'],
    ]);
  });
});

describe('deploymentMarkers', () => {
  const markers = deploymentMarkers(parsed.timeline, datahub());

  it('draws every recorded deployment at its start, in its environment, once', () => {
    expect(markers.map((m) => [m.deploymentId, m.environment, m.kind, new Date(m.at).toISOString()])).toEqual([
      [4, 'production', 'deploy', '2018-01-25T03:35:00.000Z'],
      [5, 'staging', 'deploy', '2018-01-25T22:30:00.000Z'],
      [6, 'production', 'deploy', '2018-01-25T23:30:00.000Z'],
      [7, 'staging', 'rollback', '2018-01-26T00:24:00.000Z'],
      [8, 'production', 'rollback', '2018-01-26T00:35:00.000Z'],
    ]);
  });

  it('takes the timeline entries that describe a deployment into its marker, and no timeline deploy beside them', () => {
    const byId = new Map(markers.map((m) => [m.deploymentId, m]));
    expect(byId.get(6)).toMatchObject({ index: 1, line: 43, entries: [{ index: 1, line: 43, text: parsed.timeline[1]!.text }] });
    expect(byId.get(5)).toMatchObject({ index: 0, line: 33 });
    expect(byId.get(8)).toMatchObject({ index: 3, line: 56 });
    expect(byId.get(7)).toMatchObject({ index: null, line: null, entries: [] });
    // Entries 0, 1 and 3 are the timeline's deploys and rollbacks: all described, so none is a marker of its own.
    expect(markers.filter((m) => m.deploymentId == null)).toEqual([]);
  });

  it('names the suspect and the recovery, with their reasons', () => {
    const roles = markers.map((m) => [m.deploymentId, m.role, m.confirmed]);
    expect(roles).toEqual([
      [4, null, false],
      [5, null, false],
      [6, 'suspect', false],
      [7, null, false],
      [8, 'recovery', false],
    ]);
    expect(markers[2]!.roleReason).toBe('last deployment to production at or before the start (15:30 PST, as the timeline has it)');
    expect(markers[4]!.roleReason).toMatch(/^rollback to production between detection/);
    const confirmed = { ...datahub(), suspect: { ...datahub().suspect!, source: 'confirmed' as const, confirmed: true } };
    expect(deploymentMarkers(parsed.timeline, confirmed)[2]).toMatchObject({ role: 'suspect', confirmed: true });
  });

  it('keeps the timeline deploys and rollbacks no deployment is matched to, as the timeline gives them', () => {
    const onlySuspect = { ...datahub(), matches: [{ entry: 1, deploymentId: 6 }] };
    onlySuspect.deployments = onlySuspect.deployments.map((item) => ({ ...item, entries: item.deployment.id === 6 ? [1] : [] }));
    const mixed = deploymentMarkers(parsed.timeline, onlySuspect);
    const fromTimeline = mixed.filter((m) => m.deploymentId == null);
    expect(fromTimeline.map((m) => [m.index, m.environment, m.kind])).toEqual([
      [0, 'staging', 'deploy'],
      [3, 'production', 'rollback'],
    ]);
    expect(mixed.find((m) => m.deploymentId === 6)?.index).toBe(1);
  });

  it('ignores entry indexes that are not in the timeline and deployments without a readable start', () => {
    const odd = datahub();
    odd.matches = [...odd.matches, { entry: 99, deploymentId: 4 }, { entry: -1, deploymentId: 4 }];
    odd.deployments[3] = { ...odd.deployments[3]!, deployment: { ...odd.deployments[3]!.deployment, startedAt: 'not a time' } };
    const result = deploymentMarkers(parsed.timeline, odd);
    expect(result.map((m) => m.deploymentId)).toEqual([4, 5, 6, 8]);
    expect(result[0]!.entries).toEqual([]);
  });
});

describe('buildTimelineModel with the recorded deployments', () => {
  const model = buildTimelineModel(parsed, timelineOptions(parsed.timeline, datahub()));

  it('has one lane per environment, the affected one first, markers in time order', () => {
    expect(model.deploymentLanes.map((lane) => [lane.environment, lane.markers.map((m) => m.deploymentId)])).toEqual([
      ['production', [4, 6, 8]],
      ['staging', [5, 7]],
    ]);
    const staging = buildTimelineModel(parsed, timelineOptions(parsed.timeline, { ...datahub(), environment: { name: 'staging', source: 'declared' } }));
    expect(staging.deploymentLanes.map((lane) => lane.environment)).toEqual(['staging', 'production']);
  });

  it('shows each timeline entry once: described ones as their deployment, the detection in the incident lane', () => {
    expect(model.entries.map((e) => e.index)).toEqual([2]);
    expect(drawnIndexes(model)).toEqual([0, 1, 2, 3]);
    const placed = timelineMarkers(model);
    expect(placed).toHaveLength(6);
    expect(placed.filter((m) => m.index === 1)).toHaveLength(1);
    expect(placed.find((m) => m.index === 1)?.deployment?.role).toBe('suspect');
  });

  it('names the suspect and the recovery in the text alternative', () => {
    const text = describeTimeline(model, LA);
    expect(text).toContain('6 events on the timeline; production: 2 deploys, 1 rollback; staging: 1 deploy, 1 rollback.');
    expect(text).toContain('Suspected cause: the deploy to production at 2018-01-25 15:30 (last deployment to production at or before the start (15:30 PST, as the timeline has it)), not confirmed.');
    expect(text).toContain('Recovery: the rollback to production at 2018-01-25 16:35 (rollback to production between detection (16:11 PST) and mitigation (16:35 PST)).');
  });

  it('focuses on the outage, leaving out the deployment of the evening before (context) but never the suspect', () => {
    // The outage runs from the production merge (15:30 PST) to the mitigation (16:35): 32.5 min of padding around it
    // and the staging merge of 14:30, in whole quarter hours.
    expect(focusDomain(model)).toEqual({ start: at('2018-01-25T21:45:00Z'), end: at('2018-01-26T01:15:00Z'), before: 1, after: 0 });
    // The deployment of the evening before as the suspect: the range takes it in, so nothing is left out.
    const early = datahub();
    early.suspect = { ...early.suspect!, deploymentId: 4 };
    early.deployments = early.deployments.map((item) => ({ ...item, role: item.deployment.id === 4 ? 'suspect' : item.role === 'suspect' ? null : item.role }));
    expect(focusDomain(buildTimelineModel(parsed, timelineOptions(parsed.timeline, early)))).toBeNull();
  });

  it('draws what the timeline says without deployment data, or when the correlation has none', () => {
    const plain = buildTimelineModel(parsed);
    expect(timelineOptions(parsed.timeline, null)).toEqual({});
    expect(buildTimelineModel(parsed, timelineOptions(parsed.timeline, { ...datahub(), deployments: [], matches: [], suspect: null, recovery: null }))).toEqual(plain);
  });
});

describe('entryDeployments', () => {
  it('links each described entry to its deployment', () => {
    expect([...entryDeployments(datahub())]).toEqual([
      [0, { id: 5, environment: 'staging' }],
      [1, { id: 6, environment: 'production' }],
      [3, { id: 8, environment: 'production' }],
    ]);
    expect(entryDeployments(null).size).toBe(0);
  });
});

describe('changeLists', () => {
  it('lists the changes before the outage with the suspect first, then newest first; the others in time order', () => {
    const lists = changeLists(datahub());
    expect(lists.before.map((item) => item.deployment.id)).toEqual([6, 5, 4]);
    expect(lists.after.map((item) => item.deployment.id)).toEqual([7, 8]);
  });

  it('keeps newest first without a suspect', () => {
    expect(changeLists({ ...datahub(), suspect: null }).before.map((item) => item.deployment.id)).toEqual([6, 5, 4]);
    const older = { ...datahub(), suspect: { ...datahub().suspect!, deploymentId: 4 } };
    expect(changeLists(older).before.map((item) => item.deployment.id)).toEqual([4, 6, 5]);
    expect(changeLists(datahub()).undated).toBeNull();
  });

  it('lists everything in one list, newest first, when the postmortem gives a date and no times', () => {
    const dateOnly = { ...datahub(), suspect: null, recovery: null, noSuspect: NO_TIMES };
    dateOnly.deployments = dateOnly.deployments.map((item) => ({ ...item, role: null, before: false }));
    expect(isUndated(dateOnly)).toBe(true);
    const lists = changeLists(dateOnly);
    expect(lists.undated?.map((item) => item.deployment.id)).toEqual([8, 7, 6, 5, 4]);
    expect([lists.before, lists.after]).toEqual([[], []]);
    // Another reason for no suspect keeps the split.
    expect(isUndated({ ...dateOnly, noSuspect: 'no deployment to production in the 24 h before the start' })).toBe(false);
  });
});

describe('the canonical environment', () => {
  it('draws the spellings of an environment in one lane, named canonically, and links entries with that name', () => {
    const spelled = datahub();
    spelled.deployments = spelled.deployments.map((item) =>
      item.deployment.environment === 'production' ? { ...item, deployment: { ...item.deployment, environment: item.deployment.id === 6 ? 'prod' : 'live' } } : item,
    );
    const model = buildTimelineModel(parsed, timelineOptions(parsed.timeline, spelled));
    expect(model.deploymentLanes.map((lane) => [lane.environment, lane.markers.map((m) => m.deploymentId)])).toEqual([
      ['production', [4, 6, 8]],
      ['staging', [5, 7]],
    ]);
    expect(entryDeployments(spelled).get(1)).toEqual({ id: 6, environment: 'production' });
  });
});

describe('deploymentTitle and shortSha', () => {
  it('names a deployment by service, version or ref, short sha and description', () => {
    const [, , suspect, rollback] = datahub().deployments;
    expect(deploymentTitle(suspect!.deployment)).toBe('datahub v0.6.0-beta.1 (411bdc2): Merge branch staging into prod (chart v0.6 beta)');
    expect(deploymentTitle({ ...rollback!.deployment, version: null, sha: null })).toBe('datahub staging');
    expect(deploymentTitle(deployment(12, { service: null, ref: null, sha: null }))).toBe('deployment 12');
    expect(deploymentTitle(deployment(12, { service: null, ref: null, sha: null, description: 'hotfix' }))).toBe('hotfix');
    expect(shortSha('411bdc2d1233f84337ae1e3a5b7009b7f89aaf3a')).toBe('411bdc2');
    expect(shortSha(null)).toBeNull();
  });
});
