import { describe, expect, it } from 'vitest';
import type { Pt } from './geometry.ts';
import {
  clipSlab,
  insertPointsOnEdges,
  multiPolygonInvalidReason,
  outputRing,
  polygonInvalidReason,
  polygonsOverlap,
  ringArea,
} from './geometry.ts';

const square = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('generator/geometry', () => {
  it('clips neighbouring slabs with bit-identical shared vertices', () => {
    const poly: Pt[] = [
      [0.1, 0.3],
      [97.3, 11.9],
      [88.8, 70.2],
      [3.3, 61.7],
    ];
    const left = clipSlab(poly, 0, -Infinity, 41.37);
    const right = clipSlab(poly, 0, 41.37, Infinity);
    const onCut = (r: Pt[]): Pt[] => r.filter((p) => p[0] === 41.37).sort((a, b) => a[1] - b[1]);
    expect(onCut(left)).toHaveLength(2);
    expect(onCut(left)).toEqual(onCut(right));
    expect(ringArea(left) + ringArea(right)).toBeCloseTo(ringArea(poly), 9);
  });

  it('outputs closed counter-clockwise rings at 1 cm', () => {
    const r = outputRing(
      [
        [0.004, 0],
        [0, 10.123],
        [10, 10],
        [10, 0],
      ],
      true,
    );
    expect(r?.[0]).toEqual(r?.[r.length - 1]);
    expect(ringArea((r as Pt[]).slice(0, -1))).toBeGreaterThan(0);
    expect(r?.flat().every((v) => Math.round(v * 100) / 100 === v)).toBe(true);
  });

  it('accepts a valid polygon with a hole and reports invalid ones', () => {
    const hole = square(2, 2, 2).reverse();
    expect(polygonInvalidReason([square(0, 0, 10), hole])).toBeNull();
    const bowtie = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 4],
      [0, 0],
    ];
    expect(polygonInvalidReason([bowtie])).toMatch(/self-intersection|clockwise/);
    expect(polygonInvalidReason([square(0, 0, 10).reverse()])).toMatch(/clockwise/);
    const repeated = [
      [0, 0],
      [10, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    expect(polygonInvalidReason([repeated])).toMatch(/repeated/);
    const spike = [
      [0, 0],
      [10, 0],
      [10, 10],
      [10, 5],
      [10, 12],
      [0, 10],
      [0, 0],
    ];
    expect(polygonInvalidReason([spike])).not.toBeNull();
    expect(multiPolygonInvalidReason([[square(0, 0, 10)], [square(5, 5, 10)]])).toMatch(/overlap|inside/);
    expect(multiPolygonInvalidReason([[square(0, 0, 10)], [square(20, 0, 10)]])).toBeNull();
  });

  it('tells overlapping polygons from neighbours sharing an edge', () => {
    expect(polygonsOverlap([square(0, 0, 10)], [square(10, 0, 10)])).toBe(false);
    expect(polygonsOverlap([square(0, 0, 10)], [square(9.99, 0, 10)])).toBe(true);
    expect(polygonsOverlap([square(0, 0, 10)], [square(0, 0, 10)])).toBe(true);
    // an enclave filling a hole does not overlap its host
    expect(polygonsOverlap([square(0, 0, 10), square(2, 2, 2).reverse()], [square(2, 2, 2)])).toBe(false);
  });

  it('inserts partition vertices lying on an edge (no T-junctions)', () => {
    const [[ring]] = insertPointsOnEdges(
      [[square(0, 0, 10)]],
      [
        [4, 0],
        [7, 0.004],
        [5, 5],
      ],
    ) as number[][][][] as [[number[][]]];
    expect(ring).toEqual([
      [0, 0],
      [4, 0],
      [7, 0.004],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ]);
  });
});
