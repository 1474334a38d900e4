/** Schemas shared by every route: the error body, pagination, nullable helpers, counts per month. */
import { Type, type Static, type TSchema } from 'typebox';

/** Every 4xx and 5xx answer: the HTTP reason phrase and a message for people. */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.String({ description: 'The HTTP reason phrase, e.g. `Bad Request`.' }),
    message: Type.String({ description: 'What went wrong; for 500 only the request id, never internals.' }),
  },
  { description: 'An error.' },
);
/** The type of `ErrorResponseSchema`. */
export type ErrorResponse = Static<typeof ErrorResponseSchema>;

/**
 * `T` or null, as a JSON Schema type list (`type: ['string', 'null']`) rather than `anyOf`: the serializer
 * (fast-json-stringify) writes type lists without trying each branch. `T` must have a single `type`.
 */
export const Nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** Page size: 1 to 200, default 50. */
export const LimitSchema = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (1 to 200). Default: 50.' });
/** Rows skipped: 0 or more, default 0. */
export const OffsetSchema = Type.Integer({ minimum: 0, default: 0, description: 'Rows skipped. Default: 0.' });

/** `YYYY-MM-DD`, a day that exists. */
export const DaySchema = Type.String({ format: 'date', description: 'A day, `YYYY-MM-DD`.' });

/** `YYYY-MM` → a count per month, described by `description` (which months, what is counted). */
export const MonthCountsSchema = (description: string) =>
  Type.Record(Type.String({ pattern: '^\\d{4}-\\d{2}$' }), Type.Integer(), { description });

/** Error responses of every read route under `/api`. */
export const readErrors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  500: ErrorResponseSchema,
};

/** Error responses of every write route under `/api`: bad input, access, not found, conflict, body too large or not JSON. */
export const writeErrors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  415: ErrorResponseSchema,
  500: ErrorResponseSchema,
};

/** The query of a route that takes no parameters: any given is refused (400 names it), not ignored. */
export const NoQuerySchema = Type.Object({}, { additionalProperties: false });
