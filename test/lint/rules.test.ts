import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULES } from '../../server/lint/rules.ts';
import type { Finding, LintRule } from '../../server/lint/rules.ts';
import type { ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { makeEntry, makeItem, makeParsed } from './make-parsed.ts';

function rule(id: string): LintRule {
  const found = RULES.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

function check(id: string, parsed: ParsedPostmortem): Finding[] {
  return rule(id).check(parsed);
}

describe('lint rules', () => {
  it('has the documented ids and default levels', () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.defaultLevel]))).toEqual({
      title: 'error',
      date: 'error',
      timeline: 'error',
      'timeline-order': 'warning',
      timezone: 'warning',
      placeholders: 'warning',
      'action-items': 'warning',
      'action-item-link': 'info',
      'action-item-owner': 'off',
      summary: 'warning',
    });
    expect(RULE_IDS).toEqual(RULES.map((r) => r.id));
  });

  it('finds nothing in a complete report', () => {
    const parsed = makeParsed();
    for (const id of RULE_IDS) expect(check(id, parsed), id).toEqual([]);
  });

  it('title: a missing or blank title', () => {
    expect(check('title', makeParsed({ title: null }))).toEqual([{ line: null, message: 'no title found' }]);
    expect(check('title', makeParsed({ title: '  ' }))).toHaveLength(1);
  });

  it('date: a missing incident date', () => {
    expect(check('date', makeParsed({ date: null }))).toEqual([
      { line: null, message: 'no incident date found (front matter `date:`, the title, the file name or the timeline)' },
    ]);
  });

  it('timeline: no entries, pointing at the timeline heading when there is one', () => {
    expect(check('timeline', makeParsed({ timeline: [] }))).toEqual([{ line: 7, message: 'no timeline entries found' }]);
    expect(check('timeline', makeParsed({ timeline: [], sections: [] }))).toEqual([
      { line: null, message: 'no timeline entries found' },
    ]);
  });

  it('timeline-order: an entry earlier than the one before it, by `at`', () => {
    const timeline = [
      makeEntry({ time: '14:30', at: '2024-03-05T13:30:00Z', line: 9 }),
      makeEntry({ time: '14:20', at: '2024-03-05T13:20:00Z', line: 10 }),
      makeEntry({ time: '14:40', at: '2024-03-05T13:40:00Z', line: 11 }),
    ];
    expect(check('timeline-order', makeParsed({ timeline }))).toEqual([
      { line: 10, message: 'timeline goes back in time: 2024-03-05 14:20 comes after 2024-03-05 14:30 (line 9)' },
    ]);
  });

  it('timeline-order: `at` wins over local time (entries in different zones)', () => {
    const timeline = [
      makeEntry({ time: '15:00', at: '2024-03-05T14:00:00Z', timezone: 'Europe/Berlin', line: 9 }),
      makeEntry({ time: '14:30', at: '2024-03-05T14:30:00Z', timezone: 'UTC', line: 10 }),
    ];
    expect(check('timeline-order', makeParsed({ timeline }))).toEqual([]);
  });

  it('timeline-order: date + time when `at` is null, skipping entries without a time', () => {
    const timeline = [
      makeEntry({ date: '2024-03-05', time: '23:50', at: null, line: 9 }),
      makeEntry({ date: '2024-03-06', time: '00:10', at: null, line: 10 }),
      makeEntry({ date: '2024-03-06', time: null, at: null, line: 11 }),
      makeEntry({ date: '2024-03-05', time: '23:55', at: null, line: 12 }),
      makeEntry({ date: null, time: '01:00', at: null, line: 13 }),
    ];
    expect(check('timeline-order', makeParsed({ timeline }))).toEqual([
      { line: 12, message: 'timeline goes back in time: 2024-03-05 23:55 comes after 2024-03-06 00:10 (line 10)' },
    ]);
  });

  it('timeline-order: equal times are in order', () => {
    const timeline = [makeEntry({ line: 9 }), makeEntry({ line: 10 })];
    expect(check('timeline-order', makeParsed({ timeline }))).toEqual([]);
  });

  it('timezone: warns unless the report itself declares the zone', () => {
    for (const source of ['declared', 'inline', 'frontmatter'] as const) {
      expect(check('timezone', makeParsed({ timezoneSource: source }))).toEqual([]);
    }
    expect(check('timezone', makeParsed({ timezone: 'UTC', timezoneSource: 'default' }))).toEqual([
      { line: null, message: 'no time zone declared; times were read as UTC (default)' },
    ]);
    expect(check('timezone', makeParsed({ timezone: 'Europe/Paris', timezoneSource: 'option' }))).toEqual([
      { line: null, message: 'no time zone declared; times were read as Europe/Paris (option)' },
    ]);
    expect(check('timezone', makeParsed({ timezone: null, timezoneSource: null }))).toEqual([
      { line: null, message: 'no time zone declared' },
    ]);
  });

  it('placeholders: one finding per parser diagnostic whose code mentions placeholder', () => {
    const diagnostics = [
      { severity: 'info' as const, code: 'time-placeholder', message: 'time is a placeholder: HH:mm', line: 20 },
      { severity: 'warning' as const, code: 'timezone-assumed', message: 'assumed UTC', line: null },
      { severity: 'info' as const, code: 'placeholder-text', message: 'template text left: {{ summary }}', line: 4 },
    ];
    expect(check('placeholders', makeParsed({ diagnostics }))).toEqual([
      { line: 20, message: 'time is a placeholder: HH:mm (time-placeholder)' },
      { line: 4, message: 'template text left: {{ summary }} (placeholder-text)' },
    ]);
  });

  it('action-items: none found, pointing at the heading when there is one', () => {
    expect(check('action-items', makeParsed({ actionItems: [] }))).toEqual([{ line: 12, message: 'no action items found' }]);
  });

  it('action-item-link: items that link no issue or pull request (commits and other links do not count)', () => {
    const actionItems = [
      makeItem({ text: 'Linked to a PR', line: 14, links: [{ url: 'https://github.com/a/b/pull/3', repo: 'a/b', number: 3, kind: 'pull' }] }),
      makeItem({ text: 'Linked to a commit', line: 15, links: [{ url: 'https://github.com/a/b/commit/abc', repo: 'a/b', number: null, kind: 'commit' }] }),
      makeItem({ text: 'No link at all', line: 16 }),
    ];
    expect(check('action-item-link', makeParsed({ actionItems }))).toEqual([
      { line: 15, message: 'action item links no issue or pull request: "Linked to a commit"' },
      { line: 16, message: 'action item links no issue or pull request: "No link at all"' },
    ]);
  });

  it('action-item-owner: items without an owner, long texts shortened', () => {
    const long = 'x'.repeat(80);
    const actionItems = [makeItem({ owner: 'bob', line: 14 }), makeItem({ text: long, line: 15 })];
    expect(check('action-item-owner', makeParsed({ actionItems }))).toEqual([
      { line: 15, message: `action item has no owner: "${'x'.repeat(59)}…"` },
    ]);
  });

  it('summary: a missing summary, at the summary heading when it is there but empty', () => {
    expect(check('summary', makeParsed({ summary: null }))).toEqual([{ line: 3, message: 'no summary found' }]);
    expect(check('summary', makeParsed({ summary: '', sections: [] }))).toEqual([{ line: null, message: 'no summary found' }]);
  });

  it('claims: the parser codes a rule reports itself, nothing else', () => {
    expect(rule('timezone').claims('timezone-assumed')).toBe(true);
    expect(rule('placeholders').claims('time-placeholder')).toBe(true);
    expect(rule('placeholders').claims('template-placeholder')).toBe(true);
    expect([rule('title').claims('no-title'), rule('date').claims('no-date'), rule('timeline').claims('no-timeline')]).toEqual([true, true, true]);
    expect(RULES.some((r) => r.claims('title-from-file-name'))).toBe(false);
    expect(RULES.some((r) => r.claims('date-ambiguous'))).toBe(false);
  });
});
