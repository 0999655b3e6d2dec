import type { Queryable } from './connect.ts';

export const LAYERS = ['uat', 'parcels', 'zoning', 'plans', 'restrictions', 'permits', 'streets', 'blocks'] as const;
export type Layer = (typeof LAYERS)[number];
export const IMPORT_LAYERS = [...LAYERS, 'indicators', 'siruta'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

/** The table behind each map layer. */
export const LAYER_TABLE: Readonly<Record<Layer, string>> = {
  uat: 'uats',
  parcels: 'parcels',
  zoning: 'zoning_units',
  plans: 'plans',
  restrictions: 'restrictions',
  permits: 'permits',
  streets: 'streets',
  blocks: 'blocks',
};

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

export async function versionById(db: Queryable, id: number): Promise<DatasetVersion | undefined> {
  const { rows } = await db.query<DatasetVersion>(`SELECT ${COLUMNS} FROM dataset_versions WHERE id = $1`, [id]);
  return rows[0];
}

export async function isEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dataset_versions');
  return (rows[0]?.n ?? 0) === 0;
}
