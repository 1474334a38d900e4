/** Which of the deployment file formats a file is in: by its name, else by a look at its first line. */
import { isObject } from './file-json.ts';

export const DEPLOYMENT_FILE_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type DeploymentFileFormat = (typeof DEPLOYMENT_FILE_FORMATS)[number];

const EXTENSIONS: Record<string, DeploymentFileFormat> = { ndjson: 'ndjson', jsonl: 'ndjson', json: 'json', csv: 'csv' };

/** `.ndjson` / `.jsonl` → ndjson, `.json` → json, `.csv` → csv, ignoring case; null for any other name. */
export function formatFromName(name: string): DeploymentFileFormat | null {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension === undefined ? null : (EXTENSIONS[extension] ?? null);
}

/**
 * The format the text looks like: `[` first → json; `{` first → ndjson when the first line is a whole JSON object
 * (json when that object is all there is and has a `deployments` array), json when the object spans lines;
 * anything else → csv. Blank text → ndjson (every reader finds no rows in it).
 */
export function sniffFormat(text: string): DeploymentFileFormat {
  const start = text.search(/\S/);
  if (start < 0) return 'ndjson';
  if (text[start] === '[') return 'json';
  if (text[start] !== '{') return 'csv';
  const newline = text.indexOf('\n', start);
  const first = text.slice(start, newline < 0 ? text.length : newline);
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    return 'json';
  }
  const wrapper = isObject(value) && Array.isArray(value.deployments);
  return wrapper && (newline < 0 || text.slice(newline).trim() === '') ? 'json' : 'ndjson';
}

export function isDeploymentFileFormat(value: unknown): value is DeploymentFileFormat {
  return typeof value === 'string' && (DEPLOYMENT_FILE_FORMATS as readonly string[]).includes(value);
}
