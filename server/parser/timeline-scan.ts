/**
 * Read the raw entries of one timeline section: headings (`### 15:30`), list items (`* [08:47] ...`), table
 * rows, and plain `time` + text lines, in document order. Dates are not resolved here (see timeline-dates.ts):
 * each entry keeps the stamp exactly as written.
 *
 * Quoted material (chat logs, alert payloads), code blocks and HTML are never entries and add no text.
 */
import type { List, ListItem, Nodes, Paragraph, RootContent, Table } from 'mdast';
import type { Block } from './outline.ts';
import type { SectionRange } from './sections.ts';
import { parseStamp, type DateParts, type Stamp } from './datetime.ts';
import { findHeadingZone, findZoneDeclaration } from './timezone.ts';
import { collapse, lineOf, nodeText, paragraphLines, plain } from './text.ts';

export interface RawEntry {
  stamp: Stamp | null;
  /** Text fragments; joined and collapsed later. */
  parts: string[];
  line: number;
  source: 'heading' | 'list' | 'table' | 'line';
  /** A date with no time and no text of its own: a day switch unless text follows before the next entry. */
  dayOnly: boolean;
  /** A zone that applies to this entry only (written on it, or in its table's header). */
  zone: string | null;
  /** Verbatim zone as written on the entry. */
  zoneWritten: string | null;
}

export interface ZoneFound {
  verbatim: string;
  zone: string;
  line: number;
  date: DateParts | null;
}

export interface TimelineScan {
  entries: RawEntry[];
  /** Lines that start with something shaped like a time that is not one (`25:99`), read as text instead. */
  invalidTimes: { line: number; written: string }[];
  /** A zone declared inside the section (`All times in PST`), with an optional date (`..., on Feb 5th 2019`). */
  zone: ZoneFound | null;
}

/** Whether a heading (or line) starts with a date, a time or a time placeholder: inside a timeline, an entry. */
export function isTimeHeading(text: string): boolean {
  const s = parseStamp(text);
  return !!s && (s.time !== null || s.timePlaceholder || s.date !== null);
}

/** Scan the blocks of one timeline section. */
export function scanTimeline(blocks: Block[], range: SectionRange): TimelineScan {
  const scan = new Scanner();
  const headingZone = findHeadingZone(range.heading.text);
  if (headingZone) {
    scan.zone = { verbatim: headingZone.verbatim, zone: headingZone.zone, line: range.heading.line, date: headingZone.date };
  }
  for (let k = range.start + 1; k < range.end; k++) {
    const block = blocks[k]!;
    if (block.type === 'heading') scan.heading(block.text, block.line);
    else scan.block(block.node);
  }
  return { entries: scan.entries, zone: scan.zone, invalidTimes: scan.invalidTimes };
}

/** `25:99`, `[24:61]` at the start of a line: the shape of a time, but no time of day. */
const IMPOSSIBLE_TIME = /^\s*[[(]?((\d{1,2}):(\d{2}))(?!\d)/;

function impossibleTime(text: string): string | null {
  const m = IMPOSSIBLE_TIME.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  return hours > 24 || minutes > 59 ? m[1]! : null;
}

class Scanner {
  entries: RawEntry[] = [];
  zone: ZoneFound | null = null;
  invalidTimes: { line: number; written: string }[] = [];

  /** Notes a line that looks like an entry with an impossible time (it is then read as text of the entry before). */
  private checkImpossible(text: string, line: number): void {
    const written = impossibleTime(text);
    if (written) this.invalidTimes.push({ line, written });
  }

  private get current(): RawEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  private push(stamp: Stamp | null, text: string, line: number, source: RawEntry['source'], zone: string | null = null): RawEntry {
    const written = stamp?.zone ?? null;
    const entry: RawEntry = {
      stamp,
      parts: text ? [text] : [],
      line,
      source,
      dayOnly: isDayOnly(stamp, text),
      zone: zone,
      zoneWritten: written,
    };
    this.entries.push(entry);
    return entry;
  }

  private append(text: string): void {
    const t = collapse(text);
    if (t && this.current) this.current.parts.push(t);
  }

  heading(text: string, line: number): void {
    const stamp = parseStamp(text);
    let rest = stamp ? stamp.rest : text;
    // `### 03-10-2021 (All times CEST)`: a day heading that also declares the zone.
    if (stamp && rest && this.declaration(rest, line)) rest = '';
    this.push(stamp, rest, line, 'heading');
  }

  block(node: RootContent): void {
    switch (node.type) {
      case 'paragraph':
        this.paragraph(node);
        return;
      case 'list':
        this.list(node);
        return;
      case 'table':
        this.table(node);
        return;
      default:
        // blockquotes (chat logs, quoted alerts), code, html, thematic breaks: neither entries nor event text.
        return;
    }
  }

  private declaration(text: string, line: number): boolean {
    const found = findZoneDeclaration(text);
    if (!found) return false;
    if (!this.zone) this.zone = { verbatim: found.verbatim, zone: found.zone, line, date: found.date };
    // The paragraph is only the declaration (`All times in PST, on February 5th 2019.`): nothing else to read.
    const rest = collapse(text.slice(0, found.index) + text.slice(found.index + found.length)).replace(/^[\s.,;:_*()-]+|[\s.,;:_*()-]+$/g, '');
    return rest.length === 0 || (found.date !== null && rest.length < 20);
  }

  private paragraph(p: Paragraph): void {
    const lines = paragraphLines(p);
    const underHeading = this.current?.source === 'heading' && !this.current.dayOnly;
    for (const l of lines) {
      // An image (a graph of the outage) is not an event, whatever its caption says.
      if (l.nodes.every((n) => n.type === 'image' || n.type === 'imageReference' || (n.type === 'text' && !n.value.trim()))) continue;
      if (this.declaration(l.text, l.line)) continue;
      if (underHeading) {
        this.append(l.text);
        continue;
      }
      const stamp = parseStamp(l.text);
      if (stamp && (stamp.time || stamp.timePlaceholder || stamp.date)) {
        this.push(stamp, stamp.rest, l.line, 'line');
      } else {
        this.checkImpossible(l.text, l.line);
        this.append(l.text);
      }
    }
  }

  private list(list: List): void {
    for (const item of list.children) this.item(item);
  }

  private item(item: ListItem): void {
    const [first, ...restChildren] = item.children;
    let started = false;
    if (first && first.type === 'paragraph') {
      const lines = paragraphLines(first);
      const head = lines[0];
      const stamp = head ? parseStamp(head.text) : null;
      if (head && stamp && (stamp.time || stamp.timePlaceholder || stamp.date)) {
        const entry = this.push(stamp, stamp.rest, lineOf(item), 'list');
        for (const l of lines.slice(1)) entry.parts.push(collapse(l.text));
        if (entry.dayOnly && lines.length > 1) entry.dayOnly = false;
        started = true;
      } else if (head && this.declaration(head.text, head.line) && lines.length === 1) {
        started = true;
      } else if (head) {
        this.checkImpossible(head.text, lineOf(item));
      }
    }
    const remaining = started ? restChildren : item.children;
    for (const child of remaining) {
      if (child.type === 'list') this.list(child);
      else if (child.type === 'paragraph' || child.type === 'heading') this.append(nodeText(child as Nodes));
      // tables, code and quotes inside an item: not event text.
    }
  }

  private table(table: Table): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const headers = header.children.map((c) => plain(c));
    let timeCol = headers.findIndex((h) => /\b(?:time|date|datetime|date\/time|when|timestamp)\b/i.test(h));
    const stampedFirst = rows.filter((r) => {
      const c = r.children[0];
      return c ? parseStamp(plain(c)) !== null : false;
    }).length;
    if (timeCol < 0 && rows.length > 0 && stampedFirst * 2 >= rows.length) timeCol = 0;
    if (timeCol < 0) return; // a table inside an entry's body (say, a list of affected subscriptions)
    let zone: string | null = null;
    const headerZone = findHeadingZone(headers[timeCol] ?? '');
    if (headerZone) {
      zone = headerZone.zone;
      if (!this.zone) this.zone = { verbatim: headerZone.verbatim, zone: headerZone.zone, line: lineOf(header), date: null };
    }
    for (const row of rows) {
      const cells = row.children.map((c) => plain(c));
      const timeCell = cells[timeCol] ?? '';
      const others = cells.filter((_, i) => i !== timeCol && cells[i] !== '');
      const text = others.join(' — ');
      if (!timeCell && !text) continue;
      const stamp = timeCell ? parseStamp(timeCell) : null;
      const extra = stamp ? collapse(stamp.rest) : timeCell;
      const entry = this.push(stamp, [extra, text].filter(Boolean).join(' '), lineOf(row), 'table', zone);
      entry.dayOnly = false;
    }
  }
}

function isDayOnly(stamp: Stamp | null, text: string): boolean {
  return !!stamp && !!stamp.date && !stamp.time && !stamp.timePlaceholder && collapse(text) === '';
}
