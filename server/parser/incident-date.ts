/** The day the incident began: the header's date, unless the timeline contradicts it. */
import type { Diagnostic, TimelineEntry } from '../domain/postmortem.ts';
import { isoEpochDay } from './datetime.ts';

/** Days a first timeline date may lie before the header date and still be the incident (not background). */
const BACKGROUND_DAYS = 45;
/** Days a first timeline date may lie after the header date before the header is judged to be another date. */
const LATER_DAYS = 7;

/**
 * The day the incident began. The timeline wins over a header date it contradicts, read as a person would:
 * entries far before the header date are background, and changes (deploys) that open the timeline are the
 * cause, not the start: the incident begins with the first entry after them.
 */
export function incidentDate(header: string | null, timeline: TimelineEntry[], diagnostics: Diagnostic[]): string | null {
  const dated = timeline.filter((e) => e.date !== null);
  if (!header) return (dated.find((e) => e.kind !== 'deploy') ?? dated[0])?.date ?? null;
  const relevant = dated.filter((e) => isoEpochDay(header) - isoEpochDay(e.date!) <= BACKGROUND_DAYS);
  const first = (relevant.find((e) => e.kind !== 'deploy') ?? relevant[0])?.date;
  if (!first || first === header) return header;
  if (first < header || isoEpochDay(first) - isoEpochDay(header) > LATER_DAYS) {
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
