/**
 * `npm start`: the process entry of the service and, with `server/cli.ts`, the only reader of `process.env`.
 * Configuration → database → ingest of the postmortems folder → watch → HTTP on http://localhost:3000, until
 * SIGINT/SIGTERM (see `server/cli/serve.ts`).
 */
import { runServe } from './cli/serve.ts';

const code = await runServe({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
process.exit(code);
