/**
 * The UI benchmark of `npm run bench`: how long the incident page takes to draw a large postmortem (500 timeline
 * entries and 200 deployments) once its JSON has arrived, against the same page for a small one (10 entries, 2
 * deployments), both served by one real server in the same run and loaded in one headless Chromium, alternating.
 *
 * The page marks `hindsight:incident-data` when the incident's JSON arrives (`web/src/state/incident.svelte.ts`)
 * and `hindsight:incident-rendered` in the frame after the DOM shows it (`web/src/views/IncidentView.svelte`):
 * render = rendered − data; total = the rendered mark's time since navigation start.
 *
 * Until real deployment events exist, the chart's deployments are timeline entries the parser classifies as
 * deploy or rollback, so the generated postmortem writes them as such (`Deployed api v1.2.3 to production`).
 */
import { parsePostmortem } from '../../server/parser/index.ts';
import { launchBrowser, startUiServer, type Browser, type UiServer } from '../helpers/browser.ts';
import { median } from './measure.ts';

/** What `runUiBench` needs; every field has the default stated. */
export interface UiBenchOptions {
  /** Page loads per case, the first a warm-up that is not counted. Default: 7. */
  rounds?: number;
  /** Timed entries of the large postmortem that are neither deploys nor rollbacks. Default: 500. */
  entries?: number;
  /** Deploys and rollbacks of the large postmortem. Default: 200. */
  deployments?: number;
}

/** One page's timings over the counted rounds, in milliseconds. */
export interface UiCaseTiming {
  name: string;
  /** Timed timeline entries of its postmortem (each is one marker on the chart). */
  timedEntries: number;
  /** Of those, deploys and rollbacks. */
  deployments: number;
  /** `svg .marker` elements counted on the page in the last round. */
  markers: number;
  /** incident-rendered − incident-data, per counted round, in the order run. */
  renderMs: number[];
  medianRenderMs: number;
  maxRenderMs: number;
  /** The incident-rendered mark's time since navigation start, per counted round. */
  totalMs: number[];
  medianTotalMs: number;
  maxTotalMs: number;
}

export interface UiBenchResult {
  /** Counted rounds per case (the warm-up excluded). */
  rounds: number;
  subject: UiCaseTiming;
  baseline: UiCaseTiming;
  /** Median render time of the subject / of the baseline. */
  ratio: number;
  /** The subject's median render time must stay under this. */
  targetRenderMs: number;
  ok: boolean;
}

/** The subject's median render time must stay under this (ms). */
export const TARGET_RENDER_MS = 200;

const SERVICES = ['api', 'web', 'worker', 'search', 'billing'];
/** Texts of ordinary entries: none of them reads as a deploy, a rollback or a milestone to the parser. */
const OBSERVATIONS = [
  (n: number) => `Error rate on checkout at ${(n % 9) + 1}.${n % 10}%`,
  (n: number) => `Queue depth on the worker pool at ${1000 + ((n * 37) % 9000)} messages`,
  (n: number) => `Latency p99 of search at ${200 + ((n * 53) % 800)} ms`,
  (n: number) => `Disk usage on db-${(n % 4) + 1} at ${60 + (n % 35)}%`,
  (n: number) => `Engineers look at the connection pool graphs (note ${n})`,
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A postmortem (front matter, summary, timeline, action items) whose `## Timeline` has `entries + deployments`
 * dated entries 4 minutes apart from 2024-05-01 00:00 (Europe/Berlin): `deployments` of them deploys and
 * rollbacks spread evenly and alternating between production and staging, the rest observations; the first
 * states the start of the outage, one early entry the detection, and the last two the mitigation and resolution.
 * With the defaults of `UiBenchOptions` (700 entries) the timeline covers about two days.
 */
export function benchPostmortem(title: string, entries: number, deployments: number): string {
  const total = entries + deployments;
  if (entries < 4) throw new Error(`benchPostmortem needs at least 4 ordinary entries for the milestones, got ${entries}`);
  // Entry k is a deployment when floor((k + 1) * deployments / total) steps up: evenly spread, never the first.
  const isDeployment = (k: number) => Math.floor(((k + 1) * deployments) / total) > Math.floor((k * deployments) / total);
  const start = Date.UTC(2024, 4, 1, 0, 0);
  const lines = [
    '---',
    `title: "${title}"`,
    'date: 2024-05-01',
    'timezone: Europe/Berlin',
    'severity: SEV-2',
    'tags: [bench, generated]',
    '---',
    '',
    '## Summary',
    '',
    `A generated postmortem for the UI benchmark: ${total} timed entries, ${deployments} of them deploys or rollbacks.`,
    '',
    '## Timeline',
    '',
  ];
  let deployed = 0;
  let ordinary = 0;
  for (let k = 0; k < total; k += 1) {
    // Stamps are written in wall-clock time; the offset is dropped, the zone comes from the front matter.
    const when = new Date(start + k * 4 * 60_000);
    const stamp = `${when.getUTCFullYear()}-${pad(when.getUTCMonth() + 1)}-${pad(when.getUTCDate())} ${pad(when.getUTCHours())}:${pad(when.getUTCMinutes())}`;
    let text: string;
    if (isDeployment(k)) {
      const environment = deployed % 2 === 0 ? 'production' : 'staging';
      const service = SERVICES[deployed % SERVICES.length]!;
      const version = `v1.${Math.floor(deployed / 10)}.${deployed % 10}`;
      text = deployed % 3 === 2 ? `Rolled back ${service} on ${environment} to ${version}` : `Deployed ${service} ${version} to ${environment}`;
      deployed += 1;
    } else {
      if (ordinary === 0) text = 'Outage begins: checkout requests start to fail';
      else if (ordinary === 1) text = 'Issue detected by the checkout error rate alert';
      else if (ordinary === entries - 2) text = 'Outage ends once the connection pool is resized';
      else if (ordinary === entries - 1) text = 'Incident resolved and the all-clear is given';
      else text = OBSERVATIONS[ordinary % OBSERVATIONS.length]!(ordinary);
      ordinary += 1;
    }
    lines.push(`- ${stamp} ${text}`);
  }
  lines.push('', '## Action items', '', '- [ ] Alert on the connection pool saturation', '- [ ] Load test checkout at twice the peak', '');
  return lines.join('\n');
}

/** Parses `markdown` as the server will and fails unless it has exactly `timed` timed entries, `deployments` of them deploys/rollbacks. */
function checkPostmortem(name: string, markdown: string, timed: number, deployments: number): void {
  const parsed = parsePostmortem(markdown, { file: `${name}.md` });
  const timedEntries = parsed.timeline.filter((entry) => entry.at !== null);
  const deploys = timedEntries.filter((entry) => entry.kind === 'deploy' || entry.kind === 'rollback');
  const problems: string[] = [];
  if (timedEntries.length !== timed) problems.push(`${timedEntries.length} timed entries (of ${parsed.timeline.length}), wanted ${timed}`);
  if (deploys.length !== deployments) problems.push(`${deploys.length} deploys/rollbacks, wanted ${deployments}`);
  for (const milestone of ['started', 'detected', 'mitigated', 'resolved'] as const) {
    if (parsed.milestones[milestone]?.source !== 'stated') problems.push(`milestone ${milestone} not stated`);
  }
  if (problems.length > 0) throw new Error(`the generated postmortem ${name} is not what the UI benchmark needs: ${problems.join('; ')}`);
}

interface Case {
  name: string;
  slug: string;
  timedEntries: number;
  deployments: number;
  render: number[];
  total: number[];
  markers: number;
}

/** Loads `/incidents/<slug>` afresh and reads the page's marks and its number of chart markers. */
async function loadOnce(browser: Browser, server: UiServer, slug: string): Promise<{ renderMs: number; totalMs: number; markers: number }> {
  const { page } = browser;
  await page.goto(`${server.url}/incidents/${slug}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('hindsight:incident-rendered').length > 0, undefined, {
    polling: 10,
    timeout: 30_000,
  });
  const marks = await page.evaluate(() => {
    const data = performance.getEntriesByName('hindsight:incident-data')[0];
    const rendered = performance.getEntriesByName('hindsight:incident-rendered')[0];
    return data && rendered ? { renderMs: rendered.startTime - data.startTime, totalMs: rendered.startTime } : null;
  });
  if (!marks) throw new Error(`the page of ${slug} did not mark hindsight:incident-data before hindsight:incident-rendered`);
  return { ...marks, markers: await page.locator('svg .marker').count() };
}

function timing(c: Case): UiCaseTiming {
  return {
    name: c.name,
    timedEntries: c.timedEntries,
    deployments: c.deployments,
    markers: c.markers,
    renderMs: c.render,
    medianRenderMs: median(c.render),
    maxRenderMs: Math.max(...c.render),
    totalMs: c.total,
    medianTotalMs: median(c.total),
    maxTotalMs: Math.max(...c.total),
  };
}

/**
 * Serves the large and the small postmortem from one real server on a temporary database, loads each incident
 * page `rounds` times in one Chromium (alternating, the first round a warm-up), checks that every timed entry is
 * drawn as a marker, and reports the medians. The server, the browser and their temporary folders are gone when
 * it returns or throws.
 */
export async function runUiBench(options: UiBenchOptions = {}): Promise<UiBenchResult> {
  const rounds = options.rounds ?? 7;
  const entries = options.entries ?? 500;
  const deployments = options.deployments ?? 200;
  if (rounds < 2) throw new Error(`the UI benchmark needs at least 2 rounds (one is a warm-up), got ${rounds}`);

  const files = {
    'ui-bench-large.md': benchPostmortem(`UI bench: ${entries} entries and ${deployments} deployments`, entries, deployments),
    'ui-bench-small.md': benchPostmortem('UI bench: 10 entries and 2 deployments', 8, 2),
  };
  checkPostmortem('ui-bench-large', files['ui-bench-large.md'], entries + deployments, deployments);
  checkPostmortem('ui-bench-small', files['ui-bench-small.md'], 10, 2);
  const subject: Case = { name: `${entries} entries + ${deployments} deployments`, slug: 'ui-bench-large', timedEntries: entries + deployments, deployments, render: [], total: [], markers: 0 };
  const baseline: Case = { name: '10 entries + 2 deployments', slug: 'ui-bench-small', timedEntries: 10, deployments: 2, render: [], total: [], markers: 0 };

  let server: UiServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startUiServer(files);
    browser = await launchBrowser();
    for (let round = 0; round < rounds; round += 1) {
      for (const c of round % 2 === 0 ? [baseline, subject] : [subject, baseline]) {
        const run = await loadOnce(browser, server, c.slug);
        c.markers = run.markers;
        if (run.markers !== c.timedEntries) {
          throw new Error(`the page of ${c.slug} drew ${run.markers} markers, expected ${c.timedEntries} (one per timed entry)`);
        }
        if (round === 0) continue;
        c.render.push(run.renderMs);
        c.total.push(run.totalMs);
      }
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
  const ratio = median(subject.render) / median(baseline.render);
  return {
    rounds: rounds - 1,
    subject: timing(subject),
    baseline: timing(baseline),
    ratio,
    targetRenderMs: TARGET_RENDER_MS,
    ok: median(subject.render) < TARGET_RENDER_MS,
  };
}
