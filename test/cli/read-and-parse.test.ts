import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAndParse } from '../../server/cli/read-and-parse.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

vi.mock('../../server/parser/index.ts', () => ({
  parsePostmortem: vi.fn(() => {
    throw new TypeError('boom');
  }),
}));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readAndParse', () => {
  it('reports a parser crash for that file on stderr and returns null instead of throwing', async () => {
    await writeFile(join(dir, 'a.md'), '# A\n');
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (text: string) => (stderr += text), cwd: dir };
    expect(await readAndParse('a.md', { timezone: 'UTC' }, io)).toBeNull();
    expect(vi.mocked(parsePostmortem)).toHaveBeenCalledWith('# A\n', { file: 'a.md', timezone: 'UTC', defaultTimezone: null, repo: null });
    expect(stderr.startsWith('a.md: the parser failed: TypeError: boom\n')).toBe(true);
  });
});
