import type { ParseOptions, ParsedPostmortem } from '../domain/postmortem.ts';

/** TEMPORARY: replaced by the real pipeline in this same change. */
export function parsePostmortem(markdown: string, options: ParseOptions = {}): ParsedPostmortem {
  void markdown;
  return {
    file: options.file ?? null, title: null, date: null, timezone: null, timezoneSource: null,
    declaredTimezone: null, summary: null, sections: [], timeline: [],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [], metadata: {}, diagnostics: [],
  };
}
