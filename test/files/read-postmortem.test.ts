import { chmod, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFsError, formatBytes, readPostmortem } from '../../server/files/read-postmortem.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readPostmortem', () => {
  it('reads UTF-8 text as is, CRLF kept', async () => {
    const path = await file('a.md', '# Outage\r\n\r\n## Timeline – 時間\r\n');
    expect(await readPostmortem(path)).toEqual({ ok: true, text: '# Outage\r\n\r\n## Timeline – 時間\r\n' });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = await file('bom.md', Uint8Array.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0x41]));
    expect(await readPostmortem(path)).toEqual({ ok: true, text: '# A' });
  });

  it('reads an empty file as empty text', async () => {
    expect(await readPostmortem(await file('empty.md', ''))).toEqual({ ok: true, text: '' });
  });

  it('resolves a relative path against cwd and names it as given', async () => {
    await file('rel.md', 'x');
    expect(await readPostmortem('rel.md', { cwd: dir })).toEqual({ ok: true, text: 'x' });
    expect(await readPostmortem('nope.md', { cwd: dir })).toEqual({ ok: false, error: 'nope.md: no such file' });
  });

  it('refuses a missing file, a path through a file, and a directory', async () => {
    const path = join(dir, 'missing.md');
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: no such file` });
    const inside = join(await file('plain.md', 'x'), 'child.md');
    expect(await readPostmortem(inside)).toEqual({ ok: false, error: `${inside}: no such file` });
    await mkdir(join(dir, 'folder.md'));
    expect(await readPostmortem(join(dir, 'folder.md'))).toEqual({ ok: false, error: `${dir}/folder.md: is a directory` });
  });

  it('refuses a binary file (NUL byte in the first 8 KB)', async () => {
    const path = await file('image.md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: binary file (contains NUL bytes)` });
  });

  it('only looks for NUL in the first 8 KB (a later NUL is decoded as text)', async () => {
    const content = `${'a'.repeat(9000)}\u0000`;
    const path = await file('late-nul.md', content);
    expect(await readPostmortem(path)).toEqual({ ok: true, text: content });
  });

  it('refuses invalid UTF-8, naming the line of the first bad byte', async () => {
    const content = Buffer.concat([Buffer.from('# Title\r\n\nLine three caf'), Buffer.from([0xe9]), Buffer.from('\nmore\n')]);
    const path = await file('latin1.md', content);
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: not valid UTF-8 (line 3)` });
  });

  it('refuses a 50 MB file from its size alone', async () => {
    const path = join(dir, 'huge.md');
    await writeFile(path, '');
    await truncate(path, 50 * 1024 * 1024);
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: too large (50.0 MB; the limit is 5.0 MB)` });
  });

  it('never reads a huge file (a 64 GB sparse file is refused from its size alone)', async () => {
    const path = join(dir, 'enormous.md');
    await writeFile(path, '');
    await truncate(path, 64 * 1024 ** 3);
    // the whole size in the message comes from stat: a refusal after reading would name only the limit
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: too large (65536.0 MB; the limit is 5.0 MB)` });
  });

  it('takes the size limit from maxBytes; a file exactly at the limit is fine', async () => {
    const path = await file('ten.md', '0123456789');
    expect(await readPostmortem(path, { maxBytes: 10 })).toEqual({ ok: true, text: '0123456789' });
    expect(await readPostmortem(path, { maxBytes: 9 })).toEqual({ ok: false, error: `${path}: too large (10 bytes; the limit is 9 bytes)` });
  });

  it.skipIf(process.getuid?.() === 0)('reports permission denied', async () => {
    const path = await file('secret.md', 'x');
    await chmod(path, 0o000);
    expect(await readPostmortem(path)).toEqual({ ok: false, error: `${path}: permission denied` });
  });
});

describe('describeFsError', () => {
  it('maps error codes to short reasons', () => {
    const error = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(describeFsError(error('ENOENT'))).toBe('no such file');
    expect(describeFsError(error('EACCES'))).toBe('permission denied');
    expect(describeFsError(error('EPERM'))).toBe('permission denied');
    expect(describeFsError(error('EISDIR'))).toBe('is a directory');
    expect(describeFsError(error('ELOOP'))).toBe('too many levels of symbolic links');
    expect(describeFsError(error('EIO'))).toBe('cannot read (EIO)');
    expect(describeFsError(new Error('boom'))).toBe('cannot read (boom)');
  });
});

describe('formatBytes', () => {
  it('uses bytes, KB and MB (1024-based)', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
