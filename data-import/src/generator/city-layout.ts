// The synthetic city plan inside the real Cluj-Napoca boundary: districts (a seeded Voronoi of the territory, each
// with its own rotated street grid), the intravilan (urban districts), the Someșul Mic centreline and the blocks.
// Everything is in EPSG:3844 metres. Lots are cut from the blocks in parcels.ts.
import { featureCollection, intersect, polygon as turfPolygon, union, voronoi, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { toStereo70 } from '../crs/stereo70.ts';
import type { Bbox, Pt } from './geometry.ts';
import {
  SegmentGrid,
  clipHalfPlane,
  pointInRing,
  ringArea,
  ringBbox,
  ringCentroid,
  ringPerimeter,
  smoothLine,
} from './geometry.ts';
import type { GeneratorInputs } from './load-inputs.ts';
import { createRng, deriveSeed } from './rng.ts';

/** Piața Unirii, the centre every distance is measured from */
export const CITY_CENTRE_WGS84: [number, number] = [23.5897, 46.7693];

export interface Frame {
  ox: number;
  oy: number;
  cos: number;
  sin: number;
}

export const toWorld = (f: Frame, p: Pt): Pt => [
  f.ox + p[0] * f.cos - p[1] * f.sin,
  f.oy + p[0] * f.sin + p[1] * f.cos,
];
export const toLocal = (f: Frame, p: Pt): Pt => {
  const dx = p[0] - f.ox;
  const dy = p[1] - f.oy;
  return [dx * f.cos + dy * f.sin, -dx * f.sin + dy * f.cos];
};

export interface District {
  id: number;
  seed: Pt;
  /** Voronoi cell, world coordinates, counter-clockwise, convex */
  cell: Pt[];
  urban: boolean;
  frame: Frame;
  /** the grid's rows ([v start, v end] of each block row) and columns ([u start, u end]), district frame */
  rows: [number, number][];
  cols: [number, number][];
}

export interface Block {
  id: number;
  district: District;
  row: number;
  col: number;
  /** convex polygon in the district frame (u along the rows, v across), counter-clockwise */
  local: Pt[];
  centroid: Pt;
  distance: number;
  area: number;
  urban: boolean;
}

export interface CityLayout {
  centre: Pt;
  /** city boundary: polygons → rings (open) */
  boundary: Pt[][][];
  boundaryBbox: Bbox;
  boundaryGrid: SegmentGrid;
  districts: District[];
  /** urban districts ∩ city boundary: polygons → rings (open), exterior counter-clockwise */
  intravilan: Pt[][][];
  intravilanGrid: SegmentGrid;
  /** urban blocks, nearest to the centre first */
  blocks: Block[];
  /** extravilan fields, nearest to the centre first */
  fields: Block[];
  /** Someșul Mic centreline, west → east */
  river: Pt[];
  riverGrid: SegmentGrid;
  /** `${districtId}:${rowLine}` → street name, named in order of distance from the centre */
  streetNames: Map<string, string>;
}

export const RIVER_BED_HALF_WIDTH_M = 25;

export function pointInPolygons(p: Pt, polys: readonly (readonly Pt[][])[]): boolean {
  for (const poly of polys) {
    const ext = poly[0];
    if (!ext || !pointInRing(p, ext)) continue;
    if (!poly.slice(1).some((h) => pointInRing(p, h))) return true;
  }
  return false;
}

/** turf result → polygons of open rings, exterior counter-clockwise, holes clockwise */
export function toOpenPolygons(geom: Polygon | MultiPolygon): Pt[][][] {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  return polys.map((poly) =>
    poly.map((ring, k) => {
      const open = ring.slice(0, -1).map((p): Pt => [p[0] as number, p[1] as number]);
      const a = ringArea(open);
      if ((k === 0 && a < 0) || (k > 0 && a > 0)) open.reverse();
      return open;
    }),
  );
}

export const closedPolygon = (rings: readonly Pt[][]): Feature<Polygon> =>
  turfPolygon(rings.map((r) => [...r.map((p): Pt => [p[0], p[1]]), [(r[0] as Pt)[0], (r[0] as Pt)[1]]]));

export const toMultiPolygonFeature = (polys: readonly Pt[][][]): Feature<MultiPolygon> => ({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'MultiPolygon',
    coordinates: polys.map((rings) =>
      rings.map((r) => [...r.map((p) => [p[0], p[1]]), [(r[0] as Pt)[0], (r[0] as Pt)[1]]]),
    ),
  },
});

/** Someșul Mic through Cluj-Napoca (approximate course, west → east, north of Piața Unirii) */
const RIVER_WGS84: [number, number][] = [
  [23.485, 46.7712],
  [23.52, 46.7735],
  [23.55, 46.7702],
  [23.575, 46.7713],
  [23.5897, 46.7748],
  [23.605, 46.7772],
  [23.625, 46.7825],
  [23.65, 46.7878],
  [23.675, 46.7925],
  [23.7, 46.7985],
  [23.735, 46.8045],
];

function makeRiver(seed: number | string): Pt[] {
  const rng = createRng(deriveSeed(seed, 'river'));
  const pts = RIVER_WGS84.map((p) => toStereo70(p));
  const meandered = pts.map((p, i): Pt => {
    if (i === 0 || i === pts.length - 1) return p;
    const prev = pts[i - 1] as Pt;
    const next = pts[i + 1] as Pt;
    const tx = next[0] - prev[0];
    const ty = next[1] - prev[1];
    const l = Math.hypot(tx, ty);
    const off = rng.range(-60, 60);
    return [p[0] - (ty / l) * off, p[1] + (tx / l) * off];
  });
  return smoothLine(meandered, 16);
}

interface GridParams {
  blockLength: [number, number];
  blockDepth: [number, number];
  rowStreet: [number, number];
  colStreet: [number, number];
  inset: number;
  minArea: number;
}

const URBAN_GRID: GridParams = {
  blockLength: [80, 160],
  blockDepth: [60, 115],
  rowStreet: [12, 20],
  colStreet: [10, 15],
  inset: 7,
  minArea: 2500,
};
const FIELD_GRID: GridParams = {
  blockLength: [260, 480],
  blockDepth: [140, 260],
  rowStreet: [6, 8],
  colStreet: [5, 7],
  inset: 4,
  minArea: 12000,
};

/** splits [from, to] into segments of the given lengths separated by gaps; returns [start, end] pairs */
function spans(from: number, to: number, size: () => number, gap: () => number, phase: number): [number, number][] {
  const out: [number, number][] = [];
  let x = from - phase;
  while (x < to) {
    const s = size();
    out.push([x, x + s]);
    x += s + gap();
  }
  return out;
}

export function buildCityLayout(inputs: GeneratorInputs, seed: number | string): CityLayout {
  const rng = createRng(deriveSeed(seed, 'layout'));
  const centre = toStereo70(CITY_CENTRE_WGS84);
  const boundary = inputs.cityBoundary;
  const allRings = boundary.flat();
  const boundaryBbox = allRings
    .map(ringBbox)
    .reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  const boundaryGrid = new SegmentGrid(allRings, 250);

  // --- districts: jittered grid of seeds → Voronoi cells
  const spacing = 1500;
  const margin = 1000;
  const vbbox: Bbox = [
    boundaryBbox[0] - margin,
    boundaryBbox[1] - margin,
    boundaryBbox[2] + margin,
    boundaryBbox[3] + margin,
  ];
  const seeds: Pt[] = [];
  for (let x = vbbox[0] + spacing / 2; x < vbbox[2]; x += spacing) {
    for (let y = vbbox[1] + spacing / 2; y < vbbox[3]; y += spacing) {
      seeds.push([x + rng.range(-0.35, 0.35) * spacing, y + rng.range(-0.35, 0.35) * spacing]);
    }
  }
  const cells = voronoi(featureCollection(seeds.map((s) => point(s))), { bbox: vbbox });
  const districts: District[] = [];
  seeds.forEach((s, i) => {
    const f = cells.features[i];
    if (!f || !f.geometry) return;
    const cell = toOpenPolygons(f.geometry)[0]?.[0];
    if (!cell || cell.length < 3) return;
    const dx = s[0] - centre[0];
    const dy = s[1] - centre[1];
    // the built-up valley is long west–east; hills (Hoia, Făget, the northern plateau) stay extravilan
    const rx = dx > 0 ? 8200 : 6200;
    const ry = dy > 0 ? 4600 : 3700;
    const e = (dx / rx) ** 2 + (dy / ry) ** 2;
    const urban = e * rng.range(0.8, 1.2) < 1 || Math.hypot(dx, dy) < 2500;
    const angle = rng.range(0, Math.PI);
    districts.push({
      id: districts.length,
      seed: s,
      cell,
      urban,
      frame: { ox: s[0], oy: s[1], cos: Math.cos(angle), sin: Math.sin(angle) },
      rows: [],
      cols: [],
    });
  });

  // --- intravilan = union of urban districts ∩ city boundary
  const urbanCells = districts.filter((d) => d.urban).map((d) => closedPolygon([d.cell]));
  const merged = urbanCells.length === 1 ? urbanCells[0] : union(featureCollection(urbanCells));
  if (!merged) throw new Error('no urban district');
  const cityFeature = toMultiPolygonFeature(boundary);
  const clipped = intersect(featureCollection([merged, cityFeature]));
  if (!clipped) throw new Error('intravilan does not meet the city boundary');
  const intravilan = toOpenPolygons(clipped.geometry).filter((p) => ringArea(p[0] as Pt[]) > 10000);
  const intravilanGrid = new SegmentGrid(intravilan.flat(), 250);

  // --- river
  const river = makeRiver(seed);
  const riverGrid = new SegmentGrid([river], 200, false);

  // --- blocks
  const blocks: Block[] = [];
  const fields: Block[] = [];
  let blockId = 0;
  for (const d of districts) {
    const drng = createRng(deriveSeed(seed, 'district', d.id));
    const g = d.urban ? URBAN_GRID : FIELD_GRID;
    const local = d.cell.map((p) => toLocal(d.frame, p));
    const [u0, v0, u1, v1] = ringBbox(local);
    const meanL = drng.range(g.blockLength[0] + 10, g.blockLength[1] - 20);
    const meanD = drng.range(g.blockDepth[0] + 8, g.blockDepth[1] - 12);
    const cols = spans(
      u0,
      u1,
      () => Math.min(g.blockLength[1], Math.max(g.blockLength[0], meanL * drng.range(0.8, 1.2))),
      () => drng.range(g.colStreet[0], g.colStreet[1]),
      drng.range(0, meanL),
    );
    const rows = spans(
      v0,
      v1,
      () => Math.min(g.blockDepth[1], Math.max(g.blockDepth[0], meanD * drng.range(0.85, 1.15))),
      () => drng.range(g.rowStreet[0], g.rowStreet[1]),
      drng.range(0, meanD),
    );
    d.rows = rows;
    d.cols = cols;
    rows.forEach(([va, vb], row) => {
      cols.forEach(([ua, ub], col) => {
        let poly: Pt[] = [
          [ua, va],
          [ub, va],
          [ub, vb],
          [ua, vb],
        ];
        for (let i = 0; i < local.length && poly.length > 0; i++) {
          poly = clipHalfPlane(poly, local[i] as Pt, local[(i + 1) % local.length] as Pt, g.inset);
        }
        if (poly.length < 3) return;
        // drop vertices closer than 0.5 m to their predecessor (the polygon stays convex)
        const clean: Pt[] = [];
        for (const p of poly) {
          const q = clean[clean.length - 1];
          if (!q || Math.hypot(p[0] - q[0], p[1] - q[1]) >= 0.5) clean.push(p);
        }
        while (clean.length > 3) {
          const a = clean[0] as Pt;
          const z = clean[clean.length - 1] as Pt;
          if (Math.hypot(a[0] - z[0], a[1] - z[1]) < 0.5) clean.pop();
          else break;
        }
        if (clean.length < 3) return;
        const area = ringArea(clean);
        if (area < g.minArea || area < 0.4 * (ub - ua) * (vb - va)) return;
        if (area / ringPerimeter(clean) < (d.urban ? 11 : 30)) return;
        const world = clean.map((p) => toWorld(d.frame, p));
        const c = ringCentroid(world);
        if (!pointInPolygons(c, boundary)) return;
        if (boundaryGrid.distanceToPolygon(world, 10) < 10) return;
        if (riverGrid.distanceToPolygon(world, RIVER_BED_HALF_WIDTH_M) < RIVER_BED_HALF_WIDTH_M) return;
        const b: Block = {
          id: blockId++,
          district: d,
          row,
          col,
          local: clean,
          centroid: c,
          distance: Math.hypot(c[0] - centre[0], c[1] - centre[1]),
          area,
          urban: d.urban,
        };
        (d.urban ? blocks : fields).push(b);
      });
    });
  }
  const byDistance = (a: Block, b: Block): number => a.distance - b.distance || a.id - b.id;
  blocks.sort(byDistance);
  fields.sort(byDistance);

  return {
    centre,
    boundary,
    boundaryBbox,
    boundaryGrid,
    districts,
    intravilan,
    intravilanGrid,
    blocks,
    fields,
    river,
    riverGrid,
    streetNames: nameStreets(blocks, inputs.streets, seed),
  };
}

const STREET_PREFIXES = [
  'Strada ',
  'Aleea ',
  'Piața ',
  'Piata ',
  'Calea ',
  'Bulevardul ',
  'Splaiul ',
  'Drumul ',
  'Șoseaua ',
  'Pasajul ',
  'Intrarea ',
];

/** street names usable in an address: real OSM names, with "Strada" added where the name has no street type */
export function usableStreetNames(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    if (/^(Acces|Alee |Podul|Centura|DN|Kaufland|Colonia)/.test(name)) continue;
    if (/garaj|parcare|\d+(-\d+)?$/i.test(name)) continue;
    out.add(STREET_PREFIXES.some((p) => name.startsWith(p)) ? name : `Strada ${name}`);
  }
  return [...out].sort();
}

function nameStreets(blocks: readonly Block[], names: readonly string[], seed: number | string): Map<string, string> {
  const pool = createRng(deriveSeed(seed, 'street-names')).shuffled(usableStreetNames(names));
  const map = new Map<string, string>();
  let next = 0;
  for (const b of blocks) {
    for (const line of [b.row, b.row + 1]) {
      const key = `${b.district.id}:${line}`;
      if (map.has(key)) continue;
      map.set(key, pool[next % pool.length] as string);
      next++;
    }
  }
  return map;
}
