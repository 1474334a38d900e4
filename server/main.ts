/**
 * `npm start`. The only reader of `process.env`: configuration → the postmortems folder → an overview of every
 * incident Hindsight reads there. (The store, the HTTP API and the web UI build on this; until they land,
 * `npm start` parses the folder and prints what it found.)
 */
import { runList } from './cli/list.ts';
import { ConfigError, loadConfig } from './config.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

process.stdout.write(`hindsight: reading postmortems from ${config.postmortems}/\n\n`);
process.exitCode = await runList(
  [config.postmortems],
  { defaultTimezone: config.timezone, repo: config.repo },
  { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() },
);
process.stdout.write('\nEach one in full: npx hindsight parse FILE   Checks: npx hindsight lint postmortems/\n');
