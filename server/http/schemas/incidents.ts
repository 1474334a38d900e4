/** Schemas of incidents: the list query, list rows and page, the detail view. */
import { Type, type Static } from 'typebox';
import { IncidentActionItemSchema } from './action-items.ts';
import { INCIDENT_SORTS } from '../../db/queries/incident-list.ts';
import { LimitSchema, MonthCountsSchema, Nullable, OffsetSchema } from './common.ts';

/** The incident filters: `GET /api/incidents` and `GET /api/facets` take them alike. */
const incidentFilterFields = {
  q: Type.Optional(
    Type.String({ maxLength: 500, description: 'Words to find in title, summary, timeline and action items; the last is a prefix.' }),
  ),
  year: Type.Optional(Type.Integer({ minimum: 1000, maximum: 9999, description: 'Incidents dated in this year.' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Incidents with this tag.' })),
  severity: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Severity as written, case-insensitive.' })),
  'has-open-items': Type.Optional(Type.Boolean({ description: 'true: with open or in-progress action items; false: without.' })),
  'has-error': Type.Optional(
    Type.Boolean({ description: 'true: only incidents whose file could not be read or parsed (the last good version is shown); false: the others.' }),
  ),
  removed: Type.Optional(
    Type.Enum(['false', 'true', 'all'], {
      default: 'false',
      description: 'false: incidents whose file exists; true: only removed ones; all. Default: false.',
    }),
  ),
};

/** The incident filters alone (no order, no page): the query of `GET /api/facets`. */
export const IncidentFilterQuerySchema = Type.Object(incidentFilterFields, { additionalProperties: false });
/** The type of `IncidentFilterQuerySchema`. */
export type IncidentFilterQuery = Static<typeof IncidentFilterQuerySchema>;

/** `GET /api/incidents` query: the filters, the order, the page. */
export const IncidentListQuerySchema = Type.Object(
  {
    ...incidentFilterFields,
    sort: Type.Optional(
      Type.Enum([...INCIDENT_SORTS], { description: 'Default: `relevance` when `q` is given, else `-date`.' }),
    ),
    limit: Type.Optional(LimitSchema),
    offset: Type.Optional(OffsetSchema),
  },
  { additionalProperties: false },
);
/** The type of `IncidentListQuerySchema`. */
export type IncidentListQuery = Static<typeof IncidentListQuerySchema>;

/** Diagnostics of the last good parse, counted by severity. */
export const DiagnosticCountsSchema = Type.Object({
  error: Type.Integer(),
  warning: Type.Integer(),
  info: Type.Integer(),
});
/** The type of `DiagnosticCountsSchema`. */
export type DiagnosticCounts = Static<typeof DiagnosticCountsSchema>;

/** A row of the incident list. Instants are ISO-8601 UTC. */
export const IncidentSummarySchema = Type.Object({
  slug: Type.String(),
  title: Nullable(Type.String()),
  date: Nullable(Type.String({ description: '`YYYY-MM-DD`, the local day the incident began.' })),
  timezone: Nullable(Type.String()),
  severity: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  startedAt: Nullable(Type.String()),
  detectedAt: Nullable(Type.String()),
  mitigatedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  detectSeconds: Nullable(Type.Integer({ description: 'Start → detection.' })),
  resolveSeconds: Nullable(Type.Integer({ description: 'Start → resolution.' })),
  durationSeconds: Nullable(Type.Integer({ description: 'Start → resolution, or → mitigation when not resolved.' })),
  actionItems: Type.Object({
    open: Type.Integer({ description: 'Open or in progress, not archived.' }),
    total: Type.Integer({ description: 'Not archived.' }),
  }),
  removed: Type.Boolean({ description: 'The file is gone; the incident stays readable.' }),
  removedAt: Nullable(Type.String()),
  error: Nullable(Type.String({ description: 'Why the current file could not be read; the last good parse is shown.' })),
  sourcePath: Type.String(),
  updatedAt: Type.String(),
  diagnostics: DiagnosticCountsSchema,
});
/** The type of `IncidentSummarySchema`. */
export type IncidentSummary = Static<typeof IncidentSummarySchema>;

/** `GET /api/incidents`: one page of incidents, the total over all pages and the matching incidents per month. */
export const IncidentPageSchema = Type.Object({
  items: Type.Array(IncidentSummarySchema),
  total: Type.Integer({ description: 'Incidents matching the filters, over all pages.' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  perMonth: MonthCountsSchema(
    '`YYYY-MM` → incidents matching the filters (all pages) dated in that month, every month from the first to the ' +
      'last with zeros included; with `year`, its twelve months. Undated incidents are not counted.',
  ),
});
/** The type of `IncidentPageSchema`. */
export type IncidentPage = Static<typeof IncidentPageSchema>;

/** `GET /api/incidents/:slug` path parameters. */
export const IncidentParamsSchema = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 300, description: 'The incident slug, or a former one.' }),
});
/** The type of `IncidentParamsSchema`. */
export type IncidentParams = Static<typeof IncidentParamsSchema>;

/** A point in the incident's life (`server/domain/postmortem.ts` `Milestone`). */
export const MilestoneSchema = Type.Object({
  date: Nullable(Type.String()),
  time: Nullable(Type.String()),
  at: Nullable(Type.String()),
  line: Type.Integer(),
  source: Type.Enum(['stated', 'inferred']),
});
/** The type of `MilestoneSchema`. */
export type Milestone = Static<typeof MilestoneSchema>;

/** Started, detected, declared, mitigated, resolved; each null when unknown. */
export const MilestonesSchema = Type.Object({
  started: Nullable(MilestoneSchema),
  detected: Nullable(MilestoneSchema),
  declared: Nullable(MilestoneSchema),
  mitigated: Nullable(MilestoneSchema),
  resolved: Nullable(MilestoneSchema),
});
/** The type of `MilestonesSchema`. */
export type Milestones = Static<typeof MilestonesSchema>;

/** A section of the report: heading as written, its kind, 1-based line. */
export const SectionSchema = Type.Object({
  heading: Type.String(),
  kind: Type.String(),
  line: Type.Integer(),
});
/** The type of `SectionSchema`. */
export type Section = Static<typeof SectionSchema>;

/** A problem found while parsing, with its stable code and line (null: the whole file). */
export const DiagnosticSchema = Type.Object({
  severity: Type.Enum(['error', 'warning', 'info']),
  code: Type.String(),
  message: Type.String(),
  line: Nullable(Type.Integer()),
});
/** The type of `DiagnosticSchema`. */
export type Diagnostic = Static<typeof DiagnosticSchema>;

/** A timeline entry as stored (`timeline_entries`), in document order. */
export const TimelineEntrySchema = Type.Object({
  date: Nullable(Type.String()),
  time: Nullable(Type.String({ description: '`HH:MM` local, 24 h.' })),
  endTime: Nullable(Type.String()),
  at: Nullable(Type.String({ description: 'ISO-8601 UTC.' })),
  timezone: Nullable(Type.String()),
  approximate: Type.Boolean(),
  text: Type.String(),
  kind: Type.String({ description: 'deploy, rollback, detection, mitigation, resolution, communication, other' }),
  line: Type.Integer(),
});
/** The type of `TimelineEntrySchema`. */
export type TimelineEntry = Static<typeof TimelineEntrySchema>;

/** One incident in full: what the parser extracted, the action items with their links, the rendered markdown. */
export const IncidentDetailSchema = Type.Object({
  slug: Type.String({ description: 'The current slug (also when asked for by a former one).' }),
  sourcePath: Type.String(),
  title: Nullable(Type.String()),
  date: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  timezoneSource: Nullable(Type.String({ description: 'declared, inline, frontmatter, option, default' })),
  declaredTimezone: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  severity: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  detectSeconds: Nullable(Type.Integer()),
  resolveSeconds: Nullable(Type.Integer()),
  milestones: MilestonesSchema,
  sections: Type.Array(SectionSchema),
  metadata: Type.Record(Type.String(), Type.String()),
  timeline: Type.Array(TimelineEntrySchema),
  diagnostics: Type.Array(DiagnosticSchema),
  actionItems: Type.Array(IncidentActionItemSchema),
  html: Type.String({ description: 'The markdown rendered to sanitized HTML (no raw HTML, no scripts).' }),
  parsed: Type.Boolean({
    description: 'false: the file has never been read successfully, so only its `error` is known (the other fields are empty).',
  }),
  error: Nullable(Type.String()),
  errorAt: Nullable(Type.String()),
  removed: Type.Boolean(),
  removedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** The type of `IncidentDetailSchema`. */
export type IncidentDetail = Static<typeof IncidentDetailSchema>;
