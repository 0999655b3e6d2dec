// Planar geometry helpers for the generator, in metres (EPSG:3844). Rings are OPEN here (last point ≠ first);
// `outputRing` rounds and closes them for output. Clipping works on convex polygons only, which is all the generator
// needs; general clipping (zones against the intravilan) goes through turf (polyclip-ts).

export type Pt = [number, number];
export type Bbox = [number, number, number, number];

/** signed area computed relative to the first vertex (numerically better for far-from-origin coordinates) */
export function ringArea(ring: readonly Pt[]): number {
  const o = ring[0];
  if (!o) return 0;
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Pt;
    const q = ring[(i + 1) % n] as Pt;
    s += (p[0] - o[0]) * (q[1] - o[1]) - (q[0] - o[0]) * (p[1] - o[1]);
  }
  return s / 2;
}

export function ringCentroid(ring: readonly Pt[]): Pt {
  const o = ring[0];
  if (!o) return [NaN, NaN];
  let a = 0;
  let cx = 0;
  let cy = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Pt;
    const q = ring[(i + 1) % n] as Pt;
    const px = p[0] - o[0];
    const py = p[1] - o[1];
    const qx = q[0] - o[0];
    const qy = q[1] - o[1];
    const f = px * qy - qx * py;
    a += f;
    cx += (px + qx) * f;
    cy += (py + qy) * f;
  }
  if (Math.abs(a) < 1e-12) return [o[0], o[1]];
  return [o[0] + cx / (3 * a), o[1] + cy / (3 * a)];
}

export function ringPerimeter(ring: readonly Pt[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Pt;
    const q = ring[(i + 1) % n] as Pt;
    s += Math.hypot(q[0] - p[0], q[1] - p[1]);
  }
  return s;
}

export function ringBbox(ring: readonly Pt[]): Bbox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** removes consecutive duplicates (also across the wrap) closer than `tol` */
export function dedupe(ring: readonly Pt[], tol = 0): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last && Math.abs(last[0] - p[0]) <= tol && Math.abs(last[1] - p[1]) <= tol) continue;
    out.push(p);
  }
  while (out.length > 1) {
    const first = out[0] as Pt;
    const last = out[out.length - 1] as Pt;
    if (Math.abs(last[0] - first[0]) <= tol && Math.abs(last[1] - first[1]) <= tol) out.pop();
    else break;
  }
  return out;
}

/**
 * Convex polygon ∩ slab lo ≤ p[axis] ≤ hi, in one pass over the ORIGINAL edges. A crossing point is computed from the
 * edge's endpoints ordered along the axis, so two neighbours clipped at the same line get bit-identical vertices.
 */
export function clipSlab(poly: readonly Pt[], axis: 0 | 1, lo: number, hi: number): Pt[] {
  const other = axis === 0 ? 1 : 0;
  const out: Pt[] = [];
  const n = poly.length;
  const cross = (s: Pt, e: Pt, at: number): Pt => {
    // s[axis] < at < e[axis]
    const t = (at - s[axis]) / (e[axis] - s[axis]);
    const o = s[other] + t * (e[other] - s[other]);
    return axis === 0 ? [at, o] : [o, at];
  };
  for (let i = 0; i < n; i++) {
    const p = poly[i] as Pt;
    const q = poly[(i + 1) % n] as Pt;
    const pa = p[axis];
    const qa = q[axis];
    if (pa >= lo && pa <= hi) out.push(p);
    const [s, e] = pa < qa ? [p, q] : [q, p];
    const hits: Pt[] = [];
    if (s[axis] < lo && e[axis] > lo) hits.push(cross(s, e, lo));
    if (s[axis] < hi && e[axis] > hi) hits.push(cross(s, e, hi));
    if (hits.length === 2 && pa > qa) hits.reverse();
    for (const h of hits) out.push(h);
  }
  const clean = dedupe(out);
  return clean.length >= 3 ? clean : [];
}

/** keeps the part of a convex polygon on the left of a→b, at least `inset` metres away from the line */
export function clipHalfPlane(poly: readonly Pt[], a: Pt, b: Pt, inset = 0): Pt[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return poly.slice();
  const side = (p: Pt): number => (dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len - inset;
  const out: Pt[] = [];
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const p = poly[i] as Pt;
    const q = poly[(i + 1) % n] as Pt;
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  const clean = dedupe(out);
  return clean.length >= 3 ? clean : [];
}

export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i] as Pt;
    const b = ring[j] as Pt;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** signed distance from p to the infinite line a→b, positive on the left */
export function lineSide(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  return (dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / Math.hypot(dx, dy);
}

export function distPointSegment(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function orient(a: Pt, b: Pt, c: Pt): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** closed-segment intersection test (touching counts) */
export function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = Math.sign(orient(a, b, c));
  const o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a));
  const o4 = Math.sign(orient(c, d, b));
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

export function distSegmentSegment(a: Pt, b: Pt, c: Pt, d: Pt): number {
  if (segmentsIntersect(a, b, c, d)) return 0;
  return Math.min(
    distPointSegment(a, c, d),
    distPointSegment(b, c, d),
    distPointSegment(c, a, b),
    distPointSegment(d, a, b),
  );
}

export function regularPolygon(center: Pt, radius: number, sides: number, phase = 0): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < sides; i++) {
    const a = phase + (2 * Math.PI * i) / sides;
    out.push([center[0] + radius * Math.cos(a), center[1] + radius * Math.sin(a)]);
  }
  return out;
}

/**
 * Corridor polygon around a polyline: left offsets forward, right offsets back. The polyline must be smooth
 * (turn radius well above the half width), which the callers ensure by densifying a Catmull–Rom curve.
 */
export function corridor(line: readonly Pt[], halfWidth: (i: number) => number): Pt[] {
  const left: Pt[] = [];
  const right: Pt[] = [];
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const prev = line[Math.max(0, i - 1)] as Pt;
    const next = line[Math.min(n - 1, i + 1)] as Pt;
    const tx = next[0] - prev[0];
    const ty = next[1] - prev[1];
    const tl = Math.hypot(tx, ty) || 1;
    const nx = -ty / tl;
    const ny = tx / tl;
    const p = line[i] as Pt;
    const w = halfWidth(i);
    left.push([p[0] + nx * w, p[1] + ny * w]);
    right.push([p[0] - nx * w, p[1] - ny * w]);
  }
  return [...right, ...left.reverse()];
}

/** Catmull–Rom spline through the control points, `steps` points per span */
export function smoothLine(points: readonly Pt[], steps: number): Pt[] {
  const out: Pt[] = [];
  const n = points.length;
  for (let i = 0; i < n - 1; i++) {
    const p0 = points[Math.max(0, i - 1)] as Pt;
    const p1 = points[i] as Pt;
    const p2 = points[i + 1] as Pt;
    const p3 = points[Math.min(n - 1, i + 2)] as Pt;
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number): number =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  const last = points[n - 1];
  if (last) out.push([last[0], last[1]]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Output form: closed rings, 1 cm precision, exterior counter-clockwise, holes clockwise.

export const round2 = (v: number): number => Math.round(v * 100) / 100;

/** rounds to 1 cm, drops repeated points, orients, closes; returns null when fewer than 3 distinct points remain */
export function outputRing(ring: readonly Pt[], ccw: boolean): Pt[] | null {
  const r = dedupe(ring.map((p): Pt => [round2(p[0]), round2(p[1])]));
  if (r.length < 3) return null;
  const a = ringArea(r);
  if (a === 0) return null;
  if (a > 0 !== ccw) r.reverse();
  r.push([(r[0] as Pt)[0], (r[0] as Pt)[1]]);
  return r;
}

/**
 * Rounds an open ring to 1 cm and removes repeated points and spikes (vertices where the ring turns straight back
 * within 1 cm), the leftovers of boolean operations on shapes whose shared edges differ below a millimetre.
 */
export function cleanRing(ring: readonly Pt[]): Pt[] {
  let r = dedupe(ring.map((p): Pt => [round2(p[0]), round2(p[1])]));
  for (let changed = true; changed && r.length >= 3;) {
    changed = false;
    for (let i = 0; i < r.length && r.length >= 3; i++) {
      const a = r[(i + r.length - 1) % r.length] as Pt;
      const b = r[i] as Pt;
      const c = r[(i + 1) % r.length] as Pt;
      const ux = b[0] - a[0];
      const uy = b[1] - a[1];
      const vx = c[0] - b[0];
      const vy = c[1] - b[1];
      const cross = ux * vy - uy * vx;
      if (ux * vx + uy * vy < 0 && Math.abs(cross) <= 0.01 * Math.max(Math.hypot(ux, uy), Math.hypot(vx, vy))) {
        r.splice(i, 1);
        changed = true;
        break;
      }
    }
    if (changed) r = dedupe(r);
  }
  return r;
}

/**
 * The union of polygons that partition a region and share every edge exactly (the same vertices on both sides, as
 * after insertPointsOnEdges at 1 cm): the edges without a reversed twin, chained into rings. Exact and far faster
 * than a general overlay. Input rings are oriented (exterior counter-clockwise, holes clockwise); where the outline
 * touches itself at a vertex the rings are kept apart. Returns polygons of open rings.
 */
export function dissolvePartition(polys: readonly (readonly (readonly Pt[])[])[]): Pt[][][] {
  const key = (p: Pt): string => `${p[0]},${p[1]}`;
  const edges = new Map<string, [Pt, Pt]>();
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i] as Pt;
        const b = ring[(i + 1) % ring.length] as Pt;
        const twin = `${key(b)}>${key(a)}`;
        if (edges.has(twin)) edges.delete(twin);
        else edges.set(`${key(a)}>${key(b)}`, [a, b]);
      }
    }
  }
  const out = new Map<string, [Pt, Pt][]>();
  for (const e of edges.values()) {
    const k = key(e[0]);
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  const rings: Pt[][] = [];
  for (const start of edges.values()) {
    const first = out.get(key(start[0]));
    if (!first?.includes(start)) continue;
    const ring: Pt[] = [];
    let e = start;
    for (;;) {
      const from = out.get(key(e[0])) as [Pt, Pt][];
      from.splice(from.indexOf(e), 1);
      ring.push(e[0]);
      const next = out.get(key(e[1]));
      if (!next || next.length === 0) break;
      // the first outgoing edge clockwise from the way back: keeps rings that touch at a vertex apart
      const back = Math.atan2(e[0][1] - e[1][1], e[0][0] - e[1][0]);
      const cw = (f: [Pt, Pt]): number => {
        const a = back - Math.atan2(f[1][1] - f[0][1], f[1][0] - f[0][0]);
        return a <= 0 ? a + 2 * Math.PI : a;
      };
      e = next.reduce((best, f) => (cw(f) < cw(best) ? f : best));
    }
    if (ring.length >= 3) rings.push(ring);
  }
  const shells = rings.filter((r) => ringArea(r) > 0).map((r): Pt[][] => [r]);
  for (const hole of rings.filter((r) => ringArea(r) < 0)) {
    const inside = shells.filter((s) => {
      const shell = s[0] as Pt[];
      const onShell = new Set(shell.map(key));
      const probe = hole.find((p) => !onShell.has(key(p)));
      return probe !== undefined && pointInRing(probe, shell);
    });
    const host = inside.reduce<Pt[][] | null>(
      (best, s) => (!best || ringArea(s[0] as Pt[]) < ringArea(best[0] as Pt[]) ? s : best),
      null,
    );
    host?.push(hole);
  }
  return shells;
}

/**
 * Polygons of open rings → GeoJSON MultiPolygon coordinates at 1 cm, dropping parts and holes under `minArea` m²
 * (clipping leftovers). Throws when a result is not valid, naming `label`.
 */
export function toOutputMultiPolygon(polys: readonly (readonly Pt[][])[], label: string, minArea = 1): number[][][][] {
  const out: number[][][][] = [];
  for (const poly of polys) {
    const ext = poly[0] ? outputRing(poly[0], true) : null;
    if (!ext || Math.abs(ringArea(ext.slice(0, -1))) < minArea) continue;
    const rings: Pt[][] = [ext];
    for (const h of poly.slice(1)) {
      const r = outputRing(h, false);
      if (r && Math.abs(ringArea(r.slice(0, -1))) >= minArea) rings.push(r);
    }
    // a clipping crumb that rounding to 1 cm folded is dropped; anything bigger must be valid
    if (polygonInvalidReason(rings) && Math.abs(ringArea(ext.slice(0, -1))) < 1) continue;
    out.push(rings);
  }
  if (out.length === 0) throw new Error(`${label}: empty geometry`);
  const reason = multiPolygonInvalidReason(out);
  if (reason) throw new Error(`${label}: invalid geometry: ${reason}`);
  return out;
}

/**
 * Adds to the rings of `coords` (output form: closed, rounded) every point of `points` that lies on one of their
 * edges within `tol` metres but is not a vertex yet. Removes T-junctions between a polygon and the polygons that
 * partition it, so that after rounding the two share every vertex and leave no sliver between them.
 */
export function insertPointsOnEdges(
  coords: number[][][][],
  points: readonly (readonly number[])[],
  tol = 0.015,
): number[][][][] {
  const grid = new Map<string, (readonly number[])[]>();
  const cell = 50;
  const keyOf = (x: number, y: number): string => `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
  const seen = new Set<string>();
  for (const p of points) {
    const k = `${p[0]},${p[1]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const g = keyOf(p[0] as number, p[1] as number);
    let list = grid.get(g);
    if (!list) grid.set(g, (list = []));
    list.push(p);
  }
  return coords.map((poly) =>
    poly.map((ring) => {
      const out: number[][] = [];
      for (let i = 0; i < ring.length - 1; i++) {
        const a = ring[i] as number[];
        const b = ring[i + 1] as number[];
        out.push(a);
        const [ax, ay] = a as [number, number];
        const [bx, by] = b as [number, number];
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const hits: { t: number; p: readonly number[] }[] = [];
        const gx0 = Math.floor((Math.min(ax, bx) - tol) / cell);
        const gx1 = Math.floor((Math.max(ax, bx) + tol) / cell);
        const gy0 = Math.floor((Math.min(ay, by) - tol) / cell);
        const gy1 = Math.floor((Math.max(ay, by) + tol) / cell);
        for (let gx = gx0; gx <= gx1; gx++) {
          for (let gy = gy0; gy <= gy1; gy++) {
            for (const p of grid.get(`${gx},${gy}`) ?? []) {
              const px = p[0] as number;
              const py = p[1] as number;
              if ((px === ax && py === ay) || (px === bx && py === by)) continue;
              const t = ((px - ax) * dx + (py - ay) * dy) / len2;
              if (t <= 0 || t >= 1) continue;
              const dist = Math.abs(dx * (py - ay) - dy * (px - ax)) / Math.sqrt(len2);
              if (dist <= tol) hits.push({ t, p });
            }
          }
        }
        hits.sort((u, v) => u.t - v.t);
        for (const h of hits) out.push([h.p[0] as number, h.p[1] as number]);
      }
      out.push(out[0] as number[]);
      return out;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Validity (OGC simple-feature rules, checked in integer centimetres so the arithmetic is exact).

type IPt = [number, number];
const toCm = (p: readonly number[]): IPt => [Math.round((p[0] as number) * 100), Math.round((p[1] as number) * 100)];

function iOrient(a: IPt, b: IPt, c: IPt): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}
function iOnSeg(a: IPt, b: IPt, p: IPt): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}
function iIntersect(a: IPt, b: IPt, c: IPt, d: IPt): boolean {
  const o1 = iOrient(a, b, c);
  const o2 = iOrient(a, b, d);
  const o3 = iOrient(c, d, a);
  const o4 = iOrient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return (
    (o1 === 0 && iOnSeg(a, b, c)) ||
    (o2 === 0 && iOnSeg(a, b, d)) ||
    (o3 === 0 && iOnSeg(c, d, a)) ||
    (o4 === 0 && iOnSeg(c, d, b))
  );
}
function iPointInRing(p: IPt, ring: readonly IPt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as IPt;
    const b = ring[j] as IPt;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** a–b and c–d collinear: do they share a piece of positive length? */
function collinearOverlap(a: IPt, b: IPt, c: IPt, d: IPt): boolean {
  const ax = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
  const s0 = Math.min(a[ax], b[ax]);
  const s1 = Math.max(a[ax], b[ax]);
  const t0 = Math.min(c[ax], d[ax]);
  const t1 = Math.max(c[ax], d[ax]);
  return Math.max(s0, t0) < Math.min(s1, t1);
}

interface Seg {
  a: IPt;
  b: IPt;
  ring: number;
  idx: number;
  x0: number;
  x1: number;
}

/** all segment pairs whose x-ranges overlap (sort-and-sweep); visit returns true to stop */
function sweepPairs(segs: Seg[], visit: (s: Seg, t: Seg) => boolean): boolean {
  segs.sort((p, q) => p.x0 - q.x0);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as Seg;
    for (let j = i + 1; j < segs.length; j++) {
      const t = segs[j] as Seg;
      if (t.x0 > s.x1) break;
      if (visit(s, t)) return true;
    }
  }
  return false;
}

/**
 * Returns null when the polygon (closed rings, first exterior) is valid in the OGC sense, otherwise a reason.
 * Stricter than GEOS in one place: a hole touching the exterior at a point is reported.
 */
export function polygonInvalidReason(rings: readonly (readonly (readonly number[])[])[]): string | null {
  if (rings.length === 0) return 'no rings';
  const iRings: IPt[][] = [];
  for (const [k, ring] of rings.entries()) {
    if (ring.length < 4) return `ring ${k}: fewer than 4 points`;
    const first = ring[0] as readonly number[];
    const last = ring[ring.length - 1] as readonly number[];
    if (first[0] !== last[0] || first[1] !== last[1]) return `ring ${k}: not closed`;
    const ir = ring.slice(0, -1).map(toCm);
    for (let i = 0; i < ir.length; i++) {
      const p = ir[i] as IPt;
      const q = ir[(i + 1) % ir.length] as IPt;
      if (p[0] === q[0] && p[1] === q[1]) return `ring ${k}: repeated point at ${i}`;
    }
    let a2 = 0;
    for (let i = 0; i < ir.length; i++) {
      const p = ir[i] as IPt;
      const q = ir[(i + 1) % ir.length] as IPt;
      a2 +=
        (p[0] - (ir[0] as IPt)[0]) * (q[1] - (ir[0] as IPt)[1]) -
        (q[0] - (ir[0] as IPt)[0]) * (p[1] - (ir[0] as IPt)[1]);
    }
    if (a2 === 0) return `ring ${k}: zero area`;
    if (k === 0 && a2 < 0) return 'exterior ring is clockwise';
    if (k > 0 && a2 > 0) return `hole ${k} is counter-clockwise`;
    iRings.push(ir);
  }
  const segs = segmentsOf(iRings);
  let reason: string | null = null;
  sweepPairs(segs, (s, t) => {
    if (s.ring === t.ring) {
      const n = (iRings[s.ring] as IPt[]).length;
      const adjacent = (s.idx + 1) % n === t.idx || (t.idx + 1) % n === s.idx;
      if (adjacent) {
        // adjacent segments share one vertex; they must not fold back on each other
        const shared = (s.idx + 1) % n === t.idx ? s.b : s.a;
        const sOther = shared === s.a ? s.b : s.a;
        const tOther = t.a[0] === shared[0] && t.a[1] === shared[1] ? t.b : t.a;
        if (iOrient(shared, sOther, tOther) === 0) {
          const dot =
            (sOther[0] - shared[0]) * (tOther[0] - shared[0]) + (sOther[1] - shared[1]) * (tOther[1] - shared[1]);
          if (dot > 0) {
            reason = `ring ${s.ring}: spike at segment ${s.idx}`;
            return true;
          }
        }
        return false;
      }
      if (iIntersect(s.a, s.b, t.a, t.b)) {
        reason = `ring ${s.ring}: self-intersection between segments ${s.idx} and ${t.idx}`;
        return true;
      }
      return false;
    }
    if (iIntersect(s.a, s.b, t.a, t.b)) {
      reason = `rings ${s.ring} and ${t.ring} intersect`;
      return true;
    }
    return false;
  });
  if (reason) return reason;
  const ext = iRings[0] as IPt[];
  for (let h = 1; h < iRings.length; h++) {
    const hole = iRings[h] as IPt[];
    if (!iPointInRing(hole[0] as IPt, ext)) return `hole ${h} outside the exterior`;
    for (let g = 1; g < iRings.length; g++) {
      if (g !== h && iPointInRing(hole[0] as IPt, iRings[g] as IPt[])) return `hole ${h} nested in hole ${g}`;
    }
  }
  return null;
}

/** every segment of closed rings (their first point not repeated), with its ring, its index and its x extent */
function segmentsOf(rings: readonly IPt[][]): Seg[] {
  const segs: Seg[] = [];
  for (const [r, ir] of rings.entries()) {
    for (let i = 0; i < ir.length; i++) {
      const a = ir[i] as IPt;
      const b = ir[(i + 1) % ir.length] as IPt;
      segs.push({ a, b, ring: r, idx: i, x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]) });
    }
  }
  return segs;
}

/** validity of a MultiPolygon: every part valid and no two parts overlapping (touching at points is allowed) */
export function multiPolygonInvalidReason(
  polys: readonly (readonly (readonly (readonly number[])[])[])[],
): string | null {
  for (const [i, poly] of polys.entries()) {
    const r = polygonInvalidReason(poly);
    if (r) return `part ${i}: ${r}`;
  }
  if (polys.length < 2) return null;
  const exts = polys.map((p) => (p[0] as readonly (readonly number[])[]).slice(0, -1).map(toCm));
  const segs = segmentsOf(exts);
  let reason: string | null = null;
  sweepPairs(segs, (s, t) => {
    if (s.ring === t.ring) return false;
    const o1 = iOrient(s.a, s.b, t.a);
    const o2 = iOrient(s.a, s.b, t.b);
    const o3 = iOrient(t.a, t.b, s.a);
    const o4 = iOrient(t.a, t.b, s.b);
    const proper = o1 * o2 < 0 && o3 * o4 < 0;
    if (proper || (o1 === 0 && o2 === 0 && collinearOverlap(s.a, s.b, t.a, t.b))) {
      reason = `parts ${s.ring} and ${t.ring} overlap`;
      return true;
    }
    return false;
  });
  if (reason) return reason;
  for (let i = 0; i < exts.length; i++) {
    for (let j = 0; j < exts.length; j++) {
      if (i === j) continue;
      const holes = (polys[j] as readonly (readonly (readonly number[])[])[])
        .slice(1)
        .map((h) => h.slice(0, -1).map(toCm));
      const pts = exts[i] as IPt[];
      // a vertex of part i strictly inside part j (not in one of its holes) means overlapping interiors
      const p = pts[0] as IPt;
      if (iPointInRing(p, exts[j] as IPt[]) && !holes.some((h) => iPointInRing(p, h))) {
        return `part ${i} lies inside part ${j}`;
      }
    }
  }
  return null;
}

/** point strictly inside a polygon given as closed rings in integer cm (on a boundary → false) */
function strictlyInside(p: readonly number[], rings: readonly IPt[][]): boolean {
  for (const r of rings) {
    for (let i = 0; i < r.length; i++) {
      const a = r[i] as IPt;
      const b = r[(i + 1) % r.length] as IPt;
      const cross = (b[0] - a[0]) * ((p[1] as number) - a[1]) - (b[1] - a[1]) * ((p[0] as number) - a[0]);
      if (
        cross === 0 &&
        Math.min(a[0], b[0]) <= (p[0] as number) &&
        (p[0] as number) <= Math.max(a[0], b[0]) &&
        Math.min(a[1], b[1]) <= (p[1] as number) &&
        (p[1] as number) <= Math.max(a[1], b[1])
      ) {
        return false;
      }
    }
  }
  const q: IPt = [p[0] as number, p[1] as number];
  if (!iPointInRing(q, rings[0] as IPt[])) return false;
  return !rings.slice(1).some((h) => iPointInRing(q, h));
}

/**
 * Do the interiors of two polygons (closed rings, output form) overlap? Sharing edges or points is fine.
 * Checks proper edge crossings, then vertices, edge midpoints and the centroid of each strictly inside the other.
 */
export function polygonsOverlap(
  a: readonly (readonly (readonly number[])[])[],
  b: readonly (readonly (readonly number[])[])[],
): boolean {
  const A = a.map((r) => r.slice(0, -1).map(toCm));
  const B = b.map((r) => r.slice(0, -1).map(toCm));
  for (const ra of A) {
    for (let i = 0; i < ra.length; i++) {
      const p = ra[i] as IPt;
      const q = ra[(i + 1) % ra.length] as IPt;
      for (const rb of B) {
        for (let j = 0; j < rb.length; j++) {
          const r = rb[j] as IPt;
          const s = rb[(j + 1) % rb.length] as IPt;
          if (iOrient(p, q, r) * iOrient(p, q, s) < 0 && iOrient(r, s, p) * iOrient(r, s, q) < 0) return true;
        }
      }
    }
  }
  const probes = (rings: IPt[][]): number[][] => {
    const out: number[][] = [];
    const ext = rings[0] as IPt[];
    for (const r of rings) {
      for (let i = 0; i < r.length; i++) {
        const p = r[i] as IPt;
        const q = r[(i + 1) % r.length] as IPt;
        out.push(p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]);
      }
    }
    const c = ringCentroid(ext.map((p): Pt => [p[0], p[1]]));
    if (strictlyInside(c, rings)) out.push(c);
    return out;
  };
  return probes(A).some((p) => strictlyInside(p, B)) || probes(B).some((p) => strictlyInside(p, A));
}

// ---------------------------------------------------------------------------------------------------------------

/** uniform grid of segments for fast "does this small polygon touch that big boundary" questions */
export class SegmentGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private readonly stamp: Uint32Array;
  private tick = 0;
  private readonly x0: number;
  private readonly y0: number;

  /** `closed`: rings (last point joins the first); otherwise open polylines */
  constructor(
    rings: readonly (readonly Pt[])[],
    private readonly size = 250,
    closed = true,
  ) {
    let count = 0;
    for (const r of rings) count += closed ? r.length : Math.max(0, r.length - 1);
    this.ax = new Float64Array(count);
    this.ay = new Float64Array(count);
    this.bx = new Float64Array(count);
    this.by = new Float64Array(count);
    this.stamp = new Uint32Array(count);
    let x0 = Infinity;
    let y0 = Infinity;
    for (const r of rings) {
      for (const p of r) {
        x0 = Math.min(x0, p[0]);
        y0 = Math.min(y0, p[1]);
      }
    }
    this.x0 = x0 - size;
    this.y0 = y0 - size;
    let k = 0;
    for (const r of rings) {
      const segments = closed ? r.length : r.length - 1;
      for (let i = 0; i < segments; i++) {
        const a = r[i] as Pt;
        const b = r[(i + 1) % r.length] as Pt;
        this.ax[k] = a[0];
        this.ay[k] = a[1];
        this.bx[k] = b[0];
        this.by[k] = b[1];
        const [cx0, cy0] = this.cell(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
        const [cx1, cy1] = this.cell(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
        for (let cx = cx0; cx <= cx1; cx++) {
          for (let cy = cy0; cy <= cy1; cy++) {
            const key = cx * 100003 + cy;
            let list = this.cells.get(key);
            if (!list) this.cells.set(key, (list = []));
            list.push(k);
          }
        }
        k++;
      }
    }
  }

  private cell(x: number, y: number): [number, number] {
    return [Math.floor((x - this.x0) / this.size), Math.floor((y - this.y0) / this.size)];
  }

  /** calls visit(a, b) once for every segment whose grid cells meet the bbox */
  forEachNear(bbox: Bbox, visit: (a: Pt, b: Pt) => boolean | void): void {
    this.tick++;
    const [cx0, cy0] = this.cell(bbox[0], bbox[1]);
    const [cx1, cy1] = this.cell(bbox[2], bbox[3]);
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const list = this.cells.get(cx * 100003 + cy);
        if (!list) continue;
        for (const k of list) {
          if (this.stamp[k] === this.tick) continue;
          this.stamp[k] = this.tick;
          if (
            visit([this.ax[k] as number, this.ay[k] as number], [this.bx[k] as number, this.by[k] as number]) === true
          )
            return;
        }
      }
    }
  }

  /** minimum distance from a polygon's edges to the indexed segments, looking at most `reach` metres away */
  distanceToPolygon(poly: readonly Pt[], reach: number): number {
    const b = ringBbox(poly);
    let best = Infinity;
    this.forEachNear([b[0] - reach, b[1] - reach, b[2] + reach, b[3] + reach], (a, c) => {
      for (let i = 0; i < poly.length; i++) {
        const d = distSegmentSegment(poly[i] as Pt, poly[(i + 1) % poly.length] as Pt, a, c);
        if (d < best) best = d;
        if (best === 0) return true;
      }
      return false;
    });
    return best;
  }
}
