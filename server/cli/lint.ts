/** `hindsight lint`: check postmortem files against the lint rules, for people or for CI. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { findPostmortems } from '../files/find-postmortems.ts';
import { loadLintConfig } from '../lint/config.ts';
import { compareMessages, lintPostmortem } from '../lint/lint.ts';
import type { LintMessage } from '../lint/lint.ts';
import { formatGithubAnnotation, formatMessageLine, formatSummary } from './format-messages.ts';
import { repoOption, zoneOption } from './option-values.ts';
import type { CliContext, CliIo } from './program.ts';
import { readAndParse } from './read-and-parse.ts';

export type LintFormat = 'text' | 'github' | 'json';

export interface LintCommandOptions {
  /** Output format. Default: `text`. */
  format?: LintFormat;
  /** Config file. Default: `.hindsight-lint.yml` in the working directory when it exists. */
  config?: string | null;
  /** Zone for reports that declare none; wins over the config's `timezone`. Default: the config's. */
  timezone?: string | null;
  /** `owner/name` for bare `#12` references; wins over the config's `repo`. Default: the config's. */
  repo?: string | null;
}

/** Exit codes: lint errors found; a file could not be read or the usage/config is wrong. */
const LINT_ERRORS = 1;
const UNREADABLE = 2;

/**
 * Lints the files and directories in `paths` (directories walked for `.md`, `.markdown`, `.qmd`)
 * and prints the messages sorted by file and line, then a summary line (`N files, E errors, W
 * warnings`; on stderr for `json`, whose stdout is one JSON array). Resolves to 2 when the config
 * is invalid or a file could not be read, else 1 when any message is an error, else 0.
 */
export async function runLint(paths: readonly string[], options: LintCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadLintConfig(options.config ?? null, io.cwd);
  if (!loaded.ok) {
    io.stderr(`${loaded.errors.join('\n')}\n`);
    return UNREADABLE;
  }
  const { config } = loaded;
  const found = await findPostmortems(paths, { ignore: config.ignore, cwd: io.cwd });
  for (const error of found.errors) io.stderr(`${error}\n`);
  let unreadable = found.errors.length > 0;
  if (found.files.length === 0) io.stderr(`no postmortem files found in ${paths.join(', ')}\n`);

  const parseOptions = { timezone: options.timezone ?? config.timezone, repo: options.repo ?? config.repo };
  const messages: LintMessage[] = [];
  let linted = 0;
  for (const file of found.files) {
    const parsed = await readAndParse(file, parseOptions, io);
    if (parsed === null) {
      unreadable = true;
      continue;
    }
    linted += 1;
    messages.push(...lintPostmortem(parsed, file, config.rules));
  }
  messages.sort(compareMessages);
  printMessages(messages, linted, options.format ?? 'text', io);

  if (unreadable) return UNREADABLE;
  return messages.some((message) => message.severity === 'error') ? LINT_ERRORS : 0;
}

function printMessages(messages: readonly LintMessage[], fileCount: number, format: LintFormat, io: CliIo): void {
  const summary = `${formatSummary(fileCount, messages)}\n`;
  if (format === 'json') {
    io.stdout(`${JSON.stringify(messages, null, 2)}\n`);
    io.stderr(summary);
    return;
  }
  const formatLine = format === 'github' ? formatGithubAnnotation : (m: LintMessage) => formatMessageLine(m.file, m);
  io.stdout(messages.map((message) => `${formatLine(message)}\n`).join('') + summary);
}

/** Registers `lint [--format text|github|json] [--config FILE] [--timezone Z] [--repo R] FILE|DIR...`. */
export function registerLint(program: Command, context: CliContext): void {
  program
    .command('lint')
    .description('check postmortems for missing titles, dates, timelines, action items and more')
    .argument('<paths...>', 'postmortem files, or directories to search for .md, .markdown and .qmd files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'github', 'json']).default('text'))
    .option('--config <file>', 'lint config (default: .hindsight-lint.yml when present)')
    .addOption(zoneOption())
    .addOption(repoOption())
    .action(async (paths: string[], options: LintCommandOptions) => {
      context.exit(await runLint(paths, options, context.io));
    });
}
