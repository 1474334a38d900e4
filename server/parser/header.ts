/**
 * What a report's header says: its title (front matter, an H1, an H2 in a report without H1, an `Incident:` first
 * line, a bold first line, or the file name) and the date written there (front matter, file name, title, or a
 * `Date:` line). The incident date itself is decided in incident-date.ts, against the timeline.
 */
import type { Diagnostic } from '../domain/postmortem.ts';
import { findDate, formatDate } from './datetime.ts';
import type { FrontMatter } from './frontmatter.ts';
import type { Block } from './outline.ts';
import { lineOf, paragraphLines } from './text.ts';
import { isTimeHeading } from './timeline-scan.ts';
import { cleanTitle } from './title.ts';

export interface TitleInfo {
  title: string | null;
  date: string | null;
  line: number | null;
  source: 'frontmatter' | 'heading' | 'file' | null;
}

/** The report's title, the date written with it, and where it came from. */
export function readTitle(blocks: Block[], front: FrontMatter | null, fromFile: string | null): TitleInfo {
  const fmTitle = front?.values['title'];
  if (fmTitle) {
    const c = cleanTitle(fmTitle);
    if (c.title) return { title: c.title, date: c.date ? formatDate(c.date) : null, line: front!.line, source: 'frontmatter' };
  }
  // The first H1 that is not a bare section name (`# Stats`); `# Retrospective: DNS outage` is a title.
  // A report without any H1 may open with an H2 title (`## Incident report for the fee bug`).
  const isTitle = (b: Block): boolean =>
    b.type === 'heading' && !b.label && (b.kind === 'other' || /[:：–—]\s*\S+\s+\S+/.test(b.text));
  const hasH1 = blocks.some((b) => b.type === 'heading' && b.depth === 1 && !b.label);
  const first = blocks[0];
  const h1 = hasH1
    ? blocks.find((b) => b.type === 'heading' && b.depth === 1 && isTitle(b))
    : first?.type === 'heading' && first.depth === 2 && first.kind === 'other' && !isTimeHeading(first.text)
      ? first
      : undefined;
  if (h1 && h1.type === 'heading') {
    const c = cleanTitle(h1.text);
    if (c.title) return { title: c.title, date: c.date ? formatDate(c.date) : null, line: h1.line, source: 'heading' };
  }
  // `**Incident:** Search suggestions returned empty lists` / `Title: ...` as the report's first line.
  if (first?.type === 'content' && first.node.type === 'paragraph') {
    const line = paragraphLines(first.node)[0]?.text ?? '';
    const m = /^\s*(?:incident|title|outage|post-?mortem)\s*[:：]\s*(.{3,})$/i.exec(line);
    const c = m ? cleanTitle(m[1]!) : null;
    if (c?.title) return { title: c.title, date: c.date ? formatDate(c.date) : null, line: lineOf(first.node), source: 'heading' };
  }
  // A heading-less report that opens with a bold line: `**Incident: uploads rejected** (2024-06-18, SEV-2)`.
  if (first?.type === 'heading' && first.label && first.kind === 'other') {
    const paren = /^(.*?)\s*\(([^()]*)\)$/.exec(first.text);
    const c = cleanTitle(paren ? paren[1]! : first.text);
    const written = paren ? findDate(paren[2]!) : null;
    const date = c.date ? formatDate(c.date) : written ? formatDate(written.date) : null;
    if (c.title) return { title: c.title, date, line: first.line, source: 'heading' };
  }
  if (fromFile) return { title: fromFile, date: null, line: null, source: 'file' };
  return { title: null, date: null, line: null, source: null };
}

/** A `Date: February 06, 2023` line (heading or paragraph) near the top of the report. */
export function findMetaDate(blocks: Block[]): string | null {
  for (const b of blocks.slice(0, 15)) {
    const lines = b.type === 'heading' ? [b.text] : b.node.type === 'paragraph' ? paragraphLines(b.node).map((l) => l.text) : [];
    for (const line of lines) {
      const m = /^\s*(?:incident\s+)?date(?:\s+of\s+(?:the\s+)?incident)?\s*[:：]\s*(.+)$/i.exec(line);
      const found = m ? findDate(m[1]!) : null;
      if (found && found.date.year !== null) return formatDate(found.date);
    }
  }
  return null;
}

/** Front matter `date` first, then the file name, then the title (a title date is the one most often wrong). */
export function pickHeaderDate(
  front: FrontMatter | null,
  fileDate: string | null,
  titleDate: string | null,
  titleLine: number | null,
  diagnostics: Diagnostic[],
): string | null {
  const fmRaw = front?.values['date'];
  let fmDate: string | null = null;
  if (fmRaw) {
    const found = findDate(fmRaw);
    fmDate = found ? formatDate(found.date) : null;
    if (!fmDate) {
      const at = front!.keyLines['date'] ?? front!.line;
      diagnostics.push({ severity: 'warning', code: 'date-invalid', message: `front matter date "${fmRaw}" is not a date`, line: at });
    }
  }
  const header = fmDate ?? fileDate ?? titleDate;
  if (titleDate && fileDate && titleDate !== fileDate && !fmDate) {
    diagnostics.push({
      severity: 'info',
      code: 'date-conflict',
      message: `the title says ${titleDate} but the file name says ${fileDate}; using ${fileDate}`,
      line: titleLine,
    });
  }
  return header;
}
