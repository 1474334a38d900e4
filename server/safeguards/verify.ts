/**
 * Verifying safeguards through the GitHub API: each current (not archived) safeguard is checked for its kind,
 * its state written (`recordCheck`), and a report returned.
 *
 * States: `verified` (in place now); `drifted` (not in place now, but it was before, or it is weaker than declared:
 * a required check removed, fewer reviews); `missing` (not in place and never was); `manual` (runbooks and other
 * controls no API shows: valid while a person's attestation has not expired). A check that cannot decide (rate
 * limit, 5xx after retries, timeout, malformed JSON, no permission) records `check_error` and keeps the previous
 * state: an outage of GitHub never turns a safeguard red or green.
 */
import type { Octokit } from '@octokit/rest';
import type { Database } from '../db/connection.ts';
import { statement } from '../db/queries/statements.ts';
import { attestationDetail, attestationStatus } from './attestation.ts';
import { isManualKind, type SafeguardKind, type SafeguardState } from './declaration.ts';
import { CODEOWNERS_PATHS, GitHubReads, UndecidedError, type Read } from './github-reads.ts';
import {
  judgeAlertRule,
  judgeBranchProtection,
  judgeCodeowners,
  judgeDeployGate,
  judgeStatusCheck,
  judgeWorkflowFile,
  judgeWorkflowRun,
  type Judgement,
} from './judge.ts';
import { recordCheck, SAFEGUARD_COLUMNS, toSafeguardRow, type CheckRecord, type SafeguardRow } from './store.ts';

/** Options of `verifySafeguards`. */
export interface VerifyOptions {
  /** The time of the checks (`checked_at`, `verified_at`, attestation expiry). */
  now: Date;
  /** Called after each safeguard. Default: none. */
  onProgress?: (progress: { done: number; total: number; key: string }) => void;
  /** Only these safeguards (by key). Default: every current one. */
  keys?: readonly string[];
}

/** One safeguard's outcome in a run. */
export interface VerifyResult {
  key: string;
  kind: SafeguardKind;
  /** The state after the check (the previous one when the check could not decide). */
  state: SafeguardState;
  detail: string | null;
  /** Why the check could not decide, else null. */
  error: string | null;
  /** manual: the attestation has expired. */
  expired: boolean;
}

/** What a verification run found and changed. */
export interface VerifyReport {
  /** Safeguards looked at. */
  checked: number;
  verified: number;
  drifted: number;
  missing: number;
  /** Manual safeguards (attested, expired or never attested). */
  manual: number;
  /** Manual safeguards whose attestation expired. */
  expired: number;
  /** Manual safeguards never attested. */
  unattested: number;
  /** Never decided (every check so far failed). */
  unknown: number;
  /** Checks that could not decide (the state was kept), and keys asked for that do not exist. */
  errors: { key: string; message: string }[];
  /** State changes of this run. */
  changes: { key: string; from: SafeguardState; to: SafeguardState; detail: string }[];
  /** Requests sent to GitHub (retries not counted). */
  requests: number;
  /** Each safeguard, in key order. */
  results: VerifyResult[];
}

/**
 * Checks the current safeguards (or `options.keys`) through `client` (from `createGitHubClient`) and records each
 * outcome. Never throws for GitHub's failures: they are in `errors`, and the other safeguards are still checked.
 */
export async function verifySafeguards(database: Database, client: Octokit, options: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = { checked: 0, verified: 0, drifted: 0, missing: 0, manual: 0, expired: 0, unattested: 0, unknown: 0, errors: [], changes: [], requests: 0, results: [] };
  const rows = (statement(database, `SELECT ${SAFEGUARD_COLUMNS} FROM safeguards s WHERE s.archived_at IS NULL ORDER BY s.key`).all() as unknown[]).map(toSafeguardRow);
  let chosen = rows;
  if (options.keys) {
    const wanted = new Set(options.keys);
    chosen = rows.filter((row) => wanted.has(row.key));
    for (const key of wanted) if (!rows.some((row) => row.key === key)) report.errors.push({ key, message: 'no such safeguard (or it is archived)' });
  }
  const reads = new GitHubReads(client);
  for (const [index, row] of chosen.entries()) {
    const record = await checkOne(row, reads, options.now);
    const { from, to } = recordCheck(database, row, record, options.now);
    const expired = isManualKind(row.kind) && attestationStatus(row, options.now) === 'expired';
    const detail = record.kind === 'decided' ? record.detail : row.stateDetail;
    report.checked += 1;
    if (record.kind === 'undecided') report.errors.push({ key: row.key, message: record.error });
    if (from !== to) report.changes.push({ key: row.key, from, to, detail: detail ?? '' });
    if (to === 'verified') report.verified += 1;
    else if (to === 'drifted') report.drifted += 1;
    else if (to === 'missing') report.missing += 1;
    else if (to === 'unknown') report.unknown += 1;
    else {
      report.manual += 1;
      if (expired) report.expired += 1;
      else if (attestationStatus(row, options.now) === 'none') report.unattested += 1;
    }
    report.results.push({ key: row.key, kind: row.kind, state: to, detail, error: record.kind === 'undecided' ? record.error : null, expired });
    options.onProgress?.({ done: index + 1, total: chosen.length, key: row.key });
  }
  report.requests = reads.requests;
  return report;
}

/** Checks one safeguard: a decided state and detail, or why it could not decide. */
async function checkOne(row: SafeguardRow, reads: GitHubReads, now: Date): Promise<CheckRecord> {
  if (isManualKind(row.kind)) return { kind: 'decided', state: 'manual', detail: attestationDetail(row, now), inPlace: false };
  let judgement: Judgement;
  try {
    judgement = await judge(row, reads);
  } catch (error) {
    if (error instanceof UndecidedError) return { kind: 'undecided', error: error.message };
    throw error;
  }
  if ('undecided' in judgement) return { kind: 'undecided', error: judgement.undecided };
  const state: SafeguardState = judgement.inPlace ? 'verified' : row.firstVerifiedAt ? 'drifted' : 'missing';
  return { kind: 'decided', state, detail: judgement.detail, inPlace: judgement.inPlace };
}

/** The verdict for a safeguard checked through GitHub; throws `UndecidedError` when GitHub's answers cannot decide it. */
async function judge(row: SafeguardRow, reads: GitHubReads): Promise<Judgement> {
  const repo = row.repo;
  if (!repo) return { undecided: `a ${row.kind} safeguard needs a repository (repo: owner/name)` };

  const repoMissing: Judgement = { inPlace: false, detail: `repository ${repo} not found (deleted, renamed, or not visible to the token)` };
  /** The verdict when something was not found: the repository itself missing says so, else `what`. */
  const absent = async (what: string): Promise<Judgement> => ((await reads.repository(repo)).found ? { inPlace: false, detail: what } : repoMissing);
  /** The declared branch, else the repository's default one; null when the repository is not found. */
  const branchOf = async (): Promise<string | null> => {
    if (row.branch) return row.branch;
    const found = await reads.repository(repo);
    return found.found ? found.data.defaultBranch : null;
  };
  const where = row.branch ?? 'the default branch';

  switch (row.kind) {
    case 'status-check':
    case 'branch-protection': {
      const branch = await branchOf();
      if (branch === null) return repoMissing;
      const read = await reads.protection(repo, branch);
      let protection: Record<string, unknown> | null;
      if (read.found) protection = read.data;
      else if (read.message === 'Branch not protected') protection = null;
      else if (read.message === 'Branch not found') return absent(`branch ${branch} does not exist in ${repo}`);
      else {
        const exists = await reads.repository(repo);
        if (!exists.found) return repoMissing;
        return { undecided: `GET /repos/${repo}/branches/${branch}/protection: 404 ${read.message} (reading branch protection needs admin rights on the repository)` };
      }
      return row.kind === 'status-check'
        ? judgeStatusCheck(protection, branch, row.checkName ?? '')
        : judgeBranchProtection(protection, branch, row.target);
    }
    case 'codeowners': {
      const pattern = row.target.pattern ?? row.path ?? '';
      for (const path of CODEOWNERS_PATHS) {
        const read = await reads.file(repo, path, row.branch);
        if (read.found) return judgeCodeowners({ path, text: read.data }, where, pattern, row.target.owners ?? []);
        if (isMissingRef(read)) return absent(`branch ${row.branch} does not exist in ${repo}`);
      }
      const none = judgeCodeowners(null, where, pattern, row.target.owners ?? []);
      return 'detail' in none ? absent(none.detail) : none;
    }
    case 'workflow': {
      const branch = await branchOf();
      if (branch === null) return repoMissing;
      const path = row.path ?? '';
      const file = await reads.file(repo, path, branch);
      if (!file.found) return absent(isMissingRef(file) ? `branch ${branch} does not exist in ${repo}` : `${path} is not on ${branch}${file.message === 'Not Found' ? '' : ` (${file.message})`}`);
      const fileVerdict = judgeWorkflowFile(file.data, path, branch, row.target.job);
      if (fileVerdict) return fileVerdict;
      const runs = await reads.latestRun(repo, path.split('/').at(-1)!, branch);
      if (!runs.found) return { inPlace: false, detail: `${path} is on ${branch} but GitHub Actions knows no such workflow (${runs.message})` };
      return judgeWorkflowRun(runs.data, path, branch, row.target.job);
    }
    case 'alert-rule': {
      const path = row.path ?? '';
      const file = await reads.file(repo, path, row.branch);
      if (!file.found) {
        if (isMissingRef(file)) return absent(`branch ${row.branch} does not exist in ${repo}`);
        return absent(`${path} is not on ${where}${file.message === 'Not Found' ? '' : ` (${file.message})`}`);
      }
      return judgeAlertRule(file.data, path, where, row.target.alert);
    }
    case 'deploy-gate': {
      const name = row.target.environment ?? '';
      const read = await reads.environment(repo, name);
      if (!read.found) return absent(`environment ${name} does not exist in ${repo}`);
      return judgeDeployGate(read.data, name, row.target);
    }
    default:
      return { undecided: `${row.kind} safeguards are not checked automatically` };
  }
}

function isMissingRef(read: Read<unknown>): boolean {
  return !read.found && /^No commit found for the ref/i.test(read.message);
}

/**
 * The report for people: one line per safeguard (`verified  key  detail`), errors marked, then a summary line:
 * `4 safeguards: 2 verified, 1 drifted, 0 missing, 1 manual (0 expired); 1 could not be checked; 7 requests`.
 */
export function formatVerifyReport(report: VerifyReport): string {
  const width = Math.max(0, ...report.results.map((r) => r.key.length));
  const lines = report.results.map((r) => {
    const label = r.state === 'drifted' || r.state === 'missing' ? r.state.toUpperCase() : r.expired ? 'EXPIRED' : r.state;
    const detail = r.error ? `${r.detail ? `${r.detail}; ` : ''}not checked now: ${r.error}` : (r.detail ?? '');
    return `${label.padEnd(8)}  ${r.key.padEnd(width)}  ${detail}`.trimEnd();
  });
  for (const error of report.errors) if (!report.results.some((r) => r.key === error.key)) lines.push(`error     ${error.key}: ${error.message}`);
  const changes = report.changes.length > 0 ? `; changed: ${report.changes.map((c) => `${c.key} ${c.from} → ${c.to}`).join(', ')}` : '';
  const failed = report.errors.length > 0 ? `; ${report.errors.length} could not be checked` : '';
  lines.push(
    `${report.checked} safeguard${report.checked === 1 ? '' : 's'}: ${report.verified} verified, ${report.drifted} drifted, ${report.missing} missing, ` +
      `${report.manual} manual (${report.expired} expired, ${report.unattested} not attested)${report.unknown > 0 ? `, ${report.unknown} unknown` : ''}` +
      `${failed}${changes}; ${report.requests} request${report.requests === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}
