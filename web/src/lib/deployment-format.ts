/**
 * Words and small facts about deployment events for the deployment view: the order of environments, what failed,
 * a short sha, a one-line name of what went out, and DORA's numbers as text.
 *
 * Pure and locale-independent, like `format.ts`; nothing here throws on odd input.
 */
import type { Deployment, DeliveryStats } from './api-types.ts';
import { MISSING } from './format.ts';

/** Environments that come first, in this order; any other follows alphabetically. */
const FIRST = ['production', 'staging'];

/** Sort order of environment names: `production`, `staging`, then the rest alphabetically (case-insensitive). */
export function compareEnvironments(a: string, b: string): number {
  const rank = (name: string) => {
    const index = FIRST.indexOf(name.toLowerCase());
    return index === -1 ? FIRST.length : index;
  };
  return rank(a) - rank(b) || a.toLowerCase().localeCompare(b.toLowerCase(), 'en') || a.localeCompare(b, 'en');
}

/** A deployment whose status says it did not go out (`failure`, `error`). */
export function isFailed(deployment: Pick<Deployment, 'status'>): boolean {
  return deployment.status === 'failure' || deployment.status === 'error';
}

/** The first 7 characters of a sha (`''` for none). */
export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 7) : '';
}

/**
 * What went out, in a few words: the service and the version, else the ref, else the short sha
 * (`datahub v0.6.0-beta.1`, `checkout main`); `'—'` when nothing is known.
 */
export function deploymentName(deployment: Pick<Deployment, 'service' | 'version' | 'ref' | 'sha'>): string {
  const what = deployment.version ?? deployment.ref ?? (deployment.sha ? shortSha(deployment.sha) : null);
  const parts = [deployment.service, what].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? MISSING : parts.join(' ');
}

/** A count with its noun, singular for 1: `1 deploy`, `3 rollbacks`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** DORA's deployment frequency bands as people read them. */
const BANDS: Record<NonNullable<DeliveryStats['frequency']['level']>, string> = {
  'on-demand': 'On demand (daily or more)',
  'daily-to-weekly': 'Daily to weekly',
  'weekly-to-monthly': 'Weekly to monthly',
  'less-than-monthly': 'Less than monthly',
};

/** The label of a DORA frequency band; null (no deployments) gives `'—'`. */
export function frequencyBand(level: DeliveryStats['frequency']['level']): string {
  return level === null ? MISSING : (BANDS[level] ?? level);
}

/**
 * A rate per week with the precision it deserves: whole numbers from 10 (`14`), one decimal from 1 (`3.5`), two
 * significant digits below (`0.05`, `0.33`); `0` stays `0`; null and non-finite give `'—'`.
 */
export function formatRate(value: number | null): string {
  if (value === null || typeof value !== 'number' || !Number.isFinite(value) || value < 0) return MISSING;
  if (value === 0) return '0';
  if (value >= 10) return String(Math.round(value));
  if (value >= 1) return String(Math.round(value * 10) / 10);
  return String(Number(value.toPrecision(2)));
}

/** `1 suspect not yet confirmed`, `2 suspects not yet confirmed`; empty for none. */
export function unconfirmedText(count: number): string {
  return count > 0 ? `${plural(count, 'suspect')} not yet confirmed` : '';
}
