import { describe, expect, it } from 'vitest';
import { checkPlausible, parseSrs, reprojectGeometry, srsOfGeojson } from './crs.ts';
import { fromStereo70, toStereo70 } from './stereo70.ts';

describe('stereo70', () => {
  // Control point computed with PROJ (cs2cs EPSG:4326 → EPSG:3844).
  it('maps 46.7712 N 23.6236 E to E 395015.356 N 586651.126 within 1 mm', () => {
    const [e, n] = toStereo70([23.6236, 46.7712]);
    expect(e).toBeCloseTo(395015.356, 3);
    expect(n).toBeCloseTo(586651.126, 3);
  });

  it('round-trips to the same degrees', () => {
    const [lon, lat] = fromStereo70(toStereo70([27.5, 44.2]));
    expect(lon).toBeCloseTo(27.5, 7);
    expect(lat).toBeCloseTo(44.2, 7);
  });
});

describe('parseSrs', () => {
  it.each([
    ['EPSG:3844', 'EPSG:3844'],
    ['urn:ogc:def:crs:EPSG::3844', 'EPSG:3844'],
    ['http://www.opengis.net/def/crs/EPSG/0/3844', 'EPSG:3844'],
    ['EPSG:31700', 'EPSG:3844'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['EPSG:4326', 'EPSG:4326'],
  ])('reads %s as %s', (name, srs) => {
    expect(parseSrs(name)).toBe(srs);
  });

  it('refuses an unknown code', () => {
    expect(parseSrs('EPSG:2154')).toBeUndefined();
  });

  it('takes EPSG:4326 when GeoJSON declares nothing', () => {
    expect(srsOfGeojson(undefined)).toBe('EPSG:4326');
  });
});

describe('checkPlausible', () => {
  it('says degrees declared as Stereo 70 look like degrees', () => {
    const msg = checkPlausible({ type: 'Point', coordinates: [23.6, 46.7] }, 'EPSG:3844');
    expect(msg).toMatch(/looks like longitude\/latitude degrees/);
  });

  it('says metres declared as WGS84 look like Stereo 70', () => {
    const msg = checkPlausible({ type: 'Point', coordinates: [395015, 586651] }, 'EPSG:4326');
    expect(msg).toMatch(/looks like Stereo 70 metres/);
  });

  it('accepts Cluj in either system', () => {
    expect(checkPlausible({ type: 'Point', coordinates: [23.6, 46.7] }, 'EPSG:4326')).toBeUndefined();
    expect(checkPlausible({ type: 'Point', coordinates: [395015, 586651] }, 'EPSG:3844')).toBeUndefined();
  });
});

describe('reprojectGeometry', () => {
  it('reprojects every vertex of a polygon', () => {
    const g = reprojectGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [23.6236, 46.7712],
            [23.63, 46.7712],
            [23.63, 46.78],
            [23.6236, 46.7712],
          ],
        ],
      },
      'EPSG:4326',
    );
    const first = (g.coordinates as number[][][])[0]![0]!;
    expect(first[0]).toBeCloseTo(395015.356, 3);
    expect(first[1]).toBeCloseTo(586651.126, 3);
  });
});
