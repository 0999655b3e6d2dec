// The COPY sinks a load writes rows through: text lines in file order, text lines sorted by key in windows (for a
// table whose unique index covers the key), and PostgreSQL's binary format (a new partition's rows, geometries
// written straight from the encoder's buffers). Each sends a chunk at a time and returns a promise when the server
// is behind.
import type { CopyIn } from '../connect.ts';
import { COPY_NULL, copyText } from './copy-text.ts';

/** Writes a geometry as EWKB straight into a buffer (the binary format), without its hex form. */
export interface RawGeometry {
  /** the bytes `ewkbInto` writes (the same for both SRIDs) */
  ewkbSize(): number;
  /** writes the geometry as EWKB with `srid` (3844, or 3857 for its Web Mercator copy) into `buf` at `offset` */
  ewkbInto(srid: 3844 | 3857, buf: Buffer, offset: number): void;
}

/** One row pushed down by the importer: the layer's columns, its geometry, and what the checks need. */
export interface LoadRow {
  /** the feature's id in the file, for messages */
  fid: string | undefined;
  /** the columns as COPY text, in the layer's column order (the binary format: the key's columns only) */
  cells: string[];
  /** the geometry in EPSG:3844 as hex EWKB (the binary format: only when not proven valid) */
  geom: string;
  /** the geometry in EPSG:3857 as hex EWKB, for a partitioned layer (the binary format: left out with `raw`) */
  geom3857: string | undefined;
  /** proven valid by the importer; otherwise the database checks it */
  valid: boolean;
  /** the column values (null or undefined: NULL), for the binary format */
  values: unknown[];
  /** the geometry's writer, valid until the next row, when its hex forms were left out (the binary format) */
  raw: RawGeometry | undefined;
}

/** Characters of COPY text sent at a time. */
const CHUNK_CHARS = 256 * 1024;
/** Rows sorted together before they reach a table with a unique key (see sortedSink). */
const SORT_WINDOW = 32 * 1024;

/** Where rows go: a COPY stream, fed row by row (each sink has its own line layout). */
export interface Sink {
  add(f: LoadRow, index: number): Promise<void> | undefined;
  /** Writes what is still held. */
  flush(): Promise<void>;
  copy: CopyIn;
}

/** Lines in file order, sent a chunk at a time; only the features `only` accepts, when given. */
export function plainSink(
  copy: CopyIn,
  line: (f: LoadRow, index: number) => string,
  only?: (f: LoadRow) => boolean,
): Sink {
  let buf = '';
  let rows = 0;
  const send = () => {
    const w = copy.write(buf, rows);
    buf = '';
    rows = 0;
    return w;
  };
  return {
    copy,
    add(f, index) {
      if (only && !only(f)) return undefined;
      buf += line(f, index);
      rows++;
      return buf.length >= CHUNK_CHARS ? send() : undefined;
    },
    async flush() {
      if (rows) await send();
    },
  };
}

/** Column types the binary COPY writer below knows. */
export const BINARY_TYPES = new Set(['text', 'int', 'float', 'bool']);
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const CHUNK_BYTES = 512 * 1024;
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in ms since 1970 */
const PG_EPOCH_MS = 946684800000;

/**
 * Rows of a partitioned layer's new partition in PostgreSQL's binary COPY format: the layer's columns, the version,
 * valid_from, the segment and both geometries, written as EWKB straight from the encoder's flat buffers (no hex text
 * to build in Node, none to decode on the server). Rows in file order, a chunk at a time.
 */
export function binarySink(copy: CopyIn, types: readonly string[], version: { id: number; validFrom: string }): Sink {
  const fields = types.length + 5;
  // valid_from in microseconds since 2000-01-01 (the ISO text carries microseconds)
  const m = /\.(\d{6})Z$/.exec(version.validFrom);
  const validFrom =
    BigInt(Date.parse(version.validFrom.replace(/\.\d+Z$/, 'Z')) - PG_EPOCH_MS) * 1000n + BigInt(m ? Number(m[1]) : 0);
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  COPY_SIGNATURE.copy(buf, 0);
  let o = COPY_SIGNATURE.length;
  let rows = 0;
  const send = () => {
    const w = copy.write(buf.subarray(0, o), rows);
    buf = Buffer.allocUnsafe(CHUNK_BYTES);
    o = 0;
    rows = 0;
    return w;
  };
  return {
    copy,
    add(f) {
      const r = f.raw;
      const g = r ? undefined : Buffer.from(f.geom, 'hex');
      const g3857 = r ? undefined : Buffer.from(f.geom3857!, 'hex');
      const geomBytes = r ? r.ewkbSize() : g!.length;
      let need = 2 + 4 * fields + 24 + 2 * geomBytes;
      for (let i = 0; i < types.length; i++) {
        const v = f.values[i];
        need += types[i] === 'text' && v !== null && v !== undefined ? 3 * String(v).length : 8;
      }
      let w: Promise<void> | undefined;
      if (o + need > buf.length) {
        w = rows ? send() : undefined;
        if (need > buf.length) buf = Buffer.allocUnsafe(need);
      }
      buf.writeInt16BE(fields, o);
      o += 2;
      for (let i = 0; i < types.length; i++) {
        const v = f.values[i];
        if (v === null || v === undefined) {
          buf.writeInt32BE(-1, o);
          o += 4;
          continue;
        }
        switch (types[i]) {
          case 'text': {
            let t = String(v);
            if (t.includes('\0')) t = t.replaceAll('\0', ''); // as copyText: PostgreSQL refuses NUL in text
            const n = buf.write(t, o + 4, 'utf8');
            buf.writeInt32BE(n, o);
            o += 4 + n;
            break;
          }
          case 'int':
            buf.writeInt32BE(4, o);
            buf.writeInt32BE(v as number, o + 4);
            o += 8;
            break;
          case 'float':
            buf.writeInt32BE(8, o);
            buf.writeDoubleBE(v as number, o + 4);
            o += 12;
            break;
          default:
            buf.writeInt32BE(1, o);
            buf[o + 4] = v ? 1 : 0;
            o += 5;
        }
      }
      buf.writeInt32BE(4, o);
      buf.writeInt32BE(version.id, o + 4);
      buf.writeInt32BE(8, o + 8);
      buf.writeBigInt64BE(validFrom, o + 12);
      buf.writeInt32BE(4, o + 20);
      buf.writeInt32BE(version.id, o + 24);
      o += 28;
      buf.writeInt32BE(geomBytes, o);
      if (r) {
        r.ewkbInto(3844, buf, o + 4);
        buf.writeInt32BE(geomBytes, o + 4 + geomBytes);
        r.ewkbInto(3857, buf, o + 8 + geomBytes);
        o += 8 + 2 * geomBytes;
      } else {
        g!.copy(buf, o + 4);
        o += 4 + g!.length;
        buf.writeInt32BE(g3857!.length, o);
        g3857!.copy(buf, o + 4);
        o += 4 + g3857!.length;
      }
      rows++;
      if (w) return w;
      return o >= CHUNK_BYTES - 4096 ? send() : undefined;
    },
    async flush() {
      if (o + 2 > buf.length) await send();
      buf.writeInt16BE(-1, o);
      o += 2;
      await send();
    },
  };
}

/**
 * Lines sorted by key within windows of SORT_WINDOW rows: B-tree indexes on the key (a cadastral number per UAT)
 * take rows in key order much faster than in the random order of a file (a quarter less server time for the
 * 200,000-parcel city). While one window fills, the previous one, sorted, drains to the server a chunk at a time,
 * so the server never waits for a window to fill. Memory: two windows of lines.
 */
export function sortedSink(copy: CopyIn, line: (f: LoadRow) => string, key: (f: LoadRow) => string): Sink {
  let filling: { key: string; line: string }[] = [];
  let draining: string[] = [];
  let at = 0;
  let blocked: Promise<void> | undefined;
  let failed: unknown;
  /** Sends the next chunk of the draining window; a promise when the server is behind. */
  const sendChunk = (): Promise<void> | undefined => {
    let text = '';
    const from = at;
    while (at < draining.length && text.length < CHUNK_CHARS) text += draining[at++]!;
    if (at === draining.length) draining = [];
    const w = copy.write(text, at - from || 0);
    return w;
  };
  const drainSome = () => {
    if (blocked || at >= draining.length) return;
    const w = sendChunk();
    if (w) {
      blocked = w.then(
        () => void (blocked = undefined),
        (err: unknown) => void (failed = err),
      );
    }
  };
  const drainAll = async () => {
    for (;;) {
      if (failed) throw failed;
      if (blocked) await blocked;
      if (failed) throw failed;
      if (at >= draining.length && draining.length === 0) return;
      const w = sendChunk();
      if (w) await w;
    }
  };
  const rotate = async () => {
    await drainAll();
    filling.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    draining = filling.map((r) => r.line);
    at = 0;
    filling = [];
  };
  return {
    copy,
    add(f) {
      filling.push({ key: key(f), line: line(f) });
      if (failed) return Promise.reject(failed);
      if (filling.length >= SORT_WINDOW) return rotate();
      if ((filling.length & 255) === 0) drainSome();
      return undefined;
    },
    async flush() {
      await rotate();
      await drainAll();
    },
  };
}

/** A check table's line: feature index and id, the columns at `columnIndexes`, the geometry (and its EPSG:3857 copy). */
export function checkLine(columnIndexes: readonly number[], with3857 = false) {
  return (f: LoadRow, index: number): string => {
    let line = `${index}\t${f.fid === undefined ? COPY_NULL : copyText(f.fid)}\t`;
    for (const i of columnIndexes) line += `${f.cells[i]!}\t`;
    return with3857 ? `${line}${f.geom}\t${f.geom3857!}\n` : `${line}${f.geom}\n`;
  };
}
