// Writes a generated dataset as files, streaming one feature per line so that 200,000 parcels never become one
// giant string. The same chunks feed `hashDataset`, so a test can compare runs without touching the disk.
import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedDataset } from './generate-city.ts';
import type { IndicatorValue } from './indicators.ts';
import { STEREO70_OGC_URN } from '../crs/stereo70.ts';

/** legacy GeoJSON 2008 `crs` member: RFC 7946 dropped it, but GDAL and PostGIS loaders still honour it */
export const CRS_MEMBER = { type: 'name', properties: { name: STEREO70_OGC_URN } } as const;

export interface DatasetFile {
  /** relative path, with / separators */
  path: string;
  chunks: () => Iterable<string>;
}

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

function* featureCollection(name: string, features: readonly unknown[]): Generator<string> {
  yield `{"type":"FeatureCollection","name":${JSON.stringify(name)},"crs":${JSON.stringify(CRS_MEMBER)},"features":[\n`;
  for (let i = 0; i < features.length; i++) {
    yield JSON.stringify(features[i]) + (i < features.length - 1 ? ',\n' : '\n');
  }
  yield ']}\n';
}

function* csv(values: readonly IndicatorValue[]): Generator<string> {
  yield 'siruta,year,value\n';
  for (const v of values) yield `${v.siruta},${v.year},${v.value}\n`;
}

/** the files of a dataset, in a fixed order */
export function datasetFiles(ds: GeneratedDataset): DatasetFile[] {
  return [
    { path: 'parcels.geojson', chunks: () => featureCollection('parcels', ds.parcels.features) },
    { path: 'zoning.geojson', chunks: () => featureCollection('zoning', ds.zoning.features) },
    { path: 'plans.geojson', chunks: () => featureCollection('plans', ds.plans.features) },
    { path: 'restrictions.geojson', chunks: () => featureCollection('restrictions', ds.restrictions.features) },
    { path: 'permits.geojson', chunks: () => featureCollection('permits', ds.permits.features) },
    { path: 'streets.geojson', chunks: () => featureCollection('streets', ds.streets.features) },
    { path: 'blocks.geojson', chunks: () => featureCollection('blocks', ds.blocks.features) },
    { path: 'indicators/population.csv', chunks: () => csv(ds.indicators.population) },
    { path: 'indicators/dwellings.csv', chunks: () => csv(ds.indicators.dwellings) },
    { path: 'indicators/indicators.json', chunks: () => [JSON.stringify(ds.indicators.meta, null, 2) + '\n'] },
  ];
}

/** sha256 over every file's path and content, in order: equal hashes ⇔ byte-identical output */
export function hashDataset(ds: GeneratedDataset): string {
  const all = createHash('sha256');
  for (const f of datasetFiles(ds)) {
    all.update(`${f.path}\n`);
    for (const c of f.chunks()) all.update(c);
  }
  return all.digest('hex');
}

const FLUSH_AT = 1 << 20;

export async function writeDataset(ds: GeneratedDataset, dir: string): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const f of datasetFiles(ds)) {
    const target = join(dir, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const handle = await open(target, 'w');
    const hash = createHash('sha256');
    let bytes = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const buf = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
      hash.update(buf);
      bytes += buf.length;
      for (let off = 0; off < buf.length;) {
        const { bytesWritten } = await handle.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
    };
    try {
      for (const c of f.chunks()) {
        pending.push(c);
        pendingLength += c.length;
        if (pendingLength >= FLUSH_AT) await flush();
      }
      await flush();
    } finally {
      await handle.close();
    }
    written.push({ path: f.path, bytes, sha256: hash.digest('hex') });
  }
  return written;
}
