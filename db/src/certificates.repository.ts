// Issued urbanism certificates: numbering, storage, lookup, and the features drawn on a certificate's map.
// The map SQL is in db/sql/certificates.map.sql and db/sql/certificates.streets.sql.
import type { Db, Queryable } from './connect.ts';
import { sql } from './sql.ts';

export interface CertificateRow {
  number: string;
  uat_siruta: number;
  cadastral_number: string;
  /** ISO 8601 UTC, to the second. */
  issued_at: string;
  reflects_date: string;
  language: string;
  data_versions: unknown;
  content: unknown;
  pdf_sha256: string;
  verification_code: string;
}

export interface Extent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export interface MapFeatureRow {
  layer: 'zone' | 'plan' | 'restriction' | 'parcel' | 'subject';
  id: number;
  code: string | null;
  zone_group: string | null;
  plan_code: string | null;
  /** Plan kind (zones, plans) or restriction kind. */
  kind: string | null;
  /** GeoJSON in EPSG:3844 metres. */
  geometry: { type: string; coordinates: unknown };
}

const COLUMNS = `number, uat_siruta, cadastral_number,
  to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS issued_at,
  to_char(reflects_date, 'YYYY-MM-DD') AS reflects_date, language, data_versions, content, pdf_sha256,
  verification_code`;

/**
 * Advances the counter of (uat, year) by `count` and returns the last number taken: the caller owns
 * `last - count + 1 … last`. Run it in the transaction that stores the certificates: the counter row stays locked
 * until then, and a rollback gives the numbers back.
 */
export async function takeCertificateNumbers(tx: Queryable, uat: number, year: number, count: number): Promise<number> {
  const { rows } = await tx.query<{ last: number }>(
    `INSERT INTO certificate_sequences (uat_siruta, year, last) VALUES ($1, $2, $3)
     ON CONFLICT (uat_siruta, year) DO UPDATE SET last = certificate_sequences.last + EXCLUDED.last
     RETURNING last`,
    [uat, year, count],
  );
  return rows[0]!.last;
}

export async function insertCertificates(tx: Queryable, rows: readonly CertificateRow[]): Promise<void> {
  for (const r of rows) {
    await tx.query(
      `INSERT INTO certificates (number, uat_siruta, cadastral_number, issued_at, reflects_date, language,
         data_versions, content, pdf_sha256, verification_code)
       VALUES ($1, $2, $3, $4::timestamptz, $5::date, $6, $7::jsonb, $8::jsonb, $9, $10)`,
      [
        r.number,
        r.uat_siruta,
        r.cadastral_number,
        r.issued_at,
        r.reflects_date,
        r.language,
        JSON.stringify(r.data_versions),
        JSON.stringify(r.content),
        r.pdf_sha256,
        r.verification_code,
      ],
    );
  }
}

export async function certificateByNumber(db: Queryable, number: string): Promise<CertificateRow | undefined> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM certificates WHERE number = $1`, [number]);
  return rows[0];
}

/** The bounding box of parcel `id` in EPSG:3844. */
export async function parcelExtent(db: Db, id: number): Promise<Extent | undefined> {
  const { rows } = await db.prepared<Extent>(
    'certificates_parcel_extent',
    'SELECT ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax FROM parcels WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** What a certificate's map shows in `frame` (EPSG:3844), in drawing order; see certificates.map.sql. */
export async function certificateMapFeatures(
  db: Db,
  opts: { frame: Extent; at: string; day: string; parcelId: number; maxParcels: number },
): Promise<MapFeatureRow[]> {
  const { frame } = opts;
  const { rows } = await db.prepared<MapFeatureRow>('certificates_map', sql('certificates.map'), [
    frame.xmin,
    frame.ymin,
    frame.xmax,
    frame.ymax,
    opts.at,
    opts.day,
    opts.parcelId,
    opts.maxParcels,
  ]);
  return rows;
}

/** A street on a certificate's map: its centreline clipped to the frame. */
export interface MapStreetRow {
  id: number;
  dataset_version_id: number;
  name: string | null;
  kind: string | null;
  /** Where the name comes from (e.g. OpenStreetMap contributors, ODbL). */
  name_source: string | null;
  /** GeoJSON (MultiLineString, in EPSG:3844 metres). */
  geometry: { type: string; coordinates: unknown };
}

/** The streets in force at `at` that cross `frame` (EPSG:3844), clipped to it; see certificates.streets.sql. */
export async function certificateMapStreets(
  db: Db,
  opts: { frame: Extent; at: string; maxStreets: number },
): Promise<MapStreetRow[]> {
  const { frame } = opts;
  const { rows } = await db.prepared<MapStreetRow>('certificates_map_streets', sql('certificates.streets'), [
    frame.xmin,
    frame.ymin,
    frame.xmax,
    frame.ymax,
    opts.at,
    opts.maxStreets,
  ]);
  return rows.map((r) => ({ ...r, id: Number(r.id), dataset_version_id: Number(r.dataset_version_id) }));
}

/** Where dataset versions `ids` come from: whether a generator made them, and the credit their source requires. */
export async function versionProvenance(
  db: Queryable,
  ids: readonly number[],
): Promise<{ id: number; synthetic: boolean; attribution: string | null }[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<{ id: number; synthetic: boolean; attribution: string | null }>(
    'SELECT id, synthetic, attribution FROM dataset_versions WHERE id = ANY($1::int[]) ORDER BY id',
    [[...ids]],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Whether any zoning unit of UAT `uat` is in force at `at`: "no UTR on this parcel" vs "no zoning data for the UAT". */
export async function uatHasZoning(db: Db, uat: number, at: string): Promise<boolean> {
  const { rows } = await db.prepared<{ present: boolean }>(
    'certificates_uat_has_zoning',
    `SELECT EXISTS (SELECT 1 FROM zoning_units
       WHERE uat_siruta = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)) AS present`,
    [uat, at],
  );
  return rows[0]?.present ?? false;
}

/** A stored answer to an idempotent certificate request (table certificate_requests). */
export interface StoredRequest {
  request_sha256: string;
  status: number;
  response: unknown;
}

export async function certificateRequest(db: Queryable, key: string): Promise<StoredRequest | undefined> {
  const { rows } = await db.query<StoredRequest>(
    'SELECT request_sha256, status, response FROM certificate_requests WHERE idempotency_key = $1',
    [key],
  );
  return rows[0];
}

/**
 * Stores the answer under its key, in the transaction that stores the certificates. A concurrent request that took
 * the same key first makes this fail (unique key): that transaction rolls back and the caller answers from the
 * stored record.
 */
export async function insertCertificateRequest(
  tx: Queryable,
  key: string,
  request: { sha256: string; status: number; response: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO certificate_requests (idempotency_key, request_sha256, status, response) VALUES ($1, $2, $3, $4::jsonb)`,
    [key, request.sha256, request.status, JSON.stringify(request.response)],
  );
}
