/**
 * A deployment file (NDJSON, JSON, CSV) into the database: read, check every row, store the good ones in one
 * transaction; bad rows are reported with their line and never stop the others. Used by `hindsight deploys
 * import` and by the server for the deployment files it loads at start.
 */
import { readFile } from 'node:fs/promises';
import type { Database } from '../db/connection.ts';
import { upsertDeployments, type UpsertCounts } from '../db/deployment-store.ts';
import { formatRowProblem, readDeploymentFile, type DeploymentFileFormat } from './read-file.ts';

export interface FileImportOptions {
  /** The name shown in messages (`deploys.csv:7: ...`). Default: the path. */
  shownAs?: string;
  format?: DeploymentFileFormat;
  /** Zone for times written without an offset. Default: none (such rows are errors). */
  timezone?: string | null;
  now: Date;
}

export interface FileImportResult extends UpsertCounts {
  format: DeploymentFileFormat | null;
  rows: number;
  /** `file:line: problem`, one per bad row; or one naming the file when it cannot be read. */
  errors: string[];
  warnings: string[];
}

/** Imports one file; never throws for bad content or a missing file (reported in `errors`). */
export async function importDeploymentFile(database: Database, path: string, options: FileImportOptions): Promise<FileImportResult> {
  const shown = options.shownAs ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : code === 'EACCES' ? 'permission denied' : String(error);
    return { format: null, rows: 0, created: 0, updated: 0, unchanged: 0, errors: [`${shown}: cannot read it: ${why}`], warnings: [] };
  }
  const read = readDeploymentFile(text, {
    file: shown,
    ...(options.format ? { format: options.format } : {}),
    timezone: options.timezone ?? null,
    notAfter: new Date(options.now.getTime() + 86_400_000).toISOString(),
  });
  const counts = upsertDeployments(database, read.events, options.now);
  return {
    format: read.format,
    rows: read.rows,
    ...counts,
    errors: read.errors.map((problem) => formatRowProblem(shown, problem)),
    warnings: read.warnings.map((warning) => `${shown}: ${warning}`),
  };
}

/** `12 rows: 3 new, 1 updated, 8 unchanged, 2 bad`. */
export function formatImport(result: UpsertCounts & { rows?: number; errors?: readonly string[] }): string {
  const bad = result.errors?.length ?? 0;
  const rows = result.rows ?? result.created + result.updated + result.unchanged + bad;
  return `${rows} ${rows === 1 ? 'row' : 'rows'}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged${bad > 0 ? `, ${bad} bad` : ''}`;
}
