// A PMTiles v3 archive writer, to the specification (github.com/protomaps/PMTiles, spec/v3/spec.md). The `pmtiles`
// package reads archives but does not write them; its Hilbert tile ids are used here so that both agree.
//
// Layout written: header (127 bytes) | root directory | metadata | leaf directories | tile data. Tiles are added in
// increasing tile id order (a "clustered" archive); identical tiles are stored once, and consecutive identical tiles
// become one run-length entry. Tile data goes to a temporary file while tiles arrive, so memory holds only the
// directory entries and one hash per distinct tile.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { Compression, TileType, zxyToTileId } from 'pmtiles';

export { Compression, TileType };

export interface PmtilesEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

export interface PmtilesOptions {
  /** How each tile's bytes are compressed (they are stored as given). */
  tileCompression: Compression;
  tileType: TileType;
  minzoom: number;
  maxzoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: readonly [number, number, number, number];
  center: readonly [lon: number, lat: number, zoom: number];
  /** The JSON metadata (TileJSON-like: name, vector_layers, attribution, ...). */
  metadata: Record<string, unknown>;
}

export interface PmtilesSummary {
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  bytes: number;
  leafDirectories: number;
}

const HEADER_BYTES = 127;
/** The header and the root directory must fit in the first 16 KiB, so a client gets both with one request. */
const ROOT_LIMIT = 16_384 - HEADER_BYTES;

export class PmtilesWriter {
  private readonly entries: PmtilesEntry[] = [];
  private readonly offsets = new Map<string, { offset: number; length: number }>();
  private readonly data: WriteStream;
  private dataBytes = 0;
  private addressed = 0;
  private lastId = -1;

  constructor(
    private readonly path: string,
    private readonly opts: PmtilesOptions,
  ) {
    this.data = createWriteStream(`${path}.tiles.tmp`);
  }

  /** Adds one tile; tiles must come in increasing tile id order (`tileIdOf`). Empty tiles are left out. */
  async add(z: number, x: number, y: number, bytes: Uint8Array): Promise<void> {
    const tileId = zxyToTileId(z, x, y);
    if (tileId <= this.lastId) throw new Error(`tile ${z}/${x}/${y} added out of order (tile id ${tileId})`);
    this.lastId = tileId;
    if (bytes.byteLength === 0) return;
    this.addressed++;
    const hash = createHash('sha1').update(bytes).digest('base64');
    let stored = this.offsets.get(hash);
    if (!stored) {
      stored = { offset: this.dataBytes, length: bytes.byteLength };
      this.offsets.set(hash, stored);
      this.dataBytes += bytes.byteLength;
      if (!this.data.write(bytes)) await once(this.data, 'drain');
    }
    const last = this.entries.at(-1);
    if (last && last.offset === stored.offset && last.tileId + last.runLength === tileId) {
      last.runLength++;
      return;
    }
    this.entries.push({ tileId, offset: stored.offset, length: stored.length, runLength: 1 });
  }

  /** Writes the archive and removes the temporary tile data. */
  async finish(): Promise<PmtilesSummary> {
    this.data.end();
    await once(this.data, 'finish');
    const { root, leaves, leafCount } = buildDirectories(this.entries);
    const metadata = gzipSync(Buffer.from(JSON.stringify(this.opts.metadata)));
    const rootOffset = HEADER_BYTES;
    const metadataOffset = rootOffset + root.byteLength;
    const leavesOffset = metadataOffset + metadata.byteLength;
    const dataOffset = leavesOffset + leaves.byteLength;
    const header = encodeHeader({
      rootOffset,
      rootLength: root.byteLength,
      metadataOffset,
      metadataLength: metadata.byteLength,
      leavesOffset,
      leavesLength: leaves.byteLength,
      dataOffset,
      dataLength: this.dataBytes,
      addressedTiles: this.addressed,
      tileEntries: this.entries.length,
      tileContents: this.offsets.size,
      opts: this.opts,
    });
    const out = createWriteStream(this.path);
    for (const part of [header, root, metadata, leaves]) if (!out.write(part)) await once(out, 'drain');
    const tmp = `${this.path}.tiles.tmp`;
    for await (const chunk of createReadStream(tmp)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    await rm(tmp, { force: true });
    return {
      addressedTiles: this.addressed,
      tileEntries: this.entries.length,
      tileContents: this.offsets.size,
      bytes: dataOffset + this.dataBytes,
      leafDirectories: leafCount,
    };
  }

  /** Drops the temporary data of an archive that will not be finished. */
  async abort(): Promise<void> {
    this.data.destroy();
    await rm(`${this.path}.tiles.tmp`, { force: true });
  }
}

/** The Hilbert tile id of a tile: the order in which tiles must be added. */
export const tileIdOf = zxyToTileId;

/** Serialises a directory as the spec says (varints, columns, offsets as deltas), gzip-compressed. */
export function serializeDirectory(entries: readonly PmtilesEntry[]): Buffer {
  const bytes: number[] = [];
  const varint = (n: number) => {
    // Tile ids reach 2^53: no 32-bit bit operations.
    while (n >= 0x80) {
      bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    bytes.push(n);
  };
  varint(entries.length);
  let lastId = 0;
  for (const e of entries) {
    varint(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) varint(e.runLength);
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return gzipSync(Buffer.from(bytes));
}

/** The root directory, and leaf directories when the root would not fit in the first 16 KiB. */
function buildDirectories(entries: readonly PmtilesEntry[]): { root: Buffer; leaves: Buffer; leafCount: number } {
  const whole = serializeDirectory(entries);
  if (whole.byteLength <= ROOT_LIMIT) return { root: whole, leaves: Buffer.alloc(0), leafCount: 0 };
  for (let leafSize = 4096; ; leafSize = Math.ceil(leafSize * 1.2)) {
    const leafParts: Buffer[] = [];
    const rootEntries: PmtilesEntry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const leaf = serializeDirectory(chunk);
      rootEntries.push({ tileId: chunk[0]!.tileId, offset, length: leaf.byteLength, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.byteLength;
    }
    const root = serializeDirectory(rootEntries);
    if (root.byteLength <= ROOT_LIMIT) {
      return { root, leaves: Buffer.concat(leafParts), leafCount: leafParts.length };
    }
  }
}

interface HeaderFields {
  rootOffset: number;
  rootLength: number;
  metadataOffset: number;
  metadataLength: number;
  leavesOffset: number;
  leavesLength: number;
  dataOffset: number;
  dataLength: number;
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  opts: PmtilesOptions;
}

function encodeHeader(h: HeaderFields): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  buf.write('PMTiles', 0, 'ascii');
  buf.writeUInt8(3, 7);
  const u64 = [
    h.rootOffset,
    h.rootLength,
    h.metadataOffset,
    h.metadataLength,
    h.leavesOffset,
    h.leavesLength,
    h.dataOffset,
    h.dataLength,
    h.addressedTiles,
    h.tileEntries,
    h.tileContents,
  ];
  u64.forEach((v, i) => buf.writeBigUInt64LE(BigInt(v), 8 + i * 8));
  buf.writeUInt8(1, 96); // clustered: tiles are written in tile id order
  buf.writeUInt8(Compression.Gzip, 97); // directories and metadata
  buf.writeUInt8(h.opts.tileCompression, 98);
  buf.writeUInt8(h.opts.tileType, 99);
  buf.writeUInt8(h.opts.minzoom, 100);
  buf.writeUInt8(h.opts.maxzoom, 101);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  const [w, s, e, n] = h.opts.bounds;
  buf.writeInt32LE(e7(w), 102);
  buf.writeInt32LE(e7(s), 106);
  buf.writeInt32LE(e7(e), 110);
  buf.writeInt32LE(e7(n), 114);
  const [lon, lat, zoom] = h.opts.center;
  buf.writeUInt8(zoom, 118);
  buf.writeInt32LE(e7(lon), 119);
  buf.writeInt32LE(e7(lat), 123);
  return buf;
}
