import { describe, expect, it } from 'vitest';
import { testDb, engineName } from '../support/db.ts';

describe('db engine', () => {
  it('reports ST_AsMVT only where PostGIS has protobuf support', async () => {
    const db = await testDb();
    expect(db.engine).toBe(engineName());
    expect(db.capabilities.asMvt).toBe(db.engine === 'postgis');
  });
});

describe('migrations', () => {
  it('store every geometry in EPSG:3844 with an EPSG:3857 copy, both GiST-indexed', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ table: string; column: string; srid: number; type: string }>(
      `SELECT f_table_name AS table, f_geometry_column AS column, srid, type FROM geometry_columns
       WHERE f_table_schema = 'public' AND f_table_name NOT LIKE '%\\_parts'
         AND f_table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition) ORDER BY 1, 2`,
    );
    const tables = [
      'blocks',
      'intravilan_areas',
      'parcels',
      'permits',
      'plans',
      'restrictions',
      'streets',
      'uats',
      'zoning_units',
    ];
    expect([...new Set(rows.map((r) => r.table))]).toEqual(tables);
    for (const t of tables) {
      expect(rows.find((r) => r.table === t && r.column === 'geom')?.srid).toBe(3844);
      expect(rows.find((r) => r.table === t && r.column === 'geom_3857')?.srid).toBe(3857);
    }
    const { rows: idx } = await db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef ILIKE '%USING gist%'`,
    );
    for (const t of tables) {
      expect(idx.map((i) => i.indexname)).toContain(`${t}_geom_gix`);
      expect(idx.map((i) => i.indexname)).toContain(`${t}_geom_3857_gix`);
    }
  });

  it('index the EPSG:3857 copies (tiles) for the rows in force only, the EPSG:3844 geometries (as-of reads) for all', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND indexname ~ '^(parcels|permits|plans|restrictions|uats|zoning_units|streets|blocks)_geom(_3857)?_gix$'`,
    );
    expect(rows).toHaveLength(16);
    for (const { name, def } of rows) {
      if (name.endsWith('_3857_gix')) expect(def, name).toMatch(/WHERE \(valid_to IS NULL\)$/);
      else expect(def, name).not.toMatch(/WHERE/);
    }
  });

  it("keeps the parcels' EPSG:3857 copy (computed by the importer) within a millimetre of ST_Transform", async () => {
    const db = await testDb();
    const { rows } = await db.query<{ n: number; off: number }>(
      `SELECT count(*)::int AS n, max(ST_HausdorffDistance(geom_3857, ST_Transform(geom, 3857))) AS off FROM parcels`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.off).toBeLessThan(0.001);
  });

  it('keeps subdivided parts of every plan, zoning unit and restriction, at most 64 vertices each', async () => {
    const db = await testDb();
    for (const [table, parts, fk] of [
      ['plans', 'plan_parts', 'plan_id'],
      ['zoning_units', 'zoning_unit_parts', 'unit_id'],
      ['restrictions', 'restriction_parts', 'restriction_id'],
    ]) {
      const { rows } = await db.query<{ missing: number; area_diff: number; max_points: number }>(
        `SELECT count(*) FILTER (WHERE p.n IS NULL)::int AS missing,
                max(abs(ST_Area(t.geom) - COALESCE(p.area, 0))) AS area_diff, max(p.max_points) AS max_points
         FROM ${table} t LEFT JOIN (
           SELECT ${fk} AS id, count(*) AS n, sum(ST_Area(geom)) AS area, max(ST_NPoints(geom)) AS max_points
           FROM ${parts} GROUP BY ${fk}) p ON p.id = t.id`,
      );
      expect(rows[0]!.missing, parts).toBe(0);
      expect(rows[0]!.area_diff, parts).toBeLessThan(0.01);
      expect(rows[0]!.max_points, parts).toBeLessThanOrEqual(64);
    }
  });

  it('keeps cadastral numbers unique per UAT among the rows in force', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ cadastral_number: string }>(
      'SELECT cadastral_number FROM parcels WHERE valid_to IS NULL LIMIT 1',
    );
    const nr = rows[0]!.cadastral_number;
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO parcels (uat_siruta, cadastral_number, intravilan, geom, dataset_version_id, valid_from)
           SELECT uat_siruta, cadastral_number, intravilan, geom, dataset_version_id, valid_from FROM parcels
           WHERE cadastral_number = $1 AND valid_to IS NULL`,
          [nr],
        );
      }),
    ).rejects.toThrow(/duplicate key|unique/i);
  });

  it('ties every geometry row to a dataset version with valid_from', async () => {
    const db = await testDb();
    for (const t of ['uats', 'parcels', 'zoning_units', 'plans', 'restrictions', 'permits']) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${t} x LEFT JOIN dataset_versions d ON d.id = x.dataset_version_id
         WHERE d.id IS NULL OR x.valid_from IS NULL`,
      );
      expect(rows[0]!.n, t).toBe(0);
    }
  });
});
