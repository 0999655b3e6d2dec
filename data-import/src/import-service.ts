// The one import entry point shared by the CLI (`npm run import`) and the admin API (POST /api/admin/imports):
// a layer, a file and options in; a dataset version (or a dry-run verdict) out, or an ImportError saying what is
// wrong with which file, feature or line. `precheckImport` runs the checks that need no full read of the file, which
// the API answers before it accepts an upload.
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/src/connect.ts';
import { IMPORT_LAYERS, type ImportLayer } from '../../db/src/datasets.repository.ts';
import {
  ImportError,
  importFeatures,
  type GeometryLayer,
  type ImportProblem,
  type ImportProgress,
} from './import-job.ts';
import {
  importIndicatorCsv,
  checkIndicatorMeta,
  precheckIndicatorCsv,
  type IndicatorMeta,
} from './indicators-import.ts';
import { importSirutaCsv } from './siruta-import.ts';
import { EXTRA_LAYERS, LAYER_SPECS } from './layers/layer-specs.ts';
import { openFeatureFile, precheckFeatureFile } from './readers/open-source.ts';
import { withinGivenUat, withLocatedUat } from './uat-locator.ts';
import { deriveForVersion, rederiveIntravilan, type Rederived } from '../../db/src/load/intravilan.ts';
import { closedLinesAsPolygons } from './readers/closed-lines.ts';
import { requireSrs } from './readers/geojson.reader.ts';
import type { FieldMapping } from './coerce.ts';
import type { Srs } from './crs/crs.ts';

export interface ImportRequest {
  layer: string;
  /** the file on disk */
  file: string;
  /** the name stored with the version; default: the file's base name (messages always use the base name) */
  sourceName?: string | undefined;
  srs?: string | undefined;
  /** GeoPackage: the feature table to read (required when the file has several) */
  table?: string | undefined;
  uat?: number | undefined;
  repair?: boolean | undefined;
  dryRun?: boolean | undefined;
  validFrom?: string | undefined;
  mapping?: FieldMapping | undefined;
  importedBy?: string | undefined;
  /** geometry layers: made by a generator (shown as test data), and the credit the source requires */
  synthetic?: boolean | undefined;
  attribution?: string | undefined;
  /** indicators only: the indicator's metadata and, in long form, the value column */
  indicator?: Partial<IndicatorMeta> | undefined;
  valueColumn?: string | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
}

/** Every layer the importer takes: the map layers, the built-up area limits, indicators and the SIRUTA list. */
export const ALL_IMPORT_LAYERS: readonly string[] = [...IMPORT_LAYERS, ...EXTRA_LAYERS];

export interface ImportOutcome {
  layer: ImportLayer | (typeof EXTRA_LAYERS)[number];
  sourceFile: string;
  datasetVersionId: number | null;
  /** features (geometry layers), values (indicators) or units (siruta) */
  features: number;
  dryRun: boolean;
  srs?: Srs | undefined;
  format?: string | undefined;
  repaired: ImportProblem[];
  replacedVersions: number[];
  /** layer intravilan: the parcels whose status the new limits changed, as a new dataset version of the parcels */
  intravilan?: Rederived | undefined;
  ms: number;
}

export const isGeometryLayer = (layer: string): layer is GeometryLayer => layer in LAYER_SPECS;

/** The request's own fields: layer, options, mapping, indicator metadata. Throws ImportError. */
export function checkRequest(req: ImportRequest): void {
  if (!ALL_IMPORT_LAYERS.includes(req.layer)) {
    throw new ImportError(`unknown layer ${JSON.stringify(req.layer)}: one of ${ALL_IMPORT_LAYERS.join(', ')}`);
  }
  if (req.table !== undefined && !isGeometryLayer(req.layer)) {
    throw new ImportError(`--table applies to GeoPackage files of a geometry layer, not to layer ${req.layer}`);
  }
  if (req.srs !== undefined) requireSrs(req.srs);
  if (req.uat !== undefined && !(Number.isInteger(req.uat) && req.uat > 0)) {
    throw new ImportError(`the UAT must be a SIRUTA code, got ${String(req.uat)}`);
  }
  if (req.validFrom !== undefined && Number.isNaN(Date.parse(req.validFrom))) {
    throw new ImportError(
      `valid-from must be a date (YYYY-MM-DD) or a timestamp, got ${JSON.stringify(req.validFrom)}`,
    );
  }
  if (req.mapping && isGeometryLayer(req.layer)) {
    const known = LAYER_SPECS[req.layer].columns.filter((c) => !c.derive).map((c) => c.column);
    const unknown = Object.keys(req.mapping).filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new ImportError(
        `the mapping names column(s) ${unknown.join(', ')} that layer ${req.layer} does not have (its columns: ${known.join(', ')})`,
      );
    }
  }
  if (req.layer === 'indicators') checkIndicatorMeta(req.indicator ?? {});
}

/** Everything that can be refused without reading the whole file. */
export async function precheckImport(req: ImportRequest): Promise<{ format: string; srs?: Srs | undefined }> {
  checkRequest(req);
  if (isGeometryLayer(req.layer)) return precheckFeatureFile(req.file, req.srs, { table: req.table });
  if (req.layer === 'indicators') await precheckIndicatorCsv(req.file, req.valueColumn, req.sourceName);
  return { format: 'csv' };
}

export async function runImport(db: Db, req: ImportRequest): Promise<ImportOutcome> {
  checkRequest(req);
  const started = Date.now();
  const sourceFile = req.sourceName ?? basename(req.file);
  if (req.layer === 'indicators') {
    const r = await importIndicatorCsv(db, {
      meta: req.indicator as IndicatorMeta,
      file: req.file,
      sourceName: sourceFile,
      valueColumn: req.valueColumn,
      validFrom: req.validFrom,
      dryRun: req.dryRun,
      importedBy: req.importedBy,
      onProgress: req.onProgress,
    });
    return outcome(req, sourceFile, r.datasetVersionId, r.values, started, { format: 'csv' });
  }
  if (req.layer === 'siruta') {
    if (req.dryRun) throw new ImportError('the SIRUTA nomenclature has no dry run');
    const r = await importSirutaCsv(db, req.file);
    return outcome(req, sourceFile, r.datasetVersionId, r.units, started, { format: 'csv' });
  }
  const layer = req.layer as GeometryLayer;
  const source = await openFeatureFile(req.file, req.srs, { table: req.table });
  const spec = LAYER_SPECS[layer];
  const hash = sha256(req.file);
  hash.catch(() => undefined); // an import refused before the end never asks for it
  try {
    // No SIRUTA field and no --uat: each feature's UAT is the UAT polygon that contains it; with --uat, parcels and
    // limits must lie in that UAT (uat-locator.ts).
    const features =
      spec.uatColumn && req.uat === undefined && spec.columns.find((c) => c.column === spec.uatColumn)?.required
        ? await withLocatedUat(db, source.features, spec, source.srs, req.mapping)
        : (layer === 'parcels' || layer === 'intravilan') && req.uat !== undefined
          ? await withinGivenUat(db, source.features, spec, source.srs, req.uat, sourceFile)
          : source.features;
    const shaped = layer === 'intravilan' ? closedLinesAsPolygons(features, sourceFile) : features;
    const report = await importFeatures(db, {
      layer,
      features: shaped,
      srs: source.srs,
      sourceFile,
      sourceSha256: hash,
      uat: req.uat,
      repair: req.repair,
      dryRun: req.dryRun,
      validFrom: req.validFrom,
      mapping: req.mapping,
      importedBy: req.importedBy,
      synthetic: req.synthetic,
      attribution: req.attribution,
      totalHint: source.total,
      size: source.size,
      onProgress: req.onProgress,
      // Parcels whose file says nothing of intravilan take it from the limits loaded for their UAT (intravilan.ts).
      afterLoad: layer === 'parcels' ? async (tx, version) => void (await deriveForVersion(tx, version)) : undefined,
    });
    const intravilan =
      layer === 'intravilan' && !report.dryRun && report.datasetVersionId !== null
        ? await rederiveIntravilan(db, report.datasetVersionId, req.importedBy)
        : undefined;
    return {
      ...outcome(req, sourceFile, report.datasetVersionId, report.features, started, {
        srs: source.srs,
        format: source.format,
      }),
      repaired: report.repaired,
      replacedVersions: report.replacedVersions,
      ...(intravilan ? { intravilan } : {}),
    };
  } finally {
    await source.cleanup();
  }
}

function outcome(
  req: ImportRequest,
  sourceFile: string,
  datasetVersionId: number | null,
  features: number,
  started: number,
  extra: { srs?: Srs; format?: string | undefined },
): ImportOutcome {
  return {
    layer: req.layer as ImportOutcome['layer'],
    sourceFile,
    datasetVersionId,
    features,
    dryRun: req.dryRun ?? false,
    repaired: [],
    replacedVersions: [],
    ms: Date.now() - started,
    ...extra,
  };
}

/**
 * The file's SHA-256, computed in a worker thread while the import runs: a second read of the file and a few hundred
 * milliseconds of hashing for a large one, off the thread that parses, checks and encodes the features.
 */
function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hashing ${basename(file)} stopped (exit code ${code})`)));
  });
}

const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData)
  .on('data', (chunk) => hash.update(chunk))
  .on('end', () => parentPort.postMessage(hash.digest('hex')))
  .on('error', (err) => {
    throw err;
  });
`;
