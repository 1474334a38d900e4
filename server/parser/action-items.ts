/**
 * Action items from their containers (`Action items`, `Follow-up improvements`, `Review actions`, ...):
 * numbered or bulleted lists, task-list checkboxes, tables with an action column; grouped by the sub-headings or
 * bold labels inside the container. A sub-bullet that only adds a link or a short detail belongs to its parent;
 * a nested list of real tasks gives separate items. Checklists about the report itself are left out.
 */
import type { Definition, List, ListItem, Nodes, Paragraph, RootContent, Table } from 'mdast';
import type { ActionItem, Link } from '../domain/postmortem.ts';
import type { Block } from './outline.ts';
import type { Outline, SectionRange } from './sections.ts';
import { isReportChecklistItem, itemMeta } from './item-meta.ts';
import { extractLinks } from './links.ts';
import { collapse, lineOf, nodeText, plain } from './text.ts';

export interface ItemContext {
  definitions: Map<string, Definition>;
  repo: string | null;
  /** Year of the incident, for due dates written without one. */
  year: number | null;
}

export interface ContainerResult {
  items: ActionItem[];
  /** Items left out because they are about the report itself. */
  checklist: number;
  /** Lines of those items. */
  checklistLines: number[];
  /** Lines of unfilled template slots left out (`{{ summary }} [link to github issue]`). */
  placeholders: number[];
}

/** Minimum words (links and references removed) for a nested bullet to count as its own task. Default 3. */
export const NESTED_TASK_WORDS = 3;

export interface ActionItemsResult {
  items: ActionItem[];
  /** Lines of container headings that held only a checklist about the report (now `meta-checklist` sections). */
  checklistHeadings: number[];
  /** Lines of single items about the report itself left out of a container of real follow-up work. */
  checklistItems: number[];
  /** Lines of unfilled template slots left out. */
  placeholders: number[];
}

/**
 * Read every action-item container of the document, in order. A container named `Actions` or `Checklist`
 * whose boxes are mostly about the report itself (`- [ ] Incident has been dealt with`) is a report checklist
 * as a whole, and gives no items.
 */
export function readAllActionItems(blocks: Block[], outline: Outline, ctx: ItemContext): ActionItemsResult {
  const result: ActionItemsResult = { items: [], checklistHeadings: [], checklistItems: [], placeholders: [] };
  for (const range of outline.actionItems) {
    const found = readActionItems(blocks, range, ctx);
    result.placeholders.push(...found.placeholders);
    const reportChecklist =
      found.checklist > 0 && found.checklist >= found.items.length && /^(?:actions|checklist|report checklist)$/i.test(range.heading.text.trim());
    if (found.checklist > 0 && (found.items.length === 0 || reportChecklist)) result.checklistHeadings.push(range.heading.line);
    if (!reportChecklist) result.items.push(...found.items);
    if (!reportChecklist && found.items.length > 0) result.checklistItems.push(...found.checklistLines);
  }
  return result;
}

/** Read one container. */
export function readActionItems(blocks: Block[], range: SectionRange, ctx: ItemContext): ContainerResult {
  const result: ContainerResult = { items: [], checklist: 0, checklistLines: [], placeholders: [] };
  let group: string | null = null;
  for (let k = range.start + 1; k < range.end; k++) {
    const block = blocks[k]!;
    if (block.type === 'heading') {
      // A bare `Action items` label inside the container names the container again, not a group.
      group = block.label && block.kind === 'action-items' ? null : groupName(block.text);
      continue;
    }
    const node = block.node;
    if (node.type === 'list') readList(node, group, ctx, result);
    else if (node.type === 'table') readTable(node, group, ctx, result);
    else if (node.type === 'paragraph') {
      const label = paragraphLabel(node);
      if (label) group = label;
    }
  }
  return result;
}

function groupName(text: string): string | null {
  const t = collapse(text.replace(/[:：]\s*$/, ''));
  return t || null;
}

/** `**Process**` or `Process:` alone in a paragraph inside a container: a group label. */
function paragraphLabel(p: Paragraph): string | null {
  const text = plain(p);
  if (!text || text.length > 60) return null;
  const only = p.children.length === 1 && (p.children[0]!.type === 'strong' || p.children[0]!.type === 'emphasis');
  if (only || /^[^.!?]{1,50}:$/.test(text)) return groupName(text);
  return null;
}

function readList(list: List, group: string | null, ctx: ItemContext, result: ContainerResult): void {
  for (const li of list.children) readItem(li, group, ctx, result);
}

function readItem(li: ListItem, group: string | null, ctx: ItemContext, result: ContainerResult): void {
  const own: RootContent[] = [];
  const nestedTasks: ListItem[] = [];
  const linkSources: Nodes[] = [];
  for (const child of li.children) {
    if (child.type === 'list') {
      for (const sub of child.children) {
        if (isTask(sub)) nestedTasks.push(sub);
        else linkSources.push(sub);
      }
    } else {
      own.push(child);
    }
  }
  const written = collapse(own.map((n) => nodeText(n as Nodes)).join(' '));
  const text = stripTemplateBraces(written);
  if (written && isTemplateResidue(written) && written.includes('{{')) result.placeholders.push(lineOf(li));
  if (text && !isTemplateResidue(written)) {
    if (isReportChecklistItem(text)) {
      result.checklist++;
      result.checklistLines.push(lineOf(li));
    } else {
      const links = dedupe([...own, ...linkSources].flatMap((n) => extractLinks(n as Nodes, ctx.definitions, { repo: ctx.repo })));
      const meta = itemMeta(text, { year: ctx.year });
      result.items.push({
        text: meta.text || text,
        group,
        done: li.checked ?? meta.done,
        owner: meta.owner,
        due: meta.due,
        links,
        line: lineOf(li),
      });
    }
  }
  for (const sub of nestedTasks) readItem(sub, group, ctx, result);
}

/** A nested bullet is a task of its own when it has words beyond its links. */
function isTask(li: ListItem): boolean {
  const text = collapse(
    li.children
      .filter((c) => c.type !== 'list')
      .map((c) => withoutLinks(c as Nodes))
      .join(' '),
  )
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?:[\w.-]+\/[\w.-]+)?#\d+/g, ' ');
  const words = text.split(/\s+/).filter((w) => /[a-z]{2,}/i.test(w));
  return words.length >= NESTED_TASK_WORDS;
}

function withoutLinks(node: Nodes): string {
  if (node.type === 'link' || node.type === 'linkReference') return ' ';
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(withoutLinks).join(' ');
  return '';
}

/**
 * `{{ summary }} [link to github issue]`: an unfilled template slot (a placeholder of one or two words in
 * template braces, nothing else), or an explicit nothing (`None.`, `N/A`).
 */
function isTemplateResidue(text: string): boolean {
  const stripped = text.replace(/\[?link to (?:the )?github issue\]?/gi, ' ').replace(/[\[\]()]/g, ' ').trim();
  return /^\{\{\s*[\w-]+(?:\s+[\w-]+)?\s*\}\}$/.test(stripped) || stripped === '' || /^(?:none|n\/a|tbd|-)\.?$/i.test(stripped);
}

/** Template braces around filled-in text (`{{ Start writing reports }}`) are dropped, with a dangling `]`. */
function stripTemplateBraces(text: string): string {
  if (!text.includes('{{') && !text.includes('}}')) return text;
  return collapse(text.replace(/\{\{|\}\}/g, ' ').replace(/\[?link to (?:the )?github issue\]?\]?/gi, ' '));
}

function readTable(table: Table, group: string | null, ctx: ItemContext, result: ContainerResult): void {
  const [header, ...rows] = table.children;
  if (!header) return;
  const heads = header.children.map((c) => plain(c).toLowerCase());
  const find = (re: RegExp): number => heads.findIndex((h) => re.test(h));
  let textCol = find(/\b(?:action(?: item)?|item|task|description|what|follow[- ]?up)\b/);
  if (textCol < 0) textCol = 0;
  const ownerCol = find(/\b(?:owner|assignee|who|responsible)\b/);
  const statusCol = find(/\b(?:status|state|done)\b/);
  const dueCol = find(/\b(?:due|deadline|by when|target date)\b/);
  for (const row of rows) {
    const cells = row.children;
    const text = cells[textCol] ? plain(cells[textCol]!) : '';
    if (!text || isTemplateResidue(text)) {
      if (text.includes('{{')) result.placeholders.push(lineOf(row));
      continue;
    }
    if (isReportChecklistItem(text)) {
      result.checklist++;
      result.checklistLines.push(lineOf(row));
      continue;
    }
    const meta = itemMeta(
      [text, dueCol >= 0 && cells[dueCol] ? `due ${plain(cells[dueCol]!)}` : ''].filter(Boolean).join(' '),
      { year: ctx.year },
    );
    const ownerText = ownerCol >= 0 && cells[ownerCol] ? plain(cells[ownerCol]!) : '';
    const statusText = statusCol >= 0 && cells[statusCol] ? plain(cells[statusCol]!) : '';
    result.items.push({
      text: meta.text || text,
      group,
      done: statusDone(statusText) ?? meta.done,
      owner: ownerText.replace(/^@/, '') || meta.owner,
      due: meta.due,
      links: dedupe(cells.flatMap((c) => extractLinks(c, ctx.definitions, { repo: ctx.repo }))),
      line: lineOf(row),
    });
  }
}

function statusDone(status: string): boolean | null {
  if (!status) return null;
  if (/\b(?:done|complete[d]?|fixed|closed|resolved|shipped|merged)\b|✅|☑|✔/i.test(status)) return true;
  if (/\b(?:open|todo|to do|in progress|pending|planned|not started|blocked|wip)\b|❌|⏳/i.test(status)) return false;
  return null;
}

function dedupe(links: Link[]): Link[] {
  const seen = new Set<string>();
  const out: Link[] = [];
  for (const l of links) {
    const key = l.repo && l.number !== null ? `${l.repo}#${l.number}` : (l.url ?? `#${l.number}`);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(l);
  }
  return out;
}
