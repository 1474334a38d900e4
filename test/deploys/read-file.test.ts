import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentKey } from '../../server/deploys/event.ts';
import { createRecordMapper, FIELD_ALIASES } from '../../server/deploys/file-fields.ts';
import { scanJson } from '../../server/deploys/file-json-scan.ts';
import {
  type DeploymentFileOptions,
  type DeploymentFileResult,
  formatFromName,
  formatRowProblem,
  readDeploymentFile,
  sniffFormat,
} from '../../server/deploys/read-file.ts';

const T1 = '2024-03-01T14:05:00Z';
const T2 = '2024-03-01T15:30:00Z';

function read(file: string, text: string, options: Partial<DeploymentFileOptions> = {}): DeploymentFileResult {
  return readDeploymentFile(text, { file, ...options });
}
const ndjson = (...rows: unknown[]): string => rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
const keys = (result: DeploymentFileResult) => result.events.map((event) => event.key);
const errorLines = (result: DeploymentFileResult) => result.errors.map((error) => error.line);

describe('formatFromName', () => {
  it('maps .ndjson/.jsonl, .json and .csv, ignoring case, and nothing else', () => {
    expect(formatFromName('deploys.ndjson')).toBe('ndjson');
    expect(formatFromName('exports/deploys.JSONL')).toBe('ndjson');
    expect(formatFromName('deploys.Json')).toBe('json');
    expect(formatFromName('C:\\exports\\deploys.CSV')).toBe('csv');
    expect(formatFromName('deploys.txt')).toBeNull();
    expect(formatFromName('deploys')).toBeNull();
    expect(formatFromName('exports.json/deploys')).toBeNull();
    expect(formatFromName('deploys.csv.gz')).toBeNull();
  });
});

describe('sniffing the format when the name does not say', () => {
  it('sees json, ndjson and csv', () => {
    expect(sniffFormat('  \n[{"env": "prod"}]')).toBe('json');
    expect(sniffFormat('{\n  "deployments": []\n}')).toBe('json');
    expect(sniffFormat('{"deployments": []}\n')).toBe('json');
    expect(sniffFormat('{"env": "prod"}\n{"env": "dev"}\n')).toBe('ndjson');
    expect(sniffFormat('{"env": "prod"}')).toBe('ndjson');
    expect(sniffFormat('{"deployments": []}\n{"deployments": []}')).toBe('ndjson');
    expect(sniffFormat('environment,started_at\nprod,2024-03-01T14:05:00Z\n')).toBe('csv');
    expect(sniffFormat('')).toBe('ndjson');
  });

  it('reads an unnamed file in the sniffed format, and an explicit format wins over the name', () => {
    const lines = ndjson({ env: 'prod', time: T1 }, { env: 'dev', time: T2 });
    expect(read('-', lines)).toMatchObject({ format: 'ndjson', rows: 2, errors: [] });
    expect(read('-', `[${lines.replace('\n', ',')}]`)).toMatchObject({ format: 'json', rows: 2, errors: [] });
    expect(read('-', `env,time\nprod,${T1}\n`)).toMatchObject({ format: 'csv', rows: 1, errors: [] });
    expect(read('deploys.txt', lines, { format: 'ndjson' })).toMatchObject({ format: 'ndjson', rows: 2 });
    expect(read('deploys.json', lines, { format: 'ndjson' })).toMatchObject({ format: 'ndjson', rows: 2, errors: [] });
    expect(read('deploys.json', lines).format).toBe('json');
  });
});

describe('NDJSON', () => {
  it('reads one object per line into events, in file order, with every field', () => {
    const result = read(
      'deploys.ndjson',
      ndjson(
        {
          key: 'gh-1',
          environment: 'production',
          service: 'api',
          repo: 'acme/shop',
          ref: 'main',
          sha: 'ABCDEF1234',
          pullNumber: 42,
          version: 'v1.2.0',
          kind: 'rollback',
          status: 'failed',
          startedAt: '2024-03-01T15:05:00+01:00',
          finishedAt: T2,
          statusAt: T2,
          actor: 'octocat',
          url: 'https://ci.example.com/runs/1',
          description: 'Roll back the cart',
        },
        { environment: 'staging', startedAt: 1709301900 },
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toBe(2);
    expect(result.events).toEqual([
      {
        key: 'gh-1',
        environment: 'production',
        service: 'api',
        repo: 'acme/shop',
        ref: 'main',
        sha: 'abcdef1234',
        pullNumber: 42,
        version: 'v1.2.0',
        kind: 'rollback',
        status: 'failure',
        startedAt: T1,
        finishedAt: T2,
        statusAt: T2,
        actor: 'octocat',
        url: 'https://ci.example.com/runs/1',
        description: 'Roll back the cart',
        source: 'file',
      },
      expect.objectContaining({ environment: 'staging', startedAt: T1, kind: 'deploy', status: 'success', source: 'file' }),
    ]);
    expect(result.events[1]!.key).toMatch(/^auto:/);
  });

  it('skips blank lines, ignores a BOM and accepts CRLF, counting lines as an editor does', () => {
    const text = `\uFEFF${ndjson({ key: 'a', env: 'prod', time: T1 }, '', '   ', { key: 'b', env: 'prod', time: '' }).replaceAll('\n', '\r\n')}\r\n\r\n`;
    const result = read('deploys.ndjson', text);
    expect(keys(result)).toEqual(['a']);
    expect(result.rows).toBe(2);
    expect(result.errors).toEqual([{ line: 4, message: 'startedAt: missing (when the deployment started)' }]);
  });

  it('reports a line that is not JSON, or not an object, at its line and still reads the rest', () => {
    const result = read(
      'deploys.ndjson',
      ndjson({ key: 'a', env: 'prod', time: T1 }, 'not json', '[1, 2]', 'null', '{"env": "prod",', '"text"', { key: 'b', env: 'prod', time: T2 }),
    );
    expect(keys(result)).toEqual(['a', 'b']);
    expect(result.rows).toBe(7);
    expect(result.errors).toEqual([
      { line: 2, message: 'not JSON: expected a value, found "n" (column 1)' },
      { line: 3, message: 'expected a JSON object, got a list' },
      { line: 4, message: 'expected a JSON object, got null' },
      { line: 5, message: 'not JSON: the text ends too soon (column 16)' },
      { line: 6, message: 'expected a JSON object, got the text "text"' },
    ]);
  });
});

describe('JSON', () => {
  it('reports each element of a pretty-printed array at the line where it starts', () => {
    const text = JSON.stringify(
      [
        { key: 'a', environment: 'prod', startedAt: T1 },
        { key: 'b', environment: 'prod', startedAt: 'yesterday', description: 'line one\nline two' },
        42,
        { key: 'c', environment: 'prod', startedAt: T2 },
      ],
      null,
      2,
    );
    const result = read('deploys.json', text);
    expect(keys(result)).toEqual(['a', 'c']);
    expect(result.rows).toBe(4);
    expect(result.errors).toEqual([
      { line: 7, message: 'startedAt: "yesterday" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)' },
      { line: 13, message: 'expected an object, got the number 42' },
    ]);
  });

  it('reads the "deployments" array of an object, with its elements lines', () => {
    const text = `{\n  "count": 2,\n  "deployments": [\n    {"env": "prod", "time": "${T1}"},\n\n    {"env": "", "time": "${T1}"}\n  ]\n}\n`;
    const result = read('deploys.json', text);
    expect(result.rows).toBe(2);
    expect(result.events).toHaveLength(1);
    expect(result.errors).toEqual([{ line: 6, message: expect.stringMatching(/^environment: missing/) }]);
  });

  it('finds element lines in a large array, and skips brackets and quotes inside strings', () => {
    const elements = Array.from({ length: 5000 }, (_, i) => ({ key: `k${i}`, env: 'prod', time: i === 4999 ? 'never' : T1, note: '[{"}]\\' }));
    const text = `[\n${elements.map((element) => JSON.stringify(element)).join(',\n\n')}\n]`;
    const result = read('deploys.json', text);
    expect(result.events).toHaveLength(4999);
    expect(result.errors).toEqual([{ line: 2 + 4999 * 2, message: expect.stringMatching(/^startedAt: "never"/) }]);
  });

  it('reads a numeric id as the key text', () => {
    const result = read('deploys.json', JSON.stringify([{ id: 1234567, env: 'prod', time: T1 }]));
    expect(keys(result)).toEqual(['1234567']);
  });

  it('reports text that is not JSON once, at the line of the syntax error', () => {
    const result = read('deploys.json', '[\n  {"env": "prod", "time": "x"},\n  {"env": "prod",\n   "time": nope}\n]');
    expect(result).toMatchObject({ events: [], rows: 0, warnings: [] });
    expect(result.errors).toEqual([{ line: 4, message: 'not JSON: expected a value, found "n" (column 12)' }]);
    const cases: Array<[string, number, string]> = [
      ['[{"env": "prod"},\n', 2, 'the text ends too soon (column 1)'],
      ['[{"env": "prod"}\n {"env": "dev"}]', 2, 'expected "," or "]", found "{" (column 2)'],
      ['{"deployments": [{"env" "prod"}]}', 1, 'expected ":", found "\\"" (column 25)'],
      ['[{env: "prod"}]', 1, 'expected a name in double quotes or "}", found "e" (column 3)'],
      ['[{"a": 1,}]', 1, 'expected a name in double quotes, found "}" (column 10)'],
      ['[{"a": 1]', 1, 'expected "," or "}", found "]" (column 9)'],
      ['[\n"line\nbreak"]', 2, 'a line break or control character in a string (column 6)'],
      ['["bad \\x escape"]', 1, 'a bad escape in a string (column 7)'],
      ['["open', 1, 'a string is not closed (column 7)'],
      ['[1, 2] 3', 1, 'expected the end of the text, found "3" (column 8) (one JSON value per line? read the file as ndjson)'],
    ];
    for (const [text, line, reason] of cases) expect(read('deploys.json', text).errors, text).toEqual([{ line, message: `not JSON: ${reason}` }]);
  });

  it('says so when a .json file holds one object per line', () => {
    const result = read('deploys.json', ndjson({ env: 'prod', time: T1 }, { env: 'prod', time: T2 }));
    expect(result.errors).toEqual([
      { line: 2, message: 'not JSON: expected the end of the text, found "{" (column 1) (one JSON value per line? read the file as ndjson)' },
    ]);
  });

  it('refuses a value that is not a list of deployments', () => {
    for (const text of ['{"env": "prod"}', '\n\n"text"', '{"deployments": {"a": 1}}', '3']) {
      expect(read('deploys.json', text).errors).toEqual([
        { line: text.startsWith('\n') ? 3 : 1, message: 'expected a list of deployments: a JSON array, or an object with a "deployments" array' },
      ]);
    }
  });
});

describe('CSV', () => {
  it('reads rows under a header, empty cells as missing values', () => {
    const text = [
      'Environment,Service,Started At,Finished At,Commit SHA,PR',
      `production,api,${T1},,abcdef1,#12`,
      `staging,,${T1},${T2},,`,
    ].join('\n');
    const result = read('deploys.csv', text);
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(2);
    expect(result.events).toEqual([
      expect.objectContaining({ environment: 'production', service: 'api', startedAt: T1, finishedAt: null, sha: 'abcdef1', pullNumber: 12 }),
      expect.objectContaining({ environment: 'staging', service: null, finishedAt: T2, sha: null, pullNumber: null }),
    ]);
  });

  it('reports a row at the line where it starts, after quoted line breaks, blank lines and CRLF', () => {
    const text = [
      'environment,started_at,description',
      `prod,${T1},"first line`,
      'second, with a comma',
      'third ""quoted"""',
      '',
      `prod,not a time,"a`,
      'b"',
      ',,',
      `prod,${T2},last`,
    ].join('\r\n');
    const result = read('deploys.csv', text);
    expect(result.events.map((event) => event.description)).toEqual(['first line\r\nsecond, with a comma\r\nthird "quoted"', 'last']);
    expect(result.rows).toBe(3);
    expect(result.errors).toEqual([{ line: 6, message: 'startedAt: "not a time" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z)' }]);
  });

  it('counts a lone carriage return as a line end, as old spreadsheet exports write them', () => {
    const result = read('deploys.csv', ['env,time,note', `prod,${T1},"two\rlines"`, '', 'prod,bad,x'].join('\r'));
    expect(result.events[0]?.description).toBe('two\rlines');
    expect(result.errors).toEqual([{ line: 5, message: expect.stringMatching(/^startedAt: "bad"/) }]);
  });

  it('handles a BOM and a header only: no rows, no error', () => {
    expect(read('deploys.csv', '\uFEFFenvironment,started_at\n')).toEqual({ format: 'csv', events: [], errors: [], warnings: [], rows: 0 });
    expect(read('deploys.csv', '\uFEFFenvironment,started_at\nprod,2024-03-01T14:05:00Z').events).toHaveLength(1);
  });

  it('makes a short or long row an error for that row only', () => {
    const text = ['env,time,note', `prod,${T1}`, `prod,${T1},a,b`, `prod,${T1},ok`].join('\n');
    const result = read('deploys.csv', text);
    expect(result.events).toHaveLength(1);
    expect(result.rows).toBe(3);
    expect(result.errors).toEqual([
      { line: 2, message: 'the row has 2 values but the header has 3 columns' },
      { line: 3, message: 'the row has 4 values but the header has 3 columns' },
    ]);
  });

  it('reports a header without environment or start time once, not once per row', () => {
    const result = read('deploys.csv', ['\n\nservice,when', 'api,x', 'web,y'].join('\n'));
    expect(result.rows).toBe(2);
    expect(result.events).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 3,
        message:
          'no column for environment in the header (name it environment, env, environment_name, target or stage); ' +
          'no column for startedAt in the header (name it startedAt, started, start, start_time, run_started_at, deployed_at, deploy_time, created_at, created, timestamp, time or date)',
      },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/^column "when" is not read \(known: key, environment, .*\)$/)]);
  });

  it('keeps the rows before an unclosed quote and reports where the unreadable part starts', () => {
    const result = read('deploys.csv', ['env,time,note', `prod,${T1},fine`, 'prod,later,bad', `prod,${T2},"never closed`, 'more', 'text'].join('\n'));
    expect(result.events).toHaveLength(1);
    expect(result.rows).toBe(2);
    expect(result.errors).toEqual([
      { line: 3, message: expect.stringMatching(/^startedAt: "later" is not a time/) },
      { line: 4, message: 'a quoted value is not closed (a `"` is missing); the rest of the file is not read' },
    ]);
  });

  it('takes a stray quote inside an unquoted value literally', () => {
    const result = read('deploys.csv', `env,time,note\nprod,${T1},5" screen\n`);
    expect(result.events[0]?.description).toBe('5" screen');
  });

  it('reads semicolon- and tab-separated files', () => {
    expect(read('deploys.csv', `env;time;note\nprod;${T1};a, b\n`).events[0]).toMatchObject({ environment: 'prod', description: 'a, b' });
    expect(read('deploys.csv', `env\ttime\nprod\t${T1}\n`).events[0]).toMatchObject({ environment: 'prod', startedAt: T1 });
    expect(read('deploys.csv', `env,time,"a;b\tc"\nprod,${T1},x\n`).events[0]).toMatchObject({ environment: 'prod', startedAt: T1 });
  });

  it('warns about a column without a name only when it holds values', () => {
    expect(read('deploys.csv', `env,time,\nprod,${T1},\n`).warnings).toEqual([]);
    expect(read('deploys.csv', `env,,time\nprod,x,${T1}\n`).warnings).toEqual(['column 2 has no name in the header: it is not read']);
  });
});

describe('field names', () => {
  it.each(Object.entries(FIELD_ALIASES))('reads %s from its own name and each alias, in any spelling', (field, aliases) => {
    const mapper = createRecordMapper('field');
    for (const name of [field, ...aliases]) {
      const words = name.replace(/([a-z])([A-Z])/g, '$1_$2').split('_');
      const spellings = [name, words.join('_'), words.join('-').toUpperCase(), words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ')];
      for (const spelling of spellings) expect(mapper.toInput([[spelling, 'v']]), spelling).toEqual({ [field]: 'v' });
    }
    expect(mapper.warnings()).toEqual([]);
  });

  it('maps a typical CI export end to end', () => {
    const row = {
      deployment_id: 'run-9',
      env: 'prod',
      app: 'shop',
      repository: 'acme/shop',
      branch: 'main',
      commit: 'abcdef12',
      pr: '#7',
      release: '1.2.3',
      action: 'revert',
      result: 'succeeded',
      deployed_at: T1,
      completed_at: T2,
      updated_at: T2,
      triggered_by: 'ana',
      build_url: 'https://ci.example.com/9',
      title: 'Undo the cart change',
    };
    expect(read('deploys.ndjson', JSON.stringify(row)).events).toEqual([
      {
        key: 'run-9',
        environment: 'prod',
        service: 'shop',
        repo: 'acme/shop',
        ref: 'main',
        sha: 'abcdef12',
        pullNumber: 7,
        version: '1.2.3',
        kind: 'rollback',
        status: 'success',
        startedAt: T1,
        finishedAt: T2,
        statusAt: T2,
        actor: 'ana',
        url: 'https://ci.example.com/9',
        description: 'Undo the cart change',
        source: 'file',
      },
    ]);
  });

  it('prefers the canonical name, then the alias listed first, whatever the order in the row, and warns once', () => {
    const rows = ndjson(
      { stage: 'beta', environment: 'prod', timestamp: T2, created_at: T1 },
      { created_at: T1, environment: 'prod', stage: 'beta', timestamp: T2 },
    );
    const result = read('deploys.ndjson', rows);
    expect(result.events.map((event) => [event.environment, event.startedAt])).toEqual([['prod', T1]]);
    expect(result.warnings).toEqual([
      'field "stage" is not read where "environment" is also given (both are environment)',
      'field "timestamp" is not read where "created_at" is also given (both are startedAt)',
    ]);
  });

  it('falls back to an alias when the canonical value is empty', () => {
    const result = read('deploys.csv', `environment,env,started_at\n,prod,${T1}\n`);
    expect(result.events[0]?.environment).toBe('prod');
    expect(result.warnings).toEqual([]);
  });

  it('reads the first of two columns with the same name', () => {
    const result = read('deploys.csv', `env,env,time\nprod,dev,${T1}\n`);
    expect(result.events[0]?.environment).toBe('prod');
    expect(result.warnings).toEqual(['column "env" is given twice: only the first is read']);
  });

  it('reads nested values of GitHub and GitLab exports', () => {
    const github = { id: 1, environment: 'production', sha: 'abcdef1', creator: { login: 'octocat', id: 5 }, created_at: T1 };
    const gitlab = { id: 2, environment: { id: 9, name: 'staging' }, user: { username: 'ana' }, created_at: T1 };
    const other = { id: 3, env: 'prod', time: T1, repository: { full_name: 'acme/shop' }, pull_request: { number: 12 } };
    const result = read('deploys.json', JSON.stringify([github, gitlab, other]));
    expect(result.errors).toEqual([]);
    expect(result.events.map((e) => [e.environment, e.actor, e.repo, e.pullNumber])).toEqual([
      ['production', 'octocat', null, null],
      ['staging', 'ana', null, null],
      ['prod', null, 'acme/shop', 12],
    ]);
  });

  it('warns once per name that is not read, across rows, up to 20 names', () => {
    const result = read('deploys.ndjson', ndjson({ env: 'prod', time: T1, foo: 1, Bar: 2 }, { env: 'prod', time: T2, foo: 3 }));
    expect(result.warnings).toEqual([
      'field "foo" is not read (known: key, environment, service, repo, ref, sha, pullNumber, version, kind, status, startedAt, finishedAt, statusAt, actor, url, description and their aliases)',
      expect.stringMatching(/^field "Bar" is not read/),
    ]);
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra${i}`, i]));
    const crowded = read('deploys.ndjson', JSON.stringify({ env: 'prod', time: T1, ...many }));
    expect(crowded.warnings).toHaveLength(21);
    expect(crowded.warnings.at(-1)).toBe('5 more fields are not read');
  });
});

describe('row problems', () => {
  it('names every problem of a row, joined with "; "', () => {
    const result = read('deploys.ndjson', ndjson({ kind: 'explode', sha: 'xyz', startedAt: 'soon' }));
    expect(result.errors).toEqual([
      {
        line: 1,
        message:
          'environment: missing (name the environment deployed to, e.g. production); ' +
          'startedAt: "soon" is not a time (use ISO-8601 like 2018-01-25T23:30:00Z); ' +
          'sha: "xyz" is not a commit sha (7 to 64 hex digits); ' +
          'kind: "explode" is not deploy or rollback',
      },
    ]);
  });

  it('formats a problem as file:line: message, without a line for the whole file', () => {
    expect(formatRowProblem('deploys.csv', { line: 7, message: 'startedAt: missing' })).toBe('deploys.csv:7: startedAt: missing');
    expect(formatRowProblem('deploys.csv', { line: 0, message: 'bad zone' })).toBe('deploys.csv: bad zone');
  });

  it('keeps reading good rows after bad ones, errors sorted by line', () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? { env: 'prod', time: 'bad' } : { env: 'prod', time: T1, key: `k${i}` }));
    const result = read('deploys.ndjson', ndjson(...rows));
    expect(result.events).toHaveLength(20);
    expect(errorLines(result)).toEqual(Array.from({ length: 10 }, (_, i) => i * 3 + 1));
    expect(result.rows).toBe(30);
  });
});

describe('keys used twice', () => {
  it('reads a reused key as a later report of the same deployment, in file order', () => {
    const result = read('deploys.ndjson', ndjson({ key: 'x', env: 'prod', time: T1, status: 'in-progress' }, { key: 'y', env: 'prod', time: T1 }, { key: 'x', env: 'prod', time: T1, status: 'success' }));
    expect(result.errors).toEqual([]);
    expect(result.events.map((event) => [event.key, event.status])).toEqual([
      ['x', 'in-progress'],
      ['y', 'success'],
      ['x', 'success'],
    ]);
  });

  it('reads an identical repeated row as the same event, once, without an error', () => {
    const text = ['id,env,time', `7,prod,${T1}`, `7,prod,${T1}`, `7,prod, ${T1} `].join('\n');
    const result = read('deploys.csv', text);
    expect(result).toMatchObject({ rows: 3, errors: [] });
    expect(keys(result)).toEqual(['7']);
  });

  it('reads rows without a key that describe the same deployment as its later reports', () => {
    const result = read('deploys.ndjson', ndjson({ env: 'prod', time: T1, status: 'queued' }, { env: 'prod', time: T1, status: 'success' }));
    expect(result.errors).toEqual([]);
    expect(result.events.map((event) => event.status)).toEqual(['queued', 'success']);
    expect(result.events[0]!.key).toBe(result.events[1]!.key);
    expect(result.events[0]!.key).toBe(contentKey(result.events[0]!));
  });

  it('refuses a start after the latest one accepted (a typo such as 9999)', () => {
    const result = read('deploys.ndjson', ndjson({ env: 'prod', time: '9999-01-01T00:00:00Z' }), { notAfter: '2026-01-02T00:00:00Z' });
    expect(result.errors).toEqual([{ line: 1, message: 'startedAt: 9999-01-01T00:00:00Z is in the future (after 2026-01-02T00:00:00Z)' }]);
  });
});

describe('options', () => {
  it('refuses times without an offset unless a time zone is given', () => {
    const text = `env,time\nprod,2024-03-01 15:05\n`;
    expect(read('deploys.csv', text).errors).toEqual([
      { line: 2, message: 'startedAt: "2024-03-01 15:05" has no UTC offset (write it like 2018-01-25T15:30:00-08:00, or give a time zone)' },
    ]);
    expect(read('deploys.csv', text, { timezone: 'Europe/Paris' }).events[0]?.startedAt).toBe(T1);
    expect(read('deploys.csv', text, { timezone: null }).errors).toHaveLength(1);
    expect(read('deploys.csv', `env,time\nprod,2024-03-01T14:05:00Z\n`, { timezone: 'America/New_York' }).events[0]?.startedAt).toBe(T1);
  });

  it('reports an unknown time zone once, for the whole file', () => {
    const result = read('deploys.csv', `env,time\nprod,${T1}\n`, { timezone: 'Mars/Olympus' });
    expect(result).toEqual({
      format: 'csv',
      events: [],
      errors: [{ line: 0, message: 'time zone "Mars/Olympus" is not known (use an IANA name like Europe/Paris, or UTC+2)' }],
      warnings: [],
      rows: 0,
    });
  });

  it('records the source, by default "file"', () => {
    const text = ndjson({ env: 'prod', time: T1 });
    expect(read('d.ndjson', text).events[0]?.source).toBe('file');
    expect(read('d.ndjson', text, { source: 'example' }).events[0]?.source).toBe('example');
  });
});

describe('empty and unreadable files', () => {
  it('finds no rows and no errors in an empty or blank file, in any format', () => {
    for (const format of ['ndjson', 'json', 'csv'] as const) {
      for (const text of ['', '\uFEFF', '\n\n  \r\n']) {
        expect(read('deploys', text, { format })).toEqual({ format, events: [], errors: [], warnings: [], rows: 0 });
      }
    }
  });

  const garbage = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\n', '\r\n', ' ', '\\', 'env', 'time', T1, 'prod', 'null', '1', 'deployments', ';', '\t', '\uFEFF', 'id'), {
        maxLength: 80,
      })
      .map((parts) => parts.join('')),
  );

  it('never throws on garbage, and keeps its counts consistent', () => {
    fc.assert(
      fc.property(garbage, fc.constantFrom('ndjson', 'json', 'csv', undefined), (text, format) => {
        const result = read('garbage', text, format === undefined ? {} : { format });
        expect(result.events.length).toBeLessThanOrEqual(result.rows);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const error of result.errors) {
          expect(error.line).toBeGreaterThanOrEqual(0);
          expect(error.line).toBeLessThanOrEqual(lines);
        }
        expect(errorLines(result)).toEqual([...errorLines(result)].sort((a, b) => a - b));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('scanJson', () => {
  it('agrees with JSON.parse on what is valid', () => {
    const nearlyJson = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value, null, 1)),
      fc
        .tuple(fc.jsonValue().map((value) => JSON.stringify(value)), fc.nat(), fc.string({ unit: 'binary', maxLength: 2 }))
        .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1))),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(nearlyJson, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(scanJson(text).error === null).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds where each element of a generated pretty-printed array starts', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.constantFrom(0, 2, '\t'), (list, indent) => {
        const text = JSON.stringify(list, null, indent);
        // Pretty-printed, element i starts on the line where the closing `]` of the first i elements would be.
        const expected = list.map((_, index) =>
          indent === 0 ? 1 : index === 0 ? 2 : JSON.stringify(list.slice(0, index), null, indent).split('\n').length,
        );
        expect(scanJson(text).elementLines).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CI run exports', () => {
  it("takes a GitHub Actions run's conclusion over its status, which only says completed", () => {
    const result = read(
      'runs.ndjson',
      ndjson(
        { environment: 'production', run_started_at: T1, status: 'completed', conclusion: 'failure' },
        { environment: 'production', run_started_at: T2, status: 'completed', conclusion: 'success' },
        { environment: 'production', run_started_at: T2, status: 'in_progress', conclusion: null, id: 7 },
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.events.map((event) => event.status)).toEqual(['failure', 'success', 'in-progress']);
  });
});
