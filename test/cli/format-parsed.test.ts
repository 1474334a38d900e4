import { describe, expect, it } from 'vitest';
import { formatParsedText } from '../../server/cli/format-parsed.ts';
import { makeEntry, makeItem, makeParsed } from '../lint/make-parsed.ts';

describe('formatParsedText', () => {
  it('prints title, date, zone and source, timeline, milestones, action items and diagnostics', () => {
    const parsed = makeParsed({
      declaredTimezone: 'CET',
      timeline: [
        makeEntry({ time: '14:30', endTime: '14:40', text: 'deploy 1.2 starts', kind: 'deploy', line: 9 }),
        makeEntry({ time: '15:05', approximate: true, text: 'alerts fire', kind: 'detection', line: 10 }),
        makeEntry({ date: null, time: null, at: null, text: 'over the weekend', kind: 'other', line: 11 }),
      ],
      milestones: {
        started: { date: '2024-03-05', time: '14:30', at: '2024-03-05T13:30:00Z', line: 9, source: 'inferred' },
        detected: { date: '2024-03-05', time: null, at: null, line: 4, source: 'stated' },
        declared: null,
        mitigated: null,
        resolved: null,
      },
      actionItems: [
        makeItem({
          text: 'Alert on disk usage',
          group: 'Monitoring',
          done: true,
          owner: 'alice',
          due: '2024-04-01',
          links: [
            { url: 'https://github.com/acme/db/issues/12', repo: 'acme/db', number: 12, kind: 'issue' },
            { url: 'https://wiki.example.com/runbook', repo: null, number: null, kind: 'other' },
            { url: null, repo: null, number: 7, kind: 'issue' },
          ],
        }),
        makeItem({ text: `Write a runbook ${'x'.repeat(200)}`, done: null }),
      ],
      diagnostics: [
        { severity: 'warning', code: 'time-placeholder', message: 'time is a placeholder', line: 11 },
        { severity: 'info', code: 'no-owner', message: 'whole file', line: null },
      ],
    });
    expect(formatParsedText(parsed, 'pm/x.md')).toBe(
      [
        'pm/x.md',
        '  title:     Database outage',
        '  date:      2024-03-05',
        '  timezone:  Europe/Berlin (declared as "CET")',
        '  timeline:  3 entries',
        '    2024-03-05 14:30-14:40  deploy         deploy 1.2 starts',
        '    2024-03-05 ~15:05       detection      alerts fire',
        '    ? ?                     other          over the weekend',
        '  milestones:',
        '    started    2024-03-05 14:30  (inferred, line 9)',
        '    detected   2024-03-05 ?  (stated, line 4)',
        '    declared   -',
        '    mitigated  -',
        '    resolved   -',
        '  action items: 2',
        '    [x] Alert on disk usage  group: Monitoring  owner: alice  due: 2024-04-01  links: acme/db#12, https://wiki.example.com/runbook, #7',
        `    [?] Write a runbook ${'x'.repeat(103)}…`,
        '  diagnostics: 2',
        '    pm/x.md:11: warning time-placeholder time is a placeholder',
        '    pm/x.md: info no-owner whole file',
        '',
      ].join('\n'),
    );
  });

  it('prints unknowns as - and names where an assumed zone came from', () => {
    const parsed = makeParsed({
      title: null,
      date: null,
      timezone: 'UTC',
      timezoneSource: 'default',
      declaredTimezone: null,
      timeline: [makeEntry({ text: 'one', line: 9 })],
      actionItems: [],
    });
    expect(formatParsedText(parsed, 'a.md')).toBe(
      [
        'a.md',
        '  title:     -',
        '  date:      -',
        '  timezone:  UTC (default, assumed)',
        '  timeline:  1 entry',
        '    2024-03-05 14:30  other          one',
        '  milestones:',
        '    started    -',
        '    detected   -',
        '    declared   -',
        '    mitigated  -',
        '    resolved   -',
        '  action items: 0',
        '  diagnostics: 0',
        '',
      ].join('\n'),
    );
    expect(formatParsedText(makeParsed({ timezone: null, timezoneSource: null }), 'a.md')).toContain('  timezone:  -\n');
    expect(formatParsedText(makeParsed({ timezone: 'Asia/Tokyo', timezoneSource: 'option', declaredTimezone: null }), 'a.md')).toContain(
      '  timezone:  Asia/Tokyo (--timezone)\n',
    );
  });
});
