/** `hindsight list`: one line per postmortem in a folder — the overview `npm start` prints. */
import type { Command } from 'commander';
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import { findPostmortems } from '../files/find-postmortems.ts';
import { repoOption, zoneOption } from './option-values.ts';
import type { CliContext, CliIo } from './program.ts';
import { readAndParse, type FileParseOptions } from './read-and-parse.ts';

export interface ListCommandOptions extends FileParseOptions {
  /** One JSON summary per line instead of a table. Default: false. */
  json?: boolean;
}

/** What `list` shows of one postmortem. */
export interface IncidentSummary {
  file: string;
  date: string | null;
  title: string | null;
  /** Minutes from the start to the resolution (or mitigation) milestone, when both have an instant. */
  durationMinutes: number | null;
  timelineEntries: number;
  actionItems: number;
  actionItemsDone: number;
  errors: number;
  warnings: number;
}

/** Summarise one parse for the overview. */
export function summarise(file: string, parsed: ParsedPostmortem): IncidentSummary {
  const start = parsed.milestones.started?.at;
  const end = parsed.milestones.resolved?.at ?? parsed.milestones.mitigated?.at;
  const duration = start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : null;
  return {
    file,
    date: parsed.date,
    title: parsed.title,
    durationMinutes: duration !== null && duration >= 0 ? duration : null,
    timelineEntries: parsed.timeline.length,
    actionItems: parsed.actionItems.length,
    actionItemsDone: parsed.actionItems.filter((i) => i.done === true).length,
    errors: parsed.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: parsed.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

/** `95` → `1h35m`; null → `-`. */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '-';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m`;
}

/** The overview table, newest incident first. */
export function formatSummaries(rows: readonly IncidentSummary[]): string {
  const sorted = [...rows].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.file.localeCompare(b.file));
  const lines = sorted.map((r) => [
    r.date ?? '????-??-??',
    formatDuration(r.durationMinutes).padStart(6),
    `${String(r.timelineEntries).padStart(3)} events`,
    `${r.actionItemsDone}/${r.actionItems} done`.padStart(10),
    r.errors + r.warnings > 0 ? `${r.errors}E ${r.warnings}W` : '  ok  ',
    r.title ?? '(no title)',
    `  ${r.file}`,
  ].join('  '));
  return `${lines.join('\n')}\n${rows.length} postmortem${rows.length === 1 ? '' : 's'}\n`;
}

/**
 * Lists the postmortems under `paths` (directories walked recursively). Resolves to 0, or 2 when a file or
 * directory could not be read (the others are still listed).
 */
export async function runList(paths: readonly string[], options: ListCommandOptions, io: CliIo): Promise<number> {
  const found = await findPostmortems(paths, { cwd: io.cwd });
  let exitCode = 0;
  for (const error of found.errors) {
    io.stderr(`${error}\n`);
    exitCode = 2;
  }
  const rows: IncidentSummary[] = [];
  for (const file of found.files) {
    const parsed = await readAndParse(file, options, io);
    if (parsed === null) {
      exitCode = 2;
      continue;
    }
    rows.push(summarise(file, parsed));
  }
  if (options.json === true) for (const r of rows) io.stdout(`${JSON.stringify(r)}\n`);
  else if (rows.length === 0) io.stderr(`no postmortem files found in ${paths.join(', ')}\n`);
  else io.stdout(formatSummaries(rows));
  return exitCode;
}

/** Registers `list [--json] [--timezone ZONE] [--repo owner/name] [DIR|FILE...]` (default `postmortems`). */
export function registerList(program: Command, context: CliContext): void {
  program
    .command('list')
    .description('one line per postmortem: date, duration, timeline size, action items done, problems, title')
    .argument('[paths...]', 'folders (walked recursively) or files', ['postmortems'])
    .option('--json', 'one JSON summary per line')
    .addOption(zoneOption())
    .addOption(repoOption())
    .action(async (paths: string[], options: ListCommandOptions) => {
      context.exit(await runList(paths, options, context.io));
    });
}
