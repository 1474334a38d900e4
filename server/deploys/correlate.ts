/**
 * Lines one incident up against deployment events: which deployments fall in its window, which one is the
 * suspect (what changed just before it broke) and why, which one brought it back, which timeline entries describe
 * which deployments, and the time to restore. Pure: the caller reads the incident and the window's deployments
 * from the database (`server/db/queries/deployment-window.ts`) and hands them in.
 */
import { DateTime } from 'luxon';
import type { DeploymentEvent } from '../domain/deployment.ts';
import { canonicalEnvironment, environmentsNamedIn } from './environments.ts';
import type { NamedChange } from './named-changes.ts';
import { versionKey } from './named-changes.ts';

/** Hours before an incident's start whose deployments are lined up against it. Default of `windowHours`. */
export const DEFAULT_WINDOW_HOURS = 24;
/** How far a timeline entry's time may be from a deployment's to describe it (entries are written to the minute, or "around"). */
export const MATCH_TOLERANCE_MINUTES = 15;
/** A deployment this long after the mitigation or resolution still counts as what brought the service back. */
export const RECOVERY_GRACE_MINUTES = 15;

export interface CorrelationDeployment extends DeploymentEvent {
  id: number;
  /** `canonicalEnvironment(environment)`, when the caller has it already (saves working it out per incident). */
  environmentKey?: string;
}

const envKey = (d: CorrelationDeployment) => d.environmentKey ?? canonicalEnvironment(d.environment);
const byStart = (a: CorrelationDeployment, b: CorrelationDeployment) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id - b.id);

/** A person's decision on a deployment as the cause of this incident. */
export interface Verdict {
  deploymentId: number;
  verdict: 'confirmed' | 'rejected';
  decidedBy: string | null;
  decidedAt: string;
  note: string | null;
}

/** What correlation needs to know about an incident. Instants are ISO-8601 UTC. */
export interface CorrelationIncident {
  startedAt: string | null;
  /** Whether the start is written in the report (`stated`) or guessed from the first timed entry (`inferred`). */
  startSource: 'stated' | 'inferred' | null;
  /** Line of the entry the start comes from. */
  startLine: number | null;
  detectedAt: string | null;
  declaredAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  /** `YYYY-MM-DD` local day, for reports without times. */
  date: string | null;
  timezone: string | null;
  /** The zone's name as the report writes it (`PST`, `CET`), for the reasons' clock times. */
  declaredTimezone?: string | null;
  /** The environment the report says was affected (front matter `environment:`), or null. */
  environment: string | null;
  /** Services the report names (front matter `service:`/`services:`); deployments of other services are ignored. */
  services: readonly string[];
  timeline: ReadonlyArray<{ index: number; at: string | null; kind: string; text: string; line: number }>;
  /** Changes named in the report (`namedChanges`), action item lines left out. */
  named: readonly NamedChange[];
}

export type DeploymentRole = 'suspect' | 'recovery';

export interface CorrelatedDeployment {
  deployment: CorrelationDeployment;
  /** `suspect`, `recovery`, or null. */
  role: DeploymentRole | null;
  /** Started before the incident did (the "changes before" list). */
  before: boolean;
  /** In the affected environment (or any, when none is known). */
  affected: boolean;
  /** Timeline entries (indexes) that describe this deployment. */
  entries: number[];
  verdict: Verdict | null;
}

export interface Suspect {
  deploymentId: number;
  /** `confirmed`: a person said so; `named`: the report names it; `last-before-start`: the last deployment before it broke. */
  source: 'confirmed' | 'named' | 'last-before-start';
  /** One sentence a person can check: `last deployment to production before detection (16:11 PST)`. */
  reason: string;
  /** True when it counts as the incident's cause: confirmed by a person, or named in the report and not rejected. */
  confirmed: boolean;
}

export interface Correlation {
  window: { from: string; to: string };
  /** The environment suspects and recoveries are looked for in (canonical), and how it was chosen. */
  environment: { name: string | null; source: 'declared' | 'production' | 'only' | 'any' };
  deployments: CorrelatedDeployment[];
  suspect: Suspect | null;
  /** Why there is no suspect, when there is none. */
  noSuspect: string | null;
  recovery: { deploymentId: number; reason: string } | null;
  /** Timeline entry index → deployment id, for entries that describe a deployment in the window. */
  matches: Array<{ entry: number; deploymentId: number }>;
  /** Where the outage is taken to begin: the start, unless the guessed start is another environment's deployment. */
  effectiveStart: string | null;
  /** From the suspect's deployment or the start, whichever is earlier, to the resolution (or mitigation); null when unknown. */
  restoreSeconds: number | null;
}

/** The interval whose deployments `correlate` needs: the window before the start up to the resolution. */
export function correlationWindow(incident: CorrelationIncident, windowHours = DEFAULT_WINDOW_HOURS): { from: string; to: string } | null {
  const times = [incident.startedAt, incident.detectedAt, incident.declaredAt, incident.mitigatedAt, incident.resolvedAt]
    .concat(incident.timeline.map((entry) => entry.at))
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
  let first: number;
  let last: number;
  const milestones = [incident.startedAt, incident.detectedAt, incident.declaredAt].filter((t): t is string => t !== null).map(Date.parse);
  if (times.length > 0) {
    // The outage's first milestone; entries far before it (background) do not stretch the window.
    first = milestones.length > 0 ? Math.min(...milestones) : Math.min(...times);
    const end = incident.resolvedAt ?? incident.mitigatedAt;
    last = (end !== null ? Math.max(Date.parse(end), first) : Math.max(...times)) + RECOVERY_GRACE_MINUTES * 60_000;
  } else if (incident.date) {
    const day = DateTime.fromISO(incident.date, { zone: incident.timezone ?? 'utc' });
    if (!day.isValid) return null;
    first = day.toMillis();
    last = day.plus({ days: 1 }).toMillis();
  } else {
    return null;
  }
  return { from: iso(first - windowHours * 3_600_000), to: iso(last) };
}

/** Correlates `incident` with `deployments` (those in its window, any order) and the verdicts given on it. */
export function correlate(
  incident: CorrelationIncident,
  deployments: readonly CorrelationDeployment[],
  verdicts: readonly Verdict[],
  windowHours = DEFAULT_WINDOW_HOURS,
): Correlation | null {
  const window = correlationWindow(incident, windowHours);
  if (window === null) return null;
  const zone = { name: incident.timezone ?? 'utc', label: incident.declaredTimezone ?? null };
  const services = incident.services.map((s) => s.toLowerCase());
  const inWindow = deployments.filter(
    (d) => d.startedAt >= window.from && d.startedAt <= window.to && (services.length === 0 || d.service === null || services.includes(d.service.toLowerCase())),
  );
  if (!inWindow.every((d, i) => i === 0 || byStart(inWindow[i - 1]!, d) <= 0)) inWindow.sort(byStart);

  const environment = affectedEnvironment(incident, inWindow);
  const affected = (d: CorrelationDeployment) => environment.name === null || envKey(d) === environment.name;
  const verdictOf = new Map(verdicts.map((v) => [v.deploymentId, v]));
  const rejected = (d: CorrelationDeployment) => verdictOf.get(d.id)?.verdict === 'rejected';
  const wentOut = (d: CorrelationDeployment) => d.status !== 'queued' && d.status !== 'error';

  const matches = matchEntries(incident, inWindow);
  const matchedDeployment = new Map(matches.map((m) => [m.entry, inWindow.find((d) => d.id === m.deploymentId)!]));

  // The start the report gives, unless it was guessed from an entry that is another environment's deployment
  // (datahub: the 14:30 staging merge is the first timed entry, but production broke after the 15:30 merge).
  let start = incident.startedAt;
  const inferred = incident.startSource === 'inferred';
  let startNote: string | null = incident.startedAt ? 'the start' : null;
  let discardedStart: string | null = null;
  if (inferred && incident.startLine !== null) {
    const entry = incident.timeline.find((e) => e.line === incident.startLine && e.at === incident.startedAt);
    const deployment = entry ? matchedDeployment.get(entry.index) : undefined;
    if (deployment && !affected(deployment)) {
      discardedStart = start;
      start = null;
      startNote = null;
    }
  }
  const reference = start ?? incident.detectedAt ?? incident.declaredAt;
  const referenceNote = start ? startNote! : incident.detectedAt ? 'detection' : 'the declaration';

  let suspect: Suspect | null = null;
  let noSuspect: string | null = null;
  const confirmed = inWindow.filter((d) => verdictOf.get(d.id)?.verdict === 'confirmed');
  // (the API keeps one confirmed cause per incident; should there be several, the latest is the cause)
  if (confirmed.length > 0) {
    const chosen = confirmed[confirmed.length - 1]!;
    const verdict = verdictOf.get(chosen.id)!;
    suspect = {
      deploymentId: chosen.id,
      source: 'confirmed',
      confirmed: true,
      reason: `confirmed as the cause${verdict.decidedBy ? ` by ${verdict.decidedBy}` : ''} on ${verdict.decidedAt.slice(0, 10)}`,
    };
  } else {
    const latestAllowed = incident.detectedAt ?? reference ?? window.to;
    const named = namedSuspect(incident.named, inWindow.filter((d) => wentOut(d) && !rejected(d) && d.startedAt <= latestAllowed), affected);
    if (named) {
      suspect = {
        deploymentId: named.deployment.id,
        source: 'named',
        confirmed: true,
        reason: `named in the postmortem: ${named.change.text} (line ${named.change.line})`,
      };
    } else if (reference === null) {
      noSuspect = 'the postmortem gives no start or detection time';
    } else {
      const candidates = (until: string) => inWindow.filter((d) => affected(d) && wentOut(d) && !rejected(d) && d.startedAt <= until);
      let chosen = candidates(reference).at(-1);
      let what = referenceNote;
      let at = reference;
      let inferredNote = start !== null && inferred;
      if (!chosen && start && incident.detectedAt && incident.detectedAt > start) {
        chosen = candidates(incident.detectedAt).at(-1);
        what = 'detection';
        at = incident.detectedAt;
        inferredNote = false;
      }
      if (chosen) {
        const where = environment.name ? `to ${environment.name}` : '';
        suspect = {
          deploymentId: chosen.id,
          source: 'last-before-start',
          confirmed: false,
          reason: `last deployment ${where} at or before ${what} (${clock(at, zone)}${inferredNote ? ', as the timeline has it' : ''})`.replace(/\s+/g, ' '),
        };
      } else {
        const where = environment.name ? ` to ${environment.name}` : '';
        const anyRejected = inWindow.some((d) => rejected(d));
        noSuspect = `no deployment${where} in the ${windowHours} h before ${referenceNote}${anyRejected ? ' other than the rejected ones' : ''}`;
      }
    }
  }

  // What brought it back: a rollback (else any deployment) to the affected environment between detection and
  // the end, not the suspect itself; the one closest before the end.
  let recovery: Correlation['recovery'] = null;
  const from = incident.detectedAt ?? start ?? incident.declaredAt;
  const end = incident.resolvedAt ?? incident.mitigatedAt;
  if (from !== null && end !== null) {
    const until = iso(Date.parse(end) + RECOVERY_GRACE_MINUTES * 60_000);
    const between = inWindow.filter(
      (d) => affected(d) && wentOut(d) && d.id !== suspect?.deploymentId && d.startedAt >= from && d.startedAt <= until,
    );
    const rollbacks = between.filter((d) => d.kind === 'rollback');
    const chosen = (rollbacks.length > 0 ? rollbacks : between).at(-1);
    if (chosen) {
      const endName = incident.resolvedAt ? 'resolution' : 'mitigation';
      recovery = {
        deploymentId: chosen.id,
        reason: `${chosen.kind === 'rollback' ? 'rollback' : 'deployment'} to ${chosen.environment} between detection (${clock(from, zone)}) and ${endName} (${clock(end, zone)})`,
      };
    }
  }

  const suspectDeployment = suspect ? inWindow.find((d) => d.id === suspect.deploymentId) ?? null : null;
  // Without a start of its own (the guessed one was another environment's change), the outage begins with the
  // suspect when it went out between that guess and detection, else at detection: an older suspect (the one
  // before a rejected one) does not stretch the outage back by hours.
  const suspectAfterGuess =
    suspectDeployment !== null &&
    incident.detectedAt !== null &&
    suspectDeployment.startedAt <= incident.detectedAt &&
    (discardedStart === null || suspectDeployment.startedAt >= discardedStart);
  const effectiveStart = start ?? (suspectAfterGuess ? suspectDeployment.startedAt : incident.detectedAt);
  const restoreFrom = [effectiveStart, suspectDeployment?.startedAt ?? null].filter((t): t is string => t !== null).sort()[0] ?? null;
  const restoreSeconds = restoreFrom !== null && end !== null && end >= restoreFrom ? Math.round((Date.parse(end) - Date.parse(restoreFrom)) / 1000) : null;
  const beforeMark = effectiveStart ?? reference;

  return {
    window,
    environment,
    deployments: inWindow.map((deployment) => ({
      deployment,
      role: deployment.id === suspect?.deploymentId ? 'suspect' : deployment.id === recovery?.deploymentId ? 'recovery' : null,
      before: beforeMark !== null && deployment.startedAt <= beforeMark,
      affected: affected(deployment),
      entries: matches.filter((m) => m.deploymentId === deployment.id).map((m) => m.entry),
      verdict: verdictOf.get(deployment.id) ?? null,
    })),
    suspect,
    noSuspect,
    recovery,
    matches,
    effectiveStart,
    restoreSeconds,
  };
}

/** The environment the incident hit: declared in the report, else production when anything went there, else the only one. */
function affectedEnvironment(incident: CorrelationIncident, deployments: readonly CorrelationDeployment[]): Correlation['environment'] {
  if (incident.environment) return { name: canonicalEnvironment(incident.environment), source: 'declared' };
  const names = [...new Set(deployments.map(envKey))];
  if (names.includes('production')) return { name: 'production', source: 'production' };
  if (names.length === 1) return { name: names[0]!, source: 'only' };
  return { name: null, source: 'any' };
}

/** The latest deployment the report names (sha, PR, version) outside rollback wording; the affected environment first. */
function namedSuspect(
  named: readonly NamedChange[],
  candidates: readonly CorrelationDeployment[],
  affected: (d: CorrelationDeployment) => boolean,
): { deployment: CorrelationDeployment; change: NamedChange } | null {
  const hits: Array<{ deployment: CorrelationDeployment; change: NamedChange }> = [];
  for (const change of named) {
    if (change.rollbackTarget) continue;
    for (const deployment of candidates) {
      if (deployment.kind !== 'deploy') continue;
      if (namesDeployment(change, deployment)) hits.push({ deployment, change });
    }
  }
  if (hits.length === 0) return null;
  const inAffected = hits.filter((h) => affected(h.deployment));
  const pool = inAffected.length > 0 ? inAffected : hits;
  return pool.reduce((best, hit) => (hit.deployment.startedAt > best.deployment.startedAt ? hit : best));
}

/** Whether a named change refers to the deployment: a sha prefix (7+ digits), its PR number, or its version or ref. */
export function namesDeployment(change: NamedChange, deployment: DeploymentEvent): boolean {
  if (change.kind === 'sha') return deployment.sha !== null && (deployment.sha.startsWith(change.value) || change.value.startsWith(deployment.sha));
  if (change.kind === 'pull') return deployment.pullNumber !== null && String(deployment.pullNumber) === change.value;
  return (deployment.version !== null && versionKey(deployment.version) === change.value) || (deployment.ref !== null && versionKey(deployment.ref) === change.value);
}

/**
 * Timeline entries that describe deployments: a deploy or rollback entry and a deployment whose start (or finish:
 * `rollback done`, `revert is live`) is within the tolerance, or that the entry names by sha/PR/version; in the
 * environment the entry names when it names one (the last one named, when several: `back on staging first ... then
 * merged to production`); rollbacks with rollbacks preferred. Each entry describes at most one deployment, and
 * each deployment's start and finish are described by at most one entry each; the closest pairs are taken first,
 * a pair by name before a pair by time.
 */
function matchEntries(incident: CorrelationIncident, deployments: readonly CorrelationDeployment[]): Array<{ entry: number; deploymentId: number }> {
  const entries = incident.timeline.filter((entry) => entry.kind === 'deploy' || entry.kind === 'rollback');
  if (entries.length === 0 || deployments.length === 0) return [];
  const environments = [...new Set(deployments.map((d) => d.environment))];
  const starts = deployments.map((d) => Date.parse(d.startedAt));
  const finishes = deployments.map((d) => (d.finishedAt === null ? NaN : Date.parse(d.finishedAt)));
  const pairs: Array<{ entry: number; deploymentId: number; end: 'start' | 'finish'; score: number }> = [];
  for (const entry of entries) {
    const named = environmentsNamedIn(entry.text, environments);
    const changes = incident.named.filter((c) => c.line === entry.line);
    const at = entry.at === null ? NaN : Date.parse(entry.at);
    deployments.forEach((deployment, index) => {
      const envName = envKey(deployment);
      if (named.length > 0 && !named.includes(envName)) return;
      const byName = changes.length > 0 && changes.some((c) => namesDeployment(c, deployment));
      const penalty =
        ((entry.kind === 'rollback') !== (deployment.kind === 'rollback') ? KIND_MISMATCH : 0) +
        (named.length > 1 && envName !== named.at(-1) ? NOT_LAST_NAMED : 0);
      for (const [end, time] of [['start', starts[index]!], ['finish', finishes[index]!]] as const) {
        const distance = Number.isNaN(at) || Number.isNaN(time) ? Infinity : Math.abs(at - time) / 60_000;
        if (!byName && distance > MATCH_TOLERANCE_MINUTES) continue;
        // Named by sha/PR/version: before any pair by time alone, the closest in time first.
        const score = byName ? -1_000 + Math.min(distance, 100_000) / 1_000 : distance + penalty;
        pairs.push({ entry: entry.index, deploymentId: deployment.id, end, score });
      }
    });
  }
  pairs.sort((a, b) => a.score - b.score || a.entry - b.entry || (a.end === 'start' ? -1 : 1));
  const usedEntries = new Set<number>();
  const usedEnds = new Set<string>();
  const result: Array<{ entry: number; deploymentId: number }> = [];
  for (const pair of pairs) {
    const endKey = `${pair.deploymentId}:${pair.end}`;
    if (usedEntries.has(pair.entry) || usedEnds.has(endKey)) continue;
    usedEntries.add(pair.entry);
    usedEnds.add(endKey);
    result.push({ entry: pair.entry, deploymentId: pair.deploymentId });
  }
  return result.sort((a, b) => a.entry - b.entry);
}

/** Minutes added to a pair whose kinds differ (a rollback entry and a deploy). */
const KIND_MISMATCH = 5;
/** Minutes added to a pair in an environment the entry names, but not the last one it names. */
const NOT_LAST_NAMED = 10;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `16:11 PST`: the instant on the incident's clock, named as the report names its zone when it does. */
function clock(at: string, zone: { name: string; label: string | null }): string {
  const time = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone.name);
  if (!time.isValid) return at;
  return `${time.toFormat('HH:mm')} ${zone.label ?? time.toFormat('ZZZZ')}`;
}
