/**
 * The deployment files the server keeps in step with: `HINDSIGHT_DEPLOYMENTS`, or by default a
 * `deployments.ndjson` (`.jsonl`, `.json`, `.csv`) at the top of the postmortems folder, imported at start and
 * again whenever one changes (a team can keep a deploy log next to its postmortems; the examples do).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { watch } from 'chokidar';

/** The names looked for at the top of the postmortems folder. */
export const DEFAULT_DEPLOYMENT_FILES = ['deployments.ndjson', 'deployments.jsonl', 'deployments.json', 'deployments.csv'] as const;

/** Absolute paths: the configured files (relative to `cwd`), else the default names present in `root`. */
export function deploymentFiles(configured: readonly string[] | null, cwd: string, root: string): string[] {
  if (configured !== null) return configured.map((file) => resolve(cwd, file));
  return DEFAULT_DEPLOYMENT_FILES.map((name) => join(root, name)).filter((path) => existsSync(path));
}

export interface FilesWatch {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls `onChange(path)` after a file of `paths` was written (150 ms after its last event). */
export function watchDeploymentFiles(paths: readonly string[], onChange: (path: string) => void, onError: (error: unknown) => void): FilesWatch {
  const watcher = watch([...paths], { ignoreInitial: true });
  const timers = new Map<string, NodeJS.Timeout>();
  watcher.on('all', (event, path) => {
    if ((event !== 'add' && event !== 'change') || typeof path !== 'string') return;
    clearTimeout(timers.get(path));
    timers.set(
      path,
      setTimeout(() => {
        timers.delete(path);
        onChange(path);
      }, 150),
    );
  });
  watcher.on('error', onError);
  return {
    ready: new Promise((done) => watcher.once('ready', () => done())),
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      await watcher.close();
    },
  };
}
