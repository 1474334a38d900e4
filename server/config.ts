/**
 * Hindsight's configuration: typed values from environment variables and an optional YAML file, each checked,
 * every problem reported at once. Only the process entry points (`server/main.ts`, `server/cli.ts`) read
 * `process.env`; they pass the variables here.
 *
 * The file is `hindsight.config.yml` in the working directory when it exists, or the one `HINDSIGHT_CONFIG`
 * names; its keys are the variable names (`PORT: 8080`). A variable set in the environment wins over the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { DEFAULT_EXTENSIONS } from './files/find-postmortems.ts';
import { resolveZone } from './parser/timezone.ts';

const OFFSET = /^[+-](?:[01]\d|2[0-3]):[0-5]\d$/;
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/** Shortest bearer token accepted: guessable tokens protect nothing. */
export const MIN_TOKEN_LENGTH = 16;

/** The config file looked for in the working directory when `HINDSIGHT_CONFIG` is not set. */
export const DEFAULT_CONFIG_FILE = 'hindsight.config.yml';

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
  /** `PORT`: the HTTP port. Default: 3000. */
  port: number;
  /** `HOST`: the address to listen on. Default: `localhost` (this machine only; `0.0.0.0` for every interface). */
  host: string;
  /** `HINDSIGHT_DB`: the SQLite database file, created with its folder when missing. Default: `data/hindsight.db`. */
  database: string;
  /** `HINDSIGHT_POSTMORTEMS`: the folder of postmortems, read recursively. Default: `postmortems`. */
  postmortems: string;
  /** `HINDSIGHT_EXTENSIONS`: comma-separated file endings read as postmortems. Default: `.md,.markdown,.qmd`. */
  extensions: string[];
  /** `HINDSIGHT_TIMEZONE`: zone assumed for reports that declare none. Default: `UTC`. */
  timezone: string;
  /** `HINDSIGHT_REPO`: `owner/name` that bare `#12` references resolve against. Default: none. */
  repo: string | null;
  /**
   * `HINDSIGHT_TOKEN`: the bearer token every write needs (at least 16 characters). Default: none, and then
   * writes are accepted only from this machine (a loopback address).
   */
  token: string | null;
  /** `HINDSIGHT_PROTECT_READS`: `true` makes reads need the token too. Default: false. */
  protectReads: boolean;
  /** `HINDSIGHT_WATCH`: `false` turns off watching the folder after the start-up ingest. Default: true. */
  watch: boolean;
  /** `GITHUB_TOKEN`: token for the GitHub API. Default: none. */
  githubToken: string | null;
  /** `GITHUB_API_URL`: GitHub's REST API base (GitHub Enterprise, tests). Default: `https://api.github.com`. */
  githubApiUrl: string;
  /** `HINDSIGHT_WEBHOOK_SECRET`: the secret GitHub signs webhooks with. Default: none (webhooks refused). */
  webhookSecret: string | null;
  /**
   * `HINDSIGHT_DEPLOY_BRANCHES`: deploy branches and their environments, `prod=production,staging=staging`; a push
   * to one (webhook) is a deployment. Default: none.
   */
  deployBranches: Record<string, string>;
  /** `HINDSIGHT_DEPLOY_REPOS`: `owner/name` list whose GitHub Deployments `hindsight deploys import-github` reads. Default: none. */
  deployRepos: string[];
  /** `HINDSIGHT_DEPLOY_ENVIRONMENTS`: only these GitHub deployment environments. Default: all. */
  deployEnvironments: string[] | null;
  /**
   * `HINDSIGHT_DEPLOY_SYNC_MINUTES`: the server imports `deployRepos`' GitHub Deployments at start and then this
   * often (0: never; the CLI still can). Default: 15 when `deployRepos` is set.
   */
  deploySyncMinutes: number;
  /**
   * `HINDSIGHT_DEPLOYMENTS`: comma-separated deployment files (NDJSON, JSON, CSV) read at start and when they
   * change. Default: `deployments.ndjson`, `.jsonl`, `.json` or `.csv` at the top of the postmortems folder, when present.
   */
  deploymentFiles: string[] | null;
  /** `HINDSIGHT_CORRELATION_HOURS`: hours before an incident whose deployments are lined up against it (1 to 720). Default: 24. */
  correlationHours: number;
  /**
   * `HINDSIGHT_SYNC_MINUTES`: how often the server syncs linked GitHub issues and verifies safeguards (0: never;
   * `hindsight sync` and `hindsight verify` still can). Default: 15; the server syncs only with a `GITHUB_TOKEN`.
   */
  syncMinutes: number;
  /** `HINDSIGHT_ISSUE_LABEL`: label put on issues created from action items (empty: none). Default: `postmortem-action`. */
  issueLabel: string | null;
  /** `HINDSIGHT_PUBLIC_URL`: where people reach this Hindsight, for links back from created issues. Default: `http://localhost:<PORT>`. */
  publicUrl: string;
  /** `HINDSIGHT_SAFEGUARDS`: the safeguards file. Default: `safeguards.yml` in the postmortems folder (when present). */
  safeguardsFile: string | null;
  /** `HINDSIGHT_ATTESTATION_DAYS`: how long a person's attestation of a safeguard that cannot be checked holds (1 to 3650). Default: 90. */
  attestationDays: number;
  /** The config file that was read, or null. */
  configFile: string | null;
  /** Things worth saying but not fatal: `HINDSIGHT_*` variables Hindsight does not know (typos). */
  warnings: string[];
}

/** Every variable Hindsight reads, in the order problems are reported. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'HINDSIGHT_DB',
  'HINDSIGHT_POSTMORTEMS',
  'HINDSIGHT_EXTENSIONS',
  'HINDSIGHT_TIMEZONE',
  'HINDSIGHT_REPO',
  'HINDSIGHT_TOKEN',
  'HINDSIGHT_PROTECT_READS',
  'HINDSIGHT_WATCH',
  'GITHUB_TOKEN',
  'GITHUB_API_URL',
  'HINDSIGHT_WEBHOOK_SECRET',
  'HINDSIGHT_DEPLOY_BRANCHES',
  'HINDSIGHT_DEPLOY_REPOS',
  'HINDSIGHT_DEPLOY_ENVIRONMENTS',
  'HINDSIGHT_DEPLOY_SYNC_MINUTES',
  'HINDSIGHT_DEPLOYMENTS',
  'HINDSIGHT_CORRELATION_HOURS',
  'HINDSIGHT_SYNC_MINUTES',
  'HINDSIGHT_ISSUE_LABEL',
  'HINDSIGHT_PUBLIC_URL',
  'HINDSIGHT_SAFEGUARDS',
  'HINDSIGHT_ATTESTATION_DAYS',
] as const;
type Variable = (typeof CONFIG_VARIABLES)[number];

/** Other variables Hindsight's tools read: the config file's name, the corpus of the parser's tests. */
const OTHER_VARIABLES = ['HINDSIGHT_CONFIG', 'HINDSIGHT_CORPUS'];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Directory relative paths and the default config file are resolved against. Default: the process's. */
  cwd?: string;
}

/** A value that failed its check, with the reason. */
class Invalid {
  constructor(readonly message: string) {}
}

interface Setting {
  value: string;
  /** Where it came from, for messages: `PORT` or `PORT (hindsight.config.yml line 3)`. */
  label: string;
}

/**
 * Reads the configuration from `env` (and the config file); throws a `ConfigError` listing every problem, each
 * naming its variable (and file line). Paths are kept as given; relative ones are relative to `cwd`.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];

  const fileSettings = new Map<string, Setting>();
  const explicitFile = env.HINDSIGHT_CONFIG?.trim() || null;
  const configFile = explicitFile ?? (existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : null);
  if (configFile) readConfigFile(resolve(cwd, configFile), configFile, fileSettings, problems);

  const setting = (name: Variable): Setting | null => {
    const fromEnv = env[name]?.trim();
    if (fromEnv) return { value: fromEnv, label: name };
    return fileSettings.get(name) ?? null;
  };
  const check = <T>(name: Variable, fallback: T, read: (value: string) => T | Invalid): T => {
    const found = setting(name);
    if (!found) return fallback;
    const result = read(found.value);
    if (result instanceof Invalid) {
      problems.push(`${found.label}: ${result.message}`);
      return fallback;
    }
    return result;
  };
  const bad = (message: string) => new Invalid(message);

  const port = check('PORT', 3000, (v) =>
    /^\d{1,5}$/.test(v) && Number(v) <= 65535 ? Number(v) : bad(`"${v}" is not a port (use a number from 0 to 65535)`),
  );
  const host = check('HOST', 'localhost', (v) => (/\s/.test(v) ? bad(`"${v}" is not a host name or address`) : v));
  const database = check('HINDSIGHT_DB', 'data/hindsight.db', (v) => {
    if (v === ':memory:') return v;
    const path = resolve(cwd, v);
    if (existsSync(path) && statSync(path).isDirectory()) return bad(`${v} is a directory (name the database file)`);
    return v;
  });
  const postmortems = check('HINDSIGHT_POSTMORTEMS', 'postmortems', (v) => {
    const path = resolve(cwd, v);
    if (!existsSync(path)) return bad(`the folder ${v} does not exist`);
    if (!statSync(path).isDirectory()) return bad(`${v} is not a folder`);
    return v;
  });
  const extensions = check('HINDSIGHT_EXTENSIONS', [...DEFAULT_EXTENSIONS], (v) => {
    const list = v.split(',').map((e) => e.trim()).filter(Boolean);
    const wrong = list.find((e) => !/^\.[A-Za-z0-9._-]+$/.test(e));
    if (list.length === 0 || wrong) return bad(`"${wrong ?? v}" is not a file ending (use a list like .md,.markdown)`);
    return list;
  });
  const timezone = check('HINDSIGHT_TIMEZONE', 'UTC', (v) => {
    const problem = zoneProblem(v);
    return problem ? bad(problem) : v;
  });
  const repo = check<string | null>('HINDSIGHT_REPO', null, (v) => {
    const problem = repoProblem(v);
    return problem ? bad(problem) : v;
  });
  const token = check<string | null>('HINDSIGHT_TOKEN', null, (v) =>
    v.length < MIN_TOKEN_LENGTH
      ? bad(`the token is too short (${v.length} characters; use at least ${MIN_TOKEN_LENGTH}, e.g. from openssl rand -hex 32)`)
      : v,
  );
  const protectReads = check('HINDSIGHT_PROTECT_READS', false, (v) => readBoolean(v) ?? bad(`"${v}" is not true or false`));
  if (protectReads && !setting('HINDSIGHT_TOKEN')) {
    problems.push('HINDSIGHT_PROTECT_READS: reads cannot require a token when HINDSIGHT_TOKEN is not set');
  }
  const watch = check('HINDSIGHT_WATCH', true, (v) => readBoolean(v) ?? bad(`"${v}" is not true or false`));
  const githubToken = check<string | null>('GITHUB_TOKEN', null, (v) =>
    /\s/.test(v) ? bad('the token contains white space (paste only the token itself)') : v,
  );
  const githubApiUrl = check('GITHUB_API_URL', 'https://api.github.com', (v) => {
    try {
      const url = new URL(v);
      if (url.protocol === 'http:' || url.protocol === 'https:') return v.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    return bad(`"${v}" is not an http(s) URL`);
  });
  const webhookSecret = check<string | null>('HINDSIGHT_WEBHOOK_SECRET', null, (v) =>
    v.length < 8 ? bad(`the secret is too short (${v.length} characters; use at least 8, e.g. from openssl rand -hex 32)`) : v,
  );
  const list = (v: string) => v.split(',').map((e) => e.trim()).filter(Boolean);
  const deployBranches = check<Record<string, string>>('HINDSIGHT_DEPLOY_BRANCHES', {}, (v) => {
    const map: Record<string, string> = {};
    for (const pair of list(v)) {
      const match = /^([^=\s]+)\s*=\s*([^=\s]+)$/.exec(pair);
      if (!match) return bad(`"${pair}" is not branch=environment (use a list like prod=production,staging=staging)`);
      map[match[1]!.replace(/^refs\/heads\//, '')] = match[2]!;
    }
    return map;
  });
  const deployRepos = check<string[]>('HINDSIGHT_DEPLOY_REPOS', [], (v) => {
    const repos = list(v);
    const wrong = repos.map(repoProblem).find((p) => p !== null);
    return wrong ? bad(wrong) : repos;
  });
  const deployEnvironments = check<string[] | null>('HINDSIGHT_DEPLOY_ENVIRONMENTS', null, (v) => (list(v).length > 0 ? list(v) : null));
  const deploySyncMinutes = check('HINDSIGHT_DEPLOY_SYNC_MINUTES', 15, (v) =>
    /^\d{1,5}$/.test(v) && Number(v) <= 10_080 ? Number(v) : bad(`"${v}" is not a number of minutes from 0 to 10080`),
  );
  const deploymentFiles = check<string[] | null>('HINDSIGHT_DEPLOYMENTS', null, (v) => {
    const files = list(v);
    const missing = files.find((f) => !existsSync(resolve(cwd, f)));
    return missing ? bad(`the file ${missing} does not exist`) : files;
  });
  const correlationHours = check('HINDSIGHT_CORRELATION_HOURS', 24, (v) =>
    /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 720 ? Number(v) : bad(`"${v}" is not a number of hours from 1 to 720`),
  );

  const syncMinutes = check('HINDSIGHT_SYNC_MINUTES', 15, (v) =>
    /^\d{1,5}$/.test(v) && Number(v) <= 10_080 ? Number(v) : bad(`"${v}" is not a number of minutes from 0 to 10080`),
  );
  // Set but empty (HINDSIGHT_ISSUE_LABEL=) means no label, as the documentation says; unset means the default.
  const labelSetEmpty = env.HINDSIGHT_ISSUE_LABEL !== undefined && env.HINDSIGHT_ISSUE_LABEL.trim() === '';
  const issueLabel = labelSetEmpty
    ? null
    : check<string | null>('HINDSIGHT_ISSUE_LABEL', 'postmortem-action', (v) => (v.length > 50 ? bad('a label has at most 50 characters') : v === '' ? null : v));
  const publicUrl = check('HINDSIGHT_PUBLIC_URL', `http://localhost:${port}`, (v) => {
    try {
      const url = new URL(v);
      if (url.protocol === 'http:' || url.protocol === 'https:') return v.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    return bad(`"${v}" is not an http(s) URL`);
  });
  const safeguardsFile = check<string | null>('HINDSIGHT_SAFEGUARDS', null, (v) =>
    existsSync(resolve(cwd, v)) ? v : bad(`the file ${v} does not exist`),
  );
  const attestationDays = check('HINDSIGHT_ATTESTATION_DAYS', 90, (v) =>
    /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 3650 ? Number(v) : bad(`"${v}" is not a number of days from 1 to 3650`),
  );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    warnings: unknownVariables(env),
    port,
    host,
    database,
    postmortems,
    extensions,
    timezone,
    repo,
    token,
    protectReads,
    watch,
    githubToken,
    githubApiUrl,
    webhookSecret,
    deployBranches,
    deployRepos,
    deployEnvironments,
    deploySyncMinutes,
    deploymentFiles,
    correlationHours,
    syncMinutes,
    issueLabel,
    publicUrl,
    safeguardsFile,
    attestationDays,
    configFile,
  };
}

/** A warning for each `HINDSIGHT_*` variable that is set but not known, with the nearest known name. */
function unknownVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  const known = [...CONFIG_VARIABLES, ...OTHER_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith('HINDSIGHT_') && !known.includes(name))
    .sort()
    .map((name) => {
      const nearest = known.map((candidate) => ({ candidate, distance: editDistance(name, candidate) })).sort((a, b) => a.distance - b.distance)[0];
      const hint = nearest && nearest.distance <= 3 ? ` (did you mean ${nearest.candidate}?)` : '';
      return `${name} is set but Hindsight does not read it${hint}`;
    });
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function readBoolean(value: string): boolean | null {
  const v = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return null;
}

/** Reads the YAML config file into `settings` (scalars as strings, with their line); problems name the file and line. */
function readConfigFile(path: string, shown: string, settings: Map<string, Setting>, problems: string[]): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(`HINDSIGHT_CONFIG: cannot read ${shown}${code === 'ENOENT' ? ': no such file' : `: ${String(error)}`}`);
    return;
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const at = (offset: number | undefined) => `${shown} line ${offset === undefined ? 1 : lines.linePos(offset).line}`;
  if (document.errors.length > 0) {
    for (const error of document.errors) problems.push(`${at(error.pos[0])}: ${error.message.split('\n')[0]}`);
    return;
  }
  if (document.contents === null) return;
  if (!isMap(document.contents)) {
    problems.push(`${at(document.contents.range?.[0])}: expected keys and values (PORT: 3000)`);
    return;
  }
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    const where = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (!key || !(CONFIG_VARIABLES as readonly string[]).includes(key)) {
      problems.push(`${where}: unknown setting ${key ?? '(not a name)'} (known: ${CONFIG_VARIABLES.join(', ')})`);
      continue;
    }
    if (!isScalar(pair.value) || pair.value.value === null || typeof pair.value.value === 'object') {
      problems.push(`${key} (${where}): expected a single value`);
      continue;
    }
    settings.set(key, { value: String(pair.value.value).trim(), label: `${key} (${where})` });
  }
}
