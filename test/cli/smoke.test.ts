/** The real `hindsight` executable, spawned once: bin → tsx → cli.ts → commands. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

it('runs `hindsight parse --json FILE` as a process', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  try {
    const file = join(dir, 'outage.md');
    await writeFile(file, '# Title\n\n## Timeline\n\n- 14:30 deploy\n');
    const { stdout, stderr } = await promisify(execFile)('node', ['server/bin/hindsight.js', 'parse', '--json', file], { cwd: root });
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ file, diagnostics: expect.any(Array) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
