/** The hand-made expected extractions in `<corpus>/_labels/` (rules in `_labels/LABELING.md`). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type MilestoneName = 'started' | 'detected' | 'declared' | 'mitigated' | 'resolved';

/** The milestone keys, in life-cycle order. */
export const MILESTONE_NAMES: readonly MilestoneName[] = ['started', 'detected', 'declared', 'mitigated', 'resolved'];

export interface LabelTimelineEntry {
  date: string | null;
  time: string | null;
  approx: boolean;
  ambiguous: boolean;
  text_start: string;
}

export interface LabelActionItem {
  text_start: string;
  group: string | null;
  done: boolean | null;
  /** `owner/repo#N`, or `?#N` for a bare reference. */
  github_refs: string[];
}

export interface Label {
  /** Corpus-relative path of the labelled file. */
  file: string;
  title: string | null;
  incident_date: string | null;
  declared_timezone: string | null;
  /** `±HH:MM`, or null when the report declares no zone. */
  utc_offset: string | null;
  timeline: LabelTimelineEntry[];
  /** `YYYY-MM-DD HH:MM` local, or null. */
  milestones: Record<MilestoneName, string | null>;
  action_items: LabelActionItem[];
  notes: string;
}

/** A label file that is not valid JSON or breaks the label format; the message names the file and field. */
export class LabelError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'LabelError';
  }
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: Json, where: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new LabelError(where, `expected a string or null, got ${JSON.stringify(value)}`);
  return value;
}

function boolOrNull(value: Json, where: string): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') throw new LabelError(where, `expected a boolean or null, got ${JSON.stringify(value)}`);
  return value;
}

function list(value: Json, where: string): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new LabelError(where, 'expected an array');
  return value;
}

function pattern(value: string | null, re: RegExp, where: string): string | null {
  if (value !== null && !re.test(value)) throw new LabelError(where, `${JSON.stringify(value)} does not match ${re}`);
  return value;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;
const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const REF = /^(?:[\w.-]+\/[\w.-]+|\?)#\d+$/;

/**
 * Checks one label's JSON and returns it typed. `where` names it in errors (default `label`).
 * Missing optional parts become null or `[]`; a wrong type or format throws a `LabelError`.
 */
export function parseLabel(json: Json, where = 'label'): Label {
  if (!isRecord(json)) throw new LabelError(where, 'expected an object');
  const file = stringOrNull(json.file, `${where}.file`);
  if (file === null) throw new LabelError(where, 'missing "file"');
  const milestonesJson = isRecord(json.milestones) ? json.milestones : {};
  const milestones = Object.fromEntries(
    MILESTONE_NAMES.map((name) => [
      name,
      pattern(stringOrNull(milestonesJson[name], `${where}.milestones.${name}`), STAMP, `${where}.milestones.${name}`),
    ]),
  ) as Record<MilestoneName, string | null>;
  return {
    file,
    title: stringOrNull(json.title, `${where}.title`),
    incident_date: pattern(stringOrNull(json.incident_date, `${where}.incident_date`), DATE, `${where}.incident_date`),
    declared_timezone: stringOrNull(json.declared_timezone, `${where}.declared_timezone`),
    utc_offset: pattern(stringOrNull(json.utc_offset, `${where}.utc_offset`), OFFSET, `${where}.utc_offset`),
    timeline: list(json.timeline, `${where}.timeline`).map((entry, i) => {
      const at = `${where}.timeline[${i}]`;
      if (!isRecord(entry)) throw new LabelError(at, 'expected an object');
      return {
        date: pattern(stringOrNull(entry.date, `${at}.date`), DATE, `${at}.date`),
        time: pattern(stringOrNull(entry.time, `${at}.time`), TIME, `${at}.time`),
        approx: boolOrNull(entry.approx, `${at}.approx`) ?? false,
        ambiguous: boolOrNull(entry.ambiguous, `${at}.ambiguous`) ?? false,
        text_start: stringOrNull(entry.text_start, `${at}.text_start`) ?? '',
      };
    }),
    milestones,
    action_items: list(json.action_items, `${where}.action_items`).map((item, i) => {
      const at = `${where}.action_items[${i}]`;
      if (!isRecord(item)) throw new LabelError(at, 'expected an object');
      return {
        text_start: stringOrNull(item.text_start, `${at}.text_start`) ?? '',
        group: stringOrNull(item.group, `${at}.group`),
        done: boolOrNull(item.done, `${at}.done`),
        github_refs: list(item.github_refs, `${at}.github_refs`).map((ref, j) => {
          const s = stringOrNull(ref, `${at}.github_refs[${j}]`);
          if (s === null || !REF.test(s)) throw new LabelError(`${at}.github_refs[${j}]`, `bad reference ${JSON.stringify(ref)}`);
          return s;
        }),
      };
    }),
    notes: stringOrNull(json.notes, `${where}.notes`) ?? '',
  };
}

/**
 * Reads every `<corpus>/_labels/<source>/<name>.json`, keyed by the labelled file's corpus-relative
 * path (`<source>/<name>`, the JSON name without `.json`). A label whose `file` field disagrees with
 * its own path throws. No `_labels/` folder → an empty map.
 */
export function loadLabels(corpusDir: string): Map<string, Label> {
  const labels = new Map<string, Label>();
  const root = join(corpusDir, '_labels');
  if (!existsSync(root)) return labels;
  for (const source of readdirSync(root, { withFileTypes: true })) {
    if (!source.isDirectory() || source.name.startsWith('.')) continue;
    for (const entry of readdirSync(join(root, source.name), { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const key = `${source.name}/${entry.name.slice(0, -'.json'.length)}`;
      const where = `_labels/${key}.json`;
      let json: Json;
      try {
        json = JSON.parse(readFileSync(join(root, source.name, entry.name), 'utf8'));
      } catch (error) {
        throw new LabelError(where, `invalid JSON (${(error as Error).message})`);
      }
      const label = parseLabel(json, where);
      if (label.file !== key) throw new LabelError(where, `"file" is ${JSON.stringify(label.file)}, expected ${JSON.stringify(key)}`);
      labels.set(key, label);
    }
  }
  return labels;
}
