// Zipped Shapefiles (.shp/.shx/.dbf/.prj/.cpg): extracted safely (no paths outside the archive, a size limit
// against zip bombs), CRS from the .prj, DBF text decoded from UTF-8, CP1250 or ISO-8859-2.
import { createWriteStream } from 'node:fs';
import { mkdtemp, open as openFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as shapefile from 'shapefile';
import yauzl from 'yauzl';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { normaliseRomanian } from '../coerce.ts';
import type { Srs } from '../crs/crs.ts';
import { requireSrs, type FeatureSource } from './geojson.reader.ts';

export const ZIP_LIMITS = { maxEntries: 200, maxBytes: 2 * 1024 ** 3, maxRatio: 200 };
const PARTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg'] as const;

export async function readShapefileZip(
  path: string,
  srsOverride?: string,
  limits = ZIP_LIMITS,
): Promise<FeatureSource & { cleanup(): Promise<void> }> {
  const name = basename(path);
  const head = Buffer.alloc(4);
  const fh = await openFile(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const { bytesRead } = await fh.read(head, 0, 4, 0);
  await fh.close();
  if (bytesRead === 0) throw new ImportError(`${name}: the file is empty`);
  if (head.readUInt32LE(0) !== 0x04034b50 && head.readUInt32LE(0) !== 0x06054b50) {
    throw new ImportError(
      `${name}: not a ZIP archive (a Shapefile must be uploaded as a .zip of .shp, .shx, .dbf, .prj)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'atlas-shp-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const files = await extract(path, name, dir, limits);
    const shps = [...files.keys()].filter((f) => f.toLowerCase().endsWith('.shp'));
    if (shps.length === 0) throw new ImportError(`${name}: the ZIP holds no .shp file`);
    if (shps.length > 1)
      throw new ImportError(
        `${name}: the ZIP holds ${shps.length} shapefiles (${shps.join(', ')}); upload one per import`,
      );
    const stem = shps[0]!.slice(0, -4).toLowerCase();
    const part = (ext: string) => files.get([...files.keys()].find((f) => f.toLowerCase() === stem + ext) ?? '');
    const shp = part('.shp')!;
    const dbf = part('.dbf');
    if (!dbf) throw new ImportError(`${name}: ${shps[0]} has no .dbf attribute table`);
    const prj = part('.prj');
    const cpg = part('.cpg');
    const srs = srsOverride ? requireSrs(srsOverride) : prj ? srsOfPrj(await readFile(prj, 'utf8'), name) : undefined;
    if (!srs)
      throw new ImportError(`${name}: no .prj file says which coordinate system the data is in; give it with --srs`);
    const encoding = cpg ? encodingOfCpg(await readFile(cpg, 'latin1'), name) : await sniffDbfEncoding(dbf);
    return { srs, features: shapefileFeatures(shp, dbf, encoding, name), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function extract(
  path: string,
  name: string,
  dir: string,
  limits: typeof ZIP_LIMITS,
): Promise<Map<string, string>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
        err ? reject(err) : resolve(z!),
      ),
    );
  } catch (err) {
    throw new ImportError(`${name}: not a readable ZIP archive (${(err as Error).message})`);
  }
  const files = new Map<string, string>();
  let total = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const fileName = entry.fileName;
          if (++count > limits.maxEntries)
            throw new ImportError(`${name}: more than ${limits.maxEntries} entries in the ZIP`);
          if (fileName.startsWith('/') || /^[a-z]:/i.test(fileName) || fileName.split(/[\\/]/).includes('..')) {
            throw new ImportError(`${name}: the entry ${JSON.stringify(fileName)} points outside the archive; refused`);
          }
          const base = fileName.split(/[\\/]/).pop()!;
          const ext = base.slice(base.lastIndexOf('.')).toLowerCase();
          if (fileName.endsWith('/') || !(PARTS as readonly string[]).includes(ext) || base.startsWith('._'))
            return zip.readEntry();
          total += entry.uncompressedSize;
          if (total > limits.maxBytes)
            throw new ImportError(`${name}: more than ${limits.maxBytes} bytes uncompressed; refused`);
          if (
            entry.compressedSize > 0 &&
            entry.uncompressedSize / entry.compressedSize > limits.maxRatio &&
            entry.uncompressedSize > 10 * 1024 ** 2
          ) {
            throw new ImportError(
              `${name}: ${fileName} expands ${Math.round(entry.uncompressedSize / entry.compressedSize)}× (a zip bomb?); refused`,
            );
          }
          const target = join(dir, base);
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) =>
            zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))),
          );
          let written = 0;
          const guard = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              written += chunk.length;
              if (written > entry.uncompressedSize || written > limits.maxBytes)
                cb(new ImportError(`${name}: ${fileName} is larger than it declares; refused`));
              else cb(null, chunk);
            },
          });
          await pipeline(stream, guard, createWriteStream(target));
          files.set(base, target);
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${name}: the ZIP archive is damaged (${(err as Error).message})`);
  }
  return files;
}

/** Stereo 70 in its ESRI and EPSG spellings (and the deprecated 31700), or WGS84 geographic. */
export function srsOfPrj(wkt: string, name = '.prj'): Srs {
  const w = wkt.replace(/\s+/g, ' ');
  if (
    /Stereo[_ ]?70|Dealul[_ ]Piscului[_ ]1970|Pulkovo[_ ]1942\(58\)[_ ]?\/[_ ]?Stereo|AUTHORITY\["EPSG",\s*"?(3844|31700)"?\]\s*\]?\s*$/i.test(
      w,
    )
  ) {
    return 'EPSG:3844';
  }
  if (!/PROJCS|PROJCRS/i.test(w) && /WGS[_ ]?(19)?84/i.test(w)) return 'EPSG:4326';
  const projcs = /PROJ(?:CS|CRS)\["([^"]+)"/i.exec(w)?.[1];
  throw new ImportError(
    `${name}: unsupported coordinate system ${projcs ? `"${projcs}"` : w.slice(0, 60)}; Atlas reads Stereo 70 (EPSG:3844) and WGS84 (EPSG:4326), or give --srs`,
  );
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  '65001': 'utf-8',
  '1250': 'windows-1250',
  cp1250: 'windows-1250',
  'windows-1250': 'windows-1250',
  ansi_1250: 'windows-1250',
  '88592': 'iso-8859-2',
  'iso-8859-2': 'iso-8859-2',
  'iso8859-2': 'iso-8859-2',
  iso88592: 'iso-8859-2',
  '28592': 'iso-8859-2',
  '1252': 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  '88591': 'iso-8859-1',
};

function encodingOfCpg(cpg: string, name: string): string {
  const key = cpg.trim().toLowerCase();
  const enc = ENCODINGS[key];
  if (!enc)
    throw new ImportError(
      `${name}: unsupported .cpg encoding ${JSON.stringify(cpg.trim())} (supported: UTF-8, CP1250, ISO-8859-2)`,
    );
  return enc;
}

/** Without a .cpg: UTF-8 when the table decodes as UTF-8, CP1250 (the Romanian Windows code page) otherwise. */
async function sniffDbfEncoding(dbf: string): Promise<string> {
  const bytes = await readFile(dbf);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(32));
    return 'utf-8';
  } catch {
    return 'windows-1250';
  }
}

async function* shapefileFeatures(
  shp: string,
  dbf: string,
  encoding: string,
  name: string,
): AsyncGenerator<GeoJsonFeature> {
  let source: Awaited<ReturnType<typeof shapefile.open>>;
  try {
    source = await shapefile.open(shp, dbf, { encoding });
  } catch (err) {
    throw new ImportError(`${name}: not a readable Shapefile (${(err as Error).message})`);
  }
  for (;;) {
    let r: { done: boolean; value: GeoJSON.Feature };
    try {
      r = (await source.read()) as { done: boolean; value: GeoJSON.Feature };
    } catch (err) {
      throw new ImportError(`${name}: the Shapefile is damaged (${(err as Error).message})`);
    }
    if (r.done) return;
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.value.properties ?? {}))
      properties[k] = typeof v === 'string' ? normaliseRomanian(v.trim()) : v;
    yield { type: 'Feature', properties, geometry: r.value.geometry as GeoJsonFeature['geometry'] };
  }
}
