// The import service: features in, one dataset version out, in one transaction. Used by the CLI, the admin API
// and the sample loader alike. Nothing is written unless everything is valid (or repaired, when asked).
import gjv from 'geojson-validation';
import type { Db, Queryable } from '../../db/src/connect.ts';
import { LAYER_SPECS, PG_ARRAY_TYPE, type ColumnSpec, type GeometryLayerSpec } from './layers/layer-specs.ts';
import { checkPlausible, reprojectGeometry, type Srs } from './crs/crs.ts';
import { coerce, type FieldMapping } from './coerce.ts';

export type GeometryLayer = GeometryLayerSpec['layer'];

export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface ImportProblem {
  /** 0-based index of the feature in the file (or line number for line-based formats). */
  feature?: number;
  id?: string | number | undefined;
  field?: string;
  reason: string;
}

export interface ImportProgress {
  done: number;
  total?: number | undefined;
  phase: 'reading' | 'validating' | 'writing' | 'done';
}

export interface ImportOptions {
  layer: GeometryLayer;
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>;
  /** File name used in messages and stored with the dataset version. */
  sourceFile: string;
  sourceSha256?: string | undefined;
  srs: Srs;
  /** SIRUTA of the UAT the file covers: fills a missing SIRUTA field and scopes the version to that UAT. */
  uat?: number | undefined;
  repair?: boolean;
  dryRun?: boolean;
  /** When the new data comes into force (ISO date or timestamp); default: the transaction's time. */
  validFrom?: string | undefined;
  importedBy?: string | undefined;
  mapping?: FieldMapping | undefined;
  totalHint?: number | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
}

export interface ImportReport {
  layer: GeometryLayer;
  sourceFile: string;
  srs: Srs;
  datasetVersionId: number | null;
  features: number;
  repaired: ImportProblem[];
  dryRun: boolean;
  replacedVersions: number[];
  ms: number;
}

/** An import refused: nothing was written. `problems` says which features and why. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly problems: ImportProblem[] = [],
  ) {
    super(problems.length ? `${message}\n${formatProblems(problems)}` : message);
  }
}

export function formatProblems(problems: readonly ImportProblem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => {
    const where = [
      p.feature !== undefined ? `feature ${p.feature}` : undefined,
      p.id !== undefined ? `id ${String(p.id)}` : undefined,
      p.field ? `field ${p.field}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `  - ${where ? `${where}: ` : ''}${p.reason}`;
  });
  if (problems.length > max) lines.push(`  … and ${problems.length - max} more`);
  return lines.join('\n');
}

class DryRunRollback extends Error {}

const BATCH = 2000;
const MAX_PROBLEMS = 1000;

export async function importFeatures(db: Db, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const spec = LAYER_SPECS[opts.layer];
  const problems: ImportProblem[] = [];
  let report: ImportReport | undefined;
  try {
    await db.transaction(async (tx) => {
      // Imports of one layer run one at a time; readers keep seeing the previous version until commit.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`atlas-import:${opts.layer}`]);
      await createStaging(tx, spec);

      let batch: unknown[][] = spec.columns.map(() => []);
      let geoms: string[] = [];
      let idxs: number[] = [];
      let fids: (string | null)[] = [];
      let count = 0;
      const flush = async () => {
        if (idxs.length === 0) return;
        await insertStaging(tx, spec, idxs, fids, batch, geoms);
        batch = spec.columns.map(() => []);
        geoms = [];
        idxs = [];
        fids = [];
      };

      for await (const feature of opts.features) {
        const index = count++;
        const row = prepareFeature(feature, index, spec, opts, problems);
        if (row && problems.length === 0) {
          row.values.forEach((v, i) => batch[i]!.push(v));
          geoms.push(row.geometry);
          idxs.push(index);
          fids.push(row.id === undefined ? null : String(row.id));
          if (idxs.length >= BATCH) await flush();
        }
        if (problems.length >= MAX_PROBLEMS) break;
        if (count % 1000 === 0) opts.onProgress?.({ done: count, total: opts.totalHint, phase: 'reading' });
      }
      if (problems.length) throw new ImportError(`${opts.sourceFile}: ${problems.length} feature(s) refused`, problems);
      if (count === 0) throw new ImportError(`${opts.sourceFile}: the file holds no features`);
      await flush();
      opts.onProgress?.({ done: count, total: count, phase: 'validating' });

      const repaired = await validateStaging(tx, spec, opts);
      await checkKeys(tx, spec, opts);

      if (opts.dryRun) {
        report = {
          layer: opts.layer,
          sourceFile: opts.sourceFile,
          srs: opts.srs,
          datasetVersionId: null,
          features: count,
          repaired,
          dryRun: true,
          replacedVersions: [],
          ms: Date.now() - started,
        };
        throw new DryRunRollback();
      }

      opts.onProgress?.({ done: count, total: count, phase: 'writing' });
      const { versionId, replaced } = await commitVersion(tx, spec, opts, count, repaired);
      report = {
        layer: opts.layer,
        sourceFile: opts.sourceFile,
        srs: opts.srs,
        datasetVersionId: versionId,
        features: count,
        repaired,
        dryRun: false,
        replacedVersions: replaced,
        ms: Date.now() - started,
      };
      opts.onProgress?.({ done: count, total: count, phase: 'done' });
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report!;
}

// ---------------------------------------------------------------- per feature (JS side)

interface PreparedFeature {
  id: string | number | undefined;
  values: unknown[];
  geometry: string;
}

function prepareFeature(
  feature: GeoJsonFeature,
  index: number,
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  problems: ImportProblem[],
): PreparedFeature | undefined {
  const id = feature?.id ?? undefined;
  const structural = gjv.isFeature(feature, true) as string[];
  if (structural.length) {
    problems.push({ feature: index, id, reason: `not a valid GeoJSON Feature: ${structural.slice(0, 3).join('; ')}` });
    return undefined;
  }
  const geometry = feature.geometry;
  if (!geometry) {
    problems.push({ feature: index, id, reason: 'the feature has no geometry' });
    return undefined;
  }
  const expected = spec.geometry === 'polygon' ? ['Polygon', 'MultiPolygon'] : ['Point'];
  if (!expected.includes(geometry.type)) {
    problems.push({
      feature: index,
      id,
      reason: `geometry type ${geometry.type} is not allowed in layer ${spec.layer} (expected ${expected.join(' or ')})`,
    });
    return undefined;
  }
  const implausible = checkPlausible(geometry, opts.srs);
  if (implausible) {
    problems.push({ feature: index, id, reason: implausible });
    return undefined;
  }
  const props = lowerKeys(feature.properties ?? {});
  const values: unknown[] = [];
  for (const col of spec.columns) {
    const candidates = opts.mapping?.[col.column] ?? col.candidates;
    let raw = pick(props, candidates);
    if ((raw === undefined || raw === null || raw === '') && col.column === spec.uatColumn && opts.uat !== undefined) {
      raw = opts.uat;
    }
    if (raw === undefined || raw === null || raw === '') {
      if (col.required) {
        problems.push({
          feature: index,
          id,
          field: col.column,
          reason: `required field ${col.column} is missing (tried: ${candidates.join(', ')})`,
        });
        return undefined;
      }
      values.push(col.fallback === undefined ? null : serialise(col, col.fallback));
      continue;
    }
    const value = coerce(col, raw);
    if (value instanceof Error) {
      problems.push({ feature: index, id, field: col.column, reason: value.message });
      return undefined;
    }
    values.push(serialise(col, value));
  }
  if (opts.uat !== undefined && spec.uatColumn) {
    const i = spec.columns.findIndex((c) => c.column === spec.uatColumn);
    if (values[i] !== opts.uat) {
      problems.push({
        feature: index,
        id,
        field: spec.uatColumn,
        reason: `SIRUTA ${String(values[i])} differs from --uat ${opts.uat}`,
      });
      return undefined;
    }
  }
  const projected = opts.srs === 'EPSG:3844' ? geometry : reprojectGeometry(geometry, opts.srs);
  return { id, values, geometry: JSON.stringify(projected) };
}

function lowerKeys(props: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(props)) m.set(k.toLowerCase(), v);
  return m;
}

function pick(props: Map<string, unknown>, candidates: readonly string[]): unknown {
  for (const c of candidates) {
    const v = props.get(c.toLowerCase());
    if (v !== undefined) return v;
  }
  return undefined;
}

function serialise(col: ColumnSpec, value: unknown): unknown {
  return col.type === 'jsonb' || col.type === 'text[]' ? JSON.stringify(value) : value;
}

// ---------------------------------------------------------------- staging (SQL side)

const sqlType = (t: ColumnSpec['type']) =>
  ({ text: 'text', int: 'int', float: 'float8', bool: 'bool', date: 'date', 'text[]': 'text[]', jsonb: 'jsonb' })[t];

async function createStaging(tx: Queryable, spec: GeometryLayerSpec): Promise<void> {
  const cols = spec.columns.map((c) => `"${c.column}" ${sqlType(c.type)}`).join(', ');
  await tx.query(
    `CREATE TEMP TABLE import_staging (idx int PRIMARY KEY, fid text, ${cols}, geom geometry) ON COMMIT DROP`,
  );
}

async function insertStaging(
  tx: Queryable,
  spec: GeometryLayerSpec,
  idxs: number[],
  fids: (string | null)[],
  columns: unknown[][],
  geoms: string[],
): Promise<void> {
  const names = spec.columns.map((c) => `"${c.column}"`).join(', ');
  const unnestArgs = spec.columns.map((c, i) => `$${i + 3}::${PG_ARRAY_TYPE[c.type]}`).join(', ');
  const selectCols = spec.columns
    .map((c) => {
      const v = `u."${c.column}"`;
      if (c.type === 'jsonb') return `${v}::jsonb`;
      if (c.type === 'text[]')
        return `CASE WHEN ${v} IS NULL THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(${v}::jsonb)) END`;
      return v;
    })
    .join(', ');
  const geomParam = `$${spec.columns.length + 3}`;
  const asCol = spec.columns.map((c) => `"${c.column}"`).join(', ');
  await tx.query(
    `INSERT INTO import_staging (idx, fid, ${names}, geom)
     SELECT u.idx, u.fid, ${selectCols}, ST_SetSRID(ST_GeomFromGeoJSON(u.g), 3844)
     FROM unnest($1::int[], $2::text[], ${unnestArgs}, ${geomParam}::text[]) AS u(idx, fid, ${asCol}, g)`,
    [idxs, fids, ...columns, geoms],
  );
}

/** Geometry validity (refused, or repaired keeping polygons as polygons when asked). Returns the repairs. */
async function validateStaging(tx: Queryable, spec: GeometryLayerSpec, opts: ImportOptions): Promise<ImportProblem[]> {
  const { rows: invalid } = await tx.query<{ idx: number; fid: string | null; reason: string }>(
    `SELECT idx, fid, ST_IsValidReason(geom) AS reason FROM import_staging WHERE NOT ST_IsValid(geom) ORDER BY idx LIMIT ${MAX_PROBLEMS}`,
  );
  const toProblem = (r: { idx: number; fid: string | null; reason: string }): ImportProblem => ({
    feature: r.idx,
    id: r.fid ?? undefined,
    reason: r.reason,
  });
  if (invalid.length && !opts.repair) {
    throw new ImportError(
      `${opts.sourceFile}: ${invalid.length} invalid geometr${invalid.length === 1 ? 'y' : 'ies'} (use --repair to fix them)`,
      invalid.map(toProblem),
    );
  }
  const repaired: ImportProblem[] = [];
  if (invalid.length) {
    const extract = spec.geometry === 'polygon' ? 3 : 1;
    const { rows } = await tx.query<{ idx: number; fid: string | null; before: number; after: number; empty: boolean }>(
      `WITH fixed AS (
         SELECT idx, ST_Area(geom) AS before, ST_CollectionExtract(ST_MakeValid(geom), ${extract}) AS g
         FROM import_staging WHERE NOT ST_IsValid(geom))
       UPDATE import_staging s SET geom = fixed.g FROM fixed WHERE s.idx = fixed.idx
       RETURNING s.idx, s.fid, fixed.before, ST_Area(fixed.g) AS after, ST_IsEmpty(fixed.g) AS empty`,
    );
    const reasons = new Map(invalid.map((r) => [r.idx, r.reason]));
    const emptied = rows.filter((r) => r.empty);
    if (emptied.length) {
      throw new ImportError(
        `${opts.sourceFile}: ${emptied.length} geometr${emptied.length === 1 ? 'y' : 'ies'} could not be repaired (nothing valid left)`,
        emptied.map((r) => ({ feature: r.idx, id: r.fid ?? undefined, reason: reasons.get(r.idx) ?? 'invalid' })),
      );
    }
    for (const r of rows.sort((a, b) => a.idx - b.idx)) {
      repaired.push({
        feature: r.idx,
        id: r.fid ?? undefined,
        reason: `${reasons.get(r.idx)}; repaired with ST_MakeValid (area ${r.before.toFixed(2)} → ${r.after.toFixed(2)} m²)`,
      });
    }
  }
  if (spec.geometry === 'polygon') await tx.query('UPDATE import_staging SET geom = ST_Multi(geom)');
  return repaired;
}

async function checkKeys(tx: Queryable, spec: GeometryLayerSpec, opts: ImportOptions): Promise<void> {
  if (spec.uniqueKey) {
    const key = spec.uniqueKey.map((k) => `"${k}"`).join(', ');
    const { rows } = await tx.query<{ key: string; idxs: number[] }>(
      `SELECT concat_ws('/', ${key}) AS key, array_agg(idx ORDER BY idx) AS idxs
       FROM import_staging GROUP BY ${key} HAVING count(*) > 1 ORDER BY min(idx) LIMIT 100`,
    );
    if (rows.length) {
      throw new ImportError(
        `${opts.sourceFile}: duplicate ${spec.uniqueKey.join(' + ')}`,
        rows.map((r) => ({
          feature: r.idxs[1],
          field: spec.uniqueKey!.join('+'),
          reason: `${r.key} appears in features ${r.idxs.join(', ')}`,
        })),
      );
    }
  }
  if (spec.uatColumn) {
    const { rows } = await tx.query<{ siruta: number; idx: number }>(
      `SELECT "${spec.uatColumn}" AS siruta, min(idx) AS idx FROM import_staging s
       WHERE "${spec.uatColumn}" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM uats u WHERE u.siruta = s."${spec.uatColumn}" AND u.valid_to IS NULL)
       GROUP BY 1 ORDER BY 2 LIMIT 100`,
    );
    if (rows.length) {
      throw new ImportError(
        `${opts.sourceFile}: unknown SIRUTA code(s) (import the UAT layer first)`,
        rows.map((r) => ({ feature: r.idx, field: spec.uatColumn!, reason: `no UAT with SIRUTA ${r.siruta}` })),
      );
    }
  }
}

async function commitVersion(
  tx: Queryable,
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  count: number,
  repaired: ImportProblem[],
): Promise<{ versionId: number; replaced: number[] }> {
  const { rows: t } = await tx.query<{ at: string }>(
    `SELECT to_char(COALESCE($1::timestamptz, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`,
    [opts.validFrom ?? null],
  );
  const validFrom = t[0]!.at;
  // A version scoped to one UAT (--uat) replaces that UAT's rows only; an unscoped one replaces the whole layer.
  const scope = spec.uatColumn ? (opts.uat ?? null) : null;
  // The versions this one replaces must have come into force before it.
  const { rows: later } =
    scope === null
      ? await tx.query<{ id: number; valid_from: string }>(
          `SELECT id, valid_from::text FROM dataset_versions
           WHERE layer = $1 AND valid_to IS NULL AND valid_from > $2::timestamptz LIMIT 1`,
          [spec.layer, validFrom],
        )
      : await tx.query<{ id: number; valid_from: string }>(
          `SELECT d.id, d.valid_from::text FROM dataset_versions d
           WHERE d.layer = $1 AND d.valid_to IS NULL AND d.valid_from > $2::timestamptz
             AND EXISTS (SELECT 1 FROM ${spec.table} t WHERE t.dataset_version_id = d.id AND t.valid_to IS NULL AND t."${spec.uatColumn}" = $3)
           LIMIT 1`,
          [spec.layer, validFrom, scope],
        );
  if (later.length) {
    throw new ImportError(
      `${opts.sourceFile}: the new version would come into force (${validFrom}) before the current one (version ${later[0]!.id}, ${later[0]!.valid_from})`,
    );
  }
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO dataset_versions (layer, uat_siruta, source_file, source_sha256, source_crs, feature_count, valid_from, imported_by, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      spec.layer,
      scope,
      opts.sourceFile,
      opts.sourceSha256 ?? null,
      opts.srs,
      count,
      validFrom,
      opts.importedBy ?? null,
      JSON.stringify({ repaired }),
    ],
  );
  const versionId = rows[0]!.id;
  // The replaced rows stay, closed: as-of-date reads keep working.
  if (scope === null) {
    await tx.query(`UPDATE ${spec.table} SET valid_to = $1 WHERE valid_to IS NULL`, [validFrom]);
  } else {
    await tx.query(`UPDATE ${spec.table} SET valid_to = $1 WHERE valid_to IS NULL AND "${spec.uatColumn}" = $2`, [
      validFrom,
      scope,
    ]);
  }
  // A previous version ends when none of its rows is in force any more.
  const { rows: closed } = await tx.query<{ id: number }>(
    `UPDATE dataset_versions d SET valid_to = $1
     WHERE d.layer = $2 AND d.valid_to IS NULL AND d.id <> $3
       AND NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE t.dataset_version_id = d.id AND t.valid_to IS NULL)
     RETURNING d.id`,
    [validFrom, spec.layer, versionId],
  );
  const replaced = closed.map((r) => r.id);
  const cols = spec.columns.map((c) => `"${c.column}"`).join(', ');
  await tx.query(
    `INSERT INTO ${spec.table} (${cols}, geom, dataset_version_id, valid_from)
     SELECT ${cols}, geom, $1, $2 FROM import_staging ORDER BY idx`,
    [versionId, validFrom],
  );
  return { versionId, replaced };
}
