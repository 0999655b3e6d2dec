import { describe, expect, it } from 'vitest';
import { fromStereo70 } from './stereo70.ts';
import { PROJ_CONTROL_POINTS } from './proj-control-points.ts';
import { WebMercatorGrid, stereo70ToWebMercator } from './web-mercator.ts';

/** EPSG:4326 → EPSG:3857 (the spherical Mercator). */
const mercator = (lon: number, lat: number) => [
  (6378137 * lon * Math.PI) / 180,
  6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)),
];

describe('crs/web-mercator', () => {
  it('maps the Cluj-Napoca control point as PostGIS does (ST_Transform to EPSG:3857) within 1 mm', () => {
    const out = new Float64Array(2);
    expect(stereo70ToWebMercator(395015.356, 586651.126, out, 0)).toBe(true);
    // SELECT ST_AsText(ST_Transform(ST_SetSRID(ST_MakePoint(395015.356, 586651.126), 3844), 3857), 6)
    expect(Math.abs(out[0]! - 2629767.124171)).toBeLessThan(0.001);
    expect(Math.abs(out[1]! - 5904807.726615)).toBeLessThan(0.001);
  });

  it.each(PROJ_CONTROL_POINTS)('agrees with the proj4js path (Stereo 70 → WGS84 → Mercator) at $place', (p) => {
    const out = new Float64Array(2);
    stereo70ToWebMercator(p.e, p.n, out, 0);
    const [x, y] = mercator(...fromStereo70([p.e, p.n]));
    expect(Math.abs(out[0]! - x!)).toBeLessThan(0.001);
    expect(Math.abs(out[1]! - y!)).toBeLessThan(0.001);
  });

  it('interpolates on its grid within 0.2 mm of the exact conversion', () => {
    const grid = new WebMercatorGrid();
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i < 5000; i++) {
      const e = 200000 + ((i * 7919) % 650000) + (i % 97) * 0.37;
      const n = 250000 + ((i * 104729) % 500000) + (i % 89) * 0.53;
      grid.project(e, n, a, 0);
      stereo70ToWebMercator(e, n, b, 0);
      worst = Math.max(worst, Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!));
    }
    expect(worst).toBeLessThan(0.0002);
  });
});
