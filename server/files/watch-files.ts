/**
 * Watching a few named files (the deployment log, the safeguards file): a change is reported once the file has
 * been quiet for 150 ms, so an editor's save-by-rename is one change.
 */
import { watch } from 'chokidar';

export interface FilesWatch {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls `onChange(path)` after a file of `paths` was written (150 ms after its last event). */
export function watchFiles(paths: readonly string[], onChange: (path: string) => void, onError: (error: unknown) => void): FilesWatch {
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
