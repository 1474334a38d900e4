/** What one ingest run did, for the CLI's summary line, `POST /api/ingest` and the server log. */

export interface IngestFailure {
  /** The file, relative to the postmortems folder. */
  file: string;
  /** Why it could not be read or parsed; its last good version (if any) stays in the store. */
  error: string;
}

export interface IngestSummary {
  /** Files seen for the first time. */
  added: number;
  /** Files whose content (or the parse options) changed. */
  changed: number;
  /** Files skipped because their content hash and parse options are unchanged. */
  unchanged: number;
  /** Files that could not be read or parsed (see `failures`). */
  failed: number;
  /** Incidents whose file is gone, now marked removed. */
  removed: number;
  /** Files moved or renamed: their incident (and its links) followed them. */
  renamed: number;
  failures: IngestFailure[];
  /** Folders that could not be listed; nothing under them was marked removed. */
  errors: string[];
  durationMs: number;
}

export function emptySummary(): IngestSummary {
  return { added: 0, changed: 0, unchanged: 0, failed: 0, removed: 0, renamed: 0, failures: [], errors: [], durationMs: 0 };
}

/** `4 added, 1 changed, 10 unchanged, 0 failed, 0 removed, 0 renamed in 1.2 s` */
export function formatSummary(summary: IngestSummary): string {
  const counts = (['added', 'changed', 'unchanged', 'failed', 'removed', 'renamed'] as const).map((key) => `${summary[key]} ${key}`);
  return `${counts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s`;
}
