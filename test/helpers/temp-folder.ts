/** A temporary folder of files for a test, removed afterwards. */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempFolder {
  root: string;
  write(path: string, content: string | Uint8Array): void;
  remove(path: string): void;
  move(from: string, to: string): void;
  cleanup(): void;
}

/** Creates a fresh folder under the system temp directory, with `files` (relative path → content) written. */
export function tempFolder(files: Record<string, string> = {}): TempFolder {
  const root = mkdtempSync(join(tmpdir(), 'hindsight-test-'));
  const folder: TempFolder = {
    root,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    remove(path) {
      unlinkSync(join(root, path));
    },
    move(from, to) {
      mkdirSync(dirname(join(root, to)), { recursive: true });
      renameSync(join(root, from), join(root, to));
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [path, content] of Object.entries(files)) folder.write(path, content);
  return folder;
}
