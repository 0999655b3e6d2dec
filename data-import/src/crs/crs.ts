// Which coordinate system a file is in, whether its coordinates fit it, and the reprojection to Stereo 70.
import { toStereo70 } from './stereo70.ts';

export type Srs = 'EPSG:3844' | 'EPSG:4326';

/** EPSG codes accepted as input, and what they mean. 31700 is the deprecated code of Stereo 70. */
const ALIASES: Readonly<Record<string, Srs>> = {
  '3844': 'EPSG:3844',
  '31700': 'EPSG:3844',
  '4326': 'EPSG:4326',
  CRS84: 'EPSG:4326',
};

/** Parses `EPSG:3844`, `urn:ogc:def:crs:EPSG::3844`, `http://www.opengis.net/def/crs/EPSG/0/3844`, CRS84 and the like. */
export function parseSrs(name: string): Srs | undefined {
  const s = name.trim();
  if (/CRS:?84$/i.test(s) || /OGC\/1\.3\/CRS84$/i.test(s)) return 'EPSG:4326';
  const m = /(?:EPSG)[:/]+(?:[\d.]*[:/]+)?(\d+)$/i.exec(s) ?? /^(\d+)$/.exec(s);
  return m ? ALIASES[m[1]!] : undefined;
}

/** The CRS declared by a GeoJSON object's legacy `crs` member; EPSG:4326 (RFC 7946) when there is none. */
export function srsOfGeojson(crs: unknown): Srs | { unsupported: string } {
  if (crs === undefined || crs === null) return 'EPSG:4326';
  const name = (crs as { properties?: { name?: unknown } }).properties?.name;
  if (typeof name !== 'string') return { unsupported: JSON.stringify(crs) };
  return parseSrs(name) ?? { unsupported: name };
}

// Plausible extents with a margin: Romania in degrees, and in Stereo 70 metres.
const WGS84_BOX = [19.5, 43.3, 30.5, 48.6] as const;
const STEREO70_BOX = [100_000, 200_000, 900_000, 800_000] as const;

/** The box every coordinate of a file in `srs` must fall in: [minX, minY, maxX, maxY]. */
export function plausibleBox(srs: Srs): readonly [number, number, number, number] {
  return srs === 'EPSG:4326' ? WGS84_BOX : STEREO70_BOX;
}

/** Returns a message when the geometry's coordinates cannot be in `srs` (e.g. degrees declared as Stereo 70). */
export function checkPlausible(geometry: { type: string; coordinates: unknown }, srs: Srs): string | undefined {
  let bad: [number, number] | undefined;
  let nonFinite = false;
  const box = srs === 'EPSG:4326' ? WGS84_BOX : STEREO70_BOX;
  walk(geometry.coordinates, (x, y) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) nonFinite = true;
    else if (!bad && (x < box[0] || y < box[1] || x > box[2] || y > box[3])) bad = [x, y];
  });
  if (nonFinite) return 'coordinates that are not finite numbers';
  if (!bad) return undefined;
  const [x, y] = bad;
  const looksDegrees = Math.abs(x) <= 180 && Math.abs(y) <= 90;
  const looksStereo = x >= STEREO70_BOX[0] && x <= STEREO70_BOX[2] && y >= STEREO70_BOX[1] && y <= STEREO70_BOX[3];
  if (srs === 'EPSG:3844' && looksDegrees) {
    return `coordinate (${x}, ${y}) looks like longitude/latitude degrees, but the file is declared as EPSG:3844 (Stereo 70, metres); declare EPSG:4326 (--srs EPSG:4326)`;
  }
  if (srs === 'EPSG:4326' && looksStereo) {
    return `coordinate (${x}, ${y}) looks like Stereo 70 metres, but the file is declared as EPSG:4326 (degrees); declare EPSG:3844 (--srs EPSG:3844)`;
  }
  return `coordinate (${x}, ${y}) is outside Romania for ${srs}`;
}

function walk(coords: unknown, fn: (x: number, y: number) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number' || coords.length === 0) {
    fn(coords[0] as number, coords[1] as number);
    return;
  }
  for (const c of coords) walk(c, fn);
}

/** A copy of the geometry reprojected to EPSG:3844, coordinates rounded to 1 mm. */
export function reprojectGeometry<G extends { type: string; coordinates: unknown }>(geometry: G, from: Srs): G {
  if (from === 'EPSG:3844') return geometry;
  const map = (c: unknown): unknown => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [e, n] = toStereo70([c[0], c[1] as number]);
      return [Math.round(e * 1000) / 1000, Math.round(n * 1000) / 1000];
    }
    return (c as unknown[]).map(map);
  };
  return { ...geometry, coordinates: map(geometry.coordinates) };
}
