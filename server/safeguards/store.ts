/**
 * Writing safeguards: loading `safeguards.yml` (idempotent: loading the same file again changes nothing), creating
 * one through the service, linking it to action items, attesting a manual one, recording a check. Each write is
 * one transaction.
 *
 * Rules: a safeguard from the file is `source: file`; one removed from the file is archived, never deleted (its
 * history and links stay); one whose target changed in the file (another check, branch, repository ...) starts
 * over as `unknown`, since what was verified (or attested) no longer applies. Safeguards created through the service are never
 * touched by a file load, and links made through the service stay when the file changes.
 */
import type { Database } from '../db/connection.ts';
import { findIncident } from '../db/queries/incident-detail.ts';
import { statement } from '../db/queries/statements.ts';
import { attestationDetail, attestationExpiry, isoTime } from './attestation.ts';
import {
  checkDeclaration,
  describeTargetChange,
  isManualKind,
  sameTarget,
  stableJson,
  type SafeguardDeclaration,
  type SafeguardState,
  type SafeguardTarget,
} from './declaration.ts';
import { matchItem } from './match-item.ts';
import type { FileProblem, SafeguardsFileResult } from './safeguards-file.ts';

/** A row of `safeguards`, under its field names (`target` parsed). */
export interface SafeguardRow extends SafeguardDeclaration {
  id: number;
  source: 'file' | 'service';
  state: SafeguardState;
  stateDetail: string | null;
  verifiedAt: string | null;
  firstVerifiedAt: string | null;
  checkedAt: string | null;
  checkError: string | null;
  attestedBy: string | null;
  attestedAt: string | null;
  attestationExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** Why a service write was refused: `invalid` (400), `not-found` (404), `conflict` (409). */
export class SafeguardError extends Error {
  constructor(
    readonly reason: 'invalid' | 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'SafeguardError';
  }
}

/** The columns of `safeguards` under `SafeguardRow`'s names (`target` as JSON text). */
export const SAFEGUARD_COLUMNS = `s.id, s.key, s.kind, s.repo, s.branch, s.path, s.check_name AS checkName, s.description, s.target,
  s.source, s.state, s.state_detail AS stateDetail, s.verified_at AS verifiedAt, s.first_verified_at AS firstVerifiedAt,
  s.checked_at AS checkedAt, s.check_error AS checkError, s.attested_by AS attestedBy, s.attested_at AS attestedAt,
  s.attestation_expires_at AS attestationExpiresAt, s.created_at AS createdAt, s.updated_at AS updatedAt, s.archived_at AS archivedAt`;

/** A raw row (from a query selecting `SAFEGUARD_COLUMNS`) as a `SafeguardRow`. */
export function toSafeguardRow(raw: unknown): SafeguardRow {
  const row = raw as Omit<SafeguardRow, 'target'> & { target: string | null };
  return { ...row, target: row.target ? (JSON.parse(row.target) as SafeguardTarget) : {} };
}

/** The safeguard with `key` (archived ones too), or null. */
export function safeguardByKey(database: Database, key: string): SafeguardRow | null {
  const raw = statement(database, `SELECT ${SAFEGUARD_COLUMNS} FROM safeguards s WHERE s.key = ?`).get(key);
  return raw ? toSafeguardRow(raw) : null;
}

/** What loading the file did. */
export interface LoadResult {
  created: number;
  /** Changed in the file (definition or description), or back in the file after having been archived. */
  updated: number;
  unchanged: number;
  /** Removed from the file: archived. */
  archived: number;
  /** Links to action items added, and file links removed because the file no longer names the item. */
  linked: number;
  unlinked: number;
  /** The file's own problems and the references that matched no item (or several); those entries or links are skipped. */
  problems: FileProblem[];
}

/**
 * Stores the safeguards of a read file (`readSafeguardsFile`) as `source: file`, links them to the action items
 * they name, and archives file safeguards no longer in it (only when the file was read as a whole). `file` names
 * the file in problems. Idempotent.
 */
export function loadSafeguards(database: Database, read: SafeguardsFileResult, options: { now: Date; file: string }): LoadResult {
  const now = isoTime(options.now);
  const result: LoadResult = { created: 0, updated: 0, unchanged: 0, archived: 0, linked: 0, unlinked: 0, problems: [...read.problems] };
  const problem = (line: number, message: string) => result.problems.push({ file: options.file, line, message });

  database.sqlite.transaction(() => {
    for (const entry of read.safeguards) {
      const { declaration } = entry;
      const existing = safeguardByKey(database, declaration.key);
      if (existing && existing.source === 'service') {
        problem(entry.line, `id ${JSON.stringify(declaration.key)} is already used by a safeguard created through the API (choose another id; this entry is skipped)`);
        continue;
      }
      let id: number;
      if (!existing) {
        id = insertSafeguard(database, declaration, 'file', now);
        result.created += 1;
      } else {
        id = existing.id;
        const changed = updateDefinition(database, existing, declaration, now);
        if (changed) result.updated += 1;
        else result.unchanged += 1;
      }

      const wanted = new Set<number>();
      let allResolved = true;
      for (const reference of entry.implements) {
        const incident = findIncident(database, reference.incident);
        if (!incident) {
          problem(reference.line, `safeguard ${JSON.stringify(declaration.key)}: no incident ${JSON.stringify(reference.incident)} (use the incident's slug, as in its URL)`);
          allResolved = false;
          continue;
        }
        const items = statement(database, 'SELECT id, text FROM action_items WHERE incident_id = ? AND archived_at IS NULL ORDER BY position')
          .all(incident.id) as { id: number; text: string }[];
        const match = matchItem(items, reference.item);
        if ('problem' in match) {
          problem(reference.line, `safeguard ${JSON.stringify(declaration.key)}: incident ${incident.slug}: ${match.problem}`);
          allResolved = false;
          continue;
        }
        wanted.add(match.item.id);
      }
      for (const itemId of wanted) {
        const info = statement(database, `INSERT OR IGNORE INTO action_item_safeguards (action_item_id, safeguard_id, source) VALUES (?, ?, 'file')`).run(itemId, id);
        result.linked += info.changes;
      }
      // A reference that no longer matches might still mean a linked item: keep every link rather than guess.
      if (allResolved) {
        const stale = statement(database, `SELECT action_item_id AS itemId FROM action_item_safeguards WHERE safeguard_id = ? AND source = 'file'`)
          .all(id) as { itemId: number }[];
        for (const { itemId } of stale) {
          if (wanted.has(itemId)) continue;
          statement(database, 'DELETE FROM action_item_safeguards WHERE action_item_id = ? AND safeguard_id = ?').run(itemId, id);
          result.unlinked += 1;
        }
      }
    }

    if (read.complete) {
      const inFile = new Set(read.ids);
      const current = statement(database, `SELECT id, key FROM safeguards WHERE source = 'file' AND archived_at IS NULL`).all() as { id: number; key: string }[];
      for (const row of current) {
        if (inFile.has(row.key)) continue;
        statement(database, 'UPDATE safeguards SET archived_at = ?, updated_at = ? WHERE id = ?').run(now, now, row.id);
        result.archived += 1;
      }
    }
  })();
  return result;
}

/** Input of `createSafeguard`: the file's field names (`id`, `kind`, `repo`, `check` ...), plus items to link. */
export type SafeguardInput = Record<string, unknown>;

/**
 * Creates a safeguard through the service (`source: service`) and links it to `itemIds` (current action items).
 * Throws a `SafeguardError`: `invalid` listing every problem of the input, `conflict` when the id is taken,
 * `not-found` for an unknown item.
 */
export function createSafeguard(database: Database, input: SafeguardInput, options: { now: Date; itemIds?: readonly number[] }): SafeguardRow {
  const checked = checkDeclaration(input);
  if ('problems' in checked) throw new SafeguardError('invalid', checked.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  const { declaration } = checked;
  const now = isoTime(options.now);
  return database.sqlite.transaction(() => {
    const existing = safeguardByKey(database, declaration.key);
    if (existing) {
      const where = existing.source === 'file' ? 'declared in the safeguards file' : 'created through the API';
      throw new SafeguardError('conflict', `a safeguard with id ${JSON.stringify(declaration.key)} exists (${where}${existing.archivedAt ? ', archived' : ''})`);
    }
    const id = insertSafeguard(database, declaration, 'service', now);
    for (const itemId of new Set(options.itemIds ?? [])) {
      requireItem(database, itemId);
      statement(database, `INSERT OR IGNORE INTO action_item_safeguards (action_item_id, safeguard_id, source) VALUES (?, ?, 'service')`).run(itemId, id);
    }
    return safeguardByKey(database, declaration.key)!;
  })();
}

/** Links safeguard `key` to action item `itemId` (`source: service`); false when they were linked already. */
export function linkSafeguard(database: Database, key: string, itemId: number): boolean {
  return database.sqlite.transaction(() => {
    const safeguard = requireSafeguard(database, key);
    if (safeguard.archivedAt) throw new SafeguardError('conflict', `safeguard ${JSON.stringify(key)} is archived (removed from the safeguards file)`);
    requireItem(database, itemId);
    const info = statement(database, `INSERT OR IGNORE INTO action_item_safeguards (action_item_id, safeguard_id, source) VALUES (?, ?, 'service')`).run(itemId, safeguard.id);
    return info.changes > 0;
  })();
}

/** Removes a link made through the service; a link from the file is refused (`conflict`): change the file. */
export function unlinkSafeguard(database: Database, key: string, itemId: number): void {
  database.sqlite.transaction(() => {
    const safeguard = requireSafeguard(database, key);
    const link = statement(database, 'SELECT source FROM action_item_safeguards WHERE action_item_id = ? AND safeguard_id = ?').get(itemId, safeguard.id) as
      | { source: 'file' | 'service' }
      | undefined;
    if (!link) throw new SafeguardError('not-found', `safeguard ${JSON.stringify(key)} is not linked to action item ${itemId}`);
    if (link.source === 'file') {
      throw new SafeguardError('conflict', `the link of safeguard ${JSON.stringify(key)} to action item ${itemId} is declared in the safeguards file: remove it there`);
    }
    statement(database, 'DELETE FROM action_item_safeguards WHERE action_item_id = ? AND safeguard_id = ?').run(itemId, safeguard.id);
  })();
}

/**
 * Deletes a safeguard created through the service, with its links and history (a mistyped one would otherwise
 * stay `missing` for ever and keep its id from the file). Refused (`conflict`) for one declared in the safeguards
 * file: remove it there.
 */
export function deleteSafeguard(database: Database, key: string): void {
  database.sqlite.transaction(() => {
    const safeguard = requireSafeguard(database, key);
    if (safeguard.source === 'file') {
      throw new SafeguardError('conflict', `safeguard ${JSON.stringify(key)} is declared in the safeguards file: remove it there`);
    }
    statement(database, 'DELETE FROM safeguards WHERE id = ?').run(safeguard.id);
  })();
}

/**
 * Records that `by` checked the manual safeguard `key` (a runbook, another control no API shows) and found it in
 * place; it holds for `days` days. Refused (`conflict`) for kinds checked through GitHub and archived safeguards.
 */
export function attestSafeguard(database: Database, key: string, options: { by: string; note?: string | null; now: Date; days: number }): SafeguardRow {
  return database.sqlite.transaction(() => {
    const safeguard = requireSafeguard(database, key);
    if (!isManualKind(safeguard.kind)) {
      throw new SafeguardError('conflict', `safeguard ${JSON.stringify(key)} is a ${safeguard.kind}: it is verified through GitHub, not attested`);
    }
    if (safeguard.archivedAt) throw new SafeguardError('conflict', `safeguard ${JSON.stringify(key)} is archived (removed from the safeguards file)`);
    const at = isoTime(options.now);
    const attestation = { attestedBy: options.by, attestedAt: at, attestationExpiresAt: attestationExpiry(options.now, options.days) };
    const detail = attestationDetail(attestation, options.now);
    statement(
      database,
      `UPDATE safeguards SET attested_by = ?, attested_at = ?, attestation_expires_at = ?, state = 'manual', state_detail = ?, updated_at = ? WHERE id = ?`,
    ).run(options.by, at, attestation.attestationExpiresAt, detail, at, safeguard.id);
    const note = options.note?.trim();
    appendCheck(database, safeguard.id, at, 'manual', note ? `${detail}: ${note}` : detail);
    return safeguardByKey(database, key)!;
  })();
}

/** The outcome of one check, as `verify.ts` decides it. */
export type CheckRecord =
  | { kind: 'decided'; state: SafeguardState; detail: string; inPlace: boolean }
  | { kind: 'undecided'; error: string };

/**
 * Writes a check of `safeguard` at `now`: a decided one sets state and detail (and when it was found in place);
 * an undecided one records `check_error` and leaves state and detail as they were. A history row is appended only
 * when state or detail changed. Returns the state before and after.
 */
export function recordCheck(database: Database, safeguard: SafeguardRow, record: CheckRecord, now: Date): { from: SafeguardState; to: SafeguardState; changed: boolean } {
  const at = isoTime(now);
  return database.sqlite.transaction(() => {
    if (record.kind === 'undecided') {
      statement(database, 'UPDATE safeguards SET checked_at = ?, check_error = ? WHERE id = ?').run(at, record.error, safeguard.id);
      return { from: safeguard.state, to: safeguard.state, changed: false };
    }
    const changed = record.state !== safeguard.state || record.detail !== safeguard.stateDetail;
    statement(
      database,
      `UPDATE safeguards SET state = @state, state_detail = @detail, checked_at = @at, check_error = NULL,
         verified_at = CASE WHEN @inPlace THEN @at ELSE verified_at END,
         first_verified_at = CASE WHEN @inPlace THEN COALESCE(first_verified_at, @at) ELSE first_verified_at END,
         updated_at = CASE WHEN @changed THEN @at ELSE updated_at END
       WHERE id = @id`,
    ).run({ state: record.state, detail: record.detail, at, inPlace: record.inPlace ? 1 : 0, changed: changed ? 1 : 0, id: safeguard.id });
    if (changed) appendCheck(database, safeguard.id, at, record.state, record.detail);
    return { from: safeguard.state, to: record.state, changed };
  })();
}

function insertSafeguard(database: Database, declaration: SafeguardDeclaration, source: 'file' | 'service', now: string): number {
  const info = statement(
    database,
    `INSERT INTO safeguards (key, kind, repo, branch, path, check_name, description, target, source, state, updated_at)
     VALUES (@key, @kind, @repo, @branch, @path, @checkName, @description, @target, @source, 'unknown', @now)`,
  ).run({ ...declaration, target: stableJson(declaration.target), source, now });
  return Number(info.lastInsertRowid);
}

/** Applies the file's `declaration` to `existing`; true when anything changed. */
function updateDefinition(database: Database, existing: SafeguardRow, declaration: SafeguardDeclaration, now: string): boolean {
  const targetChanged = !sameTarget(existing, declaration);
  const descriptionChanged = existing.description !== declaration.description;
  const restored = existing.archivedAt !== null;
  if (!targetChanged && !descriptionChanged && !restored) return false;
  statement(
    database,
    `UPDATE safeguards SET kind = @kind, repo = @repo, branch = @branch, path = @path, check_name = @checkName,
       description = @description, target = @target, archived_at = NULL, updated_at = @now WHERE id = @id`,
  ).run({ ...declaration, target: stableJson(declaration.target), now, id: existing.id });
  if (targetChanged) {
    const detail = `definition changed: ${describeTargetChange(existing, declaration)}; not checked since`;
    statement(
      database,
      `UPDATE safeguards SET state = 'unknown', state_detail = ?, verified_at = NULL, first_verified_at = NULL, check_error = NULL,
         attested_by = NULL, attested_at = NULL, attestation_expires_at = NULL WHERE id = ?`,
    ).run(detail, existing.id);
    appendCheck(database, existing.id, now, 'unknown', detail);
  }
  return true;
}

function appendCheck(database: Database, safeguardId: number, at: string, state: SafeguardState, detail: string): void {
  statement(database, 'INSERT INTO safeguard_checks (safeguard_id, at, state, detail) VALUES (?, ?, ?, ?)').run(safeguardId, at, state, detail);
}

function requireSafeguard(database: Database, key: string): SafeguardRow {
  const safeguard = safeguardByKey(database, key);
  if (!safeguard) throw new SafeguardError('not-found', `no safeguard ${JSON.stringify(key)}`);
  return safeguard;
}

function requireItem(database: Database, itemId: number): void {
  const item = statement(database, 'SELECT archived_at AS archivedAt FROM action_items WHERE id = ?').get(itemId) as { archivedAt: string | null } | undefined;
  if (!item) throw new SafeguardError('not-found', `no action item ${itemId}`);
  if (item.archivedAt) throw new SafeguardError('conflict', `action item ${itemId} is archived (removed from its postmortem)`);
}
