// The import service: features in, one dataset version out, in one transaction. Used by the CLI, the admin API
// and the sample loader alike. Nothing is written unless everything is valid (or repaired, when asked).
//
// Each feature is checked in JS as it streams in (GeoJSON structure, geometry type, coordinates plausible for the
// declared CRS, attribute mapping and types, keys met twice) and encoded as a COPY row with EWKB in Stereo 70. Its
// validity is proven in JS when it can be (simple rings, flat-geometry.ts); the database checks the rest
// (ST_IsValidReason). Then:
//
// - PostGIS server (`db.scratch` exists): the rows stream by COPY straight into the layer's table, inside the import's
//   transaction, while the file is still being read. A partitioned layer (parcels) loads a new partition instead,
//   in the binary format with its EPSG:3857 copy computed in JS, its B-tree indexes kept while it loads and its GiST
//   indexes built in bulk when it is attached (see attachPartition). Geometries not proven valid also go, on a
//   second connection, to a temporary check table that computes ST_IsValidReason as each row arrives.
// - Embedded engine (one connection): the rows are loaded into the same temporary check table, holding every column,
//   checked there, then copied into the layer's table (a partitioned layer: into a new partition, attached the same
//   way).
//
// Either way the checks, the repairs and the report are the same SQL on the same check table; the previous version
// stays served until COMMIT (readers see the old rows), old rows are kept with valid_to set, a killed process leaves
// nothing (the transaction never commits: a new partition is created in it too), and an advisory lock serialises
// imports of one layer.
import gjv from 'geojson-validation';
import { CopyError, type Db, type Queryable, type Transaction, type CopyIn } from '../../db/src/connect.ts';
import { ImportError, MAX_PROBLEMS, type ImportProblem } from '../../db/src/load/errors.ts';
import {
  finishVersion as endVersion,
  inImportTransaction,
  openVersion as startVersion,
  type OpenVersion,
} from '../../db/src/load/dataset-version.ts';
import { LAYER_SPECS, SQL_TYPE, type ColumnSpec, type GeometryLayerSpec } from './layers/layer-specs.ts';
import { checkPlausible, plausibleBox, type Srs } from './crs/crs.ts';
import { toStereo70 } from './crs/stereo70.ts';
import { WebMercatorGrid } from './crs/web-mercator.ts';
import { coerce, type FieldMapping } from './coerce.ts';
import { COPY_NULL, copyField, copyText, ewkbHex, newBounds, type Project } from './copy-format.ts';
import {
  FLAT,
  FlatGeometry,
  ewkbHexFlat,
  ewkbInto,
  ewkbSize,
  flatten,
  fromFlat,
  simplyValid,
  type FlatCoordinates,
} from './flat-geometry.ts';

export type GeometryLayer = GeometryLayerSpec['layer'];

export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export { ImportError, formatProblems, type ImportProblem } from '../../db/src/load/errors.ts';

export interface ImportProgress {
  phase: 'reading' | 'validating' | 'writing' | 'done';
  /** features read so far */
  done: number;
  /** all the features: exact when the reader knows it, else estimated from the bytes read (`estimated`) */
  total?: number | undefined;
  estimated?: boolean;
  /** features per second since the start */
  rate: number;
  /** seconds left while reading, estimated */
  eta?: number | undefined;
}

export interface ImportOptions {
  layer: GeometryLayer;
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>;
  /** File name used in messages and stored with the dataset version. */
  sourceFile: string;
  /** the file's SHA-256 (a promise: hashed while it is being imported) */
  sourceSha256?: string | Promise<string> | undefined;
  srs: Srs;
  /** SIRUTA of the UAT the file covers: fills a missing SIRUTA field and scopes the version to that UAT. */
  uat?: number | undefined;
  repair?: boolean;
  dryRun?: boolean;
  /** When the new data comes into force (ISO date or timestamp); default: the transaction's time. */
  validFrom?: string | undefined;
  importedBy?: string | undefined;
  /** The data was made by a generator, not measured or surveyed (the web map then shows a "test data" notice). */
  synthetic?: boolean | undefined;
  /** The credit the data's source requires, e.g. "© OpenStreetMap contributors". */
  attribution?: string | undefined;
  mapping?: FieldMapping | undefined;
  totalHint?: number | undefined;
  /** The file's size and bytes read so far: estimates the total while reading a file of unknown count. */
  size?: { bytes: number; read(): number } | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  /** Runs in the import's transaction once the rows are in the layer's table (e.g. the intravilan status, #13). */
  afterLoad?: ((tx: Transaction, datasetVersionId: number) => Promise<void>) | undefined;
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

/** Characters of COPY text sent at a time. */
const CHUNK_CHARS = 256 * 1024;
/** Rows sorted together before they reach a table with a unique key (see sortedSink). */
const SORT_WINDOW = 32 * 1024;
/** A version of a partitioned layer with at least this many rows stays a partition of its own (see attachPartition). */
const BULK_ROWS = 50_000;
const PROGRESS_MS = 250;

export async function importFeatures(db: Db, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const spec = LAYER_SPECS[opts.layer];
  checkMapping(spec, opts.mapping);
  const progress = progressReporter(opts, started);
  const report = await inImportTransaction(
    db,
    opts.layer,
    async (tx): Promise<ImportReport> => {
      const result = db.scratch
        ? await loadDirect(db.scratch, tx, spec, opts, progress)
        : await loadStaged(tx, spec, opts, progress);
      if (opts.afterLoad) await opts.afterLoad(tx, result.version.id);
      const base = {
        layer: opts.layer,
        sourceFile: opts.sourceFile,
        srs: opts.srs,
        features: result.count,
        repaired: result.repaired,
      };
      if (opts.dryRun) {
        return { ...base, datasetVersionId: null, dryRun: true, replacedVersions: [], ms: Date.now() - started };
      }
      progress.phase('writing', result.count);
      const sha = await opts.sourceSha256;
      const replaced = await endVersion(
        tx,
        result.version,
        { rowsIn: spec.table },
        { featureCount: result.count, report: { repaired: result.repaired }, sourceSha256: sha },
      );
      return {
        ...base,
        datasetVersionId: result.version.id,
        dryRun: false,
        replacedVersions: replaced,
        ms: Date.now() - started,
      };
    },
    { dryRun: opts.dryRun },
  );
  progress.phase('done', report.features);
  return report;
}

function checkMapping(spec: GeometryLayerSpec, mapping: FieldMapping | undefined): void {
  if (!mapping) return;
  const known = spec.columns.map((c) => c.column);
  const unknown = Object.keys(mapping).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new ImportError(
      `the mapping names column(s) ${unknown.join(', ')} that layer ${spec.layer} does not have (its columns: ${known.join(', ')})`,
    );
  }
}

// ---------------------------------------------------------------- progress

interface Progress {
  tick(done: number): void;
  phase(phase: ImportProgress['phase'], done: number): void;
}

function progressReporter(opts: ImportOptions, started: number): Progress {
  let last = 0;
  const report = (phase: ImportProgress['phase'], done: number) => {
    const s = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = done / s;
    let total = opts.totalHint;
    let estimated = false;
    if (total === undefined && opts.size && phase === 'reading') {
      const read = opts.size.read();
      if (read > 0 && done > 0) {
        total = Math.max(done, Math.round((done * opts.size.bytes) / read));
        estimated = true;
      }
    }
    if (phase !== 'reading') total = done;
    const eta = phase === 'reading' && total !== undefined && rate > 0 ? Math.max(0, (total - done) / rate) : undefined;
    opts.onProgress?.({ phase, done, total, estimated, rate, eta });
  };
  return {
    tick(done) {
      if (!opts.onProgress) return;
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      report('reading', done);
    },
    phase: (phase, done) => report(phase, done),
  };
}

// ---------------------------------------------------------------- per feature (JS side)

/** One feature as COPY fields: its values in the layer's column order and its geometry as hex EWKB (EPSG:3844). */
interface EncodedFeature {
  fid: string | undefined;
  /** the columns as COPY text (an encoder for the binary format fills the key's columns only) */
  cells: string[];
  geom: string;
  /** the geometry in EPSG:3857 as hex EWKB, for a partitioned layer (its geom_3857 is not a generated column) */
  geom3857: string | undefined;
  /** proven valid in JS (flat-geometry.ts); otherwise the database checks it */
  valid: boolean;
  /** the column values (null or undefined: NULL), for the binary COPY format */
  values: unknown[];
  /**
   * The geometry is in the encoder's flat buffers (`flat`, `xy3857`) until the next feature; with `binary` its hex
   * forms are then left out (`geom` only when it is not proven valid: the database's check reads it).
   */
  raw: boolean;
  siruta: number | undefined;
}

/** A key met more than once: every feature that has it, with its id. */
interface Duplicate {
  key: string;
  idxs: number[];
  fids: (string | undefined)[];
}

const POLYGONAL = ['Polygon', 'MultiPolygon'];
const PUNTUAL = ['Point'];
const LINEAR = ['LineString', 'MultiLineString'];

/** Checks and converts features one at a time; problems are collected, the caller decides when to stop. */
export class FeatureEncoder {
  readonly problems: ImportProblem[] = [];
  /** The SIRUTA codes met, each with the first feature that names it (checked against the UATs at the end). */
  readonly sirutas = new Map<number, number>();
  /** Keys (`uniqueKey`) met twice or more in the file. */
  readonly duplicates = new Map<string, Duplicate>();
  /** every key met: the first feature (and its id) that has it */
  private readonly seen = new Map<string, number>();
  /** the same for two-column keys: first value, second value → first feature */
  private readonly seen2 = new Map<unknown, Map<unknown, number>>();
  private readonly keyIndexes: number[];
  /** for each column, its place in the key (-1: not in the key) */
  private readonly keyPlace: number[];
  /** the current feature's key values */
  private readonly keyValues: unknown[];
  /** the current feature's geometry, flat (see EncodedFeature.raw) */
  readonly flat = new FlatGeometry();
  private readonly mercator: WebMercatorGrid | undefined;
  private readonly mercatorXY = { xy: new Float64Array(4096) };
  private readonly candidates: string[][];
  private readonly expected: string[];
  private readonly project: Project | undefined;
  private readonly uatIndex: number;
  private keys: string[] = [];
  private plan: (string | undefined)[] = [];
  private readonly bounds = newBounds();
  private readonly box: readonly [number, number, number, number];

  constructor(
    readonly spec: GeometryLayerSpec,
    readonly opts: Pick<ImportOptions, 'srs' | 'uat' | 'mapping'>,
    /**
     * The rows go out in the binary COPY format (`values`): leave out the hex forms of geometries proven valid, and the
     * COPY text (`cells`) of every column but the key's (the database's geometry check reads the key).
     */
    private readonly binary = false,
  ) {
    this.candidates = spec.columns.map((c) => (opts.mapping?.[c.column] ?? c.candidates).map((s) => s.toLowerCase()));
    this.expected = spec.geometry === 'polygon' ? POLYGONAL : spec.geometry === 'line' ? LINEAR : PUNTUAL;
    this.project =
      opts.srs === 'EPSG:3844'
        ? undefined
        : (x, y) => {
            const [e, n] = toStereo70([x, y]);
            return [Math.round(e * 1000) / 1000, Math.round(n * 1000) / 1000];
          };
    this.uatIndex = spec.columns.findIndex((c) => c.column === spec.uatColumn);
    this.box = plausibleBox(opts.srs);
    this.keyIndexes = (spec.uniqueKey ?? []).map((k) => spec.columns.findIndex((c) => c.column === k));
    this.keyPlace = spec.columns.map((_, i) => this.keyIndexes.indexOf(i));
    this.keyValues = this.keyIndexes.map(() => undefined);
    this.mercator = spec.partitioned ? new WebMercatorGrid() : undefined;
  }

  encode(feature: GeoJsonFeature, index: number): EncodedFeature | undefined {
    const id = isObject(feature) ? (feature.id ?? undefined) : undefined;
    const bounds = this.bounds;
    const box = this.box;
    const flat = this.flat;
    let geom: string;
    let geom3857: string | undefined;
    let valid = false;
    let raw = false;
    // The usual feature is walked once into flat arrays, checked structurally on the way (flat-geometry.ts); anything
    // else goes through geojson-validation, which says what is wrong.
    const g = isObject(feature) ? feature.geometry : undefined;
    const pre = g ? (g as { [FLAT]?: FlatCoordinates })[FLAT] : undefined;
    if (pre && this.expected.includes(g!.type)) fromFlat(pre, flat, bounds, this.project);
    if (
      (pre && this.expected.includes(g!.type)) ||
      (isObject(g) &&
        this.expected.includes(g.type) &&
        feature.type === 'Feature' &&
        'properties' in feature &&
        !('bbox' in feature) &&
        !('bbox' in g) &&
        flatten(g, flat, bounds, this.project))
    ) {
      if (!(bounds[0]! >= box[0] && bounds[1]! >= box[1] && bounds[2]! <= box[2] && bounds[3]! <= box[3])) {
        return this.refuse(index, id, checkPlausible(g!, this.opts.srs) ?? 'coordinates that are not finite numbers');
      }
      raw = true;
      valid = simplyValid(flat);
      geom = this.binary && valid ? '' : ewkbHexFlat(flat, 3844);
      if (this.mercator) {
        const xy = this.toMercator(flat);
        if (!this.binary) geom3857 = ewkbHexFlat(flat, 3857, xy);
      }
    } else {
      if (!structurallyValid(feature)) {
        return this.refuse(
          index,
          id,
          `not a valid GeoJSON Feature: ${structuralErrors(feature).slice(0, 3).join('; ')}`,
        );
      }
      const geometry = feature.geometry;
      if (!geometry) return this.refuse(index, id, 'the feature has no geometry');
      if (!this.expected.includes(geometry.type)) {
        return this.refuse(
          index,
          id,
          `geometry type ${geometry.type} is not allowed in layer ${this.spec.layer} (expected ${this.expected.join(' or ')})`,
        );
      }
      if (isEmpty(geometry)) return this.refuse(index, id, `the ${geometry.type} is empty`);
      // One pass encodes the geometry and measures its bounds; only a geometry outside the CRS's box is walked again
      // to say which coordinate is wrong.
      geom = ewkbHex(geometry, 3844, this.spec.geometry !== 'point', this.project, bounds);
      if (!(bounds[0]! >= box[0] && bounds[1]! >= box[1] && bounds[2]! <= box[2] && bounds[3]! <= box[3])) {
        return this.refuse(
          index,
          id,
          checkPlausible(geometry, this.opts.srs) ?? 'coordinates that are not finite numbers',
        );
      }
      if (this.mercator) geom3857 = ewkbHex(geometry, 3857, this.spec.geometry !== 'point', this.slowMercator);
    }

    const props = isObject(feature.properties) ? feature.properties : {};
    const plan = this.planFor(props);
    const cols = this.spec.columns;
    const cells: string[] = new Array<string>(cols.length);
    const values: unknown[] = new Array<unknown>(cols.length);
    let siruta: number | undefined;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i]!;
      const key = plan[i];
      let raw = key === undefined ? undefined : props[key];
      if ((raw === undefined || raw === null || raw === '') && i === this.uatIndex && this.opts.uat !== undefined) {
        raw = this.opts.uat;
      }
      if (raw === undefined || raw === null || raw === '') {
        if (col.required) {
          const tried = this.opts.mapping?.[col.column] ?? col.candidates;
          return this.refuse(
            index,
            id,
            `required field ${col.column} is missing (tried: ${tried.join(', ')})${i === this.uatIndex ? '; give --uat, or import the UAT polygon that contains it' : ''}`,
            col.column,
          );
        }
        // A missing list is an empty list (the columns are NOT NULL DEFAULT '{}').
        const fallback = col.fallback ?? (col.type === 'text[]' ? [] : undefined);
        if (!this.binary || this.keyPlace[i]! >= 0) {
          cells[i] = fallback === undefined ? COPY_NULL : copyField(col.type, fallback);
        }
        values[i] = fallback;
        if (this.keyPlace[i]! >= 0) this.keyValues[this.keyPlace[i]!] = fallback;
        continue;
      }
      const value = coerce(col, raw);
      if (value instanceof Error) return this.refuse(index, id, value.message, col.column);
      if (i === this.uatIndex) siruta = value as number;
      if (this.keyPlace[i]! >= 0) this.keyValues[this.keyPlace[i]!] = value;
      if (!this.binary || this.keyPlace[i]! >= 0) cells[i] = copyField(col.type, value);
      values[i] = value;
    }
    if (this.opts.uat !== undefined && this.uatIndex >= 0 && siruta !== this.opts.uat) {
      return this.refuse(
        index,
        id,
        `SIRUTA ${String(siruta)} differs from --uat ${this.opts.uat}`,
        this.spec.uatColumn,
      );
    }
    if (siruta !== undefined && !this.sirutas.has(siruta)) this.sirutas.set(siruta, index);
    const fid = id === undefined ? undefined : String(id);
    if (this.keyIndexes.length) this.remember(index, fid);
    return { fid, cells, geom, geom3857, valid, values, raw, siruta };
  }

  /** Records a problem with feature `index`; always undefined (the feature is refused). */
  private refuse(index: number, id: ImportProblem['id'], reason: string, field?: string): undefined {
    this.problems.push({ feature: index, id, ...(field ? { field } : {}), reason });
    return undefined;
  }

  /** Notes the feature's key; a key met before becomes a duplicate (reported with every feature that has it). */
  private remember(index: number, fid: string | undefined) {
    // As SQL's concat_ws('/', key columns): values as text, NULLs left out. A two-column key (a cadastral number
    // within a UAT) is looked up in two steps, without building a string per feature.
    const values = this.keyValues;
    let first: number | undefined;
    if (values.length === 2 && values[0] != null && values[1] != null) {
      // Each column's values have one type (coerce.ts), so the values themselves are the keys: no text to build.
      const outer = values[0];
      const inner = values[1];
      let byInner = this.seen2.get(outer);
      if (!byInner) this.seen2.set(outer, (byInner = new Map()));
      first = byInner.get(inner);
      if (first === undefined) {
        byInner.set(inner, index);
        return;
      }
    } else {
      const key = this.keyText();
      first = this.seen.get(key);
      if (first === undefined) {
        this.seen.set(key, index);
        return;
      }
    }
    const key = this.keyText();
    const dup = this.duplicates.get(key);
    if (dup) {
      dup.idxs.push(index);
      dup.fids.push(fid);
    } else this.duplicates.set(key, { key, idxs: [first, index], fids: [undefined, fid] });
  }

  private keyText(): string {
    let key = '';
    for (const v of this.keyValues) {
      if (v === undefined || v === null) continue;
      key = key ? `${key}/${String(v)}` : String(v);
    }
    return key;
  }

  /** The current feature's coordinates in EPSG:3857 (see EncodedFeature.raw). */
  get xy3857(): Float64Array {
    return this.mercatorXY.xy;
  }

  private toMercator(flat: FlatGeometry): Float64Array {
    const n = 2 * flat.n;
    if (this.mercatorXY.xy.length < n)
      this.mercatorXY.xy = new Float64Array(Math.max(n, 2 * this.mercatorXY.xy.length));
    const out = this.mercatorXY.xy;
    const src = flat.xy;
    for (let k = 0; k < n; k += 2) {
      if (!this.mercator!.project(src[k]!, src[k + 1]!, out, k)) out[k] = out[k + 1] = NaN;
    }
    return out;
  }

  private readonly tmp = new Float64Array(2);
  /** A source position to EPSG:3857 (the slow path's projection). */
  private readonly slowMercator: Project = (x, y) => {
    const [e, n] = this.project ? this.project(x, y) : [x, y];
    if (!this.mercator!.project(e, n, this.tmp, 0)) return [NaN, NaN];
    return [this.tmp[0]!, this.tmp[1]!];
  };

  /** Which property holds each column: worked out once per set of property names (usually once per file). */
  private planFor(props: Record<string, unknown>): (string | undefined)[] {
    const keys = Object.keys(props);
    const last = this.keys;
    let same = keys.length === last.length;
    for (let i = 0; same && i < keys.length; i++) same = keys[i] === last[i];
    if (same) return this.plan;
    const lower = keys.map((k) => k.toLowerCase());
    this.keys = keys;
    this.plan = this.candidates.map((cands) => {
      for (const c of cands) {
        const j = lower.indexOf(c);
        if (j >= 0) return keys[j];
      }
      return undefined;
    });
    return this.plan;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function structurallyValid(feature: unknown): boolean {
  try {
    return gjv.isFeature(feature, false) as boolean;
  } catch {
    return false;
  }
}

function structuralErrors(feature: unknown): string[] {
  try {
    const errors = gjv.isFeature(feature, true) as string[];
    return errors.length ? errors : ['malformed'];
  } catch {
    return ['malformed coordinates (an empty ring or position)'];
  }
}

function isEmpty(geometry: { type: string; coordinates: unknown }): boolean {
  const c = geometry.coordinates as unknown[];
  if (geometry.type === 'Point') return !Array.isArray(c) || c.length < 2;
  if (!Array.isArray(c) || c.length === 0) return true;
  if (geometry.type === 'MultiPolygon') return (c as unknown[][]).every((p) => !Array.isArray(p) || p.length === 0);
  if (geometry.type === 'LineString') return c.length < 2;
  if (geometry.type === 'MultiLineString') return (c as unknown[][]).every((l) => !Array.isArray(l) || l.length < 2);
  return false;
}

// ---------------------------------------------------------------- streaming the rows

interface Loaded {
  count: number;
  repaired: ImportProblem[];
  version: Version;
}

type Version = OpenVersion;

/** Where encoded features go: a COPY stream, fed line by line (each sink has its own line layout). */
interface Sink {
  add(f: EncodedFeature, index: number): Promise<void> | undefined;
  /** Writes what is still held. */
  flush(): Promise<void>;
  copy: CopyIn;
}

/** Lines in file order, sent a chunk at a time; only the features `only` accepts, when given. */
function plainSink(
  copy: CopyIn,
  line: (f: EncodedFeature, index: number) => string,
  only?: (f: EncodedFeature) => boolean,
): Sink {
  let buf = '';
  let rows = 0;
  const send = () => {
    const w = copy.write(buf, rows);
    buf = '';
    rows = 0;
    return w;
  };
  return {
    copy,
    add(f, index) {
      if (only && !only(f)) return undefined;
      buf += line(f, index);
      rows++;
      return buf.length >= CHUNK_CHARS ? send() : undefined;
    },
    async flush() {
      if (rows) await send();
    },
  };
}

/** Column types the binary COPY writer below knows. */
const BINARY_TYPES = new Set(['text', 'int', 'float', 'bool']);
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const CHUNK_BYTES = 512 * 1024;
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in ms since 1970 */
const PG_EPOCH_MS = 946684800000;

/**
 * Rows of a partitioned layer's new partition in PostgreSQL's binary COPY format: the layer's columns, the version,
 * valid_from, the segment and both geometries, written as EWKB straight from the encoder's flat buffers (no hex text
 * to build in Node, none to decode on the server). Rows in file order, a chunk at a time.
 */
function binarySink(copy: CopyIn, spec: GeometryLayerSpec, encoder: FeatureEncoder, version: Version): Sink {
  const types = spec.columns.map((c) => c.type);
  const fields = types.length + 5;
  // valid_from in microseconds since 2000-01-01 (the ISO text carries microseconds)
  const m = /\.(\d{6})Z$/.exec(version.validFrom);
  const validFrom =
    BigInt(Date.parse(version.validFrom.replace(/\.\d+Z$/, 'Z')) - PG_EPOCH_MS) * 1000n + BigInt(m ? Number(m[1]) : 0);
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  COPY_SIGNATURE.copy(buf, 0);
  let o = COPY_SIGNATURE.length;
  let rows = 0;
  const send = () => {
    const w = copy.write(buf.subarray(0, o), rows);
    buf = Buffer.allocUnsafe(CHUNK_BYTES);
    o = 0;
    rows = 0;
    return w;
  };
  return {
    copy,
    add(f) {
      const g = f.raw ? undefined : Buffer.from(f.geom, 'hex');
      const g3857 = f.raw ? undefined : Buffer.from(f.geom3857!, 'hex');
      const geomBytes = f.raw ? ewkbSize(encoder.flat) : g!.length;
      let need = 2 + 4 * fields + 24 + 2 * geomBytes;
      for (let i = 0; i < types.length; i++) {
        const v = f.values[i];
        need += types[i] === 'text' && v !== null && v !== undefined ? 3 * String(v).length : 8;
      }
      let w: Promise<void> | undefined;
      if (o + need > buf.length) {
        w = rows ? send() : undefined;
        if (need > buf.length) buf = Buffer.allocUnsafe(need);
      }
      buf.writeInt16BE(fields, o);
      o += 2;
      for (let i = 0; i < types.length; i++) {
        const v = f.values[i];
        if (v === null || v === undefined) {
          buf.writeInt32BE(-1, o);
          o += 4;
          continue;
        }
        switch (types[i]) {
          case 'text': {
            let t = String(v);
            if (t.includes('\0')) t = t.replaceAll('\0', ''); // as copyText: PostgreSQL refuses NUL in text
            const n = buf.write(t, o + 4, 'utf8');
            buf.writeInt32BE(n, o);
            o += 4 + n;
            break;
          }
          case 'int':
            buf.writeInt32BE(4, o);
            buf.writeInt32BE(v as number, o + 4);
            o += 8;
            break;
          case 'float':
            buf.writeInt32BE(8, o);
            buf.writeDoubleBE(v as number, o + 4);
            o += 12;
            break;
          default:
            buf.writeInt32BE(1, o);
            buf[o + 4] = v ? 1 : 0;
            o += 5;
        }
      }
      buf.writeInt32BE(4, o);
      buf.writeInt32BE(version.id, o + 4);
      buf.writeInt32BE(8, o + 8);
      buf.writeBigInt64BE(validFrom, o + 12);
      buf.writeInt32BE(4, o + 20);
      buf.writeInt32BE(version.id, o + 24);
      o += 28;
      buf.writeInt32BE(geomBytes, o);
      if (f.raw) {
        ewkbInto(encoder.flat, 3844, encoder.flat.xy, buf, o + 4);
        buf.writeInt32BE(geomBytes, o + 4 + geomBytes);
        ewkbInto(encoder.flat, 3857, encoder.xy3857, buf, o + 8 + geomBytes);
        o += 8 + 2 * geomBytes;
      } else {
        g!.copy(buf, o + 4);
        o += 4 + g!.length;
        buf.writeInt32BE(g3857!.length, o);
        g3857!.copy(buf, o + 4);
        o += 4 + g3857!.length;
      }
      rows++;
      if (w) return w;
      return o >= CHUNK_BYTES - 4096 ? send() : undefined;
    },
    async flush() {
      if (o + 2 > buf.length) await send();
      buf.writeInt16BE(-1, o);
      o += 2;
      await send();
    },
  };
}

/**
 * Lines sorted by key within windows of SORT_WINDOW rows: B-tree indexes on the key (a cadastral number per UAT)
 * take rows in key order much faster than in the random order of a file (a quarter less server time for the
 * 200,000-parcel city). While one window fills, the previous one, sorted, drains to the server a chunk at a time,
 * so the server never waits for a window to fill. Memory: two windows of lines.
 */
function sortedSink(copy: CopyIn, line: (f: EncodedFeature) => string, key: (f: EncodedFeature) => string): Sink {
  let filling: { key: string; line: string }[] = [];
  let draining: string[] = [];
  let at = 0;
  let blocked: Promise<void> | undefined;
  let failed: unknown;
  /** Sends the next chunk of the draining window; a promise when the server is behind. */
  const sendChunk = (): Promise<void> | undefined => {
    let text = '';
    const from = at;
    while (at < draining.length && text.length < CHUNK_CHARS) text += draining[at++]!;
    if (at === draining.length) draining = [];
    const w = copy.write(text, at - from || 0);
    return w;
  };
  const drainSome = () => {
    if (blocked || at >= draining.length) return;
    const w = sendChunk();
    if (w) {
      blocked = w.then(
        () => void (blocked = undefined),
        (err: unknown) => void (failed = err),
      );
    }
  };
  const drainAll = async () => {
    for (;;) {
      if (failed) throw failed;
      if (blocked) await blocked;
      if (failed) throw failed;
      if (at >= draining.length && draining.length === 0) return;
      const w = sendChunk();
      if (w) await w;
    }
  };
  const rotate = async () => {
    await drainAll();
    filling.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    draining = filling.map((r) => r.line);
    at = 0;
    filling = [];
  };
  return {
    copy,
    add(f) {
      filling.push({ key: key(f), line: line(f) });
      if (failed) return Promise.reject(failed);
      if (filling.length >= SORT_WINDOW) return rotate();
      if ((filling.length & 255) === 0) drainSome();
      return undefined;
    },
    async flush() {
      await rotate();
      await drainAll();
    },
  };
}

/**
 * Reads every feature, checks and encodes it, and streams the rows into the sinks. Stops writing at the first
 * problem or duplicate key (but keeps reading, up to MAX_PROBLEMS, to report them together) and throws them all at
 * the end: the problems first, else the duplicate keys.
 */
async function streamFeatures(
  opts: ImportOptions,
  encoder: FeatureEncoder,
  sinks: readonly Sink[],
  progress: Progress,
): Promise<number> {
  let count = 0;
  const problems = encoder.problems;
  const duplicates = encoder.duplicates;
  for await (const feature of opts.features) {
    const index = count++;
    const encoded = encoder.encode(feature, index);
    if (encoded && problems.length === 0 && duplicates.size === 0) {
      for (const sink of sinks) {
        const w = sink.add(encoded, index);
        if (w) await w;
      }
    }
    if (problems.length >= MAX_PROBLEMS) break;
    progress.tick(count);
  }
  if (problems.length) throw new ImportError(`${opts.sourceFile}: ${problems.length} feature(s) refused`, problems);
  if (duplicates.size) throw duplicateError(encoder.spec, opts, duplicates);
  if (count === 0) throw new ImportError(`${opts.sourceFile}: the file holds no features`);
  for (const sink of sinks) await sink.flush();
  return count;
}

/** Keys met twice or more in the file (e.g. a cadastral number twice in one UAT), each with the features that have it. */
function duplicateError(
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  duplicates: ReadonlyMap<string, Duplicate>,
): ImportError {
  const keys = spec.uniqueKey!;
  return new ImportError(
    `${opts.sourceFile}: duplicate ${keys.join(' + ')}`,
    [...duplicates.values()]
      .sort((a, b) => a.idxs[0]! - b.idxs[0]!)
      .slice(0, 100)
      .map((d) => ({
        feature: d.idxs[1],
        id: d.fids[1],
        field: keys.join('+'),
        reason: `${keys.join('/')} ${d.key} appears in features ${d.idxs.join(', ')}`,
      })),
  );
}

const quoted = (c: string) => `"${c}"`;

/** The check table's columns: feature index and id, then `columns`, then the geometry (and its EPSG:3857 copy). */
async function createCheckTable(q: Queryable, columns: readonly ColumnSpec[], with3857 = false): Promise<void> {
  const cols = columns.map((c) => `${quoted(c.column)} ${SQL_TYPE[c.type]}, `).join('');
  await q.query(
    `CREATE TEMP TABLE import_check (idx int NOT NULL, fid text, ${cols}geom geometry NOT NULL,
       ${with3857 ? 'geom_3857 geometry NOT NULL,' : ''}
       reason text GENERATED ALWAYS AS (CASE WHEN ST_IsValid(geom) THEN NULL ELSE ST_IsValidReason(geom) END) STORED)
     ON COMMIT DROP`,
  );
}

function checkLine(columnIndexes: readonly number[], with3857 = false) {
  return (f: EncodedFeature, index: number): string => {
    let line = `${index}\t${f.fid === undefined ? COPY_NULL : copyText(f.fid)}\t`;
    for (const i of columnIndexes) line += `${f.cells[i]!}\t`;
    return with3857 ? `${line}${f.geom}\t${f.geom3857!}\n` : `${line}${f.geom}\n`;
  };
}

/** The columns a COPY or INSERT into the layer's table names, in the order of the lines written. */
const tableColumns = (spec: GeometryLayerSpec) =>
  `${spec.columns.map((c) => quoted(c.column)).join(', ')}, dataset_version_id, valid_from, ${spec.partitioned ? 'segment, geom, geom_3857' : 'geom'}`;

/**
 * A partitioned layer: the new version's partition (segment = the version's id), created empty and without indexes in
 * the import's transaction (nobody else sees it before COMMIT). Its CHECK constraint lets ATTACH skip the scan that
 * proves its rows belong there.
 */
async function createPartition(
  tx: Queryable,
  spec: GeometryLayerSpec,
  version: Version,
  btreesFirst = false,
): Promise<string> {
  const name = partitionOf(spec, version);
  await tx.query(
    `CREATE TABLE ${name} (LIKE ${spec.table} INCLUDING DEFAULTS, CONSTRAINT ${name}_segment CHECK (segment = ${version.id}))`,
  );
  if (btreesFirst) {
    // The partitioned table's B-tree indexes, as the catalog defines them, on the new partition before it loads:
    // ATTACH takes them over. They are kept up to date row by row while the rows stream in, when the server has time
    // to spare (Node reading the file is the slower side); only the GiST indexes are left to build after.
    const { rows } = await tx.query<{ def: string; pkey: boolean }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisprimary AS pkey
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       WHERE i.indrelid = $1::regclass AND a.amname = 'btree'`,
      [spec.table],
    );
    for (const { def, pkey } of rows) {
      const m = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ USING btree (.*)$/.exec(def);
      if (!m) continue;
      await tx.query(
        pkey
          ? `ALTER TABLE ${name} ADD PRIMARY KEY ${m[2]!}`
          : `CREATE ${m[1] ?? ''}INDEX ON ${name} USING btree ${m[2]!}`,
      );
    }
  }
  return name;
}

const partitionOf = (spec: GeometryLayerSpec, version: Version) => `${spec.table}_v${version.id}`;

/**
 * Makes the loaded partition part of the layer's table. A large version stays a partition of its own: ATTACH builds
 * the partitioned table's indexes on it in bulk (sorted GiST and B-tree builds) and checks the foreign key with one
 * join, under a lock readers do not wait for (they keep seeing the previous rows until COMMIT). A small one (a UAT's
 * update) is moved into the shared partition instead, so that partitions grow with large imports only.
 */
async function attachPartition(tx: Queryable, spec: GeometryLayerSpec, version: Version, count: number): Promise<void> {
  const name = partitionOf(spec, version);
  if (count >= BULK_ROWS) {
    await tx.query(`ALTER TABLE ${spec.table} ATTACH PARTITION ${name} FOR VALUES IN (${version.id})`);
    return;
  }
  const cols = `id, ${spec.columns.map((c) => quoted(c.column)).join(', ')}, dataset_version_id, valid_from, geom, geom_3857`;
  await tx.query(`INSERT INTO ${spec.table} (${cols}, segment) SELECT ${cols}, 0 FROM ${name} ORDER BY id`);
  await tx.query(`DROP TABLE ${name}`);
}

/**
 * PostGIS server: rows straight into the layer's table (a partitioned layer: into the new version's partition), while
 * a second connection checks, beside it, the geometries the JS check could not prove valid.
 */
async function loadDirect(
  scratch: NonNullable<Db['scratch']>,
  tx: Transaction,
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  progress: Progress,
): Promise<Loaded> {
  const version = await openVersion(tx, spec, opts);
  // A new partition loads in the binary format when its columns allow (parcels do).
  const binary = Boolean(spec.partitioned && spec.columns.every((c) => BINARY_TYPES.has(c.type)));
  const encoder = new FeatureEncoder(spec, opts, binary);
  const keyIndexes = (spec.uniqueKey ?? []).map((k) => spec.columns.findIndex((c) => c.column === k));
  const keyColumns = keyIndexes.map((i) => spec.columns[i]!);
  const target = spec.partitioned ? await createPartition(tx, spec, version, true) : spec.table;
  return scratch(async (side) => {
    await createCheckTable(side, keyColumns);
    const tail = spec.partitioned
      ? `\t${version.id}\t${version.validFrom}\t${version.id}\t`
      : `\t${version.id}\t${version.validFrom}\t`;
    const mainCopy = tx.copyFrom(`${target} (${tableColumns(spec)})`, { binary });
    const mainLine = spec.partitioned
      ? (f: EncodedFeature) => `${f.cells.join('\t')}${tail}${f.geom}\t${f.geom3857!}\n`
      : (f: EncodedFeature) => `${f.cells.join('\t')}${tail}${f.geom}\n`;
    // Rows reach a table whose unique index covers the key in key order; other layers keep the file's order. A new
    // partition has no index while it loads: its rows stay in file order.
    const sorted = Boolean(!spec.partitioned && spec.uniqueIndexed && keyIndexes.length);
    const main = binary
      ? binarySink(mainCopy, spec, encoder, version)
      : sorted
        ? sortedSink(mainCopy, mainLine, (f) => keyIndexes.map((i) => f.cells[i]).join('\u0000'))
        : plainSink(mainCopy, mainLine);
    // Only what the JS check could not prove valid goes to the database's check.
    const check = plainSink(
      side.copyFrom(`import_check (idx, fid, ${keyColumns.map((c) => `${quoted(c.column)}, `).join('')}geom)`),
      checkLine(keyIndexes),
      (f) => !f.valid,
    );
    let count: number;
    try {
      count = await streamFeatures(opts, encoder, [main, check], progress);
      await main.copy.end();
      await check.copy.end();
    } catch (err) {
      await main.copy.abort('import refused');
      await check.copy.abort('import refused');
      if (err instanceof CopyError) throw copyProblem(err, opts, sorted);
      throw err;
    }
    progress.phase('validating', count);
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
    await checkSirutas(tx, spec, opts, encoder.sirutas);
    if (spec.partitioned) await attachPartition(tx, spec, version, count);
    return { count, repaired: repairs.report, version };
  });
}

/**
 * Puts repaired geometries into the rows loaded straight into the layer's table: found by their key when the rows
 * were sorted, else by their place in the load (the table numbers rows in the order they came).
 */
async function replaceGeometries(
  tx: Queryable,
  spec: GeometryLayerSpec,
  table: string,
  version: Version,
  fixed: Repairs['fixed'],
  byKey: boolean,
): Promise<void> {
  // A generated geom_3857 follows by itself; a partition's is set here.
  const set = `geom = fix.g::geometry${spec.partitioned ? ', geom_3857 = ST_Transform(fix.g::geometry, 3857)' : ''}`;
  if (byKey) {
    const keys = spec.uniqueKey!;
    const types = keys.map((k) => SQL_TYPE[spec.columns.find((c) => c.column === k)!.type]);
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
async function loadStaged(
  tx: Transaction,
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  progress: Progress,
): Promise<Loaded> {
  const with3857 = Boolean(spec.partitioned);
  await createCheckTable(tx, spec.columns, with3857);
  const encoder = new FeatureEncoder(spec, opts);
  const all = spec.columns.map((_, i) => i);
  const staging = plainSink(
    tx.copyFrom(
      `import_check (idx, fid, ${spec.columns.map((c) => quoted(c.column)).join(', ')}, geom${with3857 ? ', geom_3857' : ''})`,
    ),
    checkLine(all, with3857),
  );
  let count: number;
  try {
    count = await streamFeatures(opts, encoder, [staging], progress);
    await staging.copy.end();
  } catch (err) {
    await staging.copy.abort('import refused');
    if (err instanceof CopyError) throw copyProblem(err, opts);
    throw err;
  }
  progress.phase('validating', count);
  const repairs = await checkGeometries(tx, spec, opts, with3857);
  await checkSirutas(tx, spec, opts, encoder.sirutas);
  const version = await openVersion(tx, spec, opts);
  const cols = spec.columns.map((c) => quoted(c.column)).join(', ');
  // A large version of a partitioned layer gets a partition of its own (see attachPartition); the rest go straight in.
  const bulk = spec.partitioned && count >= BULK_ROWS;
  const target = bulk ? await createPartition(tx, spec, version) : spec.table;
  await tx.query(
    `INSERT INTO ${target} (${tableColumns(spec)})
     SELECT ${cols}, $1, $2, ${with3857 ? `${bulk ? version.id : 0}, geom, geom_3857` : 'geom'} FROM import_check ORDER BY idx`,
    [version.id, version.validFrom],
  );
  if (bulk) await attachPartition(tx, spec, version, count);
  return { count, repaired: repairs.report, version };
}

/** The feature a COPY error names: its line, when the rows went in file order (the failing row's values are in the detail otherwise). */
const featureOfLine = (err: CopyError, sorted = false) => (sorted || err.line === undefined ? undefined : err.line - 1);

/** A row the database refused while loading (a constraint the JS checks do not know about). */
function copyProblem(err: CopyError, opts: ImportOptions, sorted = false): ImportError {
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
async function checkGeometries(
  q: Queryable,
  spec: GeometryLayerSpec,
  opts: ImportOptions,
  with3857 = false,
): Promise<Repairs> {
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
  spec: GeometryLayerSpec,
  opts: ImportOptions,
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

// ---------------------------------------------------------------- the dataset version

/** Starts the new version (db/src/load/dataset-version.ts): scoped to a UAT (--uat) it replaces that UAT's rows only. */
function openVersion(tx: Queryable, spec: GeometryLayerSpec, opts: ImportOptions): Promise<Version> {
  const scope = spec.uatColumn ? (opts.uat ?? null) : null;
  return startVersion(tx, {
    layer: spec.layer,
    sourceFile: opts.sourceFile,
    sourceCrs: opts.srs,
    validFrom: opts.validFrom,
    importedBy: opts.importedBy,
    synthetic: opts.synthetic,
    attribution: opts.attribution,
    scope,
    mustFollow: true,
    replaces: { table: spec.table, where: scope === null ? {} : { [spec.uatColumn!]: scope } },
  });
}
