/**
 * Tables, found by their delimiter row (`| --- | :-: |`, closing pipe optional): its cell count is the
 * column count, the header is as many cells before it, and body rows follow while each next row starts
 * with a pipe. Rows may lack their closing pipe; a row's last pipe then opens the next row when a full
 * row follows. Only pipe-led tables are recognised.
 */
import type { Block } from './blocks.ts';
import { isSpaceAt, trimEndIndex } from './chars.ts';
import type { HashRun } from './hash-runs.ts';
import { FENCED, type Protection } from './protect.ts';

/** Unescaped pipes outside fences and comments (GFM splits cells at pipes in code spans too). */
function pipePositions(s: string, from: number, mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = s.indexOf('|', from); i >= 0; i = s.indexOf('|', i + 1)) {
    if (s[i - 1] !== '\\' && mask[i] !== FENCED) out.push(i);
  }
  return out;
}

/**
 * The tables of `s` from `from` on, in order, each restored one row per line (see the module comment).
 * `runs` are the heading markers: a table never runs past the next one.
 */
export function findTables(s: string, from: number, prot: Protection, runs: HashRun[]): Block[] {
  const tables: Block[] = [];
  const pipes = pipePositions(s, from, prot.mask);
  const nextRun = (i: number): number => {
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((runs[mid]?.start ?? Infinity) <= i) lo = mid + 1;
      else hi = mid;
    }
    return runs[lo]?.start ?? s.length;
  };
  let limit = from;
  for (let k = 0; k < pipes.length; k++) {
    const p = pipes[k];
    if (p === undefined || p < limit || !isSpaceAt(s, p - 1)) continue;
    // the delimiter row
    let cells = 0;
    let j = k;
    let closed = true;
    for (;;) {
      const here = pipes[j];
      if (here === undefined) break;
      const next = pipes[j + 1];
      const cell = s.slice(here + 1, next ?? Math.min(s.length, here + 200));
      if (next !== undefined && /^ ?:?-+:? ?$/.test(cell)) {
        cells++;
        j++;
        continue;
      }
      if (/^ ?:?-+:?(?= |$)/.test(cell)) {
        cells++;
        closed = false;
      }
      break;
    }
    if (cells === 0) continue;
    const last = pipes[j] ?? p;
    // `| --- | --- | 2024 | x`: the pipe after the last dash cell opens the first row
    const opensRow = closed && !/^ ?(?:\||$)/.test(s.slice(last + 1, last + 3)) &&
      (pipes[j + cells - 1] ?? Infinity) < nextRun(last);
    const delimEnd = opensRow
      ? trimEndIndex(s, p, last)
      : closed ? last + 1 : last + 1 + (/^ ?:?-+:?/.exec(s.slice(last + 1))?.[0].length ?? 0);
    // the header: as many cells before the delimiter row, with or without a closing pipe
    const trailing = s.slice(Math.max(0, p - 2), p) === '| ' && k >= cells + 1;
    const headStart = pipes[trailing ? k - cells - 1 : k - cells];
    if (
      headStart === undefined || headStart < limit || !isSpaceAt(s, headStart - 1) ||
      nextRun(headStart) < p || /\| \|.*\| \|/.test(s.slice(headStart, p - 2))
    ) {
      limit = delimEnd;
      continue;
    }
    const rows = [s.slice(headStart, p).trim(), s.slice(p, delimEnd).trim()];
    const bound = nextRun(delimEnd);
    let end = delimEnd;
    let q = opensRow ? j : j + 1;
    while (q < pipes.length) {
      const rowStart = pipes[q];
      if (rowStart === undefined || rowStart >= bound || trimEndIndex(s, end, rowStart) > end) break;
      const closeIndex = q + cells;
      const rowEnd = pipes[closeIndex];
      if (rowEnd === undefined || rowEnd >= bound) {
        // a last row without its closing pipe runs to the next heading when it has all its cells
        if ((pipes[closeIndex - 1] ?? Infinity) < bound) {
          end = trimEndIndex(s, rowStart, bound);
          rows.push(s.slice(rowStart, end));
        }
        break;
      }
      const after = s.slice(rowEnd + 1, rowEnd + 3);
      if (after === ' |' || after.trim() === '') {
        end = rowEnd + 1;
        rows.push(s.slice(rowStart, end));
        q = closeIndex + 1;
        continue;
      }
      // no closing pipe: this pipe opens the next row when a full, short-headed row follows
      const firstCell = s.slice(rowEnd + 1, pipes[closeIndex + 1] ?? s.length);
      if ((pipes[closeIndex + cells - 1] ?? Infinity) < bound && firstCell.length <= 60) {
        end = trimEndIndex(s, rowStart, rowEnd);
        rows.push(s.slice(rowStart, end));
        q = closeIndex;
        continue;
      }
      end = rowEnd + 1;
      rows.push(s.slice(rowStart, end));
      break;
    }
    tables.push({ start: headStart, end, text: rows.join('\n') });
    limit = end;
    while (k + 1 < pipes.length && (pipes[k + 1] ?? Infinity) < end) k++;
  }
  return tables;
}
