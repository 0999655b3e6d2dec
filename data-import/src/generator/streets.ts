// The context under the map's layers: the street centrelines of the synthetic city (one feature per named street of
// a district, along the gaps of its grid where blocks are) and the urban blocks themselves. The names are real
// (OpenStreetMap, data-import/sample/real/cluj-streets); the geometry is synthetic, as the rest of the city.
import type { Feature, MultiLineString, MultiPolygon } from 'geojson';
import type { Block, CityLayout, District } from './city-layout.ts';
import { toWorld, usableStreetNames } from './city-layout.ts';
import type { Pt } from './geometry.ts';
import { outputRing, round2 } from './geometry.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';

/** Where the names come from: shown wherever a street name is (the map's attribution, the certificate's map). */
export const STREET_NAMES_SOURCE = 'OpenStreetMap contributors (ODbL)';

export interface StreetProperties {
  uat_siruta: number;
  /** the street's name as an address uses it, e.g. "Strada Moților" */
  name: string;
  /** `main`: the streets the lots front (their addresses use them); `cross`: the streets between two columns */
  kind: 'main' | 'cross';
  name_source: string;
  synthetic: true;
}

export interface BlockProperties {
  uat_siruta: number;
  /** district / row / column of the synthetic grid, e.g. "12/3/5" */
  code: string;
  synthetic: true;
}

export type StreetFeature = Feature<MultiLineString, StreetProperties>;
export type BlockFeature = Feature<MultiPolygon, BlockProperties>;

/** Half the width of the streets at the outer edge of a district's grid (no block beyond to measure the gap). */
const EDGE_HALF_GAP = 6;

/** The mid-lines of the gaps between consecutive spans: line k lies before span k (k = spans.length: after the last). */
export function gapLines(spans: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (let k = 0; k <= spans.length; k++) {
    const before = spans[k - 1];
    const after = spans[k];
    if (before && after) out.push((before[1] + after[0]) / 2);
    else if (after) out.push(after[0] - EDGE_HALF_GAP);
    else if (before) out.push(before[1] + EDGE_HALF_GAP);
  }
  return out;
}

/**
 * The part of segment a→b inside a convex counter-clockwise ring grown by `grow` metres (Cyrus–Beck), or null.
 * Districts' blocks stay 7 m inside their cell, so a street may run up to 6 m outside its own and meets no block.
 */
function clipSegment(a: Pt, b: Pt, ring: readonly Pt[], grow = 0): [Pt, Pt] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i] as Pt;
    const q = ring[(i + 1) % ring.length] as Pt;
    // inside: left of p→q, i.e. cross(q - p, x - p) >= 0
    const ex = q[0] - p[0];
    const ey = q[1] - p[1];
    const num = ex * (a[1] - p[1]) - ey * (a[0] - p[0]) + grow * Math.hypot(ex, ey);
    const den = ex * dy - ey * dx;
    if (den === 0) {
      if (num < 0) return null;
      continue;
    }
    const t = -num / den;
    if (den > 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return null;
  }
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

/** Runs of consecutive indexes for which `has(i)` holds, as [first, last]. */
function runs(n: number, has: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && has(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  return out;
}

const line = (d: District, a: Pt, b: Pt): number[][] | null => {
  const local = d.cell.map((p) => [
    (p[0] - d.frame.ox) * d.frame.cos + (p[1] - d.frame.oy) * d.frame.sin,
    -(p[0] - d.frame.ox) * d.frame.sin + (p[1] - d.frame.oy) * d.frame.cos,
  ]) as Pt[];
  const clipped = clipSegment(a, b, local, 6);
  if (!clipped) return null;
  const [p, q] = clipped.map((x) => toWorld(d.frame, x)) as [Pt, Pt];
  if (Math.hypot(q[0] - p[0], q[1] - p[1]) < 5) return null;
  return [
    [round2(p[0]), round2(p[1])],
    [round2(q[0]), round2(q[1])],
  ];
};

/**
 * The streets of the urban grid: for each district, each row line along which blocks lie (named as the lots'
 * addresses name it) and each column line between blocks (named from the rest of the real names).
 */
export function generateStreets(
  layout: CityLayout,
  streetNames: readonly string[],
  seed: number | string,
): StreetFeature[] {
  const byDistrict = new Map<number, Map<string, Block>>();
  for (const b of layout.blocks) {
    let m = byDistrict.get(b.district.id);
    if (!m) byDistrict.set(b.district.id, (m = new Map()));
    m.set(`${b.row}:${b.col}`, b);
  }
  const usedNames = new Set(layout.streetNames.values());
  const crossPool = createRng(deriveSeed(seed, 'cross-street-names'))
    .shuffled(usableStreetNames(streetNames))
    .filter((n) => !usedNames.has(n));
  let nextCross = 0;
  const props = (name: string, kind: StreetProperties['kind']): StreetProperties => ({
    uat_siruta: CLUJ_SIRUTA,
    name,
    kind,
    name_source: STREET_NAMES_SOURCE,
    synthetic: true,
  });
  const feature = (lines: number[][][], p: StreetProperties): StreetFeature => ({
    type: 'Feature',
    properties: p,
    geometry: { type: 'MultiLineString', coordinates: lines },
  });

  const out: StreetFeature[] = [];
  for (const d of layout.districts) {
    const blocks = byDistrict.get(d.id);
    if (!blocks) continue;
    const has = (row: number, col: number) => blocks.has(`${row}:${col}`);
    const rowLines = gapLines(d.rows);
    const colLines = gapLines(d.cols);
    // main streets: row line k runs between rows k - 1 and k
    rowLines.forEach((v, k) => {
      const name = layout.streetNames.get(`${d.id}:${k}`);
      if (!name) return;
      const edge = k === 0 || k === d.rows.length;
      const lines = edge
        ? // at the grid's edge the district's boundary may have cut the row: each block gets the street along its
          // own outer side (the lots there front it, their addresses name it)
          d.cols.flatMap((_, c) => {
            const b = blocks.get(`${k === 0 ? 0 : k - 1}:${c}`);
            if (!b) return [];
            const vs = b.local.map((p) => p[1]);
            const at = k === 0 ? Math.min(...vs) - EDGE_HALF_GAP : Math.max(...vs) + EDGE_HALF_GAP;
            const l = line(d, [colLines[c] as number, at], [colLines[c + 1] as number, at]);
            return l ? [l] : [];
          })
        : runs(d.cols.length, (c) => has(k - 1, c) || has(k, c))
            .map(([c0, c1]) => line(d, [colLines[c0] as number, v], [colLines[c1 + 1] as number, v]))
            .filter((l): l is number[][] => l !== null);
      if (lines.length > 0) out.push(feature(lines, props(name, 'main')));
    });
    // cross streets: column line k runs between columns k - 1 and k
    colLines.forEach((u, k) => {
      const lines = runs(d.rows.length, (r) => has(r, k - 1) || has(r, k))
        .map(([r0, r1]) => line(d, [u, rowLines[r0] as number], [u, rowLines[r1 + 1] as number]))
        .filter((l): l is number[][] => l !== null);
      if (lines.length === 0 || crossPool.length === 0) return;
      out.push(feature(lines, props(crossPool[nextCross++ % crossPool.length] as string, 'cross')));
    });
  }
  return out;
}

/** The urban blocks of the synthetic grid (the land between the streets), as they were laid out. */
export function generateBlocks(layout: CityLayout): BlockFeature[] {
  const out: BlockFeature[] = [];
  const sorted = [...layout.blocks].sort((a, b) => a.id - b.id);
  for (const b of sorted) {
    const ring = outputRing(
      b.local.map((p) => toWorld(b.district.frame, p)),
      true,
    );
    if (!ring) continue;
    out.push({
      type: 'Feature',
      properties: { uat_siruta: CLUJ_SIRUTA, code: `${b.district.id}/${b.row}/${b.col}`, synthetic: true },
      geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
    });
  }
  return out;
}
