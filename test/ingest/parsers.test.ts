import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineParser, parserFor, WORKER_THRESHOLD } from '../../server/ingest/parsers.ts';
import { parsePostmortem } from '../../server/parser/index.ts';

const datahub = readFileSync(new URL('../../postmortems/2018-01-25-datahub-accidental-prod-merge.md', import.meta.url), 'utf8');

describe('parsers for an ingest', () => {
  it('parse a handful of files in this thread', () => {
    expect(parserFor(WORKER_THRESHOLD - 1)).toBe(inlineParser);
  });

  it('parse many files in a worker thread, with the same results, in any order of answers', async () => {
    const parser = parserFor(WORKER_THRESHOLD);
    expect(parser).not.toBe(inlineParser);
    try {
      const options = { file: 'datahub.md', defaultTimezone: 'UTC', repo: 'example-org/datahub' };
      const results = await Promise.all([parser.parse(datahub, options), parser.parse('# Other\n', { file: 'other.md' }), parser.parse(datahub, options)]);
      expect(results[0]).toEqual(parsePostmortem(datahub, options));
      expect(results[1]!.title).toBe('Other');
      expect(results[2]).toEqual(results[0]);
    } finally {
      await parser.close();
    }
  });

  it('parse in this thread once the worker is gone', async () => {
    const parser = parserFor(WORKER_THRESHOLD);
    await parser.close();
    expect((await parser.parse('# After\n', {})).title).toBe('After');
  });
});
