/**
 * A small dataset whose numbers are worked out by hand in the tests (today is 2024-06-01):
 *
 * | id | slug          | date       | severity | detect | resolve | items (status, due)                                  |
 * |----|---------------|------------|----------|--------|---------|------------------------------------------------------|
 * | 1  | disk-full     | 2023-11-28 | SEV-2    | 300    | 7200    | open due 2024-01-15 (overdue, linked), done, archived |
 * | 2  | dns-cutover   | 2024-03-12 | SEV-1    | 600    | 3600    | in-progress due 2024-07-01 (linked), wont-do          |
 * | 3  | uploads-413   | 2024-05-18 | sev-2    | 1500   | –       | open                                                  |
 * | 4  | datahub-merge | 2023-09-25 | –        | –      | 7500    | – (its file has an error)                             |
 * | 5  | old-removed   | 2023-11-02 | –        | 900    | 1000    | open due 2023-12-01 (incident removed)                |
 * | 6  | undated       | –          | –        | –      | –       | open, first seen 2024-05-01                           |
 */
import type { Database } from '../../../server/db/connection.ts';
import { seedIncident } from './seed.ts';

/** The clock of the sample: 2024-06-01, noon UTC. */
export const SAMPLE_NOW = new Date('2024-06-01T12:00:00Z');

/** Inserts the sample; returns the ids by slug. */
export function seedSample(database: Database): Record<string, number> {
  const ids: Record<string, number> = {};
  ids['disk-full'] = seedIncident(database, {
    slug: 'disk-full',
    title: 'Checkout blocked by broker disk alarm',
    date: '2023-11-28',
    summary: 'A consumer deploy filled the broker disk.',
    severity: 'SEV-2',
    tags: ['broker', 'checkout'],
    detectSeconds: 300,
    resolveSeconds: 7200,
    diagnostics: [{ severity: 'warning', code: 'timezone-assumed', message: 'assumed UTC', line: null }],
    timeline: [
      { time: '10:00', text: 'consumer deploy started', kind: 'deploy' },
      { time: '10:05', text: 'rollback of the consumer', kind: 'rollback' },
    ],
    items: [
      {
        text: 'Alert on broker disk usage',
        group: 'Monitoring',
        owner: 'alice',
        due: '2024-01-15',
        links: [{ ref: 'https://github.com/example-org/app/issues/10', state: 'open', assignees: ['alice'] }],
      },
      { text: 'Document the disk alarm runbook', group: 'Process', status: 'done', done: true },
      { text: 'Old archived item', archived: true },
    ],
    updatedAt: '2024-01-03T00:00:00.000Z',
  });
  ids['dns-cutover'] = seedIncident(database, {
    slug: 'dns-cutover',
    title: 'Public API unreachable after a DNS cutover',
    date: '2024-03-12',
    severity: 'SEV-1',
    tags: ['dns'],
    detectSeconds: 600,
    resolveSeconds: 3600,
    timeline: [{ time: '09:02', text: 'certificate provisioning stuck', kind: 'other' }],
    items: [
      {
        text: 'Add certificate check to the cutover checklist',
        status: 'in-progress',
        due: '2024-07-01',
        links: [{ ref: 'https://github.com/example-org/app/pull/5', kind: 'pull' }],
      },
      { text: 'Lower TTL before migrations', status: 'wont-do' },
    ],
    aliases: ['api-dns-outage'],
    updatedAt: '2024-05-01T00:00:00.000Z',
  });
  ids['uploads-413'] = seedIncident(database, {
    slug: 'uploads-413',
    title: 'Photo uploads rejected after ingress deploy',
    date: '2024-05-18',
    severity: 'sev-2',
    tags: ['ingress'],
    detectSeconds: 1500,
    mitigatedSeconds: 3000,
    timeline: [{ time: '08:05', text: 'ingress chart deploy; disk usage normal', kind: 'deploy' }],
    items: [{ text: 'Add an upload smoke test', group: 'Testing' }],
    updatedAt: '2024-05-20T00:00:00.000Z',
  });
  ids['datahub-merge'] = seedIncident(database, {
    slug: 'datahub-merge',
    title: 'Accidental merge took the hub down',
    date: '2023-09-25',
    resolveSeconds: 7500,
    error: 'cannot read the file: invalid UTF-8',
    updatedAt: '2023-10-01T00:00:00.000Z',
  });
  ids['old-removed'] = seedIncident(database, {
    slug: 'old-removed',
    title: 'Removed incident about caches',
    date: '2023-11-02',
    detectSeconds: 900,
    resolveSeconds: 1000,
    items: [{ text: 'Flush caches weekly', due: '2023-12-01' }],
    removed: true,
    updatedAt: '2023-11-05T00:00:00.000Z',
  });
  ids['undated'] = seedIncident(database, {
    slug: 'undated',
    title: 'Undated note about queues',
    items: [{ text: 'Queue depth alert', createdAt: '2024-05-01T08:00:00.000Z' }],
    updatedAt: '2024-02-01T00:00:00.000Z',
  });
  return ids;
}
