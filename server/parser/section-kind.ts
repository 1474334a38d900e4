/** What a section is for, from its heading words. Anything unrecognised is `other`. */
import type { SectionKind } from '../domain/postmortem.ts';

const RULES: Array<[SectionKind, RegExp]> = [
  ['timeline', /^(?:(?:incident|event|outage|detailed|follow[- ]?up|recovery)\s+)?(?:timeline|chronology|sequence of events)\b/i],
  ['timeline', /^time\s*line\b/i],
  ['action-items', /^(?:(?:the|our|key|open|proposed|corrective|preventive|preventative|remediation|review|future|next|follow[- ]?up)\s+)?(?:action\s*items?|actions? items?|actions?|ai)\b(?!\s+(?:taken|during))/i],
  ['action-items', /^(?:(?:corrective|preventive|preventative)(?:\s+(?:and|&)\s+(?:corrective|preventive|preventative))?\s+(?:measures|actions|steps))\b/i],
  ['action-items', /^(?:follow[- ]?ups?(?:\s+(?:improvements|items|actions|tasks|work))?|next steps|remediations?(?:\s+items)?|(?:preventive|corrective) measures|todos?|to-?dos?|improvements|future work)\b/i],
  ['summary', /^(?:(?:executive|incident|issue|short|brief|quick)\s+)?(?:summary|overview|tl;?dr|description|abstract)\b/i],
  ['impact', /^(?:(?:customer|user|business)\s+)?impact\b/i],
  ['root-cause', /^(?:root\s*causes?|causes?|contributing factors|trigger|what happened|analysis|technical details|background)\b/i],
  ['detection', /^detection\b/i],
  ['resolution', /^(?:resolution|recovery|mitigation|remediation steps|fix)\b/i],
  [
    'lessons',
    /^(?:lessons?\s+learn(?:ed|t)|what went (?:well|wrong|poorly|badly)|what didn'?t go (?:so )?well|where we got lucky|conclusions?|takeaways|learnings|retrospective)\b/i,
  ],
  ['stats', /^(?:stats|statistics|metrics|key metrics)\b/i],
  ['attendees', /^(?:at+endees|participants|people involved|responders)\b/i],
  ['appendix', /^(?:ap+end[a-z]*x|ap+endi[a-z]*|supporting information|references|raw notes|chat log|slack log)\b/i],
];

/** Normalise a heading for classification: drop emphasis, numbering (`3.`), trailing colon and parentheticals. */
export function headingWords(heading: string): string {
  return heading
    .replace(/[*_`]/g, '')
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+/i, '')
    .replace(/\s*[:：]\s*$/, '')
    .trim();
}

/** Classify a heading. Default: `other`. */
export function sectionKind(heading: string): SectionKind {
  const words = headingWords(heading);
  for (const [kind, re] of RULES) {
    if (re.test(words)) return kind;
  }
  return 'other';
}
