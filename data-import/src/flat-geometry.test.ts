import { describe, expect, it } from 'vitest';
import { FlatGeometry, ewkbHexFlat, flatten, simplyValid } from './flat-geometry.ts';
import { ewkbHex } from './copy-format.ts';

function flat(geometry: { type: string; coordinates: unknown }) {
  const f = new FlatGeometry();
  const ok = flatten(geometry, f, new Float64Array(4), undefined);
  return { f, ok };
}

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];

describe('flat-geometry', () => {
  it('writes the same EWKB as the nested-array encoder', () => {
    for (const g of [
      { type: 'Polygon', coordinates: [square] },
      { type: 'MultiPolygon', coordinates: [[square], [square.map(([x, y]) => [x! + 20, y!])]] },
    ]) {
      const { f, ok } = flat(g);
      expect(ok).toBe(true);
      expect(ewkbHexFlat(f, 3844)).toBe(ewkbHex(g, 3844, true));
    }
    const { f } = flat({ type: 'Point', coordinates: [1.5, 2.5] });
    expect(ewkbHexFlat(f, 3844)).toBe(ewkbHex({ type: 'Point', coordinates: [1.5, 2.5] }, 3844, false));
  });

  it('refuses what geojson-validation refuses: open or short rings, non-numbers, empty arrays', () => {
    expect(flat({ type: 'Polygon', coordinates: [square.slice(0, 4)] }).ok).toBe(false);
    expect(flat({ type: 'Polygon', coordinates: [square.slice(0, 4).concat([[1, 1]])] }).ok).toBe(false);
    expect(
      flat({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            ['1', 1],
            [0, 0],
          ],
        ],
      }).ok,
    ).toBe(false);
    expect(flat({ type: 'Polygon', coordinates: [] }).ok).toBe(false);
    expect(flat({ type: 'MultiPolygon', coordinates: [[]] }).ok).toBe(false);
  });

  it('proves simple rings valid, and leaves everything doubtful to the database', () => {
    const valid = (coordinates: unknown, type = 'Polygon') => simplyValid(flat({ type, coordinates }).f);
    expect(valid([square])).toBe(true);
    expect(
      valid([
        [
          [0, 0],
          [10, 0],
          [5, 8],
          [0, 0],
        ],
      ]),
    ).toBe(true);
    // a bow tie crosses itself
    expect(
      valid([
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    // a ring touching itself at a vertex
    expect(
      valid([
        [
          [0, 0],
          [10, 0],
          [5, 5],
          [10, 10],
          [0, 10],
          [5, 5],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    // a spike (back along the same line), a repeated point, a straight vertex
    expect(
      valid([
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [10, 5],
          [0, 10],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    expect(
      valid([
        [
          [0, 0],
          [10, 0],
          [10, 0],
          [10, 10],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    expect(
      valid([
        [
          [0, 0],
          [5, 0],
          [10, 0],
          [10, 10],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    // a hole, overlapping polygons: not proven here
    expect(
      valid([
        square,
        [
          [2, 2],
          [4, 2],
          [4, 4],
          [2, 2],
        ],
      ]),
    ).toBe(false);
    expect(valid([[square], [square.map(([x, y]) => [x! + 5, y!])]], 'MultiPolygon')).toBe(false);
    expect(valid([[square], [square.map(([x, y]) => [x! + 20, y!])]], 'MultiPolygon')).toBe(true);
    expect(valid([1, 2], 'Point')).toBe(true);
  });
});
