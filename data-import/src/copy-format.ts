// Geometries as hex EWKB: what the importer streams to the database. Hex EWKB is the geometry type's own text form,
// so the server decodes it without parsing GeoJSON. The COPY text format of the other values is db's
// (db/src/load/copy-text.ts).
export { COPY_NULL, copyField, copyText } from '../../db/src/load/copy-text.ts';

// ---------------------------------------------------------------- EWKB

const WKB_POINT = 1;
const WKB_LINESTRING = 2;
const WKB_POLYGON = 3;
const WKB_MULTILINESTRING = 5;
const WKB_MULTIPOLYGON = 6;
const EWKB_SRID = 0x20000000;

type Position = readonly number[];
type Ring = readonly Position[];

let scratch = Buffer.allocUnsafe(64 * 1024);

function room(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  return scratch;
}

/** `[x, y]` → `[x', y']`: a reprojection applied while encoding (none: the coordinates are written as they are). */
export type Project = (x: number, y: number) => readonly [number, number];

/** The bounds of the coordinates as read (before any reprojection): [minX, minY, maxX, maxY]; NaN when not finite. */
export type Bounds = Float64Array;
export const newBounds = (): Bounds => new Float64Array(4);

/**
 * A GeoJSON Point, (Multi)LineString, Polygon or MultiPolygon as hex EWKB with `srid`, in two dimensions (a Z or M value is dropped).
 * Polygons (lines) become MultiPolygons (MultiLineStrings) when `multi` is set, so the column type (MultiPolygon) always matches.
 * `bounds`, when given, receives the bounds of the source coordinates (one pass for both).
 */
export function ewkbHex(
  geometry: { type: string; coordinates: unknown },
  srid: number,
  multi: boolean,
  project?: Project,
  bounds?: Bounds,
): string {
  if (bounds) {
    bounds[0] = bounds[1] = Infinity;
    bounds[2] = bounds[3] = -Infinity;
  }
  const box = bounds;
  if (geometry.type === 'Point') {
    const p = geometry.coordinates as Position;
    const b = room(25);
    b[0] = 1;
    b.writeUInt32LE(WKB_POINT | EWKB_SRID, 1);
    b.writeUInt32LE(srid, 5);
    writeXY(b, 9, p, project, box);
    return b.toString('hex', 0, 25);
  }
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
    return lineEwkbHex(geometry, srid, multi, project, box);
  }
  const polygons: readonly (readonly Ring[])[] =
    geometry.type === 'MultiPolygon'
      ? (geometry.coordinates as Ring[][])
      : geometry.type === 'Polygon'
        ? [geometry.coordinates as Ring[]]
        : fail(geometry.type);
  const asMulti = multi || geometry.type === 'MultiPolygon';
  let size = 9 + (asMulti ? 4 : 0);
  for (const rings of polygons) {
    size += asMulti ? 9 : 4;
    for (const ring of rings) size += 4 + ring.length * 16;
  }
  const b = room(size);
  let o = 0;
  b[o++] = 1;
  b.writeUInt32LE((asMulti ? WKB_MULTIPOLYGON : WKB_POLYGON) | EWKB_SRID, o);
  b.writeUInt32LE(srid, o + 4);
  o += 8;
  if (asMulti) {
    b.writeUInt32LE(polygons.length, o);
    o += 4;
  }
  for (const rings of polygons) {
    if (asMulti) {
      b[o++] = 1;
      b.writeUInt32LE(WKB_POLYGON, o);
      o += 4;
    }
    b.writeUInt32LE(rings.length, o);
    o += 4;
    for (const ring of rings) {
      b.writeUInt32LE(ring.length, o);
      o += 4;
      for (const p of ring) {
        writeXY(b, o, p, project, box);
        o += 16;
      }
    }
  }
  return b.toString('hex', 0, o);
}

/** A LineString or MultiLineString (a MultiLineString when `multi` is set) as hex EWKB. */
function lineEwkbHex(
  geometry: { type: string; coordinates: unknown },
  srid: number,
  multi: boolean,
  project: Project | undefined,
  box: Bounds | undefined,
): string {
  const lines: readonly Ring[] =
    geometry.type === 'MultiLineString' ? (geometry.coordinates as Ring[]) : [geometry.coordinates as Ring];
  const asMulti = multi || geometry.type === 'MultiLineString';
  let size = 9 + (asMulti ? 4 : 0);
  for (const l of lines) size += (asMulti ? 9 : 4) + l.length * 16;
  const b = room(size);
  let o = 0;
  b[o++] = 1;
  b.writeUInt32LE((asMulti ? WKB_MULTILINESTRING : WKB_LINESTRING) | EWKB_SRID, o);
  b.writeUInt32LE(srid, o + 4);
  o += 8;
  if (asMulti) {
    b.writeUInt32LE(lines.length, o);
    o += 4;
  }
  for (const l of lines) {
    if (asMulti) {
      b[o++] = 1;
      b.writeUInt32LE(WKB_LINESTRING, o);
      o += 4;
    }
    b.writeUInt32LE(l.length, o);
    o += 4;
    for (const p of l) {
      writeXY(b, o, p, project, box);
      o += 16;
    }
  }
  return b.toString('hex', 0, o);
}

function writeXY(b: Buffer, o: number, p: Position, project: Project | undefined, box: Bounds | undefined): void {
  if (box) {
    const x = p[0]!;
    const y = p[1]!;
    // NaN comparisons are false: a non-finite value leaves a NaN or an infinite bound, caught by the caller.
    if (!(x >= box[0]!)) box[0] = Number.isFinite(x) ? x : NaN;
    if (!(x <= box[2]!)) box[2] = Number.isFinite(x) ? x : NaN;
    if (!(y >= box[1]!)) box[1] = Number.isFinite(y) ? y : NaN;
    if (!(y <= box[3]!)) box[3] = Number.isFinite(y) ? y : NaN;
  }
  if (project) {
    const [x, y] = project(p[0]!, p[1]!);
    b.writeDoubleLE(x, o);
    b.writeDoubleLE(y, o + 8);
  } else {
    b.writeDoubleLE(p[0]!, o);
    b.writeDoubleLE(p[1]!, o + 8);
  }
}

function fail(type: string): never {
  throw new Error(`cannot encode a ${type} as EWKB`);
}
