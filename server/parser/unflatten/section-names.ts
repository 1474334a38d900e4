/**
 * Usual section names (Summary, Root cause, What went well, ...): a heading that starts with one ends
 * after it (step 5), and a text that starts with one opens a heading (step 4). Matching is
 * case-insensitive and word-bounded, the longest name first.
 */
import { isConnector } from './vocabulary.ts';

const SECTION_NAMES: string[] = [
  'summary', 'executive summary', 'incident summary', 'overview', 'description', 'background',
  'context', 'timeline', 'timeline of events', 'detailed timeline', 'follow-up timeline', 'impact',
  'customer impact', 'user impact', 'impact on users', 'root cause', 'root causes',
  'root cause analysis', 'contributing factors', 'contributing factor', 'trigger', 'detection',
  'response', 'resolution', 'recovery', 'mitigation', 'remediation', 'conclusion', 'conclusions',
  'lessons learned', 'lessons learnt', 'learnings', 'what went well', 'what went wrong',
  'what went poorly', "what didn't go so well", 'what did not go so well', 'what could have gone better',
  'where we got lucky', 'action items', 'action item', 'actions', 'follow-up', 'follow-ups',
  'follow up', 'followups', 'follow-up improvements', 'follow-up actions', 'follow-up items',
  'next steps', 'appendix', 'apendix', 'appendinx', 'references', 'links', 'stats', 'statistics',
  'attendees', 'atendees', 'participants', 'process', 'monitoring', 'documentation',
  'supporting information', 'hub information', 'important information', 'update', 'updates',
  'questions', 'open questions', 'glossary', 'investigation', 'analysis', 'technical details',
  'details', 'notes', 'cleanup', 'technical improvements', 'documentation improvements',
  'process/policy improvements', 'process improvements', 'prevention', 'corrective actions',
  'after-action report', 'after action report', 'problem statement', 'workaround', 'communication',
  'communications', 'escalation', 'symptoms', 'fix', 'the fix', 'status', 'severity',
].sort((a, b) => b.length - a.length);

/** Length of the section name `text` starts with (word-bounded, case-insensitive), else 0. */
export function matchSectionName(text: string): number {
  const lower = text.slice(0, 60).toLowerCase();
  for (const name of SECTION_NAMES) {
    if (lower.startsWith(name) && !/[\w'-]/.test(lower[name.length] ?? ' ')) return name.length;
  }
  return 0;
}

/**
 * Where a heading that starts with a section name ends: after the name, an optional `(parenthetical)`
 * (up to 40 characters) and one `?`, `:` or `!`. 0 when `text` starts with no section name or a
 * lowercase connector follows it (`Impact on users` goes on as a title).
 */
export function sectionHeadingEnd(text: string): number {
  const name = matchSectionName(text);
  if (name === 0) return 0;
  const end = extendSectionName(text, name);
  const next = /^ (\S+)/.exec(text.slice(end));
  return !next || !isConnector(next[1]) ? end : 0;
}

/** `end` taken on over an optional `(parenthetical)` and one `?`, `:` or `!` in `text`. */
function extendSectionName(text: string, end: number): number {
  let e = end;
  const paren = /^ ?\([^()]{1,40}\)/.exec(text.slice(e, e + 45));
  if (paren) e += paren[0].length;
  const tail = /^[?:!]?/.exec(text.slice(e, e + 1));
  if (tail) e += tail[0].length;
  return e;
}

