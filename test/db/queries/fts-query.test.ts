import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, toFtsQuery } from '../../../server/db/queries/fts-query.ts';

describe('toFtsQuery', () => {
  it('quotes every word and makes the last a prefix', () => {
    expect(toFtsQuery('disk')).toBe('"disk"*');
    expect(toFtsQuery('  disk   full ')).toBe('"disk" "full"*');
  });

  it('doubles quotes inside words', () => {
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi"""*');
  });

  it('takes operators and syntax literally', () => {
    expect(toFtsQuery('a AND( b')).toBe('"a" "AND(" "b"*');
    expect(toFtsQuery('NEAR(x y) title:z -w')).toBe('"NEAR(x" "y)" "title:z" "-w"*');
  });

  it('drops words without letters or digits, and gives null when none is left', () => {
    expect(toFtsQuery('- * disk ( ')).toBe('"disk"*');
    expect(toFtsQuery('" * - ( ) :')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
    expect(toFtsQuery('Störung 障害')).toBe('"Störung" "障害"*');
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} words`, () => {
    const query = toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))!;
    expect(query.split(' ')).toHaveLength(MAX_SEARCH_TERMS);
  });
});
