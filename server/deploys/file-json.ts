/**
 * JSON deployment files: an array of objects, or an object with a `deployments` array (other properties are
 * ignored). Each element is a row at the line where it starts; an element that is not an object is an error
 * there. Text that is not JSON is one error at the line of the syntax error. Pure; never throws.
 */
import { scanJson } from './file-json-scan.ts';
import type { FileRecord, RecordSource } from './file-records.ts';

/** The rows of a JSON file (blank text: none). */
export function readJsonRecords(text: string): RecordSource {
  const source: RecordSource = { noun: 'field', records: [], problems: [] };
  if (text.trim() === '') return source;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = notJson(text, error);
    source.problems.push({ line: problem.line ?? scanJson(text).firstLine, message: problem.message });
    return source;
  }
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.deployments) ? value.deployments : null;
  const scan = scanJson(text);
  if (list === null) {
    source.problems.push({ line: scan.firstLine, message: 'expected a list of deployments: a JSON array, or an object with a "deployments" array' });
    return source;
  }
  const lines = scan.elementLines !== null && scan.elementLines.length === list.length ? scan.elementLines : null;
  source.records = list.map((element: unknown, index): FileRecord => {
    const line = lines?.[index] ?? scan.firstLine;
    return isObject(element) ? { line, entries: Object.entries(element) } : { line, problem: `expected an object, got ${kindOf(element)}` };
  });
  return source;
}

/**
 * Why `text` is not JSON and at which of its lines, as the scan sees it (the same words whatever the Node
 * version); `JSON.parse`'s own reason, at no line, should the two ever disagree.
 */
export function notJson(text: string, parseError: unknown): { line: number | null; message: string } {
  const found = scanJson(text).error;
  if (found === null) {
    const reason = (parseError instanceof Error ? parseError.message : String(parseError)).split('\n')[0]!.slice(0, 200);
    return { line: null, message: `not JSON: ${reason}` };
  }
  const hint = found.afterValue ? ' (one JSON value per line? read the file as ndjson)' : '';
  return { line: found.line, message: `not JSON: ${found.reason} (column ${found.column})${hint}` };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a list`, `null`, `the number 3`, `the text "x"` ... */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}
