/**
 * CSV deployment files: a header row naming the columns, then one deployment per row. Quoted values may hold
 * commas, quotes (`""`) and line breaks; the delimiter is `,`, or `;` / tab when the header line has no comma.
 * A row with more or fewer cells than the header is an error for that row; rows whose cells are all blank are
 * skipped like blank lines. Each row is reported at the line where it starts. Pure; never throws.
 */
import { parse } from 'csv-parse/sync';
import { describeNames, fieldFor } from './file-fields.ts';
import type { FileRecord, RecordSource } from './file-records.ts';

/** Columns every row needs; a header without one is a single error rather than one per row. */
const REQUIRED = ['environment', 'startedAt'] as const;

/** The rows of a CSV file (blank text, or a header alone: none). */
export function readCsvRecords(text: string): RecordSource {
  const source: RecordSource = { noun: 'column', records: [], problems: [], warnings: [] };
  if (text.trim() === '') return source;
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(bytes);
  const rows: Array<{ cells: string[]; line: number }> = [];
  let end = 0;
  try {
    parse(bytes, {
      delimiter: delimiterOf(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (cells: string[], context) => {
        if (!cells.every(isBlank)) rows.push({ cells, line: lineAt(recordStart(bytes, end)) });
        end = context.bytes;
        return null;
      },
    });
  } catch (error) {
    source.problems.push({ line: lineAt(recordStart(bytes, end)), message: `${csvErrorReason(error)}; the rest of the file is not read` });
  }

  const [head, ...data] = rows;
  if (head === undefined) return source;
  const header = head.cells.map((name) => name.trim());
  source.header = header.filter((name) => name !== '');
  const missing = data.length === 0 ? [] : missingColumns(header);
  if (missing.length > 0) {
    source.problems.unshift({ line: head.line, message: missing.join('; ') });
    source.rowsNotRead = data.length;
    return source;
  }
  const unnamedWithValues = new Set<number>();
  source.records = data.map(({ cells, line }): FileRecord => {
    if (cells.length !== header.length) {
      return { line, problem: `the row has ${cells.length} ${cells.length === 1 ? 'value' : 'values'} but the header has ${header.length} columns` };
    }
    const entries: Array<readonly [string, string]> = [];
    header.forEach((name, index) => {
      const cell = cells[index] ?? '';
      if (name !== '') entries.push([name, cell]);
      else if (!isBlank(cell)) unnamedWithValues.add(index);
    });
    return { line, entries };
  });
  for (const index of [...unnamedWithValues].sort((a, b) => a - b)) source.warnings!.push(`column ${index + 1} has no name in the header: it is not read`);
  return source;
}

/** One message per required field no header name is read into. */
function missingColumns(header: readonly string[]): string[] {
  const fields = new Set(header.map((name) => fieldFor(name)?.field));
  return REQUIRED.filter((field) => !fields.has(field)).map((field) => `no column for ${field} in the header (name it ${describeNames(field)})`);
}

/** `,` unless the header line has none and has tabs or semicolons. */
function delimiterOf(text: string): string {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  return first.includes(';') ? ';' : ',';
}

function isBlank(cell: string): boolean {
  return cell.trim() === '';
}

/** Where the record after byte `end` starts: past the empty lines csv-parse skipped. */
function recordStart(bytes: Uint8Array, end: number): number {
  let offset = end;
  while (bytes[offset] === 0x0a || bytes[offset] === 0x0d) offset += 1;
  return offset;
}

/**
 * 1-based line of a byte offset, counting `\n`, `\r\n` and a lone `\r` as one line end each. Offsets are
 * expected in increasing order (each call continues from the last); a smaller one starts over.
 */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  let position = 0;
  let line = 1;
  return (offset) => {
    if (offset < position) {
      position = 0;
      line = 1;
    }
    for (; position < offset && position < bytes.length; position += 1) {
      const byte = bytes[position];
      if (byte === 0x0a || (byte === 0x0d && bytes[position + 1] !== 0x0a)) line += 1;
    }
    return line;
  };
}

/** csv-parse's reason, without its own line count (the caller says where). */
function csvErrorReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted value is not closed (a `"` is missing)';
  const message = error instanceof Error ? error.message : String(error);
  return `not CSV: ${message.replace(/ (?:at|on) line \d+/g, '')}`;
}
