/**
 * Fault injection for the stand-in: the next `times` requests matching a method and path answer with a fault
 * instead of the route's answer. Rules are tried in the order they were added; a used-up rule drops out.
 */
import { compilePattern } from './github-standin-router.ts';

export type Fault =
  /** Answer with this status and GitHub's error body (`message` default: the status text; 404: `Not Found`). */
  | { kind: 'status'; status: number; message?: string }
  /** Never answer (the connection stays open until the client gives up or the stand-in closes). */
  | { kind: 'hang' }
  /** Send the status line and headers, then stall in the middle of the body. */
  | { kind: 'hang-body' }
  /** 200 with `content-type: application/json` and a body cut off mid-object. */
  | { kind: 'malformed-json' }
  /** 403 (or 429) with `x-ratelimit-remaining: 0`; `x-ratelimit-reset` `resetInSeconds` (default 60) from now. */
  | { kind: 'primary-rate-limit'; status?: 403 | 429; resetInSeconds?: number }
  /** 403 (or 429) with GitHub's secondary-limit message and `retry-after` (default 60; null: no header). */
  | { kind: 'secondary-rate-limit'; status?: 403 | 429; retryAfterSeconds?: number | null };

export type FaultRule = Fault & {
  /** Default: any method. */
  method?: string;
  /**
   * The path: a pattern like the routes' (`/repos/:owner/:repo/deployments`, `*` for the rest) matched against the
   * `/repos/{owner}/{repo}/...` form (so page 2's `/repositories/{id}/...` link matches too), or a RegExp.
   */
  path: string | RegExp;
  /** How many matching requests get the fault. Default: 1; `Infinity`: all of them. */
  times?: number;
};

/** A rule as added: how often it fired, how often it still will. */
export interface FaultHandle {
  readonly hits: number;
  readonly remaining: number;
}

interface ActiveRule {
  rule: FaultRule;
  matches: (path: string) => boolean;
  hits: number;
  remaining: number;
}

export class Faults {
  private readonly rules: ActiveRule[] = [];

  add(rule: FaultRule): FaultHandle {
    const { path } = rule;
    const matcher = typeof path === 'string' ? compilePattern(path) : null;
    const active: ActiveRule = {
      rule,
      matches: (candidate) => (matcher ? matcher(candidate) !== null : (path as RegExp).test(candidate)),
      hits: 0,
      remaining: rule.times ?? 1,
    };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
    };
  }

  /** The fault for this request, counting it against its rule; null when no rule applies. */
  take(method: string, path: string): Fault | null {
    const active = this.rules.find(
      (r) => r.remaining > 0 && (!r.rule.method || r.rule.method.toUpperCase() === method) && r.matches(path),
    );
    if (!active) return null;
    active.hits += 1;
    active.remaining -= 1;
    return active.rule;
  }

  clear(): void {
    this.rules.length = 0;
  }
}
