import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { upsertDeployments } from '../../server/db/deployment-store.ts';
import { deploymentsBetween } from '../../server/db/queries/deployment-correlation.ts';
import type { DeploymentEvent } from '../../server/domain/deployment.ts';

const NOW = new Date('2026-01-01T00:00:00Z');

function event(overrides: Partial<DeploymentEvent> = {}): DeploymentEvent {
  return {
    key: 'github:o/r:1',
    environment: 'production',
    service: 'api',
    repo: 'o/r',
    ref: 'main',
    sha: 'abcdef1',
    pullNumber: null,
    version: null,
    kind: 'deploy',
    status: 'queued',
    startedAt: '2018-01-25T23:30:00Z',
    finishedAt: null,
    statusAt: '2018-01-25T23:30:00Z',
    actor: 'ana',
    url: null,
    description: 'Deploy',
    source: 'webhook',
    ...overrides,
  };
}

let database: Database;
beforeEach(() => {
  database = openDatabase(':memory:');
});
afterEach(() => database.close());

const stored = () => deploymentsBetween(database, '0000', '9999');

describe('upsertDeployments', () => {
  it('creates once, then changes nothing when the same event comes again', () => {
    expect(upsertDeployments(database, [event()], NOW)).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(upsertDeployments(database, [event(), event()], NOW)).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(stored()).toHaveLength(1);
  });

  it('takes a newer status and what a report adds, keeping what it leaves out', () => {
    upsertDeployments(database, [event()], NOW);
    const later = event({ status: 'success', statusAt: '2018-01-25T23:34:00Z', finishedAt: '2018-01-25T23:34:00Z', description: null, actor: null });
    expect(upsertDeployments(database, [later], NOW)).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(stored()[0]).toMatchObject({ status: 'success', statusAt: '2018-01-25T23:34:00Z', finishedAt: '2018-01-25T23:34:00Z', description: 'Deploy', actor: 'ana', source: 'webhook' });
    const updatedAt = database.sqlite.prepare('select updated_at from deployments').pluck().get();
    expect(updatedAt).toBe(NOW.toISOString());
  });

  it('never lets an older status overwrite a newer one (a redelivered or late webhook)', () => {
    upsertDeployments(database, [event({ status: 'success', statusAt: '2018-01-25T23:34:00Z' })], NOW);
    expect(upsertDeployments(database, [event({ status: 'in-progress', statusAt: '2018-01-25T23:31:00Z' })], NOW)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(stored()[0]!.status).toBe('success');
  });

  it('a report without a status time does not overwrite a status that has one', () => {
    upsertDeployments(database, [event({ status: 'failure', statusAt: '2018-01-25T23:34:00Z' })], NOW);
    upsertDeployments(database, [event({ status: 'success', statusAt: null })], NOW);
    expect(stored()[0]!.status).toBe('failure');
  });

  it('stores a batch all or nothing', () => {
    const bad = { ...event({ key: 'b' }), environment: null as unknown as string };
    expect(() => upsertDeployments(database, [event({ key: 'a' }), bad], NOW)).toThrow();
    expect(stored()).toEqual([]);
  });
});

describe('deploymentsBetween', () => {
  it('returns the deployments in the range, inclusive, oldest first, through the start-time index', () => {
    upsertDeployments(
      database,
      [
        event({ key: 'c', startedAt: '2018-01-26T00:00:00Z' }),
        event({ key: 'a', startedAt: '2018-01-25T00:00:00Z' }),
        event({ key: 'b', startedAt: '2018-01-25T12:00:00Z' }),
      ],
      NOW,
    );
    expect(deploymentsBetween(database, '2018-01-25T00:00:00Z', '2018-01-25T12:00:00Z').map((d) => d.key)).toEqual(['a', 'b']);
    const plan = database.sqlite
      .prepare("explain query plan select * from deployments indexed by deployments_started_idx where started_at >= ? and started_at <= ?")
      .all('a', 'b') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX deployments_started_idx \(started_at>\? AND started_at<\?\)/);
  });
});

describe('reports without an order of their own', () => {
  it('never take a finished deployment back to in progress (no status times, or the same one)', () => {
    upsertDeployments(database, [event({ status: 'in-progress', statusAt: null })], NOW);
    upsertDeployments(database, [event({ status: 'success', statusAt: null, finishedAt: '2018-01-25T23:40:00Z' })], NOW);
    expect(upsertDeployments(database, [event({ status: 'in-progress', statusAt: null })], NOW).unchanged).toBe(1);
    expect(stored()[0]).toMatchObject({ status: 'success', finishedAt: '2018-01-25T23:40:00Z' });
    upsertDeployments(database, [event({ key: 'same-second', status: 'success', statusAt: '2018-01-25T23:31:00Z' })], NOW);
    expect(upsertDeployments(database, [event({ key: 'same-second', status: 'in-progress', statusAt: '2018-01-25T23:31:00Z' })], NOW).unchanged).toBe(1);
    // A finished one can still become another finished state (GitHub marks a superseded success inactive).
    expect(upsertDeployments(database, [event({ status: 'inactive', statusAt: null })], NOW).updated).toBe(1);
  });

  it('keep a start time that was only a default (a push without its head commit)', () => {
    upsertDeployments(database, [event({ key: 'push', startedAt: '2018-01-25T23:30:00Z' })], NOW);
    const redelivered = { ...event({ key: 'push', startedAt: '2018-01-26T09:00:00Z' }), defaulted: ['startedAt' as const] };
    expect(upsertDeployments(database, [redelivered], NOW).unchanged).toBe(1);
    expect(stored().find((d) => d.key === 'push')!.startedAt).toBe('2018-01-25T23:30:00Z');
  });
});
