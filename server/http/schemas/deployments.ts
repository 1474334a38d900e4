/** Schemas of the deployment routes: `/api/deployments`, an incident's deployments and verdicts, the DORA stats. */
import { Type, type Static } from 'typebox';
import { DEPLOYMENT_KINDS, DEPLOYMENT_SOURCES, DEPLOYMENT_STATUSES } from '../../domain/deployment.ts';
import { Nullable, OffsetSchema } from './common.ts';

const Text = (description: string, maxLength = 200) => Type.String({ maxLength, description });

/** One deployment as a CI system reports it. Only `environment` and `startedAt` are required. */
export const DeploymentInputSchema = Type.Object(
  {
    key: Type.Optional(
      Text(
        'Idempotency key: the same key again updates that event with what the new report adds (status, finish) and never ' +
          'creates a second one. Default: the `Idempotency-Key` header, else a hash of environment, service, repo, ref, sha, ' +
          'version, kind and startedAt.',
      ),
    ),
    environment: Text('Where it went: `production`, `staging` ... (`prod` and `production` are the same environment).', 100),
    service: Type.Optional(Nullable(Text('The service or application deployed.'))),
    repo: Type.Optional(Nullable(Text('`owner/name` of the repository (commit and PR links are built from it).', 140))),
    ref: Type.Optional(Nullable(Text('Branch or tag deployed.', 255))),
    sha: Type.Optional(Nullable(Text('Commit sha (7 to 64 hex digits).', 64))),
    pullNumber: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'The pull request the change came in through.' }))),
    version: Type.Optional(Nullable(Text('Release version, e.g. `v3.14.0`.', 100))),
    kind: Type.Optional(Type.Enum([...DEPLOYMENT_KINDS], { description: 'Default: `deploy`.' })),
    status: Type.Optional(Type.Enum([...DEPLOYMENT_STATUSES], { description: 'Default: `success`.' })),
    startedAt: Type.String({ maxLength: 64, description: 'ISO-8601 with an offset (`2018-01-25T15:30:00-08:00`) or Unix seconds.' }),
    finishedAt: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    statusAt: Type.Optional(
      Nullable(Type.String({ maxLength: 64, description: 'When the status was reported; an older report never overwrites a newer one.' })),
    ),
    actor: Type.Optional(Nullable(Text('Who deployed.'))),
    url: Type.Optional(Nullable(Text('A page about this deployment (CI run, release).', 2000))),
    description: Type.Optional(Nullable(Text('What went out, in one line.', 2000))),
  },
  { additionalProperties: false },
);

/** `POST /api/deployments`: one deployment, or up to 1000 as `{ "deployments": [...] }`. */
export const DeploymentPostSchema = Type.Union([
  DeploymentInputSchema,
  Type.Object({ deployments: Type.Array(DeploymentInputSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
]);

/** A stored deployment event. */
export const DeploymentSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  environment: Type.String(),
  environmentKey: Type.String({ description: 'The environment compared by meaning (`prod`, `live` → `production`): group lanes and filters by it.' }),
  service: Nullable(Type.String()),
  repo: Nullable(Type.String()),
  ref: Nullable(Type.String()),
  sha: Nullable(Type.String()),
  pullNumber: Nullable(Type.Integer()),
  version: Nullable(Type.String()),
  kind: Type.Enum([...DEPLOYMENT_KINDS]),
  status: Type.Enum([...DEPLOYMENT_STATUSES]),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  statusAt: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  url: Nullable(Type.String()),
  description: Nullable(Type.String()),
  source: Type.Enum([...DEPLOYMENT_SOURCES]),
  commitUrl: Nullable(Type.String({ description: 'The commit on GitHub, when repo and sha are known.' })),
  pullUrl: Nullable(Type.String({ description: 'The pull request on GitHub, when repo and pullNumber are known.' })),
});
/** The type of `DeploymentSchema`. */
export type Deployment = Static<typeof DeploymentSchema>;

/** What `POST /api/deployments` did. */
export const DeploymentPostResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deployments: Type.Array(Type.Object({ id: Type.Integer(), key: Type.String() }), { description: 'In the order sent.' }),
});
export type DeploymentPostResult = Static<typeof DeploymentPostResultSchema>;

export const DeploymentSortSchema = Type.Enum(['-startedAt', 'startedAt'], { default: '-startedAt' });

/** `GET /api/deployments` filters. */
export const DeploymentListQuerySchema = Type.Object(
  {
    environment: Type.Optional(Text('Only this environment (aliases match: `prod` finds `production`).', 100)),
    service: Type.Optional(Text('Only this service (case-insensitive).')),
    kind: Type.Optional(Type.Enum([...DEPLOYMENT_KINDS])),
    status: Type.Optional(Type.Enum([...DEPLOYMENT_STATUSES])),
    source: Type.Optional(Type.Enum([...DEPLOYMENT_SOURCES])),
    from: Type.Optional(Type.String({ maxLength: 64, description: 'Started at or after: a day `YYYY-MM-DD` (UTC) or an ISO instant.' })),
    to: Type.Optional(Type.String({ maxLength: 64, description: 'Started at or before: a day (its end, UTC) or an ISO instant.' })),
    q: Type.Optional(Text('Words in the description, ref, version, sha prefix, actor or repository.')),
    incidents: Type.Optional(Type.Boolean({ description: 'Also return the incidents in the time span of the page (overlay). Default: false.' })),
    sort: Type.Optional(DeploymentSortSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Page size (1 to 1000). Default: 100.' })),
    offset: Type.Optional(OffsetSchema),
  },
  { additionalProperties: false },
);
export type DeploymentListQuery = Static<typeof DeploymentListQuerySchema>;

/** An incident drawn over the deployments: its outage span and what correlation found. */
export const OverlayIncidentSchema = Type.Object({
  slug: Type.String(),
  title: Nullable(Type.String()),
  startedAt: Nullable(Type.String({ description: 'Where the outage is taken to begin (see the correlation).' })),
  endedAt: Nullable(Type.String({ description: 'Resolution, else mitigation.' })),
  suspectId: Nullable(Type.Integer()),
  suspectConfirmed: Type.Boolean({ description: 'The suspect is the confirmed cause (by a person, or named in the postmortem).' }),
  recoveryId: Nullable(Type.Integer()),
});
/** The type of `OverlayIncidentSchema`. */
export type OverlayIncident = Static<typeof OverlayIncidentSchema>;

export const DeploymentPageSchema = Type.Object({
  items: Type.Array(DeploymentSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  environments: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() }), {
    description: 'Environments of the deployments matching the other filters, with counts; spellings of one environment counted together under its canonical name (`prod` and `production` as `production`).',
  }),
  services: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
  incidents: Type.Array(OverlayIncidentSchema, { description: 'With `incidents=true`: incidents overlapping the span of this page.' }),
});
export type DeploymentPage = Static<typeof DeploymentPageSchema>;

export const VerdictSchema = Type.Object({
  verdict: Type.Enum(['confirmed', 'rejected']),
  decidedBy: Nullable(Type.String()),
  decidedAt: Type.String(),
  note: Nullable(Type.String()),
});

/** `PUT /api/incidents/:slug/deployments/:id/verdict`. */
export const VerdictRequestSchema = Type.Object(
  {
    verdict: Type.Enum(['confirmed', 'rejected'], {
      description: '`confirmed`: this deployment caused the incident; `rejected`: it did not.',
    }),
    by: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Who decides (shown with the decision).' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The type of `VerdictRequestSchema`. */
export type VerdictRequest = Static<typeof VerdictRequestSchema>;

export const CorrelatedDeploymentSchema = Type.Object({
  deployment: DeploymentSchema,
  role: Type.Union([Type.Enum(['suspect', 'recovery']), Type.Null()]),
  before: Type.Boolean({ description: 'Started before the outage did (the "changes before" list).' }),
  affected: Type.Boolean({ description: 'In the affected environment.' }),
  entries: Type.Array(Type.Integer(), { description: 'Indexes of the timeline entries that describe it.' }),
  verdict: Type.Union([VerdictSchema, Type.Null()]),
});
/** The type of `CorrelatedDeploymentSchema`. */
export type CorrelatedDeployment = Static<typeof CorrelatedDeploymentSchema>;

/** `GET /api/incidents/:slug/deployments`: the incident lined up against deployment events. */
export const IncidentDeploymentsSchema = Type.Object({
  windowHours: Type.Integer(),
  window: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  environment: Type.Object({
    name: Nullable(Type.String()),
    source: Type.Enum(['declared', 'production', 'only', 'any']),
  }),
  deployments: Type.Array(CorrelatedDeploymentSchema),
  suspect: Type.Union([
    Type.Object({
      deploymentId: Type.Integer(),
      source: Type.Enum(['confirmed', 'named', 'last-before-start']),
      reason: Type.String(),
      confirmed: Type.Boolean({ description: 'Counts as the cause: confirmed by a person, or named in the postmortem.' }),
    }),
    Type.Null(),
  ]),
  noSuspect: Nullable(Type.String()),
  recovery: Type.Union([Type.Object({ deploymentId: Type.Integer(), reason: Type.String() }), Type.Null()]),
  matches: Type.Array(Type.Object({ entry: Type.Integer(), deploymentId: Type.Integer() })),
  effectiveStart: Nullable(Type.String()),
  restoreSeconds: Nullable(Type.Integer()),
});
export type IncidentDeployments = Static<typeof IncidentDeploymentsSchema>;
