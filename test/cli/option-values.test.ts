import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseRepoOption, parseZoneOption, repoProblem, zoneProblem } from '../../server/cli/option-values.ts';

describe('zoneProblem', () => {
  it('accepts IANA names, UTC, ±HH:MM and what the parser resolves (abbreviations, UTC+1)', () => {
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'UTC', 'Etc/GMT+5', '+05:30', '-08:00', '+00:00', 'PST', 'CET', 'UTC+8']) {
      expect(zoneProblem(zone), zone).toBeNull();
    }
  });

  it('rejects other text', () => {
    for (const zone of ['Mars/Olympus', '', '+24:00', '-08:60', 'yesterday', 'XYZT']) {
      expect(zoneProblem(zone), zone).not.toBeNull();
    }
    expect(zoneProblem('Mars/Olympus')).toBe('"Mars/Olympus" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)');
  });
});

describe('repoProblem', () => {
  it('accepts owner/name', () => {
    for (const repo of ['acme/platform', 'berkeley-dsep-infra/datahub', 'a/b.c_d-e', 'Org1/.github']) {
      expect(repoProblem(repo), repo).toBeNull();
    }
  });

  it('rejects anything else', () => {
    for (const repo of ['acme', 'acme/', '/x', 'a/b/c', '-acme/x', 'acme/..', 'https://github.com/a/b', 'a b/c']) {
      expect(repoProblem(repo), repo).not.toBeNull();
    }
  });
});

describe('option parsers', () => {
  it('return the value or throw a commander usage error', () => {
    expect(parseZoneOption(' Europe/Berlin ')).toBe('Europe/Berlin');
    expect(parseRepoOption('acme/web')).toBe('acme/web');
    expect(() => parseZoneOption('Nowhere')).toThrow(InvalidArgumentError);
    expect(() => parseRepoOption('nope')).toThrow(InvalidArgumentError);
  });
});
