/**
 * The parser's fixture suite: one folder per behaviour under `fixtures/`.
 *
 * For each folder: (1) the output agrees with `facts.json`, the truth a human wrote after reading
 * `input.md`; (2) the output equals `output.json`, the reviewed snapshot of the whole output, so
 * any change in behaviour shows up. See `fixtures/facts.ts` for what a facts file may say.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedPostmortem } from '../../server/domain/postmortem.ts';
import { checkFacts } from './fixtures/facts.ts';
import type { Facts } from './fixtures/facts.ts';
import { listFixtures, loadFixture, runFixture } from './fixtures/load.ts';
import type { Fixture } from './fixtures/load.ts';

/** Parses each fixture once, on first use, so a parser crash fails a test instead of collection. */
const outputs = new Map<string, ParsedPostmortem>();
function outputOf(fixture: Fixture): ParsedPostmortem {
  let output = outputs.get(fixture.name);
  if (!output) {
    output = runFixture(fixture);
    outputs.set(fixture.name, output);
  }
  return output;
}

const names = listFixtures();

describe('parser fixtures', () => {
  it('finds the fixture folders', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  for (const name of names) {
    describe(name, () => {
      const fixture = loadFixture(name);

      it('has hand-written facts', () => {
        expect(fixture.facts, `${name}/facts.json is missing`).not.toBeNull();
      });

      it('agrees with facts.json', () => {
        const mismatches = checkFacts(outputOf(fixture), fixture.facts ?? {});
        expect(mismatches, `${name}: the output contradicts facts.json`).toEqual([]);
      });

      it.skipIf(fixture.output === undefined)('equals output.json', () => {
        expect(
          outputOf(fixture),
          `${name}: the output changed. Review the change, then run \`npm run fixtures\` to update output.json`,
        ).toEqual(fixture.output);
      });
    });
  }
});

describe('fixture invariants', () => {
  it('the CRLF fixture really has Windows line endings', () => {
    const { input } = loadFixture('crlf-line-endings');
    expect(input).toContain('\r\n');
    expect(input.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('the flattened fixture is one line', () => {
    expect(loadFixture('flattened-one-line').input).not.toContain('\n');
  });

  it('a flattened document yields what its formatted twin yields', () => {
    const project = (output: ParsedPostmortem) => ({
      title: output.title,
      date: output.date,
      timeline: output.timeline.map(({ date, time, endTime, approximate, text, kind }) => ({
        date, time, endTime, approximate, text, kind,
      })),
      actionItems: output.actionItems.map(({ text, group, done, owner, due, links }) => ({
        text, group, done, owner, due, links,
      })),
    });
    const flat = outputOf(loadFixture('flattened-one-line'));
    const formatted = outputOf(loadFixture('flattened-formatted-twin'));
    expect(project(flat)).toEqual(project(formatted));
  });
});

/** A small hand-made output, to show that the facts check does fail. */
function sampleOutput(): ParsedPostmortem {
  return {
    file: null,
    title: 'Webhook relay dropped events',
    date: '2019-11-04',
    timezone: 'UTC',
    timezoneSource: 'default',
    declaredTimezone: null,
    summary: null,
    sections: [{ heading: 'Timeline', kind: 'timeline', line: 3 }],
    timeline: [
      {
        date: '2019-11-04', time: '14:05', endTime: null, at: '2019-11-04T14:05:00Z', timezone: 'UTC',
        approximate: false, text: 'The relay queue fills up.', kind: 'other', line: 5,
      },
    ],
    milestones: { started: null, detected: null, declared: null, mitigated: null, resolved: null },
    actionItems: [
      {
        text: 'Cap the queue @alice', group: null, done: false, owner: '@alice', due: null, line: 9,
        links: [{ url: null, repo: null, number: 12, kind: 'issue' }],
      },
    ],
    metadata: { Severity: 'SEV-2' },
    diagnostics: [{ severity: 'warning', code: 'timezone-assumed', message: 'assumed UTC', line: null }],
  };
}

describe('checkFacts', () => {
  it('accepts an output that agrees with every fact', () => {
    const facts: Facts = {
      title: 'Webhook relay dropped events',
      timeline: [{ time: '14:05', textStartsWith: 'The relay queue' }],
      actionItems: [{ owner: 'alice', links: [{ number: 12 }] }],
      metadata: { severity: 'SEV-2' },
      milestones: { started: null },
      diagnosticCodes: ['timezone-assumed'],
      absentDiagnosticCodes: ['no-title'],
    };
    expect(checkFacts(sampleOutput(), facts)).toEqual([]);
  });

  it('reports a wrong field with its path', () => {
    expect(checkFacts(sampleOutput(), { timeline: [{ time: '14:06' }] })).toEqual([
      'timeline[0].time: expected "14:06", got "14:05"',
    ]);
  });

  it('reports a wrong text prefix', () => {
    expect(checkFacts(sampleOutput(), { timeline: [{ textStartsWith: 'The queue' }] })).toHaveLength(1);
  });

  it('checks arrays in full length', () => {
    const [message] = checkFacts(sampleOutput(), { timeline: [{}, {}] });
    expect(message).toMatch(/^timeline: expected 2 element\(s\), got 1/);
    expect(checkFacts(sampleOutput(), { actionItems: [] })).toHaveLength(1);
    expect(checkFacts(sampleOutput(), { actionItems: [{ links: [] }] })).toHaveLength(1);
  });

  it('reports missing and unwanted diagnostics', () => {
    expect(checkFacts(sampleOutput(), { diagnosticCodes: ['year-typo'] })).toHaveLength(1);
    expect(checkFacts(sampleOutput(), { absentDiagnosticCodes: ['timezone-assumed'] })).toHaveLength(1);
  });

  it('checks milestones, null or not, and their sources', () => {
    const output = sampleOutput();
    expect(checkFacts(output, { milestones: { detected: { time: '14:05' } } })).toHaveLength(1);
    output.milestones.detected = { date: '2019-11-04', time: '14:05', at: null, line: 5, source: 'stated' };
    expect(checkFacts(output, { milestones: { detected: null } })).toHaveLength(1);
    expect(checkFacts(output, { milestoneSources: ['inferred'] })).toHaveLength(1);
  });

  it('reports unknown keys instead of ignoring them', () => {
    const facts = { timeline: [{ textStartWith: 'The relay' }] } as unknown as Facts;
    expect(checkFacts(sampleOutput(), facts)).toEqual([
      'timeline[0]: unknown fact key "textStartWith" (typo in facts.json?)',
    ]);
  });
});
