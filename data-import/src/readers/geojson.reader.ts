// GeoJSON files, streamed: a FeatureCollection is split feature by feature (json-splitter.ts), a newline-delimited
// file (GeoJSONL / GeoJSON text sequence, RFC 8142) line by line. Memory stays bounded by the largest feature.
//
// The coordinate system must be known before the first feature is converted. It comes from --srs, else from the
// collection's legacy `crs` member, else EPSG:4326 (RFC 7946). The `crs` member usually comes before "features"
// (GDAL, QGIS and our generator write it there) and is then read from the head of the file. When the head has no
// `crs` and no --srs was given, one fast pass over the file (bytes only, no feature parsed) looks for a `crs`
// member after "features"; it also counts the features, which gives the progress bar its total.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileSize } from './file-size.ts';
import { basename } from 'node:path';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs, srsOfGeojson, type Srs } from '../crs/crs.ts';
import { FeatureCollectionSplitter, SplitError } from './json-splitter.ts';
import { FastFeatureReader } from './fast-feature.ts';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, Utf8Stream } from './utf8.ts';

export interface FeatureSource {
  srs: Srs;
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>;
  /** The number of features, when known before reading them. */
  total?: number | undefined;
  /** The file's size and how much of it has been read: estimates the total and the ETA while reading. */
  size?: { bytes: number; read(): number } | undefined;
  /** What was read: for messages and the dataset version. */
  format?: 'geojson' | 'geojsonseq' | 'shapefile' | 'geopackage' | 'gml' | 'flatgeobuf' | undefined;
}

const CHUNK = 1024 * 1024;
const SEQUENCE_EXT = /\.(geojsonl|geojsonseq|geojsons|ndjson|jsonl)$/i;
const RS = 0x1e;

/** Opens a .geojson / .json file (a FeatureCollection, or one Feature) or a newline-delimited GeoJSON file. */
export async function readGeojsonFile(path: string, srsOverride?: string): Promise<FeatureSource> {
  const name = basename(path);
  const bytes = await fileSize(path, name);
  const forced = srsOverride ? requireSrs(srsOverride) : undefined;
  const head = await readHead(path, 64 * 1024);
  const kind = sniffGeojson(head, path);
  if (kind === 'sequence') return readSequence(path, name, bytes, head, forced);
  if (kind !== 'collection') throw new ImportError(`${name}: ${kind}`);
  return readCollection(path, name, bytes, forced);
}

/**
 * The checks that need only the head of the file: GeoJSON at all, a FeatureCollection (or Feature, or one feature
 * per line), and a supported coordinate system when one is declared there. The admin API runs them before it
 * accepts an upload; everything else is found while importing.
 */
export async function precheckGeojsonFile(
  path: string,
  srsOverride?: string,
): Promise<{ format: 'geojson' | 'geojsonseq'; srs?: Srs }> {
  const name = basename(path);
  await fileSize(path, name);
  const forced = srsOverride ? requireSrs(srsOverride) : undefined;
  const head = await readHead(path, 64 * 1024);
  const kind = sniffGeojson(head, path);
  if (kind === 'sequence') {
    const source = await readSequence(path, name, head.length, head, forced);
    return { format: 'geojsonseq', srs: source.srs };
  }
  if (kind !== 'collection') throw new ImportError(`${name}: ${kind}`);
  const scanned = new FeatureCollectionSplitter({ features: false });
  try {
    scanned.push(head);
  } catch (err) {
    throw asImportError(err, name);
  }
  checkType(scanned.members.get('type'), name);
  const crs = scanned.members.get('crs');
  if (forced) return { format: 'geojson', srs: forced };
  if (crs === undefined) return { format: 'geojson' };
  const declared = srsOfGeojson(crs);
  if (typeof declared !== 'string') {
    throw new ImportError(`${name}: unsupported coordinate system ${declared.unsupported}; give it with --srs`);
  }
  return { format: 'geojson', srs: declared };
}

export function requireSrs(name: string): Srs {
  const srs = parseSrs(name);
  if (!srs)
    throw new ImportError(
      `unsupported coordinate system ${JSON.stringify(name)}: use EPSG:3844 (Stereo 70), EPSG:31700 or EPSG:4326`,
    );
  return srs;
}

export async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Which kind of GeoJSON file starts with these bytes: a FeatureCollection (or one Feature), a sequence of features
 * (one per line, or RFC 8142 record separators), or a message saying why it is not GeoJSON at all.
 */
export function sniffGeojson(head: Buffer, path = ''): 'collection' | 'sequence' | string {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (i >= head.length) return 'the file holds only white space';
  const c = head[i]!;
  if (c === RS) return 'sequence';
  if (c !== 0x7b) {
    const binary = head.subarray(0, 64).some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
    return binary
      ? 'not a GeoJSON text file (binary data; a Shapefile must be a .zip of .shp, .shx, .dbf, .prj)'
      : `not GeoJSON: expected a JSON object, the file starts with ${JSON.stringify(head.toString('utf8', i, i + 20))}`;
  }
  if (SEQUENCE_EXT.test(path)) return 'sequence';
  // A .geojson holding one feature per line: the first object ends on the first line and another one follows.
  const nl = head.indexOf(0x0a, i);
  if (nl > 0) {
    const probe = new FeatureCollectionSplitter({ features: false });
    try {
      probe.push(head.subarray(0, nl));
      if (probe.done && probe.members.get('type') === 'Feature') {
        let j = nl;
        while (j < head.length && (head[j] === 0x0a || head[j] === 0x0d || head[j] === 0x20)) j++;
        if (head[j] === 0x7b || head[j] === RS) return 'sequence';
      }
    } catch {
      // not one object on the first line: a collection (or damaged, which the reader reports)
    }
  }
  return 'collection';
}

async function readCollection(path: string, name: string, bytes: number, forced: Srs | undefined) {
  const head = await scanCollection(path, name, { stopAtFeatures: true });
  checkType(head.members.get('type'), name);
  let crs = head.members.get('crs');
  // A small file is read whole by the head pass: its count is then known too.
  let total: number | undefined = head.done ? head.count : undefined;
  if (crs === undefined && !forced && head.featuresStarted) {
    // No crs before "features": look after it (one byte-level pass), before converting anything.
    const full = await scanCollection(path, name, { stopAtFeatures: false });
    crs = full.members.get('crs');
    total = full.count;
  }
  const declared = srsOfGeojson(crs);
  if (typeof declared !== 'string' && !forced) {
    throw new ImportError(`${name}: unsupported coordinate system ${declared.unsupported}; give it with --srs`);
  }
  const srs = forced ?? (declared as Srs);
  let read = 0;
  return {
    srs,
    total,
    format: 'geojson' as const,
    size: { bytes, read: () => read },
    features: collectionFeatures(path, name, (n) => (read = n)),
  };
}

function checkType(type: unknown, name: string): void {
  if (type !== undefined && type !== 'FeatureCollection' && type !== 'Feature') {
    throw new ImportError(
      `${name}: expected a GeoJSON FeatureCollection or Feature, found type ${JSON.stringify(type)}`,
    );
  }
}

/** One pass over the file counting the features and reading the other members (no feature is parsed). */
async function scanCollection(
  path: string,
  name: string,
  opts: { stopAtFeatures: boolean },
): Promise<FeatureCollectionSplitter> {
  const splitter = new FeatureCollectionSplitter({ features: false });
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      if (opts.stopAtFeatures && (splitter.featuresStarted || splitter.done)) return splitter;
    }
    splitter.end();
    return splitter;
  } catch (err) {
    throw asImportError(err, name);
  } finally {
    stream.destroy();
  }
}

async function* collectionFeatures(
  path: string,
  name: string,
  onRead: (bytes: number) => void,
): AsyncGenerator<GeoJsonFeature> {
  const splitter = new FeatureCollectionSplitter({ reader: new FastFeatureReader() });
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const utf8 = new Utf8Stream();
  let index = 0;
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bad = utf8.push(chunk);
      if (bad >= 0) {
        // The features complete before the bad byte are not read: the one it is in is named.
        let before = 0;
        try {
          before = splitter.push(chunk.subarray(0, Math.max(0, bad - read))).length;
        } catch {
          // what precedes the bad byte is broken too: the encoding is what is reported
        }
        throw notUtf8(name, bad, splitter.featuresStarted ? index + before : undefined);
      }
      read += chunk.length;
      let texts: (string | object)[];
      try {
        texts = splitter.push(chunk);
      } catch (err) {
        throw asImportError(err, name);
      }
      onRead(read);
      for (const text of texts) {
        let feature: GeoJsonFeature;
        try {
          feature = (typeof text === 'string' ? JSON.parse(text) : text) as GeoJsonFeature;
        } catch (err) {
          throw new ImportError(`${name} feature ${index}: not valid JSON (${(err as Error).message})`);
        }
        index++;
        yield feature;
      }
    }
    const cut = utf8.end();
    if (cut >= 0) throw notUtf8(name, cut, splitter.featuresStarted ? index : undefined);
    try {
      splitter.end();
    } catch (err) {
      throw asImportError(err, name);
    }
  } finally {
    stream.destroy();
  }
  const members = splitter.members;
  checkType(members.get('type'), name);
  if (members.get('type') === 'Feature' && !splitter.featuresStarted) {
    // A file holding one Feature: its members are the feature.
    yield Object.fromEntries(members) as unknown as GeoJsonFeature;
    return;
  }
  if (!splitter.featuresStarted) {
    const f = members.get('features');
    throw new ImportError(
      f === undefined
        ? `${name}: the FeatureCollection has no "features" member`
        : `${name}: "features" must be an array, found ${JSON.stringify(f)?.slice(0, 40)}`,
    );
  }
  if (members.get('type') !== 'FeatureCollection') {
    throw new ImportError(`${name}: the object holding "features" has no "type": "FeatureCollection"`);
  }
}

/** A file that is not UTF-8 text (GeoJSON is, RFC 8259): where, and what to do. */
function notUtf8(name: string, offset: number, feature: number | undefined, line?: number): ImportError {
  const where = line !== undefined ? ` line ${line}` : feature !== undefined ? ` feature ${feature}` : '';
  return new ImportError(
    `${name}${where}: not UTF-8 text (byte ${offset}); GeoJSON must be UTF-8: save the file as UTF-8 (for example with ogr2ogr or QGIS) and import it again`,
  );
}

function asImportError(err: unknown, name: string): Error {
  if (err instanceof SplitError) return new ImportError(`${name}: ${err.message} (at byte ${err.offset})`);
  return err as Error;
}

// ---------------------------------------------------------------- one feature per line

async function readSequence(path: string, name: string, bytes: number, head: Buffer, forced: Srs | undefined) {
  // A `crs` member on the first feature declares the whole file's system (GDAL writes none: EPSG:4326).
  let srs: Srs = forced ?? 'EPSG:4326';
  if (!forced) {
    const first = firstLine(head);
    try {
      const crs = (JSON.parse(first) as { crs?: unknown }).crs;
      const declared = srsOfGeojson(crs);
      if (typeof declared !== 'string')
        throw new ImportError(`${name}: unsupported coordinate system ${declared.unsupported}; give it with --srs`);
      srs = declared;
    } catch (err) {
      if (err instanceof ImportError) throw err;
      // a first line that is not JSON is reported, with its number, while reading
    }
  }
  let read = 0;
  return {
    srs,
    format: 'geojsonseq' as const,
    size: { bytes, read: () => read },
    features: sequenceFeatures(path, name, (n) => (read = n)),
  };
}

function firstLine(head: Buffer): string {
  let s = head.toString('utf8').replace(/^\uFEFF/, '');
  let start = 0;
  while (start < s.length && (s.charCodeAt(start) === RS || /\s/.test(s[start]!))) start++;
  s = s.slice(start);
  const nl = s.indexOf('\n');
  return nl < 0 ? s : s.slice(0, nl);
}

async function* sequenceFeatures(
  path: string,
  name: string,
  onRead: (bytes: number) => void,
): AsyncGenerator<GeoJsonFeature> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  let rest: Buffer = Buffer.alloc(0);
  let line = 0;
  let read = 0;
  /** One line's bytes, `offset` the stream offset of its first byte. */
  const parse = (bytes: Buffer, offset: number): GeoJsonFeature | undefined => {
    line++;
    let start = 0;
    let end = bytes.length;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    while (start < end && (bytes[start] === RS || bytes[start] === 0x20 || bytes[start] === 0x09)) start++;
    while (end > start && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
    if (start === end) return undefined;
    if (!isUtf8(bytes.subarray(start, end))) {
      throw notUtf8(name, offset + start + firstInvalidUtf8(bytes.subarray(start, end)), undefined, line);
    }
    try {
      return JSON.parse(bytes.toString('utf8', start, end)) as GeoJsonFeature;
    } catch (err) {
      throw new ImportError(`${name} line ${line}: not valid JSON (${(err as Error).message}); is the file truncated?`);
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      onRead(read);
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, from)) {
        const f = parse(buf.subarray(from, nl), read - buf.length + from);
        from = nl + 1;
        if (f) yield f;
      }
      rest = Buffer.from(buf.subarray(from));
      if (rest.length > 256 * 1024 ** 2) throw new ImportError(`${name} line ${line + 1}: longer than 256 MB`);
    }
    if (rest.length) {
      const f = parse(rest, read - rest.length);
      if (f) yield f;
    }
  } finally {
    stream.destroy();
  }
}
