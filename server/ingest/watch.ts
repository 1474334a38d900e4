/**
 * Watching the postmortems folder: new, changed, renamed and deleted files (and folders) are collected for a short
 * quiet period and handed over as one batch of paths, so an editor's save-by-rename or a `git checkout` of many
 * files becomes one ingest.
 */
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
  /** Receives watcher errors (the watch goes on). */
  onError?(error: unknown): void;
}

export interface FolderWatch {
  /** Resolves once the initial scan is done and changes are being reported. */
  ready: Promise<void>;
  /** Stops watching; a batch still waiting is dropped. */
  close(): Promise<void>;
}

/** Starts watching `options.root`. */
export function watchFolder(options: WatchOptions): FolderWatch {
  const extensions = options.extensions.map((e) => e.toLowerCase());
  const wanted = (path: string) => extensions.some((ending) => path.toLowerCase().endsWith(ending));
  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    ignored: (path, stats) => {
      const name = basename(path);
      if (path !== options.root && (name.startsWith('.') || name === 'node_modules')) return true;
      return stats?.isFile() === true && !wanted(path);
    },
  });

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
  watcher.on('all', (event, path) => {
    if (typeof path !== 'string') return;
    if (event === 'addDir' || event === 'unlinkDir' || wanted(path)) note(path);
  });
  watcher.on('error', (error) => options.onError?.(error));

  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await watcher.close();
    },
  };
}
