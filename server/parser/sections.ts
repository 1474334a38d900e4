/**
 * Sections from the flat block list. A section runs until the next heading at its level or above, with two
 * exceptions a human reader makes without thinking:
 * - inside a timeline, a heading that starts with a date or time (`### 15:30`, `## 23:27`, `## May 12`) is an
 *   entry or a day switch, at any level, and a deeper heading of no known kind is a sub-heading of the timeline;
 * - inside an action-items container, a deeper heading of no structural kind (`### Process`) is a group.
 * Any heading of a known kind (`Action items`, `Appendix`, ...) ends an open timeline or container.
 */
import type { Section, SectionKind } from '../domain/postmortem.ts';
import type { Block, HeadingBlock } from './outline.ts';

export interface SectionRange {
  heading: HeadingBlock;
  /** Index of the heading block. */
  start: number;
  /** Index one past the last block of the section. */
  end: number;
}

export interface Outline {
  sections: Section[];
  timelines: SectionRange[];
  actionItems: SectionRange[];
  /** Every section with its range, in document order. */
  ranges: SectionRange[];
}

/** Kinds that end an action-items container even when they appear as a deeper heading. */
const STRUCTURAL: ReadonlySet<SectionKind> = new Set<SectionKind>([
  'timeline',
  'summary',
  'impact',
  'root-cause',
  'lessons',
  'stats',
  'attendees',
  'appendix',
]);

/**
 * Build the outline. `isTimeHeading(text)` says whether a heading text starts with a date or time (or a time
 * placeholder); such headings inside a timeline are entries.
 */
export function buildOutline(blocks: Block[], isTimeHeading: (text: string) => boolean): Outline {
  const sections: Section[] = [];
  const ranges: SectionRange[] = [];
  const open: SectionRange[] = [];
  const close = (range: SectionRange, at: number): void => {
    range.end = at;
  };

  blocks.forEach((block, i) => {
    if (block.type !== 'heading') return;
    const timeline = findOpen(open, 'timeline');
    if (timeline && isTimeHeading(block.text)) return;
    const container = findOpen(open, 'action-items');
    const inTimelineSub = timeline && block.depth > timeline.heading.depth && block.kind === 'other';
    const inContainerGroup = container && block.depth > container.heading.depth && !STRUCTURAL.has(block.kind);
    sections.push({ heading: block.text, kind: block.kind, line: block.line });
    const range: SectionRange = { heading: block, start: i, end: blocks.length };
    ranges.push(range);
    if (inTimelineSub || inContainerGroup) return;
    for (let j = open.length - 1; j >= 0; j--) {
      const o = open[j]!;
      const endsByLevel = o.heading.depth >= block.depth;
      const endsByKind =
        block.kind !== 'other' && (o.heading.kind === 'timeline' || o.heading.kind === 'action-items');
      if (endsByLevel || endsByKind) {
        close(o, i);
        open.splice(j, 1);
      }
    }
    open.push(range);
  });

  // Sub-headings and groups end with their parent at the latest.
  for (const r of ranges) {
    for (const parent of ranges) {
      if (parent === r || parent.start >= r.start || parent.end <= r.start) continue;
      if (parent.end < r.end) r.end = parent.end;
    }
    // ... and at the next heading of their own level or above.
    for (let k = r.start + 1; k < r.end; k++) {
      const b = blocks[k]!;
      if (b.type === 'heading' && b.depth <= r.heading.depth && ranges.some((x) => x.start === k)) {
        r.end = k;
        break;
      }
    }
  }
  // A container named again inside a container (`Action items` under `Corrective measures`) is read with it.
  const nestedIn = (r: SectionRange, kind: SectionKind): boolean =>
    ranges.some((p) => p !== r && p.heading.kind === kind && p.start < r.start && r.start < p.end);
  const timelines = ranges.filter((r) => r.heading.kind === 'timeline' && !nestedIn(r, 'timeline'));
  const actionItems = ranges.filter((r) => r.heading.kind === 'action-items' && !nestedIn(r, 'action-items'));
  return { sections, timelines, actionItems, ranges };
}

function findOpen(open: SectionRange[], kind: SectionKind): SectionRange | undefined {
  for (let j = open.length - 1; j >= 0; j--) if (open[j]!.heading.kind === kind) return open[j];
  return undefined;
}
