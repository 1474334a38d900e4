import { describe, expect, it } from 'vitest';
import {
  escapeData,
  escapeProperty,
  formatGithubAnnotation,
  formatMessageLine,
  formatSummary,
} from '../../server/cli/format-messages.ts';
import type { Diagnostic } from '../../server/domain/postmortem.ts';

describe('formatMessageLine', () => {
  it('prints file:line: severity code message, without the line for whole-file messages', () => {
    expect(formatMessageLine('pm/x.md', { severity: 'warning', code: 'time-placeholder', message: 'HH:mm left', line: 12 })).toBe(
      'pm/x.md:12: warning time-placeholder HH:mm left',
    );
    expect(formatMessageLine('pm/x.md', { severity: 'error', code: 'title', message: 'no title found', line: null })).toBe(
      'pm/x.md: error title no title found',
    );
  });
});

describe('GitHub annotations', () => {
  it('escapes %, CR and LF in the message', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
  });

  it('also escapes : and , in properties', () => {
    expect(escapeProperty('dir:a,b/100%.md\n')).toBe('dir%3Aa%2Cb/100%25.md%0A');
  });

  it('maps severities to error, warning and notice; line only when known', () => {
    expect(
      formatGithubAnnotation({ file: 'pm/a,b.md', line: 7, severity: 'error', code: 'timeline', message: 'no entries: 50%\nsee docs' }),
    ).toBe('::error file=pm/a%2Cb.md,line=7,title=timeline::no entries: 50%25%0Asee docs');
    expect(formatGithubAnnotation({ file: 'x.md', line: null, severity: 'warning', code: 'summary', message: 'no summary found' })).toBe(
      '::warning file=x.md,title=summary::no summary found',
    );
    expect(formatGithubAnnotation({ file: 'x.md', line: 3, severity: 'info', code: 'action-item-link', message: 'm' })).toBe(
      '::notice file=x.md,line=3,title=action-item-link::m',
    );
  });
});

describe('formatSummary', () => {
  const d = (severity: Diagnostic['severity']): Diagnostic => ({ severity, code: 'c', message: 'm', line: null });

  it('counts files, errors and warnings, with singulars', () => {
    expect(formatSummary(3, [d('error'), d('warning'), d('warning')])).toBe('3 files, 1 error, 2 warnings');
    expect(formatSummary(1, [])).toBe('1 file, 0 errors, 0 warnings');
  });

  it('adds infos only when there are some', () => {
    expect(formatSummary(2, [d('info'), d('info'), d('error')])).toBe('2 files, 1 error, 0 warnings, 2 infos');
  });
});
