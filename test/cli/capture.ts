/** Runs CLI commands in-process with captured output. */
import type { CliIo, CommandRegistration } from '../../server/cli/program.ts';
import { runCli } from '../../server/cli/program.ts';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` with the given commands, `cwd` as the working directory, and returns exit code and output. */
export async function run(commands: readonly CommandRegistration[], argv: readonly string[], cwd: string): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  };
  const code = await runCli(commands, argv, io);
  return { code, stdout, stderr };
}
