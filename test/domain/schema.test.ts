/**
 * server/domain/parsed-postmortem.schema.json against the TypeScript contract: the parser's output
 * validates, broken objects do not, and every schema object lists exactly the keys of the type.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ParsedPostmortem } from '../../server/domain/postmortem.ts';
import schema from '../../server/domain/parsed-postmortem.schema.json' with { type: 'json' };
import { parsePostmortem } from '../../server/parser/index.ts';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(schema);

/** Every field and every nested object type present, so the walk below reaches all of them. */
const complete = {
  file: 'postmortems/2024-03-05-db.md',
  title: 'Database outage',
  date: '2024-03-05',
  timezone: 'America/Los_Angeles',
  timezoneSource: 'declared',
  declaredTimezone: 'PST (UTC-8)',
  summary: 'The primary ran out of disk.',
  sections: [{ heading: 'Timeline', kind: 'timeline', line: 5 }],
  timeline: [
    {
      date: '2024-03-05',
      time: '14:30',
      endTime: '14:40',
      at: '2024-03-05T22:30:00Z',
      timezone: 'America/Los_Angeles',
      approximate: true,
      text: 'deploy 1.2',
      kind: 'deploy',
      line: 7,
    },
  ],
  milestones: {
    started: { date: '2024-03-05', time: '14:30', at: '2024-03-05T22:30:00Z', line: 7, source: 'inferred' },
    detected: { date: '2024-03-05', time: '14:35', at: '2024-03-05T22:35:00Z', line: 8, source: 'stated' },
    declared: { date: '2024-03-05', time: '14:36', at: '2024-03-05T22:36:00Z', line: 9, source: 'stated' },
    mitigated: { date: '2024-03-05', time: '14:50', at: '2024-03-05T22:50:00Z', line: 10, source: 'stated' },
    resolved: { date: '2024-03-05', time: '15:10', at: '2024-03-05T23:10:00Z', line: 11, source: 'stated' },
  },
  actionItems: [
    {
      text: 'Alert on disk usage',
      group: 'Monitoring',
      done: false,
      owner: 'alice',
      due: '2024-04-01',
      links: [{ url: 'https://github.com/acme/db/issues/12', repo: 'acme/db', number: 12, kind: 'issue' }],
      line: 14,
    },
  ],
  metadata: { severity: 'SEV2' },
  diagnostics: [{ severity: 'warning', code: 'time-placeholder', message: 'HH:mm left in', line: 12 }],
} satisfies ParsedPostmortem;

type Json = Record<string, unknown>;
const defs = schema.$defs as Record<string, Json>;

/** Follows `$ref` and picks the non-null branch of `anyOf`. */
function resolveNode(node: Json): Json {
  if (typeof node.$ref === 'string') return resolveNode(defs[node.$ref.replace('#/$defs/', '')] ?? {});
  if (Array.isArray(node.anyOf)) {
    const branch = (node.anyOf as Json[]).find((candidate) => candidate.type !== 'null');
    return resolveNode(branch ?? {});
  }
  return node;
}

/** Walks schema and example together; returns the `$defs` names of the object schemas it checked. */
function checkKeys(node: Json, value: unknown, path: string, visited: Set<string>): void {
  if (typeof node.$ref === 'string') visited.add(node.$ref.replace('#/$defs/', ''));
  const resolved = resolveNode(node);
  if (Array.isArray(node.anyOf)) {
    for (const branch of node.anyOf as Json[]) if (typeof branch.$ref === 'string') visited.add(branch.$ref.replace('#/$defs/', ''));
  }
  if (resolved.type === 'object' && resolved.properties !== undefined) {
    const keys = Object.keys(value as object).sort();
    expect([...(resolved.required as string[])].sort(), `${path}: required`).toEqual(keys);
    expect(Object.keys(resolved.properties as object).sort(), `${path}: properties`).toEqual(keys);
    expect(resolved.additionalProperties, `${path}: additionalProperties`).toBe(false);
    for (const key of keys) {
      checkKeys((resolved.properties as Record<string, Json>)[key] ?? {}, (value as Record<string, unknown>)[key], `${path}.${key}`, visited);
    }
  }
  if (resolved.type === 'array') {
    expect(Array.isArray(value) && value.length > 0, `${path}: the example needs one element`).toBe(true);
    checkKeys(resolved.items as Json, (value as unknown[])[0], `${path}[0]`, visited);
  }
}

function errorsOf(value: unknown): string[] {
  validate(value);
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
}

function broken(mutate: (copy: Record<string, any>) => void): Record<string, any> {
  const copy = structuredClone(complete) as Record<string, any>;
  mutate(copy);
  return copy;
}

describe('parsed-postmortem.schema.json', () => {
  it('accepts a complete example of the TypeScript type', () => {
    expect(errorsOf(complete)).toEqual([]);
  });

  it('lists exactly the keys of the TypeScript type in every object, all of them required', () => {
    const visited = new Set<string>();
    checkKeys(schema as Json, complete, '$', visited);
    const objectDefs = Object.entries(defs).filter(([, def]) => def.type === 'object').map(([name]) => name);
    expect(objectDefs.filter((name) => !visited.has(name))).toEqual([]);
  });

  it('accepts what the parser produces for small inputs', () => {
    const inputs = [
      '',
      '# Title\n\n## Timeline\n\n- 14:30 deploy\n',
      '---\ntitle: Outage\ndate: 2018-01-25\ntimezone: PST\n---\n\n## Summary\n\nIt broke.\n\n## Timeline\n\n### 2018-01-25 14:30\n\nDeploy.\n\n### 15:30\n\nFixed.\n\n## Action items\n\n1. Add a test [Issue](https://github.com/acme/hub/issues/848)\n- [x] Owner: @alice write docs #12\n',
      '# 2024-03-05 - Outage\r\n\r\nAll times in UTC.\r\n\r\n| Time | Event |\r\n| --- | --- |\r\n| HH:mm | placeholder |\r\n| 09:00 | resolved |\r\n',
    ];
    for (const input of inputs) {
      const parsed = JSON.parse(JSON.stringify(parsePostmortem(input, { file: 'x.md', repo: 'acme/hub' }))) as unknown;
      expect(errorsOf(parsed), input).toEqual([]);
    }
  });

  it('rejects broken objects, saying where', () => {
    expect(errorsOf(broken((o) => (o.extra = 1)))).toEqual([' additionalProperties']);
    expect(errorsOf(broken((o) => delete o.summary))).toEqual([' required']);
    expect(errorsOf(broken((o) => (o.date = '2024-3-5')))).toEqual(['/date pattern', '/date type', '/date anyOf']);
    expect(errorsOf(broken((o) => (o.timezoneSource = 'guessed')))).toEqual(['/timezoneSource enum']);
    expect(errorsOf(broken((o) => (o.timeline[0].time = '24:00')))).toEqual([
      '/timeline/0/time pattern',
      '/timeline/0/time type',
      '/timeline/0/time anyOf',
    ]);
    expect(errorsOf(broken((o) => (o.timeline[0].at = '2024-03-05T22:30:00.000Z')))).toContain('/timeline/0/at pattern');
    expect(errorsOf(broken((o) => (o.timeline[0].kind = 'outage')))).toEqual(['/timeline/0/kind enum']);
    expect(errorsOf(broken((o) => (o.timeline[0].line = 0)))).toEqual(['/timeline/0/line minimum']);
    expect(errorsOf(broken((o) => (o.milestones.extra = null)))).toEqual(['/milestones additionalProperties']);
    expect(errorsOf(broken((o) => (o.actionItems[0].links[0].number = '12')))).toContain('/actionItems/0/links/0/number type');
    expect(errorsOf(broken((o) => (o.metadata.count = 3)))).toEqual(['/metadata/count type']);
    expect(errorsOf(broken((o) => (o.diagnostics[0].code = 'Time Placeholder')))).toEqual(['/diagnostics/0/code pattern']);
    expect(errorsOf(broken((o) => (o.timezone = 'not a zone')))).toContain('/timezone pattern');
  });
});
