import { describe, expect, it } from 'vitest';
import { correlate, correlationWindow, type CorrelationDeployment, type CorrelationIncident, type Verdict } from '../../server/deploys/correlate.ts';
import { namedChanges } from '../../server/deploys/named-changes.ts';

let nextId = 1;
function deployment(at: string, environment: string, extra: Partial<CorrelationDeployment> = {}): CorrelationDeployment {
  const id = extra.id ?? nextId++;
  return {
    id,
    key: `k${id}`,
    environment,
    service: null,
    repo: null,
    ref: null,
    sha: null,
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'success',
    startedAt: at,
    finishedAt: null,
    statusAt: null,
    actor: null,
    url: null,
    description: null,
    source: 'file',
    ...extra,
  };
}

/** The datahub outage of 2018-01-25 as the parser reads it: the start is inferred from the 14:30 staging merge. */
function datahub(overrides: Partial<CorrelationIncident> = {}): CorrelationIncident {
  return {
    startedAt: '2018-01-25T22:30:00Z',
    startSource: 'inferred',
    startLine: 33,
    detectedAt: '2018-01-26T00:11:00Z',
    declaredAt: null,
    mitigatedAt: '2018-01-26T00:35:00Z',
    resolvedAt: null,
    date: '2018-01-25',
    timezone: 'America/Los_Angeles',
    declaredTimezone: 'PST',
    environment: null,
    services: [],
    timeline: [
      { index: 0, at: '2018-01-25T22:30:00Z', kind: 'deploy', text: 'The chart is upgraded and merged into the staging branch.', line: 33 },
      { index: 1, at: '2018-01-25T23:30:00Z', kind: 'deploy', text: 'The staging branch is merged to production by accident.', line: 42 },
      { index: 2, at: '2018-01-26T00:11:00Z', kind: 'detection', text: 'GSIs cannot reach the hub.', line: 49 },
      { index: 3, at: '2018-01-26T00:35:00Z', kind: 'rollback', text: 'v0.5.0 back on staging first, then the rollback is merged to production.', line: 56 },
    ],
    named: [],
    ...overrides,
  };
}

const datahubDeployments = () => ({
  earlier: deployment('2018-01-25T03:35:00Z', 'production', { id: 101 }),
  staging: deployment('2018-01-25T22:30:00Z', 'staging', { id: 102, version: 'v0.6.0-beta.1' }),
  production: deployment('2018-01-25T23:30:00Z', 'production', { id: 103, version: 'v0.6.0-beta.1' }),
  stagingRollback: deployment('2018-01-26T00:24:00Z', 'staging', { id: 104, kind: 'rollback', version: 'v0.5.0' }),
  rollback: deployment('2018-01-26T00:35:00Z', 'prod', { id: 105, kind: 'rollback', version: 'v0.5.0' }),
});

describe('the datahub model case', () => {
  const d = datahubDeployments();
  const result = correlate(datahub(), Object.values(d), [])!;

  it('suspects the production merge before detection, not the staging merge the start was guessed from', () => {
    expect(result.environment).toEqual({ name: 'production', source: 'production' });
    expect(result.suspect).toEqual({
      deploymentId: 103,
      source: 'last-before-start',
      confirmed: false,
      reason: 'last deployment to production at or before detection (16:11 PST)',
    });
  });

  it('finds the production rollback as the recovery', () => {
    expect(result.recovery).toEqual({
      deploymentId: 105,
      reason: 'rollback to prod between detection (16:11 PST) and mitigation (16:35 PST)',
    });
  });

  it('matches each deploy entry to its deployment once, in the environment the entry names', () => {
    expect(result.matches).toEqual([
      { entry: 0, deploymentId: 102 },
      { entry: 1, deploymentId: 103 },
      { entry: 3, deploymentId: 105 },
    ]);
    expect(result.deployments.find((x) => x.deployment.id === 104)!.entries).toEqual([]);
  });

  it('starts the outage at the suspect deployment and measures the restore from there', () => {
    expect(result.effectiveStart).toBe('2018-01-25T23:30:00Z');
    expect(result.restoreSeconds).toBe(65 * 60);
  });

  it('lists the window: 24 h before the first milestone up to the end plus the grace', () => {
    expect(result.window).toEqual({ from: '2018-01-24T22:30:00Z', to: '2018-01-26T00:50:00Z' });
    expect(result.deployments.map((x) => [x.deployment.id, x.role, x.before, x.affected])).toEqual([
      [101, null, true, true],
      [102, null, true, false],
      [103, 'suspect', true, true],
      [104, null, false, false],
      [105, 'recovery', false, true],
    ]);
  });

  it('leaves out deployments outside the window and of other services', () => {
    const outside = deployment('2018-01-24T22:29:59Z', 'production');
    const other = deployment('2018-01-25T23:40:00Z', 'production', { service: 'grafana' });
    const mine = correlate(datahub({ services: ['datahub'] }), [...Object.values(d), outside, other], [])!;
    expect(mine.deployments.map((x) => x.deployment.id)).not.toContain(outside.id);
    expect(mine.deployments.map((x) => x.deployment.id)).not.toContain(other.id);
    expect(mine.suspect?.deploymentId).toBe(103);
  });
});

describe('choosing the suspect', () => {
  it('takes the last deployment at or before a stated start, in the declared environment', () => {
    const incident = datahub({ startSource: 'stated', startedAt: '2018-01-25T23:45:00Z', environment: 'staging' });
    const d = datahubDeployments();
    const result = correlate(incident, Object.values(d), [])!;
    expect(result.environment).toEqual({ name: 'staging', source: 'declared' });
    expect(result.suspect).toMatchObject({ deploymentId: 102, reason: 'last deployment to staging at or before the start (15:45 PST)' });
    expect(result.effectiveStart).toBe('2018-01-25T23:45:00Z');
  });

  it('counts a deployment at exactly the start (the start was read from that deploy)', () => {
    const incident = datahub({ startedAt: '2018-01-25T23:30:00Z', startLine: 42 });
    const result = correlate(incident, [deployment('2018-01-25T23:30:00Z', 'production', { id: 7 })], [])!;
    expect(result.suspect).toMatchObject({
      deploymentId: 7,
      source: 'last-before-start',
      reason: 'last deployment to production at or before the start (15:30 PST, as the timeline has it)',
    });
  });

  it('prefers a deployment the postmortem names (sha, PR or version), and says where', () => {
    const markdown = ['# x', '', 'The v0.6.0-beta.1 chart broke the hub.', 'We rolled back to v0.5.0.'].join('\n');
    const d = datahubDeployments();
    const result = correlate(datahub({ named: namedChanges(markdown) }), Object.values(d), [])!;
    expect(result.suspect).toEqual({ deploymentId: 103, source: 'named', confirmed: true, reason: 'named in the postmortem: v0.6.0-beta.1 (line 3)' });
  });

  it('does not take the version a rollback went back to as the suspect', () => {
    const markdown = 'We rolled the chart back to v0.5.0.';
    const d = datahubDeployments();
    const result = correlate(datahub({ named: namedChanges(markdown) }), Object.values(d), [])!;
    expect(result.suspect?.source).toBe('last-before-start');
  });

  it('matches a named sha by prefix and a named PR by number', () => {
    const sha = 'de4dbeef0123456789abcdef0123456789abcdef';
    const bySha = deployment('2018-01-25T20:00:00Z', 'production', { sha });
    const byPull = deployment('2018-01-25T21:00:00Z', 'production', { pullNumber: 42 });
    const d = datahubDeployments();
    expect(correlate(datahub({ named: namedChanges('Commit de4dbee broke it.') }), [...Object.values(d), bySha], [])!.suspect).toMatchObject({
      deploymentId: bySha.id,
      source: 'named',
    });
    expect(correlate(datahub({ named: namedChanges('Caused by PR #42.') }), [...Object.values(d), byPull], [])!.suspect).toMatchObject({
      deploymentId: byPull.id,
      source: 'named',
    });
  });

  it('skips a rejected deployment and takes the one before it, without stretching the outage back to it', () => {
    const d = datahubDeployments();
    const rejected: Verdict = { deploymentId: 103, verdict: 'rejected', decidedBy: 'ana', decidedAt: '2018-01-27T10:00:00Z', note: null };
    const result = correlate(datahub(), Object.values(d), [rejected])!;
    expect(result.suspect).toMatchObject({ deploymentId: 101, source: 'last-before-start' });
    // The outage is taken to begin at detection, not at the evening-before deploy; the restore time by definition
    // still runs from the suspect.
    expect(result.effectiveStart).toBe('2018-01-26T00:11:00Z');
    expect(result.restoreSeconds).toBe(Math.round((Date.parse('2018-01-26T00:35:00Z') - Date.parse('2018-01-25T03:35:00Z')) / 1000));
    expect(result.deployments.find((x) => x.deployment.id === 103)!.verdict).toEqual(rejected);
  });

  it('a confirmed deployment is the suspect, whatever the rules would pick', () => {
    const d = datahubDeployments();
    const confirmed: Verdict = { deploymentId: 101, verdict: 'confirmed', decidedBy: 'ana', decidedAt: '2018-01-27T10:00:00Z', note: 'the config change' };
    const result = correlate(datahub(), Object.values(d), [confirmed])!;
    expect(result.suspect).toEqual({ deploymentId: 101, source: 'confirmed', confirmed: true, reason: 'confirmed as the cause by ana on 2018-01-27' });
    expect(result.restoreSeconds).toBe(Math.round((Date.parse('2018-01-26T00:35:00Z') - Date.parse('2018-01-25T03:35:00Z')) / 1000));
  });

  it('ignores deployments that never went out (queued, error)', () => {
    const d = datahubDeployments();
    const queued = deployment('2018-01-25T23:50:00Z', 'production', { status: 'queued' });
    const failedToStart = deployment('2018-01-25T23:55:00Z', 'production', { status: 'error' });
    expect(correlate(datahub(), [...Object.values(d), queued, failedToStart], [])!.suspect?.deploymentId).toBe(103);
  });

  it('says why there is no suspect', () => {
    const onlyStaging = [deployment('2018-01-25T22:30:00Z', 'staging'), deployment('2018-01-25T10:00:00Z', 'qa')];
    const incident = datahub({ environment: 'production', startSource: 'stated' });
    const result = correlate(incident, onlyStaging, [])!;
    expect(result.suspect).toBeNull();
    expect(result.noSuspect).toBe('no deployment to production in the 24 h before the start');
    expect(result.recovery).toBeNull();
  });

  it('with several environments and no production, looks in any of them', () => {
    const a = deployment('2018-01-25T21:00:00Z', 'eu-west');
    const b = deployment('2018-01-25T21:30:00Z', 'us-east');
    const result = correlate(datahub({ timeline: [] , startSource: 'stated' }), [a, b], [])!;
    expect(result.environment).toEqual({ name: null, source: 'any' });
    expect(result.suspect).toMatchObject({ deploymentId: b.id, reason: 'last deployment at or before the start (14:30 PST)' });
  });
});

describe('the recovery', () => {
  it('is a deployment to the affected environment when there is no rollback, the one closest before the end', () => {
    const d = datahubDeployments();
    const fix1 = deployment('2018-01-26T00:20:00Z', 'production');
    const fix2 = deployment('2018-01-26T00:30:00Z', 'production');
    const result = correlate(datahub(), [d.earlier, d.production, fix1, fix2], [])!;
    expect(result.recovery?.deploymentId).toBe(fix2.id);
    expect(result.recovery?.reason).toMatch(/^deployment to production between detection/);
  });

  it('accepts a deployment up to 15 minutes after the written end, not later', () => {
    const d = datahubDeployments();
    const late = deployment('2018-01-26T00:50:00Z', 'production', { kind: 'rollback' });
    const tooLate = deployment('2018-01-26T00:51:00Z', 'production', { kind: 'rollback' });
    expect(correlate(datahub(), [d.production, late], [])!.recovery?.deploymentId).toBe(late.id);
    expect(correlate(datahub(), [d.production, tooLate], [])!.recovery).toBeNull();
  });
});

describe('the window', () => {
  it('is the incident day in its zone when the report has no times', () => {
    const incident = datahub({ startedAt: null, startSource: null, startLine: null, detectedAt: null, mitigatedAt: null, timeline: [] });
    expect(correlationWindow(incident)).toEqual({ from: '2018-01-24T08:00:00Z', to: '2018-01-26T08:00:00Z' });
    const result = correlate(incident, [deployment('2018-01-25T20:00:00Z', 'production')], [])!;
    expect(result.suspect).toBeNull();
    expect(result.noSuspect).toBe('the postmortem gives no start or detection time');
  });

  it('is configurable and null without any date', () => {
    expect(correlationWindow(datahub(), 2)).toEqual({ from: '2018-01-25T20:30:00Z', to: '2018-01-26T00:50:00Z' });
    expect(correlationWindow(datahub({ startedAt: null, detectedAt: null, mitigatedAt: null, timeline: [], date: null }))).toBeNull();
  });

  it('is not stretched by background entries days before the first milestone', () => {
    const timeline = [{ index: 0, at: '2018-01-10T10:00:00Z', kind: 'deploy', text: 'Two weeks earlier the chart was pinned.', line: 30 }, ...datahub().timeline];
    expect(correlationWindow(datahub({ timeline }))!.from).toBe('2018-01-24T22:30:00Z');
  });
});

describe('matching timeline entries to deployments', () => {
  it('prefers the deployment an entry names over another one at the same minute', () => {
    const markdown = ['a', 'b', '`order-events-consumer` v3.14.0 deployed to production'].join('\n');
    const incident = datahub({
      named: namedChanges(markdown),
      timeline: [{ index: 0, at: '2018-01-25T23:30:00Z', kind: 'deploy', text: 'order-events-consumer v3.14.0 deployed to production', line: 3 }],
    });
    const checkout = deployment('2018-01-25T23:30:00Z', 'production', { id: 301, version: 'v2.31.4' });
    const consumer = deployment('2018-01-25T23:30:00Z', 'production', { id: 302, version: 'v3.14.0' });
    expect(correlate(incident, [checkout, consumer], [])!.matches).toEqual([{ entry: 0, deploymentId: 302 }]);
  });

  it("matches an entry about a rollback's end to that rollback's finish, so it is drawn once", () => {
    const incident = datahub({
      timeline: [
        { index: 0, at: '2018-01-26T00:34:00Z', kind: 'rollback', text: 'Rollback started.', line: 10 },
        { index: 1, at: '2018-01-26T00:41:00Z', kind: 'rollback', text: 'Rollback done, uploads work again.', line: 11 },
      ],
    });
    const rollback = deployment('2018-01-26T00:34:00Z', 'production', { kind: 'rollback', finishedAt: '2018-01-26T00:41:00Z' });
    expect(correlate(incident, [rollback], [])!.matches).toEqual([
      { entry: 0, deploymentId: rollback.id },
      { entry: 1, deploymentId: rollback.id },
    ]);
  });

  it('reads "back on staging first, then merged to production" as the production deployment, even a merge', () => {
    const incident = datahub({
      timeline: [{ index: 0, at: '2018-01-26T00:35:00Z', kind: 'rollback', text: 'v0.5.0 back on staging first, then the rollback is merged to production.', line: 56 }],
    });
    const stagingRevert = deployment('2018-01-26T00:24:00Z', 'staging', { kind: 'rollback' });
    const productionMerge = deployment('2018-01-26T00:35:00Z', 'production', { kind: 'deploy' });
    expect(correlate(incident, [stagingRevert, productionMerge], [])!.matches).toEqual([{ entry: 0, deploymentId: productionMerge.id }]);
  });

  it('pairs within 15 minutes, rollbacks with rollbacks, each entry and deployment once', () => {
    const incident = datahub({
      timeline: [
        { index: 0, at: '2018-01-25T23:40:00Z', kind: 'deploy', text: 'Deployed the fix.', line: 10 },
        { index: 1, at: '2018-01-25T23:42:00Z', kind: 'rollback', text: 'Rolled back.', line: 11 },
        { index: 2, at: '2018-01-25T23:00:00Z', kind: 'deploy', text: 'Deployed something.', line: 12 },
      ],
    });
    const deploy = deployment('2018-01-25T23:41:00Z', 'production');
    const rollback = deployment('2018-01-25T23:43:00Z', 'production', { kind: 'rollback' });
    const result = correlate(incident, [deploy, rollback], [])!;
    expect(result.matches).toEqual([
      { entry: 0, deploymentId: deploy.id },
      { entry: 1, deploymentId: rollback.id },
    ]);
  });

  it('pairs an entry naming a version with that deployment, the closest one in time when several carry it', () => {
    const markdown = ['a', 'b', 'chart 4.11 deployed again'].join('\n');
    const incident = datahub({
      named: namedChanges(markdown),
      timeline: [{ index: 0, at: '2018-01-25T23:31:00Z', kind: 'deploy', text: 'chart 4.11 deployed again', line: 3 }],
    });
    const dayBefore = deployment('2018-01-25T01:00:00Z', 'staging', { version: '4.11' });
    const now = deployment('2018-01-25T23:30:00Z', 'production', { version: '4.11' });
    expect(correlate(incident, [dayBefore, now], [])!.matches).toEqual([{ entry: 0, deploymentId: now.id }]);
  });
});
