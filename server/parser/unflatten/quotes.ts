/**
 * Block quotes (part of step 6). A `>` not before a digit, `=`, `<` or `-` starts a block quote after
 * a block boundary, after sentence punctuation, before a capital (or `@`, `[`, `*`, `_`, a backtick,
 * `>`), or when a quote was open before the block that precedes it (chat logs cut by code); each later
 * ` >` starts a quote line. Each quote line's content is restored recursively and re-emitted with its
 * `>`; consecutive blank quote lines become one. The end of a quote that a plain paragraph followed
 * cannot be recovered: the paragraph joins the last quote line.
 */

/** Nesting of block quotes rebuilt (deeper `>` stay text). */
export const MAX_QUOTE_DEPTH = 1;

/**
 * Whether the `>` whose content starts at `content` in `s` opens a block quote. `lineMayStart`: a
 * boundary, sentence punctuation or an earlier open quote stands before it.
 */
export function opensQuote(s: string, content: number, lineMayStart: boolean): boolean {
  const next = s.slice(content, content + 2).trimStart()[0];
  return (lineMayStart || /[\p{Lu}@[*_`>]/u.test(next ?? '')) && next !== undefined && !/[\d=<-]/.test(next);
}

/**
 * Add one quote line (`text`, starting with its `>`) to the quote lines `lines`: its content restored
 * by `restore`, each line prefixed `> ` and each blank line made `>`. A blank quote line adds one `>`,
 * none at the start or after another.
 */
export function addQuoteLine(lines: string[], text: string, restore: (content: string) => string[]): void {
  const content = text.slice(1).trim();
  if (content === '') {
    if (lines.length && lines[lines.length - 1] !== '>') lines.push('>');
    return;
  }
  const inner = restore(content).join('\n\n').split('\n');
  for (const l of inner) lines.push(l === '' ? '>' : `> ${l}`);
}

/** The quote lines `lines` as one block, without trailing blank `>` lines; null when none are left. */
export function quoteBlock(lines: string[]): string | null {
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '>') end--;
  return end > 0 ? lines.slice(0, end).join('\n') : null;
}
