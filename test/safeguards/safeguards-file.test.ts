/**
 * Reading `safeguards.yml`: every kind's fields, problems at the line of the field at fault (the file named),
 * bad entries skipped and good ones kept, and what makes the file unreadable as a whole.
 */
import { describe, expect, it } from 'vitest';
import { checkDeclaration } from '../../server/safeguards/declaration.ts';
import { formatFileProblem, parseSafeguardsFile, readSafeguardsFile } from '../../server/safeguards/safeguards-file.ts';
import { DATAHUB, EXAMPLE_SAFEGUARDS } from './setup.ts';

const FILE = 'postmortems/safeguards.yml';
const parse = (text: string) => parseSafeguardsFile(text, FILE);
const messages = (text: string) => parse(text).problems.map(formatFileProblem);

describe('the example file', () => {
  it('declares the datahub status check and three more, with no problems', () => {
    const read = readSafeguardsFile(EXAMPLE_SAFEGUARDS, FILE);
    expect(read.problems).toEqual([]);
    expect(read.complete).toBe(true);
    expect(read.safeguards.map((s) => [s.declaration.key, s.declaration.kind])).toEqual([
      ['datahub-prod-requires-staging-hub', 'status-check'],
      ['datahub-staging-smoke-test', 'workflow'],
      ['datahub-prod-hub-health-alert', 'alert-rule'],
      ['dns-cutover-tls-probe-checklist', 'runbook'],
    ]);
    const [datahub] = read.safeguards;
    expect(datahub!.declaration).toEqual({
      key: 'datahub-prod-requires-staging-hub',
      kind: 'status-check',
      repo: 'example-org/datahub',
      branch: 'prod',
      path: null,
      checkName: 'staging-hub-online',
      description: "Merges to prod need the staging hub's health probe to pass.",
      target: {},
    });
    expect(datahub!.implements).toEqual([{ incident: DATAHUB, item: 'Block merges to production when the staging hub is not online', line: 22 }]);
  });
});

describe('entries', () => {
  it('reads every kind with its options; a bare workflow file name goes under .github/workflows/', () => {
    const read = parse(`
safeguards:
  - id: prod-reviews
    kind: branch-protection
    repo: acme/web
    branch: main
    reviews: 2
    forcePushes: false
    deletions: false
    enforceAdmins: true
    codeOwnerReviews: true
  - id: charts-owners
    kind: codeowners
    repo: acme/platform
    pattern: /charts/
    owners: ['@acme/platform', ops@acme.example]
  - id: smoke
    kind: workflow
    repo: acme/web
    path: smoke-test.yml
    job: smoke
  - id: gate
    kind: deploy-gate
    repo: acme/web
    environment: production
    reviewers: ['@acme/sre', octocat]
    waitMinutes: 10
  - id: wiki
    kind: other
    url: https://wiki.acme.example/payments
`);
    expect(read.problems).toEqual([]);
    expect(read.safeguards.map((s) => [s.declaration.key, s.declaration.path, s.declaration.target])).toEqual([
      ['prod-reviews', null, { reviews: 2, forcePushes: false, deletions: false, enforceAdmins: true, codeOwnerReviews: true }],
      ['charts-owners', null, { owners: ['@acme/platform', 'ops@acme.example'], pattern: '/charts/' }],
      ['smoke', '.github/workflows/smoke-test.yml', { job: 'smoke' }],
      ['gate', null, { environment: 'production', reviewers: ['acme/sre', 'octocat'], waitMinutes: 10 }],
      ['wiki', null, { url: 'https://wiki.acme.example/payments' }],
    ]);
  });

  it('reports each problem at the line of its field, naming the file, skips the bad entries and keeps the good ones', () => {
    const text = [
      'safeguards:', //                                    1
      '  - id: good', //                                   2
      '    kind: alert-rule', //                           3
      '    repo: acme/web', //                             4
      '    path: alerts/web.rules.yml', //                 5
      '  - id: no-check', //                               6
      '    kind: status-check', //                         7
      '    repo: acme/web', //                             8
      '  - id: wrong-kind', //                             9
      '    kind: firewall', //                             10
      '  - id: reviews-on-a-check', //                     11
      '    kind: status-check', //                         12
      '    repo: acme/web', //                             13
      '    check: ci', //                                  14
      '    reviews: 2', //                                 15
      '  - id: bad-repo', //                               16
      '    kind: workflow', //                             17
      '    repo: acme', //                                 18
      '    path: deploy.txt', //                           19
      '  - id: good', //                                   20
      '    kind: runbook', //                              21
      '  - id: force', //                                  22
      '    kind: branch-protection', //                    23
      '    repo: acme/web', //                             24
      '    forcePushes: true', //                          25
      '    typo: 1', //                                    26
      '  - just a string', //                              27
    ].join('\n');
    const read = parse(text);
    expect(read.problems.map(formatFileProblem)).toEqual([
      `${FILE}:6: safeguard "no-check": check: missing: a status-check safeguard needs the status check name, as GitHub shows it under the pull request`,
      `${FILE}:10: safeguard "wrong-kind": kind: "firewall" is not a kind (use one of status-check, branch-protection, codeowners, workflow, alert-rule, deploy-gate, runbook, other)`,
      `${FILE}:15: safeguard "reviews-on-a-check": reviews: does not apply to a status-check safeguard (it takes repo, check; optional branch)`,
      `${FILE}:18: safeguard "bad-repo": repo: "acme" is not valid (use owner/name)`,
      `${FILE}:19: safeguard "bad-repo": path: "deploy.txt" is not a workflow file (.yml or .yaml under .github/workflows/)`,
      `${FILE}:20: id "good" is already used on line 2 (ids are unique; this entry is skipped)`,
      `${FILE}:25: safeguard "force": forcePushes: write false to require it blocked, or leave it out (true declares nothing)`,
      `${FILE}:26: safeguard "force": typo: unknown field (known: id, kind, repo, branch, path, check, job, environment, url, description, reviews, forcePushes, deletions, enforceAdmins, codeOwnerReviews, dismissStaleReviews, linearHistory, conversationResolution, owners, pattern, alert, reviewers, waitMinutes, implements)`,
      `${FILE}:27: expected a safeguard (id:, kind: ... on their own lines)`,
    ]);
    expect(read.safeguards.map((s) => s.declaration.key)).toEqual(['good']);
    expect(read.ids).toEqual(['good', 'no-check', 'wrong-kind', 'reviews-on-a-check', 'bad-repo', 'force']);
    expect(read.complete).toBe(true);
  });

  it('checks implements entries at their own line and skips the safeguard when one is malformed', () => {
    const read = parse(`safeguards:
  - id: a
    kind: runbook
    implements:
      - incident: ${DATAHUB}
      - item: Block merges
      - just text
      - incident: x
        item: y
        owner: z
  - id: b
    kind: runbook
    implements: not a list
  - id: c
    kind: runbook
    implements:
      - {incident: ${DATAHUB}, item: Block merges}
`);
    expect(read.problems.map(formatFileProblem)).toEqual([
      `${FILE}:5: implements: item: missing (the action item's text, or enough of it to tell it apart)`,
      `${FILE}:6: implements: incident: missing (the incident's slug, e.g. 2018-01-25-datahub-accidental-prod-merge)`,
      `${FILE}:7: implements: expected {incident: <slug>, item: <words of the action item>}`,
      `${FILE}:8: implements: unknown field "owner" (use incident and item)`,
      `${FILE}:13: implements: expected a list of {incident: <slug>, item: <words of the action item>}`,
    ]);
    expect(read.safeguards.map((s) => [s.declaration.key, s.implements])).toEqual([['c', [{ incident: DATAHUB, item: 'Block merges', line: 17 }]]]);
  });
});

describe('the file as a whole', () => {
  it('is empty or an empty list: nothing declared, and complete (so file safeguards are archived)', () => {
    for (const text of ['', '# nothing yet\n', 'safeguards:\n', 'safeguards: []\n']) {
      expect(parse(text), JSON.stringify(text)).toEqual({ safeguards: [], ids: [], problems: [], complete: true });
    }
  });

  it('is not YAML, not a map, or safeguards is not a list: one problem at its line, and incomplete', () => {
    expect(parse('safeguards:\n  - id: a\n   kind: [\n')).toMatchObject({ complete: false, safeguards: [] });
    expect(messages('safeguards:\n  - id: a\n   kind: [\n')[0]).toMatch(/^postmortems\/safeguards\.yml:3: /);
    expect(parse('- id: a\n')).toMatchObject({ complete: false, problems: [{ file: FILE, line: 1, message: 'expected `safeguards:` with a list of safeguards' }] });
    expect(parse('safeguards:\n  id: a\n')).toMatchObject({ complete: false, problems: [{ line: 2, message: 'safeguards: expected a list (each entry starting with "- id: ...")' }] });
    expect(messages('safeguards: []\nsafeguard: []\n')).toEqual([`${FILE}:2: unknown key "safeguard" (the file has one key: safeguards)`]);
    expect(parse('safeguards: []\nsafeguards: []\n').complete).toBe(false); // duplicate key: YAML error
  });

  it('cannot be read: a problem about the file (no line), incomplete', () => {
    const read = readSafeguardsFile('/nonexistent/safeguards.yml', 'safeguards.yml');
    expect(read).toEqual({ safeguards: [], ids: [], problems: [{ file: 'safeguards.yml', line: 0, message: 'cannot read the file: no such file' }], complete: false });
    expect(formatFileProblem(read.problems[0]!)).toBe('safeguards.yml: cannot read the file: no such file');
  });
});

describe('checkDeclaration (shared with the API)', () => {
  it('lists every problem of an input at once, by field', () => {
    expect(checkDeclaration({ id: 'bad id!', kind: 'deploy-gate', repo: 'acme/web', waitMinutes: 0, reviewers: ['octocat', 'two words'] })).toEqual({
      problems: [
        { field: 'id', message: '"bad id!" is not valid (use letters, digits, ".", "_" and "-", at most 100, e.g. datahub-prod-requires-staging)' },
        { field: 'environment', message: 'missing: a deploy-gate safeguard needs the deployment environment, e.g. production' },
        { field: 'reviewers', message: '"two words" is not a login or org/team' },
        { field: 'waitMinutes', message: '0 is not a whole number from 1 to 43200' },
      ],
    });
  });

  it('requires a pattern or a path for codeowners, and accepts a string of owners', () => {
    expect(checkDeclaration({ id: 'o', kind: 'codeowners', repo: 'acme/web', owners: '@a @b' })).toEqual({
      problems: [{ field: 'pattern', message: 'missing: name the CODEOWNERS pattern (pattern: /charts/) or the path it covers (path:)' }],
    });
    expect(checkDeclaration({ id: 'o', kind: 'codeowners', repo: 'acme/web', owners: '@a @b', path: '/charts/' })).toMatchObject({
      declaration: { path: '/charts/', target: { owners: ['@a', '@b'] } },
    });
  });
});

describe('a misspelt top-level key', () => {
  it('is reported and leaves the file unread, so nothing stored is archived because of it', () => {
    const read = parseSafeguardsFile('safegards:\n  - id: x\n    kind: runbook\n', 'postmortems/safeguards.yml');
    expect(read.complete).toBe(false);
    expect(read.problems).toEqual([{ file: 'postmortems/safeguards.yml', line: 1, message: 'unknown key "safegards" (the file has one key: safeguards)' }]);
  });
});
