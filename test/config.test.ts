import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoProblem, zoneProblem } from '../server/config.ts';

describe('loadConfig', () => {
  it('has defaults', () => {
    expect(loadConfig({})).toEqual({ postmortems: 'postmortems', timezone: 'UTC', repo: null });
  });

  it('reads the environment', () => {
    expect(
      loadConfig({ HINDSIGHT_POSTMORTEMS: 'docs/incidents', HINDSIGHT_TIMEZONE: 'America/Los_Angeles', HINDSIGHT_REPO: 'acme/web' }),
    ).toEqual({ postmortems: 'docs/incidents', timezone: 'America/Los_Angeles', repo: 'acme/web' });
  });

  it('reports every problem at once, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ HINDSIGHT_TIMEZONE: 'Nowhere/Land', HINDSIGHT_REPO: 'no-slash' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'HINDSIGHT_TIMEZONE: "Nowhere/Land" is not a time zone (use an IANA name like Europe/Berlin, UTC, ±HH:MM or an abbreviation like PST)',
      'HINDSIGHT_REPO: "no-slash" is not a repository (use owner/name)',
    ]);
  });

  it('accepts zones the parser understands', () => {
    expect([zoneProblem('PST'), zoneProblem('+05:30'), zoneProblem('Europe/Berlin'), zoneProblem('UTC')]).toEqual([null, null, null, null]);
    expect(repoProblem('acme/web.site')).toBeNull();
  });
});
