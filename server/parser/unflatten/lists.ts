/**
 * Step 6, lists between strong blocks (block quotes: quotes.ts). A list starts right after a block
 * boundary (heading, table, rule ...), after sentence punctuation (`.!?:;`) with an ordered `1.`/`1)`
 * or a bullet that does not start in lowercase and repeats (or follows a colon), without punctuation
 * for `*`/`+` bullets that repeat, for a bullet that starts with a date/time (`- 14:02 deploy`), and
 * after a paragraph that is only a date (`2019-01-22 - 2:54 PM ...`, the date line is kept apart);
 * never inside an open parenthesis. An ordered marker continues its list when it counts on (`n+1`) or
 * repeats (lazy `1.`), unless it follows `version`, `step`, ...; a bullet of the same character
 * continues its list unless it starts in lowercase after no punctuation (`a - b`; allowed when the
 * list's first item did), the item so far is only a date/time (`- 2023-02-01 - [link]`), or it would
 * split a range (`14:02 - 14:10`, `40 - 60`, see ranges.ts). Bullets between ordered items that go on
 * counting are nested under the ordered item.
 *
 * Not recoverable: nesting of same-type lists, and the end of a list that a plain paragraph followed
 * (the paragraph joins the last item).
 */
import { isLower, trimEndIndex } from './chars.ts';
import { candidates } from './markers.ts';
import { opensQuote } from './quotes.ts';
import { isRange } from './ranges.ts';
import { matchStamp, trailingDate } from './stamps.ts';

/** Words before an ordered marker that make it part of the sentence (`version 2. Then`). */
const NUMBER_WORDS = new Set([
  'version', 'v', 'step', 'steps', 'phase', 'stage', 'level', 'tier', 'part', 'page', 'section',
  'chapter', 'item', 'number', 'no', 'no.', 'rank', 'priority', 'p', 'sev', 'severity', 'issue', 'pr',
  'and', 'or', 'to', 'of', 'than', 'about', 'only', 'is', 'was', 'were', 'are',
]);

/** A stretch of a region that becomes a paragraph, a list item or a quote line. */
export interface Piece {
  kind: 'para' | 'item' | 'quote';
  start: number;
  end: number;
  /** For items: the list they belong to (a new list id starts a new block) and their indent. */
  list: number;
  indent: number;
}

/** The pieces of a region, and whether a block quote was open at its end. */
export interface Flow { pieces: Piece[]; quoting: boolean }

/**
 * Paragraphs, list items and quote lines in `s` from `a` to `b`, in order (see the module comment).
 * `boundary`: the region starts a block; `mask`: the protection mask (see protect.ts); `depth`: block
 * quotes already open around `s`; `quoteBefore`: a quote was open before the block that precedes the
 * region. A blank region has no pieces.
 */
export function flow(s: string, a: number, b: number, boundary: boolean, mask: Uint8Array, depth: number, quoteBefore: boolean): Flow {
  if (s.slice(a, b).trim() === '') return { pieces: [], quoting: quoteBefore };
  const cands = candidates(s, a, b, mask, depth);
  // the next candidate of the same bullet character, for "does this list go on?"
  const laterSame: boolean[] = cands.map(() => false);
  const seen = new Set<string>();
  for (let i = cands.length - 1; i >= 0; i--) {
    const c = cands[i];
    if (!c) continue;
    const key = `${c.kind}${c.ch}`;
    laterSame[i] = seen.has(key);
    seen.add(key);
  }

  const pieces: Piece[] = [];
  let current: Piece = { kind: 'para', start: a, end: b, list: -1, indent: 0 };
  let currentContent = a;
  let listId = 0;
  let list: { kind: 'bullet'; ch: string; lowerOk: boolean } | { kind: 'ordered'; ch: string; last: number; width: number } | null = null;
  let outer: { ch: string; last: number; width: number } | null = null;
  let quote = false;

  const open = (piece: Piece, content: number): void => {
    current.end = piece.start;
    pieces.push(current);
    current = piece;
    currentContent = content;
  };
  // a full date that ends the current piece before `end` becomes a paragraph (a line) of its own
  const splitDateLine = (end: number): boolean => {
    const header = trailingDate(s, currentContent, end);
    if (header <= currentContent) return false;
    current.end = header;
    pieces.push(current);
    current = { kind: 'para', start: header, end: b, list: -1, indent: 0 };
    return true;
  };

  let parens: Parens = { from: a, to: a, depth: 0 };
  cands.forEach((c, index) => {
    const before = trimEndIndex(s, a, c.start);
    const atBoundary = boundary && current.kind === 'para' && current.start === a && before === a;
    const prevCh = s.slice(Math.max(a, before - 4), before).replace(/[)\]*_"'`]+$/, '').slice(-1);
    const punct = /[.!?:;]/.test(prevCh);
    const lower = isLower(s[c.content + (c.kind === 'quote' && s[c.content] === ' ' ? 1 : 0)]);
    // the current piece's text so far, looked at only near its end (linear time)
    const hasText = before > currentContent;
    const itemSoFar = hasText ? s.slice(Math.max(currentContent, before - 60), before).trim() : '';
    const itemShort = before - currentContent <= 60;
    parens = parenDepth(s, currentContent, before, parens);
    const prevWord = (/(\S+)$/.exec(s.slice(Math.max(a, before - 40), before))?.[1] ?? '').toLowerCase();

    if (quote) {
      if (c.kind === 'quote') open({ kind: 'quote', start: c.start, end: b, list: -1, indent: 0 }, c.content);
      return;
    }
    if (c.kind === 'quote') {
      if (opensQuote(s, c.content, atBoundary || punct || quoteBefore)) {
        quote = true;
        list = null;
        outer = null;
        open({ kind: 'quote', start: c.start, end: b, list: -1, indent: 0 }, c.content);
      }
      return;
    }
    if (c.kind === 'ordered') {
      const counts = (l: { ch: string; last: number }): boolean => l.ch === c.ch && (c.num === l.last + 1 || c.num === l.last);
      const sentence = NUMBER_WORDS.has(prevWord) && !punct;
      if (list?.kind === 'ordered' && counts(list) && !sentence && itemSoFar !== '') {
        list.last = c.num;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      } else if (list?.kind === 'bullet' && outer && counts(outer) && !sentence && itemSoFar !== '') {
        list = { kind: 'ordered', ch: c.ch, last: c.num, width: outer.width };
        outer = null;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      } else if ((atBoundary && c.num <= 999) || (punct && c.num <= 1 && !sentence)) {
        list = { kind: 'ordered', ch: c.ch, last: c.num, width: String(c.num).length + 2 };
        outer = null;
        listId++;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
      }
      return;
    }
    // bullets
    const stampOnly = itemShort && /^[~([]?[\d:./-]+(?:\s?[ap]\.?m\.?)?[\])]?$/i.test(itemSoFar);
    const range = isRange(s.slice(Math.max(a, before - 40), before), s.slice(c.content, c.content + 40));
    const stampFirst = matchStamp(s.slice(c.content, c.content + 120)) !== null;
    if (list?.kind === 'bullet' && list.ch === c.ch) {
      if ((!lower || punct || list.lowerOk) && itemSoFar !== '' && !stampOnly && !range) {
        // `- last item 2019-01-23 - 8:04 AM ...`: a date line between two lists
        if (splitDateLine(before)) listId++;
        open({ kind: 'item', start: c.start, end: b, list: listId, indent: current.indent }, c.content);
      }
      return;
    }
    if (list?.kind === 'ordered' && punct && !lower && itemSoFar !== '' && !range) {
      outer = { ch: list.ch, last: list.last, width: list.width };
      list = { kind: 'bullet', ch: c.ch, lowerOk: false };
      open({ kind: 'item', start: c.start, end: b, list: listId, indent: outer.width }, c.content);
      return;
    }
    const repeats = laterSame[index] === true;
    const paraIsDate = current.kind === 'para' && itemSoFar !== '' && trailingDate(s, currentContent, before) === currentContent;
    const digit = /\d/.test(s[c.content] ?? '');
    const starts =
      atBoundary ||
      (punct && !lower && (prevCh === ':' || repeats)) ||
      (!lower && !digit && repeats && c.ch !== '-') ||
      (stampFirst && !lower) ||
      (paraIsDate && !lower);
    if (starts && !range && parens.depth === 0 && (list === null || itemSoFar !== '')) {
      // `All times in PST 2019-01-22 - 2:54 PM ...`: the date line heads the list
      if (current.kind === 'para') splitDateLine(before);
      list = { kind: 'bullet', ch: c.ch, lowerOk: lower };
      outer = null;
      listId++;
      open({ kind: 'item', start: c.start, end: b, list: listId, indent: 0 }, c.content);
    }
  });
  current.end = b;
  pieces.push(current);
  return { pieces, quoting: quote };
}

interface Parens { from: number; to: number; depth: number }

/**
 * Parentheses left open in `s` from `from` to `to` (`(Between 4:06pm - 5:30pm)` is not a list),
 * carried on from `known` when it covers the same start, so each character is read once.
 */
function parenDepth(s: string, from: number, to: number, known: Parens): Parens {
  const state = known.from === from && known.to <= to ? { ...known } : { from, to: from, depth: 0 };
  for (let i = state.to; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) state.depth++;
    else if (c === 41 && state.depth > 0) state.depth--;
  }
  state.to = to;
  return state;
}

