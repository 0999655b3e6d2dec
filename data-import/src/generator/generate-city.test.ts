import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStereo70 } from '../crs/stereo70.ts';
import { CITY_CENTRE_WGS84, pointInPolygons } from './city-layout.ts';
import type { GeneratedDataset } from './generate-city.ts';
import { generateCity } from './generate-city.ts';
import type { Pt } from './geometry.ts';
import { multiPolygonInvalidReason, polygonsOverlap, ringArea } from './geometry.ts';
import { loadInputs } from './load-inputs.ts';
import { PERMITS_FROM, PERMITS_TO } from './permits.ts';
import { hashDataset, writeDataset } from './write-dataset.ts';
import { PUG_CODE } from './zoning.ts';

type Coords = MultiPolygon['coordinates'];

const bboxOf = (c: Coords): [number, number, number, number] => {
  let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of c)
    for (const [x, y] of poly[0] ?? [])
      b = [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)];
  return b;
};
const asPolys = (c: Coords): Pt[][][] =>
  c.map((poly) => poly.map((r) => r.slice(0, -1).map((p): Pt => [p[0]!, p[1]!])));
const area = (c: Coords): number =>
  c.reduce((s, poly) => s + poly.reduce((t, r) => t + ringArea(r.slice(0, -1) as Pt[]), 0), 0);

/** points just inside a parcel: each exterior vertex moved 5 % towards the centroid */
function probes(c: Coords): Pt[] {
  const ext = (c[0]?.[0] ?? []).slice(0, -1) as Pt[];
  const cx = ext.reduce((s, p) => s + p[0], 0) / ext.length;
  const cy = ext.reduce((s, p) => s + p[1], 0) / ext.length;
  return ext.map((p): Pt => [p[0] + 0.05 * (cx - p[0]), p[1] + 0.05 * (cy - p[1])]);
}

/** which of the polygons holds each point (index or -1), bbox-filtered */
function locate(points: Pt[], polys: { bbox: number[]; polys: Pt[][][] }[]): number[] {
  return points.map((p) =>
    polys.findIndex(
      (z) =>
        p[0] >= z.bbox[0]! &&
        p[0] <= z.bbox[2]! &&
        p[1] >= z.bbox[1]! &&
        p[1] <= z.bbox[3]! &&
        pointInPolygons(p, z.polys),
    ),
  );
}

describe('generator/generate-city', () => {
  let ds: GeneratedDataset;
  beforeAll(() => {
    ds = generateCity({ seed: 42, parcels: 6000 });
  }, 60000);

  it('pins the Stereo 70 control point the generator reprojects with', () => {
    const [e, n] = toStereo70([23.6236, 46.7712]);
    expect(e).toBeCloseTo(395015.356, 3);
    expect(n).toBeCloseTo(586651.126, 3);
  });

  it('produces the requested counts', () => {
    expect(ds.parcels.features).toHaveLength(6000);
    expect(ds.permits.features).toHaveLength(800);
    expect(ds.plans.features.filter((f) => f.properties.kind === 'PUG')).toHaveLength(1);
    expect(ds.plans.features.length - 1).toBeGreaterThanOrEqual(5);
    expect(ds.plans.features.length - 1).toBeLessThanOrEqual(8);
    const kinds = ds.restrictions.features.map((f) => f.properties.kind);
    // The historic centre is a protected built area (Law 422/2001), not a natural protected area.
    expect(kinds.filter((k) => k === 'built_heritage_zone')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'protected_area')).toHaveLength(0);
    expect(kinds.filter((k) => k === 'flood_zone')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'utility_corridor')).toHaveLength(1);
    const monuments = kinds.filter((k) => k === 'monument_zone').length;
    expect(monuments).toBeGreaterThanOrEqual(10);
    expect(monuments).toBeLessThanOrEqual(20);
    expect(ds.indicators.population).toHaveLength(81 * 26);
    expect(ds.indicators.dwellings).toHaveLength(81 * 26);
  });

  it('gives unique, realistic cadastral numbers', () => {
    const numbers = ds.parcels.features.map((f) => f.properties.cadastral_number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(/^\d{5,6}$/);
    expect(numbers.filter((n) => n.length === 6).length).toBeGreaterThan(numbers.length * 0.7);
    expect(numbers.some((n) => n.length === 5)).toBe(true);
  });

  it('writes valid polygons only (closed, CCW exterior, 1 cm, no self-intersection)', () => {
    for (const layer of [ds.parcels, ds.zoning, ds.plans, ds.restrictions] as {
      features: { geometry: MultiPolygon }[];
    }[]) {
      for (const [i, f] of layer.features.entries()) {
        const reason = multiPolygonInvalidReason(f.geometry.coordinates);
        if (reason) throw new Error(`feature ${i}: ${reason}`);
        const offGrid = f.geometry.coordinates.flat(3).filter((v) => Math.round(v * 100) / 100 !== v);
        if (offGrid.length) throw new Error(`feature ${i}: not rounded to 1 cm: ${offGrid[0]}`);
      }
    }
  });

  it('keeps every parcel inside the real city boundary', () => {
    const boundary = loadInputs().cityBoundary;
    const outside = ds.parcels.features.flatMap((f) =>
      (f.geometry.coordinates[0]?.[0] ?? []).filter((p) => !pointInPolygons(p as Pt, boundary)),
    );
    expect(outside).toEqual([]);
  });

  it('sizes intravilan lots 200–2,000 m² and extravilan lots 2,000–20,000 m²', () => {
    const intra = ds.parcels.features.filter((f) => f.properties.intravilan);
    const extra = ds.parcels.features.filter((f) => !f.properties.intravilan);
    expect(intra.length).toBeGreaterThan(5000);
    expect(extra.length).toBeGreaterThan(100);
    const badIntra = intra.filter((f) => {
      const p = f.properties;
      const a = area(f.geometry.coordinates);
      return !(
        p.area_official_m2 >= 200 &&
        p.area_official_m2 <= 2000 &&
        a >= 200 &&
        a <= 2000 &&
        Math.abs(p.area_official_m2 / a - 1) < 0.012 &&
        /^\S.* nr\. \d+A?$/.test(p.address ?? '')
      );
    });
    expect(badIntra.map((f) => f.properties)).toEqual([]);
    const badExtra = extra.filter((f) => {
      const p = f.properties;
      return !(
        p.area_official_m2 >= 2000 &&
        p.area_official_m2 <= 20000 &&
        ['A', 'P', 'F', 'L'].includes(p.land_use) &&
        p.address === null
      );
    });
    expect(badExtra.map((f) => f.properties)).toEqual([]);
    expect(intra.filter((f) => f.properties.land_use === 'CC').length).toBeGreaterThan(intra.length * 0.9);
  });

  it('has parcels with a hole, each hole filled by an enclave parcel', () => {
    const holed = ds.parcels.features.filter((f) => (f.geometry.coordinates[0]?.length ?? 0) > 1);
    expect(holed.length).toBeGreaterThanOrEqual(8);
    const key = (ring: number[][]): string =>
      ring
        .slice(0, -1)
        .map((p) => p.join(','))
        .sort()
        .join(';');
    const exteriors = new Set(ds.parcels.features.map((f) => key(f.geometry.coordinates[0]?.[0] ?? [])));
    for (const f of holed) expect(exteriors.has(key(f.geometry.coordinates[0]?.[1] ?? []))).toBe(true);
  });

  it('has no overlapping parcels (sweep over the bboxes)', () => {
    const items = ds.parcels.features.map((f) => ({ c: f.geometry.coordinates, b: bboxOf(f.geometry.coordinates) }));
    items.sort((p, q) => p.b[0] - q.b[0]);
    let pairs = 0;
    for (let i = 0; i < items.length; i++) {
      const a = items[i]!;
      for (let j = i + 1; j < items.length && items[j]!.b[0] < a.b[2]; j++) {
        const b = items[j]!;
        if (b.b[1] >= a.b[3] || b.b[3] <= a.b[1]) continue;
        pairs++;
        if (polygonsOverlap(a.c[0]!, b.c[0]!)) throw new Error(`parcels overlap at ${a.c[0]![0]![0]}`);
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('partitions the intravilan into PUG zones with the real UTR codes and values', () => {
    const utrs = new Map(loadInputs().utrs.map((u) => [u.code, u]));
    const pug = ds.zoning.features.filter((f) => f.properties.plan_code === PUG_CODE);
    expect(pug.length).toBeGreaterThan(100);
    for (const z of pug) {
      const u = utrs.get(z.properties.code);
      expect(u, z.properties.code).toBeDefined();
      expect(z.properties.pot_max_pct).toBe(u?.potMaxPct);
      expect(z.properties.cut_max).toBe(u?.cutMax);
      expect(z.properties.height_max_m).toBe(u?.heightCorniceMaxM);
      expect(z.properties.height_total_max_m).toBe(u?.heightRidgeMaxM);
      expect(z.properties.permitted_uses.length).toBeGreaterThan(0);
    }
    const plan = ds.plans.features.find((f) => f.properties.kind === 'PUG');
    const planArea = area(plan!.geometry.coordinates);
    const zonesArea = pug.reduce((s, z) => s + area(z.geometry.coordinates), 0);
    expect(Math.abs(zonesArea / planArea - 1)).toBeLessThan(1e-6);
    // no two PUG zones overlap
    const items = pug.map((z) => ({ c: z.geometry.coordinates, b: bboxOf(z.geometry.coordinates) }));
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        if (a.b[0] >= b.b[2] || b.b[0] >= a.b[2] || a.b[1] >= b.b[3] || b.b[1] >= a.b[3]) continue;
        for (const pa of a.c) for (const pb of b.c) expect(polygonsOverlap(pa, pb)).toBe(false);
      }
    }
    // the old centre is protected (ZCP_*), the centre itself ZCP_C1
    const centre = toStereo70(CITY_CENTRE_WGS84);
    const atCentre = pug.find((z) => pointInPolygons(centre, asPolys(z.geometry.coordinates)));
    expect(atCentre?.properties.code).toBe('ZCP_C1');
    const codes = new Set(pug.map((z) => z.properties.code));
    for (const c of ['ZCP_C1', 'Liu', 'Lc_A', 'M1']) expect(codes.has(c), c).toBe(true);
    expect([...codes].some((c) => c.startsWith('U'))).toBe(true);
  });

  it('makes the PUG UTRs of whole blocks: every block and every lot lies in exactly one UTR', () => {
    const zones = ds.zoning.features
      .filter((f) => f.properties.plan_code === PUG_CODE)
      .map((f) => ({ bbox: bboxOf(f.geometry.coordinates), polys: asPolys(f.geometry.coordinates) }));
    const split = (c: Coords): boolean => {
      const hits = locate(probes(c), zones);
      return hits.includes(-1) || new Set(hits).size !== 1;
    };
    expect(ds.blocks.features.length).toBeGreaterThan(1000);
    expect(ds.blocks.features.filter((f) => split(f.geometry.coordinates)).map((f) => f.properties.code)).toEqual([]);
    const lots = ds.parcels.features.filter((f) => f.properties.intravilan);
    expect(lots.filter((f) => split(f.geometry.coordinates)).map((f) => f.properties.cadastral_number)).toEqual([]);
    // the river corridor is one green UTR
    expect(
      ds.zoning.features.filter((f) => f.properties.plan_code === PUG_CODE && f.properties.code === 'Ve'),
    ).toHaveLength(1);
  });

  it('draws every PUZ as at least 8 whole lots of one block, every PUD as 1–2 lots, their UTRs as whole lots', () => {
    const parcels = ds.parcels.features.map((f) => ({
      bbox: bboxOf(f.geometry.coordinates),
      polys: asPolys(f.geometry.coordinates),
      probes: probes(f.geometry.coordinates),
      area: area(f.geometry.coordinates),
    }));
    const blocks = ds.blocks.features.map((f) => ({
      bbox: bboxOf(f.geometry.coordinates),
      polys: asPolys(f.geometry.coordinates),
    }));
    /** the parcels a plan or zone holds; fails when one is only partly inside or the areas differ */
    const wholeLots = (c: Coords, label: string): number[] => {
      const shape = [{ bbox: bboxOf(c), polys: asPolys(c) }];
      const b = shape[0]!.bbox;
      const inside: number[] = [];
      parcels.forEach((p, i) => {
        if (p.bbox[0] >= b[2] || p.bbox[2] <= b[0] || p.bbox[1] >= b[3] || p.bbox[3] <= b[1]) return;
        const hits = locate(p.probes, shape);
        if (hits.every((h) => h === 0)) inside.push(i);
        else
          expect(
            hits.every((h) => h === -1),
            `${label}: parcel ${i} partly inside`,
          ).toBe(true);
      });
      const sum = inside.reduce((s, i) => s + parcels[i]!.area, 0);
      expect(Math.abs(sum - area(c)), label).toBeLessThan(0.01);
      return inside;
    };
    const plans = ds.plans.features.filter((f) => f.properties.kind !== 'PUG');
    expect(plans.filter((f) => f.properties.kind === 'PUZ').length).toBe(5);
    expect(plans.filter((f) => f.properties.kind === 'PUD').length).toBe(2);
    for (const plan of plans) {
      const { kind, code } = plan.properties;
      const lots = wholeLots(plan.geometry.coordinates, code);
      if (kind === 'PUD') {
        expect(lots.length, code).toBeGreaterThanOrEqual(1);
        expect(lots.length, code).toBeLessThanOrEqual(2);
        continue;
      }
      expect(lots.length, code).toBeGreaterThanOrEqual(8);
      const inBlocks = new Set(lots.flatMap((i) => locate(parcels[i]!.probes, blocks)));
      expect(
        [...inBlocks].filter((x) => x >= 0),
        code,
      ).toHaveLength(1);
      const zoneLots = ds.zoning.features
        .filter((z) => z.properties.plan_code === code)
        .flatMap((z) => wholeLots(z.geometry.coordinates, `${code} ${z.properties.code}`));
      expect(
        zoneLots.sort((x, y) => x - y),
        code,
      ).toEqual(lots.sort((x, y) => x - y));
    }
    // the 2017 PUD's validity has ended (the tests of expired plans rely on one)
    const pud2017 = plans.find((f) => f.properties.kind === 'PUD' && f.properties.hcl_date.startsWith('2017'));
    expect(pud2017?.properties.in_force_to ?? '').toMatch(/^202[2-5]-/);
  });

  it('describes the PUG and the PUZ/PUD plans', () => {
    const plans = ds.plans.features.map((f) => f.properties);
    expect(plans.find((p) => p.kind === 'PUG')).toMatchObject({
      code: PUG_CODE,
      title: 'Planul Urbanistic General al municipiului Cluj-Napoca',
      hcl_number: '493',
      hcl_date: '2014-12-22',
      in_force_from: '2015-01-01',
      overrides_pug: false,
    });
    const others = plans.filter((p) => p.kind !== 'PUG');
    expect(others.some((p) => p.hcl_date >= '2025-01-01')).toBe(true);
    for (const p of others) {
      expect(p.code).toMatch(new RegExp(`^${p.kind}-54975-20\\d\\d-\\d{3}$`));
      expect(p.hcl_date >= '2016-01-01' && p.hcl_date <= '2026-12-31').toBe(true);
      expect(p.in_force_from).toBe(p.hcl_date);
      expect(p.overrides_pug).toBe(p.kind === 'PUZ');
      for (const d of p.documents) expect(d.url).toBeNull();
      if (p.kind === 'PUD') {
        const years = Number(p.in_force_to?.slice(0, 4)) - Number(p.hcl_date.slice(0, 4));
        expect(years).toBeGreaterThanOrEqual(5);
        expect(years).toBeLessThanOrEqual(10);
      } else {
        const zones = ds.zoning.features.filter((z) => z.properties.plan_code === p.code);
        expect(zones.length).toBeGreaterThanOrEqual(2);
        const planArea = area(ds.plans.features.find((f) => f.properties.code === p.code)!.geometry.coordinates);
        expect(zones.reduce((s, z) => s + area(z.geometry.coordinates), 0)).toBeCloseTo(planArea, 3);
      }
    }
  });

  it('lays the flood zone west–east through the city, north of Piața Unirii', () => {
    const flood = ds.restrictions.features.find((f) => f.properties.kind === 'flood_zone')!;
    const [cx, cy] = toStereo70(CITY_CENTRE_WGS84);
    const b = bboxOf(flood.geometry.coordinates);
    expect(b[2] - b[0]).toBeGreaterThan(10000);
    const polys = asPolys(flood.geometry.coordinates);
    const hits = [];
    for (let y = cy - 1500; y < cy + 1500; y += 10) if (pointInPolygons([cx, y], polys)) hits.push(y);
    expect(hits.length).toBeGreaterThan(0);
    expect(Math.min(...hits)).toBeGreaterThan(cy);
  });

  it('puts every kind of restriction over some parcels of the sample', () => {
    const pts = ds.parcels.features.map((f) => probes(f.geometry.coordinates));
    for (const kind of ['built_heritage_zone', 'monument_zone', 'flood_zone', 'utility_corridor']) {
      const zones = ds.restrictions.features
        .filter((f) => f.properties.kind === kind)
        .map((f) => ({ bbox: bboxOf(f.geometry.coordinates), polys: asPolys(f.geometry.coordinates) }));
      const hit = pts.filter((p) => locate(p, zones).some((i) => i >= 0)).length;
      expect(hit, kind).toBeGreaterThan(10);
    }
  });

  it('issues permits on parcels with unique numbers per kind and year', () => {
    const byCadastral = new Map(ds.parcels.features.map((f) => [f.properties.cadastral_number, f]));
    const seen = new Set<string>();
    for (const p of ds.permits.features) {
      const { kind, number, issued_on } = p.properties;
      expect(number).toMatch(/^\d+\/20\d\d$/);
      expect(number.endsWith(`/${issued_on.slice(0, 4)}`)).toBe(true);
      expect(seen.has(`${kind} ${number}`)).toBe(false);
      seen.add(`${kind} ${number}`);
      expect(issued_on >= PERMITS_FROM && issued_on <= PERMITS_TO).toBe(true);
      const parcel = byCadastral.get(p.properties.cadastral_number);
      expect(parcel).toBeDefined();
      expect(pointInPolygons(p.geometry.coordinates as Pt, asPolys(parcel!.geometry.coordinates))).toBe(true);
    }
    expect(new Set(ds.permits.features.map((p) => p.properties.kind))).toEqual(new Set(['CU', 'AC']));
  });

  it('makes plausible synthetic indicator series for every Cluj UAT', () => {
    const series = (code: 'population' | 'dwellings', siruta: number): number[] =>
      ds.indicators[code].filter((v) => v.siruta === siruta).map((v) => v.value);
    const cluj = series('population', 54975);
    expect(cluj).toHaveLength(26);
    expect(cluj[0]).toBeGreaterThan(290000);
    expect(cluj[25]).toBeLessThan(350000);
    expect(cluj[25]!).toBeGreaterThan(cluj[0]!);
    const dwellings = series('dwellings', 54975);
    expect(dwellings[25]).toBeGreaterThan(130000);
    expect(dwellings[25]).toBeLessThan(175000);
    const floresti = series('population', 57706);
    expect(floresti[25]! / floresti[0]!).toBeGreaterThan(4);
    const sirutas = new Set(ds.indicators.population.map((v) => v.siruta));
    expect(sirutas).toEqual(new Set(loadInputs().uats.map((u) => u.siruta)));
    for (const v of ds.indicators.population) expect(Number.isInteger(v.value) && v.value > 500).toBe(true);
    const communes = loadInputs()
      .uats.filter((u) => u.type === 'Comuna')
      .map((u) => series('population', u.siruta));
    expect(communes.some((s) => s[25]! < s[0]!)).toBe(true);
    expect(ds.indicators.meta.map((m) => m.code)).toEqual(['population', 'dwellings']);
    for (const m of ds.indicators.meta) expect(m.synthetic).toBe(true);
  });
});

describe('generator/write-dataset', () => {
  let dir: string;
  let small: GeneratedDataset;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-gen-'));
    small = generateCity({ seed: 7, parcels: 400 });
  }, 60000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is deterministic: same seed → same bytes, another seed → other bytes', () => {
    const a = hashDataset(small);
    const b = hashDataset(generateCity({ seed: 7, parcels: 400 }));
    const c = hashDataset(generateCity({ seed: 8, parcels: 400 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  }, 60000);

  it('writes GeoJSON with the legacy EPSG:3844 crs member and the indicator files', async () => {
    const files = await writeDataset(small, dir);
    expect(files.map((f) => f.path)).toEqual([
      'parcels.geojson',
      'zoning.geojson',
      'plans.geojson',
      'restrictions.geojson',
      'permits.geojson',
      'streets.geojson',
      'blocks.geojson',
      'indicators/population.csv',
      'indicators/dwellings.csv',
      'indicators/indicators.json',
    ]);
    expect(
      createHash('sha256')
        .update(await readFile(join(dir, 'parcels.geojson')))
        .digest('hex'),
    ).toBe(files[0]?.sha256);
    const parcels = JSON.parse(await readFile(join(dir, 'parcels.geojson'), 'utf8'));
    expect(parcels.type).toBe('FeatureCollection');
    expect(parcels.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3844' } });
    expect(parcels.features).toHaveLength(400);
    const csv = (await readFile(join(dir, 'indicators/population.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('siruta,year,value');
    expect(csv).toHaveLength(81 * 26 + 1);
    const meta = JSON.parse(await readFile(join(dir, 'indicators/indicators.json'), 'utf8'));
    expect(meta[0]).toMatchObject({ code: 'population', unit: 'persoane', synthetic: true });
  }, 60000);
});
