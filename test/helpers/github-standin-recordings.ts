/**
 * Responses recorded from the real GitHub API (`@octokit/fixtures` scenarios), replayed by the stand-in: each
 * recorded exchange answers its request (method, path, query) once, with the recorded status, headers and body,
 * `https://api.github.com` rewritten to the stand-in's URL (so recorded `Link` headers lead back to it).
 * Read straight from the JSON files: importing `@octokit/fixtures` itself would load nock, which patches `http`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GitHubStandIn } from './github-standin.ts';

/** One exchange of a `normalized-fixture.json`. */
export interface RecordedExchange {
  scope: string;
  method: string;
  /** Path and query as requested: `/repos/o/r/issues?per_page=3`. */
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string | number>;
  responseIsBinary?: boolean;
}

const fixturesRoot = dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json'));

/** The exchanges of scenario `name` (`paginate-issues`, `errors`, `get-repository`) recorded against api.github.com. */
export function readRecording(name: string): RecordedExchange[] {
  const file = join(fixturesRoot, 'scenarios', 'api.github.com', name, 'normalized-fixture.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedExchange[];
}

/** Headers that describe the recorded connection, not the answer. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** Makes `standIn` answer each of `exchanges` once, before its own routes. */
export function replayRecording(standIn: GitHubStandIn, exchanges: readonly RecordedExchange[]): void {
  const rewrite = (value: unknown): unknown => rewriteUrls(value, standIn.url);
  for (const exchange of exchanges) {
    if (exchange.responseIsBinary) throw new Error(`binary recordings are not replayed (${exchange.path})`);
    const url = new URL(exchange.path, 'https://api.github.com');
    const wanted = sortedQuery(url.searchParams);
    let used = false;
    standIn.route(exchange.method, url.pathname, (request) => {
      if (used || sortedQuery(request.query) !== wanted) return null;
      used = true;
      const headers = Object.fromEntries(
        Object.entries(exchange.headers)
          .filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()))
          .map(([name, value]) => [name.toLowerCase(), String(rewrite(String(value)))]),
      );
      return { status: exchange.status, body: rewrite(exchange.response), headers };
    });
  }
}

function sortedQuery(query: URLSearchParams): string {
  const copy = new URLSearchParams(query);
  copy.sort();
  return copy.toString();
}

function rewriteUrls(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.replaceAll('https://api.github.com', base);
  if (Array.isArray(value)) return value.map((item) => rewriteUrls(item, base));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteUrls(item, base)]));
  }
  return value;
}
