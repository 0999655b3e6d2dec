// Placing names along lines on the certificate's map (street names), in paper points (y down): a label follows a
// nearly straight stretch of its line, reads upright, stays inside the map and overlaps no label already placed.
// Pure functions: the same lines give the same places, so the PDF stays deterministic.

export type Point = [number, number];
/** A convex quadrilateral (a possibly rotated label box), corners in order. */
export type Box = Point[];

/** The axis-aligned box from (x0, y0) to (x1, y1). */
export function rectBox(x0: number, y0: number, x1: number, y1: number): Box {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** A box of `width` × `height` centred on `center`, turned by `angle` radians (clockwise on the page). */
export function rotatedBox(center: Point, angle: number, width: number, height: number): Box {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const hw = width / 2;
  const hh = height / 2;
  return (
    [
      [-hw, -hh],
      [hw, -hh],
      [hw, hh],
      [-hw, hh],
    ] as Point[]
  ).map(([x, y]): Point => [center[0] + x * c - y * s, center[1] + x * s + y * c]);
}

/** Whether two convex boxes overlap (separating axis test); boxes that only touch do not. */
export function boxesOverlap(a: Box, b: Box): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i]!;
      const q = poly[(i + 1) % poly.length]!;
      const axis: Point = [q[1] - p[1], p[0] - q[0]];
      const project = (box: Box) => box.map(([x, y]) => x * axis[0] + y * axis[1]);
      const pa = project(a);
      const pb = project(b);
      if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa)) return false;
    }
  }
  return true;
}

/** Whether every corner of `box` lies inside the rectangle [x0, y0, x1, y1]. */
export function boxInside(box: Box, [x0, y0, x1, y1]: readonly [number, number, number, number]): boolean {
  return box.every(([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
}

export interface LinePlacement {
  /** The middle of the label. */
  at: Point;
  /** Radians, clockwise on the page, from -π/2 (reading upwards) to below π/2: the label reads left to right. */
  angle: number;
  box: Box;
}

/** Where along its line a label is tried first: the middle, then further out. */
const FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9] as const;

/**
 * A place for a label `width` × `height` along one of `lines` (paper points): on a stretch whose vertices stay within
 * `maxBend` points of the straight chord under the label, the longest lines first, where `fits` accepts its box
 * (inside the map, free of other labels). Null when no place fits.
 */
export function placeAlongLines(
  lines: readonly Point[][],
  width: number,
  height: number,
  fits: (box: Box) => boolean,
  { maxBend = 1.5, pad = 2 }: { maxBend?: number; pad?: number } = {},
): LinePlacement | null {
  const measured = lines
    .map((line, i) => ({ line, i, cumulative: cumulativeLengths(line) }))
    .map((m) => ({ ...m, length: m.cumulative[m.cumulative.length - 1] ?? 0 }))
    .filter((m) => m.length >= width + 2 * pad)
    .sort((a, b) => b.length - a.length || a.i - b.i);
  for (const { line, cumulative, length } of measured) {
    for (const f of FRACTIONS) {
      const s0 = f * length - width / 2;
      const s1 = f * length + width / 2;
      if (s0 < 0 || s1 > length) continue;
      const p0 = pointAt(line, cumulative, s0);
      const p1 = pointAt(line, cumulative, s1);
      const chord = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
      if (chord < width * 0.98) continue;
      const bend = line.reduce(
        (worst, v, k) =>
          cumulative[k]! > s0 && cumulative[k]! < s1 ? Math.max(worst, distanceToChord(v, p0, p1, chord)) : worst,
        0,
      );
      if (bend > maxBend) continue;
      let angle = Math.atan2(p1[1] - p0[1], p1[0] - p0[0]);
      // Upright; a vertical name reads upwards, as map lettering does.
      if (angle >= Math.PI / 2 - 1e-9) angle -= Math.PI;
      else if (angle < -Math.PI / 2 - 1e-9) angle += Math.PI;
      const at: Point = [(p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2];
      const box = rotatedBox(at, angle, width + 2 * pad, height + pad);
      if (fits(box)) return { at, angle, box };
    }
  }
  return null;
}

function cumulativeLengths(line: readonly Point[]): number[] {
  const out = [0];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    out.push(out[i - 1]! + Math.hypot(b[0] - a[0], b[1] - a[1]));
  }
  return out;
}

function pointAt(line: readonly Point[], cumulative: readonly number[], s: number): Point {
  for (let i = 1; i < line.length; i++) {
    if (cumulative[i]! >= s) {
      const a = line[i - 1]!;
      const b = line[i]!;
      const seg = cumulative[i]! - cumulative[i - 1]!;
      const t = seg > 0 ? (s - cumulative[i - 1]!) / seg : 0;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
  }
  return line[line.length - 1]!;
}

function distanceToChord(v: Point, p0: Point, p1: Point, chord: number): number {
  return Math.abs((p1[0] - p0[0]) * (p0[1] - v[1]) - (p0[0] - v[0]) * (p1[1] - p0[1])) / chord;
}
