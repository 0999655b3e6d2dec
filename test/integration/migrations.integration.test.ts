// Migrations go down as well as up, without losing a row: on a database of its own (a fresh PGlite folder, or a new
// database on the PostGIS server), not the shared test database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../db/src/connect.ts';
import { migrate, rollbackAll, rollbackLast } from '../../db/src/migrate.ts';
import { parcelLookup } from '../../db/src/parcels.repository.ts';
import { runImport } from '../../data-import/src/import-service.ts';
import { SAMPLE_DIR } from '../../data-import/src/sample/load-sample.ts';
import { ROOT, testDatabaseUrl } from '../support/paths.ts';

const NAME = `atlas_migrations_${process.pid}`;
let db: Db;
let cleanup: () => Promise<void>;

async function freshDb(): Promise<Db> {
  const server = testDatabaseUrl();
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-migrations-'));
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
    return connect({ dataDir: dir });
  }
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await run(`CREATE DATABASE ${NAME}`);
  cleanup = () => run(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  const url = new URL(server);
  url.pathname = `/${NAME}`;
  return connect({ databaseUrl: url.toString(), dataDir: '' });
}

/** What the parcels hold, whatever their table's shape. */
async function parcelRows(): Promise<{ n: number; open: number; area: number; mercator: number }> {
  const { rows } = await db.query<{ n: number; open: number; area: number; mercator: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE valid_to IS NULL)::int AS open,
            round(sum(ST_Area(geom))::numeric, 3)::float8 AS area,
            round(sum(ST_Area(geom_3857))::numeric, 0)::float8 AS mercator
     FROM parcels`,
  );
  return rows[0]!;
}

async function tileIndexDef(): Promise<string | undefined> {
  const { rows } = await db.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'parcels_geom_3857_gix'`,
  );
  return rows[0]?.def;
}

async function addressKeyIndexDef(): Promise<string | undefined> {
  const { rows } = await db.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'parcels_address_key_idx'`,
  );
  return rows[0]?.def;
}

/** Rows with an address search key, and rows whose key is not what atlas_address_key makes of their address. */
async function keyedRows(): Promise<{ keyed: number; wrong: number }> {
  const { rows } = await db.query<{ keyed: number; wrong: number }>(
    `SELECT count(address_key)::int AS keyed,
            count(*) FILTER (WHERE address_key IS DISTINCT FROM atlas_address_key(address))::int AS wrong
     FROM parcels`,
  );
  return rows[0]!;
}

async function relkind(table: string): Promise<string | undefined> {
  const { rows } = await db.query<{ relkind: string }>(
    `SELECT relkind::text FROM pg_class WHERE relname = $1 AND relnamespace = 'public'::regnamespace`,
    [table],
  );
  return rows[0]?.relkind;
}

beforeAll(async () => {
  db = await freshDb();
  await migrate(db);
  await runImport(db, {
    layer: 'uat',
    file: join(SAMPLE_DIR, 'ro-uat-boundaries/cluj_uat.geojson'),
    validFrom: '2015-01-01',
  });
  await runImport(db, {
    layer: 'parcels',
    file: join(ROOT, 'test/fixtures/issue-4-floresti/parcels.geojson'),
    validFrom: '2020-01-01',
  });
  // Addresses, with their search key (the fixture has none).
  await db.query(`UPDATE parcels SET address = 'Strada Moților nr. ' || cadastral_number`);
  // A second partition, as a bulk import leaves one: closed copies of the parcels, in a segment of their own.
  await db.query('CREATE TABLE parcels_v_migration_test PARTITION OF parcels FOR VALUES IN (-1)');
  await db.query(
    `INSERT INTO parcels (uat_siruta, cadastral_number, land_book_number, area_official_m2, land_use, intravilan,
                          address, address_key, dataset_version_id, valid_from, valid_to, segment, geom, geom_3857)
     SELECT uat_siruta, cadastral_number, land_book_number, area_official_m2, land_use, intravilan, address,
            address_key, dataset_version_id, '2010-01-01', '2020-01-01', -1, geom, geom_3857
     FROM parcels`,
  );
}, 120_000);

afterAll(async () => {
  await db?.close();
  await cleanup?.();
});

async function columnCount(pairs: ReadonlyArray<readonly [string, string]>): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns
     WHERE (table_name || '.' || column_name) = ANY($1::text[])`,
    [pairs.map(([t, c]) => `${t}.${c}`)],
  );
  return rows[0]!.n;
}

describe('migrations', () => {
  it('undo the key index, the partial tile indexes and the partitioning of parcels with every row kept, and redo them', async () => {
    const before = await parcelRows();
    expect(before.n).toBeGreaterThan(0);
    expect(before.open * 2).toBe(before.n);
    expect(await relkind('parcels')).toBe('p');

    // The address search key stored (issue 13: import speed): a column the importer fills, a plain index on it; down,
    // the expression index again.
    expect(await columnCount([['parcels', 'address_key']])).toBe(1);
    expect(await addressKeyIndexDef()).toMatch(
      /\(address_key COLLATE "C"\) WHERE \(\(valid_to IS NULL\) AND \(address_key IS NOT NULL\)\)$/,
    );
    expect(await keyedRows()).toEqual({ keyed: before.n, wrong: 0 });
    await rollbackLast(db);
    expect(await columnCount([['parcels', 'address_key']])).toBe(0);
    expect(await addressKeyIndexDef()).toMatch(/atlas_address_key\(address\)/);
    expect(await relkind('parcels_address_key_idx')).toBe('I');
    expect(await parcelRows()).toEqual(before);
    // The English forms of an indicator's unit, source and licence.
    const englishTexts = [
      ['indicators', 'unit_en'],
      ['indicators', 'source_en'],
      ['indicators', 'licence_en'],
      ['indicator_region_values', 'source_en'],
    ] as const;
    expect(await columnCount(englishTexts)).toBe(4);
    await rollbackLast(db);
    expect(await columnCount(englishTexts)).toBe(0);
    // The shared rate-limit counters (issue 14).
    expect(await relkind('rate_limit_hits')).toBe('r');
    await rollbackLast(db);
    expect(await relkind('rate_limit_hits')).toBeUndefined();
    // Parcels whose intravilan status is unknown, and the built-up area limits (issue 13).
    expect(await relkind('intravilan_areas')).toBe('r');
    await rollbackLast(db);
    expect(await relkind('intravilan_areas')).toBeUndefined();
    expect(await columnCount([['parcels', 'intravilan_derived']])).toBe(0);
    // The context layers under the map (issue 15): streets and blocks.
    expect(await relkind('streets')).toBe('r');
    expect(await relkind('blocks')).toBe('r');
    await rollbackLast(db);
    expect(await relkind('streets')).toBeUndefined();
    expect(await relkind('blocks')).toBeUndefined();
    // The address search key (issue 15).
    expect(await relkind('parcels_address_key_idx')).toBe('I');
    await rollbackLast(db);
    expect(await relkind('parcels_address_key_idx')).toBeUndefined();
    // The provenance of dataset versions (issue 15).
    expect(
      await columnCount([
        ['dataset_versions', 'synthetic'],
        ['dataset_versions', 'attribution'],
      ]),
    ).toBe(2);
    await rollbackLast(db);
    expect(
      await columnCount([
        ['dataset_versions', 'synthetic'],
        ['dataset_versions', 'attribution'],
      ]),
    ).toBe(0);

    // The idempotency records of certificate requests (issue 12).
    expect(await relkind('certificate_requests')).toBe('r');
    await rollbackLast(db);
    expect(await relkind('certificate_requests')).toBeUndefined();
    // Issue 12: admin tokens with one name in force and an expiry; import jobs with their runner.
    expect(await relkind('admin_tokens_name_active_idx')).toBe('i');
    await rollbackLast(db);
    expect(await relkind('admin_tokens_name_active_idx')).toBeUndefined();
    const { rows: cols } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.columns
       WHERE (table_name, column_name) IN (('admin_tokens', 'expires_at'), ('import_jobs', 'runner'))`,
    );
    expect(cols[0]!.n).toBe(0);
    // The atlas's indicator catalogue (issue 18).
    expect(await relkind('indicator_region_values')).toBe('r');
    await rollbackLast(db);
    expect(await relkind('indicator_region_values')).toBeUndefined();
    const kindColumn = await db.query(
      `SELECT 1 FROM pg_attribute WHERE attrelid = 'indicators'::regclass AND attname = 'kind'`,
    );
    expect(kindColumn.rows).toHaveLength(0);

    // One index on the parcels' key.
    expect(await relkind('parcels_key_idx')).toBe('I');
    await rollbackLast(db);
    expect(await relkind('parcels_key_idx')).toBeUndefined();
    expect(await relkind('parcels_uat_siruta_cadastral_number_idx')).toBe('I');
    expect(await relkind('parcels_uat_siruta_cadastral_number_c_idx')).toBe('I');
    expect(await parcelRows()).toEqual(before);

    // Tile indexes of the rows in force only.
    expect(await tileIndexDef()).toMatch(/WHERE \(valid_to IS NULL\)/);
    await rollbackLast(db);
    expect(await tileIndexDef()).not.toMatch(/WHERE/);
    expect(await parcelRows()).toEqual(before);

    await rollbackLast(db);
    expect(await relkind('parcels')).toBe('r');
    expect(await relkind('parcels_shared')).toBeUndefined();
    expect(await relkind('parcels_v_migration_test')).toBeUndefined();
    expect(await parcelRows()).toEqual(before);
    // The EPSG:3857 copy is a generated column again.
    const { rows } = await db.query<{ generated: string }>(
      `SELECT attgenerated::text AS generated FROM pg_attribute
       WHERE attrelid = 'parcels'::regclass AND attname = 'geom_3857'`,
    );
    expect(rows[0]!.generated).toBe('s');

    await migrate(db);
    expect(await relkind('parcels')).toBe('p');
    expect(await tileIndexDef()).toMatch(/WHERE \(valid_to IS NULL\)/);
    expect(await relkind('parcels_key_idx')).toBe('I');
    expect(await relkind('admin_tokens_name_active_idx')).toBe('i');
    expect(await relkind('indicator_region_values')).toBe('r');
    expect(await relkind('certificate_requests')).toBe('r');
    expect(await relkind('streets')).toBe('r');
    expect(await parcelRows()).toEqual(before);
    // Up again, the key is worked out for the rows there (by atlas_address_key), in every partition.
    expect(await keyedRows()).toEqual({ keyed: before.n, wrong: 0 });
    const now = new Date().toISOString();
    const found = await parcelLookup(db, { uat: 57706, number: '100001' }, now, now.slice(0, 10));
    expect(found?.cadastral_number).toBe('100001');
  });

  it('all go down to an empty schema and up again', async () => {
    await rollbackAll(db);
    expect(await relkind('parcels')).toBeUndefined();
    expect(await relkind('dataset_versions')).toBeUndefined();
    await migrate(db);
    expect(await relkind('parcels')).toBe('p');
    expect((await parcelRows()).n).toBe(0);
  });
});
