// GeoJSON FeatureCollection and newline-delimited GeoJSON files.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs, srsOfGeojson, type Srs } from '../crs/crs.ts';

export interface FeatureSource {
  srs: Srs;
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>;
  total?: number | undefined;
}

/** Opens a .geojson / .json (FeatureCollection) or .geojsonl / .ndjson (one Feature per line) file. */
export async function readGeojsonFile(path: string, srsOverride?: string): Promise<FeatureSource> {
  const name = basename(path);
  const size = await stat(path).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    },
  );
  if (size === 0) throw new ImportError(`${name}: the file is empty`);
  const forced = srsOverride ? requireSrs(srsOverride) : undefined;
  if (/\.(geojsonl|geojsonseq|ndjson|jsonl)$/i.test(path)) {
    return { srs: forced ?? 'EPSG:4326', features: ndjsonFeatures(path, name) };
  }
  const text = await readFile(path, 'utf8');
  let doc: { type?: string; features?: unknown; crs?: unknown; geometries?: unknown[] };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof doc;
  } catch (err) {
    throw new ImportError(`${name}: not valid JSON (${(err as Error).message}); is the file truncated?`);
  }
  const declared = srsOfGeojson(doc.crs);
  if (typeof declared !== 'string' && !forced) {
    throw new ImportError(`${name}: unsupported coordinate system ${declared.unsupported}; give it with --srs`);
  }
  const srs = forced ?? (declared as Srs);
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) {
    return { srs, features: doc.features as GeoJsonFeature[], total: doc.features.length };
  }
  if (doc.type === 'Feature') return { srs, features: [doc as unknown as GeoJsonFeature], total: 1 };
  throw new ImportError(
    `${name}: expected a GeoJSON FeatureCollection or Feature, found ${JSON.stringify(doc.type ?? typeof doc)}`,
  );
}

export function requireSrs(name: string): Srs {
  const srs = parseSrs(name);
  if (!srs)
    throw new ImportError(
      `unsupported coordinate system ${JSON.stringify(name)}: use EPSG:3844 (Stereo 70), EPSG:31700 or EPSG:4326`,
    );
  return srs;
}

async function* ndjsonFeatures(path: string, name: string): AsyncGenerator<GeoJsonFeature> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    const trimmed = line.trim();
    // RFC 8142 GeoJSON text sequences start each record with a record separator (0x1E).
    const t = trimmed.charCodeAt(0) === 0x1e ? trimmed.slice(1) : trimmed;
    if (!t) continue;
    try {
      yield JSON.parse(t) as GeoJsonFeature;
    } catch (err) {
      throw new ImportError(`${name} line ${n}: not valid JSON (${(err as Error).message})`);
    }
  }
}
