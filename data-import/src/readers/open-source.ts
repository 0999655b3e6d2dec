// Picks the reader for a file from its first bytes (and its name): a ZIP is a zipped Shapefile, an SQLite database a
// GeoPackage, anything else GeoJSON (a FeatureCollection, or one feature per line). `precheckFeatureFile` runs the
// checks that need no full read.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from '../import-job.ts';
import type { Srs } from '../crs/crs.ts';
import { precheckGeojsonFile, readGeojsonFile, type FeatureSource } from './geojson.reader.ts';
import { precheckGeopackage, readGeopackage, SQLITE_MAGIC } from './geopackage.reader.ts';
import { precheckGmlFile, readGmlFile } from './gml.reader.ts';
import { FGB_MAGIC, readFlatgeobuf } from './flatgeobuf.reader.ts';
import { readShapefileZip, shapefileZipSrs, ZIP_MAGIC } from './shapefile.reader.ts';

export type FileFormat = 'shapefile' | 'geojson' | 'geojsonseq' | 'geopackage' | 'gml' | 'flatgeobuf';

export interface OpenOptions {
  /** GeoPackage: the feature table to read (required when there are several) */
  table?: string | undefined;
}

export async function openFeatureFile(
  path: string,
  srs?: string,
  options: OpenOptions = {},
): Promise<FeatureSource & { cleanup(): Promise<void> }> {
  const kind = await sniff(path);
  checkOptions(path, kind, options);
  if (kind === 'shapefile') return readShapefileZip(path, srs);
  if (kind === 'geopackage') return readGeopackage(path, srs, options.table);
  if (kind === 'gml') return { ...(await readGmlFile(path, srs)), cleanup: async () => undefined };
  if (kind === 'flatgeobuf') return { ...(await readFlatgeobuf(path, srs)), cleanup: async () => undefined };
  const source = await readGeojsonFile(path, srs);
  return { ...source, cleanup: async () => undefined };
}

/** Format and coordinate system, as far as they are known without reading the whole file; throws ImportError. */
export async function precheckFeatureFile(
  path: string,
  srs?: string,
  options: OpenOptions = {},
): Promise<{ format: FileFormat; srs?: Srs | undefined }> {
  const kind = await sniff(path);
  checkOptions(path, kind, options);
  if (kind === 'shapefile') return { format: 'shapefile', srs: await shapefileZipSrs(path, srs) };
  if (kind === 'geopackage') return precheckGeopackage(path, srs, options.table);
  if (kind === 'gml') return precheckGmlFile(path, srs);
  if (kind === 'flatgeobuf') {
    const source = await readFlatgeobuf(path, srs);
    const it = source.features as AsyncGenerator<unknown>;
    await it.next(); // started, so that return() closes the file
    await it.return(undefined);
    return { format: 'flatgeobuf', srs: source.srs };
  }
  return precheckGeojsonFile(path, srs);
}

function checkOptions(path: string, kind: string, options: OpenOptions): void {
  if (options.table !== undefined && kind !== 'geopackage') {
    throw new ImportError(`${basename(path)}: --table applies to GeoPackage files only`);
  }
}

/** The format the file's head shows (its name decides only where the head says nothing). */
async function sniff(path: string): Promise<'shapefile' | 'geopackage' | 'gml' | 'flatgeobuf' | 'text'> {
  const head = await readStart(path, 64);
  if (head.length >= 4 && (ZIP_MAGIC as readonly number[]).includes(head.readUInt32LE(0))) return 'shapefile';
  if (head.length >= 16 && head.subarray(0, 16).equals(SQLITE_MAGIC)) return 'geopackage';
  if (head.length >= 4 && head.subarray(0, 3).equals(FGB_MAGIC.subarray(0, 3))) return 'flatgeobuf';
  // XML: GML (a .geojson that starts with "<" stays with the GeoJSON reader, which says it is not GeoJSON)
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<') && !/\.(geo)?json$/i.test(path)) return 'gml';
  if (/\.zip$/i.test(path)) return 'shapefile';
  if (/\.gpkg$/i.test(path)) return 'geopackage';
  if (/\.(gml|xml)$/i.test(path)) return 'gml';
  if (/\.fgb$/i.test(path)) return 'flatgeobuf';
  return 'text';
}

async function readStart(path: string, n: number): Promise<Buffer> {
  try {
    const fh = await open(path, 'r');
    try {
      const b = Buffer.alloc(n);
      const { bytesRead } = await fh.read(b, 0, n, 0);
      return b.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return Buffer.alloc(0);
  }
}
