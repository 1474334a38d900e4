/**
 * Test data written straight into the tables (as the ingest would), for exact control over statuses, links,
 * archive and removal states that the markdown alone cannot produce. Also fills the search index.
 */
import type { Database } from '../../../server/db/connection.ts';
import { actionItemLinks, actionItems, incidentSlugAliases, incidents, incidentTags, timelineEntries } from '../../../server/db/schema.ts';
import type { ActionItemStatus } from '../../../server/db/schema.ts';
import type { Diagnostic, ParsedPostmortem, TimelineKind } from '../../../server/domain/postmortem.ts';

export interface SeedLink {
  ref: string;
  kind?: 'issue' | 'pull' | 'commit' | 'other';
  source?: 'markdown' | 'service';
  state?: string | null;
  assignees?: string[];
}

export interface SeedItem {
  text: string;
  status?: ActionItemStatus;
  group?: string | null;
  owner?: string | null;
  due?: string | null;
  done?: boolean | null;
  archived?: boolean;
  createdAt?: string;
  /** When the item was first seen done (`done_at`); default: none. */
  doneAt?: string | null;
  links?: SeedLink[];
}

export interface SeedEntry {
  time: string;
  text: string;
  kind?: TimelineKind;
}

export interface SeedIncident {
  slug: string;
  title?: string | null;
  date?: string | null;
  summary?: string | null;
  severity?: string | null;
  tags?: string[];
  startedAt?: string | null;
  detectSeconds?: number | null;
  resolveSeconds?: number | null;
  mitigatedSeconds?: number | null;
  markdown?: string | null;
  diagnostics?: Diagnostic[];
  timeline?: SeedEntry[];
  items?: SeedItem[];
  removed?: boolean;
  error?: string | null;
  aliases?: string[];
  updatedAt?: string;
  fileHash?: string;
  /** Store no parse at all (a file that never parsed). */
  neverParsed?: boolean;
}

const plus = (start: string | null | undefined, seconds: number | null | undefined) =>
  start && seconds != null ? new Date(Date.parse(start) + seconds * 1000).toISOString().replace('.000Z', 'Z') : null;

/** Inserts `spec` with its tags, timeline, items, links, aliases and search row; returns the incident id. */
export function seedIncident(database: Database, spec: SeedIncident): number {
  const { db } = database;
  const startedAt = spec.startedAt ?? (spec.date ? `${spec.date}T10:00:00Z` : null);
  const timeline = spec.timeline ?? [];
  const items = spec.items ?? [];
  const parsed: ParsedPostmortem = {
    file: `${spec.slug}.md`,
    title: spec.title ?? null,
    date: spec.date ?? null,
    timezone: 'UTC',
    timezoneSource: 'declared',
    declaredTimezone: 'UTC',
    summary: spec.summary ?? null,
    sections: [{ heading: 'Summary', kind: 'summary', line: 3 }],
    timeline: [],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [],
    metadata: spec.severity ? { severity: spec.severity } : {},
    diagnostics: spec.diagnostics ?? [],
  };
  const row = db
    .insert(incidents)
    .values({
      slug: spec.slug,
      sourcePath: `${spec.slug}.md`,
      title: spec.title ?? null,
      date: spec.date ?? null,
      timezone: 'UTC',
      timezoneSource: 'declared',
      declaredTimezone: 'UTC',
      summary: spec.summary ?? null,
      severity: spec.severity ?? null,
      startedAt,
      detectedAt: plus(startedAt, spec.detectSeconds),
      mitigatedAt: plus(startedAt, spec.mitigatedSeconds),
      resolvedAt: plus(startedAt, spec.resolveSeconds),
      detectSeconds: spec.detectSeconds ?? null,
      resolveSeconds: spec.resolveSeconds ?? null,
      milestones: spec.neverParsed ? null : parsed.milestones,
      parsed: spec.neverParsed ? null : parsed,
      markdown: spec.neverParsed ? null : (spec.markdown ?? `# ${spec.title ?? spec.slug}\n`),
      fileHash: spec.fileHash ?? `hash-${spec.slug}`,
      error: spec.error ?? null,
      errorAt: spec.error ? '2024-07-01T00:00:00.000Z' : null,
      removedAt: spec.removed ? '2024-07-02T00:00:00.000Z' : null,
      updatedAt: spec.updatedAt ?? '2024-07-01T00:00:00.000Z',
    })
    .returning({ id: incidents.id })
    .get();
  const id = row.id;
  for (const tag of spec.tags ?? []) db.insert(incidentTags).values({ incidentId: id, tag }).run();
  for (const alias of spec.aliases ?? []) db.insert(incidentSlugAliases).values({ slug: alias, incidentId: id }).run();
  timeline.forEach((entry, position) => {
    db.insert(timelineEntries)
      .values({
        incidentId: id,
        position,
        date: spec.date ?? null,
        time: entry.time,
        endTime: null,
        at: spec.date ? `${spec.date}T${entry.time}:00Z` : null,
        timezone: 'UTC',
        approximate: false,
        text: entry.text,
        kind: entry.kind ?? 'other',
        line: 10 + position,
      })
      .run();
  });
  items.forEach((item, position) => {
    const itemRow = db
      .insert(actionItems)
      .values({
        incidentId: id,
        position,
        text: item.text,
        group: item.group ?? null,
        done: item.done ?? null,
        owner: item.owner ?? null,
        due: item.due ?? null,
        line: 30 + position,
        status: item.status ?? 'open',
        ...(item.createdAt ? { createdAt: item.createdAt } : {}),
        doneAt: item.doneAt ?? null,
        updatedAt: '2024-07-01T00:00:00.000Z',
        archivedAt: item.archived ? '2024-07-03T00:00:00.000Z' : null,
      })
      .returning({ id: actionItems.id })
      .get();
    for (const link of item.links ?? []) {
      db.insert(actionItemLinks)
        .values({
          actionItemId: itemRow.id,
          source: link.source ?? 'markdown',
          ref: link.ref,
          url: link.ref.startsWith('http') ? link.ref : null,
          repo: 'example-org/app',
          number: Number(/(\d+)$/.exec(link.ref)?.[1] ?? 0) || null,
          kind: link.kind ?? 'issue',
          state: link.state ?? null,
          assignees: link.assignees ?? null,
        })
        .run();
    }
  });
  database.sqlite
    .prepare('INSERT INTO incident_search (rowid, title, summary, timeline, action_items) VALUES (?, ?, ?, ?, ?)')
    .run(id, spec.title ?? '', spec.summary ?? '', timeline.map((e) => e.text).join('\n'), items.map((i) => i.text).join('\n'));
  return id;
}
