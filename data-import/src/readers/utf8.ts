// UTF-8 checks for text formats read as bytes (GeoJSON): a file in another encoding (Latin-2, Windows-1250, as older
// Romanian GIS exports are) must be refused, naming where, not read with U+FFFD in place of ș and ț.
import { isUtf8 } from 'node:buffer';

/** The index of the first byte of `buf` that does not begin or continue a well-formed UTF-8 character, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The second byte's range depends on the first (no overlong forms, no surrogates, nothing past U+10FFFF).
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= buf.length) return i; // cut short by the end
    const second = buf[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = buf[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `buf` are the start of a character that the next chunk completes (0 to 3). */
function incompleteTail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * Checks a byte stream chunk by chunk; a character split between two chunks is checked whole with the next one.
 * `push` and `end` give the stream offset of the first byte that is not UTF-8, or -1.
 */
export class Utf8Stream {
  #carry: Buffer = Buffer.alloc(0);
  /** stream offset of the first byte of the buffer checked next (the carry's, when there is one) */
  #offset = 0;

  push(chunk: Buffer): number {
    const buf = this.#carry.length ? Buffer.concat([this.#carry, chunk]) : chunk;
    const cut = buf.length - incompleteTail(buf);
    const whole = buf.subarray(0, cut);
    const bad = isUtf8(whole) ? -1 : Math.max(0, firstInvalidUtf8(whole));
    if (bad >= 0) return this.#offset + bad;
    this.#carry = Buffer.from(buf.subarray(cut));
    this.#offset += cut;
    return -1;
  }

  end(): number {
    return this.#carry.length ? this.#offset : -1;
  }
}
