import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8Offset, lineAtOffset } from '../../server/files/utf8.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

function decodes(input: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(input);
    return true;
  } catch {
    return false;
  }
}

describe('firstInvalidUtf8Offset', () => {
  it('is -1 for valid text, including 2-, 3- and 4-byte characters', () => {
    expect(firstInvalidUtf8Offset(new TextEncoder().encode('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8Offset(new TextEncoder().encode('café – 時間 🔥'))).toBe(-1);
    expect(firstInvalidUtf8Offset(bytes())).toBe(-1);
  });

  it('points at the start of each kind of bad sequence', () => {
    expect(firstInvalidUtf8Offset(bytes(0x61, 0x80))).toBe(1); // stray continuation byte
    expect(firstInvalidUtf8Offset(bytes(0x61, 0x62, 0xc0, 0xaf))).toBe(2); // overlong '/'
    expect(firstInvalidUtf8Offset(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1); // UTF-16 surrogate
    expect(firstInvalidUtf8Offset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xe2, 0x82))).toBe(1); // truncated at the end
    expect(firstInvalidUtf8Offset(bytes(0xe9, 0x61))).toBe(0); // Latin-1 é
    expect(firstInvalidUtf8Offset(bytes(0xff))).toBe(0);
  });

  it('agrees with the fatal TextDecoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        expect(firstInvalidUtf8Offset(input) === -1).toBe(decodes(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the decoder on valid text with one byte changed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (text, at, value) => {
        const input = new TextEncoder().encode(text);
        input[at % input.length] = value;
        expect(firstInvalidUtf8Offset(input) === -1).toBe(decodes(input));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lineAtOffset', () => {
  it('counts newlines before the offset', () => {
    const text = new TextEncoder().encode('a\nb\r\nc');
    expect(lineAtOffset(text, 0)).toBe(1);
    expect(lineAtOffset(text, 2)).toBe(2);
    expect(lineAtOffset(text, 5)).toBe(3);
  });
});
