/**
 * Step 3, strong blocks, which always start a line: fenced code, tables, HTML comments, thematic
 * breaks, link reference and footnote definitions (blocks.ts, tables.ts), and ATX headings
 * (hash-runs.ts). Where blocks overlap, the first to start wins (a table before another block at the
 * same place); heading markers inside a table or a kept block are text.
 */
import { findOtherBlocks, type Block } from './blocks.ts';
import { findHashRuns, type HashRun } from './hash-runs.ts';
import type { Protection } from './protect.ts';
import { findTables } from './tables.ts';

/** The strong blocks of a line and the heading markers outside them, each in order. */
export interface StrongBlocks {
  runs: HashRun[];
  blocks: Block[];
}

/** The strong blocks of the flattened line `s` from `from` on, given its protected text `prot`. */
export function strongBlocks(s: string, from: number, prot: Protection): StrongBlocks {
  const allRuns = findHashRuns(s, from, prot.mask);
  const tables = findTables(s, from, prot, allRuns);
  const inTable = covered(s.length, tables);
  const others = findOtherBlocks(s, from, prot, inTable).filter((b) => !inTable(b.start));
  const blocks: Block[] = [];
  for (const b of [...tables, ...others].sort((x, y) => x.start - y.start)) {
    const prev = blocks[blocks.length - 1];
    if (!prev || b.start >= prev.end) blocks.push(b);
  }
  const inBlock = covered(s.length, blocks);
  const runs = allRuns.filter((r) => !inTable(r.start) && !inBlock(r.start));
  return { runs, blocks };
}

/** A test for "is index `i` inside one of `blocks`" on a line of `length` characters. */
function covered(length: number, blocks: Block[]): (i: number) => boolean {
  const mask = new Uint8Array(length);
  for (const b of blocks) mask.fill(1, b.start, b.end);
  return (i) => mask[i] === 1;
}
