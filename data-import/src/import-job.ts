// The import service: features in, one dataset version out, in one transaction. Used by the CLI, the admin API
// and the sample loader alike. Nothing is written unless everything is valid (or repaired, when asked).
//
// Each feature is checked in JS as it streams in (GeoJSON structure, geometry type, coordinates plausible for the
// declared CRS, attribute mapping and types, keys met twice) and encoded as a row: COPY text or values, EWKB in
// Stereo 70 (and EPSG:3857 for a partitioned layer). Its validity is proven in JS when it can be (simple rings,
// flat-geometry.ts). The rows are pushed down to db's load API (db/src/load/layer-load.ts), which picks the way in
// for the engine, checks the rest (ST_IsValidReason, SIRUTA codes), repairs when asked and versions the result.
import gjv from 'geojson-validation';
import type { Db, Transaction } from '../../db/src/connect.ts';
import { ImportError, MAX_PROBLEMS, type ImportProblem } from '../../db/src/load/errors.ts';
import {
  loadLayer,
  type LayerTarget,
  type LoadRow,
  type RawGeometry,
  type RowWriter,
} from '../../db/src/load/layer-load.ts';
import { LAYER_SPECS, SQL_TYPE, type GeometryLayerSpec } from './layers/layer-specs.ts';
import { checkPlausible, plausibleBox, type Srs } from './crs/crs.ts';
import { toStereo70 } from './crs/stereo70.ts';
import { WebMercatorGrid } from './crs/web-mercator.ts';
import { coerce, type FieldMapping } from './coerce.ts';
import { COPY_NULL, copyField, ewkbHex, newBounds, type Project } from './copy-format.ts';
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

/**
 * A reader's features may also be offered a batch at a time (those it parsed from one chunk of the file), under this
 * key of its async iterable: the importer then takes them without a promise per feature. Anything that wraps the
 * features (a UAT locator, for instance) leaves it out, and the features are taken one at a time as usual.
 */
export const BATCHES = Symbol('feature batches');

/** Features in batches (see BATCHES), beside the usual async iteration of them one at a time. */
export interface BatchedFeatures extends AsyncIterable<GeoJsonFeature> {
  [BATCHES](): AsyncIterable<readonly GeoJsonFeature[]>;
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

const PROGRESS_MS = 250;

export async function importFeatures(db: Db, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const spec = LAYER_SPECS[opts.layer];
  checkMapping(spec, opts.mapping);
  const progress = progressReporter(opts, started);
  const loaded = await loadLayer(
    db,
    {
      target: loadTarget(spec),
      sourceFile: opts.sourceFile,
      srs: opts.srs,
      uat: opts.uat,
      validFrom: opts.validFrom,
      importedBy: opts.importedBy,
      synthetic: opts.synthetic,
      attribution: opts.attribution,
      repair: opts.repair,
      dryRun: opts.dryRun,
      sourceSha256: opts.sourceSha256,
      afterLoad: opts.afterLoad,
      onPhase: (phase, rows) => progress.phase(phase, rows),
    },
    async (rows) => {
      const encoder = new FeatureEncoder(spec, opts, rows.binary);
      const count = await streamFeatures(opts, encoder, rows, progress);
      return { count, sirutas: encoder.sirutas };
    },
  );
  progress.phase('done', loaded.count);
  return {
    layer: opts.layer,
    sourceFile: opts.sourceFile,
    srs: opts.srs,
    datasetVersionId: loaded.datasetVersionId,
    features: loaded.count,
    repaired: loaded.repaired,
    dryRun: opts.dryRun ?? false,
    replacedVersions: loaded.replacedVersions,
    ms: Date.now() - started,
  };
}

/** The layer's table as db's load API sees it. */
export function loadTarget(spec: GeometryLayerSpec): LayerTarget {
  return {
    layer: spec.layer,
    table: spec.table,
    geometry: spec.geometry,
    uatColumn: spec.uatColumn,
    uniqueKey: spec.uniqueKey,
    uniqueIndexed: spec.uniqueIndexed,
    partitioned: spec.partitioned,
    columns: spec.columns.map((c) => ({ column: c.column, type: c.type, sqlType: SQL_TYPE[c.type] })),
  };
}

function checkMapping(spec: GeometryLayerSpec, mapping: FieldMapping | undefined): void {
  if (!mapping) return;
  const known = spec.columns.filter((c) => !c.derive).map((c) => c.column);
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

/** One feature as a row for db's load API, with the SIRUTA code it names. */
interface EncodedFeature extends LoadRow {
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
export class FeatureEncoder implements RawGeometry {
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
      if (col.derive) {
        // From a column before it, already read (an address's search key, for instance).
        const from = values[col.derive.from];
        const value = from === undefined || from === null ? undefined : col.derive.by(from as never);
        if (!this.binary || this.keyPlace[i]! >= 0) cells[i] = value == null ? COPY_NULL : copyField(col.type, value);
        values[i] = value;
        continue;
      }
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
    return { fid, cells, geom, geom3857, valid, values, raw: raw ? this : undefined, siruta };
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

  /** The current feature's geometry as EWKB (LoadRow.raw): its byte size. */
  ewkbSize(): number {
    return ewkbSize(this.flat);
  }

  /** Writes the current feature's geometry as EWKB, in EPSG:3844 or its EPSG:3857 copy. */
  ewkbInto(srid: 3844 | 3857, buf: Buffer, offset: number): void {
    ewkbInto(this.flat, srid, srid === 3857 ? this.mercatorXY.xy : this.flat.xy, buf, offset);
  }

  /** The current feature's coordinates in EPSG:3857 (see LoadRow.raw). */
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

/**
 * Reads every feature, checks and encodes it, and pushes the rows down to the load (db). Stops writing at the first
 * problem or duplicate key (but keeps reading, up to MAX_PROBLEMS, to report them together) and throws them all at
 * the end: the problems first, else the duplicate keys.
 */
async function streamFeatures(
  opts: ImportOptions,
  encoder: FeatureEncoder,
  rows: RowWriter,
  progress: Progress,
): Promise<number> {
  let count = 0;
  const problems = encoder.problems;
  const duplicates = encoder.duplicates;
  const step = (feature: GeoJsonFeature): Promise<void> | undefined => {
    const index = count++;
    const encoded = encoder.encode(feature, index);
    return encoded && problems.length === 0 && duplicates.size === 0 ? rows.write(encoded, index) : undefined;
  };
  const features = opts.features;
  if (BATCHES in features) {
    reading: for await (const batch of (features as BatchedFeatures)[BATCHES]()) {
      for (const feature of batch) {
        const w = step(feature);
        if (w) await w;
        if (problems.length >= MAX_PROBLEMS) break reading;
        progress.tick(count);
      }
    }
  } else if (Symbol.asyncIterator in features) {
    for await (const feature of features) {
      const w = step(feature);
      if (w) await w;
      if (problems.length >= MAX_PROBLEMS) break;
      progress.tick(count);
    }
  } else {
    // A synchronous reader (GeoPackage) is read without a promise per feature: only a busy database is waited for.
    for (const feature of features) {
      const w = step(feature);
      if (w) await w;
      if (problems.length >= MAX_PROBLEMS) break;
      progress.tick(count);
    }
  }
  if (problems.length) throw new ImportError(`${opts.sourceFile}: ${problems.length} feature(s) refused`, problems);
  if (duplicates.size) throw duplicateError(encoder.spec, opts, duplicates);
  if (count === 0) throw new ImportError(`${opts.sourceFile}: the file holds no features`);
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
