// Generic feature access for every map layer: OGC API - Features items and data exports.
import type { Db, Queryable } from './connect.ts';
import { cqlToSql, type CqlExpr } from './cql2-sql.ts';
import { roundOutward, wgs84OfStereo70Box } from './extent.ts';
import { LAYER_TABLE, type Layer } from './datasets.repository.ts';
import {
  columnKind,
  ID_COLUMN,
  isQueryable,
  publishedColumns,
  type ColumnKind,
  type GeometryType,
} from './layers/catalog.ts';
import { deriveByMapLayer, mapLayerDef } from './layers/registry.ts';

export type { ColumnKind };

/** The attributes published per layer (everything but geometry and bookkeeping): from the layer catalog. */
export const LAYER_PROPERTIES: Readonly<Record<Layer, readonly string[]>> = deriveByMapLayer((def) =>
  publishedColumns(def).map((c) => c.name),
);
/** The published attributes' select list per layer (dates as YYYY-MM-DD). */
const PROPERTY_SQL = deriveByMapLayer((def) =>
  publishedColumns(def)
    .map((c) => (c.type === 'date' ? `to_char(f.${c.name}, 'YYYY-MM-DD') AS ${c.name}` : `f.${c.name}`))
    .join(', '),
);
/** Each map layer's geometry type. */
export const LAYER_GEOMETRY: Readonly<Record<Layer, GeometryType>> = deriveByMapLayer((def) => def.geometry);

function propertyList(layer: Layer): string {
  return PROPERTY_SQL[layer];
}

export type OutputCrs = 4326 | 3844;

/** A time or a time interval (ISO 8601 instants, UTC); an open end is null. An instant has start === end. */
export interface Temporal {
  start: string | null;
  end: string | null;
}

export interface ItemsQuery {
  /** minLon, minLat, maxLon, maxLat in `bboxCrs`. */
  bbox?: readonly [number, number, number, number] | undefined;
  bboxCrs: OutputCrs;
  crs: OutputCrs;
  limit: number;
  offset: number;
  /** Keyset paging: only ids greater than this (the `next` links' cursor). */
  afterId?: number | undefined;
  /** Features in force at this time or during this interval; unset: the features in force now. */
  datetime?: Temporal | undefined;
  /** A CQL2 filter over the layer's queryables (OGC API - Features Part 3). */
  filter?: CqlExpr | undefined;
  /** A statement timeout for this request's queries (ms); over it the query fails with SQLSTATE 57014. */
  statementTimeoutMs?: number | undefined;
}

export interface FeatureRow {
  id: number;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
  dataset_version_id: number;
}

/**
 * Row validity (dataset versions: valid_from/valid_to) overlapping [start, end], and the layer's own validity from
 * the catalog (plans: their legal validity in_force_from/in_force_to; zoning units: that of their plan; permits: their
 * issue date).
 */
function temporalSql(layer: Layer, s: string, e: string, alias = 'f'): string {
  const rows = (a: string) =>
    `${a}.valid_from <= COALESCE(${e}::timestamptz, 'infinity') AND (${a}.valid_to IS NULL OR ${a}.valid_to > COALESCE(${s}::timestamptz, '-infinity'))`;
  const v = mapLayerDef(layer).validity;
  if (!v) return rows(alias);
  const own = (a: string) =>
    [
      v.from &&
        `(${e}::timestamptz IS NULL OR ${a}.${v.from} IS NULL OR ${a}.${v.from} <= (${e}::timestamptz AT TIME ZONE 'UTC')::date)`,
      v.to &&
        `(${s}::timestamptz IS NULL OR ${a}.${v.to} IS NULL OR ${a}.${v.to} >= (${s}::timestamptz AT TIME ZONE 'UTC')::date)`,
    ]
      .filter(Boolean)
      .join(' AND ');
  if (!v.via) return `${rows(alias)} AND ${own(alias)}`;
  const r = v.via.alias;
  return `${rows(alias)} AND EXISTS (SELECT 1 FROM ${v.via.table} ${r} WHERE ${v.via.on} AND ${rows(r)} AND ${own(r)})`;
}

function where(
  layer: Layer,
  q: Pick<ItemsQuery, 'bbox' | 'bboxCrs' | 'datetime' | 'filter'>,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const next = () => `$${firstParam + params.length}`;
  if (q.datetime) {
    const s = next();
    params.push(q.datetime.start);
    const e = next();
    params.push(q.datetime.end);
    parts.push(temporalSql(layer, s, e));
  } else {
    parts.push('f.valid_to IS NULL');
  }
  if (q.bbox) {
    const p = q.bbox.map((v) => {
      const n = next();
      params.push(v);
      return n;
    });
    const env =
      q.bboxCrs === 3844
        ? `ST_MakeEnvelope(${p.join(', ')}, 3844)`
        : `ST_Transform(ST_MakeEnvelope(${p.join(', ')}, 4326), 3844)`;
    parts.push(`f.geom && ${env} AND ST_Intersects(f.geom, ${env})`);
  }
  if (q.filter) {
    parts.push(
      cqlToSql(q.filter, queryables(layer), (v) => {
        const n = next();
        params.push(v);
        return n;
      }),
    );
  }
  return { sql: parts.join(' AND '), params };
}

/** The properties a filter may name, with their kinds (the geometry is `geometry`); arrays and JSON are not. */
export function queryables(layer: Layer): Record<string, ColumnKind> {
  const out: Record<string, ColumnKind> = { id: 'long' };
  for (const c of publishedColumns(mapLayerDef(layer))) if (isQueryable(c)) out[c.name] = columnKind(c);
  return out;
}

function geometrySql(crs: OutputCrs): string {
  // EPSG:3844's axis order is northing, easting: flip for output in that CRS (OGC API - Features Part 2).
  // Options 0: no `crs` member inside the geometry (not GeoJSON; the CRS is in the Content-Crs header).
  return crs === 3844
    ? `ST_AsGeoJSON(ST_FlipCoordinates(f.geom), 3, 0)::json`
    : `ST_AsGeoJSON(ST_Transform(f.geom, 4326), 7, 0)::json`;
}

/**
 * How many features of a layer are in force, counted once per dataset version (rows change only by imports, each of
 * which adds a version): a whole-layer count of the parcels scans 200,000 index entries (30-50 ms), and every
 * unfiltered page would pay it again. Kept per read handle (a replica and the primary may differ for a moment).
 */
const wholeCounts = new WeakMap<object, Map<Layer, { version: number; n: number }>>();

async function wholeLayerCount(
  key: object,
  tx: Queryable,
  layer: Layer,
  count: () => Promise<number>,
): Promise<number> {
  const { rows } = await tx.query<{ v: number | null }>(
    'SELECT max(id)::int AS v FROM dataset_versions WHERE layer = $1',
    [layer],
  );
  const version = rows[0]?.v ?? 0;
  let byLayer = wholeCounts.get(key);
  if (!byLayer) wholeCounts.set(key, (byLayer = new Map()));
  const known = byLayer.get(layer);
  if (known && known.version === version) return known.n;
  const n = await count();
  byLayer.set(layer, { version, n });
  return n;
}

/** A page of features and how many match (`numberMatched`), with `more` when features follow the page. */
export async function items(
  db: Db,
  layer: Layer,
  q: ItemsQuery,
): Promise<{ rows: FeatureRow[]; matched: number; more: boolean }> {
  const table = LAYER_TABLE[layer];
  const page = where(layer, q, 4);
  const run = async (tx: Queryable) => {
    if (q.statementTimeoutMs) await tx.query(`SET LOCAL statement_timeout = ${Math.round(q.statementTimeoutMs)}`);
    // The page's rows first, their GeoJSON after: PostgreSQL computes the select list of every row an OFFSET skips
    // (offset 10,000 of the parcels: 184 ms of ST_AsGeoJSON for nothing, 12 ms with the page picked first).
    const { rows } = await tx.query<FeatureRow & Record<string, unknown>>(
      `SELECT f.id, f.dataset_version_id, ${propertyList(layer)}, ${geometrySql(q.crs)} AS geometry
       FROM (SELECT f.* FROM ${table} f WHERE ${page.sql} AND f.id > $3 ORDER BY f.id LIMIT $1 OFFSET $2) f
       ORDER BY f.id`,
      [q.limit + 1, q.offset, q.afterId ?? 0, ...page.params],
    );
    const all = where(layer, q, 1);
    const countAll = async () => {
      const { rows: count } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} f WHERE ${all.sql}`,
        all.params,
      );
      return count[0]?.n ?? 0;
    };
    const whole = !q.bbox && !q.filter && !q.datetime;
    return { rows, matched: whole ? await wholeLayerCount(db.reader, tx, layer, countAll) : await countAll() };
  };
  const { rows, matched } = q.statementTimeoutMs ? await db.reader.readTransaction(run) : await run(db.reader);
  return { rows: rows.slice(0, q.limit).map((r) => shape(layer, r)), matched, more: rows.length > q.limit };
}

export async function item(db: Queryable, layer: Layer, id: number, crs: OutputCrs): Promise<FeatureRow | undefined> {
  const { rows } = await db.query<FeatureRow & Record<string, unknown>>(
    `SELECT f.id, f.dataset_version_id, ${propertyList(layer)}, ${geometrySql(crs)} AS geometry
     FROM ${LAYER_TABLE[layer]} f WHERE f.id = $1 AND f.valid_to IS NULL`,
    [id],
  );
  return rows[0] ? shape(layer, rows[0]) : undefined;
}

function shape(layer: Layer, r: Record<string, unknown>): FeatureRow {
  const properties: Record<string, unknown> = {};
  for (const c of LAYER_PROPERTIES[layer]) properties[c] = r[c];
  return {
    id: Number(r.id),
    properties,
    geometry: r.geometry as FeatureRow['geometry'],
    dataset_version_id: Number(r.dataset_version_id),
  };
}

/** The extent of a layer's features in force, in WGS84, and its feature count. */
export async function extent(
  db: Queryable,
  layer: Layer,
): Promise<{ bbox: [number, number, number, number] | null; count: number }> {
  const { rows } = await db.query<{ b: number[] | null; n: number }>(
    `SELECT CASE WHEN e IS NULL THEN NULL ELSE ARRAY[ST_XMin(t), ST_YMin(t), ST_XMax(t), ST_YMax(t)] END AS b, n
     FROM (SELECT ST_Extent(geom) AS e, count(*)::int AS n FROM ${LAYER_TABLE[layer]} WHERE valid_to IS NULL) x
     CROSS JOIN LATERAL (SELECT ${wgs84OfStereo70Box('x.e')} AS t) tt`,
  );
  const r = rows[0];
  return {
    bbox: r?.b ? roundOutward(r.b as [number, number, number, number], 6) : null,
    count: r?.n ?? 0,
  };
}

/** The kind of each published attribute (the row id first), for typed exports (FlatGeobuf columns). */
export function publishedKinds(layer: Layer): { name: string; kind: ColumnKind }[] {
  const columns = [ID_COLUMN, ...publishedColumns(mapLayerDef(layer))];
  return columns.map((c) => ({ name: c.name, kind: columnKind(c) }));
}

/** The database's clock: exports read every page as of this instant, so a long export sees one consistent state. */
export async function snapshotTime(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ t: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
  );
  return rows[0]!.t;
}

const IN_FORCE_AT = (p: number) =>
  `f.valid_from <= $${p}::timestamptz AND (f.valid_to IS NULL OR f.valid_to > $${p}::timestamptz)`;

/** How many features of a layer were in force at `asOf`. */
export async function countAsOf(db: Queryable, layer: Layer, asOf: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${LAYER_TABLE[layer]} f WHERE ${IN_FORCE_AT(1)}`,
    [asOf],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Keyset paging over a layer's features in force at `asOf` (for exports): ids greater than `afterId`, in id order.
 * Geometry as GeoJSON in EPSG:4326, as WKT in EPSG:4326, or as GeoJSON in EPSG:3844 (easting, northing).
 */
export async function itemsAfter(
  db: Queryable,
  layer: Layer,
  afterId: number,
  limit: number,
  format: 'geojson' | 'wkt' | 'geojson3844',
  asOf: string,
): Promise<FeatureRow[]> {
  const geometry =
    format === 'wkt'
      ? `ST_AsText(ST_Transform(f.geom, 4326), 7)`
      : format === 'geojson3844'
        ? `ST_AsGeoJSON(f.geom, 3, 0)::json`
        : `ST_AsGeoJSON(ST_Transform(f.geom, 4326), 7)::json`;
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT f.id, f.dataset_version_id, ${propertyList(layer)}, ${geometry} AS geometry
     FROM ${LAYER_TABLE[layer]} f WHERE ${IN_FORCE_AT(3)} AND f.id > $1 ORDER BY f.id LIMIT $2`,
    [afterId, limit, asOf],
  );
  return rows.map((r) => shape(layer, r));
}
