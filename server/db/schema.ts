/**
 * The database schema: every table Hindsight keeps, in one place. drizzle-kit generates the SQL migrations in
 * `migrations/` from this file (`npm run db:generate`); the full-text index `incident_search` is an FTS5 virtual
 * table that drizzle cannot describe, so it lives in a hand-written migration of its own.
 *
 * Conventions: times are ISO-8601 UTC text (`2018-01-25T22:30:00Z`), local dates `YYYY-MM-DD` text, enums are
 * text columns with a union type, JSON columns hold plain data from `server/domain`.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Milestones, ParsedPostmortem, TimelineKind, TimezoneSource } from '../domain/postmortem.ts';
import { DEPLOYMENT_KINDS, DEPLOYMENT_SOURCES, DEPLOYMENT_STATUSES } from '../domain/deployment.ts';
import { ACTION_ITEM_STATUSES } from '../domain/item-status.ts';

/** What `incidents.parsed` holds: the parse minus the parts kept in their own tables. */
export type StoredParse = Omit<ParsedPostmortem, 'timeline' | 'actionItems'>;

/** When a row was written: set by SQLite, ISO-8601 UTC with milliseconds. */
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../domain/item-status.ts';

/** Who decided an action item's status: the markdown, a linked GitHub issue, or a person through the service. */
export const STATUS_SOURCES = ['markdown', 'github', 'service'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

export const LINK_KINDS = ['issue', 'pull', 'commit', 'other'] as const;
/** `markdown`: written in the report; `service`: linked (or created) through the API; `github`: a pull request found referencing a linked issue. */
export const LINK_SOURCES = ['markdown', 'service', 'github'] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

export const SAFEGUARD_KINDS = [
  'status-check',
  'branch-protection',
  'codeowners',
  'workflow',
  'alert-rule',
  'deploy-gate',
  'runbook',
  'other',
] as const;
export const SAFEGUARD_STATES = ['unknown', 'verified', 'drifted', 'missing', 'manual'] as const;

export { DEPLOYMENT_KINDS, DEPLOYMENT_SOURCES, DEPLOYMENT_STATUSES } from '../domain/deployment.ts';
export const DEPLOYMENT_VERDICTS = ['confirmed', 'rejected'] as const;
export type DeploymentVerdict = (typeof DEPLOYMENT_VERDICTS)[number];

/** One postmortem file: the incident it describes, as last parsed successfully, plus the state of its file. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** URL name, from the file path (`2018/01-25 Outage.md` → `2018-01-25-outage`); unique. */
    slug: text('slug').notNull(),
    /** The file, relative to the postmortems folder, `/`-separated. */
    sourcePath: text('source_path').notNull(),
    title: text('title'),
    /** `YYYY-MM-DD`, the local day the incident began. */
    date: text('date'),
    timezone: text('timezone'),
    timezoneSource: text('timezone_source').$type<TimezoneSource>(),
    declaredTimezone: text('declared_timezone'),
    summary: text('summary'),
    /** As written (`SEV-2`, `major`), from front matter or a `Severity:` line. */
    severity: text('severity'),
    startedAt: text('started_at'),
    detectedAt: text('detected_at'),
    declaredAt: text('declared_at'),
    mitigatedAt: text('mitigated_at'),
    resolvedAt: text('resolved_at'),
    /** Start → detection, start → resolution (or mitigation when no resolution is written), in seconds; null when unknown. */
    detectSeconds: integer('detect_seconds'),
    resolveSeconds: integer('resolve_seconds'),
    milestones: text('milestones', { mode: 'json' }).$type<Milestones>(),
    /**
     * The last good parse (sections, metadata, diagnostics ...) without its timeline and action items, which live in
     * their own tables; null when the file never parsed.
     */
    parsed: text('parsed', { mode: 'json' }).$type<StoredParse>(),
    /** The markdown of the last good parse. */
    markdown: text('markdown'),
    /** sha256 of the file bytes last seen, good or not: unchanged files are skipped. */
    fileHash: text('file_hash'),
    /** Fingerprint of the parser version and options the file was parsed with: a change re-parses. */
    parseKey: text('parse_key'),
    /** Why the current file could not be read or parsed (the last good parse is kept), else null. */
    error: text('error'),
    errorAt: text('error_at'),
    /** When the file disappeared; the incident stays readable, marked removed. */
    removedAt: text('removed_at'),
    createdAt: createdAt(),
    /** When the stored content last changed. */
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('incidents_slug_unique').on(t.slug),
    uniqueIndex('incidents_source_path_unique').on(t.sourcePath),
    index('incidents_date_idx').on(t.date),
    index('incidents_file_hash_idx').on(t.fileHash),
  ],
);

/** Earlier slugs of an incident whose file was renamed, so old links keep working. */
export const incidentSlugAliases = sqliteTable('incident_slug_aliases', {
  slug: text('slug').primaryKey(),
  incidentId: integer('incident_id')
    .notNull()
    .references(() => incidents.id, { onDelete: 'cascade' }),
});

/** Tags written in the report (front matter `tags:`), lower-cased. */
export const incidentTags = sqliteTable(
  'incident_tags',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.tag] }), index('incident_tags_tag_idx').on(t.tag)],
);

/** The incident's timeline as the last good parse read it; replaced on every change of the file. */
export const timelineEntries = sqliteTable(
  'timeline_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    date: text('date'),
    time: text('time'),
    endTime: text('end_time'),
    at: text('at'),
    timezone: text('timezone'),
    approximate: integer('approximate', { mode: 'boolean' }).notNull(),
    text: text('text').notNull(),
    kind: text('kind').$type<TimelineKind>().notNull(),
    line: integer('line').notNull(),
  },
  (t) => [index('timeline_entries_incident_idx').on(t.incidentId, t.position), index('timeline_entries_at_idx').on(t.at)],
);

/**
 * An action item. Its identity survives edits of the markdown (matched by content, not position), so links,
 * safeguards and decisions attached through the service stay with it; an item gone from the markdown is
 * archived, never deleted.
 */
export const actionItems = sqliteTable(
  'action_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** Order in the markdown (0-based); archived items keep their last one. */
    position: integer('position').notNull(),
    text: text('text').notNull(),
    group: text('group'),
    /** What the markdown says: `[x]`/`(done)` true, `[ ]` false, nothing null. */
    done: integer('done', { mode: 'boolean' }),
    owner: text('owner'),
    /** `YYYY-MM-DD`. */
    due: text('due'),
    line: integer('line').notNull(),
    status: text('status', { enum: ACTION_ITEM_STATUSES }).notNull().default('open'),
    /** Who decided `status`: the markdown, a linked GitHub issue, or a person through the service. */
    statusSource: text('status_source', { enum: STATUS_SOURCES })
      .notNull()
      .default('markdown'),
    /** When the item was first seen done. */
    doneAt: text('done_at'),
    /** Where `owner` came from: the markdown, or a linked issue's assignee when the markdown names none. */
    ownerSource: text('owner_source', { enum: ['markdown', 'github'] }),
    /** Where `due` came from: the markdown, or a linked issue's milestone when the markdown gives none. */
    dueSource: text('due_source', { enum: ['markdown', 'github'] }),
    /** Why the markdown and GitHub disagree about the status (`[x] in the report, #14 closed as not planned`), else null. */
    statusConflict: text('status_conflict'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [index('action_items_incident_idx').on(t.incidentId, t.position), index('action_items_status_idx').on(t.status)],
);

/** A GitHub issue, pull request or commit (or any URL) linked to an action item, from the markdown or the service. */
export const actionItemLinks = sqliteTable(
  'action_item_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actionItemId: integer('action_item_id')
      .notNull()
      .references(() => actionItems.id, { onDelete: 'cascade' }),
    source: text('source', { enum: LINK_SOURCES }).notNull(),
    /** The URL, or `#12` for a bare reference with no repository to resolve it against; unique per item. */
    ref: text('ref').notNull(),
    url: text('url'),
    repo: text('repo'),
    number: integer('number'),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    /** Filled by the GitHub sync: `open`, `closed`, `merged`. */
    state: text('state'),
    /** GitHub's `state_reason`: `completed`, `not_planned`, `reopened`. */
    stateReason: text('state_reason'),
    title: text('title'),
    assignees: text('assignees', { mode: 'json' }).$type<string[]>(),
    labels: text('labels', { mode: 'json' }).$type<string[]>(),
    dueOn: text('due_on'),
    /** When a pull request was merged (GitHub's `merged_at`). */
    mergedAt: text('merged_at'),
    /** GitHub's `updated_at` of what was last applied: an older webhook or page never overwrites a newer state. */
    remoteUpdatedAt: text('remote_updated_at'),
    etag: text('etag'),
    syncedAt: text('synced_at'),
    syncError: text('sync_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('action_item_links_item_ref_unique').on(t.actionItemId, t.ref),
    index('action_item_links_repo_idx').on(t.repo, t.number),
  ],
);

/** A concrete control that implements action items: a required check, branch protection, an alert rule ... */
export const safeguards = sqliteTable(
  'safeguards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The id written in `postmortems/safeguards.yml`, or one given through the service; unique. */
    key: text('key').notNull(),
    kind: text('kind', { enum: SAFEGUARD_KINDS }).notNull(),
    repo: text('repo'),
    branch: text('branch'),
    path: text('path'),
    checkName: text('check_name'),
    description: text('description'),
    /** Other target details a kind needs (an alert's name, a gate's URL ...). */
    target: text('target', { mode: 'json' }).$type<Record<string, unknown>>(),
    source: text('source', { enum: ['file', 'service'] }).notNull(),
    state: text('state', { enum: SAFEGUARD_STATES }).notNull().default('unknown'),
    stateDetail: text('state_detail'),
    /** Last time it was found in place. */
    verifiedAt: text('verified_at'),
    /** First time it was found in place: a safeguard that was there once and is gone has drifted, not gone missing. */
    firstVerifiedAt: text('first_verified_at'),
    /** Last check attempt, and why it could not decide (rate limit, 5xx): the state is then left as it was. */
    checkedAt: text('checked_at'),
    checkError: text('check_error'),
    attestedBy: text('attested_by'),
    attestedAt: text('attested_at'),
    attestationExpiresAt: text('attestation_expires_at'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [uniqueIndex('safeguards_key_unique').on(t.key)],
);

/** Every verification of a safeguard: its history. */
export const safeguardChecks = sqliteTable(
  'safeguard_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    safeguardId: integer('safeguard_id')
      .notNull()
      .references(() => safeguards.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    state: text('state', { enum: SAFEGUARD_STATES }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('safeguard_checks_safeguard_idx').on(t.safeguardId, t.at)],
);

/** Which safeguards implement which action items. */
export const actionItemSafeguards = sqliteTable(
  'action_item_safeguards',
  {
    actionItemId: integer('action_item_id')
      .notNull()
      .references(() => actionItems.id, { onDelete: 'cascade' }),
    safeguardId: integer('safeguard_id')
      .notNull()
      .references(() => safeguards.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['file', 'service'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.actionItemId, t.safeguardId] }),
    index('action_item_safeguards_safeguard_idx').on(t.safeguardId),
  ],
);

/** A deployment (or rollback) to an environment, from git history, GitHub, CI, a webhook or a file. */
export const deployments = sqliteTable(
  'deployments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Re-importing the same event finds it by this key and changes nothing. */
    idempotencyKey: text('idempotency_key').notNull(),
    environment: text('environment').notNull(),
    service: text('service'),
    /** `owner/name` the change came from; commit and pull request links are built from it. */
    repo: text('repo'),
    ref: text('ref'),
    sha: text('sha'),
    pullNumber: integer('pull_number'),
    version: text('version'),
    kind: text('kind', { enum: DEPLOYMENT_KINDS }).notNull().default('deploy'),
    status: text('status', { enum: DEPLOYMENT_STATUSES }).notNull().default('success'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    /** When `status` was reported: an older report arriving late does not overwrite a newer one. */
    statusAt: text('status_at'),
    actor: text('actor'),
    url: text('url'),
    description: text('description'),
    source: text('source', { enum: DEPLOYMENT_SOURCES }).notNull(),
    createdAt: createdAt(),
    /** When a re-import last changed the row (status reported, finish time learned). */
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('deployments_idempotency_key_unique').on(t.idempotencyKey),
    index('deployments_environment_started_idx').on(t.environment, t.startedAt),
    index('deployments_started_idx').on(t.startedAt),
    index('deployments_sha_idx').on(t.sha),
  ],
);

/**
 * A person's decision on whether a deployment caused an incident: `confirmed` makes it the incident's cause (and
 * counts for the change failure rate), `rejected` rules it out as the suspect. Keyed by the incident's id and the
 * deployment's id, both stable across re-ingest and re-import, so the decision survives them.
 */
export const deploymentVerdicts = sqliteTable(
  'deployment_verdicts',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    deploymentId: integer('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    verdict: text('verdict', { enum: DEPLOYMENT_VERDICTS }).notNull(),
    /** Who decided (as given to the API), or null. */
    decidedBy: text('decided_by'),
    note: text('note'),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.deploymentId] }),
    index('deployment_verdicts_deployment_idx').on(t.deploymentId),
  ],
);

/**
 * Conditional requests to GitHub: the ETag of each list page last read, so asking again costs nothing (a 304 does
 * not count against the rate limit) when nothing changed.
 */
export const githubEtags = sqliteTable('github_etags', {
  /** The request URL with its query, as sent. */
  url: text('url').primaryKey(),
  etag: text('etag').notNull(),
  fetchedAt: text('fetched_at').notNull(),
});

/** Per repository: how far the issue sync got, so the next one asks only for what changed since. */
export const githubSyncState = sqliteTable('github_sync_state', {
  repo: text('repo').primaryKey(),
  /** The newest `updated_at` applied: the next sync lists issues updated since then. */
  issuesSince: text('issues_since'),
  syncedAt: text('synced_at'),
  /** Why the last sync of this repository failed, or null. */
  error: text('error'),
});
