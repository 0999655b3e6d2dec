// FlatGeobuf (.fgb; what /api/export/{layer}.fgb writes), streamed with the `flatgeobuf` package: features are
// decoded one at a time from a file stream. The coordinate system comes from the header (its EPSG code), read with
// the first feature, before any feature is converted.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs } from '../crs/crs.ts';
import { requireSrs, type FeatureSource } from './geojson.reader.ts';

/** The first bytes of every FlatGeobuf file ("fgb", version 3). */
export const FGB_MAGIC = Buffer.from([0x66, 0x67, 0x62, 0x03]);

export async function readFlatgeobuf(path: string, srsOverride?: string): Promise<FeatureSource> {
  const name = basename(path);
  const bytes = await stat(path).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    },
  );
  let header: HeaderMeta | undefined;
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let read = 0;
  stream.on('data', (c) => (read += c.length));
  const it = deserialize(Readable.toWeb(stream) as unknown as ReadableStream, {
    headerMetaFn: (h: HeaderMeta) => void (header = h),
  });
  let first: IteratorResult<unknown>;
  try {
    first = await it.next();
  } catch (err) {
    stream.destroy();
    throw new ImportError(`${name}: not a readable FlatGeobuf file (${(err as Error).message})`);
  }
  const code = header?.crs?.code;
  const srs = srsOverride ? requireSrs(srsOverride) : code ? parseSrs(`EPSG:${code}`) : undefined;
  if (!srs) {
    stream.destroy();
    throw new ImportError(
      code
        ? `${name}: unsupported coordinate system EPSG:${code}; Atlas reads Stereo 70 (EPSG:3844) and WGS84 (EPSG:4326), or give --srs`
        : `${name}: the FlatGeobuf header names no coordinate system; give it with --srs`,
    );
  }
  async function* features(): AsyncGenerator<GeoJsonFeature> {
    try {
      let index = 0;
      let next = first;
      while (!next.done) {
        yield next.value as GeoJsonFeature;
        index++;
        try {
          next = await it.next();
        } catch (err) {
          throw new ImportError(`${name}: 1 feature(s) refused`, [
            { feature: index, reason: `unreadable FlatGeobuf feature: ${(err as Error).message}` },
          ]);
        }
      }
    } finally {
      stream.destroy();
    }
  }
  return {
    srs,
    total: header?.featuresCount || undefined,
    size: { bytes, read: () => read },
    format: 'flatgeobuf',
    features: features(),
  };
}
