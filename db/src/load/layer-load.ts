// Loading a geometry layer: one dataset version in one transaction. The importer (data-import) reads, checks and
// encodes the features and pushes them down as rows (`LoadRow`) through the `RowWriter` it is given; this module
// chooses how they reach the table for the engine at hand, checks and repairs what the importer could not prove, and
// versions the result:
//
// - PostGIS server (`db.scratch` exists): the rows stream by COPY straight into the layer's table, inside the
//   import's transaction, while the file is still being read. A partitioned layer (parcels) loads a new partition
//   instead, in the binary format with its EPSG:3857 copy computed by the importer, without indexes while it loads: its
//   B-tree and GiST indexes are built in bulk when it is attached (see attachPartition). Geometries not proven valid
//   also go, on a second connection, to a temporary check table that computes ST_IsValidReason as each row arrives.
// - Embedded engine (one connection): the rows are loaded into the same temporary check table, holding every column,
//   checked there, then copied into the layer's table (a partitioned layer: into a new partition, attached the same
//   way).
//
// Either way the checks, the repairs and the report are the same SQL on the same check table; the previous version
// stays served until COMMIT, old rows are kept with valid_to set, a killed process leaves nothing (the transaction
// never commits: a new partition is created in it too), and an advisory lock serialises imports of one layer
// (dataset-version.ts).
import { CopyError, type Db, type Queryable, type Transaction } from '../connect.ts';
import {
  finishVersion,
  inImportTransaction,
  openVersion,
  type OpenVersion,
  type VersionRequest,
} from './dataset-version.ts';
import { ImportError, MAX_PROBLEMS, type ImportProblem } from './errors.ts';
import { BINARY_TYPES, binarySink, checkLine, plainSink, sortedSink, type LoadRow } from './sinks.ts';

export type { LoadRow, RawGeometry } from './sinks.ts';

/** A column of the layer's table as a load writes it. */
export interface LoadColumn {
  column: string;
  /** the value's type as the importer coerces it (text, int, float, bool, date, text[], jsonb) */
  type: string;
  /** its SQL type */
  sqlType: string;
}

/** The layer's table as a load sees it. */
export interface LayerTarget {
  /** dataset_versions.layer */
  layer: string;
  table: string;
  geometry: 'polygon' | 'point' | 'line';
  /** the column holding the UAT's SIRUTA code (checked against the UATs in force; scopes a version to one UAT) */
  uatColumn: string | undefined;
  /** columns that identify a row among the current rows */
  uniqueKey?: readonly string[] | undefined;
  /** a unique index on the current rows covers `uniqueKey` */
  uniqueIndexed?: boolean | undefined;
  /** partitioned by dataset version: a version loads a partition of its own, with its geom_3857 */
  partitioned?: boolean | undefined;
  columns: readonly LoadColumn[];
}

export interface LayerLoad {
  target: LayerTarget;
  /** the file's name, in messages and stored with the version */
  sourceFile: string;
  /** the file's CRS, stored with the version */
  srs: string;
  /** the UAT the version is scoped to (replaces that UAT's rows only) */
  uat?: number | undefined;
  validFrom?: string | undefined;
  importedBy?: string | undefined;
  synthetic?: boolean | undefined;
  attribution?: string | undefined;
  /** repair invalid geometries (ST_MakeValid) instead of refusing them */
  repair?: boolean | undefined;
  /** check everything, write nothing */
  dryRun?: boolean | undefined;
  /** the file's SHA-256 (a promise: hashed while it is being loaded) */
  sourceSha256?: string | Promise<string> | undefined;
  /** runs in the load's transaction once the rows are in the layer's table */
  afterLoad?: ((tx: Transaction, datasetVersionId: number) => Promise<void>) | undefined;
  onPhase?: ((phase: 'validating' | 'writing', rows: number) => void) | undefined;
}

/** Where the importer pushes rows: `write` returns a promise when it must wait before writing more. */
export interface RowWriter {
  /** the rows go out in the binary format: hex forms of geometries proven valid may be left out (LoadRow.raw) */
  readonly binary: boolean;
  write(row: LoadRow, index: number): Promise<void> | undefined;
}

/** What the importer reports once every row is written. */
export interface Produced {
  count: number;
  /** the SIRUTA codes named, each with the first feature that names it */
  sirutas: ReadonlyMap<number, number>;
}

/** Pushes every row through the writer; throws (an ImportError) to refuse the file: nothing is then written. */
export type Produce = (rows: RowWriter) => Promise<Produced>;

export interface LayerLoaded {
  /** null for a dry run */
  datasetVersionId: number | null;
  count: number;
  repaired: ImportProblem[];
  replacedVersions: number[];
}

/** A version of a partitioned layer with at least this many rows stays a partition of its own (see attachPartition). */
const BULK_ROWS = 50_000;

interface Loaded {
  count: number;
  repaired: ImportProblem[];
  version: OpenVersion;
}

/**
 * Loads the rows `produce` pushes as a new dataset version of the layer, all or nothing: open the version, write the
 * rows, check and repair, attach, finish; or abort (any error, a dry run).
 */
export async function loadLayer(db: Db, opts: LayerLoad, produce: Produce): Promise<LayerLoaded> {
  return inImportTransaction(
    db,
    opts.target.layer,
    async (tx) => {
      const result = db.scratch
        ? await loadDirect(db.scratch, tx, opts.target, opts, produce)
        : await loadStaged(tx, opts.target, opts, produce);
      if (opts.afterLoad) await opts.afterLoad(tx, result.version.id);
      const base = { count: result.count, repaired: result.repaired };
      if (opts.dryRun) return { ...base, datasetVersionId: null, replacedVersions: [] };
      opts.onPhase?.('writing', result.count);
      const sha = await opts.sourceSha256;
      const replaced = await finishVersion(
        tx,
        result.version,
        { rowsIn: opts.target.table },
        { featureCount: result.count, report: { repaired: result.repaired }, sourceSha256: sha },
      );
      return { ...base, datasetVersionId: result.version.id, replacedVersions: replaced };
    },
    { dryRun: opts.dryRun },
  );
}

/** The new version: scoped to a UAT (--uat) it replaces that UAT's rows only; unscoped, the whole layer's. */
function versionRequest(opts: LayerLoad): VersionRequest {
  const t = opts.target;
  const scope = t.uatColumn ? (opts.uat ?? null) : null;
  return {
    layer: t.layer,
    sourceFile: opts.sourceFile,
    sourceCrs: opts.srs,
    validFrom: opts.validFrom,
    importedBy: opts.importedBy,
    synthetic: opts.synthetic,
    attribution: opts.attribution,
    scope,
    mustFollow: true,
    replaces: { table: t.table, where: scope === null ? {} : { [t.uatColumn!]: scope } },
  };
}

const quoted = (c: string) => `"${c}"`;

/** The check table's columns: feature index and id, then `columns`, then the geometry (and its EPSG:3857 copy). */
async function createCheckTable(q: Queryable, columns: readonly LoadColumn[], with3857 = false): Promise<void> {
  const cols = columns.map((c) => `${quoted(c.column)} ${c.sqlType}, `).join('');
  await q.query(
    `CREATE TEMP TABLE import_check (idx int NOT NULL, fid text, ${cols}geom geometry NOT NULL,
       ${with3857 ? 'geom_3857 geometry NOT NULL,' : ''}
       reason text GENERATED ALWAYS AS (CASE WHEN ST_IsValid(geom) THEN NULL ELSE ST_IsValidReason(geom) END) STORED)
     ON COMMIT DROP`,
  );
}

/** The columns a COPY or INSERT into the layer's table names, in the order of the lines written. */
const tableColumns = (spec: LayerTarget) =>
  `${spec.columns.map((c) => quoted(c.column)).join(', ')}, dataset_version_id, valid_from, ${spec.partitioned ? 'segment, geom, geom_3857' : 'geom'}`;

/**
 * A partitioned layer: the new version's partition (segment = the version's id), created empty and without indexes in
 * the import's transaction (nobody else sees it before COMMIT). Its CHECK constraint lets ATTACH skip the scan that
 * proves its rows belong there. Its indexes, B-tree and GiST alike, are built once its rows are in (see
 * attachPartition): a sorted build costs a fraction of the row-by-row inserts the same rows would make.
 */
async function createPartition(tx: Queryable, spec: LayerTarget, version: OpenVersion): Promise<string> {
  const name = partitionOf(spec, version);
  await tx.query(
    `CREATE TABLE ${name} (LIKE ${spec.table} INCLUDING DEFAULTS, CONSTRAINT ${name}_segment CHECK (segment = ${version.id}))`,
  );
  return name;
}

const partitionOf = (spec: LayerTarget, version: OpenVersion) => `${spec.table}_v${version.id}`;

/**
 * Makes the loaded partition part of the layer's table. A large version stays a partition of its own: ATTACH builds
 * the partitioned table's indexes on it in bulk (sorted GiST and B-tree builds) and checks the foreign key with one
 * join, under a lock readers do not wait for (they keep seeing the previous rows until COMMIT). A small one (a UAT's
 * update) is moved into the shared partition instead, so that partitions grow with large imports only. Either way a
 * unique index the rows break (a key twice among them: the importer's own check finds those first) refuses the
 * version with the features that share a key.
 */
async function attachPartition(
  tx: Queryable,
  spec: LayerTarget,
  version: OpenVersion,
  count: number,
  opts: LayerLoad,
): Promise<void> {
  const name = partitionOf(spec, version);
  await refusingDuplicates(tx, spec, opts, { table: name, idx: LOAD_ORDER }, async () => {
    if (count >= BULK_ROWS) {
      await tx.query(`ALTER TABLE ${spec.table} ATTACH PARTITION ${name} FOR VALUES IN (${version.id})`);
      return;
    }
    const cols = `id, ${spec.columns.map((c) => quoted(c.column)).join(', ')}, dataset_version_id, valid_from, geom, geom_3857`;
    await tx.query(`INSERT INTO ${spec.table} (${cols}, segment) SELECT ${cols}, 0 FROM ${name} ORDER BY id`);
    await tx.query(`DROP TABLE ${name}`);
  });
}

/** A row's feature index in a table the rows were loaded into in file order (its ids follow that order). */
const LOAD_ORDER = 'row_number() OVER (ORDER BY id)::int - 1';

/**
 * Runs `write` (a statement that puts the version's rows under the layer's unique index) in a savepoint; when the
 * index refuses them (a key twice among them: the importer's own check finds those first), the version is refused
 * with the features that share a key, found in `rowsIn` (its table, and the SQL of a row's feature index).
 */
async function refusingDuplicates(
  tx: Queryable,
  spec: LayerTarget,
  opts: LayerLoad,
  rowsIn: { table: string; idx: string },
  write: () => Promise<void>,
): Promise<void> {
  await tx.query('SAVEPOINT unique_rows');
  try {
    await write();
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !spec.uniqueKey?.length) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT unique_rows');
    throw await duplicateKeys(tx, spec, opts, rowsIn, err as Error);
  }
}

const UNIQUE_VIOLATION = '23505';

/** The keys met twice or more among the version's rows, each with the features that have it. */
async function duplicateKeys(
  tx: Queryable,
  spec: LayerTarget,
  opts: LayerLoad,
  rowsIn: { table: string; idx: string },
  cause: Error,
): Promise<ImportError> {
  const keys = spec.uniqueKey!.map(quoted).join(', ');
  const { rows } = await tx.query<{ key: string; idxs: number[] }>(
    `WITH numbered AS (SELECT ${rowsIn.idx} AS idx, ${keys} FROM ${rowsIn.table})
     SELECT concat_ws('/', ${keys}) AS key, array_agg(idx ORDER BY idx) AS idxs
     FROM numbered GROUP BY ${keys} HAVING count(*) > 1 ORDER BY min(idx) LIMIT 100`,
  );
  // The rows clash with rows already there, or the index's rule (a collation, an expression) differs from equality.
  if (rows.length === 0) {
    return new ImportError(`${opts.sourceFile}: the database refused a row`, [{ reason: cause.message }]);
  }
  const names = spec.uniqueKey!;
  return new ImportError(
    `${opts.sourceFile}: duplicate ${names.join(' + ')}`,
    rows.map((r) => ({
      feature: r.idxs[1],
      field: names.join('+'),
      reason: `${names.join('/')} ${r.key} appears in features ${r.idxs.join(', ')}`,
    })),
  );
}

/**
 * PostGIS server: rows straight into the layer's table (a partitioned layer: into the new version's partition), while
 * a second connection checks, beside it, the geometries the JS check could not prove valid.
 */
async function loadDirect(
  scratch: NonNullable<Db['scratch']>,
  tx: Transaction,
  spec: LayerTarget,
  opts: LayerLoad,
  produce: Produce,
): Promise<Loaded> {
  const version = await openVersion(tx, versionRequest(opts));
  // A new partition loads in the binary format when its columns allow (parcels do).
  const binary = Boolean(spec.partitioned && spec.columns.every((c) => BINARY_TYPES.has(c.type)));
  const keyIndexes = (spec.uniqueKey ?? []).map((k) => spec.columns.findIndex((c) => c.column === k));
  const keyColumns = keyIndexes.map((i) => spec.columns[i]!);
  const target = spec.partitioned ? await createPartition(tx, spec, version) : spec.table;
  return scratch(async (side) => {
    await createCheckTable(side, keyColumns);
    const tail = spec.partitioned
      ? `\t${version.id}\t${version.validFrom}\t${version.id}\t`
      : `\t${version.id}\t${version.validFrom}\t`;
    const mainCopy = tx.copyFrom(`${target} (${tableColumns(spec)})`, { binary });
    const mainLine = spec.partitioned
      ? (f: LoadRow) => `${f.cells.join('\t')}${tail}${f.geom}\t${f.geom3857!}\n`
      : (f: LoadRow) => `${f.cells.join('\t')}${tail}${f.geom}\n`;
    // Rows reach a table whose unique index covers the key in key order; other layers keep the file's order. A new
    // partition has no index while it loads: its rows stay in file order.
    const sorted = Boolean(!spec.partitioned && spec.uniqueIndexed && keyIndexes.length);
    const main = binary
      ? binarySink(
          mainCopy,
          spec.columns.map((c) => c.type),
          version,
        )
      : sorted
        ? sortedSink(mainCopy, mainLine, (f) => keyIndexes.map((i) => f.cells[i]).join('\u0000'))
        : plainSink(mainCopy, mainLine);
    // Only what the JS check could not prove valid goes to the database's check.
    const check = plainSink(
      side.copyFrom(`import_check (idx, fid, ${keyColumns.map((c) => `${quoted(c.column)}, `).join('')}geom)`),
      checkLine(keyIndexes),
      (f) => !f.valid,
    );
    let produced: Produced;
    try {
      produced = await produce({
        binary,
        write(row, index) {
          const w = main.add(row, index);
          return w ? w.then(() => check.add(row, index)) : check.add(row, index);
        },
      });
      await main.flush();
      await check.flush();
      await main.copy.end();
      await check.copy.end();
    } catch (err) {
      await main.copy.abort('import refused');
      await check.copy.abort('import refused');
      if (err instanceof CopyError) throw copyProblem(err, opts, sorted);
      throw err;
    }
    const count = produced.count;
    opts.onPhase?.('validating', count);
    const repairs = await checkGeometries(side, spec, opts);
    if (repairs.fixed.length) {
      await replaceGeometries(
        tx,
        spec,
        target,
        version,
        repairs.fixed,
        sorted || Boolean(spec.partitioned && spec.uniqueKey),
      );
    }
    await checkSirutas(tx, spec, opts, produced.sirutas);
    if (spec.partitioned) await attachPartition(tx, spec, version, count, opts);
    return { count, repaired: repairs.report, version };
  });
}

/**
 * Puts repaired geometries into the rows loaded straight into the layer's table: found by their key when the rows
 * were sorted, else by their place in the load (the table numbers rows in the order they came).
 */
async function replaceGeometries(
  tx: Queryable,
  spec: LayerTarget,
  table: string,
  version: OpenVersion,
  fixed: Repairs['fixed'],
  byKey: boolean,
): Promise<void> {
  // A generated geom_3857 follows by itself; a partition's is set here.
  const set = `geom = fix.g::geometry${spec.partitioned ? ', geom_3857 = ST_Transform(fix.g::geometry, 3857)' : ''}`;
  if (byKey) {
    const keys = spec.uniqueKey!;
    const types = keys.map((k) => spec.columns.find((c) => c.column === k)!.sqlType);
    await tx.query(
      `UPDATE ${table} t SET ${set}
       FROM unnest(${keys.map((_, i) => `$${i + 2}::${types[i]}[]`).join(', ')}, $${keys.length + 2}::text[]) AS fix(${keys.map((_, i) => `k${i}`).join(', ')}, g)
       WHERE t.dataset_version_id = $1 AND ${keys.map((k, i) => `t.${quoted(k)} = fix.k${i}`).join(' AND ')}`,
      [version.id, ...keys.map((k) => fixed.map((f) => f.key[k])), fixed.map((f) => f.geom)],
    );
    return;
  }
  await tx.query(
    `WITH fix AS (SELECT * FROM unnest($2::int[], $3::text[]) AS u(idx, g)),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx FROM ${table} WHERE dataset_version_id = $1)
     UPDATE ${table} t SET ${set} FROM numbered JOIN fix USING (idx) WHERE t.id = numbered.id`,
    [version.id, fixed.map((f) => f.idx), fixed.map((f) => f.geom)],
  );
}

/** Embedded engine: rows into the check table (all columns), checked there, then copied into the layer's table. */
async function loadStaged(tx: Transaction, spec: LayerTarget, opts: LayerLoad, produce: Produce): Promise<Loaded> {
  const with3857 = Boolean(spec.partitioned);
  await createCheckTable(tx, spec.columns, with3857);
  const all = spec.columns.map((_, i) => i);
  const staging = plainSink(
    tx.copyFrom(
      `import_check (idx, fid, ${spec.columns.map((c) => quoted(c.column)).join(', ')}, geom${with3857 ? ', geom_3857' : ''})`,
    ),
    checkLine(all, with3857),
  );
  let produced: Produced;
  try {
    produced = await produce({ binary: false, write: (row, index) => staging.add(row, index) });
    await staging.flush();
    await staging.copy.end();
  } catch (err) {
    await staging.copy.abort('import refused');
    if (err instanceof CopyError) throw copyProblem(err, opts);
    throw err;
  }
  const count = produced.count;
  opts.onPhase?.('validating', count);
  const repairs = await checkGeometries(tx, spec, opts, with3857);
  await checkSirutas(tx, spec, opts, produced.sirutas);
  const version = await openVersion(tx, versionRequest(opts));
  const cols = spec.columns.map((c) => quoted(c.column)).join(', ');
  // A large version of a partitioned layer gets a partition of its own (see attachPartition); the rest go straight in.
  const bulk = spec.partitioned && count >= BULK_ROWS;
  const target = bulk ? await createPartition(tx, spec, version) : spec.table;
  const insert = () =>
    tx.query(
      `INSERT INTO ${target} (${tableColumns(spec)})
       SELECT ${cols}, $1, $2, ${with3857 ? `${bulk ? version.id : 0}, geom, geom_3857` : 'geom'} FROM import_check ORDER BY idx`,
      [version.id, version.validFrom],
    );
  // A partition of its own has no index yet (see attachPartition); the layer's table may have a unique one.
  if (bulk) await insert();
  else
    await refusingDuplicates(tx, spec, opts, { table: 'import_check', idx: 'idx' }, async () => void (await insert()));
  if (bulk) await attachPartition(tx, spec, version, count, opts);
  return { count, repaired: repairs.report, version };
}

/** The feature a COPY error names: its line, when the rows went in file order (the failing row's values are in the detail otherwise). */
const featureOfLine = (err: CopyError, sorted = false) => (sorted || err.line === undefined ? undefined : err.line - 1);

/** A row the database refused while loading (a constraint the JS checks do not know about). */
function copyProblem(err: CopyError, opts: LayerLoad, sorted = false): ImportError {
  return new ImportError(`${opts.sourceFile}: the database refused a row`, [
    {
      feature: featureOfLine(err, sorted),
      reason: err.detail ? `${err.message}: ${err.detail}` : err.message,
    },
  ]);
}

// ---------------------------------------------------------------- checks (SQL side, on the check table)

interface Repairs {
  report: ImportProblem[];
  /** index, key values and repaired geometry (hex EWKB) of each repaired feature */
  fixed: { idx: number; key: Record<string, unknown>; geom: string }[];
}

/** Geometry validity: refused, or repaired keeping polygons as polygons when asked. */
async function checkGeometries(q: Queryable, spec: LayerTarget, opts: LayerLoad, with3857 = false): Promise<Repairs> {
  const { rows: invalid } = await q.query<{ idx: number; fid: string | null; reason: string }>(
    `SELECT idx, fid, reason FROM import_check WHERE reason IS NOT NULL ORDER BY idx LIMIT ${MAX_PROBLEMS}`,
  );
  if (invalid.length === 0) return { report: [], fixed: [] };
  if (!opts.repair) {
    throw new ImportError(
      `${opts.sourceFile}: ${invalid.length} invalid geometr${invalid.length === 1 ? 'y' : 'ies'} (use --repair to fix them)`,
      invalid.map((r) => ({ feature: r.idx, id: r.fid ?? undefined, reason: r.reason })),
    );
  }
  // Polygons stay (multi)polygons: whatever lines or points ST_MakeValid leaves are dropped and reported by area.
  const fix =
    spec.geometry === 'polygon'
      ? 'ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))'
      : spec.geometry === 'line'
        ? 'ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 2))'
        : 'ST_MakeValid(geom)';
  const { rows } = await q.query<{
    idx: number;
    fid: string | null;
    reason: string;
    before: number;
    after: number;
    parts_before: number;
    parts_after: number;
    empty: boolean;
    geom: string;
    key: Record<string, unknown>;
  }>(
    `WITH fixed AS (
       SELECT idx, reason, ST_Area(geom) AS before, ST_NumGeometries(geom) AS parts_before,
              ${fix} AS g
       FROM import_check WHERE reason IS NOT NULL)
     UPDATE import_check c SET geom = fixed.g${with3857 ? ', geom_3857 = ST_Transform(fixed.g, 3857)' : ''} FROM fixed WHERE c.idx = fixed.idx
     RETURNING c.idx, c.fid, fixed.reason, fixed.before, ST_Area(fixed.g) AS after, fixed.parts_before,
               ST_NumGeometries(fixed.g) AS parts_after, ST_IsEmpty(fixed.g) AS empty, fixed.g::text AS geom,
               jsonb_build_object(${(spec.uniqueKey ?? []).map((k) => `'${k}', c.${quoted(k)}`).join(', ')}) AS key`,
  );
  rows.sort((a, b) => a.idx - b.idx);
  const emptied = rows.filter((r) => r.empty);
  if (emptied.length) {
    throw new ImportError(
      `${opts.sourceFile}: ${emptied.length} geometr${emptied.length === 1 ? 'y' : 'ies'} could not be repaired (nothing valid left)`,
      emptied.map((r) => ({ feature: r.idx, id: r.fid ?? undefined, reason: r.reason })),
    );
  }
  return {
    report: rows.map((r) => ({
      feature: r.idx,
      id: r.fid ?? undefined,
      reason:
        `${r.reason}; repaired with ST_MakeValid (area ${r.before.toFixed(2)} → ${r.after.toFixed(2)} m²` +
        `${r.parts_after !== r.parts_before ? `, ${r.parts_before} → ${r.parts_after} polygons` : ''})`,
    })),
    fixed: rows.map((r) => ({ idx: r.idx, key: r.key, geom: r.geom })),
  };
}

/** Every SIRUTA code named must be a UAT in force. */
async function checkSirutas(
  q: Queryable,
  spec: LayerTarget,
  opts: LayerLoad,
  sirutas: ReadonlyMap<number, number>,
): Promise<void> {
  if (!spec.uatColumn || sirutas.size === 0) return;
  const { rows } = await q.query<{ siruta: number }>(
    `SELECT s AS siruta FROM unnest($1::int[]) AS s
     WHERE NOT EXISTS (SELECT 1 FROM uats u WHERE u.siruta = s AND u.valid_to IS NULL)`,
    [[...sirutas.keys()]],
  );
  if (rows.length) {
    throw new ImportError(
      `${opts.sourceFile}: unknown SIRUTA code(s) (import the UAT layer first)`,
      rows
        .map((r) => ({
          feature: sirutas.get(r.siruta)!,
          field: spec.uatColumn!,
          reason: `no UAT with SIRUTA ${r.siruta}`,
        }))
        .sort((a, b) => a.feature - b.feature)
        .slice(0, 100),
    );
  }
}
