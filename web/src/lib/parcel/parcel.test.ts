import { describe, expect, it } from 'vitest';
import {
  asAreaGeometry,
  asBbox,
  bboxOf,
  flag,
  insidePolygon,
  interiorPoint,
  parcelFromProperties,
  uniqueById,
  zoningFromProperties,
  type AreaGeometry,
  type PolygonCoords,
} from './parcel.ts';

const square = (x0: number, y0: number, x1: number, y1: number) =>
  [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ] as const;

describe('parcelFromProperties', () => {
  it('reads the tile attributes of a parcel', () => {
    const parcel = parcelFromProperties(
      {
        id: 7,
        uat_siruta: 54975,
        cadastral_number: '275123',
        land_book_number: '275123',
        intravilan: true,
        land_use: 'CC',
        area_official_m2: 512.5,
        address: 'Str. Memorandumului nr. 28',
      },
      7,
    );
    expect(parcel).toEqual({
      id: 7,
      uatSiruta: 54975,
      cadastralNumber: '275123',
      landBookNumber: '275123',
      intravilan: true,
      landUse: 'CC',
      areaOfficialM2: 512.5,
      address: 'Str. Memorandumului nr. 28',
    });
  });

  it('takes the id from the properties when the feature has none, and nulls what is missing', () => {
    const parcel = parcelFromProperties({ id: '12', cadastral_number: 4001, area_official_m2: '' });
    expect(parcel).toMatchObject({
      id: '12',
      cadastralNumber: '4001',
      areaOfficialM2: null,
      intravilan: null,
      address: null,
      uatSiruta: null,
    });
  });

  it('refuses a feature without a cadastral number', () => {
    expect(parcelFromProperties({ id: 1 })).toBeNull();
  });
});

describe('flag', () => {
  it('understands booleans as different encoders write them', () => {
    expect([true, 't', 'true', 1, '1'].map(flag)).toEqual([true, true, true, true, true]);
    expect([false, 'f', 'false', 0, '0'].map(flag)).toEqual([false, false, false, false, false]);
    expect([null, undefined, 'da'].map(flag)).toEqual([null, null, null]);
  });
});

describe('zoningFromProperties', () => {
  it('reads the regulation values, and keeps the code and group the legend classifies by (no class of its own)', () => {
    const unit = zoningFromProperties({
      id: 3,
      code: 'Liu',
      plan_code: 'PUG',
      zone_group: 'L - ZONA DE LOCUINȚE',
      pot_max_pct: 35,
      cut_max: '0.9',
      height_max_m: 8,
    });
    expect(unit).toMatchObject({
      code: 'Liu',
      zoneGroup: 'L - ZONA DE LOCUINȚE',
      potMaxPct: 35,
      cutMax: 0.9,
      heightMaxM: 8,
    });
    expect(unit).not.toHaveProperty('classId');
  });
});

describe('uniqueById', () => {
  it('keeps one copy of a feature cut by tile borders, and tells 1 from "1"', () => {
    const items = [{ id: 1 }, null, { id: 1 }, { id: '1' }, { id: 2 }];
    expect(uniqueById(items)).toEqual([{ id: 1 }, { id: '1' }, { id: 2 }]);
  });
});

describe('geometry helpers', () => {
  it('accepts Polygon and MultiPolygon and refuses anything else', () => {
    expect(asAreaGeometry({ type: 'Polygon', coordinates: square(0, 0, 1, 1) })?.type).toBe('Polygon');
    expect(asAreaGeometry({ type: 'MultiPolygon', coordinates: [square(0, 0, 1, 1)] })?.type).toBe('MultiPolygon');
    expect(asAreaGeometry({ type: 'Point', coordinates: [0, 0] })).toBeNull();
    expect(asAreaGeometry({ type: 'Polygon', coordinates: [[[0, 0]]] })).toBeNull();
    expect(asAreaGeometry(null)).toBeNull();
  });

  it('accepts only an ordered bbox of four numbers', () => {
    expect(asBbox([23.5, 46.7, 23.6, 46.8])).toEqual([23.5, 46.7, 23.6, 46.8]);
    expect(asBbox([23.6, 46.7, 23.5, 46.8])).toBeNull();
    expect(asBbox([1, 2, 3])).toBeNull();
    expect(asBbox('1,2,3,4')).toBeNull();
  });

  it('computes the bbox of a multipolygon', () => {
    const geometry: AreaGeometry = { type: 'MultiPolygon', coordinates: [square(0, 0, 1, 1), square(5, -2, 6, 3)] };
    expect(bboxOf(geometry)).toEqual([0, -2, 6, 3]);
  });
});

describe('interiorPoint', () => {
  const check = (geometry: AreaGeometry) => {
    const point = interiorPoint(geometry);
    expect(point).not.toBeNull();
    const polygons: readonly PolygonCoords[] =
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    expect(polygons.some((p) => insidePolygon(point!, p))).toBe(true);
    return point!;
  };

  it('returns the bbox centre of a convex parcel', () => {
    const [x, y] = check({ type: 'Polygon', coordinates: square(23.5, 46.7, 23.51, 46.71) });
    expect(x).toBeCloseTo(23.505, 6);
    expect(y).toBeCloseTo(46.705, 6);
  });

  it('finds a point inside a U-shaped parcel whose bbox centre is outside', () => {
    const u: PolygonCoords = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    expect(insidePolygon([1.5, 1.5], u)).toBe(false);
    check({ type: 'Polygon', coordinates: u });
  });

  it('avoids the hole of a ring-shaped parcel', () => {
    const ring: PolygonCoords = [...square(0, 0, 4, 4), ...square(1, 1, 3, 3)];
    check({ type: 'Polygon', coordinates: ring });
  });

  it('uses the largest part of a multipolygon', () => {
    const [x] = check({ type: 'MultiPolygon', coordinates: [square(0, 0, 1, 1), square(10, 0, 20, 10)] });
    expect(x).toBeGreaterThan(10);
  });
});
