import { describe, expect, it } from 'vitest';
import { contentKey, readTime, toDeploymentEvent } from '../../server/deploys/event.ts';

describe('readTime', () => {
  it('reads ISO-8601 with an offset, RFC 2822, SQL-style UTC and Unix seconds or milliseconds, to the second', () => {
    for (const value of [
      '2018-01-25T15:30:00-08:00',
      '2018-01-25T23:30:00.999Z',
      'Thu, 25 Jan 2018 15:30:00 -0800',
      '2018-01-25 23:30:00 UTC',
      '2018-01-25T15:30-08:00',
      1516923000,
      '1516923000000',
    ]) {
      expect(readTime(value, null), String(value)).toBe('2018-01-25T23:30:00Z');
    }
  });

  it('reads a time without an offset only in a given zone, and says so otherwise', () => {
    expect(readTime('2018-01-25 15:30', 'America/Los_Angeles')).toBe('2018-01-25T23:30:00Z');
    expect(readTime('2018-01-25 15:30', null)).toBe(
      '!"2018-01-25 15:30" has no UTC offset (write it like 2018-01-25T15:30:00-08:00, or give a time zone)',
    );
  });

  it('refuses what is not a time, days a month does not have, and times before 1970', () => {
    expect(readTime('yesterday', null)).toBe('!"yesterday" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)');
    expect(readTime('2018-02-30T10:00:00Z', null)).toBe('!"2018-02-30T10:00:00Z" is not a time: 2018-02-30 is not a day');
    expect(readTime('1969-12-31T23:59:59Z', null)).toMatch(/out of range/);
    expect(readTime({}, null)).toBe('!expected a time, got an object');
  });
});

describe('toDeploymentEvent', () => {
  it('fills the defaults and derives a key from what identifies the deployment', () => {
    const result = toDeploymentEvent({ environment: ' production ', startedAt: '2018-01-25T23:30:00Z', sha: 'ABCDEF1' }, { source: 'api' });
    expect(result.event).toEqual({
      key: contentKey({ environment: 'production', service: null, repo: null, ref: null, sha: 'abcdef1', version: null, kind: 'deploy', startedAt: '2018-01-25T23:30:00Z' }),
      environment: 'production',
      service: null,
      repo: null,
      ref: null,
      sha: 'abcdef1',
      pullNumber: null,
      version: null,
      kind: 'deploy',
      status: 'success',
      startedAt: '2018-01-25T23:30:00Z',
      finishedAt: null,
      statusAt: null,
      actor: null,
      url: null,
      description: null,
      source: 'api',
      // (kind and status were not given: a later report without them keeps what is stored)
      defaulted: ['kind', 'status'],
    });
  });

  it('gives the same key whatever the status, finish or description, and another for another time', () => {
    const base = { environment: 'production', startedAt: '2018-01-25T23:30:00Z' };
    const a = toDeploymentEvent({ ...base, status: 'queued' }, { source: 'file' }).event!;
    const b = toDeploymentEvent({ ...base, status: 'success', finishedAt: '2018-01-25T23:35:00Z', description: 'x' }, { source: 'file' }).event!;
    const c = toDeploymentEvent({ ...base, startedAt: '2018-01-25T23:31:00Z' }, { source: 'file' }).event!;
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });

  it('reads status and kind words CI systems use', () => {
    const event = (status: string, kind: string) => toDeploymentEvent({ environment: 'p', startedAt: 1516923000, status, kind }, { source: 'file' }).event!;
    expect([event('pending', 'release'), event('in_progress', 'revert'), event('FAILED', 'downgrade'), event('cancelled', 'deploy')].map((e) => [e.status, e.kind])).toEqual([
      ['queued', 'deploy'],
      ['in-progress', 'rollback'],
      ['failure', 'rollback'],
      ['error', 'deploy'],
    ]);
  });

  it('names every field that is wrong', () => {
    const result = toDeploymentEvent(
      { startedAt: 'soon', finishedAt: '2018-01-25T23:00:00Z', repo: 'not a repo', sha: 'xyz', pullNumber: '#0', status: 'meh', kind: 'nope', url: 'javascript:alert(1)', actor: ['x'] },
      { source: 'api' },
    );
    expect(result.problems?.map((p) => p.field)).toEqual(['environment', 'startedAt', 'repo', 'sha', 'pullNumber', 'actor', 'url', 'kind', 'status']);
    expect(result.problems?.find((p) => p.field === 'url')?.message).toBe('"javascript:alert(1)" is not an http(s) URL');
  });

  it('refuses a finish before the start', () => {
    const result = toDeploymentEvent({ environment: 'p', startedAt: '2018-01-25T23:30:00Z', finishedAt: '2018-01-25T23:00:00Z' }, { source: 'api' });
    expect(result.problems).toEqual([{ field: 'finishedAt', message: '2018-01-25T23:00:00Z is before startedAt 2018-01-25T23:30:00Z' }]);
  });
});
