/** The charts' shared marker rules: the key → next marker of the one tab stop, and where a tooltip goes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markerKeyAction, placeTooltip } from '../../web/src/lib/chart-keys.ts';

describe('markerKeyAction', () => {
  it.each([
    ['ArrowRight', 2, 3],
    ['ArrowDown', 2, 3],
    ['ArrowLeft', 2, 1],
    ['ArrowUp', 2, 1],
    ['Home', 3, 0],
    ['End', 1, 4],
    // At the ends, the arrows stay.
    ['ArrowRight', 4, 4],
    ['ArrowDown', 4, 4],
    ['ArrowLeft', 0, 0],
    ['ArrowUp', 0, 0],
  ])('%s on marker %i of 5 moves to marker %i', (key, order, index) => {
    expect(markerKeyAction(key, order, 5)).toEqual({ kind: 'move', index });
  });

  it('keeps a lone marker where it is', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'Home', 'End']) expect(markerKeyAction(key, 0, 1)).toEqual({ kind: 'move', index: 0 });
  });

  it('activates with Enter or Space and dismisses with Escape', () => {
    expect(markerKeyAction('Enter', 1, 5)).toEqual({ kind: 'activate' });
    expect(markerKeyAction(' ', 1, 5)).toEqual({ kind: 'activate' });
    expect(markerKeyAction('Escape', 1, 5)).toEqual({ kind: 'dismiss' });
  });

  it('leaves every other key to the browser', () => {
    for (const key of ['a', 'Tab', 'PageDown', 'Spacebar', 'enter', 'Esc', '']) expect(markerKeyAction(key, 1, 5)).toBeNull();
  });

  it('always moves to a marker that exists', () => {
    const keys = fc.constantFrom('ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End');
    const position = fc.integer({ min: 1, max: 500 }).chain((count) => fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.constant(count)));
    fc.assert(
      fc.property(keys, position, (key, [order, count]) => {
        const action = markerKeyAction(key, order, count);
        expect(action?.kind).toBe('move');
        const index = (action as { index: number }).index;
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(count);
        expect(Math.abs(index - order) <= 1 || key === 'Home' || key === 'End').toBe(true);
      }),
    );
  });
});

describe('placeTooltip', () => {
  const options = { below: 14, minWidth: 140 };

  it('grows right from a marker in the left part, left from one in the right part, both ways in the middle', () => {
    expect(placeTooltip(100, 40, 800, options)).toEqual({ left: 100, top: 54, align: 'start', maxWidth: 696 });
    expect(placeTooltip(700, 40, 800, options)).toEqual({ left: 700, top: 54, align: 'end', maxWidth: 696 });
    expect(placeTooltip(350, 40, 800, options)).toEqual({ left: 350, top: 54, align: 'middle', maxWidth: 696 });
    expect(placeTooltip(450, 40, 800, options)).toEqual({ left: 450, top: 54, align: 'middle', maxWidth: 696 });
  });

  it('switches at 38 % and 62 % of the width', () => {
    expect(placeTooltip(304, 0, 800, options).align).toBe('middle');
    expect(placeTooltip(303.9, 0, 800, options).align).toBe('start');
    expect(placeTooltip(496, 0, 800, options).align).toBe('middle');
    expect(placeTooltip(496.1, 0, 800, options).align).toBe('end');
  });

  it('keeps the least width at the very edges', () => {
    expect(placeTooltip(798, 0, 800, options).maxWidth).toBe(794);
    expect(placeTooltip(300, 0, 300, options).maxWidth).toBe(296);
    expect(placeTooltip(0, 0, 100, { below: 12, minWidth: 120 })).toEqual({ left: 0, top: 12, align: 'start', maxWidth: 120 });
    expect(placeTooltip(100, 0, 100, { below: 12, minWidth: 120 })).toEqual({ left: 100, top: 12, align: 'end', maxWidth: 120 });
  });

  it('never lets a tooltip wider than its least width stick out of the chart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), (width, share) => {
        const x = width * share;
        const { align, maxWidth } = placeTooltip(x, 0, width, { below: 12, minWidth: 0 });
        const [leftEdge, rightEdge] = align === 'start' ? [x, x + maxWidth] : align === 'end' ? [x - maxWidth, x] : [x - maxWidth / 2, x + maxWidth / 2];
        expect(leftEdge).toBeGreaterThanOrEqual(0);
        expect(rightEdge).toBeLessThanOrEqual(width);
      }),
    );
  });
});
