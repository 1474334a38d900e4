/**
 * Field names of deployment exports (CI systems, deploy tools, spreadsheets) mapped onto `DeploymentInput`.
 *
 * Names are compared ignoring case, spaces, `_` and `-`: `started_at`, `Started At`, `startedAt` and
 * `STARTED-AT` are one name. Each field is read from its own name or one of these aliases:
 *
 * | field         | also read from                                                                                       |
 * | ------------- | ---------------------------------------------------------------------------------------------------- |
 * | `key`         | `id`, `idempotency_key`, `deployment_id`, `deploy_id`                                                |
 * | `environment` | `env`, `environment_name`, `target`, `stage`                                                         |
 * | `service`     | `service_name`, `app`, `app_name`, `application`, `component`, `project`                             |
 * | `repo`        | `repository`                                                                                         |
 * | `ref`         | `branch`, `tag`, `ref_name`, `head_branch`, `git_ref`, `git_branch`                                  |
 * | `sha`         | `commit`, `commit_sha`, `commit_id`, `revision`, `head_sha`, `git_sha`, `git_commit`                 |
 * | `pullNumber`  | `pull`, `pr`, `pr_number`, `pull_request`, `pull_request_number`, `merge_request`, `mr`              |
 * | `version`     | `release`, `release_version`, `app_version`                                                          |
 * | `kind`        | `type`, `action`, `task`, `deployment_type`                                                          |
 * | `status`      | `state`, `result`, `outcome`, `conclusion`, `deployment_status`                                      |
 * | `startedAt`   | `started`, `start`, `start_time`, `run_started_at`, `deployed_at`, `deploy_time`, `created_at`, `created`, `timestamp`, `time`, `date` |
 * | `finishedAt`  | `finished`, `finish_time`, `ended_at`, `end`, `end_time`, `completed_at`                             |
 * | `statusAt`    | `status_updated_at`, `updated_at`, `updated`                                                         |
 * | `actor`       | `user`, `username`, `login`, `author`, `deployer`, `deployed_by`, `triggered_by`, `triggering_actor`, `creator` |
 * | `url`         | `link`, `html_url`, `web_url`, `log_url`, `build_url`, `run_url`, `target_url`                       |
 * | `description` | `desc`, `message`, `title`, `display_title`, `summary`, `note`, `notes`, `comment`, `commit_message`  |
 *
 * When a record gives one field under several names, the field's own name wins, then the alias listed first
 * (`created_at` over `timestamp`), except that `conclusion` (a CI run's outcome) wins over `status` (which only says
 * `completed`); a name whose value is empty (`""`, `null`, blank cell) does not count. Names
 * not read (unknown, or given where a preferred name is too) are warnings, once per name; past 20 names, one
 * more warning counts the rest.
 *
 * Some exports nest a value in an object (GitHub's `creator: {login}`, GitLab's `environment: {name}`): an object
 * given for `environment` is read from its `name`; for `actor` from `login`, `username` or `name`; for `repo` from
 * `full_name` or `path_with_namespace`; for `pullNumber` from `number` or `iid`. Other values pass as they are
 * (`toDeploymentEvent` checks them).
 */
import type { DeploymentInput } from './event.ts';

type Field = keyof DeploymentInput;

/** The aliases of each field, most specific first (the field's own name comes before all of them). */
export const FIELD_ALIASES = {
  key: ['id', 'idempotency_key', 'deployment_id', 'deploy_id'],
  environment: ['env', 'environment_name', 'target', 'stage'],
  service: ['service_name', 'app', 'app_name', 'application', 'component', 'project'],
  repo: ['repository'],
  ref: ['branch', 'tag', 'ref_name', 'head_branch', 'git_ref', 'git_branch'],
  sha: ['commit', 'commit_sha', 'commit_id', 'revision', 'head_sha', 'git_sha', 'git_commit'],
  pullNumber: ['pull', 'pr', 'pr_number', 'pull_request', 'pull_request_number', 'merge_request', 'mr'],
  version: ['release', 'release_version', 'app_version'],
  kind: ['type', 'action', 'task', 'deployment_type'],
  status: ['state', 'result', 'outcome', 'conclusion', 'deployment_status'],
  startedAt: [
    'started',
    'start',
    'start_time',
    'run_started_at',
    'deployed_at',
    'deploy_time',
    'created_at',
    'created',
    'timestamp',
    'time',
    'date',
  ],
  finishedAt: ['finished', 'finish_time', 'ended_at', 'end', 'end_time', 'completed_at'],
  statusAt: ['status_updated_at', 'updated_at', 'updated'],
  actor: ['user', 'username', 'login', 'author', 'deployer', 'deployed_by', 'triggered_by', 'triggering_actor', 'creator'],
  url: ['link', 'html_url', 'web_url', 'log_url', 'build_url', 'run_url', 'target_url'],
  description: ['desc', 'message', 'title', 'display_title', 'summary', 'note', 'notes', 'comment', 'commit_message'],
} as const satisfies Record<Field, readonly string[]>;

/** Properties read from an object given where text is expected, first found wins. */
const NESTED: Partial<Record<Field, readonly string[]>> = {
  environment: ['name'],
  actor: ['login', 'username', 'name'],
  repo: ['full_name', 'path_with_namespace'],
  pullNumber: ['number', 'iid'],
};

/** Where a name is read into: the field, and its precedence (0 for the field's own name, then alias order). */
export interface FieldTarget {
  field: Field;
  rank: number;
}

/** `Started At`, `started_at`, `started-at` → `startedat`. */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const TARGETS = new Map<string, FieldTarget>();
for (const [field, aliases] of Object.entries(FIELD_ALIASES) as Array<[Field, readonly string[]]>) {
  [field, ...aliases].forEach((name, rank) => TARGETS.set(normalizeFieldName(name), { field, rank }));
}
// A GitHub Actions run says `status: completed` and puts the outcome in `conclusion`: the outcome wins.
TARGETS.set('conclusion', { field: 'status', rank: -1 });

/** The field a name is read into, or null when it is not one of the names above. */
export function fieldFor(name: string): FieldTarget | null {
  return TARGETS.get(normalizeFieldName(name)) ?? null;
}

/** The names that can be read for `field`, its own first: `environment, env, environment_name, target or stage`. */
export function describeNames(field: Field): string {
  const names = [field, ...FIELD_ALIASES[field]];
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const KNOWN = `known: ${Object.keys(FIELD_ALIASES).join(', ')} and their aliases`;
/** Unread names reported one by one; past this many, one more warning counts the rest. */
const MAX_NAMED = 20;

/** Turns records of one file into `DeploymentInput`s, collecting what it did not read. */
export interface RecordMapper {
  /** The record's values under canonical names; `null`, `undefined` and blank text are left out. */
  toInput(entries: Iterable<readonly [string, unknown]>): DeploymentInput;
  /** Reports the names that are not read among `names` (a CSV header), whatever the rows hold. */
  noteNames(names: Iterable<string>): void;
  /** One warning per name not read, in the order first met. */
  warnings(): string[];
}

/** A mapper for one file; `noun` names fields in warnings (`column "foo" is not read ...`). */
export function createRecordMapper(noun: 'column' | 'field'): RecordMapper {
  const targets = new Map<string, FieldTarget | null>();
  const warned = new Set<string>();
  const warnings: string[] = [];
  let uncounted = 0;
  const warn = (name: string, text: string) => {
    if (warned.has(name)) return;
    warned.add(name);
    if (warned.size <= MAX_NAMED) warnings.push(text);
    else uncounted += 1;
  };
  const targetOf = (name: string): FieldTarget | null => {
    let target = targets.get(name);
    if (target === undefined) {
      target = fieldFor(name);
      targets.set(name, target);
      if (target === null) warn(name, `${noun} ${quote(name)} is not read (${KNOWN})`);
    }
    return target;
  };

  const shadowed = (loser: string, winner: string, field: Field) =>
    `${noun} ${quote(loser)} is not read where ${quote(winner)} is also given (both are ${field})`;

  return {
    toInput(entries) {
      const input: Record<string, unknown> = {};
      const chosen = new Map<Field, { rank: number; name: string }>();
      for (const [name, raw] of entries) {
        const target = targetOf(name);
        if (target === null || isAbsent(raw)) continue;
        const held = chosen.get(target.field);
        if (held !== undefined && held.rank <= target.rank) {
          warn(name, held.name === name ? `${noun} ${quote(name)} is given twice: only the first is read` : shadowed(name, held.name, target.field));
          continue;
        }
        if (held !== undefined) warn(held.name, shadowed(held.name, name, target.field));
        chosen.set(target.field, { rank: target.rank, name });
        input[target.field] = unnest(target.field, raw);
      }
      return input as DeploymentInput;
    },
    noteNames(names) {
      for (const name of names) targetOf(name);
    },
    warnings() {
      return uncounted === 0 ? [...warnings] : [...warnings, `${uncounted} more ${noun}s are not read`];
    },
  };
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function unnest(field: Field, value: unknown): unknown {
  const properties = NESTED[field];
  if (properties === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  for (const property of properties) {
    const inner: unknown = Object.hasOwn(value, property) ? (value as Record<string, unknown>)[property] : undefined;
    if (typeof inner === 'string' || typeof inner === 'number') return inner;
  }
  return value;
}

/** A name as written, quoted and cut to a readable length. */
function quote(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}
