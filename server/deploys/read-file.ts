/**
 * `hindsight deploys import FILE`: deployment events from the NDJSON, JSON and CSV exports of CI systems and
 * deploy tools. Each row's fields are found by name (see `file-fields.ts` for the aliases) and checked by
 * `toDeploymentEvent`, like every other importer's. Pure: text in, events and positioned messages out; never throws.
 */
import { Info } from 'luxon';
import type { DeploymentEvent, DeploymentSource } from '../domain/deployment.ts';
import { toDeploymentEvent } from './event.ts';
import { createRecordMapper } from './file-fields.ts';
import { isDeploymentFileFormat, sniffFormat, formatFromName, type DeploymentFileFormat } from './file-format.ts';
import { readCsvRecords } from './file-csv.ts';
import { readJsonRecords } from './file-json.ts';
import { readJsonLinesRecords } from './file-json-lines.ts';
import type { RecordSource, RowProblem } from './file-records.ts';

export { formatFromName, sniffFormat, type DeploymentFileFormat } from './file-format.ts';
export type { RowProblem } from './file-records.ts';

export interface DeploymentFileOptions {
  /** The file's name or path: shown in messages, and its extension gives the format. */
  file: string;
  /** Default: from the file name (`formatFromName`), else sniffed from the content (`sniffFormat`). */
  format?: DeploymentFileFormat;
  /** Zone for times written without an offset (`2024-03-01 14:05`). Default: none, and such rows are errors. */
  timezone?: string | null;
  /** Recorded on every event. Default `file`. */
  source?: DeploymentSource;
  /** The latest start accepted (ISO; see `EventOptions.notAfter`). Default: none. */
  notAfter?: string | null;
}

export interface DeploymentFileResult {
  format: DeploymentFileFormat;
  /** The good rows, in file order (a key may come again: a later report); a row repeated exactly is here once. */
  events: DeploymentEvent[];
  /** One per bad row, or one for a problem with the whole file at its line (line 0: not about a line); by line. */
  errors: RowProblem[];
  /** Names not read (`column "foo" is not read (known: ...)`), once per name. */
  warnings: string[];
  /** Rows seen, good and bad; blank lines are not rows. */
  rows: number;
}

const READERS: Record<DeploymentFileFormat, (text: string) => RecordSource> = {
  ndjson: readJsonLinesRecords,
  json: readJsonRecords,
  csv: readCsvRecords,
};

/**
 * Reads a deployment file. NDJSON: one object per line. JSON: an array of objects, or an object with a
 * `deployments` array. CSV: a header row, then one deployment per row; empty cells are missing values. A UTF-8
 * BOM is ignored and `\r\n` line ends work.
 *
 * A bad row is an error at the line where it starts, naming every problem of the row
 * (`environment: missing (...); startedAt: ...`); the other rows are still read. A `key` used again is a later
 * report of that deployment (a CI log writing in-progress, then success): both are returned in file order and the
 * store merges them as it merges HTTP reports; a row repeated exactly is read once. A row without a key gets one
 * from its content (`contentKey`), so rows for the same deployment that differ only in status, finish time or
 * description are later reports too. An empty file has no rows and no errors. Never throws.
 */
export function readDeploymentFile(text: string, options: DeploymentFileOptions): DeploymentFileResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = isDeploymentFileFormat(options.format) ? options.format : (formatFromName(options.file) ?? sniffFormat(body));
  const timezone = options.timezone || null;
  if (timezone !== null && !Info.normalizeZone(timezone).isValid) {
    const message = `time zone ${JSON.stringify(timezone)} is not known (use an IANA name like Europe/Paris, or UTC+2)`;
    return { format, events: [], errors: [{ line: 0, message }], warnings: [], rows: 0 };
  }
  const source = READERS[format](body);
  const mapper = createRecordMapper(source.noun);
  if (source.header) mapper.noteNames(source.header);

  const events: DeploymentEvent[] = [];
  const errors: RowProblem[] = [...source.problems];
  const seen = new Map<string, { line: number; event: DeploymentEvent }>();
  const eventOptions = { source: options.source ?? 'file', timezone, notAfter: options.notAfter ?? null };
  for (const record of source.records) {
    const { line } = record;
    if (record.problem !== undefined) {
      errors.push({ line, message: record.problem });
      continue;
    }
    const input = mapper.toInput(record.entries);
    const result = toDeploymentEvent(input, eventOptions);
    if (result.problems) {
      errors.push({ line, message: result.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') });
      continue;
    }
    const { event } = result;
    // The same deployment again (its key, or the same identity without one) is a later report of it, like a CI
    // log that writes in-progress and then success: kept in order, the store merges it. An exact repeat is dropped.
    const earlier = seen.get(event.key);
    if (earlier === undefined || JSON.stringify(earlier.event) !== JSON.stringify(event)) {
      seen.set(event.key, { line, event });
      events.push(event);
    }
  }
  errors.sort((a, b) => a.line - b.line);
  const warnings = [...mapper.warnings(), ...(source.warnings ?? [])];
  return { format, events, errors, warnings, rows: source.records.length + (source.rowsNotRead ?? 0) };
}

/** `deploys.csv:7: startedAt: ...`; `deploys.csv: ...` for a problem with the whole file (line 0). */
export function formatRowProblem(file: string, problem: RowProblem): string {
  return problem.line > 0 ? `${file}:${problem.line}: ${problem.message}` : `${file}: ${problem.message}`;
}
