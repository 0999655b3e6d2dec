// The dataset-version lifecycle, one for every import (geometry layers, indicators, the SIRUTA list, the intravilan
// status worked out again): in one transaction holding the advisory lock of what is imported, a version is opened
// (recorded in dataset_versions, the rows it replaces closed with valid_to), rows are written, and the version is
// finished (its count, report and provenance recorded, the versions it replaced ended), then COMMIT; or everything
// rolls back (an error, a dry run). Readers outside the transaction keep seeing the previous version until COMMIT.
import type { Db, Queryable, Transaction } from '../connect.ts';
import { ImportError } from './errors.ts';

/** A dataset version being written. */
export interface OpenVersion {
  id: number;
  layer: string;
  /** when it comes into force, ISO 8601 UTC with microseconds */
  validFrom: string;
  /** the UAT it is scoped to (replaces that UAT's rows only), or null */
  scope: number | null;
}

export interface VersionRequest {
  /** dataset_versions.layer */
  layer: string;
  sourceFile: string;
  sourceCrs?: string | null | undefined;
  /** When it comes into force (ISO date or timestamp); default: the transaction's time. */
  validFrom?: string | undefined;
  importedBy?: string | undefined;
  synthetic?: boolean | undefined;
  attribution?: string | undefined;
  /** the UAT the version is scoped to (dataset_versions.uat_siruta) */
  scope?: number | null | undefined;
  /** known up front (else 0 until `finishVersion`) */
  featureCount?: number | undefined;
  report?: unknown;
  /**
   * The versioned rows (valid_to IS NULL) this version replaces, closed at its valid_from: those of `table` whose
   * columns equal `where` (all of them when `where` is empty).
   */
  replaces?: { table: string; where?: Readonly<Record<string, unknown>> } | undefined;
  /** Refuse a version that would come into force before a version in force that it replaces. */
  mustFollow?: boolean | undefined;
}

class DryRunRollback extends Error {}

/**
 * Runs `fn` in a transaction holding the advisory lock `atlas-import:<series>`: imports of one series (a layer, an
 * indicator) run one at a time. With `dryRun`, whatever `fn` wrote is rolled back and its result returned.
 */
export async function inImportTransaction<T>(
  db: Db,
  series: string,
  fn: (tx: Transaction) => Promise<T>,
  opts: { dryRun?: boolean | undefined } = {},
): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`atlas-import:${series}`]);
      result = { value: await fn(tx) };
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return result!.value;
}

/** `at` (default: the transaction's time) as ISO 8601 UTC with microseconds. */
export async function versionTime(q: Queryable, at?: string): Promise<string> {
  const { rows } = await q.query<{ at: string }>(
    `SELECT to_char(COALESCE($1::timestamptz, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`,
    [at ?? null],
  );
  return rows[0]!.at;
}

const quoted = (c: string) => `"${c}"`;

/**
 * Starts a new version: checks that it comes into force after the one it replaces (`mustFollow`), records it, and
 * closes the rows it replaces (they stay, closed: as-of-date reads keep working).
 */
export async function openVersion(tx: Queryable, req: VersionRequest): Promise<OpenVersion> {
  const validFrom = await versionTime(tx, req.validFrom);
  const scope = req.scope ?? null;
  const where = Object.entries(req.replaces?.where ?? {});
  const filter = (alias: string, from: number) =>
    where.map(([c], i) => ` AND ${alias}${quoted(c)} = $${from + i}`).join('');
  if (req.mustFollow) {
    const { rows: later } =
      where.length === 0 || !req.replaces
        ? await tx.query<{ id: number; valid_from: string }>(
            `SELECT id, valid_from::text FROM dataset_versions
             WHERE layer = $1 AND valid_to IS NULL AND valid_from > $2::timestamptz LIMIT 1`,
            [req.layer, validFrom],
          )
        : await tx.query<{ id: number; valid_from: string }>(
            `SELECT d.id, d.valid_from::text FROM dataset_versions d
             WHERE d.layer = $1 AND d.valid_to IS NULL AND d.valid_from > $2::timestamptz
               AND EXISTS (SELECT 1 FROM ${req.replaces.table} t WHERE t.dataset_version_id = d.id AND t.valid_to IS NULL${filter('t.', 3)})
             LIMIT 1`,
            [req.layer, validFrom, ...where.map(([, v]) => v)],
          );
    if (later.length) {
      throw new ImportError(
        `${req.sourceFile}: the new version would come into force (${validFrom}) before the current one (version ${later[0]!.id}, ${later[0]!.valid_from})`,
      );
    }
  }
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO dataset_versions (layer, uat_siruta, source_file, source_crs, feature_count, valid_from, imported_by, report, synthetic, attribution)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      req.layer,
      scope,
      req.sourceFile,
      req.sourceCrs ?? null,
      req.featureCount ?? 0,
      validFrom,
      req.importedBy ?? null,
      JSON.stringify(req.report ?? {}),
      req.synthetic ?? false,
      req.attribution ?? null,
    ],
  );
  if (req.replaces) {
    await tx.query(`UPDATE ${req.replaces.table} SET valid_to = $1 WHERE valid_to IS NULL${filter('', 2)}`, [
      validFrom,
      ...where.map(([, v]) => v),
    ]);
  }
  return { id: rows[0]!.id, layer: req.layer, validFrom, scope };
}

export interface VersionOutcome {
  featureCount?: number | undefined;
  report?: unknown;
  sourceSha256?: string | undefined;
}

/**
 * Which of the layer's other versions in force a finished version ends: those none of whose rows in `rowsIn` is in
 * force any more; those of one series (`report->>key = value`, e.g. one indicator's); every other one (`'others'`, a
 * table replaced whole).
 */
export type Ends = { rowsIn: string } | { series: readonly [key: string, value: string] } | 'others';

/**
 * Records the count, the report and the file's hash (what `outcome` gives), and ends the versions it replaced
 * (`ends`). Returns the ids of the versions ended.
 */
export async function finishVersion(
  tx: Queryable,
  version: OpenVersion,
  ends: Ends,
  outcome: VersionOutcome = {},
): Promise<number[]> {
  if (outcome.featureCount !== undefined || outcome.report !== undefined || outcome.sourceSha256 !== undefined) {
    await tx.query(
      `UPDATE dataset_versions SET feature_count = COALESCE($2, feature_count), report = COALESCE($3::jsonb, report),
         source_sha256 = COALESCE($4, source_sha256) WHERE id = $1`,
      [
        version.id,
        outcome.featureCount ?? null,
        outcome.report === undefined ? null : JSON.stringify(outcome.report),
        outcome.sourceSha256 ?? null,
      ],
    );
  }
  const params: unknown[] = [version.validFrom, version.layer, version.id];
  let which = '';
  if (ends !== 'others' && 'rowsIn' in ends) {
    which = `AND NOT EXISTS (SELECT 1 FROM ${ends.rowsIn} t WHERE t.dataset_version_id = d.id AND t.valid_to IS NULL)`;
  } else if (ends !== 'others') {
    params.push(...ends.series);
    which = `AND d.report->>$4 = $5`;
  }
  const { rows: closed } = await tx.query<{ id: number }>(
    `UPDATE dataset_versions d SET valid_to = $1
     WHERE d.layer = $2 AND d.valid_to IS NULL AND d.id <> $3 ${which}
     RETURNING d.id`,
    params,
  );
  return closed.map((r) => r.id).sort((a, b) => a - b);
}
