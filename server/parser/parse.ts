/**
 * The parser pipeline: markdown text in, a `ParsedPostmortem` out.
 *
 * normalise → restore a flattened document → mdast → front matter → outline (sections) → timeline (scan, dates,
 * zones) → action items → milestones → title, date, summary. Pure and total: it reads no files and no clock,
 * and anything it cannot read becomes a diagnostic with a line number rather than an exception.
 */
import type {
  ActionItem,
  Diagnostic,
  ParseOptions,
  ParsedPostmortem,
  TimelineEntry,
  TimezoneSource,
} from '../domain/postmortem.ts';
import { readActionItems } from './action-items.ts';
import { findDate, formatDate, parseStamp } from './datetime.ts';
import { classifyEvent, milestoneLabel } from './event-kind.ts';
import { readFrontMatter, type FrontMatter } from './frontmatter.ts';
import { collectDefinitions } from './links.ts';
import { toMdast } from './markdown.ts';
import { buildMilestones, type StatedMilestone } from './milestones.ts';
import { linearize, type Block } from './outline.ts';
import { buildOutline, type Outline } from './sections.ts';
import { lineOf, paragraphLines, plain } from './text.ts';
import { resolveDate, resolveTimeline } from './timeline-dates.ts';
import { scanTimeline, type RawEntry, type ZoneFound } from './timeline-scan.ts';
import { findZoneDeclaration, resolveZone, toUtc } from './timezone.ts';
import { cleanTitle, fileNameParts } from './title.ts';
import { looksFlattened, unflatten } from './unflatten/index.ts';

/** Days a first timeline date may lie before the header date and still be the incident (not background). */
const BACKGROUND_DAYS = 45;
/** Days a first timeline date may lie after the header date before the header is judged to be another date. */
const LATER_DAYS = 7;

/**
 * Parse one postmortem. Never throws: an unexpected failure yields an empty result with an `internal-error`
 * diagnostic. Options: `file` (for messages and file-name titles/dates), `timezone` (explicit zone for reports
 * that declare none), `defaultTimezone` (assumed otherwise; default `UTC`), `repo` (for bare `#12`).
 */
export function parsePostmortem(markdown: string, options: ParseOptions = {}): ParsedPostmortem {
  try {
    return parse(typeof markdown === 'string' ? markdown : '', options);
  } catch (error) {
    const result = empty(options.file ?? null);
    result.diagnostics.push({
      severity: 'error',
      code: 'internal-error',
      message: `the parser failed on this file: ${error instanceof Error ? error.message : String(error)}`,
      line: null,
    });
    return result;
  }
}

function empty(file: string | null): ParsedPostmortem {
  return {
    file,
    title: null,
    date: null,
    timezone: null,
    timezoneSource: null,
    declaredTimezone: null,
    summary: null,
    sections: [],
    timeline: [],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [],
    metadata: {},
    diagnostics: [],
  };
}

function parse(input: string, options: ParseOptions): ParsedPostmortem {
  const file = options.file ?? null;
  const result = empty(file);
  const diagnostics = result.diagnostics;

  let text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let flattened = false;
  if (looksFlattened(text)) {
    const restored = unflatten(text);
    if (restored) {
      text = restored;
      flattened = true;
      diagnostics.push({
        severity: 'info',
        code: 'flattened',
        message: 'the file has no line breaks; its structure was restored from the inline markdown markers',
        line: 1,
      });
    }
  }
  // Lines reported for a restored document all point at its one real line.
  const at = (line: number): number => (flattened ? 1 : line);

  const tree = toMdast(text);
  const front = readFrontMatter(tree, diagnostics);
  const blocks = linearize(tree);
  const outline = buildOutline(blocks, isTimeHeading);
  const definitions = collectDefinitions(tree);
  const fileParts = fileNameParts(file);

  // Title and the date the header gives.
  const titleInfo = readTitle(blocks, front, fileParts.title);
  result.title = titleInfo.title;
  if (!result.title) {
    diagnostics.push({ severity: 'warning', code: 'no-title', message: 'no title found (front matter `title`, an H1, or the file name)', line: null });
  } else if (titleInfo.source === 'file') {
    diagnostics.push({ severity: 'info', code: 'title-from-file-name', message: 'no title in the document; it was made from the file name', line: null });
  }
  const summary = readSummary(blocks, outline);
  const summaryDate = summary ? findDate(summary) : null;
  const proseDate = summaryDate && summaryDate.date.year !== null ? formatDate(summaryDate.date) : null;
  const headerDate =
    pickHeaderDate(front, fileParts.date, titleInfo.date ?? findMetaDate(blocks), titleInfo.line, diagnostics) ?? proseDate;

  // Time zone declared in the report.
  const scans = outline.timelines.map((range) => scanTimeline(blocks, range));
  const declared = scans.find((s) => s.zone)?.zone ?? findDocumentZone(blocks, outline);
  const rawEntries: RawEntry[] = scans.flatMap((s) => s.entries);

  // Timeline dates and times.
  const contextDate = declared?.date ? formatDate(declared.date) : null;
  const dated = resolveTimeline(
    rawEntries,
    // The header date corrects a timeline only when the summary's prose says the same date.
    { start: contextDate ?? headerDate, header: headerDate && proseDate === headerDate ? headerDate : null },
    diagnostics,
  );

  const zone = chooseZone(declared, front, rawEntries, options, diagnostics);
  result.timezone = zone.zone;
  result.timezoneSource = zone.source;
  result.declaredTimezone = zone.verbatim;

  const timeline: TimelineEntry[] = dated.map((d) => {
    const entryZone = d.raw.zone ?? (d.raw.zoneWritten ? resolveZone(d.raw.zoneWritten) : null) ?? zone.zone;
    const instant = d.date && d.timeParts && entryZone ? toUtc(d.date, d.timeParts, entryZone) : null;
    return {
      date: d.date,
      time: d.time,
      endTime: d.endTime,
      at: instant,
      timezone: instant ? entryZone : null,
      approximate: d.approximate,
      text: d.text,
      kind: classifyEvent(d.text),
      line: at(d.raw.line),
    };
  });
  result.timeline = timeline;
  if (outline.timelines.length === 0) {
    diagnostics.push({ severity: 'warning', code: 'no-timeline', message: 'no timeline section found', line: null });
  } else if (timeline.length === 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'no-timeline',
      message: 'the timeline section has no entries with a date or time',
      line: at(outline.timelines[0]!.heading.line),
    });
  }

  result.date = incidentDate(headerDate, timeline, diagnostics);
  if (!result.date) {
    diagnostics.push({ severity: 'warning', code: 'no-date', message: 'no incident date found (front matter, title, file name or timeline)', line: null });
  }
  const year = result.date ? Number(result.date.slice(0, 4)) : null;

  // Action items.
  const items: ActionItem[] = [];
  const checklistOnly = new Set<number>();
  for (const range of outline.actionItems) {
    const found = readActionItems(blocks, range, { definitions, repo: options.repo ?? null, year });
    for (const line of found.placeholders) {
      diagnostics.push({ severity: 'warning', code: 'template-placeholder', message: 'an unfilled template slot was left in the action items', line: at(line) });
    }
    // `## Actions` holding a checklist about the report (`- [ ] Incident has been dealt with`): when most of its
    // boxes are about the report, all of them are.
    const reportChecklist = found.checklist > 0 && found.checklist >= found.items.length && /^(?:actions|checklist|report checklist)$/i.test(range.heading.text.trim());
    if (found.items.length === 0 || reportChecklist) {
      if (found.checklist > 0) checklistOnly.add(range.heading.line);
      if (reportChecklist) continue;
    }
    items.push(...found.items.map((i) => ({ ...i, line: at(i.line) })));
  }
  result.actionItems = items;
  result.sections = outline.sections.map((s) => ({
    ...s,
    kind: s.kind === 'action-items' && checklistOnly.has(s.line) ? 'meta-checklist' : s.kind,
    line: at(s.line),
  }));

  // Milestones.
  const labelled = findLabelledMilestones(blocks, outline, result.date, zone.zone).map((m) => ({ ...m, line: at(m.line) }));
  result.milestones = buildMilestones(timeline, labelled);

  result.summary = summary;
  result.metadata = readMetadata(front, blocks, outline, fileParts.id);
  return result;
}

function isTimeHeading(text: string): boolean {
  const s = parseStamp(text);
  return !!s && (s.time !== null || s.timePlaceholder || s.date !== null);
}

interface TitleInfo {
  title: string | null;
  date: string | null;
  line: number | null;
  source: 'frontmatter' | 'heading' | 'file' | null;
}

function readTitle(blocks: Block[], front: FrontMatter | null, fromFile: string | null): TitleInfo {
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
  const lead0 = first;
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
  if (lead0?.type === 'content' && lead0.node.type === 'paragraph') {
    const line = paragraphLines(lead0.node)[0]?.text ?? '';
    const m = /^\s*(?:incident|title|outage|post-?mortem)\s*[:：]\s*(.{3,})$/i.exec(line);
    const c = m ? cleanTitle(m[1]!) : null;
    if (c?.title) return { title: c.title, date: c.date ? formatDate(c.date) : null, line: lineOf(lead0.node), source: 'heading' };
  }
  // A heading-less report that opens with a bold line: `**Incident: uploads rejected** (2024-06-18, SEV-2)`.
  const lead = blocks[0];
  if (lead?.type === 'heading' && lead.label && lead.kind === 'other') {
    const paren = /^(.*?)\s*\(([^()]*)\)$/.exec(lead.text);
    const c = cleanTitle(paren ? paren[1]! : lead.text);
    const written = paren ? findDate(paren[2]!) : null;
    const date = c.date ? formatDate(c.date) : written ? formatDate(written.date) : null;
    if (c.title) return { title: c.title, date, line: lead.line, source: 'heading' };
  }
  if (fromFile) return { title: fromFile, date: null, line: null, source: 'file' };
  return { title: null, date: null, line: null, source: null };
}

/** A `Date: February 06, 2023` line (heading or paragraph) near the top of the report. */
function findMetaDate(blocks: Block[]): string | null {
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
function pickHeaderDate(
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
      diagnostics.push({ severity: 'warning', code: 'date-invalid', message: `front matter date "${fmRaw}" is not a date`, line: front!.line });
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

/**
 * The day the incident began. The timeline wins over a header date it contradicts, read as a person would:
 * entries far before the header date are background, and changes (deploys) that open the timeline are the
 * cause, not the start: the incident begins with the first entry after them.
 */
function incidentDate(header: string | null, timeline: TimelineEntry[], diagnostics: Diagnostic[]): string | null {
  const dated = timeline.filter((e) => e.date !== null);
  if (!header) return (dated.find((e) => e.kind !== 'deploy') ?? dated[0])?.date ?? null;
  const relevant = dated.filter((e) => days(header) - days(e.date!) <= BACKGROUND_DAYS);
  const first = (relevant.find((e) => e.kind !== 'deploy') ?? relevant[0])?.date;
  if (!first || first === header) return header;
  if (first < header || days(first) - days(header) > LATER_DAYS) {
    diagnostics.push({
      severity: 'info',
      code: 'date-from-timeline',
      message: `the header says ${header} but the timeline begins ${first}; using ${first}`,
      line: null,
    });
    return first;
  }
  return header;
}

function days(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

/** A zone declared outside the timeline: a top-level paragraph or heading (`All times in PDT (UTC-7).`). */
function findDocumentZone(blocks: Block[], outline: Outline): ZoneFound | null {
  void outline;
  for (const b of blocks) {
    if (b.type === 'heading') {
      const z = findZoneDeclaration(b.text);
      if (z) return { verbatim: z.verbatim, zone: z.zone, line: b.line, date: z.date };
      continue;
    }
    if (b.node.type !== 'paragraph') continue;
    for (const l of paragraphLines(b.node)) {
      const z = findZoneDeclaration(l.text);
      if (z) return { verbatim: z.verbatim, zone: z.zone, line: l.line, date: z.date };
    }
  }
  return null;
}

interface ZoneChoice {
  zone: string | null;
  source: TimezoneSource | null;
  verbatim: string | null;
}

function chooseZone(
  declared: ZoneFound | null,
  front: FrontMatter | null,
  entries: RawEntry[],
  options: ParseOptions,
  diagnostics: Diagnostic[],
): ZoneChoice {
  if (declared) return { zone: declared.zone, source: 'declared', verbatim: declared.verbatim };
  const inline = entries.find((e) => e.zoneWritten && resolveZone(e.zoneWritten));
  const fmWritten = front ? (front.values['timezone'] ?? front.values['time_zone'] ?? front.values['tz'] ?? front.values['time-zone']) : undefined;
  if (fmWritten) {
    const z = resolveZone(fmWritten);
    if (z) return { zone: z, source: 'frontmatter', verbatim: fmWritten };
    diagnostics.push({ severity: 'warning', code: 'timezone-unknown', message: `front matter timezone "${fmWritten}" is not a known time zone`, line: front!.line });
  }
  if (inline?.zoneWritten) return { zone: resolveZone(inline.zoneWritten), source: 'inline', verbatim: inline.zoneWritten };
  if (options.timezone) {
    const z = resolveZone(options.timezone);
    if (z) return { zone: z, source: 'option', verbatim: null };
    diagnostics.push({ severity: 'warning', code: 'timezone-unknown', message: `timezone option "${options.timezone}" is not a known time zone`, line: null });
  }
  const fallback = (options.defaultTimezone && resolveZone(options.defaultTimezone)) || 'UTC';
  diagnostics.push({
    severity: 'warning',
    code: 'timezone-assumed',
    message: `no time zone declared (e.g. "All times in PST"); times are read as ${fallback}`,
    line: null,
  });
  return { zone: fallback, source: 'default', verbatim: null };
}

/** `First detected: 2023-07-21 08:15`-style lines outside the timeline. */
function findLabelledMilestones(blocks: Block[], outline: Outline, date: string | null, zone: string | null): StatedMilestone[] {
  const inTimeline = new Set<number>();
  for (const r of outline.timelines) for (let k = r.start; k < r.end; k++) inTimeline.add(k);
  const found: StatedMilestone[] = [];
  const consider = (text: string, line: number): void => {
    const label = milestoneLabel(text);
    if (!label) return;
    const stamp = parseStamp(label.value);
    if (!stamp || (!stamp.time && !stamp.date)) return;
    const d = stamp.date ? resolveDate(stamp.date, date) : date;
    const time = stamp.time ? `${String(stamp.time.hour).padStart(2, '0')}:${String(stamp.time.minute).padStart(2, '0')}` : null;
    const zoneFor = (stamp.zone && resolveZone(stamp.zone)) || zone;
    const instant = d && stamp.time && zoneFor ? toUtc(d, stamp.time, zoneFor) : null;
    found.push({ milestone: label.milestone, date: d, time, at: instant, line });
  };
  blocks.forEach((b, k) => {
    if (inTimeline.has(k) || b.type !== 'content') return;
    const node = b.node;
    if (node.type === 'paragraph') {
      for (const l of paragraphLines(node)) consider(l.text, l.line);
    } else if (node.type === 'list') {
      for (const item of node.children) {
        const first = item.children[0];
        if (first?.type === 'paragraph') for (const l of paragraphLines(first)) consider(l.text, l.line);
      }
    }
  });
  return found;
}

/** The summary section's paragraphs, else the first paragraph before any section. */
function readSummary(blocks: Block[], outline: Outline): string | null {
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

/** Front matter scalars, `Key: value` lines of a Stats section, and the file's identifier. */
function readMetadata(front: FrontMatter | null, blocks: Block[], outline: Outline, id: string | null): Record<string, string> {
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

