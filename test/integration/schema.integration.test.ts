import { describe, expect, it } from 'vitest';
import { testDb, engineName } from '../support/db.ts';

describe('db engine', () => {
  it('reports ST_AsMVT only where PostGIS has protobuf support', async () => {
    const db = await testDb();
    expect(db.engine).toBe(engineName());
    expect(db.capabilities.asMvt).toBe(db.engine === 'postgis');
    expect(db.capabilities.asFlatGeobuf).toBe(true);
  });
});

describe('migrations', () => {
  it('store every geometry in EPSG:3844 with a generated EPSG:3857 copy, both GiST-indexed', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ table: string; column: string; srid: number; type: string }>(
      `SELECT f_table_name AS table, f_geometry_column AS column, srid, type FROM geometry_columns
       WHERE f_table_schema = 'public' ORDER BY 1, 2`,
    );
    const tables = ['parcels', 'permits', 'plans', 'restrictions', 'uats', 'zoning_units'];
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
