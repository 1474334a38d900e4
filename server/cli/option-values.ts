/** Checks for the values the CLI and the lint config accept: a time zone and a GitHub `owner/name`. */
import { InvalidArgumentError, Option } from 'commander';
import { IANAZone } from 'luxon';
import { resolveZone } from '../parser/timezone.ts';

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

/** Commander argument parser for `--timezone`: returns the zone trimmed, or throws a usage error. */
export function parseZoneOption(text: string): string {
  const problem = zoneProblem(text);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return text.trim();
}

/** Commander argument parser for `--repo`: returns the value, or throws a usage error. */
export function parseRepoOption(text: string): string {
  const problem = repoProblem(text);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return text;
}

/** The `--timezone <zone>` option, validated with {@link parseZoneOption}. No default. */
export function zoneOption(): Option {
  return new Option('--timezone <zone>', 'zone for reports that declare none (IANA name, UTC, ±HH:MM or PST-style abbreviation)')
    .argParser(parseZoneOption);
}

/** The `--repo <owner/name>` option, validated with {@link parseRepoOption}. No default. */
export function repoOption(): Option {
  return new Option('--repo <owner/name>', 'repository that bare #12 references point to').argParser(parseRepoOption);
}
