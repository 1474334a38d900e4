/**
 * The detail view of one incident, composed from the repository's queries, with two caches:
 * - what depends only on the stored file (rendered HTML, sections, metadata, diagnostics, milestones, timeline),
 *   by incident id, file hash and update time: it survives every other change;
 * - the whole view, by slug, valid while the database has not been written at all (its change stamp) and the
 *   day (for overdue items) is the same: repeated reads cost two tiny queries.
 */
import type { Database } from '../db/connection.ts';
import {
  findIncident,
  readIncidentActionItems,
  readIncidentDocument,
  readTimeline,
  type IncidentDocument,
  type TimelineEntryRow,
} from '../db/queries/incident-detail.ts';
import { changeStamp } from '../db/queries/change-stamp.ts';
import { dayOf } from '../db/queries/today.ts';
import { renderMarkdownHtml } from '../render/markdown-html.ts';
import { LruCache } from './lru-cache.ts';
import { safeguardsOfItems, type ItemSafeguard } from '../safeguards/queries.ts';
import type { IncidentDetail } from './schemas/incidents.ts';

/** What is derived from an incident's stored file. */
interface DerivedDocument extends Omit<IncidentDocument, 'markdown'> {
  /** False when the file never parsed (no markdown was ever stored). */
  parsed: boolean;
  html: string;
  timeline: TimelineEntryRow[];
}

/** Options of `IncidentDetailReader`. */
export interface IncidentDetailOptions {
  database: Database;
  /** The clock for overdue items. */
  now: () => Date;
  /** Most documents cached. Default: 1000. */
  cacheEntries?: number;
  /** Most characters cached (HTML and the rest, as JSON). Default: 64 Mi. */
  cacheCharacters?: number;
}

/** Reads incident details by slug, caching what is derived from the file. */
export class IncidentDetailReader {
  readonly #database: Database;
  readonly #now: () => Date;
  readonly #cache: LruCache<{ document: DerivedDocument; weight: number }>;
  readonly #views: LruCache<{ stamp: string; day: string; view: IncidentDetail; weight: number }>;

  constructor(options: IncidentDetailOptions) {
    this.#database = options.database;
    this.#now = options.now;
    this.#cache = new LruCache({
      maxEntries: options.cacheEntries ?? 1000,
      maxWeight: options.cacheCharacters ?? 64 * 1024 * 1024,
      weigh: (entry) => entry.weight,
    });
    // Views hold their document's HTML too: the same bounds, so neither cache keeps more than the limits.
    this.#views = new LruCache({
      maxEntries: options.cacheEntries ?? 1000,
      maxWeight: options.cacheCharacters ?? 64 * 1024 * 1024,
      weigh: (entry) => entry.weight,
    });
  }

  /** The incident named `slug` (or formerly named so), or null when there is none. */
  read(slug: string): IncidentDetail | null {
    const stamp = changeStamp(this.#database);
    const day = dayOf(this.#now());
    const cached = stamp === null ? undefined : this.#views.get(slug);
    if (cached && cached.stamp === stamp && cached.day === day) return cached.view;
    const found = this.#read(slug, day);
    if (!found) return null;
    if (stamp !== null) this.#views.set(slug, { stamp, day, ...found });
    return found.view;
  }

  #read(slug: string, day: string): { view: IncidentDetail; weight: number } | null {
    const incident = findIncident(this.#database, slug);
    if (!incident) return null;
    const { document, weight } = this.#document(incident.id, `${incident.id}:${incident.fileHash ?? ''}:${incident.updatedAt}`);
    const view: IncidentDetail = {
      slug: incident.slug,
      sourcePath: incident.sourcePath,
      title: incident.title,
      date: incident.date,
      timezone: incident.timezone,
      timezoneSource: incident.timezoneSource,
      declaredTimezone: incident.declaredTimezone,
      summary: incident.summary,
      severity: incident.severity,
      tags: incident.tags,
      detectSeconds: incident.detectSeconds,
      resolveSeconds: incident.resolveSeconds,
      milestones: document.milestones,
      sections: document.sections,
      metadata: document.metadata,
      timeline: document.timeline,
      diagnostics: document.diagnostics,
      actionItems: withSafeguards(this.#database, readIncidentActionItems(this.#database, incident.id, day), this.#now()),
      html: document.html,
      parsed: document.parsed,
      error: incident.error,
      errorAt: incident.errorAt,
      removed: incident.removedAt !== null,
      removedAt: incident.removedAt,
      createdAt: incident.createdAt,
      updatedAt: incident.updatedAt,
    };
    return { view, weight };
  }

  #document(id: number, key: string): { document: DerivedDocument; weight: number } {
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const { markdown, ...parsed } = readIncidentDocument(this.#database, id);
    const document: DerivedDocument = {
      ...parsed,
      parsed: markdown !== null,
      html: markdown === null ? '' : renderMarkdownHtml(markdown),
      timeline: readTimeline(this.#database, id),
    };
    const weight = document.html.length + JSON.stringify(parsed).length + JSON.stringify(document.timeline).length;
    this.#cache.set(key, { document, weight });
    return { document, weight };
  }
}

/** `items` with the safeguards that implement each. */
function withSafeguards<T extends { id: number }>(database: Database, items: T[], now: Date): Array<T & { safeguards: ItemSafeguard[] }> {
  const byItem = safeguardsOfItems(database, items.map((item) => item.id), now);
  return items.map((item) => ({ ...item, safeguards: byItem.get(item.id) ?? [] }));
}
