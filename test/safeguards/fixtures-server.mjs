// @octokit/fixtures-server on 127.0.0.1, for `fixtures-server.test.ts`. A child process of its own because the
// server replays recordings through nock, which patches Node's http module for the whole process: the test's
// own HTTP (the GitHub client's fetch) stays untouched. Prints {"url": ...} once listening; stops with its parent.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import fixturesServer from '@octokit/fixtures-server';

// express is the fixtures server's dependency, not ours: load the copy it uses.
const express = createRequire(import.meta.resolve('@octokit/fixtures-server'))('express');

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  const app = express();
  // `fixturesUrl` is where recorded URLs are rewritten to point (it must be known before the middleware is built).
  app.use(fixturesServer({ fixturesUrl: url, logLevel: 'silent', ttl: 60_000 }));
  server.on('request', app);
  process.stdout.write(`${JSON.stringify({ url })}\n`);
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
