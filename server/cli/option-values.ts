/** The CLI's `--timezone` and `--repo` options, checked with the configuration's own value checks. */
import { InvalidArgumentError, Option } from 'commander';
import { repoProblem, zoneProblem } from '../config.ts';

export { repoProblem, zoneProblem };

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
