/// <reference lib="dom" />
/**
 * DoraSummary and DeliveryChart rendered in jsdom with the example data's numbers: the three DORA figures with
 * their words, bars per period and environment with failures marked, the change failure rate as text, the table.
 */
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DeliveryChart from '../../../web/src/components/DeliveryChart.svelte';
import DoraSummary from '../../../web/src/components/DoraSummary.svelte';
import type { DeliveryStats } from '../../../web/src/lib/api-types.ts';

// `GET /api/stats` over the example deployments (postmortems/deployments.ndjson), every environment, by month.
const EXAMPLE: DeliveryStats = {
  period: 'month',
  environment: null,
  environments: ['production', 'staging'],
  perPeriod: [
    { period: '2018-01', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 },
    { period: '2018-01', environment: 'staging', deployments: 4, failures: 0, changeFailureRate: 0 },
    { period: '2023-11', environment: 'production', deployments: 4, failures: 1, changeFailureRate: 0.25 },
    { period: '2023-11', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
    { period: '2024-03', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 },
    { period: '2024-06', environment: 'production', deployments: 2, failures: 1, changeFailureRate: 0.5 },
    { period: '2024-06', environment: 'staging', deployments: 1, failures: 0, changeFailureRate: 0 },
  ],
  frequency: { deployments: 17, days: 2373, perDay: 0.007163927517909819, perWeek: 0.05014749262536873, level: 'less-than-monthly' },
  changeFailureRate: { deployments: 17, failures: 3, rate: 0.17647058823529413, unconfirmedSuspects: 1 },
  timeToRestore: { count: 4, median: 7680, p90: 18474 },
};

const text = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('DoraSummary', () => {
  function setup(stats: DeliveryStats = EXAMPLE) {
    const result = render(DoraSummary, { props: { stats, scope: 'Every environment, all time.' } });
    const metric = (name: string) => text(result.container.querySelector(`[data-metric="${name}"]`));
    return { ...result, metric };
  }

  it('shows the deployment frequency per week with its DORA band', () => {
    const { metric } = setup();
    expect(metric('frequency')).toBe('Deployment frequency 0.05 per week Less than monthly 17 deployments in 2373 days');
  });

  it('shows the change failure rate with the suspects nobody confirmed', () => {
    const { metric } = setup();
    expect(metric('change-failure-rate')).toBe('Change failure rate 18 % 3 failures of 17 deployments 1 suspect not yet confirmed');
    const none = setup({ ...EXAMPLE, changeFailureRate: { ...EXAMPLE.changeFailureRate, unconfirmedSuspects: 0 } });
    expect(within(none.container).queryAllByText(/not yet confirmed/)).toHaveLength(0);
  });

  it('shows time to restore as formatted durations', () => {
    const { metric } = setup();
    expect(metric('time-to-restore')).toBe('Time to restore median 2 h 8 min p90 5 h 7 min 4 incidents');
  });

  it('says what the figures cover, and shows dashes without deployments', () => {
    const { container } = setup({
      ...EXAMPLE,
      perPeriod: [],
      frequency: { deployments: 0, days: null, perDay: null, perWeek: null, level: null },
      changeFailureRate: { deployments: 0, failures: 0, rate: null, unconfirmedSuspects: 0 },
      timeToRestore: { count: 0, median: null, p90: null },
    });
    expect(text(container.querySelector('[data-metric="frequency"]'))).toBe('Deployment frequency — per week — 0 deployments');
    expect(text(container.querySelector('[data-metric="change-failure-rate"]'))).toBe('Change failure rate — 0 failures of 0 deployments');
    const list = container.querySelector('dl')!;
    expect(text(document.getElementById(list.getAttribute('aria-describedby')!))).toBe('Every environment, all time.');
  });
});

describe('DeliveryChart', () => {
  function setup(stats: DeliveryStats = EXAMPLE) {
    const result = render(DeliveryChart, { props: { stats } });
    const periods = () => [...result.container.querySelectorAll<SVGGElement>('g.period')];
    return { ...result, periods };
  }

  it('draws a group per period with deployments and a bar per environment', () => {
    const { periods } = setup();
    expect(periods().map((group) => [group.dataset.period, group.dataset.deployments, group.dataset.failures])).toEqual([
      ['2018-01', '7', '0'],
      ['2023-11', '5', '1'],
      ['2024-03', '2', '1'],
      ['2024-06', '3', '1'],
    ]);
    const bars = periods()[1]!.querySelectorAll<SVGGElement>('g.bar');
    expect([...bars].map((bar) => [bar.dataset.environment, bar.dataset.deployments, bar.dataset.failures])).toEqual([
      ['production', '4', '1'],
      ['staging', '1', '0'],
    ]);
  });

  it('scales bars to the most deployments and marks the failures in them', () => {
    const { periods } = setup();
    const height = (group: SVGGElement, environment: string, kind: 'deployments' | 'failures') =>
      Number(group.querySelector(`g.bar[data-environment="${environment}"] rect.${kind}`)?.getAttribute('height') ?? 0);
    const [jan2018, nov2023] = periods();
    expect(height(jan2018!, 'staging', 'deployments')).toBe(96);
    expect(height(nov2023!, 'production', 'deployments')).toBe(96);
    expect(height(jan2018!, 'production', 'deployments')).toBe(72);
    expect(height(nov2023!, 'production', 'failures')).toBe(24);
    expect(nov2023!.querySelector('g.bar[data-environment="staging"] rect.failures')).toBeNull();
    expect(text(nov2023!.querySelector('rect.failures title'))).toBe('Nov 2023, production: 1 failure');
    expect(text(nov2023!.querySelector('rect.deployments title'))).toBe('Nov 2023, production: 4 deployments, 1 failure (25 %)');
  });

  it('prints the change failure rate of each period', () => {
    const { periods } = setup();
    expect(periods().map((group) => text(group.querySelector('text.rate')))).toEqual(['0 %', '20 %', '50 %', '33 %']);
  });

  it('keys the chart without a made-up number: every number on it is a period’s', () => {
    const { container } = setup();
    const legend = [...container.querySelectorAll('ul.legend li')].map((li) => text(li));
    expect(legend).toEqual(['production', 'staging', 'failures (confirmed causes)', 'n % change failure rate, above each period']);
    expect(legend.join(' ')).not.toMatch(/\d/);
    // The only percentages drawn are the periods' rates.
    const printed = [...container.querySelectorAll('svg text')].map((node) => text(node)).filter((value) => /\d/.test(value) && value.includes('%'));
    expect(printed).toEqual(['0 %', '20 %', '50 %', '33 %']);
  });

  it('is named and summed up, with a table of the same numbers', () => {
    setup();
    const figure = screen.getByRole('figure');
    expect(figure.getAttribute('aria-labelledby')).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'Deployments per month: 17 deployments, 3 failures in 4 months with deployments, Jan 2018 to Jun 2024. Change failure rate 18 %, highest in Mar 2024 (50 %).',
    );
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.map((row) => [...row.children].map((cell) => text(cell)).join(' '))).toEqual([
      'Month production: deployments failures staging: deployments failures Change failure rate',
      'Jan 2018 3 0 4 0 0 %',
      'Nov 2023 4 1 1 0 20 %',
      'Mar 2024 2 1 0 0 50 %',
      'Jun 2024 2 1 1 0 33 %',
    ]);
  });

  it('draws one environment when filtered on it, by week', () => {
    const { periods } = setup({
      ...EXAMPLE,
      period: 'week',
      environment: 'production',
      perPeriod: [
        { period: '2018-01-22', environment: 'production', deployments: 3, failures: 0, changeFailureRate: 0 },
        { period: '2023-11-27', environment: 'production', deployments: 3, failures: 1, changeFailureRate: 1 / 3 },
      ],
    });
    expect(periods().map((group) => group.querySelectorAll('g.bar').length)).toEqual([1, 1]);
    expect(text(screen.getByRole('figure').querySelector('figcaption .title'))).toBe('production: deployments per week');
    expect(periods()[1]!.querySelector('path.break')).not.toBeNull();
  });

  it('draws nothing without deployments', () => {
    const { periods, container } = setup({ ...EXAMPLE, perPeriod: [] });
    expect(periods()).toHaveLength(0);
    expect(text(container.querySelector('figcaption .summary'))).toBe('No deployments in this range.');
    expect(container.querySelector('table')).toBeNull();
  });
});
