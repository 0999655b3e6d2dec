// Issued urbanism certificates: numbering, storage, lookup, and the features drawn on a certificate's map.
// The map SQL (features, streets, zoning presence and provenance, one statement) is in db/sql/certificates.map.sql.
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

/** Where a dataset version comes from: whether a generator made it, and the credit its source requires. */
export interface VersionProvenance {
  id: number;
  synthetic: boolean;
  attribution: string | null;
}

/** What a certificate needs besides the parcel lookup; see certificates.map.sql. */
export interface CertificateMap {
  /** What the map shows in the frame, in drawing order. */
  features: MapFeatureRow[];
  /** The streets in force that cross the frame, clipped to it. */
  streets: MapStreetRow[];
  /** Whether any zoning unit of the parcel's UAT is in force: "no UTR on this parcel" vs "no zoning data for the UAT". */
  hasZoning: boolean;
  /** Of the versions asked for and of the streets' versions, by id. */
  provenance: VersionProvenance[];
}

/**
 * Everything a certificate's map and data notes need in `frame` (EPSG:3844) at `at` (`day` the same instant as a
 * date), in one statement: the map's features and streets, whether UAT `uat` has zoning data, and the provenance of
 * the dataset versions `versionIds` (and of the streets drawn).
 */
export async function certificateMap(
  db: Db,
  opts: {
    frame: Extent;
    at: string;
    day: string;
    parcelId: number;
    maxParcels: number;
    maxStreets: number;
    uat: number;
    versionIds: readonly number[];
  },
): Promise<CertificateMap> {
  const { frame } = opts;
  const { rows } = await db.prepared<{
    features: MapFeatureRow[];
    streets: MapStreetRow[];
    has_zoning: boolean;
    provenance: VersionProvenance[];
  }>('certificates_map_all', sql('certificates.map'), [
    frame.xmin,
    frame.ymin,
    frame.xmax,
    frame.ymax,
    opts.at,
    opts.day,
    opts.parcelId,
    opts.maxParcels,
    opts.maxStreets,
    opts.uat,
    [...opts.versionIds],
  ]);
  const row = rows[0]!;
  return {
    features: row.features,
    streets: row.streets.map((r) => ({ ...r, id: Number(r.id), dataset_version_id: Number(r.dataset_version_id) })),
    hasZoning: row.has_zoning,
    provenance: row.provenance.map((r) => ({ ...r, id: Number(r.id) })),
  };
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
