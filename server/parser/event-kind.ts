/**
 * What a timeline entry describes, and which milestones a line states, read from its words. Pure; never throws.
 */
import type { TimelineKind } from '../domain/postmortem.ts';

/** The milestones a line can state (the keys of `Milestones`). */
export type MilestoneName = 'started' | 'detected' | 'declared' | 'mitigated' | 'resolved';

/** Plain words: markdown emphasis and code marks dropped, white space collapsed. */
function words(text: string): string {
  return String(text).replace(/[*_`]+/g, '').replace(/\s+/g, ' ').trim();
}

const ROLLBACK =
  /\broll(?:s|ed|ing)?[ -]?back\b|\broll(?:s|ed|ing)?\s+(?:\S+\s+){1,2}?back\b|\brevert(?:s|ed|ing)?\b|\bdowngrad(?:e|es|ed|ing)\b/i;

/** Cues per kind, tried after rollback; the cue found earliest in the text wins, ties go to the earlier kind. */
const CUES: ReadonlyArray<readonly [TimelineKind, RegExp]> = [
  [
    'deploy',
    /\b(?:re)?deploy(?:s|ed|ing|ments?)?\b|\bmerged?\s+(?:\S+\s+){0,2}?(?:in)?to\s+(?:the\s+)?(?:production|prod|master|main)\b|\broll(?:s|ed|ing)?[ -]?out\b|\brollout\b|\breleas(?:e|es|ed|ing)\s+v?\d|\bv?\d+(?:\.\d+)+\s+(?:is\s+|was\s+)?released\b|\bupgrad(?:e|es|ed|ing)\b|\bhelm (?:upgrade|install)\b|\bkubectl apply\b|\bterraform apply\b|\bpushed (?:out|to prod(?:uction)?)\b|\b(?:pr|pull request|change|commit|patch|config(?:uration)?|bump)\b(?:\s+\S+){0,4}?\s+(?:is\s+|was\s+|gets\s+|got\s+)?merged\b|\b(?:config(?:uration)?|chart|image|manifest|spec)\b(?:\s+\S+){0,3}?\s+(?:is\s+|was\s+)?(?:uploaded|applied|updated|changed)\b|\b(?:is|was|were|gets|got)\s+introduced\b|\breleased\b|\b(?:rollover|roll-over)\s+(?:is\s+)?(?:initiated|started|triggered)\b/i,
  ],
  [
    'resolution',
    /\bresolv(?:ed|es|ing)\b|\bresolution\b|\b(?:fully\s+)?recovered\b|\bback to normal\b|\breturns?(?:ed)? to normal\b|\bincident (?:is\s+|was\s+)?closed\b|\brestored\b|\b(?:back|comes?|came|brought)\s+(?:back\s+)?online\b|\b(?:fully\s+)?operational again\b|\bfully operational\b|\bverified operational\b|\ball[- ]clear\b|\b(?:confirmed|verified)\s+(?:to be\s+)?(?:functional|healthy|working)\b|\b(?:problem|issue)\s+(?:is\s+|was\s+|has been\s+)?(?:permanently\s+)?(?:fixed|solved)\b|\bsolved the (?:issue|problem)\b|\bworking (?:as expected|again|normally)\b/i,
  ],
  [
    'mitigation',
    /\bmitigat(?:e|es|ed|ing|ion)\b|\bwork[- ]?arounds?\b|\brestart(?:s|ed|ing)?\b|\breboot(?:s|ed|ing)?\b|\bscal(?:e|es|ed|ing)\s+(?:\S+\s+){0,3}?(?:up|out)\b|\bfail(?:ed|s|ing)?[ -]?over\b|\b(?:increas|bump|rais)(?:e|es|ed|ing)?\s+(?:\S+\s+){0,4}?(?:memory|ram|cpu|limits?|capacity|quotas?|resources?|guarantees?|disks?|nodes?|replicas)\b|\bcordon(?:s|ed|ing)?\b|\bhot-?fix(?:es|ed)?\b|\btemporary fix\b|\boutage (?:ends|ended)\b|\bmanually\s+(?:re)?start(?:s|ed)\b/i,
  ],
  [
    'detection',
    /\bnotic(?:e|es|ed|ing)\b|\b(?:alerts?|alarms?|pages?)\s+(?:\S+\s+)?(?:fire[sd]?|firing|triggered|went off|goes off)\b|\bfirst alert\b|\balerted\b|\bpaged\b|\bping(?:s|ed)\b|(?<!\blast\s)\breport(?:s|ed|ing)?\b(?!\s+back)|\bdetected\b|\bdetection\b|\bbec(?:a|o)me aware\b|\bcomplain(?:s|ed|ts?)?\b|\bincident (?:is\s+|was\s+)?declared\b|\bdeclar(?:e|es|ed)\s+(?:an?|the)\s+(?:\S+\s+)?incident\b|\b(?:uptime|health)[ -]?checks?\s+(?:\S+\s+){0,4}?fail|\backnowledg(?:e|es|ed)\b|\b(?:cannot|can'?t|could ?n[o']t|unable to)\s+(?:reach|connect|log ?in|access|load|start)\b|\bunreachable\b|\b(?:support|first|new)\s+tickets?\b|\b(?:probes?|checks?|tests?)\s+(?:\S+\s+){0,3}?(?:start(?:s|ed)?\s+)?fail(?:s|ed|ing)?\b|\b(?:alerts?|alarms?)\s+(?:\S+\s+){0,2}?(?:posts?|pages?|paged)\b|\bpages? the on-?call\b|^(?:alerts?|alarms?)\s*[:\u2013\u2014-]|\b(?:pagerduty|opsgenie|victorops|alertmanager|datadog|grafana|prometheus|cloudwatch|sentry)\s+(?:alerts?|alarms?|pages?|incidents?)\b/i,
  ],
  [
    'communication',
    /\bstatus ?page\b|\bpost(?:s|ed)?\s+(?:an?\s+)?(?:update|message|announcement|notice)\b|\bnotif(?:y|ies|ied|ication)\b|\binform(?:s|ed)?\b|\b(?:e-?)?mail(?:s|ed|ing list)?\b|\bannounc(?:e|es|ed|ement)\b|\btweet(?:s|ed)?\b|\bcommunicat(?:e|es|ed|ion)\b|\bupdates?\s+(?:the\s+)?(?:\S+\s+){0,3}?(?:community|users|customers|channel|stakeholders)\b|\bupdate (?:given|sent|posted|shared)\b|\bmessag(?:e|es|ed)\b|\badvis(?:e|es|ed)\b|\breports? back\b/i,
  ],
];

/**
 * Classify a timeline entry by its words: the earliest cue in the text decides (`GSIs report the hub is
 * down ... decided to downgrade` is a detection), ties in the order rollback, deploy, resolution,
 * mitigation, detection, communication; a deploy whose text also rolls back (`merged the revert`) is a
 * rollback. Kinds: deploy (`deployed`, `merged into prod`, `rolled out`, `released v1.2`, `upgraded`,
 * `helm upgrade`), resolution (`resolved`, `fully recovered`, `back to normal`, `restored`,
 * `incident closed`), mitigation (`mitigated`, `workaround`, `restarted`, `scaled up`, `failover`,
 * `increased memory`), detection (`noticed`, `alert fired`, `paged`, `users report`, `detected`,
 * `incident declared`, `Alert: queue depth over 10k`, `PagerDuty alert for ...`), communication (`status page`, `posted an update`, `notified`, `emailed`,
 * `announced`, `tweeted`). Nothing found: `other`.
 */
export function classifyEvent(text: string): TimelineKind {
  const plain = words(text);
  const rollback = ROLLBACK.exec(plain);
  let best: { kind: TimelineKind; index: number } | null = rollback ? { kind: 'rollback', index: rollback.index } : null;
  for (const [kind, pattern] of CUES) {
    const match = pattern.exec(plain);
    if (match !== null && (best === null || match.index < best.index)) best = { kind, index: match.index };
  }
  // A deploy that brings a revert or a downgrade is a rollback (`merged the revert`).
  if (best?.kind === 'deploy' && rollback) return 'rollback';
  return best?.kind ?? 'other';
}

const STATED: ReadonlyArray<readonly [MilestoneName, RegExp]> = [
  ['started', /\b(?:outage|incident|impact|downtime|degradation)\s+(?:begins|began|starts|started)\b|\bfault occur(?:s|red)\b|\bstart of (?:the\s+)?(?:outage|incident|impact)\b/i],
  ['detected', /\b(?:first|fault|incident|issue|outage|problem)\s+(?:is\s+|was\s+)?detected\b|^detected\b/i],
  ['declared', /\bincident\s+(?:(?:is|was|has been|officially)\s+)*declared\b(?!\s+(?:resolved|closed|over|mitigated|ended)\b)|\bdeclar(?:e|es|ed)\s+(?:an?|the)\s+(?:\S+\s+)?incident\b/i],
  ['mitigated', /\b(?:outage|impact|downtime)\s+(?:ends|ended|is over|was over)\b|^(?:mitigated|repaired)\b|\b(?:incident|issue|outage|impact|problem)\s+(?:(?:is|was|has been)\s+)?(?:mitigated|repaired)\b/i],
  ['resolved', /\b(?:incident|issue|outage|problem)\s+(?:(?:is|was|has been|now|officially|fully|declared)\s+)*resolved\b|^resolved\b|\bresolved the (?:issue|incident|outage|problem)\b|\bmarked (?:as\s+)?resolved\b|\bresolution (?:is\s+|was\s+)?(?:confirmed|complete)\b|\bincident (?:(?:is|was|has been)\s+)?closed\b|\bservices?\s+(?:(?:is|are|was|were|has been|have been)\s+)?fully restored\b/i],
];

/**
 * The milestones that a timeline entry's text states explicitly, in the order started, detected,
 * declared, mitigated, resolved. Conservative: `Outage begins`, `**Outage begins.**`, `Incident starts`,
 * `Fault occurs` (started); `First detected`, `Fault detected`, `Issue detected` (detected);
 * `Incident declared` (declared); `Outage ends`, `Mitigated`, `Repaired` (mitigated); `Incident
 * (officially) resolved`, `Resolved.`, `marked as resolved`, `Service fully restored` (resolved).
 * Not stated: `First alert fires`, `Everything is back to normal`, `the deploy to resolve X was started`.
 */
export function statedMilestones(text: string): MilestoneName[] {
  const plain = words(text);
  return STATED.filter(([, pattern]) => pattern.test(plain)).map(([name]) => name);
}

const LABELS: ReadonlyArray<readonly [MilestoneName, RegExp]> = [
  ['started', /^(?:start(?:ed)?|start time|began|(?:incident|outage|impact|fault)\s+(?:start(?:ed|s)?|began|begins)|fault occur(?:s|red)|start of (?:the\s+)?(?:incident|outage|impact))$/i],
  ['detected', /^(?:(?:first|fault|incident|issue)\s+)?detected$|^detection(?: time)?$|^time (?:of )?detection$/i],
  ['declared', /^(?:incident\s+)?declared$/i],
  ['mitigated', /^(?:(?:incident|issue)\s+)?(?:mitigated|repaired)$|^mitigation(?: time)?$|^(?:outage|impact)\s+end(?:s|ed)?$/i],
  ['resolved', /^(?:(?:incident|issue)\s+)?(?:fully\s+)?resolved$|^resolution(?: time)?$|^(?:incident\s+)?closed$/i],
];
const LABEL_LINE = /^\s*(?:[-*+]\s+)?([A-Za-z][A-Za-z ]{1,40}?)\s*(:|=|\s[-–—]\s|\s(?:at|on)\s|\s(?=[~\d]))\s*(?:(?:at|on)\s+)?(.*)$/;
const MONTH_NAME = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DAY_NAME = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?';
const WHEN_START = new RegExp(
  `^(?:~\\s*|(?:approx\\.?|around|about|ca\\.)\\s+)?(?:\\d|${DAY_NAME}\\s+(?:\\d|${MONTH_NAME}\\s+\\d)|${MONTH_NAME}\\s+\\d)`,
  'i',
);
const DURATION = /^~?\s*\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?|d|days?|w|weeks?)\b/i;

/**
 * A labelled milestone line outside the timeline: `First detected: 2023-07-21 08:15`, `Resolved: ...`,
 * `Incident declared - 10:05`, `**Repaired** 2023-07-21 10:15` (mitigated), `Outage ends at 11:00`.
 * The value must start with a date or time; `Time to detection: 7 hours` (a duration), `Resolved: yes`
 * and prose are not milestone lines. Returns the milestone and the text after the label, else null.
 */
export function milestoneLabel(text: string): { milestone: MilestoneName; value: string } | null {
  const line = String(text).replace(/[*_]+/g, '').replace(/\s+/g, ' ').trim();
  const match = LABEL_LINE.exec(line);
  if (match === null) return null;
  const label = (match[1] ?? '').trim();
  const value = (match[3] ?? '').trim();
  if (!WHEN_START.test(value) || DURATION.test(value)) return null;
  const found = LABELS.find(([, pattern]) => pattern.test(label));
  return found === undefined ? null : { milestone: found[0], value };
}
