/**
 * The time zone of a report's timeline, by precedence: declared in the body (the timeline's own declaration
 * first, then any top-level paragraph or heading), front matter `timezone:`, zones written on entries, the
 * caller's `timezone` option, then the default (with a `timezone-assumed` warning).
 */
import type { Diagnostic, ParseOptions, TimezoneSource } from '../domain/postmortem.ts';
import type { FrontMatter } from './frontmatter.ts';
import type { Block } from './outline.ts';
import { paragraphLines } from './text.ts';
import type { RawEntry, ZoneFound } from './timeline-scan.ts';
import { findZoneDeclaration, resolveZone } from './timezone.ts';

/** A zone declared outside the timeline: a top-level paragraph or heading (`All times in PDT (UTC-7).`). */
export function findDocumentZone(blocks: Block[]): ZoneFound | null {
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

export interface ZoneChoice {
  zone: string | null;
  source: TimezoneSource | null;
  verbatim: string | null;
}

/** Pick the zone and say where it came from. */
export function chooseZone(
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
