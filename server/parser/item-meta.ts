/**
 * Metadata written inside an action item's text: status markers, owner, due date. Pure; never throws.
 */
import { findDate, formatDate } from './datetime.ts';

export interface ItemMeta {
  /** True for `(done)`, `DONE:`, `✅`, a wholly struck-through item, `already been done`; false for
   * `(not done)`, `(todo)`, `(in progress)`, `TODO:`; null when nothing is written. */
  done: boolean | null;
  /** The person named: `Owner: Alice Smith`, `(owner: Carol)`, `(owner: @ops, due …)`, `(Carol, due …)`, `Assignee: …`,
   * `[Alice]` at the start, or the first `@handle` (without the `@`). Null when none; emails, URLs and `@here`-style mentions never count. */
  owner: string | null;
  /** `YYYY-MM-DD` from `due …`, `(by …)`, `deadline: …`, else null. */
  due: string | null;
  /** The item text without the metadata recognised at its start or end or in its own parentheses, white space collapsed. */
  text: string;
}

export interface ItemMetaOptions {
  /** Year given to due dates written without one (`due May 1`). Default: none, so such a date gives `due: null`. */
  year?: number | null;
}

/** A date at the very start of `text` (`2024-05-01`, `May 1, 2024`, `1 May 2024`), year from `year` when missing. */
function readDate(text: string, year: number | null): { date: string | null; length: number } | null {
  const found = findDate(text.slice(0, 40));
  if (found === null || found.index !== 0) return null;
  return { date: formatDate({ ...found.date, year: found.date.year ?? year }), length: found.length };
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
const SEPARATORS = /^[\s,;:|–—-]+|[\s,;:|–—-]+$/g;

const DONE_PARENS = /\(\s*(?:done|completed?|fixed|finished|implemented|resolved)\s*[.!]*\s*\)/i;
const NOT_DONE_PARENS = /\(\s*(?:not (?:yet )?(?:done|started|completed?)|todo|to ?do|in[ -]progress|wip|ongoing|pending|open)\s*[.!]*\s*\)/i;
const DONE_PREFIX = /^(?:\[\s*done\s*\]|done\s*[:\-–—]|✅|✔️?|☑️?)\s*/i;
const NOT_DONE_PREFIX = /^(?:\[\s*(?:todo|wip)\s*\]|(?:todo|wip|not done)\s*[:\-–—])\s*/i;
const DONE_MARKS = /\s*(?:✅|✔️?|☑️?)\s*/g;
const everywhere = (pattern: RegExp): RegExp => new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
const ALREADY_DONE = /\balready (?:been )?(?:done|completed)\b/i;
const CHECKBOX = /^\[([ xX])\]\s+/;
const STRUCK = /^~~(?!~)([\s\S]*[^~])~~$/;

const OWNER_KEY = '(?:owners?|assignees?|assigned to|responsible|dri)';
const OWNER_PARENS = new RegExp(`\\(\\s*${OWNER_KEY}\\b\\s*[:=\\-–—]?\\s*([^()]*?)\\s*\\)`, 'i');
const OWNER_LEADING = new RegExp(`^${OWNER_KEY}\\s*[:=]\\s*([^,;|()]+?)\\s*(?:[,;|–—]|\\s-\\s)\\s*(?=\\S)`, 'i');
const OWNER_TRAILING = new RegExp(`(?:^|[\\s,;|–—(-])${OWNER_KEY}\\s*[:=]\\s*([^,;|()]+?)[.]?\\s*$`, 'i');
const OWNER_ANYWHERE = new RegExp(`\\b${OWNER_KEY}\\s*[:=]\\s*([^,;|()]+)`, 'i');
const HANDLE = /(?<![\w.@/:+-])@([A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9]))*(?:\/[A-Za-z0-9_.-]+)?)(?![\w@])/g;
const HANDLE_ONLY_PARENS = /\(\s*@[A-Za-z0-9][\w.-]*\s*\)/;
const NOT_PEOPLE = new Set(['here', 'channel', 'everyone', 'all', 'room']);
const NAME_TAG = /^\[(@?[\p{Lu}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'.-]*){0,2})\]\s*/u;
const NOT_NAMES = new Set([
  'done', 'todo', 'wip', 'bug', 'fix', 'feature', 'process', 'monitoring', 'alerting', 'documentation', 'docs',
  'technical', 'infra', 'infrastructure', 'cleanup', 'security', 'testing', 'tooling', 'optional', 'urgent', 'blocker',
]);
const DUE_WORD = '(?:[Dd]ue|[Bb]y|[Dd]eadline|[Tt]arget)\\b';
/** `(Carol, due …` / `(@bob; by …`: a capitalised name or a handle before a due phrase in the same parentheses. */
const NAME_BEFORE_DUE = new RegExp(`\\(\\s*(@[A-Za-z0-9][\\w./-]*|\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*)?)\\s*[,;|]\\s*(?=${DUE_WORD})`, 'u');
/** `(owner: @ops, due …` / `(owner: Jane Doe; by …`: a keyed owner of any form before a due phrase. Kept apart from
 * NAME_BEFORE_DUE because the `i` flag would let `\p{Lu}` match lower case too. */
const OWNER_KEY_BEFORE_DUE = new RegExp(`\\(\\s*${OWNER_KEY}\\b([^(),;|]*)[,;|]\\s*(?=${DUE_WORD})`, 'i');
const KEY_PUNCTUATION = /^\s*[:=\-–—]?/;
/** `, owner: @ops)` / `; @ops)` right after a due phrase that opens its parentheses. */
const OWNER_AFTER_DUE = new RegExp(`^\\s*[,;|]\\s*(?=(?:${OWNER_KEY}|@)[^()]*\\))`, 'i');
const NO_OWNER = /^(?:tbd|tbc|none|n\/a|unassigned|unknown|nobody|\?+)$/i;

const DUE_KEY = /(?:^|(?<=[\s,;(|–—-]))(?:due(?:\s+(?:date|by|on))?|deadline|target(?:\s+date)?|by)\s*[:=]?\s*/gi;

/** An owner value as written (`@bob`, `Alice Smith.`) made into a name, or null when it names nobody. */
function cleanOwner(value: string): string | null {
  // `@dvolkov example-org/datahub#20`: a handle is the whole owner; what follows it (a reference, a URL) is not.
  const handle = /^\s*@([A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9]))*(?:\/[A-Za-z0-9_.-]+)?)(?=$|[\s,.;:!)])/.exec(value);
  if (handle) return NOT_PEOPLE.has(handle[1]!.toLowerCase()) ? null : handle[1]!;
  const name = collapse(value.split(/\s+(?:due|by|deadline)\b|\s[-–—]\s|\.\s|\s+(?:https?:\/\/|[\w.-]+\/[\w.-]+#\d|#\d)/i)[0] ?? '')
    .replace(/^@/, '')
    .replace(/[.:!,;|]+$/, '');
  if (name === '' || name.length > 60 || NO_OWNER.test(name) || !/\p{L}/u.test(name)) return null;
  if (name.split(' ').length > 5) return null;
  return name;
}

interface Due {
  date: string | null;
  start: number;
  end: number;
}

/** The first `due …` / `by …` / `deadline: …` phrase followed by a date, with its span in `text`. */
function findDue(text: string, year: number | null): Due | null {
  for (const match of text.matchAll(DUE_KEY)) {
    const after = match.index + match[0].length;
    const read = readDate(text.slice(after), year);
    if (read !== null) return { date: read.date, start: match.index, end: after + read.length };
  }
  return null;
}

/**
 * The text without a found due phrase when that phrase is in parentheses (alone, or first before an owner:
 * `(due …, owner: @ops)` leaves `(owner: @ops)`) or at the start or end, with the separators that joined it
 * to the rest, else null.
 */
function withoutDue(text: string, found: Due): string | null {
  if (found.date === null) return null;
  const before = text.slice(0, found.start);
  const after = text.slice(found.end);
  if (/\(\s*$/.test(before) && /^\s*\)/.test(after)) return collapse(`${before.replace(/\(\s*$/, '')} ${after.replace(/^\s*\)/, '')}`);
  if (/\(\s*$/.test(before) && OWNER_AFTER_DUE.test(after)) return collapse(`${before.replace(/\s*$/, '')}${after.replace(OWNER_AFTER_DUE, '')}`);
  if (/^[\s.,;:|–—-]*$/.test(after)) return collapse(before.replace(/[\s,;:|–—-]+$/, ''));
  if (/^[\s,;:|–—-]*$/.test(before)) return collapse(after.replace(/^[\s,;:|–—-]+/, ''));
  return null;
}

interface OwnerKey {
  owner: string | null;
  text: string;
}

/** `Owner: X, rest` or `rest. Owner: X`: the owner named and the text without it, else null. */
function withoutOwnerKey(text: string): OwnerKey | null {
  const leading = OWNER_LEADING.exec(text);
  if (leading !== null) return { owner: cleanOwner(leading[1] ?? ''), text: text.slice(leading[0].length) };
  const trailing = OWNER_TRAILING.exec(text);
  if (trailing === null) return null;
  const keep = trailing.index + (/^[\s,;|–—(-]/.test(trailing[0]) ? 1 : 0);
  return { owner: cleanOwner(trailing[1] ?? ''), text: text.slice(0, keep) };
}

/** What has been read so far, and the text still left. */
interface Reading {
  rest: string;
  done: boolean | null;
  owner: string | null;
  due: string | null;
}

const setDone = (r: Reading, value: boolean): void => {
  r.done ??= value;
};

/** `~~whole item~~`, then at the start, repeatedly: `[x]`, `TODO:`, `DONE:`, `✅`, `[Name]`. */
function readStart(r: Reading): void {
  const struck = STRUCK.exec(r.rest);
  if (struck !== null && !(struck[1] ?? '').includes('~~')) {
    setDone(r, true);
    r.rest = collapse(struck[1] ?? '');
  }
  for (;;) {
    const box = CHECKBOX.exec(r.rest);
    const notDone = NOT_DONE_PREFIX.exec(r.rest);
    const isDone = DONE_PREFIX.exec(r.rest);
    const tag = NAME_TAG.exec(r.rest);
    const marker = box ?? notDone ?? isDone;
    if (marker !== null) {
      setDone(r, box !== null ? box[1] !== ' ' : isDone === marker);
      r.rest = r.rest.slice(marker[0].length);
    } else if (tag !== null && r.owner === null && !NOT_NAMES.has((tag[1] ?? '').toLowerCase())) {
      r.owner = cleanOwner(tag[1] ?? '');
      r.rest = r.rest.slice(tag[0].length);
    } else {
      return;
    }
  }
}

/** `(done)`, `(todo)`, `✅` anywhere (removed), `already been done` (kept). */
function readStatus(r: Reading): void {
  if (NOT_DONE_PARENS.test(r.rest)) setDone(r, false);
  if (DONE_PARENS.test(r.rest) || /✅|✔|☑/.test(r.rest) || ALREADY_DONE.test(r.rest)) setDone(r, true);
  r.rest = collapse(r.rest.replace(everywhere(NOT_DONE_PARENS), ' ').replace(everywhere(DONE_PARENS), ' ').replace(DONE_MARKS, ' '));
}

/** `(owner: X)` anywhere, then the due date and `Owner: X` at the start or end (either may follow the other). */
function readKeys(r: Reading, year: number | null): void {
  // `(Carol, due 2024-04-30)`, `(owner: @ops; due …)`: an owner before a due date in the same parentheses.
  const ownerDue = OWNER_KEY_BEFORE_DUE.exec(r.rest) ?? NAME_BEFORE_DUE.exec(r.rest);
  if (ownerDue !== null) {
    r.owner ??= cleanOwner((ownerDue[1] ?? '').replace(KEY_PUNCTUATION, ''));
    r.rest = `${r.rest.slice(0, ownerDue.index)}(${r.rest.slice(ownerDue.index + ownerDue[0].length)}`;
  }
  let dueRemoved = false;
  let ownerRemoved = false;
  for (let pass = 0; pass < 2; pass += 1) {
    // Again on the second pass: `(due …, owner: X)` leaves `(owner: X)` once the due phrase is read.
    const inParens = OWNER_PARENS.exec(r.rest);
    if (inParens !== null) {
      r.owner ??= cleanOwner(inParens[1] ?? '');
      r.rest = collapse(`${r.rest.slice(0, inParens.index)} ${r.rest.slice(inParens.index + inParens[0].length)}`);
    }
    const found: Due | null = dueRemoved ? null : findDue(r.rest, year);
    if (found !== null) {
      r.due ??= found.date;
      const without = withoutDue(r.rest, found);
      if (without !== null) [r.rest, dueRemoved] = [without, true];
    }
    const key: OwnerKey | null = ownerRemoved ? null : withoutOwnerKey(r.rest);
    if (key !== null) {
      r.owner ??= key.owner;
      [r.rest, ownerRemoved] = [key.text, true];
    }
  }
  const anywhere = OWNER_ANYWHERE.exec(r.rest);
  if (anywhere !== null) r.owner ??= cleanOwner(anywhere[1] ?? '');
}

/** The first `@handle` when no owner was named otherwise; `(@handle)` alone in parentheses is removed. */
function readHandle(r: Reading): void {
  if (r.owner !== null) return;
  const handles = [...r.rest.matchAll(HANDLE)].map((match) => match[1] ?? '');
  r.owner = handles.find((handle) => handle !== '' && !NOT_PEOPLE.has(handle.toLowerCase())) ?? null;
  const inParens = HANDLE_ONLY_PARENS.exec(r.rest);
  if (inParens !== null && r.owner !== null && inParens[0].includes(`@${r.owner}`)) {
    r.rest = `${r.rest.slice(0, inParens.index)} ${r.rest.slice(inParens.index + inParens[0].length)}`;
  }
}

/**
 * Read the metadata of one action item's plain text (the lead handles `[x]` checkboxes through
 * `ListItem.checked`; a literal `[x] ` / `[ ] ` prefix is read too). Markers are removed from `text`
 * only when they are clearly metadata: in their own parentheses, or at the start or end of the item.
 * `opts.year` (default none) completes due dates written without a year.
 */
export function itemMeta(text: string, opts: ItemMetaOptions = {}): ItemMeta {
  const r: Reading = { rest: collapse(String(text)), done: null, owner: null, due: null };
  readStart(r);
  readStatus(r);
  readKeys(r, opts.year ?? null);
  readHandle(r);
  return { done: r.done, owner: r.owner, due: r.due, text: collapse(collapse(r.rest).replace(SEPARATORS, '')) };
}

const REPORT_CHECKLIST: readonly RegExp[] = [
  // `write an incident report`, `Draft the post-mortem report`
  /\b(?:write|draft|complete|finish|fill (?:out|in))\s+(?:up\s+)?(?:an?|the|this)\s+(?:incident|after[- ]action|post[- ]?mortem|outage)\s+report\b/i,
  // `fill out the postmortem`, `Publish the post-mortem`, `Post-mortem published`; not when the postmortem only
  // qualifies the thing to write (`Write a postmortem template`, `Write a postmortem review checklist`)
  /\b(?:write|draft|fill (?:out|in)|publish|share)\s+(?:up\s+)?(?:an?|the|this)\s+(?:post[- ]?mortem|after[- ]action report|incident report)\b(?!\s+(?!(?:for|about|of|on|and|with|to|in|report|document|draft|doc)\b)[a-z])/i,
  /\b(?:post[- ]?mortem|after[- ]action report|incident report)\s+(?:is\s+|has been\s+|was\s+)?(?:published|written|shared|filled(?: out| in)?|created)\b/i,
  // 2i2c / datahub issue-template checklist
  /\bincident has been dealt with\b|\bincident is over\b/i,
  /\bdiscuss and address (?:the )?incident\b/i,
  /\bcopy\/?paste the after[- ]action report\b/i,
  /\b(?:sections?|timeline)(?: above)? (?:is|are|has been|have been) filled\b/i,
  /\bincident title\b.*\b(?:cleaned up|discoverable|accurate)\b/i,
  /\ball actionable items\b.*\blinked (?:github )?issues?\b/i,
  // `Action items created`, `Add the incident to the incident log`
  /^(?:all\s+)?(?:follow[- ]up\s+)?action items (?:have been |are |were )?(?:created|filed|added|linked)\b/i,
  /\badd (?:the|this) incident to the incident (?:log|list|tracker)\b/i,
];

/**
 * True for checklist lines about the report itself rather than follow-up work: `write an incident
 * report`, `Incident has been dealt with or is over`, `Timeline has been filled`, `fill out the
 * postmortem`, `Post-mortem published`, `Action items created`, `Add the incident to the incident log`,
 * and the 2i2c/datahub issue-template lines. A retrospective meeting is real follow-up work: false.
 */
export function isReportChecklistItem(text: string): boolean {
  const plain = collapse(String(text)).replace(/^\[[ xX]\]\s+/, '');
  return REPORT_CHECKLIST.some((pattern) => pattern.test(plain));
}
