// The atlas's reads: the indicator catalogue, indicator values per UAT and year, county series, and the UATs with
// their metric areas (EPSG:3844). Values in force only (valid_to IS NULL).
import type { Queryable } from './connect.ts';

export type IndicatorKind = 'count_stock' | 'count_flow' | 'rate';

export interface IndicatorRow {
  code: string;
  name_ro: string;
  name_en: string;
  description_ro: string | null;
  description_en: string | null;
  unit: string;
  unit_en: string | null;
  kind: IndicatorKind;
  source: string;
  source_en: string | null;
  licence: string | null;
  licence_en: string | null;
  coverage: 'national' | 'county';
  higher_is_better: boolean | null;
  synthetic: boolean;
  notes_ro: string | null;
  notes_en: string | null;
  years: number[];
  uats_with_values: number;
  dataset_version_id: number | null;
}

export interface IndicatorValueRow {
  siruta: number;
  year: number;
  value: number;
}

export interface UatRow {
  siruta: number;
  name: string;
  county_code: string | null;
  county_name: string | null;
  rank: string | null;
  area_km2: number;
}

export interface RegionValueRow {
  county_code: string;
  year: number;
  value: number;
  source: string;
  source_en: string | null;
}

/** The catalogue, in display order, each indicator with the years that hold values. */
export async function listIndicators(db: Queryable): Promise<IndicatorRow[]> {
  const { rows } = await db.query<IndicatorRow>(
    `SELECT i.code, i.name_ro, i.name_en, i.description AS description_ro, i.description_en, i.unit, i.unit_en,
            i.kind, i.source, i.source_en, i.licence, i.licence_en, i.coverage, i.higher_is_better, i.synthetic, i.notes_ro, i.notes_en,
            i.dataset_version_id,
            COALESCE(v.years, '{}') AS years, COALESCE(v.uats, 0)::int AS uats_with_values
     FROM indicators i
     LEFT JOIN LATERAL (
       SELECT array_agg(DISTINCT year ORDER BY year) AS years, count(DISTINCT uat_siruta) AS uats
       FROM indicator_values WHERE indicator_code = i.code AND valid_to IS NULL AND value IS NOT NULL
     ) v ON true
     ORDER BY i.sort_order, i.code`,
  );
  return rows;
}

/** Every value in force of one indicator (all UATs, all years); NULL values are absent. */
export async function indicatorValues(db: Queryable, code: string): Promise<IndicatorValueRow[]> {
  const { rows } = await db.query<IndicatorValueRow>(
    `SELECT uat_siruta AS siruta, year, value FROM indicator_values
     WHERE indicator_code = $1 AND valid_to IS NULL AND value IS NOT NULL ORDER BY year, uat_siruta`,
    [code],
  );
  return rows;
}

/** One indicator's values of one year: the plain read the atlas's answer is measured against. */
export async function indicatorYearValues(db: Queryable, code: string, year: number): Promise<IndicatorValueRow[]> {
  const { rows } = await db.query<IndicatorValueRow>(
    `SELECT v.uat_siruta AS siruta, v.year, v.value FROM indicator_values v
     WHERE v.indicator_code = $1 AND v.year = $2 AND v.valid_to IS NULL AND v.value IS NOT NULL`,
    [code, year],
  );
  return rows;
}

/** A county's own published series of an indicator, where one was loaded. */
export async function regionValues(db: Queryable, code: string): Promise<RegionValueRow[]> {
  const { rows } = await db.query<RegionValueRow>(
    `SELECT county_code, year, value, source, source_en FROM indicator_region_values WHERE indicator_code = $1
     ORDER BY county_code, year`,
    [code],
  );
  return rows;
}

/** The UATs in force, with their area in km² computed in Stereo 70. */
export async function listUats(db: Queryable): Promise<UatRow[]> {
  const { rows } = await db.query<UatRow>(
    `SELECT siruta, name, county_code, county_name, rank, ST_Area(geom) / 1e6 AS area_km2
     FROM uats WHERE valid_to IS NULL ORDER BY siruta`,
  );
  return rows;
}

export interface UatGeometryRow {
  siruta: number;
  bbox: [number, number, number, number];
  geometry: { type: string; coordinates: unknown };
}

/** UAT outlines in EPSG:4326 (6 decimals), for exports and the profile's map. */
export async function uatGeometries(db: Queryable, sirutas?: readonly number[]): Promise<UatGeometryRow[]> {
  const { rows } = await db.query<UatGeometryRow>(
    `SELECT siruta, ST_AsGeoJSON(ST_Transform(geom, 4326), 6)::json AS geometry,
            ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox
     FROM (SELECT siruta, geom, ST_Transform(ST_Envelope(geom), 4326)::box2d AS b FROM uats
           WHERE valid_to IS NULL AND ($1::int[] IS NULL OR siruta = ANY($1))) u
     ORDER BY siruta`,
    [sirutas ?? null],
  );
  return rows;
}

/** Each current UAT's bounding box in EPSG:4326 (for a `bbox` filter without reading the outlines). */
export async function uatBoxes(db: Queryable): Promise<{ siruta: number; bbox: [number, number, number, number] }[]> {
  const { rows } = await db.query<{ siruta: number; bbox: [number, number, number, number] }>(
    `SELECT siruta, ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox
     FROM (SELECT siruta, ST_Transform(ST_Envelope(geom), 4326)::box2d AS b FROM uats WHERE valid_to IS NULL) u
     ORDER BY siruta`,
  );
  return rows.map((r) => ({ siruta: Number(r.siruta), bbox: r.bbox.map(Number) as [number, number, number, number] }));
}

/**
 * A number that changes whenever the data the atlas reads changes (an import, a replacement, a deletion): the
 * atlas's caches are keyed by it.
 */
export async function atlasDataVersion(db: Queryable): Promise<{ version: string; importedAt: string | null }> {
  const { rows } = await db.query<{ v: string; at: string | null }>(
    `SELECT concat_ws(':', max(id), count(*) FILTER (WHERE valid_to IS NULL),
       (SELECT count(*) FROM indicator_region_values)) AS v,
       to_char(max(imported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
     FROM dataset_versions WHERE layer IN ('uat', 'indicators')`,
  );
  return { version: rows[0]!.v, importedAt: rows[0]!.at };
}
