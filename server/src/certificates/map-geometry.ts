// Plane geometry for the certificate's map, in EPSG:3844 metres: the frame around a parcel, areas, a label point
// inside a polygon, and a round scale-bar length. Pure functions.

export type Position = [number, number];
export type Ring = Position[];
export type Polygon = Ring[];
/** MultiPolygon coordinates. */
export type Polygons = Polygon[];

export interface Extent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/**
 * A frame of the given aspect (width / height) centred on the parcel, so that the parcel takes about 1/`zoomOut` of
 * it, never narrower than `minWidth` metres. Rounded to the decimetre.
 */
export function mapFrame(
  parcel: Extent,
  aspect: number,
  {
    zoomOut = 2.6,
    minWidth = 90,
    paperWidthPt,
  }: {
    zoomOut?: number;
    minWidth?: number;
    /** The width of the drawn map on paper (points): the frame is widened to the next round scale. */
    paperWidthPt?: number;
  } = {},
): Extent {
  const w = parcel.xmax - parcel.xmin;
  const h = parcel.ymax - parcel.ymin;
  let width = Math.max(w * zoomOut, h * zoomOut * aspect, minWidth);
  if (paperWidthPt) width = roundScale(width, paperWidthPt) * paperMetres(paperWidthPt);
  const height = width / aspect;
  const r = (v: number) => Math.round(v * 10) / 10;
  const cx = r((parcel.xmin + parcel.xmax) / 2);
  const cy = r((parcel.ymin + parcel.ymax) / 2);
  return { xmin: cx - width / 2, ymin: cy - height / 2, xmax: cx + width / 2, ymax: cy + height / 2 };
}

/** Metres of paper that `points` take. */
const paperMetres = (points: number) => (points * 25.4) / 72 / 1000;

/** The round map scales (1:500, 1:1,000, 1:2,000, 1:5,000, ...). */
export const ROUND_SCALES = [500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000] as const;

/** The smallest round scale at which `metres` of ground fit in `points` of paper. */
export function roundScale(metres: number, points: number): number {
  const needed = metres / paperMetres(points);
  return ROUND_SCALES.find((s) => s >= needed - 1e-6) ?? Math.ceil(needed / 1_000_000) * 1_000_000;
}

/** GeoJSON Polygon or MultiPolygon coordinates as a list of polygons; anything else gives none. */
export function toPolygons(geometry: { type: string; coordinates: unknown } | null | undefined): Polygons {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates as Polygon];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Polygons;
  if (geometry.type === 'GeometryCollection') {
    const parts = (geometry as unknown as { geometries: { type: string; coordinates: unknown }[] }).geometries;
    return parts.flatMap((g) => toPolygons(g));
  }
  return [];
}

/** GeoJSON LineString or MultiLineString coordinates (or the lines of a collection) as a list of lines. */
export function toLines(geometry: { type: string; coordinates?: unknown } | null | undefined): Position[][] {
  if (!geometry) return [];
  const lines =
    geometry.type === 'LineString'
      ? [geometry.coordinates as Position[]]
      : geometry.type === 'MultiLineString'
        ? (geometry.coordinates as Position[][])
        : geometry.type === 'GeometryCollection'
          ? (geometry as unknown as { geometries: { type: string; coordinates: unknown }[] }).geometries.flatMap((g) =>
              toLines(g),
            )
          : [];
  return lines.filter((l) => l.length >= 2);
}

export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(sum) / 2;
}

export function polygonArea(polygon: Polygon): number {
  const [outer, ...holes] = polygon;
  return outer ? ringArea(outer) - holes.reduce((s, h) => s + ringArea(h), 0) : 0;
}

function insideRing([x, y]: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function insidePolygon(point: Position, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && insideRing(point, outer) && !holes.some((h) => insideRing(point, h));
}

/**
 * A point inside the polygon, for a label: the middle of the widest inside span on the horizontal lines at 3/8, 1/2
 * and 5/8 of its height (handles L, U and ring shapes). Null for a degenerate polygon.
 */
export function labelPoint(polygon: Polygon): Position | null {
  const outer = polygon[0];
  if (!outer || outer.length < 4) return null;
  const ys = outer.map((p) => p[1]);
  const ymin = Math.min(...ys);
  const ymax = Math.max(...ys);
  let best: Position | null = null;
  let bestWidth = 0;
  for (const t of [0.5, 0.375, 0.625]) {
    const y = ymin + (ymax - ymin) * t;
    const xs: number[] = [];
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
      }
    }
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1]! - xs[i]!;
      if (width > bestWidth) {
        bestWidth = width;
        best = [(xs[i]! + xs[i + 1]!) / 2, y];
      }
    }
  }
  return best;
}

/** A round length (1, 2 or 5 × 10^k metres) close to `target` metres. */
export function niceLength(target: number): number {
  if (!(target > 0)) return 1;
  const k = 10 ** Math.floor(Math.log10(target));
  const m = target / k;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * k;
}

/** The scale denominator of a map that shows `metres` across `points` (1 pt = 0.3528 mm), rounded to 2 digits. */
export function scaleDenominator(metres: number, points: number): number {
  const raw = metres / ((points * 25.4) / 72 / 1000);
  const k = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.round(raw / k) * k;
}
