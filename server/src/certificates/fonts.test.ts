import { describe, expect, it } from 'vitest';
import { certificateFont, withoutTables } from './fonts.ts';

function tags(font: Buffer): string[] {
  const n = font.readUInt16BE(4);
  return Array.from({ length: n }, (_, i) => font.toString('latin1', 12 + 16 * i, 16 + 16 * i));
}

describe('certificateFont', () => {
  it('is Noto Sans without its OpenType layout tables', () => {
    for (const weight of ['regular', 'bold'] as const) {
      const font = certificateFont(weight);
      const t = tags(font);
      expect(t).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name']));
      expect(t).not.toContain('GSUB');
      expect(t).not.toContain('GPOS');
      expect(font.includes(Buffer.from('NotoSans', 'utf16le').swap16())).toBe(true);
    }
  });

  it('copies the kept tables byte for byte, 4-byte aligned', () => {
    const source = certificateFont('regular');
    const copy = withoutTables(source, new Set(['cmap']));
    expect(tags(copy)).toEqual(tags(source).filter((t) => t !== 'cmap'));
    const n = copy.readUInt16BE(4);
    for (let i = 0; i < n; i++) expect(copy.readUInt32BE(12 + 16 * i + 8) % 4).toBe(0);
  });
});
