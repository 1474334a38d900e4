/**
 * Plain text out of mdast nodes, the way a reader sees it: inline markup dropped, blocks separated by a space,
 * line breaks kept where the caller needs lines. The tree is never modified.
 */
import type { Nodes, Paragraph, PhrasingContent } from 'mdast';

/** Collapse runs of white space to one space and trim. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Text of any node: inline markup dropped (`**a**` → `a`, `[x](u)` → `x`), hard breaks and `<br>` become a space,
 * HTML comments and other raw HTML dropped, blocks joined by a space. White space is NOT collapsed (see
 * `collapse`); line breaks inside paragraphs are kept as `\n`.
 */
export function nodeText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? ' ' : '';
    case 'image':
      return node.alt ?? '';
    case 'code':
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
    case 'footnoteReference':
    case 'imageReference':
    case 'thematicBreak':
      return '';
    default:
      break;
  }
  if (!('children' in node)) return '';
  const children = node.children as Nodes[];
  const inline = isInlineContainer(node);
  let out = '';
  for (const child of children) {
    const t = nodeText(child);
    if (!t) continue;
    if (!inline && out) out += ' ';
    out += t;
  }
  return out;
}

function isInlineContainer(node: Nodes): boolean {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'tableCell':
    case 'emphasis':
    case 'strong':
    case 'delete':
    case 'link':
    case 'linkReference':
      return true;
    default:
      return false;
  }
}

/** Collapsed plain text of a node. */
export function plain(node: Nodes): string {
  return collapse(nodeText(node));
}

/** One source line of a paragraph: its inline nodes and where it starts. */
export interface InlineLine {
  /** 1-based line number in the document. */
  line: number;
  nodes: PhrasingContent[];
  /** Plain text of the line (not collapsed). */
  text: string;
}

/**
 * Split a paragraph into its source lines (soft line breaks and hard breaks), keeping the inline nodes of each
 * line so links can still be read. A text node spanning lines is split into per-line text nodes.
 */
export function paragraphLines(paragraph: Paragraph): InlineLine[] {
  const first = paragraph.position?.start.line ?? 1;
  const lines: InlineLine[] = [{ line: first, nodes: [], text: '' }];
  const current = (): InlineLine => lines[lines.length - 1]!;
  const newLine = (): void => {
    lines.push({ line: current().line + 1, nodes: [], text: '' });
  };
  for (const child of paragraph.children) {
    if (child.type === 'break') {
      newLine();
      continue;
    }
    if (child.type === 'text' && child.value.includes('\n')) {
      const parts = child.value.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) newLine();
        if (part) {
          current().nodes.push({ type: 'text', value: part });
          current().text += part;
        }
      });
      continue;
    }
    current().nodes.push(child);
    const t = nodeText(child);
    if (t.includes('\n')) {
      // A line break inside emphasis or a link: keep the text on the line it started on.
      current().text += t.replace(/\n/g, ' ');
    } else {
      current().text += t;
    }
  }
  return lines.filter((l) => l.text.trim() !== '' || l.nodes.length > 0);
}

/** 1-based start line of a node, or `fallback`. */
export function lineOf(node: Nodes | undefined, fallback = 1): number {
  return node?.position?.start.line ?? fallback;
}
