/**
 * One pass over JSON text that finds where things are, for messages: the line of each element of the
 * deployments list (the top-level array, or the `deployments` array of a top-level object) and the place of the
 * first syntax error. It builds no values (`JSON.parse` does that) and keeps its own stack, so deep nesting
 * cannot overflow. Pure; never throws.
 */

export interface JsonScan {
  /** Line (1-based) of each element of the deployments list, in order; null when there is no such list. */
  elementLines: number[] | null;
  /** The first syntax error, or null for valid JSON. */
  error: JsonSyntaxError | null;
  /** Line of the first value (or of the end, when there is none). */
  firstLine: number;
}

export interface JsonSyntaxError {
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** `expected "," or "]", found "x"`, `a string is not closed` ... */
  reason: string;
  /** A complete value is followed by more text (one JSON value per line, say). */
  afterValue: boolean;
}

const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const COLON = 4;
const AFTER_VALUE = 5;

const ARRAY = 1;
const OBJECT = 2;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Scans `text` (RFC 8259 JSON); see {@link JsonScan}. */
export function scanJson(text: string): JsonScan {
  const length = text.length;
  const stack: number[] = [];
  let state = VALUE;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  let firstLine = 0;
  let elementLines: number[] | null = null;
  /** Stack depth inside the deployments list while the scan is in it, else 0. */
  let listDepth = 0;
  /** The last key read in a top-level object. */
  let key = '';

  const result = (at: number | null, expected = '', afterValue = false): JsonScan => ({
    elementLines,
    error: at === null ? null : { line, column: at - lineStart + 1, reason: reasonAt(text, at, expected), afterValue },
    firstLine: firstLine || line,
  });
  const close = () => {
    if (listDepth === stack.length) listDepth = 0;
    stack.pop();
    state = AFTER_VALUE;
    i += 1;
  };

  for (;;) {
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      if (c === 0x0a) {
        line += 1;
        lineStart = i + 1;
      }
      i += 1;
      c = text.charCodeAt(i);
    }
    if (i >= length) break;

    if (state === VALUE_OR_CLOSE && c === 0x5d) {
      close();
    } else if (state === VALUE || state === VALUE_OR_CLOSE) {
      if (firstLine === 0) firstLine = line;
      if (listDepth !== 0 && stack.length === listDepth) elementLines!.push(line);
      if (c === 0x7b) {
        stack.push(OBJECT);
        state = KEY_OR_CLOSE;
        i += 1;
      } else if (c === 0x5b) {
        if (stack.length === 0 || (stack.length === 1 && stack[0] === OBJECT && key === 'deployments')) {
          elementLines = [];
          listDepth = stack.length + 1;
        }
        stack.push(ARRAY);
        state = VALUE_OR_CLOSE;
        i += 1;
      } else {
        const end = c === 0x22 ? stringEnd(text, i) : literalEnd(text, i);
        if (end < 0) return result(~end, 'string');
        if (end === i) return result(i, 'a value');
        i = end;
        state = AFTER_VALUE;
      }
    } else if (state === KEY_OR_CLOSE && c === 0x7d) {
      close();
    } else if (state === KEY || state === KEY_OR_CLOSE) {
      if (c !== 0x22) return result(i, state === KEY ? 'a name in double quotes' : 'a name in double quotes or "}"');
      const end = stringEnd(text, i);
      if (end < 0) return result(~end, 'string');
      if (stack.length === 1) key = keyText(text.slice(i, end));
      i = end;
      state = COLON;
    } else if (state === COLON) {
      if (c !== 0x3a) return result(i, '":"');
      state = VALUE;
      i += 1;
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return result(i, 'the end of the text', true);
      if (c === 0x2c) {
        state = top === ARRAY ? VALUE : KEY;
        i += 1;
      } else if ((c === 0x5d && top === ARRAY) || (c === 0x7d && top === OBJECT)) {
        close();
      } else {
        return result(i, top === ARRAY ? '"," or "]"' : '"," or "}"');
      }
    }
  }
  return stack.length === 0 && state === AFTER_VALUE ? result(null) : result(length, 'more');
}

/** Why the text at `at` is wrong, `expected` being what the scan looked for there ('string': inside a string). */
function reasonAt(text: string, at: number, expected: string): string {
  if (at >= text.length) return expected === 'string' ? 'a string is not closed' : 'the text ends too soon';
  const c = text.charCodeAt(at);
  if (expected === 'string') return c === 0x5c ? 'a bad escape in a string' : 'a line break or control character in a string';
  const found = text.codePointAt(at)!;
  return `expected ${expected}, found ${JSON.stringify(String.fromCodePoint(found))}`;
}

/** Offset just past the string starting at `start` (a `"`), or `~offset` of the first error in it. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return ~i;
    if (c !== 0x5c) {
      i += 1;
      continue;
    }
    const escaped = text.charCodeAt(i + 1);
    if (escaped === 0x75) {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return ~i;
      i += 6;
    } else if ('"\\/bfnrt'.includes(text.charAt(i + 1)) && !Number.isNaN(escaped)) {
      i += 2;
    } else {
      return ~i;
    }
  }
  return ~text.length;
}

/** Offset just past the number, `true`, `false` or `null` at `start`; `start` itself when there is none. */
function literalEnd(text: string, start: number): number {
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, start)) return start + word.length;
  NUMBER.lastIndex = start;
  return NUMBER.test(text) ? NUMBER.lastIndex : start;
}

function keyText(quoted: string): string {
  if (!quoted.includes('\\')) return quoted.slice(1, -1);
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted;
  }
}
