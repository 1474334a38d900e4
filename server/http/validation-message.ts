/**
 * Fastify's validation errors (ajv's, with the part of the request they are about) → one sentence naming the
 * parameter: `query parameter "year" must be an integer`. Pure; the error handler sends it with a 400.
 */

/** The parts of an ajv error this module reads. */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  /** Where in the schema (`#/anyOf/1/properties/...`); used to pick among a union's branches. */
  schemaPath?: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

/** Where the invalid value was: fastify's `validationContext`. */
export type ValidationContext = 'querystring' | 'params' | 'body' | 'headers' | (string & {});

const PART: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'body property',
  headers: 'header',
};

/** Friendlier words for `pattern` failures of known parameters. */
const PATTERN_HINTS: Record<string, string> = {
  status: 'must be open, in-progress, done or wont-do (several separated by commas)',
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'must be an integer',
  number: 'must be a number',
  boolean: 'must be true or false',
  string: 'must be a string',
  array: 'must be a list',
  object: 'must be an object',
  null: 'must be null',
};

/** `/paths/0` → `paths[0]`; `/a/b` → `a.b`. */
function nameOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

function problem(issue: ValidationIssue, name: string): string {
  const p = issue.params;
  switch (issue.keyword) {
    case 'type': {
      const type = String(Array.isArray(p.type) ? p.type[0] : p.type);
      return TYPE_WORDS[type] ?? `must be of type ${type}`;
    }
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${String(p.allowedValue)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'format':
      return p.format === 'date' ? 'must be a date (YYYY-MM-DD)' : `must be a valid ${String(p.format)}`;
    case 'pattern':
      return PATTERN_HINTS[name] ?? 'has the wrong format';
    default:
      return issue.message ?? 'is invalid';
  }
}

/**
 * The message for the first of `issues` found in `context`. Unknown parameters are named as such
 * (`unknown query parameter "yaer"`), missing ones too; a body that is not an object says so.
 */
export function validationMessage(issues: readonly ValidationIssue[], context: ValidationContext | undefined): string {
  const part = PART[context ?? ''] ?? 'parameter';
  const issue = firstIssue(issues);
  if (!issue) return `invalid ${part}`;
  const parent = nameOf(issue.instancePath);
  const prefix = (name: string) => (name ? `${part} "${name}"` : context === 'body' ? 'the body' : part);
  if (issue.keyword === 'additionalProperties') {
    const extra = String(issue.params.additionalProperty);
    return `unknown ${part} "${parent ? `${parent}.${extra}` : extra}"`;
  }
  if (issue.keyword === 'required') {
    const missing = String(issue.params.missingProperty);
    return `${part} "${parent ? `${parent}.${missing}` : missing}" is required`;
  }
  return `${prefix(parent)} ${problem(issue, parent)}`;
}

/**
 * The issue to report: the first, except when a union (`anyOf`) failed in every branch: then the one from the
 * branch that got furthest into the value (the deepest path: `{"deployments": [ok, bad]}` failed the batch
 * branch at `deployments[1]`, not the single-deployment branch at the top).
 */
function firstIssue(issues: readonly ValidationIssue[]): ValidationIssue | undefined {
  const branches = issues.filter((issue) => issue.keyword !== 'anyOf' && issue.schemaPath?.includes('/anyOf/'));
  if (branches.length === 0) return issues[0];
  const depth = (issue: ValidationIssue) => issue.instancePath.split('/').length;
  return branches.reduce((best, issue) => (depth(issue) > depth(best) ? issue : best));
}
