/** Schemas of `POST /api/ingest`. */
import { Type, type Static } from 'typebox';

/** The body: optionally the files (relative to the postmortems folder) to read; default everything. */
export const IngestRequestSchema = Type.Object(
  {
    paths: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), {
        maxItems: 10000,
        description: 'Files to read, relative to the postmortems folder. Default: the whole folder.',
      }),
    ),
  },
  { additionalProperties: false },
);
/** The type of `IngestRequestSchema`. */
export type IngestRequest = Static<typeof IngestRequestSchema>;

/** What one ingest run did (`server/ingest/summary.ts`). */
export const IngestSummarySchema = Type.Object({
  added: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  removed: Type.Integer(),
  renamed: Type.Integer(),
  failures: Type.Array(Type.Object({ file: Type.String(), error: Type.String() })),
  errors: Type.Array(Type.String()),
  durationMs: Type.Number(),
});
/** The type of `IngestSummarySchema`. */
export type IngestSummary = Static<typeof IngestSummarySchema>;
