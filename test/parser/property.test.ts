/**
 * Property tests: whatever markdown comes in, `parsePostmortem` returns a well-formed result and never throws.
 * Its speed on these inputs (growth from n to 8n, time against a bare mdast parse) is measured by
 * `npm run bench -- --only pathological`, on the same arbitraries (test/bench/pathological.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseOptions, ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { parsePostmortem } from '../../server/parser/index.ts';
import { largePostmortem, mutatedPostmortem, TEMPLATES, tokenSoup } from '../bench/pathological.ts';

const RUNS = 250;

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

/** Parses `text` and checks the result. */
function check(text: string, opts: ParseOptions = {}): void {
  expectWellFormed(parsePostmortem(text, opts), text);
}

describe('parsePostmortem on arbitrary input', () => {
  it('handles the templates as written', () => {
    for (const text of TEMPLATES) check(text);
  });

  it('arbitrary unicode strings: no throw, well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), options, (text, opts) => check(text, opts)),
      { numRuns: RUNS },
    );
  });

  it('markdown-ish token soup: no throw, well-formed', () => {
    fc.assert(fc.property(tokenSoup, options, (text, opts) => check(text, opts)), { numRuns: RUNS });
  });

  it('mutated postmortems: no throw, well-formed', () => {
    fc.assert(fc.property(mutatedPostmortem, options, (text, opts) => check(text, opts)), { numRuns: RUNS });
  });

  it('large mutated postmortems (10-40 KB): no throw, well-formed', () => {
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
    // remark recurses per nesting level and overflows the stack on these; remark alone takes seconds on them
    for (const text of ['   > - '.repeat(3000), '> '.repeat(10_000) + 'x']) {
      expectWellFormed(parsePostmortem(text), text);
    }
  }, 60_000);
});
