import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, Utf8Stream } from './utf8.ts';

const latin2 = (s: string) => Buffer.from(s, 'latin1'); // bytes as a Latin-2 file has them for ASCII and ș (0xBA)

describe('firstInvalidUtf8', () => {
  it('accepts UTF-8, Romanian diacritics and four-byte characters included', () => {
    expect(firstInvalidUtf8(Buffer.from('Strada Moților nr. 12, Țaga, Ștei 🏠'))).toBe(-1);
  });

  it('finds a Latin-2 byte, an overlong form, a surrogate and a character cut short', () => {
    expect(firstInvalidUtf8(latin2('Strada Mo\u00bai'))).toBe(9);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc8]))).toBe(1);
  });
});

describe('Utf8Stream', () => {
  it('checks a character split between chunks with the next chunk', () => {
    const bytes = Buffer.from('aș'); // ș is 0xC8 0x99
    const s = new Utf8Stream();
    expect(s.push(bytes.subarray(0, 2))).toBe(-1);
    expect(s.push(bytes.subarray(2))).toBe(-1);
    expect(s.end()).toBe(-1);
  });

  it('gives the stream offset of the first bad byte, and of a character the file ends inside', () => {
    const s = new Utf8Stream();
    expect(s.push(Buffer.from('{"a":1}'))).toBe(-1);
    expect(s.push(latin2('{"b":"\u00ba"}'))).toBe(7 + 6);
    const t = new Utf8Stream();
    expect(t.push(Buffer.from([0x41, 0xe2, 0x82]))).toBe(-1);
    expect(t.end()).toBe(1);
  });
});
