/**
 * Adversarial inputs for the parser's scanners, in one place so that the tests (right result, no throw) and
 * `npm run bench -- --only pathological` (how the time grows with the input) use the same text.
 *
 * Each `Pathological` builds its text at a `scale`: 1 (the default) is the size the tests use; the bench times
 * scale 1 against scale 8. The property-test arbitraries (`tokenSoup`, `mutatedPostmortem`, `largePostmortem`)
 * live here too; `seededPostmortems` and `seededTokenSoup` draw fixed samples of them for the bench.
 */
import fc from 'fast-check';

export interface Pathological {
  /** Short description of the text, e.g. `")" x 50000` (the count at scale 1). */
  name: string;
  /** The text at `scale` times its test size (default 1). */
  build: (scale?: number) => string;
}

/** `before` + `unit` repeated `count * scale` times + `after`. */
function repeated(unit: string, count: number, { before = '', after = '' }: { before?: string; after?: string } = {}): Pathological {
  const label = `${before === '' ? '' : `${JSON.stringify(before)} + `}${JSON.stringify(unit)} x ${count}${after === '' ? '' : ` + ${JSON.stringify(after)}`}`;
  return { name: label, build: (scale = 1) => `${before}${unit.repeat(Math.round(count * scale))}${after}` };
}

/** Text after `https://x.test/` for `bareUrlLength`: runs of trailing punctuation, entity-like references, open parentheses. */
export const URL_TAILS: readonly Pathological[] = [
  repeated(')', 50_000, { before: 'https://x.test/' }),
  repeated('&a;', 20_000, { before: 'https://x.test/' }),
  repeated('.', 50_000, { before: 'https://x.test/' }),
  repeated('(', 50_000, { before: 'https://x.test/' }),
];

/** Lines for `parseStamp` and `findDate`: digits, blanks, half-stamps, brackets, month names and dates that never finish. */
export const STAMP_LINES: readonly Pathological[] = [
  repeated('1', 10_000),
  repeated(' ', 10_000),
  repeated('12:', 3400),
  repeated('[{(', 3400),
  repeated('~', 10_000),
  repeated('May ', 2500),
  repeated('2024-', 2000),
  repeated(' ', 9000, { after: '12:30 x' }),
];

/** Text for `findZoneDeclaration`: triggers (`times`, `All times in`, `Time (`) with no zone after them. */
export const ZONE_TEXTS: readonly Pathological[] = [
  repeated('times ', 2000),
  repeated('All times in ', 800),
  repeated('Time (', 2000),
];

const FLAT_PREFIX = '## Summary It broke. ## Timeline ';

/** Flattened-looking documents for `unflatten`: marker runs of every kind the restorer looks for. */
export const FLATTENED_TEXTS: readonly Pathological[] = [
  repeated(' #', 10_000),
  repeated('1. ', 10_000),
  repeated('1. ', 10_000, { before: FLAT_PREFIX }),
  repeated('- x ', 10_000, { before: FLAT_PREFIX }),
  repeated('> ', 10_000, { before: FLAT_PREFIX }),
  repeated('| --- ', 10_000, { before: FLAT_PREFIX }),
  repeated('| a | b | ', 10_000, { before: FLAT_PREFIX }),
  repeated('```a ``` ', 5000, { before: FLAT_PREFIX }),
  repeated('[ ( ', 10_000, { before: FLAT_PREFIX }),
  repeated('## A ## ', 10_000),
  repeated('x - ', 10_000, { before: FLAT_PREFIX }),
  repeated('### 12:00 ', 10_000, { before: FLAT_PREFIX }),
  repeated('title: x ', 10_000, { before: '--- ', after: '--- ## A' }),
];

// Three small postmortems in the main shapes the parser meets: heading timeline with front matter,
// a table timeline, and a bracketed-time list placed after the action items.
export const TEMPLATES: readonly string[] = [
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

/** Up to 150 markdown-ish fragments joined. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(token, { maxLength: 150 }).map((parts) => parts.join(''));

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

/** A template with 1–5 mutations (truncated, lines shuffled or duplicated, bytes inserted, line breaks dropped). */
export const mutatedPostmortem: fc.Arbitrary<string> = fc
  .tuple(template, fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([text, ms]) => ms.reduce(mutate, text));

/** 10–40 mutated templates back to back: 10–40 KB, to catch work that grows faster than the input. */
export const largePostmortem: fc.Arbitrary<string> = fc
  .array(fc.tuple(template, fc.array(mutation, { maxLength: 2 })), { minLength: 10, maxLength: 40 })
  .map((docs) => docs.map(([text, ms]) => ms.reduce(mutate, text)).join('\n'));

/** The seed of every sample the bench draws, so each run times the same text. */
const SEED = 20_240_601;

/** `count` large mutated postmortems (10–40 KB each), the same ones on every call. */
export function seededPostmortems(count: number): string[] {
  return fc.sample(largePostmortem, { seed: SEED, numRuns: count });
}

/** One document for `parsePostmortem`: 20 mutated postmortems back to back (about 12 KB) at scale 1. */
export const MUTATED_DOCUMENT: Pathological = {
  name: 'mutated postmortems x 20',
  build: (scale = 1) => fc.sample(mutatedPostmortem, { seed: SEED, numRuns: Math.round(20 * scale) }).join('\n'),
};

/** One document for `parsePostmortem`: 400 token soups back to back (about 12 KB) at scale 1. */
export const TOKEN_SOUP_DOCUMENT: Pathological = {
  name: 'token soups x 400',
  build: (scale = 1) => fc.sample(tokenSoup, { seed: SEED, numRuns: Math.round(400 * scale) }).join('\n'),
};
