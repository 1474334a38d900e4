/**
 * Where the outage timeline puts its words so that they do not overlap: the milestone labels above the incident
 * lane (`started`, `detected` ...) and the role labels next to a deployment (`suspect`, `cause`, `recovery`).
 * A simple greedy placement: each label, in turn, takes the first of its candidate positions that overlaps nothing
 * placed before it (markers, other labels); when every candidate overlaps something, the one that overlaps least.
 * Pure geometry in px: no DOM, no fonts (text widths are estimated per character).
 */

/** A rectangle, in px from the chart's top left. */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A place a label may go: the solid boxes it covers (its text) and the thin ones (a milestone's line). */
export interface Candidate<T> {
  value: T;
  /** Text: must not overlap any other solid or thin box. */
  solid: Box[];
  /** Lines: must not cross any solid box; lines crossing lines are fine. Default: none. */
  thin?: Box[];
}

/** What `placeLabels` puts around the labels. */
export interface Surroundings {
  /** Solid boxes in the way (the markers). */
  solid: readonly Box[];
  /** Thin ones (lines drawn already). Default: none. */
  thin?: readonly Box[];
  /** The area labels must stay inside. Default: anywhere. */
  bounds?: Box;
}

/** A crossing of a line and a text costs this much; any overlap of two texts costs more than every crossing together. */
const LINE_COST = 1;
const TEXT_COST = 1000;

function overlap(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

function outside(box: Box, bounds: Box | undefined): boolean {
  return bounds !== undefined && (box.left < bounds.left || box.right > bounds.right || box.top < bounds.top || box.bottom > bounds.bottom);
}

/**
 * For each label in order (each a list of candidates, the preferred first), the index of the candidate it takes:
 * the first that stays inside `bounds` and overlaps nothing; else, among those inside, the one whose text overlaps
 * the least text and markers (area), crossing the fewest lines; else (none inside) the first. What a label takes is
 * in the way of the labels after it.
 */
export function placeLabels<T>(labels: ReadonlyArray<ReadonlyArray<Candidate<T>>>, surroundings: Surroundings): number[] {
  const solid: Box[] = [...surroundings.solid];
  const thin: Box[] = [...(surroundings.thin ?? [])];
  return labels.map((candidates) => {
    let best = -1;
    let bestCost = Infinity;
    candidates.forEach((candidate, index) => {
      if (bestCost === 0) return;
      if (candidate.solid.some((box) => outside(box, surroundings.bounds))) return;
      let cost = 0;
      for (const box of candidate.solid) {
        for (const other of solid) cost += overlap(box, other) * TEXT_COST;
        for (const line of thin) if (overlap(box, line) > 0) cost += LINE_COST;
      }
      for (const line of candidate.thin ?? []) for (const other of solid) if (overlap(line, other) > 0) cost += LINE_COST;
      if (cost < bestCost) {
        best = index;
        bestCost = cost;
      }
    });
    const chosen = best === -1 ? 0 : best;
    const taken = candidates[chosen];
    if (taken) {
      solid.push(...taken.solid);
      thin.push(...(taken.thin ?? []));
    }
    return taken ? chosen : -1;
  });
}

/** Whether a placement's text overlaps another text or a marker (not merely crossing a line). */
function textOverlaps(box: Box, others: readonly Box[]): boolean {
  return others.some((other) => overlap(box, other) > 0);
}

/** Estimated width of `text` in px at `charWidth` px a character. */
export function textWidth(text: string, charWidth: number): number {
  return Math.ceil(text.length * charWidth);
}

/** A milestone to label: its name and the x of its line. */
export interface MilestoneLabelInput {
  kind: string;
  x: number;
}

/** Where a milestone's label goes: its row, the side of its line, and its text (null: named in another label). */
export interface MilestoneLabel {
  row: number;
  /** The text ends at the line (left of it) instead of starting there. */
  flip: boolean;
  text: string | null;
}

/** What `placeMilestoneLabels` needs. */
export interface MilestoneLabelOptions {
  /** The chart's width: labels stay inside [0, width]. */
  width: number;
  /** Rows available above the incident lane. Default: 3. */
  rows?: number;
  /** Height of a row (px). Default: 13. */
  rowHeight?: number;
  /** Where each line ends (the incident lane's bottom), px from the top. */
  lineBottom: number;
  /** px a character. Default: 6.2 (11 px text). */
  charWidth?: number;
}

/** The gap between a milestone's line and its text (px). */
export const MILESTONE_TEXT_GAP = 3;

/**
 * Labels for milestones (in the order given; lines at `x`), each in one of `rows` rows, starting at its line or
 * (flipped) ending at it: greedy, in order of x, each taking the first row and side where its text overlaps no
 * other label and stays inside the chart, preferring places where it crosses no other milestone's line (a line runs
 * from its label's row down to `lineBottom`), and where its own line crosses no label. Milestones at one instant
 * (less than a px apart) share a label (`detected, declared`); a milestone that finds no free place is named in the
 * label of the nearest one placed (`mitigated, resolved`: a zoomed-out chart) instead of printed over another. Returned in the order given; the row count used is the
 * largest `row` + 1.
 */
export function placeMilestoneLabels(milestones: readonly MilestoneLabelInput[], options: MilestoneLabelOptions): MilestoneLabel[] {
  const rows = options.rows ?? 3;
  const rowHeight = options.rowHeight ?? 13;
  const charWidth = options.charWidth ?? 6.2;
  const bounds: Box = { left: 0, right: options.width, top: -Infinity, bottom: Infinity };
  const order = milestones.map((milestone, index) => ({ ...milestone, index })).sort((a, b) => a.x - b.x || a.index - b.index);
  const result: MilestoneLabel[] = milestones.map(() => ({ row: 0, flip: false, text: null }));
  const placed: Array<{ index: number; x: number; box: Box; line: Box; text: string; row: number; flip: boolean }> = [];

  const boxOf = (x: number, text: string, row: number, flip: boolean): Box => {
    const width = MILESTONE_TEXT_GAP + textWidth(text, charWidth) + 1;
    return { left: flip ? x - width : x, right: flip ? x : x + width, top: row * rowHeight + 1, bottom: (row + 1) * rowHeight };
  };
  const lineOf = (x: number, row: number): Box => ({ left: x - 0.5, right: x + 0.5, top: row * rowHeight + 4, bottom: options.lineBottom });

  const merge = (into: (typeof placed)[number], milestone: (typeof order)[number]) => {
    into.text = `${into.text}, ${milestone.kind}`;
    if (!into.flip && boxOf(into.x, into.text, into.row, false).right > options.width) into.flip = true;
    into.box = boxOf(into.x, into.text, into.row, into.flip);
    result[into.index] = { row: into.row, flip: into.flip, text: into.text };
    result[milestone.index] = { row: into.row, flip: into.flip, text: null };
  };

  for (const milestone of order) {
    // Milestones at one instant share one label.
    const same = placed.find((label) => Math.abs(label.x - milestone.x) < 1);
    if (same) {
      merge(same, milestone);
      continue;
    }
    const candidates: Array<Candidate<{ row: number; flip: boolean }>> = [];
    for (let row = 0; row < rows; row += 1) {
      const rightFits = boxOf(milestone.x, milestone.kind, row, false).right <= options.width;
      for (const flip of rightFits ? [false, true] : [true, false]) {
        // The own line is left out of the text's box: it touches its own label by design.
        candidates.push({ value: { row, flip }, solid: [boxOf(milestone.x, milestone.kind, row, flip)], thin: [lineOf(milestone.x, row)] });
      }
    }
    const [choice] = placeLabels([candidates], {
      solid: placed.map((label) => label.box),
      thin: placed.map((label) => label.line),
      bounds,
    });
    const taken = candidates[choice ?? 0]!;
    const textBoxes = placed.map((label) => label.box);
    if (placed.length > 0 && (textOverlaps(taken.solid[0]!, textBoxes) || taken.solid.some((box) => box.left < 0 || box.right > options.width))) {
      // No room anywhere: named in the label of the nearest milestone placed, which grows to hold it.
      // (among equally near ones, the last placed: the lowest row of a pile)
      merge(placed.reduce((best, label) => (Math.abs(label.x - milestone.x) <= Math.abs(best.x - milestone.x) ? label : best)), milestone);
      continue;
    }
    const { row, flip } = taken.value;
    placed.push({ index: milestone.index, x: milestone.x, box: taken.solid[0]!, line: lineOf(milestone.x, row), text: milestone.kind, row, flip });
    result[milestone.index] = { row, flip, text: milestone.kind };
  }
  return result;
}

/** A marker drawn on the chart: its centre and how far it reaches each way (px). */
export interface MarkerBox {
  x: number;
  y: number;
  radius: number;
}

/** A marker to label, and its label's text. */
export interface RoleLabelInput extends MarkerBox {
  text: string;
}

/** Where a role label goes, relative to its marker's centre: the text's anchor point and alignment. */
export interface RoleLabel {
  dx: number;
  dy: number;
  anchor: 'start' | 'middle' | 'end';
}

/** What `placeRoleLabels` needs. */
export interface RoleLabelOptions {
  /** Every marker drawn (the labelled ones too): labels keep off them. */
  markers: readonly MarkerBox[];
  /** The area of the plot (the lanes, right of the gutter): labels stay inside it. */
  bounds: Box;
  /** Lines already drawn that a label should rather not cross (the milestones'). Default: none. */
  lines?: readonly Box[];
  /** px a character. Default: 7 (bold 11 px text). */
  charWidth?: number;
  /** From a marker's centre to the near end of its label beside it (px). Default: 14. */
  gap?: number;
  /** Half the height of a label (px). Default: 6. */
  halfHeight?: number;
}

/**
 * Places the role labels (`suspect`, `cause`, `recovery`) of `labels`, in order, greedily: right of the marker,
 * else left of it, else centred above it, else centred below it, else diagonally above or below on either side;
 * the first where the text stays inside `bounds` and overlaps no marker and no label placed before it, else the one
 * that overlaps least. Returned in the order given.
 */
export function placeRoleLabels(labels: readonly RoleLabelInput[], options: RoleLabelOptions): RoleLabel[] {
  const charWidth = options.charWidth ?? 7;
  const gap = options.gap ?? 14;
  const half = options.halfHeight ?? 6;
  const solid: Box[] = options.markers.map((marker) => ({ left: marker.x - marker.radius, right: marker.x + marker.radius, top: marker.y - marker.radius, bottom: marker.y + marker.radius }));
  const candidates = labels.map((label) => {
    const width = textWidth(label.text, charWidth);
    const above = -(label.radius + half + 1);
    const below = label.radius + half + 1;
    const places: RoleLabel[] = [
      { dx: gap, dy: 0, anchor: 'start' },
      { dx: -gap, dy: 0, anchor: 'end' },
      { dx: 0, dy: above, anchor: 'middle' },
      { dx: 0, dy: below, anchor: 'middle' },
      { dx: gap, dy: above, anchor: 'start' },
      { dx: -gap, dy: above, anchor: 'end' },
      { dx: gap, dy: below, anchor: 'start' },
      { dx: -gap, dy: below, anchor: 'end' },
    ];
    return places.map((place): Candidate<RoleLabel> => {
      const x = label.x + place.dx;
      const left = place.anchor === 'start' ? x : place.anchor === 'end' ? x - width : x - width / 2;
      const y = label.y + place.dy;
      return { value: place, solid: [{ left, right: left + width, top: y - half, bottom: y + half }] };
    });
  });
  const chosen = placeLabels(candidates, { solid, thin: options.lines ?? [], bounds: options.bounds });
  return chosen.map((index, i) => candidates[i]![Math.max(index, 0)]!.value);
}
