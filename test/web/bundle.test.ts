/**
 * The first page's JavaScript budget: every script the built `index.html` loads before any user action (its module
 * scripts, its modulepreload links and, transitively, the static imports of those chunks; chunks reached only by
 * dynamic `import()` are left out), gzipped at level 9, must total at most 100 KB. The UI is built first when its
 * sources changed (`ensureWebBuild`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../server/web-build.ts';

/** The most gzipped JavaScript the first page may load (bytes). */
const BUDGET_BYTES = 100 * 1024;

/** The attributes of every `<tag ...>` in `html`, lower-cased names; a bare attribute has the value `''`. */
function tagsOf(html: string, tag: string): Array<Record<string, string>> {
  const tags: Array<Record<string, string>> = [];
  for (const [, inside = ''] of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))) {
    const attributes: Record<string, string> = {};
    for (const [, name = '', dq, sq, bare] of inside.matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attributes[name.toLowerCase()] = dq ?? sq ?? bare ?? '';
    }
    tags.push(attributes);
  }
  return tags;
}

/**
 * The specifiers of a minified chunk's static imports and re-exports: `import"./a.js"`, `import{x}from"./a.js"`,
 * `export{y}from"./a.js"` (white space allowed). `import("./a.js")` is a dynamic import and does not match.
 */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?<![\w$.])(?:import|from)\s*(["'])([^"'\n]+?\.m?js)\1/g)].map((match) => match[2] ?? '');
}

/** A URL path of the page (`/assets/a.js`, or `./b.js` relative to `from`) as a file in `dist`, or null when it is not on this server. */
function fileFor(dist: string, url: string, from = '/'): string | null {
  const base = new URL(from, 'http://page.invalid/');
  const resolved = new URL(url, base);
  if (resolved.origin !== base.origin) return null;
  const file = join(dist, ...decodeURIComponent(resolved.pathname).split('/').filter(Boolean));
  return relative(dist, file).startsWith('..') ? null : file;
}

describe('the first page', () => {
  it(`loads at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript, and its CSS`, { timeout: 120_000 }, async () => {
    const { dir: dist } = await ensureWebBuild();
    const html = readFileSync(join(dist, 'index.html'), 'utf8');

    const entries = [
      ...tagsOf(html, 'script').filter((a) => a.type === 'module' && a.src).map((a) => a.src!),
      ...tagsOf(html, 'link').filter((a) => a.rel?.split(/\s+/).includes('modulepreload') && a.href).map((a) => a.href!),
    ];
    // Every script of the page is ours: a module from elsewhere would escape the budget (and the CSP forbids it).
    const pending = entries.map((url) => {
      const file = fileFor(dist, url);
      expect(file, `script ${url} is not served from the build`).not.toBeNull();
      return file!;
    });
    const sizes = new Map<string, number>();
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (sizes.has(file)) continue;
      expect(existsSync(file), `${relative(dist, file)} (loaded by the first page) is missing from the build`).toBe(true);
      const code = readFileSync(file);
      sizes.set(file, gzipSync(code, { level: 9 }).length);
      const url = `/${relative(dist, file).split(sep).join('/')}`;
      for (const specifier of staticImports(code.toString('utf8'))) {
        const imported = fileFor(dist, specifier, url);
        expect(imported, `${url} imports ${specifier}, which is not served from the build`).not.toBeNull();
        pending.push(imported!);
      }
    }

    const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    const list = [...sizes].map(([file, size]) => `${relative(dist, file)} ${(size / 1024).toFixed(1)} KB`).join(', ');
    console.log(`first page JavaScript: ${sizes.size} file(s), ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB): ${list}`);
    expect(sizes.size).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);

    const styles = tagsOf(html, 'link').filter((a) => a.rel?.split(/\s+/).includes('stylesheet') && a.href);
    expect(styles.length, 'index.html links no stylesheet').toBeGreaterThanOrEqual(1);
    for (const { href } of styles) {
      const file = fileFor(dist, href!);
      expect(file !== null && existsSync(file) && statSync(file).size > 0, `stylesheet ${href} is missing or empty`).toBe(true);
    }
  });

  it('finds static imports in minified chunks, not dynamic ones', () => {
    const code =
      'import{a as b}from"./shared-1.js";import"./side.js";export{c}from\'./re.js\';' +
      'const l=()=>import("./lazy.js");const m=__vitePreload(()=>import("./lazy2.js"),["assets/x.js"]);Array.from("./no.js");';
    expect(staticImports(code)).toEqual(['./shared-1.js', './side.js', './re.js']);
  });
});
