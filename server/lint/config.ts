/**
 * The lint configuration file (`.hindsight-lint.yml`): rule levels, ignore globs and the parse
 * options lint uses. Every problem in the file is reported at once, each naming the file and key.
 */
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { repoProblem, zoneProblem } from '../config.ts';
import { readPostmortem } from '../files/read-postmortem.ts';
import { RULE_IDS, RULES } from './rules.ts';
import type { RuleLevel } from './rules.ts';

export interface LintConfig {
  /** Level of every rule (all ids present). */
  rules: Record<string, RuleLevel>;
  /** Globs of files and directories to skip (see `findPostmortems`). */
  ignore: string[];
  /** Zone for reports that declare none (like `--timezone`), or null. */
  timezone: string | null;
  /** `owner/name` bare `#12` references resolve against (like `--repo`), or null. */
  repo: string | null;
}

export type ConfigResult = { ok: true; config: LintConfig; file: string | null } | { ok: false; errors: string[] };

/** The file looked for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = '.hindsight-lint.yml';

const LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const KEYS = ['rules', 'ignore', 'timezone', 'repo'] as const;
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The configuration used when there is no file: every rule at its default level, nothing ignored. */
export function defaultLintConfig(): LintConfig {
  return {
    rules: Object.fromEntries(RULES.map((rule) => [rule.id, rule.defaultLevel])),
    ignore: [],
    timezone: null,
    repo: null,
  };
}

/**
 * Loads the lint config: `path` when given (resolved against `cwd`; a missing file is an error),
 * else `.hindsight-lint.yml` in `cwd` when it exists, else {@link defaultLintConfig}.
 */
export async function loadLintConfig(path: string | null, cwd: string): Promise<ConfigResult> {
  const file = path ?? DEFAULT_CONFIG_FILE;
  const read = await readPostmortem(file, { cwd, maxBytes: MAX_CONFIG_BYTES });
  if (!read.ok) {
    if (path === null && read.error === `${file}: no such file`) return { ok: true, config: defaultLintConfig(), file: null };
    return { ok: false, errors: [read.error] };
  }
  const parsed = parseLintConfig(read.text, file);
  return parsed.ok ? { ...parsed, file: resolve(cwd, file) } : parsed;
}

/**
 * Parses and checks config text. `file` only names the file in errors. An empty file is the
 * default config. `off` may also be written `false`.
 */
export function parseLintConfig(
  text: string,
  file: string,
): { ok: true; config: LintConfig } | { ok: false; errors: string[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const { line } = lineCounter.linePos(error.pos[0]);
        return `${file}: invalid YAML: ${error.message.split('\n')[0] ?? ''} (line ${line})`;
      }),
    };
  }
  const data: unknown = document.toJS();
  const config = defaultLintConfig();
  if (data === null || data === undefined) return { ok: true, config };
  if (!isRecord(data)) return { ok: false, errors: [`${file}: must be a mapping of ${KEYS.join(', ')}`] };

  const errors: string[] = [];
  const bad = (key: string, problem: string): void => {
    errors.push(`${file}: ${key}: ${problem}`);
  };
  for (const key of Object.keys(data)) {
    if (!(KEYS as readonly string[]).includes(key)) bad(key, `unknown key (expected one of ${KEYS.join(', ')})`);
  }
  readRules(data.rules, config, bad);
  readIgnore(data.ignore, config, bad);
  config.timezone = readChecked(data.timezone, 'timezone', zoneProblem, bad);
  config.repo = readChecked(data.repo, 'repo', repoProblem, bad);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

type Report = (key: string, problem: string) => void;

function readRules(value: unknown, config: LintConfig, bad: Report): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) return bad('rules', `must be a mapping of rule id to ${LEVELS.join('|')}`);
  for (const [id, level] of Object.entries(value)) {
    if (!RULE_IDS.includes(id)) {
      bad(`rules.${id}`, `unknown rule (known: ${RULE_IDS.join(', ')})`);
      continue;
    }
    const normalized = level === false ? 'off' : level;
    if (typeof normalized === 'string' && (LEVELS as readonly string[]).includes(normalized)) {
      config.rules[id] = normalized as RuleLevel;
    } else {
      bad(`rules.${id}`, `${JSON.stringify(level)} is not one of ${LEVELS.join(', ')}`);
    }
  }
}

function readIgnore(value: unknown, config: LintConfig, bad: Report): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) return bad('ignore', 'must be a list of globs');
  value.forEach((glob: unknown, index) => {
    if (typeof glob === 'string' && glob.trim() !== '') config.ignore.push(glob);
    else bad(`ignore[${index}]`, `${JSON.stringify(glob)} is not a glob`);
  });
}

function readChecked(
  value: unknown,
  key: string,
  problemOf: (text: string) => string | null,
  bad: Report,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    bad(key, `must be a string, not ${JSON.stringify(value)}`);
    return null;
  }
  const problem = problemOf(value);
  if (problem !== null) bad(key, problem);
  return problem === null ? value.trim() : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
