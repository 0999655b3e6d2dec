import type { Queryable } from './connect.ts';
import { deriveByMapLayer, MAP_LAYERS, type MapLayerId } from './layers/registry.ts';

/** The map layers, in order: derived from the layer catalog (db/src/layers/). */
export const LAYERS = MAP_LAYERS;
export type Layer = MapLayerId;
export const IMPORT_LAYERS = [...LAYERS, 'indicators', 'siruta'] as const;
export type ImportLayer = Layer | 'indicators' | 'siruta';

/** The table behind each map layer (from the layer catalog; a layer registered later is added). */
export const LAYER_TABLE: Readonly<Record<Layer, string>> = deriveByMapLayer((def) => def.table);

export interface DatasetVersion {
  id: number;
  layer: string;
  uat_siruta: number | null;
  source_file: string;
  source_crs: string | null;
  feature_count: number;
  imported_at: string;
  valid_from: string;
  valid_to: string | null;
}

const COLUMNS = `id, layer, uat_siruta, source_file, source_crs, feature_count,
  to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS imported_at,
  to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS valid_from,
  to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS valid_to`;

/** The dataset versions in force now, one or more per layer (a layer may be versioned per UAT). */
export async function currentVersions(db: Queryable): Promise<DatasetVersion[]> {
  const { rows } = await db.query<DatasetVersion>(
    `SELECT ${COLUMNS} FROM dataset_versions WHERE valid_to IS NULL ORDER BY layer, uat_siruta NULLS FIRST, id`,
  );
  return rows;
}

export async function isEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dataset_versions');
  return (rows[0]?.n ?? 0) === 0;
}

/** One dataset version in force, as the public catalogue (`GET /api/datasets`) shows it. */
export interface PublishedVersion {
  layer: string;
  version_id: number;
  uat_siruta: number | null;
  valid_from: string;
  imported_at: string;
  source_file: string;
  feature_count: number;
  /** Made by a generator: the web app shows a "test data" notice while such a version is in force. */
  synthetic: boolean;
  attribution: string | null;
}

/** The dataset versions in force now with their provenance, by layer. */
export async function publishedVersions(db: Queryable): Promise<PublishedVersion[]> {
  const { rows } = await db.query<PublishedVersion>(
    `SELECT layer, id AS version_id, uat_siruta, source_file, feature_count, synthetic, attribution,
       to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS valid_from,
       to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS imported_at
     FROM dataset_versions WHERE valid_to IS NULL ORDER BY layer, uat_siruta NULLS FIRST, id`,
  );
  return rows;
}
