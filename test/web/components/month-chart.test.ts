/// <reference lib="dom" />
/** MonthChart rendered in jsdom: one bar per month, the summary for counts and levels, the table, the empty state. */
import { cleanup, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import MonthChart from '../../../web/src/components/MonthChart.svelte';

// No ResizeObserver in jsdom (test/web/components/setup.ts): widths fall back to 600 px.

const counts = { '2018-01': 2, '2018-02': 0, '2018-03': 5, '2018-04': 1 };

function setup(props: { counts: Record<string, number>; title?: string; unit?: string; kind?: 'count' | 'level' }) {
  const result = render(MonthChart, { props: { title: 'Incidents per month', unit: 'incidents', ...props } });
  const bars = () => [...result.container.querySelectorAll<SVGGElement>('g.bar')];
  const summary = () => result.container.querySelector('figcaption .summary')!.textContent;
  return { ...result, bars, summary };
}

describe('MonthChart', () => {
  it('draws one bar per month, in order, with its count', () => {
    const { bars } = setup({ counts });
    expect(bars().map((bar) => [bar.dataset.month, bar.dataset.count])).toEqual([
      ['2018-01', '2'],
      ['2018-02', '0'],
      ['2018-03', '5'],
      ['2018-04', '1'],
    ]);
    expect(bars().map((bar) => bar.querySelector('title')!.textContent)).toEqual([
      'Jan 2018: 2 incidents',
      'Feb 2018: 0 incidents',
      'Mar 2018: 5 incidents',
      'Apr 2018: 1 incident',
    ]);
  });

  it('scales the bars to the largest count', () => {
    const { bars } = setup({ counts });
    const heights = bars().map((bar) => Number(bar.querySelector('rect')!.getAttribute('height')));
    expect(heights[2]).toBe(96);
    expect(heights[0]).toBeCloseTo((2 / 5) * 96, 6);
    expect(heights[1]).toBe(0);
    expect(heights[3]).toBeCloseTo(96 / 5, 6);
    const xs = bars().map((bar) => Number(bar.querySelector('rect')!.getAttribute('x')));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
  });

  it('sums a count and names the busiest month', () => {
    const { summary } = setup({ counts });
    expect(summary()).toBe('8 incidents from Jan 2018 to Apr 2018; most in Mar 2018 (5).');
    expect(screen.getByRole('figure', { name: 'Incidents per month 8 incidents from Jan 2018 to Apr 2018; most in Mar 2018 (5).' })).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Incidents per month: 8 incidents from Jan 2018 to Apr 2018; most in Mar 2018 (5).');
  });

  it('gives the latest value of a level, and the peak', () => {
    const { summary } = setup({ counts: { '2018-01': 4, '2018-02': 6, '2018-03': 3 }, title: 'Open items', unit: 'open items', kind: 'level' });
    expect(summary()).toBe('3 open items at the end of Mar 2018; most in Feb 2018 (6).');
  });

  it('names no peak when months tie or every count is 0', () => {
    expect(setup({ counts: { '2018-01': 3, '2018-02': 3 } }).summary()).toBe('6 incidents from Jan 2018 to Feb 2018.');
    cleanup();
    expect(setup({ counts: { '2018-01': 3, '2018-02': 4, '2018-03': 3 } }).summary()).toBe('10 incidents from Jan 2018 to Mar 2018; most in Feb 2018 (4).');
    cleanup();
    expect(setup({ counts: { '2018-01': 0, '2018-02': 0 } }).summary()).toBe('0 incidents from Jan 2018 to Feb 2018.');
    cleanup();
    expect(setup({ counts: { '2018-01': 0 }, unit: 'open items', kind: 'level' }).summary()).toBe('0 open items at the end of Jan 2018.');
  });

  it('has the same numbers in a table for screen readers', () => {
    const { container } = setup({ counts });
    const table = container.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toBe('Incidents per month');
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Month', 'incidents']);
    expect([...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['Jan 2018', '2'],
      ['Feb 2018', '0'],
      ['Mar 2018', '5'],
      ['Apr 2018', '1'],
    ]);
  });

  it('follows new counts', async () => {
    const { bars, summary, rerender } = setup({ counts });
    await rerender({ counts: { '2019-12': 7 } });
    expect(bars().map((bar) => bar.dataset.count)).toEqual(['7']);
    expect(summary()).toBe('7 incidents in Dec 2019.');
  });

  it('says there is nothing to chart, without a plot or table, when there are no months', () => {
    const { container, summary } = setup({ counts: {} });
    expect(summary()).toBe('No incidents to chart.');
    expect(container.querySelector('svg')).toBeNull();
    expect(container.querySelector('table')).toBeNull();
    expect(container.querySelector('figcaption .title')!.textContent).toBe('Incidents per month');
  });
});

describe('MonthChart wording and size', () => {
  it('says one incident, and keeps a single month to a narrow bar', () => {
    const { container } = render(MonthChart, { props: { title: 'Incidents per month', unit: 'incidents', counts: { '2025-03': 1 } } });
    expect(container.querySelector('figcaption .summary')?.textContent).toBe('1 incident in Mar 2025.');
    expect(Number(container.querySelector('rect')?.getAttribute('width'))).toBeLessThanOrEqual(48);
  });

  it('anchors the first and last month labels inwards', () => {
    // 13 months over the 600 px jsdom fallback: the first and the last month both get a label at the edge.
    const counts = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [i < 12 ? `2024-${String(i + 1).padStart(2, '0')}` : '2025-01', i]));
    const { container } = render(MonthChart, { props: { title: 'Incidents per month', unit: 'incidents', counts } });
    const labels = [...container.querySelectorAll('svg text')];
    expect(labels[0]?.getAttribute('text-anchor')).toBe('start');
    expect(labels.at(-1)?.getAttribute('text-anchor')).toBe('end');
  });
});

describe('MonthChart axis labels', () => {
  it('never overlaps two labels, however many months', () => {
    for (const length of [7, 13, 30, 77, 150]) {
      const counts = Object.fromEntries(
        Array.from({ length }, (_, i) => [`${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, i % 4]),
      );
      const { container } = render(MonthChart, { props: { title: 'Incidents per month', unit: 'incidents', counts } });
      const extents = [...container.querySelectorAll('svg text')].map((label) => {
        const x = Number(label.getAttribute('x'));
        const anchor = label.getAttribute('text-anchor');
        const left = anchor === 'start' ? x : anchor === 'end' ? x - 50 : x - 25;
        return [left, left + 50] as const;
      });
      expect(extents.length, `${length} months`).toBeGreaterThan(0);
      for (let i = 1; i < extents.length; i++) expect(extents[i]![0], `${length} months, label ${i}`).toBeGreaterThanOrEqual(extents[i - 1]![1]);
      for (const [left, right] of extents) {
        expect(left).toBeGreaterThanOrEqual(0);
        expect(right).toBeLessThanOrEqual(600);
      }
      cleanup();
    }
  });
});
