/** The server's scheduled import of GitHub Deployments, against the local GitHub stand-in. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { deploymentsBetween } from '../../server/db/queries/deployment-correlation.ts';
import { scheduleGitHubDeployments, type DeploySchedule } from '../../server/deploys/github-schedule.ts';
import { createGitHubClient } from '../../server/github/client.ts';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.ts';

const NOW = new Date('2024-06-18T12:00:00Z');
let github: GitHubStandIn;
let database: Database;
let schedule: DeploySchedule | null = null;
const lines: string[] = [];

beforeEach(async () => {
  github = await startGitHubStandIn();
  database = openDatabase(':memory:');
  lines.length = 0;
});
afterEach(async () => {
  await schedule?.stop();
  schedule = null;
  database.close();
  await github.close();
});

function start(): DeploySchedule {
  schedule = scheduleGitHubDeployments({
    database,
    client: createGitHubClient({ baseUrl: github.url, token: 't', retries: 0, retryAfterBaseMs: 1 }),
    repos: ['acme/web', 'acme/gone'],
    environments: ['production'],
    everyMinutes: 60,
    report: (line) => lines.push(line),
    warn: (line) => lines.push(`warn: ${line}`),
    now: () => NOW,
  });
  return schedule;
}

describe('scheduleGitHubDeployments', () => {
  it('imports the last 30 days at once, then the last 2 days on each run, reporting what failed', async () => {
    const old = github.state.addDeployment('acme/web', { environment: 'production', created_at: '2024-05-01T10:00:00Z' }).id as number;
    const recent = github.state.addDeployment('acme/web', { environment: 'production', created_at: '2024-06-18T09:05:00Z' }).id as number;
    github.state.addDeploymentStatus('acme/web', recent, { state: 'in_progress', created_at: '2024-06-18T09:05:00Z' });
    const running = start();
    await running.runNow();
    const stored = () => deploymentsBetween(database, '0000', '9999').map((d) => [d.key, d.status]);
    expect(stored()).toEqual([[`github:acme/web:${recent}`, 'in-progress']]);
    expect(old).toBeGreaterThan(0);
    expect(lines).toEqual([
      'GitHub deployments (acme/web, acme/gone, last 30 days): 1 row: 1 new, 0 updated, 0 unchanged',
      'warn:   acme/gone (production): GET /repos/acme/gone/deployments: 404 Not Found',
    ]);
    expect(github.requests.find((r) => r.path === '/repos/acme/web/deployments')?.query).toMatchObject({ environment: 'production' });

    github.state.addDeploymentStatus('acme/web', recent, { state: 'success', created_at: '2024-06-18T09:09:00Z' });
    lines.length = 0;
    await running.runNow();
    expect(stored()).toEqual([[`github:acme/web:${recent}`, 'success']]);
    expect(lines[0]).toBe('GitHub deployments (acme/web, acme/gone, last 2 days): 1 row: 0 new, 1 updated, 0 unchanged');
  });

  it('keeps going after a failed run, and says nothing when nothing changed', async () => {
    github.fail({ kind: 'status', path: /deployments$/, status: 500, times: 2 });
    const running = start();
    await running.runNow();
    expect(lines).toEqual([
      'GitHub deployments (acme/web, acme/gone, last 30 days): 0 rows: 0 new, 0 updated, 0 unchanged',
      'warn:   acme/web (production): GET /repos/acme/web/deployments: 500 Server Error',
      'warn:   acme/gone (production): GET /repos/acme/gone/deployments: 500 Server Error',
    ]);
    lines.length = 0;
    github.state.addRepo('acme/web');
    github.state.addRepo('acme/gone');
    await running.runNow();
    expect(lines).toEqual([]);
  });
});
