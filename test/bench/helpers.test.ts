import { describe, expect, it } from 'vitest';
import { repeatToSize } from './inputs.ts';
import { median, timeCases } from './measure.ts';

describe('bench helpers', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('repeats documents in order until the target size is reached', () => {
    expect(repeatToSize(['ab', 'cde'], 6)).toEqual({ texts: ['ab', 'cde', 'ab', 'cde'], bytes: 10 });
    expect(repeatToSize(['é'], 3)).toEqual({ texts: ['é', 'é'], bytes: 4 });
    expect(repeatToSize([], 10)).toEqual({ texts: [], bytes: 0 });
    expect(repeatToSize([''], 10)).toEqual({ texts: [], bytes: 0 });
  });

  it('runs every case once per round after the warm-up, alternating', () => {
    const order: string[] = [];
    const make = (name: string) => ({ name, run: (inputs: readonly string[]) => (order.push(name), inputs.length) });
    const timings = timeCases([make('A'), make('B')], ['x', 'y'], 2_000_000, { warmup: 1, rounds: 3, collectGarbage: false });
    expect(order).toEqual(['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B']);
    expect(timings.map((t) => [t.name, t.runsMs.length, t.checksum])).toEqual([['A', 3, 2], ['B', 3, 2]]);
    expect(timings[0]?.mbPerSecond).toBeCloseTo(2 / ((timings[0]?.medianMs ?? 0) / 1000), 6);
  });
});
