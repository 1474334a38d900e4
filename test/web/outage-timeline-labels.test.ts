/**
 * Where the outage timeline puts its milestone and role labels (web/src/lib/outage-timeline-labels.ts): off the
 * markers and off each other, greedily, as close to what they name as there is room for.
 */
import { describe, expect, it } from 'vitest';
import { placeLabels, placeMilestoneLabels, placeRoleLabels, textWidth, type Box } from '../../web/src/lib/outage-timeline-labels.ts';

const box = (left: number, right: number, top = 0, bottom = 10): Box => ({ left, right, top, bottom });
const overlaps = (a: Box, b: Box) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

describe('placeLabels', () => {
  it('takes the first candidate that overlaps nothing, and is in the way of the labels after it', () => {
    const candidates = [
      { value: 'a', solid: [box(0, 10)] },
      { value: 'b', solid: [box(20, 30)] },
    ];
    expect(placeLabels([candidates, candidates, candidates], { solid: [] })).toEqual([0, 1, 0]);
    expect(placeLabels([candidates], { solid: [box(5, 6)] })).toEqual([1]);
  });

  it('stays inside the bounds, and takes the least overlap when everything overlaps', () => {
    const candidates = [
      { value: 'outside', solid: [box(-5, 5)] },
      { value: 'much', solid: [box(10, 30)] },
      { value: 'little', solid: [box(28, 48)] },
    ];
    expect(placeLabels([candidates], { solid: [box(0, 30)], bounds: box(0, 100, -100, 100) })).toEqual([2]);
  });

  it('would rather cross a line than a text, and rather neither', () => {
    const candidates = [
      { value: 'over text', solid: [box(0, 10)] },
      { value: 'over a line', solid: [box(20, 30)] },
      { value: 'free', solid: [box(40, 50)] },
    ];
    expect(placeLabels([candidates], { solid: [box(0, 10)], thin: [box(25, 26)] })).toEqual([2]);
    expect(placeLabels([candidates.slice(0, 2)], { solid: [box(0, 10)], thin: [box(25, 26)] })).toEqual([1]);
  });
});

describe('placeMilestoneLabels', () => {
  const options = { width: 800, lineBottom: 100 };

  it('puts labels on the first row, right of their line, while there is room', () => {
    expect(placeMilestoneLabels([{ kind: 'started', x: 100 }, { kind: 'detected', x: 300 }, { kind: 'mitigated', x: 500 }], options)).toEqual([
      { row: 0, flip: false, text: 'started' },
      { row: 0, flip: false, text: 'detected' },
      { row: 0, flip: false, text: 'mitigated' },
    ]);
  });

  it('moves close ones to other rows, and flips one at the right edge to end at its line', () => {
    const labels = placeMilestoneLabels(
      [
        { kind: 'started', x: 700 },
        { kind: 'detected', x: 730 },
        { kind: 'mitigated', x: 790 },
      ],
      options,
    );
    expect(labels.map((label) => label.text)).toEqual(['started', 'detected', 'mitigated']);
    expect(labels[2]!.flip).toBe(true);
    // No two texts overlap.
    const boxes = labels.map((label, i) => {
      const x = [700, 730, 790][i]!;
      const width = textWidth(label.text!, 6.2) + 4;
      return box(label.flip ? x - width : x, label.flip ? x : x + width, label.row * 13, label.row * 13 + 13);
    });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${i} and ${j}`).toBe(false);
    for (const b of boxes) expect(b.right).toBeLessThanOrEqual(800);
  });

  it('names milestones of one instant in one label, and one with no room in the nearest label', () => {
    const same = placeMilestoneLabels(['started', 'detected', 'mitigated'].map((kind) => ({ kind, x: 400 })), options);
    expect(same.map((label) => label.text)).toEqual(['started, detected, mitigated', null, null]);
    // Five within a few px, one row only: no room beside the first, so all are named in its label.
    const crowded = placeMilestoneLabels(
      ['started', 'detected', 'declared', 'mitigated', 'resolved'].map((kind, i) => ({ kind, x: 400 + i * 3 })),
      { ...options, rows: 1 },
    );
    expect(crowded.map((label) => label.text)).toEqual(['started, detected, declared, mitigated, resolved', null, null, null, null]);
    // Two rows: the second takes some of them.
    const two = placeMilestoneLabels(
      ['started', 'detected', 'declared', 'mitigated', 'resolved'].map((kind, i) => ({ kind, x: 400 + i * 3 })),
      { ...options, rows: 2 },
    );
    expect(two.filter((label) => label.text !== null).map((label) => label.row)).toEqual([0, 1]);
    expect(two.flatMap((label) => (label.text ?? '').split(', ').filter(Boolean)).sort()).toEqual(['declared', 'detected', 'mitigated', 'resolved', 'started']);
  });
});

describe('placeRoleLabels', () => {
  const bounds = box(100, 800, 0, 200);

  it('puts a label right of its marker, else left, else above or below it, never over another marker', () => {
    const markers = [
      { x: 300, y: 100, radius: 12 },
      { x: 790, y: 100, radius: 12 },
      { x: 745, y: 100, radius: 7 },
      { x: 500, y: 100, radius: 12 },
      { x: 530, y: 100, radius: 7 },
      { x: 470, y: 100, radius: 7 },
    ];
    const labels = placeRoleLabels(
      [
        { ...markers[0]!, text: 'suspect' },
        { ...markers[1]!, text: 'recovery' },
        { ...markers[3]!, text: 'cause' },
      ],
      { markers, bounds },
    );
    expect(labels[0]).toEqual({ dx: 14, dy: 0, anchor: 'start' });
    // At the right edge, with a deploy 45 px to its left: not beside it, and not centred (that would leave the chart).
    expect(labels[1]!.dy).toBeLessThan(0);
    // Hemmed in on both sides: centred above it.
    expect(labels[2]).toMatchObject({ dx: 0, anchor: 'middle' });
    expect(labels[2]!.dy).toBeLessThan(0);
    // None over a marker, none outside the plot.
    const boxes = labels.map((label, i) => {
      const marker = markers[[0, 1, 3][i]!]!;
      const width = textWidth(['suspect', 'recovery', 'cause'][i]!, 7);
      const x = marker.x + label.dx;
      const left = label.anchor === 'start' ? x : label.anchor === 'end' ? x - width : x - width / 2;
      return box(left, left + width, marker.y + label.dy - 6, marker.y + label.dy + 6);
    });
    for (const label of boxes) {
      expect(label.left).toBeGreaterThanOrEqual(bounds.left);
      expect(label.right).toBeLessThanOrEqual(bounds.right);
      for (const marker of markers) expect(overlaps(label, box(marker.x - marker.radius, marker.x + marker.radius, marker.y - marker.radius, marker.y + marker.radius))).toBe(false);
    }
  });
});
