// Parcel lookups with the zoning overlay of the parcel, and autocomplete. The SQL is in db/sql/parcels.*.sql.
import type { Db, Queryable } from './connect.ts';
import { LookupBatcher, type LookupKey, type LookupKind } from './lookup-batcher.ts';
import { catalogEntries, versionInfo, type VersionInfo } from './overlay-catalog.ts';
import { addressKey } from './parcels/address-key.ts';
import { sql } from './sql.ts';

export interface ParcelRow {
  id: number;
  uat_siruta: number;
  uat_name: string | null;
  county_name: string | null;
  cadastral_number: string;
  land_book_number: string | null;
  area_official_m2: number | null;
  land_use: string | null;
  /** null: not in the data (no field in the parcel file, no built-up area limits loaded for its UAT) */
  intravilan: boolean | null;
  /** the status was worked out from the built-up area limits (layer intravilan), not read from the parcel file */
  intravilan_derived: boolean;
  address: string | null;
  dataset_version_id: number;
  area_m2: number;
  geometry: { type: string; coordinates: unknown };
  bbox: [number, number, number, number];
  /** The bounding box in EPSG:3844 (xmin, ymin, xmax, ymax), e.g. the frame of a certificate's map. */
  extent: [number, number, number, number];
}

export interface OverlayRow {
  /** uat_plan: a PUG in force in the parcel's UAT that none of its geometry brings onto the parcel. */
  kind: 'unit' | 'plan' | 'restriction' | 'uat_plan';
  id: number;
  code: string | null;
  name: string | null;
  zone_group: string | null;
  category: string | null;
  plan_code: string | null;
  plan_kind: 'PUG' | 'PUZ' | 'PUD' | null;
  dataset_version_id: number;
  permitted_uses: string[] | null;
  conditional_uses: string[] | null;
  forbidden_uses: string[] | null;
  pot_max_pct: number | null;
  cut_max: number | null;
  height_max_m: number | null;
  height_total_max_m: number | null;
  height_regime: string | null;
  max_floors: number | null;
  min_parcel_area_m2: number | null;
  min_frontage_m: number | null;
  setback_front_m: number | null;
  setback_side_m: number | null;
  setback_rear_m: number | null;
  regulation_url: string | null;
  regulations: Record<string, unknown> | null;
  title: string | null;
  hcl_number: string | null;
  hcl_date: string | null;
  in_force_from: string | null;
  in_force_to: string | null;
  overrides_pug: boolean | null;
  legal_basis: string | null;
  description: string | null;
  area_m2: number;
  applied_m2: number;
  overridden_by: string[] | null;
}

export interface SearchRow {
  uat_siruta: number;
  uat_name: string | null;
  cadastral_number: string;
  address: string | null;
}

export interface ParcelLookup extends ParcelRow {
  overlay: OverlayRow[];
  /** The dataset versions the answer used: the parcel's and its overlays'. */
  versions: VersionInfo[];
}

/** What the lookup SQL returns per overlay: which one, and the areas; the attributes come from the catalog. */
interface OverlayHit {
  kind: OverlayRow['kind'];
  id: number;
  area_m2: number;
  applied_m2: number;
  overridden_by: string[] | null;
}

const SELECTORS = { number: 'parcels.select-by-number', point: 'parcels.select-at-point' } as const;
const lookupSql = (by: LookupKind) => sql('parcels.lookup').replace('{{parcel}}', sql(SELECTORS[by]));
const KEY_TYPES = { number: ['int', 'text'], point: ['float8', 'float8'] } as const;

/**
 * Several lookups in one statement: the lookup joined LATERAL to the keys ($1, $2: arrays), its selector reading the
 * key's columns where the single lookup reads $1 and $2; `__i` numbers the keys (from 1).
 */
const batchSql = (by: LookupKind) => {
  const [a, b] = KEY_TYPES[by];
  const selector = sql(SELECTORS[by]).replace(/\$1\b/g, 'k.a').replace(/\$2\b/g, 'k.b');
  return `SELECT k.i::int AS __i, l.*
    FROM unnest($1::${a}[], $2::${b}[]) WITH ORDINALITY AS k(a, b, i)
    CROSS JOIN LATERAL (${sql('parcels.lookup').replace('{{parcel}}', selector)}) l`;
};

type LookupRow = ParcelRow & { overlay: OverlayHit[] };
const batchers = new WeakMap<Db, LookupBatcher<LookupRow>>();

function batcherOf(db: Db): LookupBatcher<LookupRow> {
  let batcher = batchers.get(db);
  if (!batcher) {
    const single = { number: lookupSql('number'), point: lookupSql('point') };
    const batch = { number: batchSql('number'), point: batchSql('point') };
    batcher = new LookupBatcher<LookupRow>(async (kind, at, day, keys) => {
      if (keys.length === 1) {
        const [[a, b]] = keys as [LookupKey];
        const { rows } = await db.reader.prepared<LookupRow>(`parcel_by_${kind}`, single[kind], [a, b, at, day]);
        return [rows[0]];
      }
      const { rows } = await db.reader.prepared<LookupRow & { __i: number }>(`parcels_by_${kind}`, batch[kind], [
        keys.map((k) => k[0]),
        keys.map((k) => k[1]),
        at,
        day,
      ]);
      const out: (LookupRow | undefined)[] = new Array<LookupRow | undefined>(keys.length).fill(undefined);
      for (const { __i, ...row } of rows) out[__i - 1] = row;
      return out;
    }, db.connections);
    batchers.set(db, batcher);
  }
  return batcher;
}

/** How many statements the lookups of `db` took so far, and how many lookups they answered. */
export function lookupBatchStats(db: Db): { batches: number; lookups: number } {
  const b = batchers.get(db);
  return { batches: b?.batches ?? 0, lookups: b?.lookups ?? 0 };
}

/**
 * A parcel in force at timestamp `at` (undefined: now; `day`: the same instant as a date), with its zoning overlay and
 * the dataset versions used: by UAT and cadastral number or under a WGS84 point, one prepared statement (shared with
 * the lookups waiting at the same time, see lookup-batcher.ts), and the overlays' attributes from the in-memory
 * catalog.
 */
export async function parcelLookup(
  db: Db,
  by: { uat: number; number: string } | { lon: number; lat: number },
  at: string | undefined,
  day: string,
): Promise<ParcelLookup | undefined> {
  const row =
    'number' in by
      ? await batcherOf(db).lookup('number', [by.uat, by.number], at, day)
      : await batcherOf(db).lookup('point', [by.lon, by.lat], at, day);
  if (!row) return undefined;
  const catalogKind = (k: OverlayHit['kind']) => (k === 'uat_plan' ? 'plan' : k);
  const attrs = await catalogEntries(
    db,
    row.overlay.map((h) => ({ kind: catalogKind(h.kind), id: h.id })),
  );
  const planKind = new Map<unknown, unknown>();
  for (const hit of row.overlay) {
    const a = attrs.get(`${catalogKind(hit.kind)}:${hit.id}`);
    if (hit.kind === 'plan' && a) planKind.set(a.code, a.plan_kind);
  }
  const overlay = row.overlay.map((hit) => {
    const a = attrs.get(`${catalogKind(hit.kind)}:${hit.id}`) ?? {};
    const planOfUnit = hit.kind === 'unit' ? { plan_kind: planKind.get(a.plan_code) ?? null } : {};
    return { ...a, ...planOfUnit, ...hit } as unknown as OverlayRow;
  });
  const versionIds = [...new Set([row.dataset_version_id, ...overlay.map((o) => o.dataset_version_id)])].sort(
    (a, b) => a - b,
  );
  const versions = await catalogEntries(
    db,
    versionIds.map((id) => ({ kind: 'version' as const, id })),
  );
  return {
    ...row,
    overlay,
    versions: versionIds.map((id) => versionInfo(versions, id)).filter((v): v is VersionInfo => v !== undefined),
  };
}

export async function uatExists(db: Queryable, siruta: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM uats WHERE siruta = $1 LIMIT 1', [siruta]);
  return rows.length > 0;
}

/** Autocomplete: parcels whose cadastral number starts with `prefix`, optionally in one UAT (or UATs matching a name). */
export async function searchParcels(
  db: Queryable,
  prefix: string,
  opts: { uat?: number | undefined; uatName?: string | undefined; limit: number },
): Promise<SearchRow[]> {
  // Cadastral numbers hold [0-9A-Za-z./-] only, all below "~" in byte order: [prefix, prefix~) is the prefix range.
  const { rows } = await db.query<SearchRow>(
    `SELECT p.uat_siruta, u.name AS uat_name, p.cadastral_number, p.address
     FROM parcels p
     LEFT JOIN uats u ON u.siruta = p.uat_siruta AND u.valid_to IS NULL
     WHERE p.valid_to IS NULL
       AND p.cadastral_number COLLATE "C" >= $1 AND p.cadastral_number COLLATE "C" < $1 || '~'
       AND ($2::int IS NULL OR p.uat_siruta = $2)
       AND ($3::text IS NULL OR p.uat_siruta IN (SELECT siruta FROM uats WHERE valid_to IS NULL AND lower(name) = lower($3)))
     ORDER BY p.cadastral_number COLLATE "C", p.uat_siruta
     LIMIT $4`,
    [prefix, opts.uat ?? null, opts.uatName ?? null, opts.limit],
  );
  return rows;
}

export interface AddressRow extends SearchRow {
  address: string;
}

/**
 * Address search, diacritics- and case-insensitive: "strada motilor 12" finds "Strada Moților nr. 12". Both sides are
 * folded by the same rules (db/src/parcels/address-key.ts): the parcels' keys are stored (`address_key`), what the user
 * types is folded here; the key's prefix first (served by an index), and when nothing starts so, addresses holding
 * every typed word (a street name's later word: "creanga 5" for "Ion Creangă nr. 5").
 */
export async function searchAddresses(
  db: Queryable,
  q: string,
  opts: { uat?: number | undefined; limit: number },
): Promise<AddressRow[]> {
  const key = addressKey(q);
  if (key === '') return [];
  const { rows } = await db.query<AddressRow>(
    `WITH prefix AS (
       SELECT p.uat_siruta, p.cadastral_number, p.address, p.address_key AS key
       FROM parcels p
       WHERE p.valid_to IS NULL AND p.address_key IS NOT NULL
         AND p.address_key COLLATE "C" >= $1 AND p.address_key COLLATE "C" < $1 || '~'
         AND ($2::int IS NULL OR p.uat_siruta = $2)
       ORDER BY p.address_key COLLATE "C"
       LIMIT 200
     ),
     words AS (
       SELECT p.uat_siruta, p.cadastral_number, p.address, p.address_key AS key
       FROM parcels p
       WHERE NOT EXISTS (SELECT 1 FROM prefix)
         AND p.valid_to IS NULL AND p.address_key IS NOT NULL
         AND ' ' || p.address_key LIKE '% ' || replace($1, ' ', '% ') || '%'
         AND ($2::int IS NULL OR p.uat_siruta = $2)
       LIMIT 200
     ),
     hits AS (SELECT * FROM prefix UNION ALL SELECT * FROM words)
     SELECT h.uat_siruta, u.name AS uat_name, h.cadastral_number, h.address
     FROM hits h
     LEFT JOIN LATERAL (SELECT name FROM uats WHERE siruta = h.uat_siruta AND valid_to IS NULL LIMIT 1) u ON true
     ORDER BY (h.key = $1) DESC, (h.key LIKE $1 || ' %') DESC, length(h.key), h.key COLLATE "C", h.cadastral_number
     LIMIT $3`,
    [key, opts.uat ?? null, opts.limit],
  );
  return rows;
}

export interface PermitNearRow {
  kind: 'CU' | 'AC';
  number: string;
  issued_on: string;
  purpose: string | null;
  address: string | null;
  cadastral_number: string | null;
  distance_m: number;
}

export interface CertificateOfParcelRow {
  number: string;
  issued_at: string;
  language: string;
}

/**
 * What was issued on and around a parcel in force: the permits (CU, AC) of the permits layer within `radiusM` metres
 * of it, nearest and newest first, and the informative certificates this Atlas issued for it, newest first.
 * Undefined when the parcel does not exist.
 */
export async function parcelActivity(
  db: Queryable,
  uat: number,
  number: string,
  opts: { radiusM: number; limit: number },
): Promise<{ permits: PermitNearRow[]; certificates: CertificateOfParcelRow[] } | undefined> {
  const { rows: found } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM parcels WHERE uat_siruta = $1 AND cadastral_number = $2 AND valid_to IS NULL`,
    [uat, number],
  );
  if (!found[0]?.n) return undefined;
  const { rows: permits } = await db.query<PermitNearRow>(
    `WITH p AS (
       SELECT geom FROM parcels WHERE uat_siruta = $1 AND cadastral_number = $2 AND valid_to IS NULL LIMIT 1
     )
     SELECT m.kind, m.number, to_char(m.issued_on, 'YYYY-MM-DD') AS issued_on, m.purpose, m.address,
       m.cadastral_number, round(ST_Distance(m.geom, p.geom)::numeric, 1)::float8 AS distance_m
     FROM p JOIN permits m ON m.valid_to IS NULL AND ST_DWithin(m.geom, p.geom, $3)
     ORDER BY ST_Distance(m.geom, p.geom), m.issued_on DESC, m.number
     LIMIT $4`,
    [uat, number, opts.radiusM, opts.limit],
  );
  const { rows: certificates } = await db.query<CertificateOfParcelRow>(
    `SELECT number, language,
       to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS issued_at
     FROM certificates WHERE uat_siruta = $1 AND cadastral_number = $2
     ORDER BY issued_at DESC, number DESC LIMIT $3`,
    [uat, number, opts.limit],
  );
  return { permits, certificates };
}
