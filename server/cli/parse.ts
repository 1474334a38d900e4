/** `hindsight parse`: print what the parser extracts from each file, as text or NDJSON. */
import type { Command } from 'commander';
import { formatParsedText } from './format-parsed.ts';
import { repoOption, zoneOption } from './option-values.ts';
import type { CliContext, CliIo } from './program.ts';
import { readAndParse } from './read-and-parse.ts';
import type { FileParseOptions } from './read-and-parse.ts';

export interface ParseCommandOptions extends FileParseOptions {
  /** One `ParsedPostmortem` JSON document per line instead of text. Default: false. */
  json?: boolean;
}

/** Exit code when a file could not be read or parsed. */
const UNREADABLE = 2;

/**
 * Parses `files` in the order given and prints each result to `io.stdout` (text, or NDJSON with
 * `json`); problems reading a file go to `io.stderr` and the other files are still printed.
 * Resolves to 0 when every file was read (parse diagnostics do not count), else 2.
 */
export async function runParse(files: readonly string[], options: ParseCommandOptions, io: CliIo): Promise<number> {
  let exitCode = 0;
  let printed = 0;
  for (const file of files) {
    const parsed = await readAndParse(file, options, io);
    if (parsed === null) {
      exitCode = UNREADABLE;
      continue;
    }
    if (options.json === true) io.stdout(`${JSON.stringify(parsed)}\n`);
    else io.stdout(`${printed > 0 ? '\n' : ''}${formatParsedText(parsed, file)}`);
    printed += 1;
  }
  return exitCode;
}

/** Registers `parse [--json] [--timezone ZONE] [--repo owner/name] FILE...`. */
export function registerParse(program: Command, context: CliContext): void {
  program
    .command('parse')
    .description('print what hindsight extracts from postmortem files')
    .argument('<files...>', 'markdown postmortems, printed in the order given')
    .option('--json', 'one ParsedPostmortem JSON document per line (NDJSON)')
    .addOption(zoneOption())
    .addOption(repoOption())
    .action(async (files: string[], options: ParseCommandOptions) => {
      context.exit(await runParse(files, options, context.io));
    });
}
