/**
 * NDJSON (JSON lines) deployment files: one JSON object per line, blank lines skipped, `\r\n` line ends
 * accepted. A line that is not JSON, or is JSON but not an object, is an error at that line; the other lines are
 * still read. Pure; never throws.
 */
import { isObject, kindOf, notJson } from './file-json.ts';
import type { FileRecord, RecordSource } from './file-records.ts';

/** The rows of an NDJSON file, one per non-blank line. */
export function readJsonLinesRecords(text: string): RecordSource {
  const records: FileRecord[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line += 1;
    const content = text.slice(start, end);
    start = end + 1;
    if (content.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      records.push({ line, problem: notJson(content, error).message });
      continue;
    }
    records.push(isObject(value) ? { line, entries: Object.entries(value) } : { line, problem: `expected a JSON object, got ${kindOf(value)}` });
  }
  return { noun: 'field', records, problems: [] };
}
