/**
 * The postmortem the project started from: the datahub outage of 2018-01-25, handed over with every line break
 * collapsed. Read from ../shared/seeds when present (a user's clone will not have it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePostmortem } from '../../server/parser/index.ts';
import { resolveCorpusDir, seedPath } from '../corpus/location.ts';

const seed = seedPath(resolveCorpusDir(process.env['HINDSIGHT_CORPUS']));
const present = existsSync(seed);
if (!present) console.warn(`seed not found at ${seed}: skipping the seed test`);

describe.skipIf(!present)('the flattened datahub seed', () => {
  const parsed = () => parsePostmortem(readFileSync(seed, 'utf8'), { file: seed, timezone: 'America/Los_Angeles' });

  it('reads title, date and the zone given on the command line', () => {
    const p = parsed();
    expect([p.title, p.date, p.timezone, p.timezoneSource]).toEqual([
      'Accidental merge to prod brings things down',
      '2018-01-25',
      'America/Los_Angeles',
      'option',
    ]);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['flattened']);
  });

  it('has the four timeline entries at their instants in UTC', () => {
    expect(parsed().timeline.map((e) => [e.date, e.time, e.at])).toEqual([
      ['2018-01-25', '14:30', '2018-01-25T22:30:00Z'],
      ['2018-01-25', '15:30', '2018-01-25T23:30:00Z'],
      ['2018-01-25', '16:11', '2018-01-26T00:11:00Z'],
      ['2018-01-25', '16:35', '2018-01-26T00:35:00Z'],
    ]);
    expect(parsed().timeline[1]!.text).toBe(
      "While a different hub was being managed in Travis CI, the production hub for Data 8 was accidentally upgraded. This upgrade brought with it the faulty hub image from staging which wasn't working.",
    );
  });

  it('has three action items in group Process', () => {
    expect(parsed().actionItems.map((a) => [a.group, a.text.split(' ').slice(0, 8).join(' ')])).toEqual([
      ['Process', 'Admins should refamiliarize themselves with the deployment policy'],
      ['Process', 'Determine if there is a way to block'],
      ['Process', 'Determine if there is a way to contextualize'],
    ]);
  });
});
