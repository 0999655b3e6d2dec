// Well-known binary (ISO WKB, as GeoPackage, FlatGeobuf-to-WKB tools and PostGIS's ST_AsBinary write it; the EWKB
// flags are read too) and the GeoPackage binary header in front of it (OGC 12-128r19, clause 2.1.3).
//
// Points, polygons and multipolygons, the importer's layer types, are read straight into flat arrays
// (flat-geometry.ts), which the importer converts without building nested GeoJSON arrays; Z and M values are
// dropped. Anything else (lines, multipoints, collections; rings that are not closed or too short; empty parts) comes
// back as plain GeoJSON, so that the importer's usual checks say what is wrong with it. A blob that cannot be read at
// all (cut short, an unknown type, a wrong header) throws a WkbError that says where.
import { FlatGeojsonGeometry, type FlatCoordinates } from '../flat-geometry.ts';

export class WkbError extends Error {
  override name = 'WkbError';
}

export type WkbGeometry = FlatGeojsonGeometry | { type: string; coordinates: unknown } | GeometryCollection;
interface GeometryCollection {
  type: 'GeometryCollection';
  geometries: WkbGeometry[];
  coordinates?: undefined;
}

const TYPES = [
  '',
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
];
/** Bytes of the envelope for each value of the GeoPackage header's envelope indicator (5-7 are invalid). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** Where the WKB starts in a GeoPackage geometry blob, and whether the header says it is empty. */
export function gpkgWkbOffset(blob: Uint8Array): { offset: number; empty: boolean; srsId: number } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new WkbError('not a GeoPackage geometry (the blob does not start with "GP")');
  }
  const flags = blob[3]!;
  const envelope = (flags >> 1) & 0x07;
  if (envelope > 4) throw new WkbError(`invalid envelope indicator ${envelope} in the GeoPackage geometry header`);
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometries (a vendor extension) are not supported');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const offset = 8 + ENVELOPE_BYTES[envelope]!;
  if (offset > blob.length) throw new WkbError(`the GeoPackage geometry header is cut short (${blob.length} bytes)`);
  return { offset, empty: Boolean(flags & 0x10), srsId: view.getInt32(4, Boolean(flags & 0x01)) };
}

/** Reads the WKB geometry at `offset` of `bytes` (and nothing after it is left unread, else it throws). */
export function readWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const r = new WkbReader(bytes, offset);
  const g = r.geometry(0);
  if (r.at !== bytes.length) {
    throw new WkbError(`${bytes.length - r.at} byte(s) left after the geometry (at byte ${r.at} of ${bytes.length})`);
  }
  return g;
}

/** Doubles per block that polygons' coordinates are handed out of. */
const BLOCK = 1 << 16;
let block = new Float64Array(BLOCK);
let used = 0;

/**
 * Room for `n` doubles: a view of a block shared by the geometries read one after the other (a new Float64Array of
 * more than 64 bytes, the usual parcel's, is memory outside V8's heap: several times slower to make and to collect).
 * A block is never written twice: a view stays valid for as long as anyone holds it.
 */
function coordinates(n: number): Float64Array {
  if (n > BLOCK / 8) return new Float64Array(n);
  if (used + n > BLOCK) {
    block = new Float64Array(BLOCK);
    used = 0;
  }
  const xy = block.subarray(used, used + n);
  used += n;
  return xy;
}

/** The counts of a (multi)polygon's first pass. */
interface PolygonScan {
  rings: number[];
  polys: number[];
  /** each polygon's byte order */
  orders: boolean[];
  /** positions in all */
  n: number;
  /** something the importer's checks should see as plain GeoJSON (no rings, short or open rings) */
  plain: boolean;
}

class WkbReader {
  private readonly view: DataView;
  private le = true;
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number, what: string): void {
    if (this.at + n > this.bytes.length) {
      throw new WkbError(
        `the WKB is cut short: ${what} needs ${n} byte(s) at byte ${this.at}, ${this.bytes.length} in all`,
      );
    }
  }

  private u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.at, this.le);
    this.at += 4;
    return v;
  }

  /** A count of things of at least `min` bytes each: refused at once when the rest cannot hold them. */
  private count(what: string, min: number): number {
    const n = this.u32(what);
    if (n * min > this.bytes.length - this.at) {
      throw new WkbError(
        `the WKB is cut short: it says ${n} ${what} at byte ${this.at - 4}, more than its ${this.bytes.length} bytes hold`,
      );
    }
    return n;
  }

  private header(depth: number): { type: number; dims: number } {
    if (depth > 8) throw new WkbError('geometry collections nested too deep');
    this.need(1, 'the byte order');
    const order = this.bytes[this.at++];
    if (order !== 0 && order !== 1) throw new WkbError(`invalid byte order ${String(order)} at byte ${this.at - 1}`);
    this.le = order === 1;
    const raw = this.u32('the geometry type');
    let type = raw & 0x0fffffff;
    let dims = 2 + (raw & 0x80000000 ? 1 : 0) + (raw & 0x40000000 ? 1 : 0);
    if (raw & 0x20000000) {
      this.u32('the SRID'); // EWKB: the SRID is the file's, already known
    }
    if (type >= 1000) {
      const iso = Math.floor(type / 1000);
      type %= 1000;
      dims = iso === 3 ? 4 : 3;
    }
    if (type < 1 || type > 7) throw new WkbError(`unknown WKB geometry type ${raw} at byte ${this.at - 4}`);
    return { type, dims };
  }

  geometry(depth: number): WkbGeometry {
    const { type, dims } = this.header(depth);
    const name = TYPES[type]!;
    const stride = 8 * dims;
    switch (type) {
      case 1: {
        this.need(stride, 'a point');
        const x = this.view.getFloat64(this.at, this.le);
        const y = this.view.getFloat64(this.at + 8, this.le);
        this.at += stride;
        if (Number.isNaN(x) && Number.isNaN(y)) return { type: name, coordinates: [] }; // POINT EMPTY
        return new FlatGeojsonGeometry(name, { xy: Float64Array.of(x, y), rings: [], polys: [], point: true });
      }
      case 3:
      case 6: {
        // Polygons into flat arrays: first the counts, then the positions.
        const start = this.at;
        const p: PolygonScan = { rings: [], polys: [], orders: [], n: 0, plain: false };
        if (type === 3) this.scanPolygon(p, stride);
        else {
          const parts = this.count('polygons', 9);
          if (parts === 0) p.plain = true;
          for (let k = 0; k < parts; k++) {
            const h = this.header(depth + 1);
            if (h.type !== 3) throw new WkbError(`a MultiPolygon holds a ${TYPES[h.type]!} at byte ${this.at - 5}`);
            if (h.dims !== dims) throw new WkbError('a MultiPolygon mixes coordinate dimensions');
            this.scanPolygon(p, stride);
          }
        }
        const end = this.at;
        // Second pass: the positions.
        this.at = start;
        const xy = coordinates(2 * p.n);
        const cursor = { ring: 0, k: 0 };
        if (type === 3) this.readPolygon(p, 0, xy, cursor, stride);
        else {
          this.at += 4;
          for (let poly = 0; poly < p.polys.length; poly++) {
            this.at += 5; // byte order and type, read in the first pass
            this.readPolygon(p, poly, xy, cursor, stride);
          }
        }
        this.at = end;
        const flat: FlatCoordinates = { xy, rings: p.rings, polys: p.polys, point: false };
        const g = new FlatGeojsonGeometry(name, flat);
        return p.plain ? { type: name, coordinates: g.coordinates } : g;
      }
      case 2:
        return { type: name, coordinates: this.positions(stride) };
      case 4:
      case 5:
      case 7: {
        const parts = this.count(type === 7 ? 'geometries' : 'parts', 9);
        const geometries: WkbGeometry[] = [];
        for (let i = 0; i < parts; i++) {
          const g = this.geometry(depth + 1);
          if (type !== 7 && g.type !== TYPES[type - 3]) {
            throw new WkbError(`a ${name} holds a ${g.type} at part ${i}`);
          }
          geometries.push(g);
        }
        if (type === 7) return { type: 'GeometryCollection', geometries };
        return { type: name, coordinates: geometries.map((g) => (g as { coordinates: unknown }).coordinates) };
      }
      default:
        throw new WkbError(`unknown WKB geometry type ${type}`);
    }
  }

  /** First pass over one polygon: its ring and position counts (refused at once when the blob cannot hold them). */
  private scanPolygon(p: PolygonScan, stride: number): void {
    p.orders.push(this.le);
    const nr = this.count('rings', 4);
    if (nr === 0) p.plain = true;
    p.polys.push(nr);
    for (let r = 0; r < nr; r++) {
      const np = this.count('points', stride);
      if (np < 4) p.plain = true;
      p.rings.push(np);
      this.need(np * stride, 'a ring');
      this.at += np * stride;
      p.n += np;
    }
  }

  /** Second pass over polygon `poly`: its positions into `xy`; a ring not closed makes the geometry plain GeoJSON. */
  private readPolygon(
    p: PolygonScan,
    poly: number,
    xy: Float64Array,
    cursor: { ring: number; k: number },
    stride: number,
  ): void {
    const le = p.orders[poly]!;
    const view = this.view;
    this.at += 4;
    const nr = p.polys[poly]!;
    let k = cursor.k;
    for (let r = 0; r < nr; r++) {
      const np = p.rings[cursor.ring++]!;
      this.at += 4;
      const first = k;
      for (let i = 0; i < np; i++) {
        xy[k++] = view.getFloat64(this.at, le);
        xy[k++] = view.getFloat64(this.at + 8, le);
        this.at += stride;
      }
      if (xy[first] !== xy[k - 2] || xy[first + 1] !== xy[k - 1]) p.plain = true;
    }
    cursor.k = k;
  }

  private positions(stride: number): number[][] {
    const np = this.count('points', stride);
    const out: number[][] = [];
    for (let i = 0; i < np; i++) {
      out.push([this.view.getFloat64(this.at, this.le), this.view.getFloat64(this.at + 8, this.le)]);
      this.at += stride;
    }
    return out;
  }
}
