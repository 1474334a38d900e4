import { describe, expect, it } from 'vitest';
import { namedChanges, versionKey } from '../../server/deploys/named-changes.ts';

const brief = (markdown: string) => namedChanges(markdown).map((c) => `${c.kind}:${c.value}@${c.line}${c.rollbackTarget ? ' (rollback target)' : ''}`);

describe('namedChanges', () => {
  it('finds shas, pull requests and versions with their lines', () => {
    expect(brief(['Merged PR #123 (commit abc1234f).', '', 'Then 1.3.0-rc.1 went out; see https://github.com/o/r/pull/77 and edge-dns#388'].join('\n'))).toEqual([
      'pull:123@1',
      'sha:abc1234f@1',
      'version:1.3.0-rc.1@3',
      'pull:77@3',
      'pull:388@3',
    ]);
  });

  it('marks what a rollback went back to', () => {
    expect(brief('We rolled the chart back to v0.5.0, reverted to abc1234 and put 4.10 back.')).toEqual([
      'version:0.5.0@1 (rollback target)',
      'sha:abc1234@1 (rollback target)',
      'version:4.10@1 (rollback target)',
    ]);
  });

  it('does not take words, dates, addresses or HTML entities for changes', () => {
    expect(brief('The deadbeef cafe, 2018.01.25, host 10.0.0.1 and &#39;quoted&#39; at 99.9% on feedface')).toEqual(['version:99.9@1']);
  });

  it('compares versions without case and a leading v', () => {
    expect(versionKey(' V3.14.0 ')).toBe('3.14.0');
    expect(versionKey('3.14.0')).toBe('3.14.0');
    expect(versionKey('vnext')).toBe('vnext');
  });
});
