/**
 * `postmortems/safeguards.yml`: safeguards declared as code next to the postmortems.
 *
 * ```yaml
 * safeguards:
 *   - id: datahub-prod-requires-staging-hub
 *     kind: status-check
 *     repo: example-org/datahub
 *     branch: prod
 *     check: staging-hub-online
 *     description: Merges to prod wait for the staging hub's health check.
 *     implements:
 *       - incident: 2018-01-25-datahub-accidental-prod-merge
 *         item: Block merges to production when the staging hub is not online
 * ```
 *
 * Each entry is checked like a safeguard created through the API (`checkDeclaration`); a bad entry is reported
 * at its line (the line of the field at fault when there is one) and skipped, the good ones are kept. Item
 * references are only read here; `store.ts` matches them against the incidents' action items. Pure apart from
 * `readSafeguardsFile`, which reads the file; never throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { checkDeclaration, type SafeguardDeclaration } from './declaration.ts';

/** An `implements:` entry: the incident's slug and words of one of its action items. */
export interface ItemReference {
  incident: string;
  item: string;
  line: number;
}

/** A good entry of the file. */
export interface FileSafeguard {
  declaration: SafeguardDeclaration;
  implements: ItemReference[];
  /** The line where the entry starts. */
  line: number;
}

/** A problem at a line of the file (line 0: the file as a whole). */
export interface FileProblem {
  file: string;
  line: number;
  message: string;
}

/** A read safeguards file: its good entries, every id in it, and its problems. */
export interface SafeguardsFileResult {
  /** The good entries, in file order. */
  safeguards: FileSafeguard[];
  /** Every id written in the file, good entries or bad: a safeguard whose entry is broken is not gone. */
  ids: string[];
  problems: FileProblem[];
  /**
   * False when the file could not be read as a whole (missing, not YAML, not a `safeguards:` list): then nothing
   * should be concluded about safeguards missing from it.
   */
  complete: boolean;
}

/** `postmortems/safeguards.yml:12: check: missing`; without `:line` for the file as a whole. */
export function formatFileProblem(problem: FileProblem): string {
  return `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** Reads and checks the file at `path`; `shownAs` names it in messages (default: `path`). Never throws. */
export function readSafeguardsFile(path: string, shownAs = path): SafeguardsFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String(error);
    return { safeguards: [], ids: [], problems: [{ file: shownAs, line: 0, message: `cannot read the file: ${why}` }], complete: false };
  }
  return parseSafeguardsFile(text, shownAs);
}

/** Checks the text of a safeguards file named `file` (for messages). Never throws. */
export function parseSafeguardsFile(text: string, file: string): SafeguardsFileResult {
  const result: SafeguardsFileResult = { safeguards: [], ids: [], problems: [], complete: true };
  const lines = new LineCounter();
  const document = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const fail = (line: number, message: string) => result.problems.push({ file, line, message });

  if (document.errors.length > 0) {
    for (const error of document.errors) fail(lines.linePos(error.pos[0]).line, error.message.split('\n')[0]!);
    result.complete = false;
    return result;
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return result; // an empty file declares none
  if (!isMap(root)) {
    fail(lineOf(root), 'expected `safeguards:` with a list of safeguards');
    result.complete = false;
    return result;
  }
  for (const pair of root.items) {
    const name = keyName(pair);
    if (name !== 'safeguards') fail(lineOf(pair.key as Node), `unknown key ${JSON.stringify(name)} (the file has one key: safeguards)`);
  }
  const list = root.get('safeguards', true) as Node | undefined;
  // No `safeguards:` key but others (a typo such as `safegards:`): the file is not read, nothing is archived.
  if (list === undefined && root.items.length > 0) {
    result.complete = false;
    return result;
  }
  if (list === undefined || (isScalar(list) && list.value === null)) return result;
  if (!isSeq(list)) {
    fail(lineOf(list), 'safeguards: expected a list (each entry starting with "- id: ...")');
    result.complete = false;
    return result;
  }

  const firstLine = new Map<string, number>();
  for (const entry of list.items) {
    const line = lineOf(entry as Node);
    if (!isMap(entry)) {
      fail(line, 'expected a safeguard (id:, kind: ... on their own lines)');
      continue;
    }
    const fieldLine = (field: string) => {
      const pair = entry.items.find((p) => keyName(p) === field);
      return pair ? lineOf(pair.key as Node) : line;
    };
    const input = plainFields(entry);
    const id = typeof input.id === 'string' || typeof input.id === 'number' ? String(input.id).trim() : null;
    if (id) {
      const earlier = firstLine.get(id);
      if (earlier !== undefined) {
        fail(fieldLine('id'), `id ${JSON.stringify(id)} is already used on line ${earlier} (ids are unique; this entry is skipped)`);
        continue;
      }
      firstLine.set(id, line);
      result.ids.push(id);
    }
    const checked = checkDeclaration(input);
    const references = readReferences(entry, lineOf, fail);
    if ('problems' in checked) {
      const label = id ? `safeguard ${JSON.stringify(id)}: ` : '';
      const located = checked.problems.map((p) => ({ line: fieldLine(p.field), message: `${label}${p.field}: ${p.message}` }));
      for (const p of located.sort((a, b) => a.line - b.line)) fail(p.line, p.message);
      continue;
    }
    if (references === null) continue;
    result.safeguards.push({ declaration: checked.declaration, implements: references, line });
  }
  return result;
}

/** The entry's fields as plain values (`implements` left out: it is read with its lines). */
function plainFields(entry: YAMLMap): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const pair of entry.items) {
    const name = keyName(pair);
    if (name === null || name === 'implements') continue;
    fields[name] = isScalar(pair.value) ? pair.value.value : (pair.value as Node | null)?.toJSON() ?? null;
  }
  return fields;
}

/** The `implements:` list with each entry's line; null (after reporting why) when it is not a good one. */
function readReferences(
  entry: YAMLMap,
  lineOf: (node: Node | null | undefined) => number,
  fail: (line: number, message: string) => void,
): ItemReference[] | null {
  const node = entry.get('implements', true) as Node | undefined;
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    fail(lineOf(node), 'implements: expected a list of {incident: <slug>, item: <words of the action item>}');
    return null;
  }
  const references: ItemReference[] = [];
  let good = true;
  for (const item of node.items) {
    const line = lineOf(item as Node);
    if (!isMap(item)) {
      fail(line, 'implements: expected {incident: <slug>, item: <words of the action item>}');
      good = false;
      continue;
    }
    const fields = plainFields(item);
    const unknown = Object.keys(fields).filter((name) => name !== 'incident' && name !== 'item');
    if (unknown.length > 0) fail(line, `implements: unknown field ${unknown.map((name) => JSON.stringify(name)).join(', ')} (use incident and item)`);
    const incident = typeof fields.incident === 'string' ? fields.incident.trim() : '';
    const words = typeof fields.item === 'string' || typeof fields.item === 'number' ? String(fields.item).trim() : '';
    if (incident === '') fail(line, 'implements: incident: missing (the incident\'s slug, e.g. 2018-01-25-datahub-accidental-prod-merge)');
    if (words === '') fail(line, 'implements: item: missing (the action item\'s text, or enough of it to tell it apart)');
    if (unknown.length > 0 || incident === '' || words === '') {
      good = false;
      continue;
    }
    references.push({ incident, item: words, line });
  }
  return good ? references : null;
}

function keyName(pair: Pair): string | null {
  return isScalar(pair.key) ? String(pair.key.value) : null;
}

/** The file name looked for in the postmortems folder when `HINDSIGHT_SAFEGUARDS` is not set. */
export const DEFAULT_SAFEGUARDS_FILE = 'safeguards.yml';

/**
 * The safeguards file to read: `configured` (`HINDSIGHT_SAFEGUARDS`) when set, else `safeguards.yml` in the
 * postmortems folder when it exists there, else null (no file: nothing declared as code). Relative to `cwd`.
 */
export function locateSafeguardsFile(configured: string | null, postmortems: string, cwd: string): string | null {
  if (configured) return resolve(cwd, configured);
  const candidate = resolve(cwd, postmortems, DEFAULT_SAFEGUARDS_FILE);
  return existsSync(candidate) ? candidate : null;
}
