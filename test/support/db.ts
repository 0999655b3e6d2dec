// The database shared by all integration test files of a run (one process, see vitest.config.ts).
import { inject } from 'vitest';
import { connect, type Db } from '../../db/src/connect.ts';
import { testDatabaseUrl } from './paths.ts';

let shared: Promise<Db> | undefined;

export function testDb(): Promise<Db> {
  shared ??= connect({ databaseUrl: testDatabaseUrl(), dataDir: inject('atlasDataDir'), poolMax: 10 });
  return shared;
}

export const engineName = () => (testDatabaseUrl() ? 'postgis' : 'pglite');

/**
 * The box around the UATs in force, each reprojected to EPSG:4326 whole ([west, south, east, north]): what a
 * collection extent or TileJSON bounds computed another way must hold.
 */
export async function uatsWgs84Extent(): Promise<[number, number, number, number]> {
  const db = await testDb();
  const { rows } = await db.query<{ b: number[] }>(
    `SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] AS b
     FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM uats WHERE valid_to IS NULL) x`,
  );
  return rows[0]!.b.map(Number) as [number, number, number, number];
}
