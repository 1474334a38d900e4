/**
 * Reading one postmortem file safely: every way a file can be unreadable becomes a one-line error
 * that names the file, never an exception, so a caller can go on with the other files.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { firstInvalidUtf8Offset, lineAtOffset } from './utf8.ts';

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

export interface ReadOptions {
  /** Largest file accepted, in bytes. Default: {@link DEFAULT_MAX_BYTES} (5 MB). */
  maxBytes?: number;
  /** Directory a relative path is resolved against. Default: the process's working directory. */
  cwd?: string;
}

/** 5 MB: far more than any postmortem, small enough to refuse logs and dumps. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Bytes searched for NUL to tell a binary file: the first 8 KB. */
const BINARY_SNIFF_BYTES = 8 * 1024;
const CHUNK_BYTES = 256 * 1024;
const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Reads `path` as UTF-8 text. Refuses, with an error naming `path` as given: a missing file, a
 * directory or other non-regular file, permission denied, a file over `maxBytes` (checked with
 * `stat` before reading anything, default 5 MB), a binary file (a NUL byte in the first 8 KB) and
 * invalid UTF-8 (with the line of the first bad byte). A UTF-8 BOM is stripped; line endings are kept.
 */
export async function readPostmortem(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fullPath = options.cwd === undefined ? path : resolve(options.cwd, path);
  const fail = (reason: string): ReadResult => ({ ok: false, error: `${path}: ${reason}` });

  let stats: Stats;
  try {
    stats = await stat(fullPath);
  } catch (error) {
    return fail(describeFsError(error));
  }
  if (stats.isDirectory()) return fail('is a directory');
  if (!stats.isFile()) return fail('not a regular file');
  if (stats.size > maxBytes) return fail(tooLarge(stats.size, maxBytes));

  let read: Uint8Array | null;
  try {
    read = await readAtMost(fullPath, maxBytes);
  } catch (error) {
    return fail(describeFsError(error));
  }
  if (read === null) return fail(tooLarge(maxBytes + 1, maxBytes));

  const decoded = decodePostmortem(read);
  return decoded.ok ? decoded : fail(decoded.error);
}

/**
 * UTF-8 text of a postmortem's bytes: a BOM is stripped; a binary file (NUL in the first 8 KB) or invalid UTF-8
 * (with the line of the first bad byte) is refused with a reason that does not name the file.
 */
export function decodePostmortem(read: Uint8Array): ReadResult {
  const bytes = hasBom(read) ? read.subarray(BOM.length) : read;
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, error: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return { ok: false, error: offset < 0 ? 'not valid UTF-8' : `not valid UTF-8 (line ${lineAtOffset(bytes, offset)})` };
  }
}

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; error: string };

/**
 * The bytes of the regular file at `fullPath`, read synchronously (cheap for the many small files of an ingest),
 * or a reason (`no such file`, `too large (...)`, `not a regular file` ...) that does not name the file. The size
 * is checked on the open descriptor before reading; `maxBytes` defaults to {@link DEFAULT_MAX_BYTES}.
 */
export function readPostmortemBytesSync(fullPath: string, maxBytes: number = DEFAULT_MAX_BYTES): BytesResult {
  let fd: number;
  try {
    fd = openSync(fullPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { ok: false, error: 'is a directory' };
    if (!stats.isFile()) return { ok: false, error: 'not a regular file' };
    if (stats.size > maxBytes) return { ok: false, error: tooLarge(stats.size, maxBytes) };
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    let total = 0;
    for (;;) {
      const count = readSync(fd, buffer, total, buffer.length - total, null);
      if (count === 0) break;
      total += count;
      if (total > stats.size) return { ok: false, error: 'changed while being read' };
    }
    return { ok: true, bytes: buffer.subarray(0, total) };
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

/** Turns a file-system error into a short reason: `no such file`, `permission denied`, ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

/** Human size: `512 bytes`, `12.0 KB`, `50.0 MB` (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function hasBom(bytes: Uint8Array): boolean {
  return BOM.every((byte, i) => bytes[i] === byte);
}

function tooLarge(size: number, maxBytes: number): string {
  return `too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)})`;
}

/** The file's bytes, or null as soon as more than `maxBytes` were read (the file grew after `stat`). */
async function readAtMost(path: string, maxBytes: number): Promise<Uint8Array | null> {
  // O_NONBLOCK: a FIFO swapped in after `stat` must not hang the read.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > maxBytes) return null;
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
