import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TimelineKind } from '../../server/domain/postmortem.ts';
import { classifyEvent, milestoneLabel, statedMilestones } from '../../server/parser/event-kind.ts';

describe('classifyEvent', () => {
  it.each<[string, TimelineKind]>([
    ['The new chart is deployed to staging', 'deploy'],
    ['Config change merged into production', 'deploy'],
    ['The fix is rolled out to every region', 'deploy'],
    ['We released v1.2.3 to customers', 'deploy'],
    ['The database upgrade is applied', 'deploy'],
    ['helm upgrade runs against prod', 'deploy'],
    ['The weekly bump PR merges, triggering a deploy. **Outage begins.**', 'deploy'],
    ['The bad change is rolled back', 'rollback'],
    ['Ana rolled the proxy back to the previous tag', 'rollback'],
    ['The offending commit is reverted', 'rollback'],
    ['We merged the revert and deployed it', 'rollback'],
    ['Users report the hub is down; we decide to downgrade the chart back to v0.5.0', 'detection'],
    ['config behavior change PR merged', 'deploy'],
    ['Alert: queue depth over 10k', 'detection'],
    ['PagerDuty alert for high error rate', 'detection'],
    ['Added an alert for queue depth to the dashboard', 'other'],
    ['bad config uploaded', 'deploy'],
    ['Crashloop bug preventing the pod from updating is introduced', 'deploy'],
    ['Rollback of the release starts', 'rollback'],
    ['The DNS operator is downgraded back to 1.6', 'rollback'],
    ['The disk alert fired in the ops channel', 'detection'],
    ['On-call engineer paged', 'detection'],
    ['Outage reported in Slack by a user', 'detection'],
    ['Students report that their notebooks crash', 'detection'],
    ['Ben noticed the queue growing', 'detection'],
    ['First alert for the API', 'detection'],
    ['Latency spike detected by monitoring', 'detection'],
    ['Incident declared', 'detection'],
    ['We put a workaround in place', 'mitigation'],
    ['The hub pods are restarted', 'mitigation'],
    ['The node pool is scaled up to 30 nodes', 'mitigation'],
    ['Failover to the secondary region', 'mitigation'],
    ['We increased memory limits for the proxy', 'mitigation'],
    ['Impact mitigated by draining traffic', 'mitigation'],
    ['Incident resolved.', 'resolution'],
    ['All services fully recovered', 'resolution'],
    ['Everything is back to normal', 'resolution'],
    ['Incident closed', 'resolution'],
    ['All services restored', 'resolution'],
    ['The hub is back online', 'resolution'],
    ['Status page updated with the cause', 'communication'],
    ['Support posted an update for customers', 'communication'],
    ['We notified users by email', 'communication'],
    ['Customers emailed about the delay', 'communication'],
    ['The outage is announced on the mailing list', 'communication'],
    ['We tweeted a short notice', 'communication'],
    ['Follow-up mail says service is restored', 'communication'],
    ['Incident resolved and communicated to the admins', 'resolution'],
    ['The last reported user is fixed and the site is fully operational again', 'resolution'],
    ['Alice reports back to the customer', 'communication'],
    ['Engineer looks at the logs', 'other'],
    ['Node rollover started', 'deploy'],
    ['', 'other'],
  ])('%s -> %s', (text, kind) => {
    expect(classifyEvent(text)).toBe(kind);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => typeof classifyEvent(text) === 'string'));
  });
});

describe('statedMilestones', () => {
  it.each<[string, string[]]>([
    ['The weekly bump merges. **Outage begins.**', ['started']],
    ['Outage begins', ['started']],
    ['Incident starts when the cron job runs', ['started']],
    ['Fault occurs in the storage layer', ['started']],
    ['The pod is stuck in a crash loop. (**outage starts**)', ['started']],
    ['First detected by the uptime probe', ['detected']],
    ['Fault detected', ['detected']],
    ['Issue detected and verified.', ['detected']],
    ['Incident declared.', ['declared']],
    ['Incident declared. Ana notes the hub is down', ['declared']],
    ['Mitigated', ['mitigated']],
    ['Repaired', ['mitigated']],
    ['The service works again. **Outage ends.**', ['mitigated']],
    ['Deploys a fixed build (**outage ends**)', ['mitigated']],
    ['Incident officially resolved!', ['resolved']],
    ['Resolved.', ['resolved']],
    ['Incident resolved and communicated to the admins.', ['resolved']],
    ['Sev 2 ticket marked as resolved', ['resolved']],
    ['We agreed that the rollback had resolved the issue', ['resolved']],
    ['Ben announces resolution is confirmed complete', ['resolved']],
    ['Incident declared resolved on the status page', ['resolved']],
    ['Incident closed.', ['resolved']],
    ['Service fully restored', ['resolved']],
    ['Outage begins. Outage ends 5 minutes later', ['started', 'mitigated']],
  ])('%s -> %j', (text, expected) => {
    expect(statedMilestones(text)).toEqual(expected);
  });

  it.each([
    'the deploy to resolve X was started',
    'First alert fires',
    'Everything is back to normal and verified working.',
    'The issue is closed and everything seems fine',
    'Follow-up mail indicating service restored',
    'Sev 1 ticket raised',
    'Started working on a long-term fix',
    'Engineer finishes resolving the incident in the pager tool',
    'No loss of service has been detected so far',
    'Primary engineer declares the hub online',
    'The deployment, which solved the issue, is done',
    'The outage is reported on GitHub',
    'Time to detection: 7 hours',
    '',
  ])('%s -> nothing', (text) => {
    expect(statedMilestones(text)).toEqual([]);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => Array.isArray(statedMilestones(text))));
  });
});

describe('milestoneLabel', () => {
  it.each<[string, { milestone: string; value: string }]>([
    ['First detected: 2023-07-21 08:15', { milestone: 'detected', value: '2023-07-21 08:15' }],
    ['Fault detected: 08:15', { milestone: 'detected', value: '08:15' }],
    ['Resolved: 2023-07-21 10:30', { milestone: 'resolved', value: '2023-07-21 10:30' }],
    ['**Resolved** 2023-07-21 10:30', { milestone: 'resolved', value: '2023-07-21 10:30' }],
    ['- **Repaired**: 2023-07-21 10:15', { milestone: 'mitigated', value: '2023-07-21 10:15' }],
    ['Incident declared - 10:05', { milestone: 'declared', value: '10:05' }],
    ['Incident declared: July 21, 2023 at 10:05', { milestone: 'declared', value: 'July 21, 2023 at 10:05' }],
    ['Fault occurs: ~09:50 UTC', { milestone: 'started', value: '~09:50 UTC' }],
    ['Incident start: Mon 21 Jul 09:50', { milestone: 'started', value: 'Mon 21 Jul 09:50' }],
    ['Outage ends at 11:00', { milestone: 'mitigated', value: '11:00' }],
    ['Mitigated = 2023-07-21T10:00Z', { milestone: 'mitigated', value: '2023-07-21T10:00Z' }],
  ])('%s', (text, expected) => {
    expect(milestoneLabel(text)).toEqual(expected);
  });

  it.each([
    'Time to detection: 7 hours',
    'Time to repair: 2h 0m',
    'Resolved: 45 minutes',
    'Resolved: yes',
    'Resolved the issue at 10:05 by restarting',
    'Incident declared',
    'Incident Declared: Incident ticket created',
    'Detected on unknown date in May',
    'Category: Kubernetes',
    'Summary: 10:05 outage',
    '',
  ])('%s -> null', (text) => {
    expect(milestoneLabel(text)).toBe(null);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const found = milestoneLabel(text);
      return found === null || typeof found.value === 'string';
    }));
  });
});

describe('classifyEvent: symptoms people report are detections', () => {
  it.each<[string, TimelineKind]>([
    ['Several GSIs post in Slack that their lab sections cannot reach the hub; we decide to downgrade', 'detection'],
    ['first support ticket: "photo won\'t upload"', 'detection'],
    ['Synthetic TLS probes start failing from two regions', 'detection'],
    ['The availability burn-rate alert pages the on-call engineer', 'detection'],
  ])('%s -> %s', (text, kind) => {
    expect(classifyEvent(text)).toBe(kind);
  });
});
