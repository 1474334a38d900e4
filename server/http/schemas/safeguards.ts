/** Schemas of the safeguard routes: the list and its filters, one safeguard with its history, writes, verification. */
import { Type, type Static } from 'typebox';
import { SAFEGUARD_KINDS, SAFEGUARD_STATES } from '../../db/schema.ts';
import { Nullable } from './common.ts';

const Kind = Type.Enum([...SAFEGUARD_KINDS], {
  description:
    '`status-check` (a required check on a branch), `branch-protection`, `codeowners`, `workflow`, `alert-rule` (a rule file), ' +
    '`deploy-gate` (a protected environment): verified through GitHub. `runbook`, `other`: attested by a person.',
});
const State = Type.Enum([...SAFEGUARD_STATES], {
  description:
    '`verified`: in place; `drifted`: it was in place and is gone or weaker than declared; `missing`: never found in place; ' +
    '`manual`: cannot be checked automatically (see `attestation`); `unknown`: not checked yet.',
});

/** The kind options (`target`): what a kind checks beyond repository, branch, path and check name. */
export const SafeguardTargetSchema = Type.Object(
  {
    job: Type.Optional(Type.String({ description: 'workflow: a job the file must define.' })),
    environment: Type.Optional(Type.String({ description: 'deploy-gate: the deployment environment.' })),
    url: Type.Optional(Type.String({ description: 'runbook, other: where it lives.' })),
    reviews: Type.Optional(Type.Integer({ description: 'branch-protection: approving reviews required, at least.' })),
    forcePushes: Type.Optional(Type.Boolean({ description: 'branch-protection: false requires force pushes blocked.' })),
    deletions: Type.Optional(Type.Boolean({ description: 'branch-protection: false requires deletion blocked.' })),
    enforceAdmins: Type.Optional(Type.Boolean()),
    codeOwnerReviews: Type.Optional(Type.Boolean()),
    dismissStaleReviews: Type.Optional(Type.Boolean()),
    linearHistory: Type.Optional(Type.Boolean()),
    conversationResolution: Type.Optional(Type.Boolean()),
    owners: Type.Optional(Type.Array(Type.String(), { description: 'codeowners: owners the pattern must have.' })),
    pattern: Type.Optional(Type.String({ description: 'codeowners: the CODEOWNERS pattern.' })),
    alert: Type.Optional(Type.String({ description: 'alert-rule: a name the rule file must contain.' })),
    reviewers: Type.Optional(Type.Array(Type.String(), { description: 'deploy-gate: reviewers the environment must require.' })),
    waitMinutes: Type.Optional(Type.Integer({ description: 'deploy-gate: a wait timer of at least this many minutes.' })),
  },
  { additionalProperties: false },
);

/** A safeguard as shown on the action item it implements. */
export const ItemSafeguardSchema = Type.Object({
  key: Type.String(),
  kind: Kind,
  description: Nullable(Type.String()),
  state: State,
  stateDetail: Nullable(Type.String({ description: 'What the last check found (what is missing or weaker, when not verified).' })),
  checkError: Nullable(Type.String({ description: 'Why the last check could not decide (the state is the one before).' })),
  checkedAt: Nullable(Type.String()),
  expired: Type.Boolean({ description: 'manual: its attestation has expired.' }),
  attestedUntil: Nullable(Type.String({ description: 'manual: until when the last attestation holds; null when nobody attested it.' })),
  source: Type.Enum(['file', 'service'], { description: 'Linked in the safeguards file, or through the API.' }),
});
/** The type of `ItemSafeguardSchema`. */
export type ItemSafeguard = Static<typeof ItemSafeguardSchema>;

/** An action item a safeguard implements. */
export const SafeguardItemSchema = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  source: Type.Enum(['file', 'service'], { description: 'Declared in the safeguards file, or linked through the API.' }),
  archived: Type.Boolean({ description: 'Removed from its postmortem.' }),
  incident: Type.Object({ slug: Type.String(), title: Nullable(Type.String()) }),
});

const safeguardFields = {
  key: Type.String({ description: 'The id in `safeguards.yml`, or the one given when created through the API.' }),
  kind: Kind,
  repo: Nullable(Type.String({ description: '`owner/name`' })),
  branch: Nullable(Type.String({ description: 'null: the default branch.' })),
  path: Nullable(Type.String()),
  check: Nullable(Type.String({ description: 'status-check: the required check name.' })),
  description: Nullable(Type.String()),
  target: SafeguardTargetSchema,
  source: Type.Enum(['file', 'service'], { description: 'Declared in the safeguards file, or created through the API.' }),
  state: State,
  stateDetail: Nullable(Type.String({ description: 'What the last decided check found, in words.' })),
  verifiedAt: Nullable(Type.String({ description: 'Last found in place.' })),
  firstVerifiedAt: Nullable(Type.String({ description: 'First found in place.' })),
  checkedAt: Nullable(Type.String({ description: 'Last check attempt.' })),
  checkError: Nullable(Type.String({ description: 'Why the last check could not decide (the state is from before), else null.' })),
  attestation: Nullable(
    Type.Object(
      { by: Type.String(), at: Type.String(), expiresAt: Type.String(), expired: Type.Boolean() },
      { description: 'manual kinds: who attested it is in place, and until when that holds.' },
    ),
  ),
  archived: Type.Boolean({ description: 'Removed from the safeguards file (kept with its history).' }),
  archivedAt: Nullable(Type.String()),
  items: Type.Array(SafeguardItemSchema, { description: 'The action items it implements.' }),
};

/** A safeguard with its state and the action items it implements. */
export const SafeguardSchema = Type.Object(safeguardFields);
/** The type of `SafeguardSchema`. */
export type SafeguardView = Static<typeof SafeguardSchema>;

/** One entry of a safeguard's history: a change of state or detail. */
export const SafeguardCheckSchema = Type.Object({ at: Type.String(), state: State, detail: Nullable(Type.String()) });

/** `GET /api/safeguards/:key`: the safeguard with its history. */
export const SafeguardDetailSchema = Type.Object({
  ...safeguardFields,
  history: Type.Array(SafeguardCheckSchema, { description: 'Each change of state or detail, newest first (at most 100).' }),
});
/** The type of `SafeguardDetailSchema`. */
export type SafeguardDetail = Static<typeof SafeguardDetailSchema>;

const StateCounts = Type.Object(
  { unknown: Type.Integer(), verified: Type.Integer(), drifted: Type.Integer(), missing: Type.Integer(), manual: Type.Integer() },
  { description: 'The safeguards matching every filter except `state`, by state.' },
);

/** `GET /api/safeguards`: the matching safeguards, by key, and the counts by state. */
export const SafeguardListSchema = Type.Object({
  items: Type.Array(SafeguardSchema),
  total: Type.Integer(),
  counts: StateCounts,
});
/** The type of `SafeguardListSchema`. */
export type SafeguardList = Static<typeof SafeguardListSchema>;

/** `GET /api/safeguards` filters. */
export const SafeguardListQuerySchema = Type.Object(
  {
    state: Type.Optional(State),
    kind: Type.Optional(Kind),
    repo: Type.Optional(Type.String({ minLength: 3, maxLength: 140, description: '`owner/name`, any case.' })),
    incident: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Slug (or former slug): safeguards of its action items.' })),
    archived: Type.Optional(
      Type.Enum(['false', 'true', 'all'], { default: 'false', description: 'false: current ones; true: removed from the file; all. Default: false.' }),
    ),
  },
  { additionalProperties: false },
);

/** `:key` of the safeguard routes. */
export const SafeguardParamsSchema = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) });

const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

/** `POST /api/safeguards`: the file's fields, plus the action items to link. */
export const SafeguardCreateSchema = Type.Object(
  {
    id: Text(100, 'Unique: letters, digits, `.`, `_`, `-`.'),
    kind: Kind,
    repo: Type.Optional(Text(140, '`owner/name`')),
    branch: Type.Optional(Text(255, 'Default: the repository\'s default branch.')),
    path: Type.Optional(Text(1000, 'workflow: the file (`smoke-test.yml` or `.github/workflows/smoke-test.yml`); alert-rule: the rule file; codeowners: the path.')),
    check: Type.Optional(Text(255, 'status-check: the check name.')),
    job: Type.Optional(Text(255)),
    environment: Type.Optional(Text(255)),
    url: Type.Optional(Text(2000)),
    description: Type.Optional(Text(2000)),
    reviews: Type.Optional(Type.Integer()),
    forcePushes: Type.Optional(Type.Boolean()),
    deletions: Type.Optional(Type.Boolean()),
    enforceAdmins: Type.Optional(Type.Boolean()),
    codeOwnerReviews: Type.Optional(Type.Boolean()),
    dismissStaleReviews: Type.Optional(Type.Boolean()),
    linearHistory: Type.Optional(Type.Boolean()),
    conversationResolution: Type.Optional(Type.Boolean()),
    owners: Type.Optional(Type.Array(Text(200), { maxItems: 50 })),
    pattern: Type.Optional(Text(1000)),
    alert: Type.Optional(Text(255)),
    reviewers: Type.Optional(Type.Array(Text(200), { maxItems: 50 })),
    waitMinutes: Type.Optional(Type.Integer()),
    items: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, description: 'Action item ids it implements.' })),
  },
  { additionalProperties: false },
);
/** The type of `SafeguardCreateSchema`. */
export type SafeguardCreate = Static<typeof SafeguardCreateSchema>;

/** `POST /api/safeguards/:key/items`: the action item to link. */
export const SafeguardLinkSchema = Type.Object({ itemId: Type.Integer({ minimum: 1, description: 'The action item\'s id.' }) }, { additionalProperties: false });

/** `DELETE /api/safeguards/:key/items/:itemId`. */
export const SafeguardLinkParamsSchema = Type.Object({ key: SafeguardParamsSchema.properties.key, itemId: Type.Integer({ minimum: 1 }) });

/** `POST /api/safeguards/:key/attest`: who checked it, and what. */
export const SafeguardAttestSchema = Type.Object(
  {
    by: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Who checked it is in place (not blank).' }),
    note: Type.Optional(Text(2000, 'What was checked; kept in the history.')),
  },
  { additionalProperties: false },
);

/** `POST /api/safeguards/verify`: optionally only some safeguards; no body: all of them. */
export const SafeguardVerifyRequestSchema = Type.Object(
  { keys: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 1000, description: 'Only these safeguards. Default: all current ones.' })) },
  { additionalProperties: false },
);

/** What a verification run found and changed (`VerifyReport`). */
export const SafeguardVerifyReportSchema = Type.Object({
  checked: Type.Integer(),
  verified: Type.Integer(),
  drifted: Type.Integer(),
  missing: Type.Integer(),
  manual: Type.Integer(),
  expired: Type.Integer({ description: 'Manual safeguards whose attestation expired.' }),
  unattested: Type.Integer({ description: 'Manual safeguards never attested.' }),
  unknown: Type.Integer(),
  errors: Type.Array(Type.Object({ key: Type.String(), message: Type.String() }), { description: 'Checks that could not decide: the state was kept.' }),
  changes: Type.Array(Type.Object({ key: Type.String(), from: State, to: State, detail: Type.String() })),
  requests: Type.Integer({ description: 'Requests sent to GitHub.' }),
  results: Type.Array(
    Type.Object({ key: Type.String(), kind: Kind, state: State, detail: Nullable(Type.String()), error: Nullable(Type.String()), expired: Type.Boolean() }),
  ),
});
/** The type of `SafeguardVerifyReportSchema`. */
export type SafeguardVerifyReport = Static<typeof SafeguardVerifyReportSchema>;
