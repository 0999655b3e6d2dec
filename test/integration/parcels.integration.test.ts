// Issue 4: the zoning answer for hand-made parcels (test/fixtures/issue-4-floresti/README.md has the arithmetic).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { FLORESTI } from '../support/fixtures.ts';
import { testDb } from '../support/db.ts';
import { lookupBatchStats, parcelLookup } from '../../db/src/parcels.repository.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Zone {
  code: string;
  area_m2: number;
  share_pct: number;
  plan: { code: string; kind: string; hcl_number: string | null };
  envelope: { max_footprint_m2: number | null; max_gross_floor_area_m2: number | null; max_height_m: number | null };
  regulations: { pot_max_pct: number | null; cut_max: number | null; permitted_uses: string[] };
}
interface Answer {
  cadastral_number: string;
  area_m2: number;
  intravilan: boolean;
  geometry: { type: string; coordinates: number[][][][] };
  zoning: {
    units: Zone[];
    not_zoned: { area_m2: number; share_pct: number } | null;
    boundary_noise: { code: string; area_m2: number; share_pct: number }[];
    overridden: { code: string; area_m2: number; by: string[] }[];
    total_share_pct: number;
    envelope: { max_footprint_m2: number | null; max_gross_floor_area_m2: number | null; max_height_m: number | null };
    plans: { code: string; kind: string; role: string; hcl_number: string; hcl_date: string; share_pct: number }[];
    restrictions: { kind: string; area_m2: number; share_pct: number }[];
  };
  data_versions: { id: number; layer: string }[];
}

async function parcel(number: string, at?: string): Promise<Answer> {
  const res = await fetch(`${server.baseUrl}/api/parcels?uat=${FLORESTI}&number=${number}${at ? `&at=${at}` : ''}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
}

const byCode = (a: Answer) => Object.fromEntries(a.zoning.units.map((u) => [u.code, u]));

describe('GET /api/parcels', () => {
  it('splits a parcel across two UTRs with exact shares and the development envelope', async () => {
    const a = await parcel('100001');
    expect(a.area_m2).toBeCloseTo(4000, 2);
    const z = byCode(a);
    expect(Object.keys(z).sort()).toEqual(['Liu', 'M3']);
    expect(z.Liu!.area_m2).toBeCloseTo(1600, 2);
    expect(z.Liu!.share_pct).toBeCloseTo(40, 2);
    expect(z.M3!.area_m2).toBeCloseTo(2400, 2);
    expect(z.M3!.share_pct).toBeCloseTo(60, 2);
    expect(a.zoning.total_share_pct).toBeCloseTo(100, 2);
    expect(Math.abs(a.zoning.total_share_pct - 100)).toBeLessThanOrEqual(0.01);
    expect(z.Liu!.envelope).toEqual({ max_footprint_m2: 560, max_gross_floor_area_m2: 1440, max_height_m: 8 });
    expect(z.M3!.envelope).toEqual({ max_footprint_m2: 960, max_gross_floor_area_m2: 4800, max_height_m: 22 });
    expect(a.zoning.envelope).toEqual({ max_footprint_m2: 1520, max_gross_floor_area_m2: 6240, max_height_m: 8 });
    expect(z.Liu!.regulations.permitted_uses).toEqual(['locuințe individuale']);
    expect(a.zoning.plans.map((p) => [p.code, p.role])).toEqual([['PUG-57706-2010', 'base']]);
  });

  it('lets a PUZ in force override the PUG on the area it covers, and only from its approval', async () => {
    const before = await parcel('100002', '2025-06-30');
    expect(before.zoning.units.map((u) => [u.code, u.share_pct])).toEqual([['M3', 100]]);
    expect(before.zoning.plans.map((p) => p.code)).toEqual(['PUG-57706-2010']);

    const after = await parcel('100002', '2025-07-01');
    const z = byCode(after);
    expect(z.Lc_PUZ!.share_pct).toBeCloseTo(50, 2);
    expect(z.Lc_PUZ!.plan).toMatchObject({ code: 'PUZ-57706-2025-001', kind: 'PUZ', hcl_number: '45' });
    expect(z.Lc_PUZ!.envelope).toEqual({ max_footprint_m2: 600, max_gross_floor_area_m2: 3000, max_height_m: 15 });
    expect(z.M3!.share_pct).toBeCloseTo(50, 2);
    expect(after.zoning.overridden).toEqual([
      expect.objectContaining({ code: 'M3', by: ['PUZ-57706-2025-001'], area_m2: 2000 }),
    ]);
    expect(after.zoning.plans.find((p) => p.code === 'PUZ-57706-2025-001')).toMatchObject({
      role: 'overrides',
      hcl_number: '45',
      hcl_date: '2025-06-30',
      share_pct: 50,
    });
    expect(after.zoning.total_share_pct).toBeCloseTo(100, 2);
  });

  it('reports a protected area with its share', async () => {
    const a = await parcel('100003');
    expect(a.zoning.units.map((u) => [u.code, u.share_pct])).toEqual([['Liu', 100]]);
    expect(a.zoning.restrictions).toEqual([
      expect.objectContaining({ kind: 'protected_area', area_m2: 1600, share_pct: 80 }),
    ]);
  });

  it('computes the area of a parcel with a hole without the hole', async () => {
    const a = await parcel('100004');
    expect(a.area_m2).toBeCloseTo(8400, 2);
    expect(a.geometry.coordinates[0]).toHaveLength(2);
    expect(byCode(a).Liu!.area_m2).toBeCloseTo(8400, 2);
    expect(byCode(a).Liu!.share_pct).toBeCloseTo(100, 2);
    expect(a.zoning.envelope.max_footprint_m2).toBeCloseTo(2940, 2);
  });

  it('reports the part of an extravilan parcel outside any plan as not zoned', async () => {
    const a = await parcel('100006');
    expect(a.intravilan).toBe(false);
    expect(a.zoning.units.map((u) => [u.code, u.share_pct])).toEqual([['M3', 25]]);
    expect(a.zoning.not_zoned).toEqual({ area_m2: 3000, share_pct: 75 });
    expect(a.zoning.total_share_pct).toBeCloseTo(100, 2);
  });

  it('lists slivers apart as boundary noise', async () => {
    const a = await parcel('100007');
    expect(a.zoning.units.map((u) => u.code)).toEqual(['M3']);
    expect(a.zoning.boundary_noise).toEqual([expect.objectContaining({ code: 'Liu', area_m2: 8, share_pct: 0.2 })]);
    expect(a.zoning.total_share_pct).toBeCloseTo(100, 2);
  });

  it('names the dataset versions it used', async () => {
    const a = await parcel('100001');
    expect(a.data_versions.map((v) => v.layer).sort()).toEqual(['parcels', 'plans', 'zoning']);
  });

  it.each([
    ['uat=abc&number=1', 400, 'uat'],
    ['uat=99999&number=1', 404, 'uat'],
    [`uat=${FLORESTI}&number=999999`, 404, 'number'],
    [`uat=${FLORESTI}&number=1%27%20OR%201%3D1`, 400, 'number'],
    [`uat=${FLORESTI}&number=100001&at=2025-02-30`, 400, 'at'],
    [`number=100001`, 400, 'uat'],
  ])('answers ?%s with %i naming %s', async (qs, status, parameter) => {
    const res = await fetch(`${server.baseUrl}/api/parcels?${qs}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status, parameter });
  });
});

describe('GET /api/parcels/at', () => {
  it('finds the parcel under a point', async () => {
    const first = await parcel('100001');
    const ring = first.geometry.coordinates[0]![0]!;
    const lon = (ring[0]![0]! + ring[2]![0]!) / 2;
    const lat = (ring[0]![1]! + ring[2]![1]!) / 2;
    const res = await fetch(`${server.baseUrl}/api/parcels/at?lon=${lon}&lat=${lat}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Answer).cadastral_number).toBe('100001');
  });

  it.each([
    ['lon=2&lat=46.7', 'lon'],
    ['lon=23.6&lat=x', 'lat'],
    ['lon=23.6', 'lat'],
  ])('answers ?%s with 400 naming %s', async (qs, parameter) => {
    const res = await fetch(`${server.baseUrl}/api/parcels/at?${qs}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ parameter });
  });
});

describe('concurrent lookups', () => {
  it('share statements and still answer each request with its own parcel', async () => {
    const db = await testDb();
    const day = new Date().toISOString().slice(0, 10);
    const first = await parcel('100001');
    const ring = first.geometry.coordinates[0]![0]!;
    const point = { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 };
    const asks = [
      ...['100001', '100002', '100003', '100004', '100005', '100006', '999999', "1' OR 1=1"].map((number) => ({
        uat: FLORESTI,
        number,
      })),
      point,
      { lon: 23.3, lat: 46.1 },
    ];
    const alone = [];
    for (const by of asks) alone.push(await parcelLookup(db, by, undefined, day));
    expect(alone.map((r) => r?.cadastral_number)).toEqual([
      ...['100001', '100002', '100003', '100004', '100005', '100006'],
      undefined,
      undefined,
      '100001',
      undefined,
    ]);

    const before = lookupBatchStats(db);
    const twice = [...asks, ...asks, ...asks];
    const together = await Promise.all(twice.map((by) => parcelLookup(db, by, undefined, day)));
    const after = lookupBatchStats(db);
    expect(after.lookups - before.lookups).toBe(twice.length);
    expect(after.batches - before.batches).toBeLessThan(twice.length);
    expect(together).toEqual([...alone, ...alone, ...alone]);

    // As of a date: a group of its own, answered for that day.
    const past = await Promise.all(
      ['100001', '100002'].map((number) =>
        parcelLookup(db, { uat: FLORESTI, number }, '2000-01-01T23:59:59.999Z', '2000-01-01'),
      ),
    );
    expect(past).toEqual([undefined, undefined]);
  });
});

describe('GET /api/parcels/search', () => {
  it('completes a cadastral number prefix, within a UAT given by SIRUTA or by name', async () => {
    const bySiruta = (await (await fetch(`${server.baseUrl}/api/parcels/search?q=${FLORESTI}/10000`)).json()) as {
      results: { cadastral_number: string; uat_siruta: number }[];
    };
    expect(bySiruta.results.map((r) => r.cadastral_number)).toEqual([
      '100001',
      '100002',
      '100003',
      '100004',
      '100005',
      '100006',
      '100007',
    ]);
    const byName = (await (
      await fetch(`${server.baseUrl}/api/parcels/search?q=${encodeURIComponent('Florești 1000')}`)
    ).json()) as {
      results: unknown[];
    };
    expect(byName.results).toHaveLength(7);
  });

  it('returns at most 20 results', async () => {
    const r = (await (await fetch(`${server.baseUrl}/api/parcels/search?q=2`)).json()) as { results: unknown[] };
    expect(r.results.length).toBeLessThanOrEqual(20);
  });
});
