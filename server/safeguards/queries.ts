/**
 * Reading safeguards for the API and the UI: the list (with the action items each implements and their incidents),
 * one safeguard with its history, and the safeguards of an incident's items or of one item, so drift shows where
 * people look. Queries only.
 */
import type { Database } from '../db/connection.ts';
import { findIncident } from '../db/queries/incident-detail.ts';
import { statement } from '../db/queries/statements.ts';
import { attestationStatus } from './attestation.ts';
import type { SafeguardKind, SafeguardState, SafeguardTarget } from './declaration.ts';
import { SAFEGUARD_COLUMNS, toSafeguardRow, type SafeguardRow } from './store.ts';

/** An action item a safeguard implements. */
export interface SafeguardItem {
  id: number;
  text: string;
  /** How the link was made: in the safeguards file, or through the service. */
  source: 'file' | 'service';
  /** The item was removed from its postmortem. */
  archived: boolean;
  incident: { slug: string; title: string | null };
}

/** A safeguard as the API shows it. */
export interface SafeguardView {
  key: string;
  kind: SafeguardKind;
  repo: string | null;
  branch: string | null;
  path: string | null;
  check: string | null;
  description: string | null;
  /** The kind's options (`reviews`, `owners`, `environment` ...). */
  target: SafeguardTarget;
  source: 'file' | 'service';
  state: SafeguardState;
  stateDetail: string | null;
  verifiedAt: string | null;
  firstVerifiedAt: string | null;
  checkedAt: string | null;
  /** Why the last check could not decide (the state is from before), else null. */
  checkError: string | null;
  attestation: { by: string; at: string; expiresAt: string; expired: boolean } | null;
  archived: boolean;
  archivedAt: string | null;
  items: SafeguardItem[];
}

/** One entry of a safeguard's history. */
export interface SafeguardCheckView {
  at: string;
  state: SafeguardState;
  detail: string | null;
}

/** A safeguard with its history. */
export interface SafeguardDetailView extends SafeguardView {
  /** Newest first. */
  history: SafeguardCheckView[];
}

/** Which safeguards a list shows: current ones, those removed from the file, or both. */
export type ArchivedSafeguards = 'current' | 'archived' | 'all';

/** Filters of `listSafeguards`; each left out (or null) filters nothing. */
export interface SafeguardFilter {
  state?: SafeguardState | null;
  kind?: SafeguardKind | null;
  /** `owner/name`, case-insensitive. */
  repo?: string | null;
  /** Slug (or former slug): only safeguards implementing an item of this incident. Unknown: none. */
  incident?: string | null;
  /** Default: `current`. */
  archived?: ArchivedSafeguards;
  /** For attestation expiry. */
  now: Date;
}

/** Every safeguard matching `filter`, by key, with the counts by state of the matches. */
export function listSafeguards(database: Database, filter: SafeguardFilter): { items: SafeguardView[]; total: number; counts: Record<SafeguardState, number> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const archived = filter.archived ?? 'current';
  if (archived === 'current') where.push('s.archived_at IS NULL');
  if (archived === 'archived') where.push('s.archived_at IS NOT NULL');
  if (filter.kind) {
    where.push('s.kind = @kind');
    params.kind = filter.kind;
  }
  if (filter.repo) {
    where.push('lower(s.repo) = lower(@repo)');
    params.repo = filter.repo;
  }
  if (filter.incident) {
    const incident = findIncident(database, filter.incident);
    where.push('s.id IN (SELECT l.safeguard_id FROM action_item_safeguards l JOIN action_items a ON a.id = l.action_item_id WHERE a.incident_id = @incidentId)');
    params.incidentId = incident?.id ?? -1;
  }
  const sql = `SELECT ${SAFEGUARD_COLUMNS} FROM safeguards s${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY s.key`;
  const matching = (statement(database, sql).all(params) as unknown[]).map(toSafeguardRow);
  const counts: Record<SafeguardState, number> = { unknown: 0, verified: 0, drifted: 0, missing: 0, manual: 0 };
  for (const row of matching) counts[row.state] += 1;
  const chosen = filter.state ? matching.filter((row) => row.state === filter.state) : matching;
  const items = itemsOf(database, chosen.map((row) => row.id));
  return { items: chosen.map((row) => toView(row, items.get(row.id) ?? [], filter.now)), total: chosen.length, counts };
}

/** The safeguard `key` (archived ones too) with its newest `historyLimit` checks (default 100), or null. */
export function safeguardDetail(database: Database, key: string, options: { now: Date; historyLimit?: number }): SafeguardDetailView | null {
  const raw = statement(database, `SELECT ${SAFEGUARD_COLUMNS} FROM safeguards s WHERE s.key = ?`).get(key);
  if (!raw) return null;
  const row = toSafeguardRow(raw);
  const history = statement(database, 'SELECT at, state, detail FROM safeguard_checks WHERE safeguard_id = ? ORDER BY at DESC, id DESC LIMIT ?')
    .all(row.id, options.historyLimit ?? 100) as SafeguardCheckView[];
  return { ...toView(row, itemsOf(database, [row.id]).get(row.id) ?? [], options.now), history };
}

/** A safeguard as shown on an action item. */
export interface ItemSafeguard {
  key: string;
  kind: SafeguardKind;
  description: string | null;
  state: SafeguardState;
  stateDetail: string | null;
  checkError: string | null;
  checkedAt: string | null;
  /** manual: the attestation has expired. */
  expired: boolean;
  /** manual: until when the last attestation holds (past when `expired`), or null when nobody attested it. */
  attestedUntil: string | null;
  /** How the link was made. */
  source: 'file' | 'service';
}

const ITEM_SAFEGUARDS_SQL = `
SELECT l.action_item_id AS itemId, l.source AS linkSource, ${SAFEGUARD_COLUMNS}
FROM action_item_safeguards l JOIN safeguards s ON s.id = l.safeguard_id
WHERE s.archived_at IS NULL AND l.action_item_id IN (SELECT value FROM json_each(?))
ORDER BY s.key`;

/** The current safeguards of each of `itemIds`, by item id (items without any are absent). */
export function safeguardsOfItems(database: Database, itemIds: readonly number[], now: Date): Map<number, ItemSafeguard[]> {
  const byItem = new Map<number, ItemSafeguard[]>();
  if (itemIds.length === 0) return byItem;
  for (const raw of statement(database, ITEM_SAFEGUARDS_SQL).all(JSON.stringify(itemIds)) as Array<{ itemId: number; linkSource: 'file' | 'service' }>) {
    const row = toSafeguardRow(raw);
    const list = byItem.get(raw.itemId) ?? [];
    list.push({
      key: row.key,
      kind: row.kind,
      description: row.description,
      state: row.state,
      stateDetail: row.stateDetail,
      checkError: row.checkError,
      checkedAt: row.checkedAt,
      expired: row.state === 'manual' && attestationStatus(row, now) === 'expired',
      attestedUntil: row.attestationExpiresAt ?? null,
      source: raw.linkSource,
    });
    byItem.set(raw.itemId, list);
  }
  return byItem;
}

/** The current safeguards of action item `itemId`. */
export function safeguardsOfItem(database: Database, itemId: number, now: Date): ItemSafeguard[] {
  return safeguardsOfItems(database, [itemId], now).get(itemId) ?? [];
}

/** An incident's safeguards by action item, and how many are in each state (a safeguard of two items counted once). */
export interface IncidentSafeguards {
  items: { itemId: number; text: string; archived: boolean; safeguards: ItemSafeguard[] }[];
  counts: Record<SafeguardState, number>;
  /** Any safeguard drifted: the incident's fixes are eroding. */
  drifted: boolean;
}

/** The safeguards of the items of the incident with `slug` (or a former slug); null when there is no such incident. */
export function safeguardsOfIncident(database: Database, slug: string, now: Date): IncidentSafeguards | null {
  const incident = findIncident(database, slug);
  if (!incident) return null;
  const items = statement(database, 'SELECT id, text, archived_at AS archivedAt FROM action_items WHERE incident_id = ? ORDER BY archived_at IS NOT NULL, position')
    .all(incident.id) as { id: number; text: string; archivedAt: string | null }[];
  const byItem = safeguardsOfItems(database, items.map((item) => item.id), now);
  const counts: Record<SafeguardState, number> = { unknown: 0, verified: 0, drifted: 0, missing: 0, manual: 0 };
  const seen = new Set<string>();
  const result: IncidentSafeguards['items'] = [];
  for (const item of items) {
    const safeguards = byItem.get(item.id);
    if (!safeguards) continue;
    result.push({ itemId: item.id, text: item.text, archived: item.archivedAt !== null, safeguards });
    for (const safeguard of safeguards) {
      if (seen.has(safeguard.key)) continue;
      seen.add(safeguard.key);
      counts[safeguard.state] += 1;
    }
  }
  return { items: result, counts, drifted: counts.drifted > 0 };
}

const ITEMS_SQL = `
SELECT l.safeguard_id AS safeguardId, a.id, a.text, l.source, a.archived_at IS NOT NULL AS archived, i.slug, i.title
FROM action_item_safeguards l JOIN action_items a ON a.id = l.action_item_id JOIN incidents i ON i.id = a.incident_id
WHERE l.safeguard_id IN (SELECT value FROM json_each(?))
ORDER BY i.date DESC, i.slug, a.position`;

function itemsOf(database: Database, safeguardIds: readonly number[]): Map<number, SafeguardItem[]> {
  const bySafeguard = new Map<number, SafeguardItem[]>();
  if (safeguardIds.length === 0) return bySafeguard;
  const rows = statement(database, ITEMS_SQL).all(JSON.stringify(safeguardIds)) as Array<{
    safeguardId: number;
    id: number;
    text: string;
    source: 'file' | 'service';
    archived: number;
    slug: string;
    title: string | null;
  }>;
  for (const row of rows) {
    const list = bySafeguard.get(row.safeguardId) ?? [];
    list.push({ id: row.id, text: row.text, source: row.source, archived: row.archived === 1, incident: { slug: row.slug, title: row.title } });
    bySafeguard.set(row.safeguardId, list);
  }
  return bySafeguard;
}

function toView(row: SafeguardRow, items: SafeguardItem[], now: Date): SafeguardView {
  return {
    key: row.key,
    kind: row.kind,
    repo: row.repo,
    branch: row.branch,
    path: row.path,
    check: row.checkName,
    description: row.description,
    target: row.target,
    source: row.source,
    state: row.state,
    stateDetail: row.stateDetail,
    verifiedAt: row.verifiedAt,
    firstVerifiedAt: row.firstVerifiedAt,
    checkedAt: row.checkedAt,
    checkError: row.checkError,
    attestation:
      row.attestedBy && row.attestedAt && row.attestationExpiresAt
        ? { by: row.attestedBy, at: row.attestedAt, expiresAt: row.attestationExpiresAt, expired: attestationStatus(row, now) === 'expired' }
        : null,
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt,
    items,
  };
}
