/**
 * `npm start` builds the UI only when its sources changed, replaces the build whole, and keeps the last good build
 * when a source does not compile. Runs Vite for real on a small app in a folder inside the repository (so its
 * config resolves the repository's node_modules).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, webSourceHash } from '../../server/web-build.ts';

const SCRATCH = fileURLToPath(new URL('../../test-results/', import.meta.url));

let web: string;
beforeAll(() => {
  mkdirSync(SCRATCH, { recursive: true });
  web = mkdtempSync(join(SCRATCH, 'web-build-'));
  mkdirSync(join(web, 'src'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/src/main.ts"></script>\n');
  writeFileSync(
    join(web, 'vite.config.ts'),
    "import { svelte } from '@sveltejs/vite-plugin-svelte';\nimport { defineConfig } from 'vite';\nexport default defineConfig({ plugins: [svelte()] });\n",
  );
  writeFileSync(join(web, 'src', 'main.ts'), "import { mount } from 'svelte';\nimport App from './App.svelte';\nmount(App, { target: document.getElementById('app')! });\n");
  writeFileSync(join(web, 'src', 'App.svelte'), '<h1>first</h1>\n');
});
afterAll(() => rmSync(web, { recursive: true, force: true }));

const scripts = (dir: string) => readdirSync(join(dir, 'assets')).filter((name) => name.endsWith('.js'));

describe('ensureWebBuild', () => {
  it('builds a missing UI, then reuses it while the sources are unchanged', { timeout: 60_000 }, async () => {
    const reasons: string[] = [];
    const first = await ensureWebBuild({ webDir: web, onBuild: (reason) => reasons.push(reason) });
    expect(first).toEqual({ dir: join(web, 'dist'), built: true });
    expect(reasons).toEqual(['it is not built yet']);
    expect(readFileSync(join(first.dir, 'index.html'), 'utf8')).toMatch(/src="\/assets\/index-[\w-]+\.js"/);
    expect(readFileSync(join(first.dir, '.build-stamp'), 'utf8')).toBe(webSourceHash(web));

    const second = await ensureWebBuild({ webDir: web, onBuild: (reason) => reasons.push(reason) });
    expect(second.built).toBe(false);
    expect(reasons).toHaveLength(1);
  });

  it('rebuilds after a source changes, replacing the old files', { timeout: 60_000 }, async () => {
    const before = scripts(join(web, 'dist'));
    writeFileSync(join(web, 'src', 'App.svelte'), '<h1>second</h1>\n');
    const reasons: string[] = [];
    const result = await ensureWebBuild({ webDir: web, onBuild: (reason) => reasons.push(reason) });
    expect(result.built).toBe(true);
    expect(reasons).toEqual(['its sources changed']);
    const after = scripts(result.dir);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(readFileSync(join(result.dir, 'assets', after[0]!), 'utf8')).toContain('second');
    // No temporary or old build folders are left behind.
    expect(readdirSync(web).sort()).toEqual(['dist', 'index.html', 'src', 'vite.config.ts']);
  });

  it('keeps the last good build when a source does not compile, and says which file', { timeout: 60_000 }, async () => {
    const good = scripts(join(web, 'dist'));
    writeFileSync(join(web, 'src', 'App.svelte'), '<h1>{broken</h1>\n');
    await expect(ensureWebBuild({ webDir: web })).rejects.toThrow(/App\.svelte/);
    expect(scripts(join(web, 'dist'))).toEqual(good);
    expect(readdirSync(web).sort()).toEqual(['dist', 'index.html', 'src', 'vite.config.ts']);
    writeFileSync(join(web, 'src', 'App.svelte'), '<h1>second</h1>\n');
  });

  it('uses a shipped build as it is when there are no sources, and says so when there is neither', async () => {
    const shipped = mkdtempSync(join(SCRATCH, 'web-shipped-'));
    try {
      mkdirSync(join(shipped, 'dist'));
      writeFileSync(join(shipped, 'dist', 'index.html'), '<!doctype html>');
      expect(await ensureWebBuild({ webDir: shipped })).toEqual({ dir: join(shipped, 'dist'), built: false });
      rmSync(join(shipped, 'dist'), { recursive: true });
      await expect(ensureWebBuild({ webDir: shipped })).rejects.toThrow(/neither built .* nor present as sources/);
      expect(existsSync(join(shipped, 'dist'))).toBe(false);
    } finally {
      rmSync(shipped, { recursive: true, force: true });
    }
  });

  it('hashes names and contents, not times', () => {
    const hash = webSourceHash(web);
    writeFileSync(join(web, 'src', 'App.svelte'), '<h1>second</h1>\n');
    expect(webSourceHash(web)).toBe(hash);
    writeFileSync(join(web, 'src', 'Extra.svelte'), '');
    expect(webSourceHash(web)).not.toBe(hash);
    rmSync(join(web, 'src', 'Extra.svelte'));
  });
});
