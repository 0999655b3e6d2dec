// Zipped Shapefiles (.shp/.shx/.dbf/.prj/.cpg): checked from the ZIP's central directory before anything is
// extracted (no paths outside the archive, one shapefile, sizes under a limit against zip bombs), extracted with the
// sizes enforced while writing, CRS from the .prj, DBF text decoded from UTF-8, CP1250 or ISO-8859-2 (.cpg, else
// sniffed), Romanian ş/ţ with cedilla normalised to ș/ț with comma below. Features are read one at a time.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open as openFile, rm, stat } from 'node:fs/promises';
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
export type ZipLimits = typeof ZIP_LIMITS;
const PARTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg'] as const;
type Part = (typeof PARTS)[number];

export const ZIP_MAGIC = [0x04034b50, 0x06054b50] as const;

export interface ShapefileEntries {
  /** the shapefile's parts by extension: entry name in the archive */
  parts: Partial<Record<Part, string>>;
  /** total uncompressed bytes of the parts */
  bytes: number;
}

/**
 * Checks a ZIP from its central directory alone, without extracting anything: readable, no entry pointing outside
 * the archive, exactly one .shp with its .dbf, sizes and compression ratios under the limits.
 */
export async function inspectShapefileZip(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<ShapefileEntries> {
  const name = basename(path);
  await checkMagic(path, name);
  const zip = await openZip(path, name);
  const found = new Map<string, { fileName: string; size: number }>();
  let count = 0;
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(err, name)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          if (++count > limits.maxEntries)
            throw new ImportError(`${name}: more than ${limits.maxEntries} entries in the ZIP`);
          const fileName = entry.fileName;
          const base = fileName.split('/').pop()!;
          const ext = base.slice(base.lastIndexOf('.')).toLowerCase();
          const relevant =
            !fileName.endsWith('/') &&
            (PARTS as readonly string[]).includes(ext) &&
            !base.startsWith('._') &&
            !fileName.startsWith('__MACOSX/');
          if (relevant) {
            total += entry.uncompressedSize;
            if (total > limits.maxBytes) {
              throw new ImportError(
                `${name}: the shapefile would expand to more than ${limits.maxBytes} bytes; refused (a zip bomb?)`,
                [],
                'too-large',
              );
            }
            const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
            if (ratio > limits.maxRatio && entry.uncompressedSize > 10 * 1024 ** 2) {
              throw new ImportError(
                `${name}: ${fileName} expands ${Number.isFinite(ratio) ? `${Math.round(ratio)}×` : 'from nothing'} to ${entry.uncompressedSize} bytes (a zip bomb?); refused`,
                [],
                'too-large',
              );
            }
            const key = base.toLowerCase();
            if (found.has(key))
              throw new ImportError(`${name}: the ZIP holds ${base} twice (${found.get(key)!.fileName}, ${fileName})`);
            found.set(key, { fileName, size: entry.uncompressedSize });
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  const shps = [...found.keys()].filter((f) => f.endsWith('.shp'));
  if (shps.length === 0) throw new ImportError(`${name}: the ZIP holds no .shp file`);
  if (shps.length > 1) {
    throw new ImportError(
      `${name}: the ZIP holds ${shps.length} shapefiles (${shps.map((s) => found.get(s)!.fileName).join(', ')}); upload one per import`,
    );
  }
  const stem = shps[0]!.slice(0, -4);
  const parts: Partial<Record<Part, string>> = {};
  for (const ext of PARTS) {
    const e = found.get(stem + ext);
    if (e) parts[ext] = e.fileName;
  }
  if (!parts['.dbf']) throw new ImportError(`${name}: ${parts['.shp']} has no .dbf attribute table`);
  return { parts, bytes: total };
}

/** The coordinate system of a zipped shapefile (from --srs or its .prj), read without extracting the rest. */
export async function shapefileZipSrs(path: string, srsOverride?: string, limits = ZIP_LIMITS): Promise<Srs> {
  const name = basename(path);
  const { parts } = await inspectShapefileZip(path, limits);
  if (srsOverride) return requireSrs(srsOverride);
  if (!parts['.prj'])
    throw new ImportError(`${name}: no .prj file says which coordinate system the data is in; give it with --srs`);
  const prj = await readEntryText(path, name, parts['.prj'], 64 * 1024);
  return srsOfPrj(prj, `${name}: ${parts['.prj']}`);
}

export async function readShapefileZip(
  path: string,
  srsOverride?: string,
  limits = ZIP_LIMITS,
): Promise<FeatureSource & { cleanup(): Promise<void> }> {
  const name = basename(path);
  const { parts } = await inspectShapefileZip(path, limits);
  const dir = await mkdtemp(join(tmpdir(), 'atlas-shp-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const files = await extract(path, name, dir, parts, limits);
    const file = (ext: Part) => files.get(ext);
    const srs = srsOverride
      ? requireSrs(srsOverride)
      : file('.prj')
        ? srsOfPrj(await readSmall(file('.prj')!), `${name}: ${parts['.prj']}`)
        : undefined;
    if (!srs) {
      throw new ImportError(`${name}: no .prj file says which coordinate system the data is in; give it with --srs`);
    }
    const encoding = file('.cpg')
      ? encodingOfCpg(await readSmall(file('.cpg')!), name)
      : await sniffDbfEncoding(file('.dbf')!);
    const total = file('.shx') ? await recordsInShx(file('.shx')!) : undefined;
    return {
      srs,
      total,
      format: 'shapefile',
      features: shapefileFeatures(file('.shp')!, file('.dbf')!, encoding, name),
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function checkMagic(path: string, name: string): Promise<void> {
  const head = Buffer.alloc(4);
  const fh = await openFile(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const { bytesRead } = await fh.read(head, 0, 4, 0).finally(() => fh.close());
  if (bytesRead === 0) throw new ImportError(`${name}: the file is empty`);
  if (bytesRead < 4 || !(ZIP_MAGIC as readonly number[]).includes(head.readUInt32LE(0))) {
    throw new ImportError(
      `${name}: not a ZIP archive (a Shapefile must be uploaded as a .zip of .shp, .shx, .dbf, .prj)`,
    );
  }
}

function openZip(path: string, name: string): Promise<yauzl.ZipFile> {
  return new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true }, (err, z) =>
      err ? reject(zipError(err, name)) : resolve(z),
    ),
  );
}

function zipError(err: Error, name: string): Error {
  if (err instanceof ImportError) return err;
  const m = /^(absolute path|invalid relative path): (.*)$/.exec(err.message);
  if (m) return new ImportError(`${name}: the entry ${JSON.stringify(m[2])} points outside the archive; refused`);
  return new ImportError(`${name}: not a readable ZIP archive (${err.message})`);
}

/** Extracts the named entries into `dir`, refusing any that is larger than its header says or than the limit. */
async function extract(
  path: string,
  name: string,
  dir: string,
  parts: Partial<Record<Part, string>>,
  limits: ZipLimits,
): Promise<Map<Part, string>> {
  const wanted = new Map<string, Part>(Object.entries(parts).map(([ext, entry]) => [entry, ext as Part]));
  const files = new Map<Part, string>();
  const zip = await openZip(path, name);
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(err, name)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const ext = wanted.get(entry.fileName);
        if (!ext) return zip.readEntry();
        void (async () => {
          const target = join(dir, `part${ext}`);
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) =>
            zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s))),
          );
          const guard = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              total += chunk.length;
              if (total > limits.maxBytes)
                cb(
                  new ImportError(`${name}: more than ${limits.maxBytes} bytes uncompressed; refused`, [], 'too-large'),
                );
              else cb(null, chunk);
            },
          });
          await pipeline(stream, guard, createWriteStream(target));
          files.set(ext, target);
          zip.readEntry();
        })().catch((err: Error) =>
          reject(
            err instanceof ImportError
              ? err
              : new ImportError(`${name}: ${entry.fileName} is damaged (${err.message})`),
          ),
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return files;
}

/** The text of one small entry (a .prj or .cpg), read straight from the archive. */
async function readEntryText(path: string, name: string, fileName: string, max: number): Promise<string> {
  const zip = await openZip(path, name);
  try {
    return await new Promise<string>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(err, name)));
      zip.on('end', () => reject(new ImportError(`${name}: ${fileName} is missing`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== fileName) return zip.readEntry();
        if (entry.uncompressedSize > max)
          return reject(new ImportError(`${name}: ${fileName} is larger than ${max} bytes`));
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(zipError(err, name));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (e: Error) => reject(new ImportError(`${name}: ${fileName} is damaged (${e.message})`)));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function readSmall(file: string): Promise<string> {
  const fh = await openFile(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.toString('latin1', 0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Stereo 70 in its ESRI and EPSG spellings (and the deprecated EPSG:31700), or WGS84 geographic. ESRI writes
 * `PROJCS["Stereo_70"...` or `PROJCS["Pulkovo_1942_Adj_58_Stereo_70"...`, EPSG `PROJCS["Pulkovo 1942(58) / Stereo70"...`
 * and older files `Dealul Piscului 1970 / Stereo 70` with AUTHORITY 31700.
 */
export function srsOfPrj(wkt: string, name = '.prj'): Srs {
  const w = wkt
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const projected = /^\s*PROJ(?:CS|CRS|ECTEDCRS)\s*\[/i.test(w);
  const crsName = /^\s*[A-Z]+\s*\[\s*"([^"]*)"/i.exec(w)?.[1];
  const authority = /(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(w)?.[1];
  if (projected && ((crsName && /Stereo[_ ]?70/i.test(crsName)) || authority === '3844' || authority === '31700')) {
    return 'EPSG:3844';
  }
  if (
    !projected &&
    /^\s*GEOG(?:CS|CRS|RAPHICCRS)\s*\[/i.test(w) &&
    (authority === '4326' || /WGS[_ ]?(19)?84/i.test(crsName ?? ''))
  ) {
    return 'EPSG:4326';
  }
  if (!w) throw new ImportError(`${name}: the .prj file is empty; give the coordinate system with --srs`);
  throw new ImportError(
    `${name}: unsupported coordinate system ${crsName ? `"${crsName}"` : JSON.stringify(w.slice(0, 60))}; Atlas reads Stereo 70 (EPSG:3844) and WGS84 (EPSG:4326), or give --srs`,
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
  'iso 8859-2': 'iso-8859-2',
  iso88592: 'iso-8859-2',
  '28592': 'iso-8859-2',
  '885916': 'iso-8859-16',
  'iso-8859-16': 'iso-8859-16',
  '1252': 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  '88591': 'iso-8859-1',
};

export function encodingOfCpg(cpg: string, name: string): string {
  const key = cpg.trim().toLowerCase();
  const enc = ENCODINGS[key];
  if (!enc)
    throw new ImportError(
      `${name}: unsupported .cpg encoding ${JSON.stringify(cpg.trim())} (supported: UTF-8, CP1250, ISO-8859-2)`,
    );
  return enc;
}

/**
 * Without a .cpg: UTF-8 when the whole table decodes as UTF-8, else CP1250 (the Romanian Windows code page; for
 * ă â î ş ţ it agrees with ISO-8859-2). Read in chunks: the table is never held whole.
 */
async function sniffDbfEncoding(dbf: string): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(dbf, { start: 32, highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1250';
  } finally {
    stream.destroy();
  }
}

/** The number of records, from the .shx index (100-byte header, then 8 bytes per record). */
async function recordsInShx(shx: string): Promise<number | undefined> {
  const { size } = await stat(shx);
  return size >= 100 && (size - 100) % 8 === 0 ? (size - 100) / 8 : undefined;
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
  let index = 0;
  for (;;) {
    let r: { done: boolean; value: GeoJSON.Feature };
    try {
      r = (await source.read()) as { done: boolean; value: GeoJSON.Feature };
    } catch (err) {
      throw new ImportError(`${name}: the Shapefile is damaged at record ${index} (${(err as Error).message})`);
    }
    if (r.done) return;
    index++;
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.value.properties ?? {}))
      properties[k] = typeof v === 'string' ? normaliseRomanian(v.trim()) : v;
    yield { type: 'Feature', properties, geometry: r.value.geometry as GeoJsonFeature['geometry'] };
  }
}
