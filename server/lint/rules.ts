/**
 * The lint rules: each looks at a `ParsedPostmortem` and returns findings. Pure; severities are
 * applied by `lintPostmortem` from the config, so a rule only says what is wrong and where.
 */
import type { Diagnostic, ParsedPostmortem, SectionKind, Severity, TimelineEntry } from '../domain/postmortem.ts';

/** A rule's configured level: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** One problem a rule found. */
export interface Finding {
  /** 1-based line, or null for the whole file. */
  line: number | null;
  message: string;
}

export interface LintRule {
  /** Stable kebab-case id: the config key and the reported code. */
  id: string;
  /** Level used when the config does not set one. */
  defaultLevel: RuleLevel;
  description: string;
  /** Parser diagnostic codes this rule reports itself, so they do not also pass through. */
  claims: (code: string) => boolean;
  check: (parsed: ParsedPostmortem) => Finding[];
}

const claimsNothing = (): boolean => false;

/** One finding for something missing, at the heading of its (empty) section when there is one. */
function missing(parsed: ParsedPostmortem, kind: SectionKind, message: string): Finding[] {
  return [{ line: sectionLine(parsed, kind), message }];
}
const isPlaceholderCode = (code: string): boolean => code.includes('placeholder');

/** Every rule, in the order findings are reported for the same line. */
export const RULES: readonly LintRule[] = [
  {
    id: 'title',
    defaultLevel: 'error',
    description: 'the report has a title',
    claims: (code) => code === 'no-title',
    check: (parsed) => (isBlank(parsed.title) ? [{ line: null, message: 'no title found' }] : []),
  },
  {
    id: 'date',
    defaultLevel: 'error',
    description: 'the incident date is known',
    claims: (code) => code === 'no-date',
    check: (parsed) =>
      parsed.date === null
        ? [{ line: null, message: 'no incident date found (front matter `date:`, the title, the file name or the timeline)' }]
        : [],
  },
  {
    id: 'timeline',
    defaultLevel: 'error',
    description: 'the report has a timeline with at least one entry',
    claims: (code) => code === 'no-timeline',
    check: (parsed) => (parsed.timeline.length === 0 ? missing(parsed, 'timeline', 'no timeline entries found') : []),
  },
  {
    id: 'timeline-order',
    defaultLevel: 'warning',
    description: 'timeline entries go forward in time',
    claims: claimsNothing,
    check: checkTimelineOrder,
  },
  {
    id: 'timezone',
    defaultLevel: 'warning',
    description: 'the report declares the time zone of its timeline',
    claims: (code) => code === 'timezone-assumed',
    check: (parsed) => {
      const source = parsed.timezoneSource;
      if (source !== null && source !== 'option' && source !== 'default') return [];
      const assumed = parsed.timezone === null ? '' : `; times were read as ${parsed.timezone} (${source})`;
      return [{ line: null, message: `no time zone declared${assumed}` }];
    },
  },
  {
    id: 'placeholders',
    defaultLevel: 'warning',
    description: 'no template placeholders are left (`HH:mm`, `{{ summary }}`)',
    claims: isPlaceholderCode,
    check: (parsed) =>
      parsed.diagnostics
        .filter((diagnostic) => isPlaceholderCode(diagnostic.code))
        .map((diagnostic) => ({ line: diagnostic.line, message: `${diagnostic.message} (${diagnostic.code})` })),
  },
  {
    id: 'action-items',
    defaultLevel: 'warning',
    description: 'the report lists action items',
    claims: claimsNothing,
    check: (parsed) => (parsed.actionItems.length === 0 ? missing(parsed, 'action-items', 'no action items found') : []),
  },
  {
    id: 'action-item-link',
    defaultLevel: 'info',
    description: 'each action item links an issue or pull request',
    claims: claimsNothing,
    check: (parsed) =>
      parsed.actionItems
        .filter((item) => !item.links.some((link) => link.kind === 'issue' || link.kind === 'pull'))
        .map((item) => ({ line: item.line, message: `action item links no issue or pull request: ${quote(item.text)}` })),
  },
  {
    id: 'action-item-owner',
    defaultLevel: 'off',
    description: 'each action item names an owner',
    claims: claimsNothing,
    check: (parsed) =>
      parsed.actionItems
        .filter((item) => isBlank(item.owner))
        .map((item) => ({ line: item.line, message: `action item has no owner: ${quote(item.text)}` })),
  },
  {
    id: 'summary',
    defaultLevel: 'warning',
    description: 'the report has a summary',
    claims: claimsNothing,
    check: (parsed) =>
      isBlank(parsed.summary) ? [{ line: sectionLine(parsed, 'summary'), message: 'no summary found' }] : [],
  },
];

/** The rule ids, in {@link RULES} order. */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/** Whether a parser diagnostic is reported by a rule rather than passed through as is. */
export function isClaimed(diagnostic: Diagnostic): boolean {
  return RULES.some((rule) => rule.claims(diagnostic.code));
}

/**
 * One finding per entry that is earlier than the entry before it: compared by `at` (UTC) when both
 * have it, else by local `date` + `time` when both have those. Entries without a time are skipped.
 */
function checkTimelineOrder(parsed: ParsedPostmortem): Finding[] {
  const findings: Finding[] = [];
  let previous: TimelineEntry | null = null;
  for (const entry of parsed.timeline) {
    if (entry.at === null && (entry.date === null || entry.time === null)) continue;
    if (previous !== null && isEarlier(entry, previous)) {
      findings.push({
        line: entry.line,
        message: `timeline goes back in time: ${when(entry)} comes after ${when(previous)} (line ${previous.line})`,
      });
    }
    previous = entry;
  }
  return findings;
}

function isEarlier(entry: TimelineEntry, previous: TimelineEntry): boolean {
  if (entry.at !== null && previous.at !== null) return entry.at < previous.at;
  if (entry.date !== null && entry.time !== null && previous.date !== null && previous.time !== null) {
    return `${entry.date} ${entry.time}` < `${previous.date} ${previous.time}`;
  }
  return false;
}

function when(entry: TimelineEntry): string {
  return [entry.date, entry.time].filter((part) => part !== null).join(' ');
}

function sectionLine(parsed: ParsedPostmortem, kind: SectionKind): number | null {
  return parsed.sections.find((section) => section.kind === kind)?.line ?? null;
}

function isBlank(text: string | null): boolean {
  return text === null || text.trim() === '';
}

function quote(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
}
