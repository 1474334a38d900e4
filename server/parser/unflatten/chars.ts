/**
 * Character tests shared by the restorer's steps. A flattened line has single spaces only (see
 * `collapse`), so "a space" here always means one U+0020.
 */

const SPACE = 32;

/** `text` with every white-space run made one space, trimmed: what flattening does to a line. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether `s[i]` is a space; positions before the start or past the end count as spaces. */
export function isSpaceAt(s: string, i: number): boolean {
  return i < 0 || i >= s.length || s.charCodeAt(i) === SPACE;
}

/** Index just after the last non-space character before `i`, never below `from` (returned when all is space). */
export function trimEndIndex(s: string, from: number, i: number): number {
  let j = i;
  while (j > from && s.charCodeAt(j - 1) === SPACE) j--;
  return j;
}

/** Whether `c` is a lowercase letter (any script); false for `undefined`. */
export function isLower(c: string | undefined): boolean {
  return c !== undefined && /\p{Ll}/u.test(c);
}

/** Whether `c` is an uppercase letter (any script); false for `undefined`. */
export function isUpper(c: string | undefined): boolean {
  return c !== undefined && /\p{Lu}/u.test(c);
}
