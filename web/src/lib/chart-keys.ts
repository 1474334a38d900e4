/**
 * The rules the time charts (the deployment strip, the outage timeline) share for their markers: what a key pressed
 * on a marker does among the markers in time order, and where a marker's tooltip goes so that it stays inside the
 * chart. Pure: keys and positions in, plain data out.
 */

/** What a key pressed on a marker asks for. */
export type MarkerKeyAction =
  /** Move focus, and the one tab stop, to the marker at `index` (the same one when already at that end). */
  | { kind: 'move'; index: number }
  /** Enter or Space: the marker's own action, as a click. */
  | { kind: 'activate' }
  /** Escape: hide the tooltip without moving, as content shown on hover or focus must allow (WCAG 1.4.13). */
  | { kind: 'dismiss' };

/**
 * The action of `key` (a `KeyboardEvent.key`) on the marker at `order` of `count` markers in time order: Arrow
 * Right or Down the next, Arrow Left or Up the previous (staying at the ends), Home the first, End the last; Enter
 * and Space activate; Escape dismisses. Null for any other key, which the chart leaves to the browser.
 */
export function markerKeyAction(key: string, order: number, count: number): MarkerKeyAction | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return { kind: 'move', index: Math.min(order + 1, last) };
    case 'ArrowLeft':
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(order - 1, 0) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: last };
    case 'Enter':
    case ' ':
      return { kind: 'activate' };
    case 'Escape':
      return { kind: 'dismiss' };
    default:
      return null;
  }
}

/** Where a marker's tooltip goes, in the chart's pixels. */
export interface TooltipPlacement {
  /** The marker's x: where the tooltip's `align` edge stands. */
  left: number;
  /** `below` under the marker's centre. */
  top: number;
  /**
   * Which way it grows from `left` (the `align-*` class): `start` to the right in the left 38 % of the chart, `end`
   * to the left in the right 38 %, `middle` both ways between.
   */
  align: 'start' | 'middle' | 'end';
  /** The room on the side(s) it grows to, less 4 px, so that it never sticks out of the chart; at least `minWidth`. */
  maxWidth: number;
}

export interface TooltipOptions {
  /** From the marker's centre down to the tooltip's top (px). */
  below: number;
  /** The least `maxWidth`, for a marker at the very edge (px). */
  minWidth: number;
}

/** The tooltip of a marker at (`x`, `y`) in a chart `width` pixels wide. */
export function placeTooltip(x: number, y: number, width: number, options: TooltipOptions): TooltipPlacement {
  const align = x > width * 0.62 ? 'end' : x < width * 0.38 ? 'start' : 'middle';
  const room = align === 'start' ? width - x : align === 'end' ? x : 2 * Math.min(x, width - x);
  return { left: x, top: y + options.below, align, maxWidth: Math.max(room - 4, options.minWidth) };
}
