/// <reference lib="dom" />
/** DiagnosticList rendered in jsdom: errors first, then by line, each with `path:line`; the message when there are none. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DiagnosticList from '../../../web/src/components/DiagnosticList.svelte';
import type { Diagnostic } from '../../../web/src/lib/api-types.ts';


const PATH = 'postmortems/2018-01-25-datahub.md';
const diagnostics: Diagnostic[] = [
  { severity: 'info', code: 'timezone-default', message: 'No time zone stated; UTC assumed.', line: 3 },
  { severity: 'warning', code: 'timeline-unparsed', message: 'A timeline line has no time.', line: 40 },
  { severity: 'error', code: 'date-invalid', message: 'The date 2018-02-30 does not exist.', line: 20 },
  { severity: 'error', code: 'no-title', message: 'The file has no title.', line: null },
  { severity: 'warning', code: 'owner-missing', message: 'An action item has no owner.', line: 12 },
];

function rows(container: HTMLElement) {
  return [...container.querySelectorAll<HTMLLIElement>('ul.diagnostics > li')].map((li) => ({
    severity: li.className.split(' ').find((name) => ['error', 'warning', 'info'].includes(name)),
    where: li.querySelector('.where')!.textContent,
    label: li.querySelector('.severity')!.textContent,
    message: li.querySelector('.message')!.textContent,
    code: li.querySelector('.code')!.textContent,
  }));
}

describe('DiagnosticList', () => {
  it('lists errors first, then warnings, then infos, each by line (the whole file first)', () => {
    const { container } = render(DiagnosticList, { props: { diagnostics, sourcePath: PATH } });
    expect(rows(container)).toEqual([
      { severity: 'error', where: PATH, label: 'error', message: 'The file has no title.', code: 'no-title' },
      { severity: 'error', where: `${PATH}:20`, label: 'error', message: 'The date 2018-02-30 does not exist.', code: 'date-invalid' },
      { severity: 'warning', where: `${PATH}:12`, label: 'warning', message: 'An action item has no owner.', code: 'owner-missing' },
      { severity: 'warning', where: `${PATH}:40`, label: 'warning', message: 'A timeline line has no time.', code: 'timeline-unparsed' },
      { severity: 'info', where: `${PATH}:3`, label: 'info', message: 'No time zone stated; UTC assumed.', code: 'timezone-default' },
    ]);
  });

  it('follows new diagnostics', async () => {
    const { container, rerender } = render(DiagnosticList, { props: { diagnostics, sourcePath: PATH } });
    await rerender({ diagnostics: [{ severity: 'info', code: 'x', message: 'Only this.', line: 7 }], sourcePath: 'other.md' });
    expect(rows(container)).toEqual([{ severity: 'info', where: 'other.md:7', label: 'info', message: 'Only this.', code: 'x' }]);
    await rerender({ diagnostics: [] });
    expect(screen.getByText('The parser read the whole file without a problem.')).toBeTruthy();
  });

  it('says the file was read without a problem when there are none', () => {
    const { container } = render(DiagnosticList, { props: { diagnostics: [], sourcePath: PATH } });
    expect(screen.getByText('The parser read the whole file without a problem.')).toBeTruthy();
    expect(container.querySelector('ul')).toBeNull();
  });
});
