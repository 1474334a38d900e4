/**
 * The parser pipeline: markdown text in, a `ParsedPostmortem` out.
 *
 * normalise → restore a flattened document → mdast → front matter → outline (sections) → timeline (scan, dates,
 * zones) → action items → milestones → title, date, summary. Pure and total: it reads no files and no clock,
 * and anything it cannot read becomes a diagnostic with a line number rather than an exception.
 */
import type { ActionItem, ParseOptions, ParsedPostmortem, TimelineEntry } from '../domain/postmortem.ts';
import { readAllActionItems } from './action-items.ts';
import { findDate, formatDate } from './datetime.ts';
import { chooseZone, findDocumentZone } from './document-zone.ts';
import { classifyEvent } from './event-kind.ts';
import { readFrontMatter } from './frontmatter.ts';
import { findMetaDate, pickHeaderDate, readTitle } from './header.ts';
import { incidentDate } from './incident-date.ts';
import { collectDefinitions } from './links.ts';
import { toMdast } from './markdown.ts';
import { readMetadata } from './metadata.ts';
import { buildMilestones, findLabelledMilestones } from './milestones.ts';
import { linearize } from './outline.ts';
import { buildOutline } from './sections.ts';
import { readSummary } from './summary.ts';
import { resolveTimeline } from './timeline-dates.ts';
import { isTimeHeading, scanTimeline, type RawEntry } from './timeline-scan.ts';
import { resolveZone, toUtc } from './timezone.ts';
import { fileNameParts } from './title.ts';
import { looksFlattened, unflatten } from './unflatten/index.ts';

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
  const declared = scans.find((s) => s.zone)?.zone ?? findDocumentZone(blocks);
  const rawEntries: RawEntry[] = scans.flatMap((s) => s.entries);
  for (const { line, written } of scans.flatMap((s) => s.invalidTimes)) {
    diagnostics.push({
      severity: 'warning',
      code: 'time-invalid',
      message: `"${written}" is not a time of day: the line is read as text of the entry before it`,
      line,
    });
  }

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
      line: outline.timelines[0]!.heading.line,
    });
  }

  result.date = incidentDate(headerDate, timeline, diagnostics);
  if (!result.date) {
    diagnostics.push({ severity: 'warning', code: 'no-date', message: 'no incident date found (front matter, title, file name or timeline)', line: null });
  }
  const year = result.date ? Number(result.date.slice(0, 4)) : null;

  // Action items.
  const found = readAllActionItems(blocks, outline, { definitions, repo: options.repo ?? null, year });
  for (const line of found.placeholders) {
    diagnostics.push({ severity: 'warning', code: 'template-placeholder', message: 'an unfilled template slot was left in the action items', line });
  }
  for (const line of found.checklistItems) {
    diagnostics.push({
      severity: 'info',
      code: 'report-checklist-item',
      message: 'left out of the action items: a line about writing or publishing the report itself, not follow-up work',
      line: at(line),
    });
  }
  const items: ActionItem[] = found.items.map((i) => ({ ...i, line: at(i.line) }));
  const checklistOnly = new Set(found.checklistHeadings);
  result.actionItems = items;
  result.sections = outline.sections.map((s) => ({
    ...s,
    kind: s.kind === 'action-items' && checklistOnly.has(s.line) ? 'meta-checklist' : s.kind,
    line: at(s.line),
  }));

  // Milestones.
  const labelled = findLabelledMilestones(blocks, outline, result.date, zone.zone).map((m) => ({ ...m, line: at(m.line) }));
  result.milestones = buildMilestones(timeline, labelled, result.date);

  result.summary = summary;
  result.metadata = readMetadata(front, blocks, outline, fileParts.id);
  if (flattened) for (const d of result.diagnostics) if (d.line !== null) d.line = 1;
  return result;
}


