// The certificate's fonts: Noto Sans (SIL Open Font License 1.1), shipped in the npm package
// @expo-google-fonts/noto-sans, so that a clone needs no system font. It has ș ț ă â î with the comma below, which
// pdfkit's built-in Helvetica garbles.
//
// The OpenType layout tables (GSUB, GPOS, GDEF) are left out of the copy handed to pdfkit: Romanian and English need
// no shaping, and fontkit parses those tables (about 100 ms) for every new document. Without them it uses the plain
// advance widths; everything else is the font as published.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGE = '@expo-google-fonts/noto-sans';
const FILES = {
  regular: `${PACKAGE}/400Regular/NotoSans_400Regular.ttf`,
  bold: `${PACKAGE}/700Bold/NotoSans_700Bold.ttf`,
} as const;
const DROPPED_TABLES = new Set(['GSUB', 'GPOS', 'GDEF', 'STAT']);

export type FontWeight = keyof typeof FILES;

const cache = new Map<FontWeight, Buffer>();

/** The TTF bytes of one weight, without its layout tables; read once per process. */
export function certificateFont(weight: FontWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    font = withoutTables(readFileSync(require.resolve(FILES[weight])), DROPPED_TABLES, { post: postVersion3 });
    cache.set(weight, font);
  }
  return font;
}

/**
 * The 'post' table without its glyph names (version 3.0): fontkit decodes all the names of a version 2.0 table for
 * every document, and a PDF does not need them (pdfkit writes its own ToUnicode map).
 */
export function postVersion3(post: Buffer): Buffer {
  const out = Buffer.from(post.subarray(0, 32));
  out.writeUInt32BE(0x00030000, 0);
  return out;
}

/**
 * A copy of an sfnt (TrueType) font without the named tables; the remaining tables are copied byte for byte, or
 * through `replace[tag]`. Table checksums are recomputed for the replaced tables.
 */
export function withoutTables(
  font: Buffer,
  drop: ReadonlySet<string>,
  replace: Readonly<Record<string, (table: Buffer) => Buffer>> = {},
): Buffer {
  const count = font.readUInt16BE(4);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = font.toString('latin1', at, at + 4);
    if (drop.has(tag)) continue;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    const data = font.subarray(offset, offset + length);
    const fix = replace[tag];
    if (fix) {
      const replaced = fix(data);
      tables.push({ tag, checksum: checksum(replaced), data: replaced });
    } else {
      tables.push({ tag, checksum: font.readUInt32BE(at + 4), data });
    }
  }
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 16 * 2 ** entrySelector;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(font.readUInt32BE(0), 0); // sfnt version
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(16 * n - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    const at = 12 + 16 * i;
    header.write(table.tag, at, 'latin1');
    header.writeUInt32BE(table.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const pad = (4 - (table.data.length % 4)) % 4;
    parts.push(table.data, Buffer.alloc(pad));
    offset += table.data.length + pad;
  });
  return Buffer.concat(parts);
}

function checksum(table: Buffer): number {
  let sum = 0;
  const padded = Buffer.concat([table, Buffer.alloc((4 - (table.length % 4)) % 4)]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}
