/**
 * Generated postmortems for load tests (the crash test, `npm run bench`): varied but deterministic documents in the
 * shapes real teams write (front matter or a `Date:` line, list or table timelines, declared zones, action items
 * with checkboxes, owners and GitHub links), each about 1.5–3 KB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = ['checkout', 'search', 'auth', 'billing', 'media', 'notifications', 'api-gateway', 'datahub', 'ledger', 'reports'];
const CAUSES = [
  'a configuration change that removed a connection pool limit',
  'an expired TLS certificate on the internal load balancer',
  'a schema migration that locked the orders table',
  'a dependency upgrade that changed retry behaviour',
  'a full disk on the primary database node',
  'a DNS record pointing at a decommissioned host',
];
const ZONES = [
  ['UTC', 'UTC'],
  ['PST', 'America/Los_Angeles'],
  ['CET', 'Europe/Berlin'],
  ['BST', 'Europe/London'],
] as const;
const ACTIONS = [
  'Add an alert on the error rate of {s}',
  'Require a staging soak before production deploys of {s}',
  'Write a runbook for restoring {s} from backup',
  'Add a canary stage to the {s} pipeline',
  'Block merges to production when staging checks fail for {s}',
  'Load test {s} at twice the peak traffic',
  'Document the on-call escalation path for {s}',
  'Add a dashboard for {s} queue depth',
];

/** A small deterministic PRNG (mulberry32) so every run generates the same documents. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The `index`-th generated postmortem: its file name (`YYYY/YYYY-MM-DD-service-n.md`) and markdown. */
export function generatePostmortem(index: number): { path: string; markdown: string } {
  const next = random(index + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const service = pick(SERVICES);
  const year = 2016 + (index % 9);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const [zoneLabel] = pick(ZONES);
  const cause = pick(CAUSES);
  const title = `${service} outage: ${cause} (#${index})`;
  const front = next() < 0.5;

  const lines: string[] = [];
  if (front) {
    lines.push('---', `title: "${title}"`, `date: ${date}`, `severity: SEV-${1 + Math.floor(next() * 3)}`, `tags: [${service}, ${pick(['database', 'network', 'deploy', 'config'])}]`, '---', '');
  } else {
    lines.push(`# ${title}`, '', `Date: ${date}`, `Severity: SEV-${1 + Math.floor(next() * 3)}`, '');
  }
  lines.push('## Summary', '', `For about an hour ${service} returned errors to most users. The cause was ${cause}. ` +
    `We rolled the change back and the service recovered; this document records what happened and what we will change.`, '');
  lines.push('## Impact', '', `Roughly ${Math.floor(next() * 90) + 5}% of requests to ${service} failed during the incident.`, '');
  lines.push(`## Timeline (all times ${zoneLabel})`, '');
  let minutes = 9 * 60 + Math.floor(next() * 8 * 60);
  const events = [
    `Deploy of ${service} v${Math.floor(next() * 20)}.${Math.floor(next() * 10)} to production begins`,
    `Error rate on ${service} rises above 5%`,
    `Alert fires and the on-call engineer is paged`,
    `Incident declared in #incidents`,
    `Team identifies ${cause} as the likely cause`,
    `Rolled back ${service} to the previous release`,
    `Error rate back to normal; monitoring`,
    `Incident resolved`,
  ];
  const table = next() < 0.3;
  if (table) lines.push('| Time | Event |', '|---|---|');
  for (const event of events) {
    const stamp = `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
    lines.push(table ? `| ${stamp} | ${event} |` : `- ${stamp} ${event}`);
    minutes += 3 + Math.floor(next() * 25);
  }
  lines.push('', '## Root cause', '', `The change introduced ${cause}, which the tests in the pipeline did not exercise.`, '');
  lines.push('## Action items', '');
  const count = 2 + Math.floor(next() * 5);
  for (let k = 0; k < count; k += 1) {
    const text = pick(ACTIONS).replace('{s}', service);
    const done = next() < 0.3 ? 'x' : ' ';
    const link = next() < 0.6 ? ` (https://github.com/example-org/${service}/issues/${100 + ((index * 7 + k) % 900)})` : '';
    const owner = next() < 0.5 ? ` @${pick(['alice', 'bob', 'chen', 'dana', 'eli'])}` : '';
    lines.push(`- [${done}] ${text}${owner}${link}`);
  }
  lines.push('');
  return { path: `${year}/${date}-${service}-${index}.md`, markdown: lines.join('\n') };
}

/** Writes `count` generated postmortems under `root`; returns their total size in bytes. */
export function writeGeneratedPostmortems(root: string, count: number, from = 0): number {
  let bytes = 0;
  for (let i = from; i < from + count; i += 1) {
    const { path, markdown } = generatePostmortem(i);
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), markdown);
    bytes += Buffer.byteLength(markdown);
  }
  return bytes;
}
