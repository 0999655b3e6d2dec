// The PUG's UTR polygons, made of whole blocks as real UTRs are: each urban district is cut into street cells along
// its street centrelines, and the cells join the nearest of a set of seeded points (denser near the centre), so a
// UTR's edge steps along streets, district edges and the intravilan limit; the river corridor is one green UTR.
// Each zone gets a REAL UTR code chosen from where it lies: protected zones (ZCP_*) in the old centre, mixed zones along the main radial roads, industry east along
// the river, housing by distance, urbanisation (U*) at the edge, and a few landmarks put where they really are.
import { difference, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { toStereo70 } from '../crs/stereo70.ts';
import type { CityLayout } from './city-layout.ts';
import {
  RIVER_BED_HALF_WIDTH_M,
  closedPolygon,
  pointInPolygons,
  toLocal,
  toMultiPolygonFeature,
  toOpenPolygons,
  toWorld,
} from './city-layout.ts';
import type { Bbox, Pt } from './geometry.ts';
import {
  cleanRing,
  clipHalfPlane,
  corridor,
  dissolvePartition,
  distPointSegment,
  insertPointsOnEdges,
  multiPolygonInvalidReason,
  pointInRing,
  ringArea,
  ringBbox,
  ringCentroid,
  toOutputMultiPolygon,
} from './geometry.ts';
import type { UtrRow } from './load-inputs.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';
import { gapLines } from './streets.ts';
import type { Rng } from './rng.ts';
import type { ZoningProperties } from './zoning-rules.ts';
import { zoningProperties } from './zoning-rules.ts';

export const PUG_CODE = 'PUG-54975-2014';

export type ZoningFeature = Feature<MultiPolygon, ZoningProperties>;

export interface ZoneCell {
  code: string;
  /** polygons → open rings */
  polygons: Pt[][][];
  centroid: Pt;
  /** the river corridor's UTR */
  river?: boolean;
}

/** landmarks whose zone is known: [lon, lat, code] */
const LANDMARKS: [number, number, string][] = [
  [23.578, 46.7688, 'ZCP_Va'], // Parcul Central
  [23.5718, 46.7683, 'ZCP_Vs'], // Cluj Arena
  [23.5962, 46.7638, 'ZCP_G_c'], // Cimitirul Central (Hajongard)
  [23.5886, 46.7622, 'ZCP_Vt'], // Grădina Botanică
  [23.5895, 46.7843, 'Tf'], // Gara Cluj-Napoca
  [23.6862, 46.7853, 'Ta / UTa'], // Aeroportul Internațional Avram Iancu
  [23.5795, 46.7612, 'Lcs'], // complexul studențesc Hașdeu
  [23.627, 46.772, 'Ec'], // centrul comercial din est
  [23.5465, 46.7805, 'Vp'], // Pădurea Hoia
  [23.6405, 46.7702, 'Vs'], // baza sportivă din Gheorgheni
  [23.6, 46.7885, 'G_t'], // depou
  [23.556, 46.7555, 'Lc_A'], // Mănăștur
  [23.62, 46.7815, 'Lc_A'], // Mărăști
  [23.612, 46.7625, 'Lc_A'], // Gheorgheni
  [23.565, 46.757, 'Is_A'], // spital
  [23.574, 46.7748, 'ZCP_Ve'], // malul Someșului
];

/** main radial roads, as bearings in degrees from east, counter-clockwise */
const AXES_DEG = [12, 78, 148, 196, 238, 282, 330];

function seedPoints(layout: CityLayout, rng: Rng): Pt[] {
  const bbox = layout.intravilan.map((p) => ringBbox(p[0] as Pt[])).reduce(bboxMerge);
  const out: Pt[] = [];
  const base = 300;
  const [cx, cy] = layout.centre;
  for (let x = bbox[0]; x < bbox[2] + base; x += base) {
    for (let y = bbox[1]; y < bbox[3] + base; y += base) {
      const p: Pt = [x + rng.range(-0.4, 0.4) * base, y + rng.range(-0.4, 0.4) * base];
      const d = Math.hypot(p[0] - cx, p[1] - cy);
      const spacing = d < 1300 ? base : d < 2500 ? 400 : d < 5000 ? 620 : 850;
      if (rng.next() < (base / spacing) ** 2) out.push(p);
    }
  }
  return out;
}

const bboxMerge = (a: Bbox, b: Bbox): Bbox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

function distanceToPolyline(p: Pt, line: readonly Pt[]): number {
  let best = Infinity;
  for (let i = 0; i < line.length - 1; i++) {
    const d = distPointSegment(p, line[i] as Pt, line[i + 1] as Pt);
    if (d < best) best = d;
  }
  return best;
}

interface CellContext {
  d: number;
  bearing: number;
  inProtected: boolean;
  riverDist: number;
  touchesEdge: boolean;
  axisDist: number;
}

function chooseCode(c: CellContext, rng: Rng): string {
  if (c.inProtected) {
    if (c.d < 380) return 'ZCP_C1';
    if (c.riverDist < 90)
      return rng.weighted([
        ['ZCP_Ve', 2],
        ['ZCP_RiM', 1],
        ['ZCP_M3', 1],
      ]);
    return rng.weighted([
      ['ZCP_C2', 4],
      ['ZCP_M1', c.axisDist < 200 ? 4 : 1],
      ['ZCP_M3', c.axisDist < 200 ? 3 : 1],
      ['ZCP_M2', 1],
      ['ZCP_M4', 1],
      ['ZCP_Liu', 3],
      ['ZCP_Is_A', 1.5],
      ['ZCP_L_A', 1],
      ['ZCP_Et', 0.5],
    ]);
  }
  if (c.riverDist < 110 && c.d > 900 && rng.chance(0.6))
    // near the river but off its corridor (the one `Ve` UTR): parks and private green
    return rng.weighted([
      ['Va', 3],
      ['VPr', 1],
    ]);
  if (c.axisDist < 220 && c.d > 500) {
    if (c.d < 2500)
      return rng.weighted([
        ['M1', 3],
        ['M3', 3],
        ['RrM1', 1],
        ['RrM3', 1],
      ]);
    if (c.d < 5200 && !c.touchesEdge)
      return rng.weighted([
        ['M2', 2],
        ['M4', 2],
        ['RrM2', 1],
        ['RrM4', 1],
        ['M3', 1],
        ['RrEt', 0.5],
        ['RrEm', 0.5],
      ]);
    return rng.weighted([
      ['UM3', 2],
      ['UM4', 2],
      ['UM1', 0.5],
      ['UM2', 0.5],
    ]);
  }
  // the industrial belt east along the river (CUG, Someșeni)
  const east = Math.abs(((c.bearing - 18 + 540) % 360) - 180) < 28;
  if (east && c.d > 2200 && c.d < 7500)
    return rng.weighted([
      ['Ei', 3],
      ['EL', 2],
      ['Em', 2],
      ['Et', 1],
      ['Ec', 1],
      ['RiM', c.d < 4500 ? 3 : 0.5],
      ['ED', 0.5],
      ['G_p', 0.3],
    ]);
  if (c.touchesEdge && c.d > 3500)
    return rng.weighted([
      ['ULiu', 4],
      ['ULi/c', 3],
      ['ULc', 2],
      ['ULid', 2],
      ['UEt', 1],
      ['UEc', 0.5],
      ['UEi', 0.5],
      ['UEm', 0.5],
      ['UIs_A', 0.5],
      ['UVa', 0.7],
      ['UVs', 0.3],
      ['UVt', 0.2],
      ['UG_c', 0.2],
      ['UED', 0.2],
      ['UG_cmid', 0.1],
      ['Lid', 1],
      ['A', 0.8],
      ['AL', 0.4],
      ['Aapp', 0.3],
      ['Vp', 0.5],
      ['VPr', 0.3],
    ]);
  if (c.d < 1800)
    return rng.weighted([
      ['Liu', 3],
      ['Lc_A', 2],
      ['M4', 1],
      ['Is_A', 1],
      ['Va', 0.5],
      ['RrM4', 0.3],
      ['Et', 0.3],
    ]);
  if (c.d < 3500)
    return rng.weighted([
      ['Liu', 3],
      ['Lc_A', 3],
      ['Lc', 1.5],
      ['Is_A', 1],
      ['Va', 0.6],
      ['Vs', 0.3],
      ['M4', 0.7],
      ['Em', 0.3],
      ['Ec', 0.3],
      ['G_c', 0.2],
      ['Sp / TDS_MAPN', 0.15],
    ]);
  return rng.weighted([
    ['Lip', 3],
    ['Liu', 2],
    ['Lc', 2],
    ['Lir', 1],
    ['Lid', 1],
    ['Is_A', 0.5],
    ['Em', 0.5],
    ['Va', 0.4],
    ['VPr', 0.3],
    ['ED', 0.3],
    ['G_c', 0.2],
    ['G_d', 0.1],
    ['Aapp', 0.2],
  ]);
}

/** The group of the street cells the river runs through (no block there): the river corridor's green UTR. */
const RIVER_GROUP = -1;
export const RIVER_ZONE_CODE = 'Ve';

type Geom = Feature<Polygon | MultiPolygon>;
/** polygons → open rings */
type Polys = Pt[][][];

const clip = (op: typeof intersect | typeof difference, a: Polys, b: Geom): Polys => {
  const r = op(featureCollection<Polygon | MultiPolygon>([toMultiPolygonFeature(a), b]));
  return r ? toOpenPolygons(r.geometry) : [];
};

/** rounded to 1 cm, without repeated points or spikes; parts and holes that vanish are dropped */
const cleanPolys = (polys: Polys): Polys =>
  polys
    .map((p) => p.map(cleanRing).filter((r) => r.length >= 3 && ringArea(r) !== 0))
    .filter((p) => p.length > 0 && ringArea(p[0] as Pt[]) > 0);

const rect = (u0: number, v0: number, u1: number, v1: number): Pt[] => [
  [u0, v0],
  [u1, v0],
  [u1, v1],
  [u0, v1],
];

interface StreetCell {
  group: number;
  polys: Polys;
}

/**
 * The street cells of the urban districts: a street cell is the land between the centrelines of the streets around
 * one block of a district's grid (the block and half of each street), so the cells partition the district; they are
 * cut along the intravilan limit and the river corridor too. A cell with a block joins the zoning seed nearest to its
 * centre; a cell without one (a sliver at the district's edge, a square) joins a neighbour that has a block, or the
 * river's group when the river runs through it. The river corridor itself is a cell of the river's group.
 */
function streetCells(layout: CityLayout, seeds: readonly Pt[], intravilan: Geom, riverBed: Polys): StreetCell[] {
  const withBlock = new Set(layout.blocks.map((b) => `${b.district.id}:${b.row}:${b.col}`));
  const nearestSeed = (p: Pt): number => {
    let best = 0;
    let bestD = Infinity;
    seeds.forEach((s, i) => {
      const d = (s[0] - p[0]) ** 2 + (s[1] - p[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  };
  // the river corridor near a cell: the corridor of the stretch of the river around it, with the same vertices as
  // the whole corridor there, and far cheaper to clip with
  const river = layout.river;
  const riverNear = (ring: readonly Pt[]): Geom => {
    const [x0, y0, x1, y1] = ringBbox(ring);
    const m = 2 * RIVER_BED_HALF_WIDTH_M;
    let lo = Infinity;
    let hi = -1;
    for (let i = 0; i + 1 < river.length; i++) {
      const [a, b] = [river[i] as Pt, river[i + 1] as Pt];
      if (Math.max(a[0], b[0]) < x0 - m || Math.min(a[0], b[0]) > x1 + m) continue;
      if (Math.max(a[1], b[1]) < y0 - m || Math.min(a[1], b[1]) > y1 + m) continue;
      lo = Math.min(lo, i);
      hi = Math.max(hi, i + 1);
    }
    const stretch = river.slice(Math.max(0, lo - 1), Math.min(river.length, hi + 2));
    return closedPolygon([corridor(stretch, () => RIVER_BED_HALF_WIDTH_M)]);
  };
  const out: StreetCell[] = [];
  for (const d of layout.districts) {
    if (!d.urban) continue;
    const cellArea = ringArea(d.cell);
    const land = clip(intersect, [[d.cell]], intravilan);
    const landArea = land.reduce((s, p) => s + p.reduce((t, r) => t + ringArea(r), 0), 0);
    if (land.length === 0) continue;
    const whole = Math.abs(landArea / cellArea - 1) < 1e-9;
    const landFeature = toMultiPolygonFeature(land);
    const local = d.cell.map((p) => toLocal(d.frame, p));
    const [u0, v0, u1, v1] = ringBbox(local);
    // the outermost lines lie beyond the district: its own boundary closes the outer cells
    const outer = (lines: number[], lo: number, hi: number): number[] => [lo - 1, ...lines.slice(1, -1), hi + 1];
    const rowLines = outer(gapLines(d.rows), v0, v1);
    const colLines = outer(gapLines(d.cols), u0, u1);
    const cells: { r: number; c: number; world: Pt[] }[] = [];
    for (let r = 0; r + 1 < rowLines.length; r++) {
      for (let c = 0; c + 1 < colLines.length; c++) {
        let cell = rect(
          colLines[c] as number,
          rowLines[r] as number,
          colLines[c + 1] as number,
          rowLines[r + 1] as number,
        );
        for (let i = 0; i < local.length && cell.length > 0; i++)
          cell = clipHalfPlane(cell, local[i] as Pt, local[(i + 1) % local.length] as Pt);
        if (cell.length >= 3 && ringArea(cell) > 0.01)
          cells.push({ r, c, world: cell.map((p) => toWorld(d.frame, p)) });
      }
    }
    const groupOf = new Map<string, number>();
    for (const cell of cells)
      if (withBlock.has(`${d.id}:${cell.r}:${cell.c}`))
        groupOf.set(`${cell.r}:${cell.c}`, nearestSeed(ringCentroid(cell.world)));
    for (const cell of cells) {
      const nearRiver =
        layout.riverGrid.distanceToPolygon(cell.world, RIVER_BED_HALF_WIDTH_M + 1) <= RIVER_BED_HALF_WIDTH_M + 1;
      let group = groupOf.get(`${cell.r}:${cell.c}`);
      if (group === undefined) {
        const neighbour = [
          [cell.r, cell.c - 1],
          [cell.r, cell.c + 1],
          [cell.r - 1, cell.c],
          [cell.r + 1, cell.c],
        ]
          .map(([r, c]) => groupOf.get(`${r}:${c}`))
          .find((x) => x !== undefined);
        group = nearRiver ? RIVER_GROUP : (neighbour ?? nearestSeed(ringCentroid(cell.world)));
      }
      let polys: Polys = [[cell.world]];
      if (!whole) {
        if (layout.boundaryGrid.distanceToPolygon(cell.world, 1) < 1) polys = clip(intersect, polys, landFeature);
        else if (!pointInPolygons(ringCentroid(cell.world), land)) continue;
      }
      if (nearRiver && polys.length > 0) polys = clip(difference, polys, riverNear(cell.world));
      if (polys.length > 0) out.push({ group, polys });
    }
  }
  out.push({ group: RIVER_GROUP, polys: riverBed });
  return out;
}

/**
 * The PUG partition of the intravilan into UTRs made of whole blocks: unions of street cells (see streetCells), so a
 * UTR's edge steps along street centrelines, district edges (streets too), the river and the intravilan limit, and
 * never crosses a block or a lot. The river corridor is one green UTR (`Ve`).
 */
export function buildPugCells(layout: CityLayout, seed: number | string, protectedArea: Pt[]): ZoneCell[] {
  const rng = createRng(deriveSeed(seed, 'zoning'));
  const seeds = seedPoints(layout, rng);
  const intravilan = toMultiPolygonFeature(layout.intravilan);
  const riverBed = clip(intersect, [[corridor(layout.river, () => RIVER_BED_HALF_WIDTH_M)]], intravilan);
  // every cell at 1 cm with its neighbours' vertices on its edges, so shared edges are identical for the union
  const cells = streetCells(layout, seeds, intravilan, riverBed).map((c) => ({ ...c, polys: cleanPolys(c.polys) }));
  const kept = cells.filter((c) => c.polys.length > 0);
  // one call: the function indexes the points once
  const all = insertPointsOnEdges(
    kept.flatMap((c) => toMultiPolygonFeature(c.polys).geometry.coordinates),
    kept.flatMap((c) => c.polys.flat(2)),
  );
  const byGroup = new Map<number, Pt[][][]>();
  let next = 0;
  for (const c of kept) {
    const coords = all.slice(next, next + c.polys.length);
    next += c.polys.length;
    let list = byGroup.get(c.group);
    if (!list) byGroup.set(c.group, (list = []));
    for (const poly of coords)
      list.push(poly.map((r) => r.slice(0, -1).map((p): Pt => [p[0] as number, p[1] as number])));
  }
  const [cx, cy] = layout.centre;
  const out: ZoneCell[] = [];
  for (const g of [...byGroup.keys()].sort((a, b) => a - b)) {
    const parts = byGroup.get(g) as Pt[][][];
    let polygons = cleanPolys(dissolvePartition(parts));
    // where two cells' shared edge did not come out identical, the general (slower) overlay joins them
    if (multiPolygonInvalidReason(toMultiPolygonFeature(polygons).geometry.coordinates)) {
      const zone = union(featureCollection(parts.map((p) => closedPolygon(p))));
      polygons = zone ? cleanPolys(toOpenPolygons(zone.geometry)) : [];
    }
    if (polygons.length === 0) continue;
    // centroid of the largest part
    const main = polygons.reduce((a, b) => (ringArea(b[0] as Pt[]) > ringArea(a[0] as Pt[]) ? b : a));
    const centroid = ringCentroid(main[0] as Pt[]);
    if (g === RIVER_GROUP) {
      out.push({ code: RIVER_ZONE_CODE, polygons, centroid, river: true });
      continue;
    }
    const d = Math.hypot(centroid[0] - cx, centroid[1] - cy);
    const bearing = ((Math.atan2(centroid[1] - cy, centroid[0] - cx) * 180) / Math.PI + 360) % 360;
    let axisDist = Infinity;
    for (const a of AXES_DEG) {
      const t = (a * Math.PI) / 180;
      const along = (centroid[0] - cx) * Math.cos(t) + (centroid[1] - cy) * Math.sin(t);
      if (along > 0)
        axisDist = Math.min(axisDist, Math.abs(-(centroid[0] - cx) * Math.sin(t) + (centroid[1] - cy) * Math.cos(t)));
    }
    const code = chooseCode(
      {
        d,
        bearing,
        inProtected: pointInRing(centroid, protectedArea),
        riverDist: distanceToPolyline(centroid, layout.river),
        touchesEdge: polygons.some((p) => layout.intravilanGrid.distanceToPolygon(p[0] as Pt[], 1) < 0.5),
        axisDist,
      },
      rng,
    );
    out.push({ code, polygons, centroid });
  }
  // landmarks override the zone they fall in (the river's stays green)
  for (const [lon, lat, code] of LANDMARKS) {
    const p = toStereo70([lon, lat]);
    const cell = out.find((c) => !c.river && pointInPolygons(p, c.polygons));
    if (cell) cell.code = code;
  }
  return out;
}

export function pugZoningFeatures(cells: readonly ZoneCell[], utrs: readonly UtrRow[]): ZoningFeature[] {
  const byCode = new Map(utrs.map((u) => [u.code, u]));
  return cells.map((c, i) => {
    const utr = byCode.get(c.code);
    if (!utr) throw new Error(`zoning: UTR code ${c.code} is not in cluj_pug_utr.csv`);
    return {
      type: 'Feature',
      properties: zoningProperties(utr, PUG_CODE, CLUJ_SIRUTA),
      geometry: { type: 'MultiPolygon', coordinates: toOutputMultiPolygon(c.polygons, `zone ${i} (${c.code})`, 0.01) },
    };
  });
}
