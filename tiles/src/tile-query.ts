// The SQL that selects a tile's features. One definition of "which features and attributes" per layer; the PostGIS
// encoder (ST_AsMVT) and the JS encoder only wrap it.
import { simplifyUnitsAt } from '../../db/src/layers/catalog.ts';
import { TILE_LAYERS, type Layer, type TileLayer } from './layers.ts';

export const EXTENT = 4096;
export const BUFFER = 64;
const WORLD = 40075016.685578488;

/** Metres of one tile pixel (of EXTENT) at zoom z: the simplification tolerance that loses nothing visible. */
export function pixelSize(z: number): number {
  return WORLD / (EXTENT * 2 ** z);
}

/**
 * Features of `layer` in tile z/x/y ($1, $2, $3), with `$4` the simplification tolerance in metres (0: none).
 * Columns: __fid (feature id), one column per attribute, __geom (EPSG:3857).
 */
export function featuresInTileSql(layer: TileLayer): string {
  const fields = Object.entries(layer.fields)
    .map(([name, [sql]]) => `${sql} AS "${name}"`)
    .join(', ');
  return `SELECT ${layer.featureId ?? 'f.id'} AS __fid, ${fields},
      CASE WHEN $4::float8 > 0 THEN ST_SimplifyPreserveTopology(f.geom_3857, $4::float8) ELSE f.geom_3857 END AS __geom
    FROM ${layer.table} f
    WHERE f.geom_3857 && ST_TileEnvelope($1::int, $2::int, $3::int, margin => ${BUFFER / EXTENT})
      AND f.valid_to IS NULL${layer.inForce ? `\n      AND ${layer.inForce}` : ''}`;
}

/**
 * PostGIS server: the whole tile layer as one MVT blob. ST_AsMVT skips rows whose ST_AsMVTGeom is NULL (clipped or
 * collapsed away), so no `WHERE __geom IS NOT NULL`: the planner pushes such a filter down into the scan, and every
 * feature's ST_AsMVTGeom is then computed twice (a third of a dense tile's time).
 */
export function mvtSql(layer: TileLayer): string {
  const fields = Object.keys(layer.fields)
    .map((n) => `s."${n}"`)
    .join(', ');
  return `SELECT ST_AsMVT(q, '${layer.id}', ${EXTENT}, '__geom', '__fid') AS mvt FROM (
    SELECT s.__fid, ${fields}, ST_AsMVTGeom(s.__geom, ST_TileEnvelope($1::int, $2::int, $3::int), ${EXTENT}, ${BUFFER}, true) AS __geom
    FROM (${featuresInTileSql(layer)}) s
  ) q`;
}

/** Embedded engine: the same features, clipped and scaled to tile pixels (y down) as GeoJSON, encoded in JS. */
export function tileGeojsonSql(layer: TileLayer): string {
  const fields = Object.keys(layer.fields)
    .map((n) => `s."${n}"`)
    .join(', ');
  return `WITH env AS (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS e)
    SELECT s.__fid, ${fields},
      ST_AsGeoJSON(ST_TransScale(
        ST_ForcePolygonCCW(ST_ClipByBox2D(s.__geom, ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * ${BUFFER / EXTENT}))),
        -ST_XMin(env.e), -ST_YMax(env.e),
        ${EXTENT} / (ST_XMax(env.e) - ST_XMin(env.e)), -${EXTENT} / (ST_YMax(env.e) - ST_YMin(env.e))
      ), 0) AS __geojson
    FROM (${featuresInTileSql(layer)}) s, env`;
}

/** The parameters of a tile's SQL; `day` (YYYY-MM-DD, default today in UTC) only for layers filtered by validity. */
export function tileParams(layer: Layer, z: number, x: number, y: number, day = today()): (number | string)[] {
  const def = TILE_LAYERS[layer];
  const tolerance = z < def.simplifyBelowZoom ? pixelSize(z) * simplifyUnitsAt(def.simplifyUnits, z) : 0;
  return def.inForce ? [z, x, y, tolerance, day] : [z, x, y, tolerance];
}

/** Today in UTC, as the parcel answer's default date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The tiles of zoom $1 that features of `layer` in force may touch (their boxes, widened by the tile buffer): the
 * tiles worth rendering when a whole pyramid is built. Columns x, y.
 */
export function occupiedTilesSql(layer: TileLayer): string {
  const half = WORLD / 2;
  const m = BUFFER / EXTENT;
  return `WITH p AS (SELECT ${WORLD}::float8 / 2 ^ $1::int AS ts, 2 ^ $1::int - 1 AS top)
    SELECT DISTINCT x::int AS x, y::int AS y
    FROM (SELECT f.geom_3857::box2d AS b FROM ${layer.table} f WHERE f.valid_to IS NULL) s, p,
      LATERAL generate_series(greatest(0, floor((ST_XMin(s.b) + ${half}) / p.ts - ${m}))::int,
                              least(p.top, floor((ST_XMax(s.b) + ${half}) / p.ts + ${m}))::int) x,
      LATERAL generate_series(greatest(0, floor((${half} - ST_YMax(s.b)) / p.ts - ${m}))::int,
                              least(p.top, floor((${half} - ST_YMin(s.b)) / p.ts + ${m}))::int) y`;
}
