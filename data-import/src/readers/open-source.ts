// Picks the reader for a file from its first bytes: a ZIP is a zipped Shapefile, anything else GeoJSON (a
// FeatureCollection, or one feature per line). `precheckFeatureFile` runs the checks that need no full read.
import { open } from 'node:fs/promises';
import type { Srs } from '../crs/crs.ts';
import { precheckGeojsonFile, readGeojsonFile, type FeatureSource } from './geojson.reader.ts';
import { readShapefileZip, shapefileZipSrs, ZIP_MAGIC } from './shapefile.reader.ts';

export async function openFeatureFile(
  path: string,
  srs?: string,
): Promise<FeatureSource & { cleanup(): Promise<void> }> {
  if (/\.zip$/i.test(path) || (await isZip(path))) return readShapefileZip(path, srs);
  const source = await readGeojsonFile(path, srs);
  return { ...source, cleanup: async () => undefined };
}

/** Format and coordinate system, as far as they are known without reading the whole file; throws ImportError. */
export async function precheckFeatureFile(
  path: string,
  srs?: string,
): Promise<{ format: 'shapefile' | 'geojson' | 'geojsonseq'; srs?: Srs | undefined }> {
  if (/\.zip$/i.test(path) || (await isZip(path)))
    return { format: 'shapefile', srs: await shapefileZipSrs(path, srs) };
  return precheckGeojsonFile(path, srs);
}

async function isZip(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    await fh.close();
    return bytesRead === 4 && (ZIP_MAGIC as readonly number[]).includes(b.readUInt32LE(0));
  } catch {
    return false;
  }
}
