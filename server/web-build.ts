/**
 * The web UI as static files: `web/` is built with Vite into `web/dist/` when its sources changed since the last
 * build (a sha256 over them is kept in `dist/.build-stamp`), so `npm start` always serves the UI that matches the
 * checkout, and an unchanged one costs a hash of a few dozen files. A build goes to a temporary folder first and
 * replaces `dist/` by renaming, so a server or a second build running at the same time never sees half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The UI's sources: `web/` in this checkout. */
export const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));

/** Where the built UI is, and whether this call built it. */
export interface WebBuild {
  /** The folder with `index.html` and `assets/`. */
  dir: string;
  built: boolean;
}

/** What `ensureWebBuild` needs; every field has the default stated. */
export interface WebBuildOptions {
  /** The UI's sources (with `index.html`, `vite.config.ts`, `src/`). Default: {@link WEB_DIR}. */
  webDir?: string;
  /** Where the build goes. Default: `<webDir>/dist`. */
  outDir?: string;
  /** Told before a build starts (it takes a few seconds). Default: nothing. */
  onBuild?: (reason: string) => void;
}

const STAMP = '.build-stamp';
const SKIPPED = new Set(['dist', 'node_modules', '.vite']);

/**
 * sha256 over the UI's source files (names and bytes, in a stable order), and the versions of the tools that build
 * them; `dist/` and temporary build folders are left out.
 */
export function webSourceHash(webDir: string = WEB_DIR): string {
  const hash = createHash('sha256');
  const walk = (directory: string): void => {
    const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED.has(entry.name) || entry.name.startsWith('.dist-') || entry.name.startsWith('dist.old-')) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(relative(webDir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(webDir);
  for (const tool of ['vite', 'svelte', '@sveltejs/vite-plugin-svelte']) hash.update(`${tool}@${toolVersion(tool)}\0`);
  return hash.digest('hex');
}

function toolVersion(name: string): string {
  try {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The built UI, building it first when `dist/` is missing or was built from other sources. Without sources (a
 * copy that ships `dist/` alone) the existing build is used as it is. Rejects when Vite fails (its message names
 * the file and line).
 */
export async function ensureWebBuild(options: WebBuildOptions = {}): Promise<WebBuild> {
  const webDir = options.webDir ?? WEB_DIR;
  const outDir = options.outDir ?? join(webDir, 'dist');
  if (!existsSync(join(webDir, 'src'))) {
    if (existsSync(join(outDir, 'index.html'))) return { dir: outDir, built: false };
    throw new Error(`the web UI is neither built (${outDir}) nor present as sources (${webDir}src)`);
  }
  const wanted = webSourceHash(webDir);
  if ((await readStamp(outDir)) === wanted) return { dir: outDir, built: false };

  options.onBuild?.(existsSync(join(outDir, 'index.html')) ? 'its sources changed' : 'it is not built yet');
  const temporary = join(webDir, `.dist-${process.pid}-${Date.now()}`);
  try {
    const { build } = await import('vite');
    await build({
      configFile: join(webDir, 'vite.config.ts'),
      root: webDir,
      logLevel: 'warn',
      build: { outDir: temporary, emptyOutDir: true },
    });
    await writeFile(join(temporary, STAMP), wanted);
    await replaceFolder(temporary, outDir, wanted);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return { dir: outDir, built: true };
}

async function readStamp(outDir: string): Promise<string | null> {
  try {
    if (!existsSync(join(outDir, 'index.html'))) return null;
    return (await readFile(join(outDir, STAMP), 'utf8')).trim();
  } catch {
    return null;
  }
}

/** Moves `from` to `to`, replacing it; when another build got there first with the same sources, keeps that one. */
async function replaceFolder(from: string, to: string, stamp: string): Promise<void> {
  // Another process built the same sources meanwhile: keep its folder (a server may be serving from it).
  if ((await readStamp(to)) === stamp) return;
  const old = `${to}.old-${process.pid}-${Date.now()}`;
  try {
    await rename(to, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A concurrent build renamed its result into place between our two renames.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await readStamp(to)) === stamp) return;
    throw error;
  } finally {
    await rm(old, { recursive: true, force: true });
  }
}
