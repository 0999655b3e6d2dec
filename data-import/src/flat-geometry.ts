// A feature's geometry as flat arrays (coordinates, ring sizes, rings per polygon), reused from one feature to the next:
// walked once from the GeoJSON arrays, checked structurally on the way (the rules of geojson-validation for points and
// polygons), then written as hex EWKB, reprojected, and checked for validity without allocating per coordinate.
//
// `simplyValid` proves the common case valid in JS: polygons of one ring whose segments meet only where consecutive
// (a simple ring) and whose polygons lie apart. Whatever it cannot prove (holes, touching or collinear segments,
// orientations too close to zero to be sure of, many vertices) is left to the database's ST_IsValidReason, which
// also gives the reason. It never calls an invalid geometry valid: every orientation it relies on is certain.

export type Bounds = Float64Array;

/** The coordinates of a geometry read straight into flat arrays (readers/fast-feature.ts). */
export interface FlatCoordinates {
  xy: Float64Array;
  rings: number[];
  polys: number[];
  point: boolean;
}

export const FLAT = Symbol('flat coordinates');

/**
 * A GeoJSON geometry whose coordinates were read into flat arrays: the importer uses those; `coordinates` builds the
 * nested GeoJSON arrays for anyone else who asks (messages about a feature, for instance).
 */
export class FlatGeojsonGeometry {
  readonly [FLAT]: FlatCoordinates;
  constructor(
    readonly type: string,
    flat: FlatCoordinates,
  ) {
    this[FLAT] = flat;
  }

  get coordinates(): unknown {
    const { xy, rings, polys, point } = this[FLAT];
    if (point) return [xy[0], xy[1]];
    let k = 0;
    let r = 0;
    const out = polys.map((count) =>
      Array.from({ length: count }, () => Array.from({ length: rings[r++]! }, () => [xy[k++]!, xy[k++]!])),
    );
    return this.type === 'Polygon' ? out[0] : out;
  }

  toJSON(): unknown {
    return { type: this.type, coordinates: this.coordinates };
  }
}

/** Positions of one geometry, in the layer's geometry type. */
export class FlatGeometry {
  /** x, y pairs as written (reprojected when a projection is given) */
  xy = new Float64Array(4096);
  /** positions per ring */
  rings: number[] = [];
  /** rings per polygon (polygons only) */
  polys: number[] = [];
  /** positions held */
  n = 0;
  point = false;

  reset(point: boolean): void {
    this.n = 0;
    this.rings.length = 0;
    this.polys.length = 0;
    this.point = point;
  }

  push(x: number, y: number): void {
    if (2 * this.n + 2 > this.xy.length) {
      const grown = new Float64Array(this.xy.length * 2);
      grown.set(this.xy);
      this.xy = grown;
    }
    this.xy[2 * this.n] = x;
    this.xy[2 * this.n + 1] = y;
    this.n++;
  }
}

type Project = (x: number, y: number) => readonly [number, number];

/** Coordinates already flat (readers/fast-feature.ts) into `flat`, projected, with their source bounds. */
export function fromFlat(src: FlatCoordinates, flat: FlatGeometry, bounds: Bounds, project: Project | undefined): void {
  bounds[0] = bounds[1] = Infinity;
  bounds[2] = bounds[3] = -Infinity;
  flat.reset(src.point);
  const xy = src.xy;
  for (let k = 0; k < xy.length; k += 2) addPosition(xy[k]!, xy[k + 1]!, flat, bounds, project);
  for (const r of src.rings) flat.rings.push(r);
  for (const p of src.polys) flat.polys.push(p);
}

/**
 * Walks a Point, Polygon or MultiPolygon into `flat` (its source bounds into `bounds`), checking what
 * geojson-validation checks: positions of numbers (at least two; a third is dropped), rings of at least four
 * positions whose first and last are equal. False when anything differs from that (the caller then asks
 * geojson-validation what is wrong, or encodes the geometry the slow way).
 */
export function flatten(
  geometry: { type: string; coordinates: unknown },
  flat: FlatGeometry,
  bounds: Bounds,
  project: Project | undefined,
): boolean {
  bounds[0] = bounds[1] = Infinity;
  bounds[2] = bounds[3] = -Infinity;
  const c = geometry.coordinates;
  if (geometry.type === 'Point') {
    flat.reset(true);
    return position(c, flat, bounds, project);
  }
  flat.reset(false);
  if (!Array.isArray(c) || c.length === 0) return false;
  if (geometry.type === 'Polygon') return polygon(c, flat, bounds, project);
  if (geometry.type !== 'MultiPolygon') return false;
  for (const p of c) if (!Array.isArray(p) || p.length === 0 || !polygon(p, flat, bounds, project)) return false;
  return true;
}

function polygon(rings: unknown[], flat: FlatGeometry, bounds: Bounds, project: Project | undefined): boolean {
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4) return false;
    const first = ring[0] as unknown;
    const last = ring[ring.length - 1] as unknown;
    if (!Array.isArray(first) || !Array.isArray(last) || first.length !== last.length) return false;
    for (let i = 0; i < first.length; i++) if (first[i] !== last[i]) return false;
    for (const p of ring) if (!position(p, flat, bounds, project)) return false;
    flat.rings.push(ring.length);
  }
  flat.polys.push(rings.length);
  return true;
}

function position(p: unknown, flat: FlatGeometry, bounds: Bounds, project: Project | undefined): boolean {
  if (!Array.isArray(p) || p.length < 2) return false;
  for (let i = 2; i < p.length; i++) if (typeof p[i] !== 'number') return false;
  const x = p[0] as unknown;
  const y = p[1] as unknown;
  if (typeof x !== 'number' || typeof y !== 'number') return false;
  addPosition(x, y, flat, bounds, project);
  return true;
}

/** One source position: into the bounds, then (projected) into `flat`. */
function addPosition(x: number, y: number, flat: FlatGeometry, bounds: Bounds, project: Project | undefined): void {
  // NaN comparisons are false: a non-finite value leaves a NaN or an infinite bound, caught by the caller.
  if (!(x >= bounds[0]!)) bounds[0] = Number.isFinite(x) ? x : NaN;
  if (!(x <= bounds[2]!)) bounds[2] = Number.isFinite(x) ? x : NaN;
  if (!(y >= bounds[1]!)) bounds[1] = Number.isFinite(y) ? y : NaN;
  if (!(y <= bounds[3]!)) bounds[3] = Number.isFinite(y) ? y : NaN;
  if (project) {
    const [px, py] = project(x, y);
    flat.push(px, py);
  } else flat.push(x, y);
}

// ---------------------------------------------------------------- EWKB

const WKB_POINT = 1;
const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
const EWKB_SRID = 0x20000000;
/** Float64Arrays hold little-endian doubles here (as WKB with byte order 1 does) */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The flat geometry as hex EWKB with `srid` (polygons as a MultiPolygon), coordinates from `xy` (default: its own;
 * e.g. a reprojected copy of them).
 */
export function ewkbHexFlat(flat: FlatGeometry, srid: number, xy: Float64Array = flat.xy): string {
  const b = room(ewkbSize(flat));
  return b.toString('hex', 0, ewkbInto(flat, srid, xy, b, 0));
}

function room(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  return scratch;
}

// ---------------------------------------------------------------- validity

/** Rings with more segments than this are left to the database (the check below is quadratic). */
const MAX_SEGMENTS = 64;
/** An orientation smaller than this share of its terms is not trusted (Shewchuk's bound is 3.3e-16). */
const ORIENT_EPS = 1e-12;

/** The sign of the turn a → b → c: 1 left, -1 right, 0 when too close to straight to be sure. */
function orient(xy: Float64Array, a: number, b: number, c: number): number {
  const ax = xy[a]!;
  const ay = xy[a + 1]!;
  const l = (xy[b]! - ax) * (xy[c + 1]! - ay);
  const r = (xy[b + 1]! - ay) * (xy[c]! - ax);
  const det = l - r;
  const bound = ORIENT_EPS * (Math.abs(l) + Math.abs(r));
  return det > bound ? 1 : det < -bound ? -1 : 0;
}

/** Whether segments p0p1 and q0q1 (offsets into xy) certainly do not meet. */
function apart(xy: Float64Array, p0: number, p1: number, q0: number, q1: number): boolean {
  if (
    Math.max(xy[p0]!, xy[p1]!) < Math.min(xy[q0]!, xy[q1]!) ||
    Math.max(xy[q0]!, xy[q1]!) < Math.min(xy[p0]!, xy[p1]!) ||
    Math.max(xy[p0 + 1]!, xy[p1 + 1]!) < Math.min(xy[q0 + 1]!, xy[q1 + 1]!) ||
    Math.max(xy[q0 + 1]!, xy[q1 + 1]!) < Math.min(xy[p0 + 1]!, xy[p1 + 1]!)
  ) {
    return true;
  }
  const a = orient(xy, p0, p1, q0);
  const b = orient(xy, p0, p1, q1);
  if (a !== 0 && a === b) return true;
  const c = orient(xy, q0, q1, p0);
  const d = orient(xy, q0, q1, p1);
  return c !== 0 && c === d;
}

/**
 * True when the geometry is certainly valid (OGC rules, as ST_IsValid): a point; or polygons of a single simple ring
 * each (no segment meets another except its neighbours at their shared vertex, no two consecutive segments on one
 * line), whose bounding boxes lie strictly apart. False means "not proven": the database decides.
 */
export function simplyValid(flat: FlatGeometry): boolean {
  if (flat.point) return true;
  const xy = flat.xy;
  const polys = flat.polys;
  if (polys.length > 8) return false;
  for (const count of polys) if (count !== 1) return false;
  let start = 0;
  for (const m of flat.rings) {
    if (!simpleRing(xy, start, m - 1)) return false;
    start += 2 * m;
  }
  if (polys.length > 1) {
    const boxes: number[] = [];
    start = 0;
    for (const m of flat.rings) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let k = start; k < start + 2 * m; k += 2) {
        x0 = Math.min(x0, xy[k]!);
        x1 = Math.max(x1, xy[k]!);
        y0 = Math.min(y0, xy[k + 1]!);
        y1 = Math.max(y1, xy[k + 1]!);
      }
      for (let j = 0; j < boxes.length; j += 4) {
        if (!(x1 < boxes[j]! || boxes[j + 2]! < x0 || y1 < boxes[j + 1]! || boxes[j + 3]! < y0)) return false;
      }
      boxes.push(x0, y0, x1, y1);
      start += 2 * m;
    }
  }
  return true;
}

/** A closed ring of `m` segments starting at offset `s`: simple, and not degenerate. */
function simpleRing(xy: Float64Array, s: number, m: number): boolean {
  if (m < 3 || m > MAX_SEGMENTS) return false;
  // Vertex i is at s + 2i; the ring closes with vertex m equal to vertex 0.
  for (let i = 0; i < m; i++) {
    // consecutive segments i and i + 1 (cyclically) turn certainly left or right
    const a = s + 2 * i;
    const b = s + 2 * ((i + 1) % m);
    const c = s + 2 * ((i + 2) % m);
    if (orient(xy, a, b, c) === 0) return false;
  }
  for (let i = 0; i < m; i++) {
    const p0 = s + 2 * i;
    const p1 = s + 2 * (i + 1);
    // segments that share no vertex with segment i: i + 2 … i - 2 (cyclically)
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue;
      if (!apart(xy, p0, p1, s + 2 * j, s + 2 * (j + 1))) return false;
    }
  }
  return true;
}

/** Writes the flat geometry as EWKB (as ewkbHexFlat, in bytes) into `b` at `o`; returns the offset after it. */
export function ewkbInto(flat: FlatGeometry, srid: number, xy: Float64Array, b: Buffer, o: number): number {
  b[o] = 1;
  if (flat.point) {
    b.writeUInt32LE(WKB_POINT | EWKB_SRID, o + 1);
    b.writeUInt32LE(srid, o + 5);
    b.writeDoubleLE(xy[0]!, o + 9);
    b.writeDoubleLE(xy[1]!, o + 17);
    return o + 25;
  }
  const polys = flat.polys;
  const rings = flat.rings;
  b.writeUInt32LE(WKB_MULTIPOLYGON | EWKB_SRID, o + 1);
  b.writeUInt32LE(srid, o + 5);
  b.writeUInt32LE(polys.length, o + 9);
  o += 13;
  let r = 0;
  let k = 0;
  for (const count of polys) {
    b[o] = 1;
    b.writeUInt32LE(WKB_POLYGON, o + 1);
    b.writeUInt32LE(count, o + 5);
    o += 9;
    for (let j = 0; j < count; j++) {
      const m = rings[r++]!;
      b.writeUInt32LE(m, o);
      o += 4;
      if (LITTLE_ENDIAN) {
        // the ring's doubles are already in WKB's order and byte order: one copy
        b.set(new Uint8Array(xy.buffer, xy.byteOffset + 8 * k, 16 * m), o);
        k += 2 * m;
        o += 16 * m;
      } else {
        for (let i = 0; i < m; i++, k += 2, o += 16) {
          b.writeDoubleLE(xy[k]!, o);
          b.writeDoubleLE(xy[k + 1]!, o + 8);
        }
      }
    }
  }
  return o;
}

/** The bytes ewkbInto writes for the flat geometry. */
export const ewkbSize = (flat: FlatGeometry): number =>
  flat.point ? 25 : 13 + 9 * flat.polys.length + 4 * flat.rings.length + 16 * flat.n;
