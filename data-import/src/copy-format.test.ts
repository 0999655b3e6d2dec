import { describe, expect, it } from 'vitest';
import { copyField, copyText, ewkbHex } from './copy-format.ts';

describe('copy-format', () => {
  it('escapes what COPY text treats specially and drops NUL', () => {
    expect(copyText('a\tb\nc\\d\re\0f')).toBe('a\\tb\\nc\\\\d\\re' + 'f');
    expect(copyText('Șoseaua Turzii')).toBe('Șoseaua Turzii');
  });

  it('writes each column type as PostgreSQL reads it', () => {
    expect(copyField('text', null)).toBe('\\N');
    expect(copyField('int', 54975)).toBe('54975');
    expect(copyField('float', 291.5)).toBe('291.5');
    expect(copyField('bool', false)).toBe('f');
    expect(copyField('date', '2025-06-30')).toBe('2025-06-30');
    expect(copyField('jsonb', { a: 'x\ty' })).toBe('{"a":"x\\\\ty"}');
    expect(copyField('text[]', ['locuințe', 'a "b"', 'c\\d'])).toBe('{"locuințe","a \\\\"b\\\\"","c\\\\\\\\d"}');
  });

  // Expected values printed by PostGIS: SELECT 'SRID=3844;...'::geometry::text
  it('encodes a Polygon as the MultiPolygon PostGIS prints', () => {
    const hex = ewkbHex(
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      3844,
      true,
    );
    expect(hex.toUpperCase()).toBe(
      '0106000020040F0000010000000103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F00000000000000000000000000000000',
    );
  });

  it('encodes a MultiPolygon with a hole and a Point, dropping Z', () => {
    const multi = ewkbHex(
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0, 5],
              [10, 0, 5],
              [10, 10, 5],
              [0, 10, 5],
              [0, 0, 5],
            ],
            [
              [2, 2],
              [2, 3],
              [3, 3],
              [2, 2],
            ],
          ],
          [
            [
              [20, 20],
              [21, 20],
              [21, 21],
              [20, 20],
            ],
          ],
        ],
      },
      3844,
      true,
    );
    expect(multi.toUpperCase()).toBe(
      '0106000020040F00000200000001030000000200000005000000000000000000000000000000000000000000000000002440000000000000000000000000000024400000000000002440000000000000000000000000000024400000000000000000000000000000000004000000000000000000004000000000000000400000000000000040000000000000084000000000000008400000000000000840000000000000004000000000000000400103000000010000000400000000000000000034400000000000003440000000000000354000000000000034400000000000003540000000000000354000000000000034400000000000003440',
    );
    const point = ewkbHex({ type: 'Point', coordinates: [395015.356, 586651.126] }, 3844, false);
    expect(point.toUpperCase()).toBe('0101000020040F000096438B6C1D1C18416F12834036E72141');
  });

  it('applies a reprojection to every position while encoding', () => {
    const moved = ewkbHex({ type: 'Point', coordinates: [1, 2] }, 3844, false, () => [395015.356, 586651.126]);
    expect(moved.toUpperCase()).toBe('0101000020040F000096438B6C1D1C18416F12834036E72141');
  });
});
