// The PUG's UTR polygons: a seeded Voronoi of the intravilan (denser near the centre), clipped to it, so the zones
// partition the intravilan and cut freely across blocks and lots. Each cell gets a REAL UTR code chosen from where
// it lies: protected zones (ZCP_*) in the old centre, mixed zones along the main radial roads, industry east along
// the river, housing by distance, urbanisation (U*) at the edge, and a few landmarks put where they really are.
import { featureCollection, intersect, point, union, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { toStereo70 } from '../crs/stereo70.ts';
import type { CityLayout } from './city-layout.ts';
import { closedPolygon, pointInPolygons, toMultiPolygonFeature, toOpenPolygons } from './city-layout.ts';
import type { Bbox, Pt } from './geometry.ts';
import { distPointSegment, pointInRing, ringArea, ringBbox, ringCentroid, toOutputMultiPolygon } from './geometry.ts';
import type { UtrRow } from './load-inputs.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';
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
    return rng.weighted([
      ['Ve', 3],
      ['Va', 1],
      ['VPr', 0.5],
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

/** the PUG partition of the intravilan into UTR cells */
export function buildPugCells(layout: CityLayout, seed: number | string, protectedArea: Pt[]): ZoneCell[] {
  const rng = createRng(deriveSeed(seed, 'zoning'));
  const seeds = seedPoints(layout, rng);
  const bbox = layout.intravilan.map((p) => ringBbox(p[0] as Pt[])).reduce(bboxMerge);
  const vb: Bbox = [bbox[0] - 200, bbox[1] - 200, bbox[2] + 200, bbox[3] + 200];
  const cells = voronoi(featureCollection(seeds.map((s) => point(s))), { bbox: vb });
  const intravilanFeature = toMultiPolygonFeature(layout.intravilan);
  const [cx, cy] = layout.centre;
  const out: ZoneCell[] = [];
  for (const f of cells.features) {
    if (!f || !f.geometry) continue;
    const ring = toOpenPolygons(f.geometry)[0]?.[0];
    if (!ring || ring.length < 3) continue;
    const touches = layout.intravilanGrid.distanceToPolygon(ring, 0) === 0;
    let polygons: Pt[][][];
    const holdsIntravilan = (): boolean => layout.intravilan.some((p) => pointInRing((p[0] as Pt[])[0] as Pt, ring));
    if (!touches && pointInPolygons(ringCentroid(ring), layout.intravilan)) {
      polygons = [[ring]];
    } else if (!touches && !holdsIntravilan()) {
      continue; // wholly outside
    } else {
      const clipped = intersect(featureCollection<Polygon | MultiPolygon>([closedPolygon([ring]), intravilanFeature]));
      if (!clipped) continue;
      polygons = toOpenPolygons(clipped.geometry).filter((p) => ringArea(p[0] as Pt[]) > 0);
      if (polygons.length === 0) continue;
    }
    // centroid of the largest part
    const main = polygons.reduce((a, b) => (ringArea(b[0] as Pt[]) > ringArea(a[0] as Pt[]) ? b : a));
    const centroid = ringCentroid(main[0] as Pt[]);
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
        touchesEdge: touches,
        axisDist,
      },
      rng,
    );
    out.push({ code, polygons, centroid });
  }
  mergeCrumbs(out);
  // landmarks override the cell they fall in
  for (const [lon, lat, code] of LANDMARKS) {
    const p = toStereo70([lon, lat]);
    const cell = out.find((c) => pointInPolygons(p, c.polygons));
    if (cell) cell.code = code;
  }
  return out;
}

const CRUMB_M2 = 200;

/**
 * Clipping the Voronoi to the intravilan leaves a few crumbs (parts of a few m²) where a cell barely reaches into
 * it. Each crumb joins the neighbouring cell it shares most boundary with, so no UTR is a speck.
 */
function mergeCrumbs(cells: ZoneCell[]): void {
  const bboxes = cells.map((c) => c.polygons.map((p) => ringBbox(p[0] as Pt[])).reduce(bboxMerge));
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as ZoneCell;
    for (let k = cell.polygons.length - 1; k >= 0; k--) {
      const part = cell.polygons[k] as Pt[][];
      const ring = part[0] as Pt[];
      if (ringArea(ring) >= CRUMB_M2) continue;
      const b = ringBbox(ring);
      let best = -1;
      let bestShared = 1;
      cells.forEach((other, j) => {
        const ob = bboxes[j] as Bbox;
        if (j === i || ob[0] > b[2] || ob[2] < b[0] || ob[1] > b[3] || ob[3] < b[1]) return;
        const rings = other.polygons.flat();
        const shared = ring.filter((p) =>
          rings.some((r) => r.some((a, n) => distPointSegment(p, a, r[(n + 1) % r.length] as Pt) < 0.001)),
        ).length;
        if (shared > bestShared) {
          bestShared = shared;
          best = j;
        }
      });
      if (best < 0) continue;
      const target = cells[best] as ZoneCell;
      const merged = union(
        featureCollection<Polygon | MultiPolygon>([toMultiPolygonFeature(target.polygons), closedPolygon(part)]),
      );
      if (!merged) continue;
      target.polygons = toOpenPolygons(merged.geometry);
      bboxes[best] = target.polygons.map((p) => ringBbox(p[0] as Pt[])).reduce(bboxMerge);
      cell.polygons.splice(k, 1);
    }
  }
  for (let i = cells.length - 1; i >= 0; i--) if ((cells[i] as ZoneCell).polygons.length === 0) cells.splice(i, 1);
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
