import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comparePaths, findPostmortems } from '../../server/files/find-postmortems.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-'));
  const files = [
    'postmortems/2024-02-01-b.md',
    'postmortems/2024-01-01-a.md',
    'postmortems/README.md',
    'postmortems/notes.txt',
    'postmortems/PM2022-009 - No extension',
    'postmortems/old/2019.markdown',
    'postmortems/old/2020.QMD',
    'postmortems/_templates/template.md',
    'postmortems/node_modules/pkg/readme.md',
    'postmortems/.git/info.md',
    'postmortems/.drafts/draft.md',
  ];
  for (const name of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), '# x\n');
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findPostmortems', () => {
  it('walks a directory for .md, .markdown and .qmd, skipping node_modules and dot directories, sorted', async () => {
    expect(await findPostmortems(['postmortems'], { cwd: dir })).toEqual({
      files: [
        'postmortems/2024-01-01-a.md',
        'postmortems/2024-02-01-b.md',
        'postmortems/README.md',
        'postmortems/_templates/template.md',
        'postmortems/old/2019.markdown',
        'postmortems/old/2020.QMD',
      ],
      errors: [],
    });
  });

  it('leaves out ignored files and directories: base-name globs match anywhere, others match the relative path', async () => {
    const found = await findPostmortems(['postmortems/'], {
      cwd: dir,
      ignore: ['README.md', 'postmortems/_templates/**', '**/old/*.markdown'],
    });
    expect(found.files).toEqual(['postmortems/2024-01-01-a.md', 'postmortems/2024-02-01-b.md', 'postmortems/old/2020.QMD']);
  });

  it('keeps files named explicitly whatever their extension, and paths that do not exist (reading reports them)', async () => {
    const found = await findPostmortems(
      ['postmortems/notes.txt', 'postmortems/PM2022-009 - No extension', 'missing.md', 'postmortems/notes.txt'],
      { cwd: dir },
    );
    expect(found).toEqual({
      files: ['missing.md', 'postmortems/PM2022-009 - No extension', 'postmortems/notes.txt'],
      errors: [],
    });
  });

  it('normalizes paths so the same file named two ways is listed once', async () => {
    const found = await findPostmortems(['./postmortems/old/', 'postmortems/old/../old/2019.markdown'], { cwd: dir });
    expect(found.files).toEqual(['postmortems/old/2019.markdown', 'postmortems/old/2020.QMD']);
  });

  it('applies ignore to explicitly named files too', async () => {
    const found = await findPostmortems(['postmortems/README.md', 'postmortems/2024-01-01-a.md'], { cwd: dir, ignore: ['README.md'] });
    expect(found.files).toEqual(['postmortems/2024-01-01-a.md']);
  });

  it('takes other extensions when asked', async () => {
    const found = await findPostmortems(['postmortems'], { cwd: dir, extensions: ['.txt'] });
    expect(found.files).toEqual(['postmortems/notes.txt']);
  });

  it('works with absolute paths and merges duplicates from overlapping arguments', async () => {
    const root = join(dir, 'postmortems', 'old');
    const found = await findPostmortems([root, join(root, '2019.markdown')]);
    expect(found.files).toEqual([join(root, '2019.markdown'), join(root, '2020.QMD')]);
  });

  it('follows symbolic links to files but does not walk into linked directories', async () => {
    await symlink(join(dir, 'postmortems', 'old'), join(dir, 'postmortems', 'linked-dir'));
    await symlink(join(dir, 'postmortems', 'old', '2019.markdown'), join(dir, 'postmortems', 'linked.md'));
    const found = await findPostmortems(['postmortems'], { cwd: dir, ignore: ['_templates', 'README.md'] });
    expect(found.files).toEqual([
      'postmortems/2024-01-01-a.md',
      'postmortems/2024-02-01-b.md',
      'postmortems/linked.md',
      'postmortems/old/2019.markdown',
      'postmortems/old/2020.QMD',
    ]);
  });
});

describe('findPostmortems on an unreadable directory', () => {
  it.skipIf(process.getuid?.() === 0)('reports it and goes on with the rest', async () => {
    await chmod(join(dir, 'postmortems', 'old'), 0o000);
    try {
      const found = await findPostmortems(['postmortems'], { cwd: dir, ignore: ['_templates', 'README.md'] });
      expect(found).toEqual({
        files: ['postmortems/2024-01-01-a.md', 'postmortems/2024-02-01-b.md'],
        errors: ['postmortems/old: permission denied'],
      });
    } finally {
      await chmod(join(dir, 'postmortems', 'old'), 0o755);
    }
  });
});

describe('comparePaths', () => {
  it('orders by code point, not locale', () => {
    expect(['b', 'B', 'a', '_x', 'A'].sort(comparePaths)).toEqual(['A', 'B', '_x', 'a', 'b']);
  });
});
