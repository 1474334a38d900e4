import { describe, expect, it } from 'vitest';
import { compareMessages, lintPostmortem } from '../../server/lint/lint.ts';
import type { LintMessage } from '../../server/lint/lint.ts';
import { makeItem, makeParsed } from './make-parsed.ts';

const FILE = 'postmortems/x.md';

describe('lintPostmortem', () => {
  it('reports nothing for a complete report at default levels', () => {
    expect(lintPostmortem(makeParsed(), FILE)).toEqual([]);
  });

  it('reports each rule under its id at its default level, whole-file messages first', () => {
    const parsed = makeParsed({ title: null, date: null, timeline: [], actionItems: [makeItem({ line: 14 })] });
    expect(lintPostmortem(parsed, FILE)).toEqual([
      { file: FILE, line: null, severity: 'error', code: 'title', message: 'no title found' },
      {
        file: FILE,
        line: null,
        severity: 'error',
        code: 'date',
        message: 'no incident date found (front matter `date:`, the title, the file name or the timeline)',
      },
      { file: FILE, line: 7, severity: 'error', code: 'timeline', message: 'no timeline entries found' },
      {
        file: FILE,
        line: 14,
        severity: 'info',
        code: 'action-item-link',
        message: 'action item links no issue or pull request: "Do a thing"',
      },
    ]);
  });

  it('applies configured levels: off silences a rule, others change its severity', () => {
    const parsed = makeParsed({ title: null, summary: null, actionItems: [makeItem({ line: 14 })] });
    const messages = lintPostmortem(parsed, FILE, {
      title: 'warning',
      summary: 'off',
      'action-item-link': 'off',
      'action-item-owner': 'error',
    });
    expect(messages.map((m) => [m.code, m.severity, m.line])).toEqual([
      ['title', 'warning', null],
      ['action-item-owner', 'error', 14],
    ]);
  });

  it('passes other parser diagnostics through with their own severity and code', () => {
    const parsed = makeParsed({
      diagnostics: [
        { severity: 'error', code: 'date-invalid', message: 'February 30 is not a date', line: 5 },
        { severity: 'warning', code: 'timezone-assumed', message: 'no zone; assumed UTC', line: null },
        { severity: 'info', code: 'time-placeholder', message: 'time placeholder HH:mm', line: 11 },
      ],
    });
    expect(lintPostmortem(parsed, FILE)).toEqual([
      { file: FILE, line: 5, severity: 'error', code: 'date-invalid', message: 'February 30 is not a date' },
      { file: FILE, line: 11, severity: 'warning', code: 'placeholders', message: 'time placeholder HH:mm (time-placeholder)' },
    ]);
  });

  it('drops claimed diagnostics even when their rule is off', () => {
    const parsed = makeParsed({
      timezone: 'UTC',
      timezoneSource: 'default',
      diagnostics: [{ severity: 'warning', code: 'timezone-assumed', message: 'assumed UTC', line: null }],
    });
    expect(lintPostmortem(parsed, FILE, { timezone: 'off' })).toEqual([]);
  });
});

describe('compareMessages', () => {
  it('orders by file, then line with whole-file messages first, stable for ties', () => {
    const m = (file: string, line: number | null, code: string): LintMessage => ({
      file,
      line,
      code,
      severity: 'warning',
      message: '',
    });
    const sorted = [m('b.md', 1, 'a'), m('a.md', 9, 'b'), m('a.md', null, 'c'), m('a.md', 9, 'd'), m('a.md', 2, 'e')].sort(
      compareMessages,
    );
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.code}`)).toEqual([
      'a.md:null:c',
      'a.md:2:e',
      'a.md:9:b',
      'a.md:9:d',
      'b.md:1:a',
    ]);
  });
});
