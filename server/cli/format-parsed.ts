/** The readable summary `hindsight parse` prints for one postmortem. */
import type {
  ActionItem,
  Link,
  Milestone,
  Milestones,
  ParsedPostmortem,
  TimelineEntry,
  TimezoneSource,
} from '../domain/postmortem.ts';
import { formatMessageLine } from './format-messages.ts';

const NONE = '-';
const SOURCE_LABEL: Record<TimezoneSource, string> = {
  declared: 'declared',
  inline: 'on the entries',
  frontmatter: 'front matter',
  option: '--timezone',
  default: 'default, assumed',
};
/** Longest event or action item text printed in full; `--json` has the rest. */
const MAX_TEXT = 120;
const MILESTONES: readonly (keyof Milestones)[] = ['started', 'detected', 'declared', 'mitigated', 'resolved'];

/**
 * Formats `parsed` as indented text headed by `file`: title, date, zone and its source, the
 * timeline (`date time  kind  text`), milestones, action items and diagnostics
 * (`file:line: severity code message`). Unknown values print as `-`; texts longer than 120
 * characters are cut with `…`. Ends with a newline.
 */
export function formatParsedText(parsed: ParsedPostmortem, file: string): string {
  const lines = [
    file,
    `  title:     ${parsed.title ?? NONE}`,
    `  date:      ${parsed.date ?? NONE}`,
    `  timezone:  ${formatZone(parsed)}`,
    `  timeline:  ${count(parsed.timeline.length, 'entry', 'entries')}`,
    ...formatTimeline(parsed.timeline),
    '  milestones:',
    ...MILESTONES.map((name) => `    ${name.padEnd(10)} ${formatMilestone(parsed.milestones[name])}`),
    `  action items: ${parsed.actionItems.length}`,
    ...parsed.actionItems.map((item) => `    ${formatActionItem(item)}`),
    `  diagnostics: ${parsed.diagnostics.length}`,
    ...parsed.diagnostics.map((diagnostic) => `    ${formatMessageLine(file, diagnostic)}`),
  ];
  return `${lines.join('\n')}\n`;
}

function formatZone(parsed: ParsedPostmortem): string {
  if (parsed.timezone === null) return NONE;
  const source = parsed.timezoneSource === null ? 'unknown source' : SOURCE_LABEL[parsed.timezoneSource];
  const written = parsed.declaredTimezone === null ? '' : ` as "${parsed.declaredTimezone}"`;
  return `${parsed.timezone} (${source}${written})`;
}

function formatTimeline(timeline: readonly TimelineEntry[]): string[] {
  const whens = timeline.map(formatWhen);
  const width = Math.max(0, ...whens.map((when) => when.length));
  return timeline.map((entry, i) => `    ${whens[i]!.padEnd(width)}  ${entry.kind.padEnd(13)}  ${shorten(entry.text)}`);
}

/** `2018-01-25 14:30`, `~14:30-14:40`, `? ?` for unknown date and time. */
function formatWhen(entry: TimelineEntry): string {
  const time = entry.time === null ? '?' : entry.endTime === null ? entry.time : `${entry.time}-${entry.endTime}`;
  return `${entry.date ?? '?'} ${entry.approximate ? '~' : ''}${time}`;
}

function formatMilestone(milestone: Milestone | null): string {
  if (milestone === null) return NONE;
  const when = [milestone.date ?? '?', milestone.time ?? '?'].join(' ');
  return `${when}  (${milestone.source}, line ${milestone.line})`;
}

function formatActionItem(item: ActionItem): string {
  const box = item.done === true ? '[x]' : item.done === false ? '[ ]' : '[?]';
  const details = [
    item.group === null ? null : `group: ${item.group}`,
    item.owner === null ? null : `owner: ${item.owner}`,
    item.due === null ? null : `due: ${item.due}`,
    item.links.length === 0 ? null : `links: ${item.links.map(formatLink).join(', ')}`,
  ].filter((detail) => detail !== null);
  return [`${box} ${shorten(item.text)}`, ...details].join('  ');
}

/** `owner/name#12` for GitHub references, else the URL, else `#12`. */
function formatLink(link: Link): string {
  if (link.repo !== null && link.number !== null) return `${link.repo}#${link.number}`;
  if (link.url !== null) return link.url;
  return link.number === null ? NONE : `#${link.number}`;
}

function shorten(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
