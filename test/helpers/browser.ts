/**
 * A real headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is ever downloaded) and a
 * real Hindsight server on a temporary database, for the browser tests and the UI benchmark.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { tempFolder, type TempFolder } from './temp-folder.ts';

/** The browser: `HINDSIGHT_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM = process.env.HINDSIGHT_CHROMIUM ?? '/usr/bin/chromium';

/** The flags the browser runs with here (no sandbox in containers, no GPU, nothing phoning home). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why browser tests cannot run here (no Chromium), or null when they can. On CI (`CI` set) a missing browser is
 * an error, not a skip: `.ci/run` installs it, so its absence means the install step broke.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `no Chromium at ${CHROMIUM} (install Debian's chromium, or set HINDSIGHT_CHROMIUM)`;
  if (process.env.CI) throw new Error(`${reason}; .ci/run should have installed it`);
  console.warn(`browser tests skipped: ${reason}`);
  return reason;
}

/** A browser with a fresh profile, closed (and its profile removed) by `close`. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium headless with a fresh profile; `timezoneId` is the viewer's zone. */
export async function launchBrowser(options: { timezoneId?: string; width?: number; height?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hindsight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: options.timezoneId ?? 'Asia/Kolkata',
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A Hindsight server on 127.0.0.1 over a temporary postmortems folder and database file. */
export interface UiServer {
  url: string;
  server: RunningServer;
  folder: TempFolder;
  close(): Promise<void>;
}

/**
 * Starts the real server (web UI included, built if needed) over `files` (relative path → markdown); `env` is the
 * configuration (`HINDSIGHT_TOKEN` ...), none by default.
 */
export async function startUiServer(files: Record<string, string>, env: Record<string, string> = {}): Promise<UiServer> {
  const folder = tempFolder();
  for (const [path, content] of Object.entries(files)) folder.write(join('postmortems', path), content);
  const config = loadConfig(env, { cwd: folder.root });
  const server = await startServer(
    { ...config, port: 0, host: '127.0.0.1', database: join(folder.root, 'hindsight.db'), watch: false },
    folder.root,
    { info: () => {}, warn: (line) => console.warn(line) },
  );
  return {
    url: server.url.replace('localhost', '127.0.0.1'),
    server,
    folder,
    async close() {
      await server.close();
      folder.cleanup();
    },
  };
}

/** The repository's example data folder. */
const EXAMPLES = fileURLToPath(new URL('../../postmortems/', import.meta.url));

/**
 * The repository's examples as `startUiServer` takes them: the postmortems, postmortems/deployments.ndjson and
 * postmortems/safeguards.yml (name → content).
 */
export function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(EXAMPLES)) {
    if (name.endsWith('.md') || name === 'deployments.ndjson' || name === 'safeguards.yml') files[name] = readFileSync(join(EXAMPLES, name), 'utf8');
  }
  return files;
}
