import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { STEREO70_PROJ4, fromStereo70, toStereo70 } from './stereo70.ts';
import { PROJ_CONTROL_POINTS } from './proj-control-points.ts';

// Control point computed by PROJ (EPSG:4326 → EPSG:3844); proj4js must agree to the millimetre.
const CONTROL = { lon: 23.6236, lat: 46.7712, e: 395015.356, n: 586651.126 };

describe('crs/stereo70', () => {
  it.each(PROJ_CONTROL_POINTS)('agrees with PROJ (cs2cs) to 1 cm at $place', (p) => {
    const [e, n] = toStereo70([p.lon, p.lat]);
    expect(Math.abs(e - p.e)).toBeLessThan(0.01);
    expect(Math.abs(n - p.n)).toBeLessThan(0.01);
    const [lon, lat] = fromStereo70([p.e, p.n]);
    // 1e-7 degrees is about 1 cm
    expect(Math.abs(lon - p.lon)).toBeLessThan(1e-7);
    expect(Math.abs(lat - p.lat)).toBeLessThan(1e-7);
  });

  it('maps the control point to PROJ within 1 mm', () => {
    const [e, n] = toStereo70([CONTROL.lon, CONTROL.lat]);
    expect(Math.abs(e - CONTROL.e)).toBeLessThan(0.001);
    expect(Math.abs(n - CONTROL.n)).toBeLessThan(0.001);
  });

  it('inverts back to WGS84', () => {
    const [lon, lat] = fromStereo70([CONTROL.e, CONTROL.n]);
    expect(lon).toBeCloseTo(CONTROL.lon, 7);
    expect(lat).toBeCloseTo(CONTROL.lat, 7);
  });

  it('uses the position-vector rotations (the copied coordinate-frame string is ~38 m off)', () => {
    expect(STEREO70_PROJ4).toContain('+towgs84=2.329,-147.042,-92.08,-0.309,0.325,0.497,5.69');
    const wrong = STEREO70_PROJ4.replace('-0.309,0.325,0.497', '0.309,-0.325,-0.497');
    const [e, n] = proj4('EPSG:4326', wrong, [CONTROL.lon, CONTROL.lat]);
    expect(Math.hypot(e - CONTROL.e, n - CONTROL.n)).toBeGreaterThan(30);
  });

  it('registers EPSG:3844 and the deprecated alias EPSG:31700', () => {
    for (const code of ['EPSG:3844', 'EPSG:31700']) {
      const [e, n] = proj4('EPSG:4326', code, [CONTROL.lon, CONTROL.lat]);
      expect(e).toBeCloseTo(CONTROL.e, 3);
      expect(n).toBeCloseTo(CONTROL.n, 3);
    }
  });
});
