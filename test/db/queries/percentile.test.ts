import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from '../../../server/db/queries/percentile.ts';
import { cumulateMonths, fillMonths, nextMonth } from '../../../server/db/queries/months.ts';

describe('percentile (linear interpolation between closest ranks, type 7)', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('matches the textbook values', () => {
    expect(percentile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile(oneToTen, 0.5)).toBe(5.5);
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 1)).toBe(10);
    expect(percentile([300, 600, 1500], 0.9)).toBeCloseTo(1320, 10);
  });

  it('gives the middle value or the mean of the two middle ones as median', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([1, 2, 8, 9])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it('gives null for no values and refuses p outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('summarizes count, median and p90', () => {
    expect(summarize([10, 20])).toEqual({ count: 2, median: 15, p90: 19 });
    expect(summarize([])).toEqual({ count: 0, median: null, p90: null });
  });
});

describe('months', () => {
  it('steps over the year end', () => {
    expect(nextMonth('2023-12')).toBe('2024-01');
    expect(nextMonth('2024-09')).toBe('2024-10');
  });

  it('fills the months between the first and the last with zeros, in order', () => {
    const filled = fillMonths(new Map([['2024-02', 2], ['2023-11', 1]]));
    expect(Object.entries(filled)).toEqual([
      ['2023-11', 1],
      ['2023-12', 0],
      ['2024-01', 0],
      ['2024-02', 2],
    ]);
    expect(fillMonths(new Map())).toEqual({});
  });

  it('sums changes into running totals, month by month', () => {
    const changes = new Map([['2024-02', -1], ['2023-11', 2], ['2024-01', 1], ['2024-04', -2]]);
    expect(Object.entries(cumulateMonths(changes))).toEqual([
      ['2023-11', 2],
      ['2023-12', 2],
      ['2024-01', 3],
      ['2024-02', 2],
      ['2024-03', 2],
      ['2024-04', 0],
    ]);
    // Changes before the range count; after it, not.
    expect(cumulateMonths(changes, { from: '2024-01', to: '2024-02' })).toEqual({ '2024-01': 3, '2024-02': 2 });
    expect(cumulateMonths(changes, { from: '2024-03', to: '2024-05' })).toEqual({ '2024-03': 2, '2024-04': 0, '2024-05': 0 });
    expect(cumulateMonths(changes, { from: '2024-05', to: '2024-04' })).toEqual({});
    expect(cumulateMonths(new Map())).toEqual({});
  });
});
