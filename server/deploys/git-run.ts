/**
 * Runs one git command for the git importers: spawned without a shell (arguments as an array), in the C locale,
 * with no pager, no prompts and none of the `GIT_DIR`-style variables a git hook may have set, so `-C repo` alone
 * decides which repository is read. Output is streamed line by line; nothing is buffered whole. Never throws:
 * a missing git, a failing command and its stderr are all in the result.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** Variables that point git at another repository than `-C` names (git sets them when running hooks). */
const REPOSITORY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

/** Keeps the first 16 KiB of stderr: enough for any message, bounded whatever git prints. */
const STDERR_LIMIT = 16 * 1024;

export interface GitRun {
  /** Exit code; null when git could not be started or was killed. */
  code: number | null;
  /** True when there is no `git` program to start. */
  missing: boolean;
  /** The start of stderr, trimmed. */
  stderr: string;
}

export interface RunOptions {
  /** Called with each line of stdout (without its `\n`), in order. Default: stdout is discarded. */
  onLine?: (line: string) => void;
}

/** Runs `git ...args` and resolves when it has exited. A throwing `onLine` stops git and rejects with its error. */
export function runGit(args: string[], options: RunOptions = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--no-pager', ...args], {
      env: gitEnvironment(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    let stderr = '';
    let failure: unknown = null;
    let missing = false;
    let pending = '';
    const decoder = new StringDecoder('utf8');
    const take = (text: string, end: boolean) => {
      if (failure !== null || !options.onLine) return;
      pending += text;
      let start = 0;
      let newline = pending.indexOf('\n', start);
      try {
        while (newline !== -1) {
          options.onLine(pending.slice(start, newline));
          start = newline + 1;
          newline = pending.indexOf('\n', start);
        }
        pending = pending.slice(start);
        if (end && pending !== '') options.onLine(pending);
      } catch (error) {
        failure = error;
        child.kill();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => take(decoder.write(chunk), false));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') missing = true;
      else if (failure === null) failure = error;
    });
    child.on('close', (code) => {
      take(decoder.end(), true);
      if (failure !== null) reject(failure);
      else resolve({ code: missing ? null : code, missing, stderr: stderr.slice(0, STDERR_LIMIT).trim() });
    });
  });
}

/** The environment git runs in: the caller's, in the C locale, never prompting, without repository overrides. */
export function gitEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  return env;
}
