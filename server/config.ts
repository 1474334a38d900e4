/**
 * Hindsight's configuration: typed values from the environment, each checked, every problem reported at once.
 * Only `server/main.ts` reads `process.env`; it passes the variables here.
 */
import { IANAZone } from 'luxon';
import { resolveZone } from './parser/timezone.ts';

const OFFSET = /^[+-](?:[01]\d|2[0-3]):[0-5]\d$/;
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/**
 * Why `text` is not a time zone we accept, or null when it is one: an IANA name luxon knows
 * (`Europe/Berlin`), `UTC`, a fixed offset `±HH:MM`, or anything else the parser's `resolveZone`
 * understands (`PST`, `CET`, `UTC+1`).
 */
export function zoneProblem(text: string): string | null {
  const zone = text.trim();
  if (zone === 'UTC' || OFFSET.test(zone) || IANAZone.isValidZone(zone) || resolveZone(zone) !== null) return null;
  return `"${text}" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)`;
}

/** Why `text` is not a GitHub repository `owner/name`, or null when it is one. */
export function repoProblem(text: string): string | null {
  if (REPO.test(text)) return null;
  return `"${text}" is not a repository (use owner/name)`;
}

export interface Config {
  /** `HINDSIGHT_POSTMORTEMS`: the folder of postmortems. Default: `postmortems`. */
  postmortems: string;
  /** `HINDSIGHT_TIMEZONE`: zone assumed for reports that declare none. Default: `UTC`. */
  timezone: string;
  /** `HINDSIGHT_REPO`: `owner/name` that bare `#12` references resolve against. Default: none. */
  repo: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Read the configuration from environment variables; throws a `ConfigError` listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const value = (name: string): string | null => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  const timezone = value('HINDSIGHT_TIMEZONE') ?? 'UTC';
  const zoneIssue = zoneProblem(timezone);
  if (zoneIssue) problems.push(`HINDSIGHT_TIMEZONE: ${zoneIssue}`);
  const repo = value('HINDSIGHT_REPO');
  const repoIssue = repo ? repoProblem(repo) : null;
  if (repoIssue) problems.push(`HINDSIGHT_REPO: ${repoIssue}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { postmortems: value('HINDSIGHT_POSTMORTEMS') ?? 'postmortems', timezone, repo };
}
