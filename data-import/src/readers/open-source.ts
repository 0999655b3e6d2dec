// Picks the reader for a file: a ZIP is a zipped Shapefile, anything else GeoJSON (FeatureCollection or one feature per line).
import { open } from 'node:fs/promises';
import { readGeojsonFile, type FeatureSource } from './geojson.reader.ts';
import { readShapefileZip } from './shapefile.reader.ts';

export async function openFeatureFile(
  path: string,
  srs?: string,
): Promise<FeatureSource & { cleanup(): Promise<void> }> {
  if (/\.zip$/i.test(path) || (await isZip(path))) return readShapefileZip(path, srs);
  const source = await readGeojsonFile(path, srs);
  return { ...source, cleanup: async () => undefined };
}

async function isZip(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r');
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    await fh.close();
    return b.readUInt32LE(0) === 0x04034b50;
  } catch {
    return false;
  }
}
