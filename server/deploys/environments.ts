/**
 * Environment names as teams write them: `prod`, `Production`, `prd` and `live` are one environment, as are
 * `stage`, `stg` and `staging`. Matching goes through `canonicalEnvironment`; stored names stay as written.
 */

const ALIASES: Record<string, string> = {
  prod: 'production',
  prd: 'production',
  production: 'production',
  live: 'production',
  stage: 'staging',
  stg: 'staging',
  staging: 'staging',
  dev: 'development',
  development: 'development',
  qa: 'qa',
  test: 'test',
  testing: 'test',
};

/** The canonical form of an environment name: lower case, common aliases folded (`PROD` → `production`). */
export function canonicalEnvironment(name: string): string {
  const lower = name.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** True when `a` and `b` name the same environment. */
export function sameEnvironment(a: string, b: string): boolean {
  return canonicalEnvironment(a) === canonicalEnvironment(b);
}

/**
 * The environments of `known` that `text` names as words (`merged to production`, `on staging`, `prod-eu`),
 * canonical, in the order of `known`.
 */
export function environmentsNamedIn(text: string, known: readonly string[]): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  const words = new Set(lower.split(/[^a-z0-9-]+/).filter(Boolean));
  for (const name of known) {
    const canonical = canonicalEnvironment(name);
    if (found.includes(canonical)) continue;
    const spellings = [name.toLowerCase(), ...Object.keys(ALIASES).filter((alias) => ALIASES[alias] === canonical)];
    if (spellings.some((spelling) => words.has(spelling))) found.push(canonical);
  }
  return found;
}

/**
 * The key of a commit landing on a deploy branch of `environment`: the git importer and a `push` webhook give the
 * same commit the same key, whatever spelling of the environment (`prod`, `production`) or service each was given,
 * so both make one event.
 */
export function gitDeploymentKey(environment: string, sha: string): string {
  return `git:${canonicalEnvironment(environment)}:${sha.toLowerCase()}`;
}
