/**
 * Scoring one parse against its label, and summing scores: pure arithmetic, no file system.
 * Timeline entries and GitHub references are matched as multisets; precision, recall and F1 are
 * computed from summed counts (micro averages).
 */
import { DateTime } from 'luxon';
import type { ActionItem, ParsedPostmortem, TimezoneSource } from '../../server/domain/postmortem.ts';
import { MILESTONE_NAMES, type Label } from './labels.ts';

/** Matched, predicted and expected counts of one comparison. */
export interface Counts {
  tp: number;
  predicted: number;
  expected: number;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/** `hits` out of `total`; `rate` is null when `total` is 0. */
export interface Ratio {
  hits: number;
  total: number;
  rate: number | null;
}

/** A ratio with its rate; `rate` is null when `total` is 0. */
export function ratio(hits: number, total: number): Ratio {
  return { hits, total, rate: total === 0 ? null : hits / total };
}

/**
 * Precision, recall and F1 from counts. An empty side counts as perfect on its own axis
 * (nothing predicted → precision 1; nothing expected → recall 1); F1 = 2·tp / (predicted + expected),
 * and 1 when both are empty.
 */
export function prf({ tp, predicted, expected }: Counts): PRF {
  return {
    precision: predicted === 0 ? 1 : tp / predicted,
    recall: expected === 0 ? 1 : tp / expected,
    f1: predicted + expected === 0 ? 1 : (2 * tp) / (predicted + expected),
  };
}

export interface MultisetMatch {
  /** How many predicted items found an equal expected item (each used once). */
  matched: number;
  /** Expected items with no prediction, in their original order. */
  missing: string[];
  /** Predicted items with no expectation, in their original order. */
  extra: string[];
}

/** Matches two lists as multisets of strings: each expected item can be matched by one predicted item. */
export function matchMultiset(predicted: readonly string[], expected: readonly string[]): MultisetMatch {
  const available = new Map<string, number>();
  for (const key of expected) available.set(key, (available.get(key) ?? 0) + 1);
  const extra: string[] = [];
  let matched = 0;
  for (const key of predicted) {
    const left = available.get(key) ?? 0;
    if (left > 0) {
      available.set(key, left - 1);
      matched += 1;
    } else extra.push(key);
  }
  const missing: string[] = [];
  for (const key of [...expected].reverse()) {
    const left = available.get(key) ?? 0;
    if (left > 0) {
      available.set(key, left - 1);
      missing.push(key);
    }
  }
  return { matched, missing: missing.reverse(), extra };
}

/** The `(date, time)` key of a timeline entry: `2018-01-25 14:30`; an absent part is written `null`. */
export function timelineKey(entry: { date: string | null; time: string | null }): string {
  return `${entry.date ?? 'null'} ${entry.time ?? 'null'}`;
}

/**
 * The GitHub issue and pull-request references of action items, as `owner/repo#N`, or `?#N` when the
 * link has no repository. Links of other kinds, or without a number, are ignored.
 */
export function predictedRefs(items: readonly ActionItem[]): string[] {
  return items.flatMap((item) =>
    item.links
      .filter((link) => (link.kind === 'issue' || link.kind === 'pull') && link.number !== null)
      .map((link) => `${link.repo ?? '?'}#${link.number}`),
  );
}

/**
 * Matches predicted references to labelled ones. `owner/repo#N` must match exactly; a labelled bare
 * `?#N` then matches any leftover prediction numbered N whose repository is unknown (`?`) or
 * `defaultRepo` (default: none).
 */
export function matchRefs(predicted: readonly string[], expected: readonly string[], defaultRepo: string | null = null): MultisetMatch {
  const exactExpected = expected.filter((ref) => !ref.startsWith('?#'));
  const exact = matchMultiset(predicted, exactExpected);
  const leftover = [...exact.extra];
  const missing = [...exact.missing];
  let matched = exact.matched;
  for (const ref of expected.filter((r) => r.startsWith('?#'))) {
    const number = ref.slice(2);
    const at = leftover.findIndex((p) => {
      const hash = p.lastIndexOf('#');
      const repo = p.slice(0, hash);
      return p.slice(hash + 1) === number && (repo === '?' || (defaultRepo !== null && repo === defaultRepo));
    });
    if (at === -1) missing.push(ref);
    else {
      leftover.splice(at, 1);
      matched += 1;
    }
  }
  return { matched, missing, extra: leftover };
}

/** Lower-cased, white space collapsed and trimmed, trailing punctuation removed; null stays null. */
export function normaliseTitle(title: string | null): string | null {
  if (title === null) return null;
  return title.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s.,;:!?…。]+$/u, '');
}

/** A group name compared as written, with white space collapsed and a trailing colon removed. */
function normaliseGroup(group: string | null): string | null {
  if (group === null) return null;
  return group.replace(/\s+/g, ' ').trim().replace(/\s*:$/, '');
}

/**
 * The UTC offset (`±HH:MM`) that `zone` (IANA name, `UTC`, or a fixed `±HH:MM`) has on `date`
 * (`YYYY-MM-DD`, at local midnight), or null for a zone luxon cannot read.
 */
export function offsetOn(zone: string, date: string): string | null {
  const spec = /^[+-]\d{1,2}(?::?\d{2})?$/.test(zone) ? `UTC${zone}` : zone;
  const at = DateTime.fromISO(date, { zone: spec });
  return at.isValid ? at.toFormat('ZZ') : null;
}

/** Zone sources that mean "the report says so" (the caller's option and the assumed default do not). */
const CLAIMED: ReadonlySet<TimezoneSource> = new Set<TimezoneSource>(['declared', 'inline', 'frontmatter']);

export interface FileScore {
  file: string;
  timeline: Counts & PRF & { missing: string[]; extra: string[] };
  items: { predicted: number; expected: number; exact: boolean };
  refs: Counts & { missing: string[]; extra: string[] };
  /** Positional `done` agreement, only when the item counts match. */
  done: Ratio;
  /** Positional `group` agreement, only when the item counts match. */
  group: Ratio;
  date: { expected: string | null; got: string | null; ok: boolean };
  title: { expected: string | null; got: string | null; ok: boolean };
  /**
   * Counted when the label declares a zone, or when it declares none but the parse claims one.
   * `got` is the parsed zone's offset on the incident date (null when no claimed zone).
   */
  timezone: { counted: boolean; ok: boolean; expected: string | null; got: string | null };
  /** Stated milestones the label gives vs parsed `stated` milestones; `spurious`: stated where the label has none. */
  milestones: Ratio & { spurious: number; wrong: string[] };
}

/**
 * Scores one parse against its label. `defaultRepo` (default: none) is the repository a labelled bare
 * `?#N` may also resolve to.
 */
export function scoreFile(label: Label, parsed: ParsedPostmortem, defaultRepo: string | null = null): FileScore {
  const timeline = matchMultiset(parsed.timeline.map(timelineKey), label.timeline.map(timelineKey));
  const timelineCounts = { tp: timeline.matched, predicted: parsed.timeline.length, expected: label.timeline.length };

  const expectedRefs = label.action_items.flatMap((item) => item.github_refs);
  const gotRefs = predictedRefs(parsed.actionItems);
  const refs = matchRefs(gotRefs, expectedRefs, defaultRepo);

  const exact = parsed.actionItems.length === label.action_items.length;
  let doneHits = 0;
  let groupHits = 0;
  if (exact) {
    label.action_items.forEach((want, i) => {
      const got = parsed.actionItems[i];
      if (got === undefined) return;
      if (got.done === want.done) doneHits += 1;
      if (normaliseGroup(got.group) === normaliseGroup(want.group)) groupHits += 1;
    });
  }
  const itemTotal = exact ? label.action_items.length : 0;

  const claimed = parsed.timezone !== null && parsed.timezoneSource !== null && CLAIMED.has(parsed.timezoneSource);
  const onDate = label.incident_date ?? parsed.date ?? label.timeline.find((e) => e.date !== null)?.date ?? '2000-01-01';
  const gotOffset = claimed && parsed.timezone !== null ? offsetOn(parsed.timezone, onDate) : null;
  const tzCounted = label.utc_offset !== null || claimed;

  let stated = 0;
  let statedHits = 0;
  let spurious = 0;
  const wrong: string[] = [];
  for (const name of MILESTONE_NAMES) {
    const want = label.milestones[name];
    const got = parsed.milestones[name];
    const gotStamp = got !== null && got.source === 'stated' ? `${got.date ?? 'null'} ${got.time ?? 'null'}` : null;
    if (want === null) {
      if (gotStamp !== null) spurious += 1;
      continue;
    }
    stated += 1;
    if (gotStamp === want) statedHits += 1;
    else wrong.push(`${name}: want ${want}, got ${gotStamp ?? 'none'}`);
  }

  return {
    file: label.file,
    timeline: { ...timelineCounts, ...prf(timelineCounts), missing: timeline.missing, extra: timeline.extra },
    items: { predicted: parsed.actionItems.length, expected: label.action_items.length, exact },
    refs: { tp: refs.matched, predicted: gotRefs.length, expected: expectedRefs.length, missing: refs.missing, extra: refs.extra },
    done: ratio(doneHits, itemTotal),
    group: ratio(groupHits, itemTotal),
    date: { expected: label.incident_date, got: parsed.date, ok: label.incident_date === parsed.date },
    title: { expected: label.title, got: parsed.title, ok: normaliseTitle(label.title) === normaliseTitle(parsed.title) },
    timezone: {
      counted: tzCounted,
      ok: tzCounted && label.utc_offset !== null && gotOffset === label.utc_offset,
      expected: label.utc_offset,
      got: gotOffset,
    },
    milestones: { ...ratio(statedHits, stated), spurious, wrong },
  };
}

/** The summed scores of a set of labelled files. */
export interface ScoreTotals {
  labelled: number;
  timeline: Counts & PRF;
  /** Labelled files whose action-item count is exact. */
  itemsExact: Ratio;
  refs: Counts & PRF;
  done: Ratio;
  group: Ratio;
  dates: Ratio;
  titles: Ratio;
  timezones: Ratio;
  milestones: Ratio & { spurious: number };
}

/** Sums file scores (micro averages: counts add up, rates are computed from the sums). */
export function sumScores(scores: readonly FileScore[]): ScoreTotals {
  const add = (pick: (s: FileScore) => number): number => scores.reduce((sum, s) => sum + pick(s), 0);
  const count = (pick: (s: FileScore) => boolean): number => scores.filter(pick).length;
  const timeline = { tp: add((s) => s.timeline.tp), predicted: add((s) => s.timeline.predicted), expected: add((s) => s.timeline.expected) };
  const refs = { tp: add((s) => s.refs.tp), predicted: add((s) => s.refs.predicted), expected: add((s) => s.refs.expected) };
  return {
    labelled: scores.length,
    timeline: { ...timeline, ...prf(timeline) },
    itemsExact: ratio(count((s) => s.items.exact), scores.length),
    refs: { ...refs, ...prf(refs) },
    done: ratio(add((s) => s.done.hits), add((s) => s.done.total)),
    group: ratio(add((s) => s.group.hits), add((s) => s.group.total)),
    dates: ratio(count((s) => s.date.ok), scores.length),
    titles: ratio(count((s) => s.title.ok), scores.length),
    timezones: ratio(count((s) => s.timezone.ok), count((s) => s.timezone.counted)),
    milestones: { ...ratio(add((s) => s.milestones.hits), add((s) => s.milestones.total)), spurious: add((s) => s.milestones.spurious) },
  };
}
