/**
 * Property tests: whatever markdown comes in, `parsePostmortem` returns a well-formed result, never
 * throws, and stays under 100 ms per 10 KB of input (100 ms at least, for small inputs).
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParseOptions, ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

const RUNS = 250;

// Three small postmortems in the main shapes the parser meets: heading timeline with front matter,
// a table timeline, and a bracketed-time list placed after the action items.
const TEMPLATES: readonly string[] = [
  `---
title: Cache stampede after a config push
date: 2023-04-17
---

## Summary

A configuration push emptied the shared cache and every worker refilled it at once.

## Timeline

All times in UTC.

### 2023-04-17 09:12

The config change is merged and rolled out to all regions.

### 09:20

Error-rate alarms fire; on-call acknowledges at 09:21.

### ~10:05 - 10:11

Rollback completes and hit ratio recovers.

## Action items

### Process

1. Add a canary stage for cache settings.
1. Write down who may push config on a Friday.

### Monitoring

1. Alert on hit ratio below 80%. [Issue](https://github.com/example/ops/issues/41)
`,
  `# Queue workers stalled overnight

## Summary

Workers stopped consuming after a broker upgrade.

## Timeline

All times in CET.

| Time             | Event                          |
| :--------------- | ------------------------------ |
| 2022-11-03 07:40 | Backlog alert fires            |
| 2022-11-03 8:02  | Broker restarted <br> no change |
| 2022-11-03 HH:mm | Short event description.       |
| 2022-11-04       | Root cause found
| ~2022-11-04 10:30 | Fix deployed |

## Action Items

- [x] Raise the worker memory limit (done)
- [ ] Add a dashboard for consumer lag @bob
- **Pin the broker version**: upgrades go through staging first.

# Stats

- Time to detection: 22 minutes
- Time to recovery: ?
`,
  `# March 3rd, 2021 Build farm outage

All times in PDT (UTC-7).

## Summary

Build nodes failed health checks after a kernel update.

## Action Items

- Make the scheduler retry on node loss ([#812](https://github.com/example/build/pull/812))

* Raise the quota alarm threshold #815

## Timeline

* [23:50] Nodes start failing health checks. **Outage begins.**
* [00:15] On-call is paged and starts draining nodes
that still accept work.
- [03-04 02:54] Kernel rolled back. **Outage ends.**
* [???] Quota exhausted at some point.

## Appendix

> [9:01 AM] someone: is the farm down?
> #812 Retry scheduling
`,
];

const TIMEZONES = ['America/Los_Angeles', 'Europe/Berlin', 'UTC', '+05:30', '-07:00', 'PST'] as const;

const options: fc.Arbitrary<ParseOptions> = fc.record(
  {
    file: fc.option(fc.constantFrom('a.md', 'incidents/2021-03-03-build-farm.md', 'PM2022-009 - No extension', '')),
    timezone: fc.option(fc.constantFrom(...TIMEZONES)),
    defaultTimezone: fc.option(fc.constantFrom(...TIMEZONES)),
    repo: fc.option(fc.constantFrom('example/ops', 'example/build')),
  },
  { requiredKeys: [] },
);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Markdown-ish fragments, including malformed ones. */
const token: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '# ', '## ', '### ', '#### ', '###', ' ###', '\n', '\n\n', '\r\n', '- ', '* ', '+ ', '1. ', '1) ', '  ', '    ', '\t',
    '| ', ' | ', '|', '|---|---|\n', '| :--- | --- |\n', '[x] ', '[ ] ', '[X]', '(done)', '[08:47] ', '[???] ',
    '[link](https://github.com/o/r/issues/12)', '[PR](https://github.com/o/r/pull/7/files)', '#123', '<https://x.y>',
    '---\n', '---', '+++', '{{', '}}', '{{ ', '<!--', '-->', '`', '```', '```{python}', '~~~', '> ', '> > ', '**', '__', '_',
    '\\', '[^1]', '[^1]: note\n', '[ref]: http://x\n', '[ref]', '<br>', '&amp;', '&#0;', '@alice', 'Owner: Bob', 'Due: 2024-02-30',
    'All times in PST', 'All times in UTC+1', '_All times in EEST_', '(times in BST)', 'Timeline', 'Action Items',
    '## Timeline\n', '## Action items\n', '# Stats\n', 'title: x\n', 'date: 2020-01-01\n', ': ', '~', 'ca. ', 'around ',
    'HH:mm', '??:??', '--:--', '2X:XX', '20202-01-16', '2022-02-??', '12:29p', '10:45a', '7p', '3:18 PM', '0:25:59 AM',
    'March 6 2017', 'May 12', '15 May', 'January 23rd, 2019', ' - ', ' – ', ' — ', '\u00a0', '\u200b', '\ufeff', '\u2028',
  ),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([h, m]) => `${pad2(h)}:${pad2(m)}`),
  fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(
    ([y, m, d]) => `${y}-${pad2(m)}-${pad2(d)}`,
  ),
  fc.string({ maxLength: 8 }),
);

const tokenSoup: fc.Arbitrary<string> = fc.array(token, { maxLength: 150 }).map((parts) => parts.join(''));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'shuffle'; keys: number[] }
  | { kind: 'insert'; at: number; bytes: string }
  | { kind: 'duplicate'; at: number; times: number }
  | { kind: 'dropBreaks'; keep: boolean[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('shuffle' as const), keys: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 60 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('dropBreaks' as const), keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }) }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'shuffle':
      return lines
        .map((line, i) => ({ line, key: m.keys[i % m.keys.length] ?? 0, i }))
        .sort((a, b) => a.key - b.key || a.i - b.i)
        .map((x) => x.line)
        .join('\n');
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.bytes + text.slice(at);
    }
    case 'duplicate': {
      const at = m.at % Math.max(lines.length, 1);
      return [...lines.slice(0, at), ...Array<string>(m.times).fill(lines[at] ?? ''), ...lines.slice(at)].join('\n');
    }
    case 'dropBreaks':
      // `keep[i]` decides whether the break after line i survives; all-false collapses the file to one line
      return lines.reduce((out, line, i) => (i === 0 ? line : out + (m.keep[(i - 1) % m.keep.length] ? '\n' : ' ') + line), '');
  }
}

const template = fc.constantFrom(...TEMPLATES);

const mutatedPostmortem: fc.Arbitrary<string> = fc
  .tuple(template, fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([text, ms]) => ms.reduce(mutate, text));

/** 10–40 mutated templates back to back: 10–40 KB, to catch work that grows faster than the input. */
const largePostmortem: fc.Arbitrary<string> = fc
  .array(fc.tuple(template, fc.array(mutation, { maxLength: 2 })), { minLength: 10, maxLength: 40 })
  .map((docs) => docs.map(([text, ms]) => ms.reduce(mutate, text)).join('\n'));

/** The time a call may take: 100 ms per 10 KB (UTF-8), and never less than 100 ms. */
function budgetMs(text: string): number {
  return Math.max(100, (100 * Buffer.byteLength(text, 'utf8')) / 10_240);
}

function timedParse(text: string, opts: ParseOptions): { parsed: ParsedPostmortem; ms: number } {
  const start = performance.now();
  const parsed = parsePostmortem(text, opts);
  return { parsed, ms: performance.now() - start };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function expectLine(line: number, lineCount: number, what: string): void {
  if (!Number.isInteger(line) || line < 1 || line > lineCount) {
    throw new Error(`${what}: line ${line} is not within 1..${lineCount}`);
  }
}

/** Checks the output contract the rest of the system relies on; throws with a precise message. */
function expectWellFormed(parsed: ParsedPostmortem, text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  expect(Array.isArray(parsed.timeline)).toBe(true);
  expect(Array.isArray(parsed.actionItems)).toBe(true);
  expect(Array.isArray(parsed.diagnostics)).toBe(true);
  parsed.timeline.forEach((entry, i) => {
    expectLine(entry.line, lineCount, `timeline[${i}]`);
    if (entry.date !== null && !DATE.test(entry.date)) throw new Error(`timeline[${i}].date ${JSON.stringify(entry.date)}`);
    if (entry.time !== null && !TIME.test(entry.time)) throw new Error(`timeline[${i}].time ${JSON.stringify(entry.time)}`);
    if (entry.endTime !== null && !TIME.test(entry.endTime)) throw new Error(`timeline[${i}].endTime ${JSON.stringify(entry.endTime)}`);
  });
  parsed.actionItems.forEach((item, i) => expectLine(item.line, lineCount, `actionItems[${i}]`));
  if (parsed.date !== null && !DATE.test(parsed.date)) throw new Error(`date ${JSON.stringify(parsed.date)}`);
}

/** Timed attempts a call gets before it counts as over budget. */
const ATTEMPTS = 3;

/**
 * Parses `text`, checks the result and the time budget. A call over budget is timed again (up to
 * `ATTEMPTS` in all) and the fastest run counts, so a garbage-collection pause or a busy shared
 * machine does not fail the test; slowness that repeats does.
 */
function check(text: string, opts: ParseOptions = {}): void {
  const first = timedParse(text, opts);
  expectWellFormed(first.parsed, text);
  const budget = budgetMs(text);
  let ms = first.ms;
  for (let attempt = 1; attempt < ATTEMPTS && ms > budget; attempt += 1) ms = Math.min(ms, timedParse(text, opts).ms);
  if (ms > budget) throw new Error(`took ${ms.toFixed(1)} ms for ${Buffer.byteLength(text, 'utf8')} bytes (budget ${budget.toFixed(0)} ms)`);
}

describe('parsePostmortem on arbitrary input', () => {
  beforeAll(() => {
    // compile the parser's code paths before anything is timed
    for (let i = 0; i < 5; i += 1) for (const text of TEMPLATES) parsePostmortem(text, { timezone: 'UTC' });
  });

  it('handles the templates as written', () => {
    for (const text of TEMPLATES) check(text);
  });

  it('arbitrary unicode strings: no throw, well-formed, within budget', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), options, (text, opts) => check(text, opts)),
      { numRuns: RUNS },
    );
  });

  it('markdown-ish token soup: no throw, well-formed, within budget', () => {
    fc.assert(fc.property(tokenSoup, options, (text, opts) => check(text, opts)), { numRuns: RUNS });
  });

  it('mutated postmortems: no throw, well-formed, within budget', () => {
    fc.assert(fc.property(mutatedPostmortem, options, (text, opts) => check(text, opts)), { numRuns: RUNS });
  });

  it('large mutated postmortems (10-40 KB): no throw, well-formed, within budget', () => {
    // no shrinking (each run parses tens of kilobytes) and a short report instead of the whole input
    const details = fc.check(fc.property(largePostmortem, options, (text, opts) => check(text, opts)), { numRuns: 25, endOnFailure: true });
    if (details.failed) {
      const [text, opts] = details.counterexample ?? ['', {}];
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `${cause}; seed ${details.seed}, path ${details.counterexamplePath}, options ${JSON.stringify(opts)}, ` +
          `input of ${Buffer.byteLength(text, 'utf8')} bytes starting ${JSON.stringify(text.slice(0, 200))}`,
      );
    }
  });

  it('does not throw on nesting deep enough to overflow the markdown parser\'s stack', () => {
    // remark recurses per nesting level and overflows the stack on these; no time budget here,
    // remark alone takes seconds on them
    for (const text of ['   > - '.repeat(3000), '> '.repeat(10_000) + 'x']) {
      expectWellFormed(parsePostmortem(text), text);
    }
  }, 60_000);
});
