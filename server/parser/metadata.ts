/** Key/value metadata a report states: front matter scalars, `# Stats` lists, `Severity: ...` lines near the top. */
import type { FrontMatter } from './frontmatter.ts';
import type { Block } from './outline.ts';
import type { Outline } from './sections.ts';
import { paragraphLines, plain } from './text.ts';

/** Front matter scalars, `Key: value` lines of a Stats section, and the file's identifier. */
export function readMetadata(front: FrontMatter | null, blocks: Block[], outline: Outline, id: string | null): Record<string, string> {
  const meta: Record<string, string> = {};
  if (front) for (const [k, v] of Object.entries(front.values)) meta[k] = v;
  if (id && !meta['id']) meta['id'] = id;
  for (const range of outline.ranges.filter((r) => r.heading.kind === 'stats')) {
    for (let k = range.start + 1; k < range.end; k++) {
      const b = blocks[k]!;
      if (b.type !== 'content' || b.node.type !== 'list') continue;
      for (const item of b.node.children) {
        const m = /^([A-Za-z][\w /-]{1,40}):\s*(.+)$/.exec(plain(item));
        if (m) meta[m[1]!.trim().toLowerCase()] = m[2]!.trim();
      }
    }
  }
  for (const b of blocks.slice(0, 12)) {
    if (b.type !== 'content' || b.node.type !== 'paragraph') continue;
    for (const l of paragraphLines(b.node)) {
      const m = /^(severity|status|created by|last modified|owner|authors?|incident commander|priority)\s*:\s*(.+)$/i.exec(l.text.trim());
      if (m && !meta[m[1]!.toLowerCase()]) meta[m[1]!.toLowerCase()] = m[2]!.trim();
    }
  }
  return meta;
}
