import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAT, type FlatCoordinates } from '../flat-geometry.ts';
import type { GeoJsonFeature } from '../import-job.ts';
import { readGeopackage } from './geopackage.reader.ts';

const tmp = mkdtempSync(join(tmpdir(), 'atlas-gpkg-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A GeoPackage geometry blob (little-endian header, no envelope, EPSG:3844) around a one-ring polygon's WKB. */
function square(x: number, y: number): Buffer {
  const ring = [
    [x, y],
    [x + 10, y],
    [x + 10, y + 10],
    [x, y + 10],
    [x, y],
  ];
  const b = Buffer.alloc(8 + 9 + 4 + 16 * ring.length);
  b.write('GP', 0, 'latin1');
  b[2] = 0;
  b[3] = 0x01;
  b.writeInt32LE(3844, 4);
  b[8] = 1;
  b.writeUInt32LE(3, 9);
  b.writeUInt32LE(1, 13);
  b.writeUInt32LE(ring.length, 17);
  ring.forEach(([px, py], i) => {
    b.writeDoubleLE(px!, 21 + 16 * i);
    b.writeDoubleLE(py!, 29 + 16 * i);
  });
  return b;
}

/** A minimal GeoPackage with one feature table of `fids.length` parcels, written as the fids come. */
function geopackage(file: string, fids: number[], pkType = 'INTEGER'): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
      organization_coordsys_id INTEGER, definition TEXT, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Pulkovo 1942(58) / Stereo70', 3844, 'EPSG', 3844, 'undefined', NULL);
    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
    INSERT INTO gpkg_contents VALUES ('parcele', 'features', 'parcele', 3844);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER,
      z INTEGER, m INTEGER);
    INSERT INTO gpkg_geometry_columns VALUES ('parcele', 'geom', 'POLYGON', 3844, 0, 0);
    CREATE TABLE parcele (fid ${pkType} PRIMARY KEY, geom BLOB, nr_cad TEXT, suprafata INTEGER);
  `);
  const insert = db.prepare('INSERT INTO parcele VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const fid of fids) insert.run(fid, square(400000 + fid, 580000), `C${fid}`, 100 + fid);
  })();
  db.close();
}

async function readAll(file: string): Promise<GeoJsonFeature[]> {
  const source = await readGeopackage(file);
  try {
    return [...(source.features as Iterable<GeoJsonFeature>)];
  } finally {
    await source.cleanup();
  }
}

describe('readGeopackage', () => {
  it('reads every row of a table larger than a page, in the order of its integer key, gaps and negative keys too', async () => {
    // more than two pages (1024 rows each), written out of order
    const fids = Array.from({ length: 2600 }, (_, i) => 3 * i - 40).reverse();
    const file = join(tmp, 'paged.gpkg');
    geopackage(file, fids);
    const features = await readAll(file);
    const sorted = [...fids].sort((a, b) => a - b);
    expect(features.map((f) => f.id)).toEqual(sorted);
    const last = features[features.length - 1]!;
    expect(last.properties).toEqual({ nr_cad: `C${sorted.at(-1)!}`, suprafata: 100 + sorted.at(-1)! });
    const flat = (last.geometry as unknown as { [FLAT]: FlatCoordinates })[FLAT];
    expect(Array.from(flat.xy.subarray(0, 4))).toEqual([
      400000 + sorted.at(-1)!,
      580000,
      400010 + sorted.at(-1)!,
      580000,
    ]);
  });

  it('reads a table of exactly two pages', async () => {
    const file = join(tmp, 'two-pages.gpkg');
    geopackage(
      file,
      Array.from({ length: 2048 }, (_, i) => i + 1),
    );
    const features = await readAll(file);
    expect(features).toHaveLength(2048);
    expect(features.at(-1)!.id).toBe(2048);
  });

  it('reads a table whose key is not an integer (not what the standard asks) by its key too', async () => {
    const file = join(tmp, 'text-key.gpkg');
    geopackage(file, [5, 1, 3], 'TEXT');
    const features = await readAll(file);
    expect(features.map((f) => f.properties?.nr_cad)).toEqual(['C1', 'C3', 'C5']);
  });
});
