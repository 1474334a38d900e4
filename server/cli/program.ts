/**
 * The `hindsight` program: commander wiring shared by every command. Commands live one per file
 * in this folder and are handed in as registrations, so `server/cli.ts` stays a list of them.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };

/** Where a command writes; injected so tests can run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Directory relative paths, the default config file and ignore globs are resolved against. */
  cwd: string;
  /** The environment variables (configuration for `ingest`, `serve`). Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The terminal for progress bars, when stderr is one; else progress is not drawn. Default: none. */
  terminal?: NodeJS.WritableStream;
}

/** What a command's registration receives besides the program. */
export interface CliContext {
  io: CliIo;
  /** Records the command's exit code; the highest one reported wins. */
  exit: (code: number) => void;
}

/** Adds one subcommand (options, arguments, action) to the program. */
export type CommandRegistration = (program: Command, context: CliContext) => void;

/** Exit code for usage errors (bad option, unknown command, bad config). */
export const USAGE_ERROR = 2;

/**
 * Builds the program with the given commands and runs it on `argv` (the arguments after the
 * executable and script, e.g. `['parse', '--json', 'x.md']`). Resolves to the exit code:
 * the command's, 0 for `--help`/`--version`, {@link USAGE_ERROR} for usage errors.
 */
export async function runCli(
  registrations: readonly CommandRegistration[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  let code = 0;
  const context: CliContext = { io, exit: (next) => { code = Math.max(code, next); } };
  const program = new Command('hindsight')
    .description('Incident postmortems in markdown: parse, lint and ingest them, and serve them over HTTP.')
    .version(packageJson.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of registrations) register(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
    throw error;
  }
  return code;
}
