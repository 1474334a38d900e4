/**
 * Watching the postmortems folder: new, changed, renamed and deleted files (and folders) are collected for a short
 * quiet period and handed over as one batch of paths, so an editor's save-by-rename or a `git checkout` of many
 * files becomes one ingest. The folder itself is checked every second: when it was moved away and is back (or was
 * replaced), the watch starts again on it and the whole folder is to be read again.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface WatchOptions {
  /** The folder, watched recursively (dot folders and `node_modules` skipped). */
  root: string;
  /** File endings that matter (case-insensitive). */
  extensions: readonly string[];
  /** Quiet time after the last event before the batch is handed over, in ms. Default: 150. */
  debounceMs?: number;
  /** Receives each batch of absolute paths (files or folders that changed, appeared or vanished). */
  onChange(paths: string[]): void;
  /** Called when the folder came back after being moved away or replaced: read it all again. */
  onRescan?(): void;
  /** Receives watcher errors (the watch goes on). */
  onError?(error: unknown): void;
  /** How often the folder itself is checked, in ms. Default: 1000. */
  rootCheckMs?: number;
}

export interface FolderWatch {
  /** Resolves once the initial scan is done and changes are being reported. */
  ready: Promise<void>;
  /** Stops watching; a batch still waiting is dropped. */
  close(): Promise<void>;
}

/** The identity of the folder now (device and inode), or null when it is not there. */
function folderIdentity(path: string): string | null {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}` : null;
  } catch {
    return null;
  }
}

/** Starts watching `options.root`. */
export function watchFolder(options: WatchOptions): FolderWatch {
  const extensions = options.extensions.map((e) => e.toLowerCase());
  const wanted = (path: string) => extensions.some((ending) => path.toLowerCase().endsWith(ending));
  const start = (): FSWatcher => {
    const fresh = watch(options.root, {
      ignoreInitial: true,
      ignored: (path, stats) => {
        const name = basename(path);
        if (path !== options.root && (name.startsWith('.') || name === 'node_modules')) return true;
        return stats?.isFile() === true && !wanted(path);
      },
    });
    fresh.on('all', (event, path) => {
      if (typeof path !== 'string') return;
      if (event === 'addDir' || event === 'unlinkDir' || wanted(path)) note(path);
    });
    fresh.on('error', (error) => options.onError?.(error));
    return fresh;
  };

  let batch = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const paths = [...batch];
    batch = new Set();
    if (paths.length > 0) options.onChange(paths);
  };
  const note = (path: string) => {
    batch.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 150);
  };
  let watcher = start();
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));

  // chokidar loses a folder that is moved away: watch it again once it is back, and have it read again.
  let identity = folderIdentity(options.root);
  let closed = false;
  const check = setInterval(() => {
    const now = folderIdentity(options.root);
    if (now === identity) return;
    identity = now;
    if (now === null || closed) return;
    const previous = watcher;
    watcher = start();
    void previous.close();
    options.onRescan?.();
  }, options.rootCheckMs ?? 1000);
  check.unref();

  return {
    ready,
    async close() {
      closed = true;
      clearInterval(check);
      if (timer) clearTimeout(timer);
      timer = null;
      await watcher.close();
    },
  };
}
