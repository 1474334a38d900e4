/** The report's summary: its Summary section's text, else its first substantial paragraph. */
import type { Block } from './outline.ts';
import type { Outline } from './sections.ts';
import { plain } from './text.ts';
import { findZoneDeclaration } from './timezone.ts';

/** The summary section's paragraphs, else the first paragraph before any section. */
export function readSummary(blocks: Block[], outline: Outline): string | null {
  const range = outline.ranges.find((r) => r.heading.kind === 'summary');
  const parts: string[] = [];
  if (range) {
    for (let k = range.start + 1; k < range.end; k++) {
      const b = blocks[k]!;
      if (b.type === 'heading') break;
      if (b.node.type === 'paragraph' || b.node.type === 'list') parts.push(plain(b.node));
    }
  } else {
    const firstHeading = blocks.findIndex((b) => b.type === 'heading' && b.depth > 1);
    const limit = firstHeading < 0 ? blocks.length : firstHeading;
    for (let k = 0; k < limit; k++) {
      const b = blocks[k]!;
      if (b.type === 'content' && b.node.type === 'paragraph') {
        const t = plain(b.node);
        if (t.length > 60 && !findZoneDeclaration(t)) {
          parts.push(t);
          break;
        }
      }
    }
  }
  const summary = parts.filter(Boolean).join('\n\n').trim();
  return summary || null;
}
