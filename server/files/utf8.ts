/** Locating the first byte that breaks UTF-8, so an error can name its line. */

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (stray continuation byte,
 * overlong form, surrogate, code point above U+10FFFF, truncated sequence), or -1 when
 * `bytes` is valid UTF-8. Follows the well-formed byte table of the Unicode standard (table 3-7).
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const shape = sequenceShape(lead);
    if (shape === null) return index;
    for (let k = 1; k <= shape.continuations; k += 1) {
      const byte = bytes[index + k];
      const low = k === 1 ? shape.low : 0x80;
      const high = k === 1 ? shape.high : 0xbf;
      if (byte === undefined || byte < low || byte > high) return index;
    }
    index += shape.continuations + 1;
  }
  return -1;
}

/** 1-based line of byte `offset` in `bytes` (counting `\n`). */
export function lineAtOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

interface Shape {
  continuations: number;
  /** Allowed range of the first continuation byte. */
  low: number;
  high: number;
}

function sequenceShape(lead: number): Shape | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { continuations: 1, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { continuations: 2, low: 0xa0, high: 0xbf };
  if (lead === 0xed) return { continuations: 2, low: 0x80, high: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { continuations: 2, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { continuations: 3, low: 0x90, high: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { continuations: 3, low: 0x80, high: 0xbf };
  if (lead === 0xf4) return { continuations: 3, low: 0x80, high: 0x8f };
  return null;
}
