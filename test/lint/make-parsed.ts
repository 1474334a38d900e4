/** Builds `ParsedPostmortem` objects by hand, so lint and formatting tests do not depend on the parser. */
import type { ActionItem, ParsedPostmortem, TimelineEntry } from '../../server/domain/postmortem.ts';

/** A postmortem every default rule is happy with; `overrides` replace top-level fields. */
export function makeParsed(overrides: Partial<ParsedPostmortem> = {}): ParsedPostmortem {
  return {
    file: 'postmortems/2024-03-05-outage.md',
    title: 'Database outage',
    date: '2024-03-05',
    timezone: 'Europe/Berlin',
    timezoneSource: 'declared',
    declaredTimezone: 'CET',
    summary: 'The primary database ran out of disk.',
    sections: [
      { heading: 'Summary', kind: 'summary', line: 3 },
      { heading: 'Timeline', kind: 'timeline', line: 7 },
      { heading: 'Action items', kind: 'action-items', line: 12 },
    ],
    timeline: [
      makeEntry({ time: '14:30', at: '2024-03-05T13:30:00Z', text: 'deploy 1.2', kind: 'deploy', line: 9 }),
      makeEntry({ time: '14:45', at: '2024-03-05T13:45:00Z', text: 'rolled back', kind: 'rollback', line: 10 }),
    ],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [
      makeItem({
        text: 'Alert on disk usage',
        owner: 'alice',
        line: 14,
        links: [{ url: 'https://github.com/acme/db/issues/12', repo: 'acme/db', number: 12, kind: 'issue' }],
      }),
    ],
    metadata: {},
    diagnostics: [],
    ...overrides,
  };
}

/** A timeline entry on 2024-03-05 in Europe/Berlin; `overrides` replace fields. */
export function makeEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    date: '2024-03-05',
    time: '14:30',
    endTime: null,
    at: '2024-03-05T13:30:00Z',
    timezone: 'Europe/Berlin',
    approximate: false,
    text: 'something happened',
    kind: 'other',
    line: 9,
    ...overrides,
  };
}

/** An open action item with no owner and no links; `overrides` replace fields. */
export function makeItem(overrides: Partial<ActionItem> = {}): ActionItem {
  return { text: 'Do a thing', group: null, done: false, owner: null, due: null, links: [], line: 14, ...overrides };
}
