/**
 * What the format readers of `read-file.ts` hand over: records as written (field names and values untouched),
 * each at the line where it starts, before any field is mapped or checked.
 */

/** A problem at a line of the file (1-based); line 0 is about the whole file rather than one place in it. */
export interface RowProblem {
  line: number;
  message: string;
}

/** One record: its fields in file order (names as written, so duplicates survive), or why it is unreadable. */
export type FileRecord =
  | { line: number; entries: ReadonlyArray<readonly [string, unknown]>; problem?: undefined }
  | { line: number; entries?: undefined; problem: string };

/** The records of one file, as one format reader found them. */
export interface RecordSource {
  /** What a field is called in messages: CSV has columns, JSON has fields. */
  noun: 'column' | 'field';
  /** Every row in file order; blank lines (and CSV rows whose cells are all blank) are not records. */
  records: FileRecord[];
  /** Problems with the file rather than with one row (not JSON at all, an unclosed quote, a header without dates). */
  problems: RowProblem[];
  /** Names of the fields every record has (a CSV header), so unread ones are reported even without rows. */
  header?: readonly string[];
  /** Rows seen but not read because of a whole-file problem (a CSV header that names no environment). Default 0. */
  rowsNotRead?: number;
  warnings?: string[];
}
