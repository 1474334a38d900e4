/**
 * The API benchmark of `npm run bench`: autocannon against `GET /api/incidents/:slug` of the real app over a
 * database of N incidents, and against a plain fastify route returning the same JSON from memory, both served by
 * one child process (so the load generator does not share the server's event loop), alternating A B A B.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from './measure.ts';

export interface ApiBenchResult {
  incidents: number;
  appRps: number;
  plainRps: number;
  /** app / plain requests per second (target >= 0.5). */
  ratio: number;
  appP99Ms: number;
  plainP99Ms: number;
  /** Non-2xx responses or errors seen by autocannon (should be 0). */
  failures: number;
  ok: boolean;
}

const SERVER = fileURLToPath(new URL('./api-server.ts', import.meta.url));
/** tsx's loader, for `node --import`: one process (the tsx binary would start a second). */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** Runs `rounds` rounds of `seconds` seconds per target with `connections` connections. */
export async function runApiBench(databaseFile: string, incidents: number, rounds: number, seconds: number, connections = 10): Promise<ApiBenchResult> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SERVER, databaseFile, '200'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((done, fail) => {
      createInterface({ input: child.stdout! }).once('line', done);
      child.once('exit', (code) => fail(new Error(`the benchmark server exited with ${code}`)));
    });
    const ports = JSON.parse(first) as { app: number; plain: number; slugs: string[] };
    const run = async (port: number, prefix: string) => {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: ports.slugs.map((slug) => ({ method: 'GET', path: `${prefix}/${slug}` })),
      });
      return { rps: result.requests.average, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
    };
    // Warm both up, then alternate.
    await run(ports.app, '/api/incidents');
    await run(ports.plain, '/plain/incidents');
    const app: Awaited<ReturnType<typeof run>>[] = [];
    const plain: Awaited<ReturnType<typeof run>>[] = [];
    for (let round = 0; round < rounds; round += 1) {
      app.push(await run(ports.app, '/api/incidents'));
      plain.push(await run(ports.plain, '/plain/incidents'));
    }
    const appRps = median(app.map((r) => r.rps));
    const plainRps = median(plain.map((r) => r.rps));
    const appP99Ms = median(app.map((r) => r.p99));
    return {
      incidents,
      appRps,
      plainRps,
      ratio: appRps / plainRps,
      appP99Ms,
      plainP99Ms: median(plain.map((r) => r.p99)),
      failures: [...app, ...plain].reduce((sum, r) => sum + r.failures, 0),
      ok: appRps / plainRps >= 0.5 && appP99Ms < 20,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
