/**
 * The deployment files the server keeps in step with: `HINDSIGHT_DEPLOYMENTS`, or by default a
 * `deployments.ndjson` (`.jsonl`, `.json`, `.csv`) at the top of the postmortems folder, imported at start and
 * again whenever one changes (`server/files/watch-files.ts`; a team can keep a deploy log next to its postmortems;
 * the examples do).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The names looked for at the top of the postmortems folder. */
export const DEFAULT_DEPLOYMENT_FILES = ['deployments.ndjson', 'deployments.jsonl', 'deployments.json', 'deployments.csv'] as const;

/** Absolute paths: the configured files (relative to `cwd`), else the default names present in `root`. */
export function deploymentFiles(configured: readonly string[] | null, cwd: string, root: string): string[] {
  if (configured !== null) return configured.map((file) => resolve(cwd, file));
  return DEFAULT_DEPLOYMENT_FILES.map((name) => join(root, name)).filter((path) => existsSync(path));
}
