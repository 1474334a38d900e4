/**
 * Restoring the line breaks of a "flattened" postmortem: a markdown document whose line breaks were
 * collapsed into single spaces (chat pastes, web forms, JSON exports that lost their newlines).
 * Collapsing keeps one fact we build on: every former line break is now a space, so a block marker
 * can only stand after a space. The restorer finds those markers and decides, marker by marker,
 * whether a line began there. Outside block quotes it only inserts white space; inside them it
 * re-emits the `>` of each quote line (consecutive blank quote lines become one).
 *
 * Whether a text is flattened at all: detect.ts. The steps, in the order they run on each non-blank
 * input line (restore.ts); each file's comment states its rules:
 *
 * 1. Front matter, first line only: front-matter.ts.
 * 2. Protected text, where nothing splits (code, comments, autolinks, bracketed text): protect.ts.
 * 3. Strong blocks, which always start a line (fenced code, tables, comments, thematic breaks,
 *    definitions, ATX headings): strong-blocks.ts, with blocks.ts, tables.ts and hash-runs.ts.
 * 4. Closed ATX headings (`## Summary ##`), only in documents written that way: closed-headings.ts.
 * 5. Where an open heading's text ends: heading-end.ts, with section-names.ts, stamps.ts (dates and
 *    times) and vocabulary.ts.
 * 6. Between strong blocks, lists and quotes: markers.ts finds the markers, lists.ts decides which
 *    start a line (with ranges.ts), quotes.ts rules block quotes.
 * 7. Paragraphs that were several (plain-lines timelines, `Key:` metadata lines): paragraphs.ts.
 * 8. Blocks are separated by a blank line; items of one list by a line break: assemble.ts.
 *
 * Not recoverable: paragraph breaks inside a section, nesting of same-type lists, hard breaks, and the
 * end of a list or quote that a plain paragraph followed (the paragraph joins the last item or line).
 * Everything runs in linear time: scans are single passes or bounded look-arounds.
 */
export { looksFlattened } from './detect.ts';
export { restoreLineBreaks } from './restore.ts';
export { unflatten } from './unflatten.ts';
