import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDb } from '../support/db.ts';

const realUtrCodes = new Set(
  readFileSync(new URL('../../data-import/sample/real/cluj-pug-utr/cluj_pug_utr.csv', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0])
    .filter(Boolean),
);

describe('sample dataset', () => {
  it('holds the 3,186 real UAT boundaries of Romania, the 81 of Cluj County with true areas in Stereo 70', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ all: number; n: number; km2: number; total: number }>(
      `SELECT (SELECT count(*)::int FROM uats WHERE valid_to IS NULL) AS all, count(*)::int AS n,
              sum(ST_Area(geom)) FILTER (WHERE siruta = 54975) / 1e6 AS km2,
              sum(ST_Area(geom)) / 1e6 AS total
       FROM uats WHERE valid_to IS NULL AND county_code = 'CJ'`,
    );
    expect(rows[0]!.all).toBe(3186);
    expect(rows[0]!.n).toBe(81);
    expect(rows[0]!.km2).toBeCloseTo(178.5, 0);
    expect(rows[0]!.total).toBeGreaterThan(6600);
    expect(rows[0]!.total).toBeLessThan(6700);
  });

  it('places Piața Unirii inside Cluj-Napoca', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ name: string }>(
      `SELECT name FROM uats WHERE valid_to IS NULL
       AND ST_Contains(geom, ST_Transform(ST_SetSRID(ST_MakePoint(23.5897, 46.7693), 4326), 3844))`,
    );
    expect(rows.map((r) => r.name)).toEqual(['Cluj-Napoca']);
  });

  it('has 6,000 generated parcels inside Cluj-Napoca, unique by cadastral number, 200-2,000 m² in the intravilan', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ n: number; distinct_nr: number; outside: number; small: number; big: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT cadastral_number)::int AS distinct_nr,
              count(*) FILTER (WHERE NOT ST_Within(p.geom, ST_Buffer(u.geom, 1)))::int AS outside,
              count(*) FILTER (WHERE intravilan AND ST_Area(p.geom) < 199)::int AS small,
              count(*) FILTER (WHERE intravilan AND ST_Area(p.geom) > 2001)::int AS big
       FROM parcels p JOIN uats u ON u.siruta = p.uat_siruta AND u.valid_to IS NULL
       WHERE p.valid_to IS NULL AND p.uat_siruta = 54975`,
    );
    expect(rows[0]).toEqual({ n: 6000, distinct_nr: 6000, outside: 0, small: 0, big: 0 });
  });

  it('lays out zoning with the real UTR codes of the Cluj-Napoca PUG and their POT/CUT values', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ code: string; pot_max_pct: number | null; cut_max: number | null }>(
      `SELECT DISTINCT code, pot_max_pct, cut_max FROM zoning_units WHERE plan_code = 'PUG-54975-2014' AND valid_to IS NULL`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(realUtrCodes.has(r.code), r.code).toBe(true);
    const liu = rows.find((r) => r.code === 'Liu');
    if (liu) expect(liu).toMatchObject({ pot_max_pct: 35, cut_max: 0.9 });
  });

  it('has PUZ/PUD plans with their HCL decisions, restrictions of each kind, and permits since May 2021', async () => {
    const db = await testDb();
    const plans = await db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM plans WHERE valid_to IS NULL AND uat_siruta = 54975 GROUP BY kind ORDER BY kind`,
    );
    expect(Object.fromEntries(plans.rows.map((r) => [r.kind, r.n]))).toMatchObject({ PUG: 1 });
    expect(plans.rows.find((r) => r.kind === 'PUZ')?.n).toBeGreaterThan(0);
    const noHcl = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM plans WHERE valid_to IS NULL AND (hcl_number IS NULL OR hcl_date IS NULL)`,
    );
    expect(noHcl.rows[0]!.n).toBe(0);
    const kinds = await db.query<{ kind: string }>(`SELECT DISTINCT kind FROM restrictions WHERE valid_to IS NULL`);
    expect(kinds.rows.map((r) => r.kind).sort()).toEqual(
      expect.arrayContaining(['flood_zone', 'monument_zone', 'protected_area']),
    );
    const permits = await db.query<{ first: string; n: number }>(
      `SELECT min(issued_on)::text AS first, count(*)::int AS n FROM permits WHERE valid_to IS NULL`,
    );
    expect(permits.rows[0]!.first >= '2021-05-01').toBe(true);
    expect(permits.rows[0]!.n).toBeGreaterThan(100);
  });

  it('has the real indicators and the synthetic population and dwellings, marked synthetic', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ code: string; synthetic: boolean; source: string; n: number }>(
      `SELECT i.code, i.synthetic, i.source, count(v.*)::int AS n FROM indicators i
       JOIN indicator_values v ON v.indicator_code = i.code AND v.valid_to IS NULL GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(by.fire_detections).toMatchObject({ synthetic: false, n: 46720 });
    expect(by.population_census).toMatchObject({ synthetic: false, n: 6142 });
    expect(by.population_domicile).toMatchObject({ synthetic: false, n: 81 });
    expect(by.area).toMatchObject({ synthetic: false, n: 3179 });
    expect(by.building_permits).toMatchObject({ synthetic: false, n: 810 });
    expect(by.population?.synthetic).toBe(true);
    expect(by.population?.source).toMatch(/sintetic/i);
    expect(by.dwellings?.synthetic).toBe(true);
  });
});
