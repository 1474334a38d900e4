/**
 * The `hindsight` command (run through `server/bin/hindsight.js`). Each command is one file in
 * `server/cli/`; adding one is adding its registration to this list.
 */
import { registerDeploys } from './cli/deploys.ts';
import { registerSync } from './cli/sync.ts';
import { registerVerify } from './cli/verify.ts';
import { registerIngest } from './cli/ingest.ts';
import { registerLint } from './cli/lint.ts';
import { registerList } from './cli/list.ts';
import { registerParse } from './cli/parse.ts';
import { registerServe } from './cli/serve.ts';
import { runCli } from './cli/program.ts';
import type { CommandRegistration } from './cli/program.ts';

const commands: readonly CommandRegistration[] = [
  registerParse,
  registerLint,
  registerList,
  registerIngest,
  registerDeploys,
  registerSync,
  registerVerify,
  registerServe,
];

// `hindsight parse x.md | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(commands, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  terminal: process.stderr.isTTY ? process.stderr : undefined,
});
