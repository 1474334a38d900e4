/** Schema of `GET /healthz`. */
import { Type, type Static } from 'typebox';

/** `GET /healthz`: `status` and `database` are `ok`, or `error` (with 503) when the database does not answer. */
export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'error']),
  version: Type.String(),
  database: Type.Enum(['ok', 'error']),
});
/** The type of `HealthSchema`. */
export type Health = Static<typeof HealthSchema>;
