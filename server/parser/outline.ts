/**
 * The document as a flat sequence of blocks, with the places where a section could start marked:
 * real headings at any level (closed ATX headings are already clean in mdast), paragraphs that are only a bold
 * label (`**Timeline**`, `**Timeline** (times in BST)`), and list items that open with a bold label
 * (`- **Action items**:`), whose nested content is lifted out after the label.
 */
import type { List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import type { SectionKind } from '../domain/postmortem.ts';
import { sectionKind } from './section-kind.ts';
import { collapse, lineOf, nodeText, paragraphLines } from './text.ts';

export interface HeadingBlock {
  type: 'heading';
  /** 1–6 for ATX/setext headings; 7 for bold-label pseudo-headings. */
  depth: number;
  text: string;
  kind: SectionKind;
  line: number;
  /** The mdast node (a heading, a paragraph or a list item's first paragraph). */
  node: RootContent;
  /** True for bold-label pseudo-headings. */
  label: boolean;
}

export interface ContentBlock {
  type: 'content';
  node: RootContent;
}

export type Block = HeadingBlock | ContentBlock;

/** Words a bold label of no known kind may have, except on the report's first line. Default 8. */
const LABEL_WORDS = 8;

/** Depth given to bold-label pseudo-headings: below every real heading level. */
export const LABEL_DEPTH = 7;

/** Flatten the top level of `tree` into blocks. Front matter and link definitions are skipped. */
export function linearize(tree: Root): Block[] {
  const blocks: Block[] = [];
  for (const node of tree.children) pushNode(node, blocks);
  return blocks;
}

function pushNode(node: RootContent, blocks: Block[]): void {
  switch (node.type) {
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
      return;
    case 'heading': {
      const text = collapse(nodeText(node));
      blocks.push({ type: 'heading', depth: node.depth, text, kind: sectionKind(text), line: lineOf(node), node, label: false });
      return;
    }
    case 'paragraph': {
      const label = boldLabel(node) ?? plainLabel(node);
      // A long bold line is a label only as the report's first line (its title); elsewhere it is emphasis.
      if (label && (label.kind !== 'other' || blocks.length === 0 || label.text.split(' ').length <= LABEL_WORDS)) {
        blocks.push({ type: 'heading', depth: LABEL_DEPTH, text: label.text, kind: label.kind, line: lineOf(node), node, label: true });
        if (label.rest) blocks.push({ type: 'content', node: label.rest });
        return;
      }
      blocks.push({ type: 'content', node });
      return;
    }
    case 'list':
      pushList(node, blocks);
      return;
    default:
      blocks.push({ type: 'content', node });
  }
}

/** Lists whose items open with a known bold label are split: each labelled item becomes a pseudo-heading. */
function pushList(list: List, blocks: Block[]): void {
  let pending: ListItem[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    blocks.push({ type: 'content', node: pending.length === list.children.length ? list : { ...list, children: pending } });
    pending = [];
  };
  for (const item of list.children) {
    const first = item.children[0];
    const label = first && first.type === 'paragraph' ? boldLabel(first) : null;
    // In a list, only a known section name is a label (`- **Action items**:`); `1. **Monitoring**` is an item.
    if (!label || label.kind === 'other' || !first) {
      pending.push(item);
      continue;
    }
    flush();
    blocks.push({ type: 'heading', depth: LABEL_DEPTH, text: label.text, kind: label.kind, line: lineOf(item), node: first, label: true });
    if (label.rest) blocks.push({ type: 'content', node: label.rest });
    for (const child of item.children.slice(1)) pushNode(child as RootContent, blocks);
  }
  if (pending.length === list.children.length) {
    blocks.push({ type: 'content', node: list });
    return;
  }
  flush();
}

interface BoldLabel {
  text: string;
  kind: SectionKind;
  /** Prose that follows the label (`**Root cause**: the replica ...`, or later lines), as its own paragraph. */
  rest: Paragraph | null;
}

/**
 * A paragraph that opens with strong text used as a label:
 * - `**Timeline**`, `**Open questions**`, `**Timeline** (times in BST)`, `**Action items**:` (nothing but a short
 *   parenthetical after it on its line): a label of any kind;
 * - `**Root cause**: the replica's config ...`: a label of a known kind followed by its content.
 * A bold phrase opening a sentence of prose (`**The underlying issue** was ...`) is not a label.
 */
function boldLabel(p: Paragraph): BoldLabel | null {
  const [head, ...tail] = p.children;
  if (!head || head.type !== 'strong') return null;
  let label = collapse(nodeText(head));
  const colonInside = /[:：]$/.test(label);
  label = label.replace(/[:：]\s*$/, '');
  // A bold sentence (`**This replaced the db with an empty one.**`) is emphasis, not a label.
  if (!label || label.length > 100 || /[.!?]$/.test(label)) return null;
  const firstLine: Paragraph['children'] = [];
  const later: Paragraph['children'] = [];
  let onFirstLine = true;
  for (const node of tail) {
    if (!onFirstLine) {
      later.push(node);
    } else if (node.type === 'break') {
      onFirstLine = false;
    } else if (node.type === 'text' && node.value.includes('\n')) {
      const idx = node.value.indexOf('\n');
      if (idx > 0) firstLine.push({ type: 'text', value: node.value.slice(0, idx) });
      const after = node.value.slice(idx + 1);
      if (after) later.push({ type: 'text', value: after });
      onFirstLine = false;
    } else {
      firstLine.push(node);
    }
  }
  const tailText = collapse(firstLine.map((n) => nodeText(n)).join(''));
  const kind = sectionKind(label);
  const colon = colonInside || /^[:：]/.test(tailText);
  const tailClean = tailText.replace(/^[:：]\s*/, '');
  if (!tailClean || /^[(\[][^)\]]{0,40}[)\]]$/.test(tailClean)) {
    const text = tailClean ? `${label} ${tailClean}` : label;
    return { text, kind, rest: later.length ? paragraphOf(later, p, 1) : null };
  }
  if (colon && kind !== 'other') {
    const lead = firstLine[0];
    const content = [...firstLine];
    if (lead?.type === 'text') content[0] = { type: 'text', value: lead.value.replace(/^\s*[:：]\s*/, '') };
    return { text: label, kind, rest: paragraphOf([...content, ...(later.length ? [{ type: 'text' as const, value: '\n' }, ...later] : [])], p, 0) };
  }
  return null;
}

/**
 * A paragraph whose first line is nothing but a known section name (`Action Items`, `Timeline:`): a heading
 * written without markup. Later lines of the paragraph are its first content.
 */
function plainLabel(p: Paragraph): BoldLabel | null {
  const lines = paragraphLines(p);
  const first = lines[0];
  if (!first || first.nodes.length !== 1 || first.nodes[0]!.type !== 'text') return null;
  const text = collapse(first.text).replace(/[:：]$/, '');
  if (text.length === 0 || text.length > 40 || /[.!?,;]/.test(text)) return null;
  const kind = sectionKind(text);
  if (kind === 'other') return null;
  const restNodes: Paragraph['children'] = [];
  lines.slice(1).forEach((l, i) => {
    if (i > 0) restNodes.push({ type: 'text', value: '\n' });
    restNodes.push(...l.nodes);
  });
  return { text, kind, rest: restNodes.length ? paragraphOf(restNodes, p, 1) : null };
}

function paragraphOf(children: Paragraph['children'], p: Paragraph, lineShift: number): Paragraph {
  return { type: 'paragraph', children, position: shiftStart(p, lineShift) };
}

function shiftStart(p: Paragraph, lines: number): Paragraph['position'] {
  if (!p.position) return undefined;
  return { start: { ...p.position.start, line: p.position.start.line + lines, column: 1 }, end: p.position.end };
}
