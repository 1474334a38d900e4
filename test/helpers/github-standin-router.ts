/**
 * The stand-in's router: routes are a method, a path pattern (`/repos/:owner/:repo/deployments`, a trailing `*`
 * matching the rest) and a handler that answers from the state. A handler may return null to pass the request on
 * to the next matching route. Later work adds its endpoints with `standIn.route(...)`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GitHubState } from './github-standin-state.ts';

export interface StandInRequest {
  method: string;
  /** The path the route matched: `/repositories/{id}/...` requests are rewritten to `/repos/{owner}/{repo}/...`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there is none. */
  body: unknown;
  state: GitHubState;
}

export interface StandInReply {
  status: number;
  /** Sent as JSON; undefined: no body. */
  body?: unknown;
  /** Sent as is instead of `body` (a file's raw content, `Accept: application/vnd.github.raw`); set `content-type` in `headers`. */
  raw?: string;
  /** Added to (and overriding) the headers every answer carries. */
  headers?: Record<string, string>;
}

export type RouteHandler = (request: StandInRequest) => StandInReply | null;

export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

/** A matcher for `pattern`: `:name` takes one segment, a trailing `*` the rest; the params, or null. */
export function compilePattern(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return '(?:/.*)?';
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '/([^/]+)';
      }
      return segment === '' ? '' : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  const regex = new RegExp(`^${source}/?$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
  };
}

export class Router {
  private readonly routes: { method: string; match: ReturnType<typeof compilePattern>; handler: RouteHandler }[] = [];

  /** Adds a route; routes added later are tried first, so tests can override the defaults. */
  add(route: Route): void {
    this.routes.unshift({ method: route.method.toUpperCase(), match: compilePattern(route.pattern), handler: route.handler });
  }

  /** The first non-null answer of a matching route, or null when none answers. */
  dispatch(request: Omit<StandInRequest, 'params'>): StandInReply | null {
    for (const route of this.routes) {
      if (route.method !== request.method && !(route.method === 'GET' && request.method === 'HEAD')) continue;
      const params = route.match(request.path);
      if (!params) continue;
      const reply = route.handler({ ...request, params });
      if (reply) return reply;
    }
    return null;
  }
}
