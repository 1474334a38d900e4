/**
 * What the store keeps of one parse: the incident columns (milestone instants, durations, severity, tags) and the
 * text the full-text index holds. Pure functions of the parse.
 */
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import type { IncidentContent, SearchText } from '../db/incident-store.ts';

/**
 * The incident columns for `parsed`, read from `markdown`. Time to resolve runs from the start to the resolution,
 * or to the mitigation when the report names no resolution (service was restored then).
 */
export function incidentContent(parsed: ParsedPostmortem, markdown: string): IncidentContent {
  const m = parsed.milestones;
  const { timeline: _timeline, actionItems: _items, ...stored } = parsed;
  return {
    title: parsed.title,
    date: parsed.date,
    timezone: parsed.timezone,
    timezoneSource: parsed.timezoneSource,
    declaredTimezone: parsed.declaredTimezone,
    summary: parsed.summary,
    severity: severityOf(parsed, markdown),
    startedAt: m.started?.at ?? null,
    detectedAt: m.detected?.at ?? null,
    declaredAt: m.declared?.at ?? null,
    mitigatedAt: m.mitigated?.at ?? null,
    resolvedAt: m.resolved?.at ?? null,
    detectSeconds: secondsBetween(m.started?.at, m.detected?.at),
    resolveSeconds: secondsBetween(m.started?.at, m.resolved?.at ?? m.mitigated?.at),
    milestones: m,
    parsed: stored,
    markdown,
  };
}

/** Seconds from `from` to `to` (ISO instants), or null when either is missing or `to` is earlier. */
export function secondsBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const seconds = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * The severity the report states (`severity:`, `sev:`, `priority:` in front matter or a header line), as written;
 * else a `SEV-2` / `Sev 1` written in the title or the report's first three lines (`**Incident: ...** (2024-06-18,
 * SEV-2, IC @tomasz)`), as `SEV-2`.
 */
export function severityOf(parsed: ParsedPostmortem, markdown = ''): string | null {
  const meta = parsed.metadata;
  const stated = meta['severity'] ?? meta['sev'] ?? meta['priority'] ?? null;
  if (stated) return stated.trim();
  const head = markdown.split('\n').filter((line) => line.trim() !== '').slice(0, 3).join('\n');
  const written = /\bSEV[- ]?(\d)\b/i.exec(`${parsed.title ?? ''}\n${head}`);
  return written ? `SEV-${written[1]}` : null;
}

/** Tags the report states (`tags:`, `labels:`), lower-cased, without duplicates. */
export function tagsOf(parsed: ParsedPostmortem): string[] {
  const written = [parsed.metadata['tags'], parsed.metadata['labels']].filter((v): v is string => Boolean(v));
  const tags = written.flatMap((list) => list.split(',')).map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  return [...new Set(tags)];
}

/** The search row: title, summary, the timeline's text and the action items' text. */
export function searchText(parsed: ParsedPostmortem): SearchText {
  return {
    title: parsed.title ?? '',
    summary: parsed.summary ?? '',
    timeline: parsed.timeline.map((entry) => entry.text).join('\n'),
    actionItems: parsed.actionItems.map((item) => [item.group, item.text, item.owner].filter(Boolean).join(' ')).join('\n'),
  };
}
