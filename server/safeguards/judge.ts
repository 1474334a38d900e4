/**
 * Whether a safeguard is in place, judged from what GitHub answered: pure functions from GitHub's objects (branch
 * protection, a CODEOWNERS or workflow file, a workflow run, an environment) and the declaration to a verdict and
 * a one-line detail for people. The detail names what was found, so it changes only when that does (history is
 * appended only then). An answer whose shape is not GitHub's is undecided, never a verdict.
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import type { SafeguardTarget } from './declaration.ts';
import { isObject, type LatestRun } from './github-reads.ts';

/** A verdict with its detail, or why GitHub's answer cannot decide one. */
export type Judgement = { inPlace: boolean; detail: string } | { undecided: string };

const yes = (detail: string): Judgement => ({ inPlace: true, detail });
const no = (detail: string): Judgement => ({ inPlace: false, detail });

/** The status checks a protection requires: `contexts` and `checks[].context`, once each. */
export function requiredChecks(protection: Record<string, unknown>): string[] | null {
  const checks = protection.required_status_checks;
  if (!isObject(checks)) return null;
  const names = [
    ...(Array.isArray(checks.contexts) ? checks.contexts : []),
    ...(Array.isArray(checks.checks) ? checks.checks.map((check: unknown) => (isObject(check) ? check.context : null)) : []),
  ].filter((name): name is string => typeof name === 'string');
  return [...new Set(names)];
}

/** status-check: the branch's protection (null: not protected) requires `check`. */
export function judgeStatusCheck(protection: Record<string, unknown> | null, branch: string, check: string): Judgement {
  if (protection === null) return no(`branch ${branch} is not protected, so no status check is required`);
  const names = requiredChecks(protection);
  if (names === null || names.length === 0) return no(`branch ${branch} is protected but requires no status checks`);
  if (names.includes(check)) return yes(`branch ${branch} requires the status check ${check}`);
  return no(`branch ${branch} does not require the status check ${check} (it requires ${names.join(', ')})`);
}

/** branch-protection: the branch is protected and meets every option declared in `target`. */
export function judgeBranchProtection(protection: Record<string, unknown> | null, branch: string, target: SafeguardTarget): Judgement {
  if (protection === null) return no(`branch ${branch} is not protected`);
  const reviews = isObject(protection.required_pull_request_reviews) ? protection.required_pull_request_reviews : null;
  const enabled = (name: string) => {
    const setting = protection[name];
    return isObject(setting) && setting.enabled === true;
  };
  const met: string[] = [];
  const short: string[] = [];
  const require = (declared: boolean | undefined, ok: boolean, good: string, bad: string) => {
    if (!declared) return;
    (ok ? met : short).push(ok ? good : bad);
  };
  if (target.reviews !== undefined) {
    const count = reviews ? (typeof reviews.required_approving_review_count === 'number' ? reviews.required_approving_review_count : 1) : 0;
    const plural = (n: number) => `${n} approving review${n === 1 ? '' : 's'}`;
    require(true, count >= target.reviews, `${plural(count)} required`, `requires ${count === 0 ? 'no approving reviews' : plural(count)}, fewer than the ${target.reviews} declared`);
  }
  require(target.forcePushes === false, !enabled('allow_force_pushes'), 'force pushes blocked', 'allows force pushes');
  require(target.deletions === false, !enabled('allow_deletions'), 'deletion blocked', 'allows deleting the branch');
  require(target.enforceAdmins, enabled('enforce_admins'), 'administrators included', 'does not apply to administrators');
  require(target.codeOwnerReviews, reviews?.require_code_owner_reviews === true, 'code owner review required', 'does not require a code owner review');
  require(target.dismissStaleReviews, reviews?.dismiss_stale_reviews === true, 'stale approvals dismissed', 'keeps stale approvals');
  require(target.linearHistory, enabled('required_linear_history'), 'linear history required', 'does not require a linear history');
  require(target.conversationResolution, enabled('required_conversation_resolution'), 'conversations must be resolved', 'does not require resolved conversations');
  if (short.length > 0) return no(`branch ${branch} is protected but ${short.join('; ')}`);
  return yes(`branch ${branch} is protected${met.length > 0 ? `: ${met.join(', ')}` : ''}`);
}

/** One rule of a CODEOWNERS file: the pattern and its owners. */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
}

/** The rules of a CODEOWNERS file (comments and blank lines skipped; `\#` is a literal `#`). */
export function readCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (line === '') return;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({ pattern: pattern!.replace(/\\#/g, '#'), owners, line: index + 1 });
  });
  return rules;
}

/**
 * codeowners: the CODEOWNERS file GitHub uses (null: none in `.github/`, the root or `docs/`) has a rule for
 * `pattern` naming every declared owner. The last rule for the pattern counts, as on GitHub.
 */
export function judgeCodeowners(file: { path: string; text: string } | null, where: string, pattern: string, owners: readonly string[]): Judgement {
  if (file === null) return no(`no CODEOWNERS file on ${where} (looked in .github/, the root and docs/)`);
  const rule = readCodeowners(file.text).filter((r) => r.pattern === pattern).at(-1);
  if (!rule) return no(`${file.path} on ${where} has no rule for ${pattern}`);
  const named = new Set(rule.owners.map((owner) => owner.toLowerCase()));
  const missing = owners.filter((owner) => !named.has(owner.toLowerCase()));
  if (missing.length > 0) {
    return no(`${file.path} on ${where} gives ${pattern} to ${rule.owners.length > 0 ? rule.owners.join(' ') : 'no one'}, not ${missing.join(' ')}`);
  }
  return yes(`${file.path} on ${where} gives ${pattern} to ${owners.join(' ')}`);
}

/** workflow: the file names the job (when declared). The file's YAML not parsing is a verdict: GitHub would not run it either. */
export function judgeWorkflowFile(text: string, path: string, where: string, job: string | undefined): Judgement | null {
  const document = parseDocument(text);
  if (document.errors.length > 0) return no(`${path} on ${where} is not valid YAML, so GitHub cannot run it (${document.errors[0]!.message.split('\n')[0]})`);
  if (job === undefined) return null;
  const jobs: unknown = (document.toJS() as Record<string, unknown> | null)?.jobs;
  if (!isObject(jobs)) return no(`${path} on ${where} defines no jobs`);
  const found = Object.entries(jobs).some(([id, value]) => id === job || (isObject(value) && value.name === job));
  return found ? null : no(`${path} on ${where} has no job ${job} (its jobs: ${Object.keys(jobs).join(', ')})`);
}

/** workflow: the newest completed run on the branch (null: none yet) succeeded. */
export function judgeWorkflowRun(run: LatestRun | null, path: string, branch: string, job: string | undefined): Judgement {
  const name = path.split('/').at(-1)!;
  if (run === null) return no(`${name} is on ${branch} but has not completed a run there yet`);
  if (run.conclusion !== 'success') return no(`the last completed run of ${name} on ${branch} concluded ${run.conclusion ?? 'without a conclusion'}`);
  return yes(`${path} is on ${branch}${job ? ` with job ${job}` : ''} and its last completed run there succeeded`);
}

/**
 * alert-rule: the rule file (null: absent) is there and defines the alert (when declared). A YAML file (Prometheus,
 * Alertmanager, Grafana, Datadog exports) must define it as the value of an `alert` (or `name`/`title`) key, not
 * only mention it in a comment or another rule's expression; in other files the name must appear as a word on a
 * line that is not a comment (`#` in rule, config and Terraform files; `//` in Jsonnet, JavaScript and HCL).
 */
export function judgeAlertRule(text: string | null, path: string, where: string, alert: string | undefined): Judgement {
  if (text === null) return no(`${path} is not on ${where}`);
  if (alert === undefined) return yes(`${path} is on ${where}`);
  const defined = alertDefinedIn(text, path, alert);
  return defined ? yes(`${path} on ${where} defines the alert ${alert}`) : no(`${path} on ${where} does not define the alert ${alert}`);
}

const HASH_COMMENTS = /\.(?:rules|conf|cfg|ini|toml|tf|hcl|py|sh|properties)$/i;
const SLASH_COMMENTS = /\.(?:jsonnet|libsonnet|js|ts|tf|hcl|go)$/i;

function alertDefinedIn(text: string, path: string, alert: string): boolean {
  const wanted = alert.trim();
  if (/\.ya?ml$/i.test(path)) {
    const documents = parseAllDocuments(text);
    if (documents.length > 0 && documents.every((document) => document.errors.length === 0)) {
      const found = (value: unknown): boolean => {
        if (Array.isArray(value)) return value.some(found);
        if (!isObject(value)) return false;
        return Object.entries(value).some(
          ([key, inner]) => (['alert', 'name', 'title'].includes(key) && typeof inner === 'string' && inner.trim() === wanted) || found(inner),
        );
      };
      return documents.some((document) => found(document.toJS()));
    }
  }
  const word = new RegExp(`(?<![\\w-])${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
  const comment = (line: string) =>
    (HASH_COMMENTS.test(path) || /\.ya?ml$/i.test(path) ? /^\s*#/.test(line) : false) || (SLASH_COMMENTS.test(path) ? /^\s*\/\//.test(line) : false);
  return text.split(/\r?\n/).some((line) => !comment(line) && word.test(line));
}

/**
 * deploy-gate: the environment (null: absent) has protection rules (required reviewers, a wait timer, a branch
 * policy) and meets the declared ones: every declared reviewer required, a wait of at least `waitMinutes`.
 */
export function judgeDeployGate(environment: Record<string, unknown> | null, name: string, target: SafeguardTarget): Judgement {
  if (environment === null) return no(`environment ${name} does not exist`);
  const rules = Array.isArray(environment.protection_rules) ? environment.protection_rules.filter(isObject) : [];
  const reviewers = rules
    .filter((rule) => rule.type === 'required_reviewers' && Array.isArray(rule.reviewers))
    .flatMap((rule) => rule.reviewers as unknown[])
    .map((entry) => (isObject(entry) && isObject(entry.reviewer) ? entry.reviewer : null))
    .map((reviewer) => (reviewer === null ? null : typeof reviewer.slug === 'string' ? teamName(reviewer) : typeof reviewer.login === 'string' ? reviewer.login : null))
    .filter((who): who is string => who !== null);
  const waitRule = rules.find((rule) => rule.type === 'wait_timer');
  const wait = waitRule && typeof waitRule.wait_timer === 'number' ? waitRule.wait_timer : 0;
  const branchPolicy = rules.some((rule) => rule.type === 'branch_policy') || isObject(environment.deployment_branch_policy);
  const present = [
    reviewers.length > 0 ? `review by ${[...reviewers].sort().join(', ')}` : null,
    wait > 0 ? `a ${wait} minute wait` : null,
    branchPolicy ? 'a branch policy' : null,
  ].filter((part): part is string => part !== null);
  if (present.length === 0) return no(`environment ${name} has no protection rules (required reviewers, wait timer or branch policy)`);
  const short: string[] = [];
  const found = reviewers.map((who) => who.toLowerCase());
  // `org/team` matches that team; a team GitHub names without its organisation matches by its slug.
  const required = (who: string) => found.some((f) => f === who.toLowerCase() || (!f.includes('/') && who.toLowerCase().endsWith(`/${f}`)));
  const missing = (target.reviewers ?? []).filter((who) => !required(who));
  if (missing.length > 0) short.push(`does not require review by ${missing.join(', ')}`);
  if (target.waitMinutes !== undefined && wait < target.waitMinutes) {
    short.push(`waits ${wait} minute${wait === 1 ? '' : 's'}, less than the ${target.waitMinutes} declared`);
  }
  if (short.length > 0) return no(`environment ${name} ${short.join('; ')}`);
  return yes(`environment ${name} requires ${present.join(', ')}`);
}

/** `org/slug` of a team object (the organisation read from its `html_url`), else its slug. */
function teamName(team: Record<string, unknown>): string {
  const slug = String(team.slug);
  const org = typeof team.html_url === 'string' ? /\/orgs\/([^/]+)\/teams\//.exec(team.html_url)?.[1] : undefined;
  return org ? `${org}/${slug}` : slug;
}
