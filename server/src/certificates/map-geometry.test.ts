import { describe, expect, it } from 'vitest';
import {
  labelPoint,
  insidePolygon,
  mapFrame,
  niceLength,
  ROUND_SCALES,
  polygonArea,
  scaleDenominator,
  toPolygons,
} from './map-geometry.ts';
import type { Polygon } from './map-geometry.ts';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('mapFrame', () => {
  it('draws the map at a round scale (1:500, 1:1,000, 1:2,000, ...) that holds the parcel and its surroundings', () => {
    const paper = 515; // points
    for (const size of [5, 30, 70, 150, 400, 1200, 5000]) {
      const parcel = { xmin: 391000, ymin: 586000, xmax: 391000 + size, ymax: 586000 + size / 2 };
      const f = mapFrame(parcel, 1.7, { paperWidthPt: paper });
      const scale = scaleDenominator(f.xmax - f.xmin, paper);
      expect(ROUND_SCALES as readonly number[], `parcel ${size} m`).toContain(scale);
      expect(f.xmax - f.xmin).toBeGreaterThanOrEqual(Math.max(size * 2.6, 90) - 1e-6);
      expect(f.xmin).toBeLessThanOrEqual(parcel.xmin);
      expect(f.xmax).toBeGreaterThanOrEqual(parcel.xmax);
    }
    const small = mapFrame({ xmin: 0, ymin: 0, xmax: 20, ymax: 20 }, 1.7, { paperWidthPt: 515 });
    expect(scaleDenominator(small.xmax - small.xmin, 515)).toBe(500);
  });

  it('centres a frame of the given aspect on the parcel, about 2.6 times its size', () => {
    const f = mapFrame({ xmin: 0, ymin: 0, xmax: 100, ymax: 40 }, 1.65);
    expect((f.xmin + f.xmax) / 2).toBeCloseTo(50, 1);
    expect((f.ymin + f.ymax) / 2).toBeCloseTo(20, 1);
    expect(f.xmax - f.xmin).toBeCloseTo(260, 1);
    expect((f.xmax - f.xmin) / (f.ymax - f.ymin)).toBeCloseTo(1.65, 2);
  });

  it('widens the frame for a tall parcel and keeps a minimum width for a tiny one', () => {
    const tall = mapFrame({ xmin: 0, ymin: 0, xmax: 10, ymax: 100 }, 2);
    expect(tall.ymax - tall.ymin).toBeCloseTo(260, 0);
    const tiny = mapFrame({ xmin: 0, ymin: 0, xmax: 5, ymax: 5 }, 1.5);
    expect(tiny.xmax - tiny.xmin).toBeCloseTo(90, 1);
  });
});

describe('polygons', () => {
  it('computes the area without holes and finds a label point inside a ring', () => {
    const ring: Polygon = [square(0, 0, 100, 100), square(20, 20, 80, 80)];
    expect(polygonArea(ring)).toBeCloseTo(10000 - 3600, 6);
    const p = labelPoint(ring)!;
    expect(insidePolygon(p, ring)).toBe(true);
  });

  it('reads Polygon, MultiPolygon and collections; ignores lines', () => {
    expect(toPolygons({ type: 'Polygon', coordinates: [square(0, 0, 1, 1)] })).toHaveLength(1);
    expect(
      toPolygons({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(2, 2, 3, 3)]] }),
    ).toHaveLength(2);
    expect(toPolygons({ type: 'LineString', coordinates: [] })).toEqual([]);
  });
});

describe('scale', () => {
  it('picks round scale-bar lengths and a rounded scale', () => {
    expect(niceLength(23)).toBe(20);
    expect(niceLength(70)).toBe(50);
    expect(niceLength(0.13)).toBeCloseTo(0.1, 10);
    // 495 pt = 174.6 mm showing 174.6 m: 1:1000.
    expect(scaleDenominator(174.625, 495)).toBe(1000);
  });
});
