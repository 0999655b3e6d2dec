// GeoPackage (.gpkg, OGC 12-128r19: an SQLite database; what QGIS writes by default). One feature table is read, row
// by row (better-sqlite3's iterator steps the SQLite cursor: memory stays bounded by one row), its geometry blobs
// decoded from the GeoPackage header and WKB (wkb.ts), its coordinate system taken from gpkg_spatial_ref_sys.
//
// A file with several feature tables needs `--table`; a table that is not a feature table is refused with the list
// of those there are. The file is opened read-only: nothing is ever written to it.
import { open } from 'node:fs/promises';
import { fileSize } from './file-size.ts';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs, type Srs } from '../crs/crs.ts';
import { requireSrs, type FeatureSource } from './geojson.reader.ts';
import { srsOfPrj } from './shapefile.reader.ts';
import { gpkgWkbOffset, readWkb, WkbError } from './wkb.ts';

/** Rows read at a time from a table with an INTEGER PRIMARY KEY. */
const PAGE = 1024;

/** The first 16 bytes of every SQLite 3 database. */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface GeopackageTable {
  table: string;
  geometryColumn: string;
  geometryType: string;
  srsId: number;
}

interface Opened {
  db: Database.Database;
  name: string;
  table: GeopackageTable;
  srs: Srs;
}

/** Whether the file starts as an SQLite database does. */
export async function isSqlite(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    try {
      const b = Buffer.alloc(16);
      const { bytesRead } = await fh.read(b, 0, 16, 0);
      return bytesRead === 16 && b.equals(SQLITE_MAGIC);
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

/** Opens the file and finds the table and its coordinate system (throws ImportError naming the file). */
function openGeopackage(path: string, srsOverride?: string, tableName?: string): Opened {
  const name = basename(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ImportError(`${name}: not a readable GeoPackage (${(err as Error).message})`);
  }
  try {
    const tables = featureTables(db, name);
    if (tables.length === 0) throw new ImportError(`${name}: the GeoPackage holds no feature table`);
    let table: GeopackageTable | undefined;
    if (tableName !== undefined) {
      table =
        tables.find((t) => t.table === tableName) ??
        tables.find((t) => t.table.toLowerCase() === tableName.toLowerCase());
      if (!table) {
        throw new ImportError(
          `${name}: no feature table ${JSON.stringify(tableName)} (its feature tables: ${tables.map((t) => t.table).join(', ')})`,
        );
      }
    } else if (tables.length > 1) {
      throw new ImportError(
        `${name}: the GeoPackage holds ${tables.length} feature tables (${tables.map((t) => t.table).join(', ')}); choose one with --table`,
      );
    } else table = tables[0]!;
    const srs = srsOverride ? requireSrs(srsOverride) : srsOfTable(db, name, table);
    return { db, name, table, srs };
  } catch (err) {
    db.close();
    throw err;
  }
}

function featureTables(db: Database.Database, name: string): GeopackageTable[] {
  try {
    return db
      .prepare(
        `SELECT c.table_name AS "table", g.column_name AS geometryColumn, g.geometry_type_name AS geometryType,
                g.srs_id AS srsId
         FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name`,
      )
      .all() as GeopackageTable[];
  } catch (err) {
    const message = (err as Error).message;
    if (/no such table/i.test(message)) {
      throw new ImportError(`${name}: not a GeoPackage (an SQLite database without the GeoPackage tables: ${message})`);
    }
    if (/not a database|malformed|encrypted/i.test(message)) {
      throw new ImportError(`${name}: not a GeoPackage (${message})`);
    }
    throw new ImportError(`${name}: unreadable GeoPackage (${message})`);
  }
}

/** The table's coordinate system, from gpkg_spatial_ref_sys: its EPSG code, else its WKT definition. */
function srsOfTable(db: Database.Database, name: string, table: GeopackageTable): Srs {
  const where = `${name}: table ${table.table}`;
  if (table.srsId === 0 || table.srsId === -1) {
    throw new ImportError(
      `${where} declares an undefined coordinate system (srs_id ${table.srsId}); give it with --srs EPSG:3844 or EPSG:4326`,
    );
  }
  const row = db
    .prepare(
      `SELECT srs_name AS srsName, organization, organization_coordsys_id AS code, definition
       FROM gpkg_spatial_ref_sys WHERE srs_id = ?`,
    )
    .get(table.srsId) as { srsName: string; organization: string; code: number; definition: string } | undefined;
  if (!row) throw new ImportError(`${where}: srs_id ${table.srsId} is not in gpkg_spatial_ref_sys; give --srs`);
  const declared = `${row.organization}:${row.code}${row.srsName ? ` (${row.srsName})` : ''}`;
  if (/^epsg$/i.test(row.organization)) {
    const srs = parseSrs(`EPSG:${row.code}`);
    if (srs) return srs;
  }
  try {
    return srsOfPrj(row.definition ?? '', where);
  } catch {
    throw new ImportError(
      `${where}: unsupported coordinate system ${declared}; Atlas reads Stereo 70 (EPSG:3844) and WGS84 (EPSG:4326): reproject it (ogr2ogr -t_srs EPSG:3844) or give --srs`,
    );
  }
}

/** The checks that need no read of the features: a GeoPackage, the table, its coordinate system. */
export async function precheckGeopackage(
  path: string,
  srsOverride?: string,
  tableName?: string,
): Promise<{ format: 'geopackage'; srs: Srs; table: string }> {
  await requireSqlite(path);
  const { db, srs, table } = openGeopackage(path, srsOverride, tableName);
  db.close();
  return { format: 'geopackage', srs, table: table.table };
}

async function requireSqlite(path: string): Promise<void> {
  const name = basename(path);
  await fileSize(path, name);
  if (!(await isSqlite(path))) {
    throw new ImportError(`${name}: not a GeoPackage (the file is not an SQLite database)`);
  }
}

export async function readGeopackage(
  path: string,
  srsOverride?: string,
  tableName?: string,
): Promise<FeatureSource & { table: string; cleanup(): Promise<void> }> {
  await requireSqlite(path);
  const { db, name, table, srs } = openGeopackage(path, srsOverride, tableName);
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const columns = db.prepare(`PRAGMA table_info(${quoted(table.table)})`).all() as {
    name: string;
    pk: number;
    type: string;
  }[];
  const pkColumn = columns.find((c) => c.pk > 0 && columns.filter((d) => d.pk > 0).length === 1);
  const pk = pkColumn?.name;
  const total = (db.prepare(`SELECT count(*) AS n FROM ${quoted(table.table)}`).get() as { n: number }).n;
  const attributes = columns.map((c) => c.name).filter((c) => c !== table.geometryColumn && c !== pk);
  const selected = `SELECT ${[pk ?? 'rowid', table.geometryColumn, ...attributes].map(quoted).join(', ')} FROM ${quoted(table.table)}`;
  const select = db.prepare(`${selected}${pk ? ` ORDER BY ${quoted(pk)}` : ''}`).raw(true);
  // An INTEGER PRIMARY KEY (what the standard asks of a feature table) is the rowid: never NULL, and rows are read
  // by pages of its values, faster than a step of the cursor per row.
  const page =
    pk && /^integer$/i.test(pkColumn!.type)
      ? db.prepare(`${selected} WHERE ${quoted(pk)} > ? ORDER BY ${quoted(pk)} LIMIT ${PAGE}`).raw(true)
      : undefined;

  function* features(): Generator<GeoJsonFeature> {
    let index = 0;
    const feature = (row: unknown[]): GeoJsonFeature => {
      const fid = row[0] as number | string;
      const blob = row[1] as Buffer | null;
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < attributes.length; i++) {
        const v = row[i + 2];
        properties[attributes[i]!] = Buffer.isBuffer(v) ? v.toString('base64') : v;
      }
      let geometry: GeoJsonFeature['geometry'] = null;
      if (blob !== null && blob !== undefined) {
        try {
          const { offset, empty } = gpkgWkbOffset(blob);
          geometry = empty ? null : (readWkb(blob, offset) as GeoJsonFeature['geometry']);
        } catch (err) {
          if (!(err instanceof WkbError)) throw err;
          throw new ImportError(`${name}: table ${table.table}: 1 feature(s) refused`, [
            { feature: index, id: fid, field: table.geometryColumn, reason: `broken geometry: ${err.message}` },
          ]);
        }
      }
      index++;
      return { type: 'Feature', id: fid, properties, geometry };
    };
    if (page) {
      let last: unknown = -Infinity;
      for (;;) {
        const rows = page.all(last) as unknown[][];
        for (let i = 0; i < rows.length; i++) yield feature(rows[i]!);
        if (rows.length < PAGE) return;
        last = rows[rows.length - 1]![0];
      }
    }
    const rows = select.iterate() as IterableIterator<unknown[]>;
    try {
      for (const row of rows) yield feature(row);
    } finally {
      rows.return?.();
    }
  }

  return {
    srs,
    total,
    table: table.table,
    format: 'geopackage',
    features: features(),
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
}
