import { beforeAll, describe, expect, it } from 'vitest';
import { pointInPolygons, usableStreetNames } from './city-layout.ts';
import type { GeneratedDataset } from './generate-city.ts';
import { generateCity } from './generate-city.ts';
import type { Pt } from './geometry.ts';
import { multiPolygonInvalidReason } from './geometry.ts';
import { loadInputs } from './load-inputs.ts';
import { STREET_NAMES_SOURCE } from './streets.ts';

describe('generator/streets and blocks (the context under the map)', () => {
  let ds: GeneratedDataset;
  beforeAll(() => {
    ds = generateCity({ seed: 42, parcels: 6000 });
  }, 60000);

  it('has a street for every street name an address uses, named from the real (OSM) names', () => {
    const names = new Set(ds.streets.features.map((f) => f.properties.name));
    const real = new Set(usableStreetNames(loadInputs().streets));
    const used = new Set(
      ds.parcels.features.flatMap((f) => (f.properties.address ? [f.properties.address.replace(/ nr\. .*$/, '')] : [])),
    );
    expect(used.size).toBeGreaterThan(50);
    for (const street of used) expect(names.has(street), street).toBe(true);
    for (const f of ds.streets.features) {
      expect(f.properties.name_source).toBe(STREET_NAMES_SOURCE);
      expect(f.properties.synthetic).toBe(true);
      expect(real.has(f.properties.name), f.properties.name).toBe(true);
    }
    expect(ds.streets.features.filter((f) => f.properties.kind === 'cross').length).toBeGreaterThan(100);
  });

  it('draws streets as lines of at least 5 m inside the city boundary', () => {
    const boundary = loadInputs().cityBoundary;
    for (const f of ds.streets.features) {
      expect(f.geometry.type).toBe('MultiLineString');
      for (const line of f.geometry.coordinates) {
        expect(line.length).toBeGreaterThanOrEqual(2);
        const [a, b] = [line[0]!, line[line.length - 1]!];
        expect(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!)).toBeGreaterThanOrEqual(5);
        const mid: Pt = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
        expect(pointInPolygons(mid, boundary)).toBe(true);
      }
    }
  });

  it('runs streets between the blocks, never through one', () => {
    // The midpoint of every street segment lies outside every block (checked on a sample of 300 streets).
    const blocks = ds.blocks.features.map((f) =>
      f.geometry.coordinates.map((p) => p.map((r) => r.slice(0, -1) as Pt[])),
    );
    for (const f of ds.streets.features.slice(0, 300)) {
      for (const line of f.geometry.coordinates) {
        const [a, b] = [line[0]!, line[line.length - 1]!];
        const mid: Pt = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
        const inside = blocks.findIndex((polys) => pointInPolygons(mid, polys));
        expect(inside, `${f.properties.name} through block ${inside}`).toBe(-1);
      }
    }
  });

  it('has valid block polygons that hold the parcels of the intravilan', () => {
    expect(ds.blocks.features.length).toBeGreaterThan(1000);
    for (const f of ds.blocks.features) expect(multiPolygonInvalidReason(f.geometry.coordinates)).toBeNull();
    const codes = new Set(ds.blocks.features.map((f) => f.properties.code));
    expect(codes.size).toBe(ds.blocks.features.length);
  });

  it('is the same for the same seed', () => {
    const again = generateCity({ seed: 42, parcels: 200 });
    const once = generateCity({ seed: 42, parcels: 200 });
    expect(JSON.stringify(again.streets)).toBe(JSON.stringify(once.streets));
    expect(JSON.stringify(again.blocks)).toBe(JSON.stringify(once.blocks));
  }, 60000);
});
