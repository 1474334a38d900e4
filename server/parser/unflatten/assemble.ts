/**
 * Step 8, the restored markdown of one region between strong blocks: each paragraph and each quote
 * is a block, the items of one list are one block with a line break between them (nested items
 * indented under their ordered item). Blocks are later joined with a blank line.
 */
import type { Piece } from './lists.ts';
import { splitParagraph } from './paragraphs.ts';
import { addQuoteLine, quoteBlock } from './quotes.ts';

/**
 * The blocks of `pieces` (from `flow`, over the line `s`), in order. `restoreQuote` restores the
 * content of one quote line (the text after its `>`) into blocks.
 */
export function assemble(s: string, pieces: Piece[], restoreQuote: (content: string) => string[]): string[] {
  const blocks: string[] = [];
  let items: string[] = [];
  let itemsList = -1;
  let quoteLines: string[] = [];
  const flushItems = (): void => {
    if (items.length) blocks.push(items.join('\n'));
    items = [];
  };
  const flushQuote = (): void => {
    const quote = quoteBlock(quoteLines);
    if (quote !== null) blocks.push(quote);
    quoteLines = [];
  };
  for (const piece of pieces) {
    const text = s.slice(piece.start, piece.end).trim();
    if (piece.kind === 'quote') {
      flushItems();
      addQuoteLine(quoteLines, text, restoreQuote);
      continue;
    }
    flushQuote();
    if (text === '') continue;
    if (piece.kind === 'para') {
      flushItems();
      for (const block of splitParagraph(text)) blocks.push(block);
      continue;
    }
    if (piece.list !== itemsList) flushItems();
    itemsList = piece.list;
    items.push(' '.repeat(piece.indent) + text);
  }
  flushItems();
  flushQuote();
  return blocks;
}
