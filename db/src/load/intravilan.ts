// Issue 13: a parcel's intravilan/extravilan status when its file does not say it. It comes from the built-up area
// limits (`intravilan_areas`, the importable layer `intravilan`) loaded for the parcel's UAT: a parcel whose point on
// surface lies inside a limit is intravilan, else extravilan. A UAT without limits leaves its parcels unknown (NULL),
// which the answers and the certificate say ("nu figurează în date"), never guess. A status read from the parcel file
// is never touched; one worked out here is marked (`intravilan_derived`).
//
// - `deriveForVersion` runs inside a parcel import's transaction, on the rows it loaded.
// - `rederiveIntravilan` runs after an import of the limits: every current parcel whose status was worked out (or is
//   unknown) and now differs gets a new row in a new dataset version of the parcels (the old row is kept, closed), so
//   that as-of-date reads and the certificates issued before keep their answer.
import type { Db, Queryable } from '../connect.ts';
import { finishVersion, inImportTransaction, openVersion } from './dataset-version.ts';

/** True when some UAT has built-up area limits in force (else there is nothing to work out). */
async function limitsLoaded(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM intravilan_areas WHERE valid_to IS NULL) AS any',
  );
  return rows[0]!.any;
}

/** The status worked out for parcel `p`, as SQL: NULL when its UAT has no limits in force. */
const DERIVED = `CASE WHEN EXISTS (SELECT 1 FROM intravilan_areas i WHERE i.valid_to IS NULL AND i.uat_siruta = p.uat_siruta)
  THEN EXISTS (SELECT 1 FROM intravilan_areas i
               WHERE i.valid_to IS NULL AND i.uat_siruta = p.uat_siruta AND ST_Intersects(i.geom, ST_PointOnSurface(p.geom)))
  END`;

/** Parcels just loaded (dataset version `versionId`) without a status in their file: their status from the limits. */
export async function deriveForVersion(tx: Queryable, versionId: number): Promise<number> {
  if (!(await limitsLoaded(tx))) return 0;
  const { rows } = await tx.query<{ n: number }>(
    `WITH d AS (
       UPDATE parcels p SET intravilan = ${DERIVED}, intravilan_derived = true
       WHERE p.dataset_version_id = $1 AND p.intravilan IS NULL
         AND EXISTS (SELECT 1 FROM intravilan_areas i WHERE i.valid_to IS NULL AND i.uat_siruta = p.uat_siruta)
       RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
    [versionId],
  );
  return rows[0]!.n;
}

export interface Rederived {
  /** the new dataset version of the parcels; null when no status changed */
  datasetVersionId: number | null;
  /** parcels whose status changed */
  changed: number;
}

/**
 * After an import of the limits (dataset version `limitsVersion`): works the status out again for every parcel in
 * force whose status was worked out or is unknown, and writes those that changed as a new dataset version.
 */
export async function rederiveIntravilan(
  db: Db,
  limitsVersion: number,
  importedBy: string | undefined,
): Promise<Rederived> {
  // Parcel imports and this run one at a time.
  return inImportTransaction(db, 'parcels', async (tx) => {
    const { rows: changes } = await tx.query<{ id: string; status: boolean | null; uat_siruta: number }>(
      `SELECT p.id::text AS id, p.uat_siruta, n.status
       FROM parcels p CROSS JOIN LATERAL (SELECT ${DERIVED} AS status) n
       WHERE p.valid_to IS NULL AND (p.intravilan IS NULL OR p.intravilan_derived)
         AND p.intravilan IS DISTINCT FROM n.status
       ORDER BY p.id`,
    );
    if (changes.length === 0) return { datasetVersionId: null, changed: 0 };
    const uats = new Set(changes.map((c) => c.uat_siruta));
    const version = await openVersion(tx, {
      layer: 'parcels',
      scope: uats.size === 1 ? [...uats][0]! : null,
      sourceFile: `intravilan status from the built-up area limits (dataset version ${limitsVersion})`,
      sourceCrs: 'EPSG:3844',
      featureCount: changes.length,
      importedBy,
      report: { derived: { intravilan_limits_version: limitsVersion, changed: changes.length } },
    });
    const ids = changes.map((c) => c.id);
    const statuses = changes.map((c) => c.status);
    // The parcels whose status changed get a new row; the old one stays, closed.
    await tx.query(`UPDATE parcels SET valid_to = $2 WHERE id = ANY($1::bigint[]) AND valid_to IS NULL`, [
      ids,
      version.validFrom,
    ]);
    await tx.query(
      `INSERT INTO parcels (uat_siruta, cadastral_number, land_book_number, area_official_m2, land_use, intravilan,
                            intravilan_derived, address, address_key, dataset_version_id, valid_from, segment, geom,
                            geom_3857)
       SELECT p.uat_siruta, p.cadastral_number, p.land_book_number, p.area_official_m2, p.land_use, c.status,
              c.status IS NOT NULL, p.address, p.address_key, $3, $4, 0, p.geom, p.geom_3857
       FROM unnest($1::bigint[], $2::bool[]) AS c(id, status) JOIN parcels p ON p.id = c.id
       ORDER BY p.uat_siruta, p.cadastral_number`,
      [ids, statuses, version.id, version.validFrom],
    );
    // Versions none of whose rows is in force any more end here.
    await finishVersion(tx, version, { rowsIn: 'parcels' });
    return { datasetVersionId: version.id, changed: changes.length };
  });
}
