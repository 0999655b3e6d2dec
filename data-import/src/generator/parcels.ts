// Lots cut from the blocks of city-layout.ts: each urban block is split along its middle into two rows of lots
// back to back, each lot fronting a street; extravilan fields are cut into long strips. Lots are convex and are
// computed in the block's own frame, with every shared vertex produced by the same arithmetic, so neighbours share
// exactly the same coordinates after rounding to 1 cm (no slivers, no overlaps). A few large lots get an enclave:
// a hole in the host lot, filled by a separate parcel.
import type { Feature, MultiPolygon } from 'geojson';
import type { Block, CityLayout } from './city-layout.ts';
import { toWorld } from './city-layout.ts';
import type { Pt } from './geometry.ts';
import { clipSlab, lineSide, outputRing, ringArea, ringBbox, ringCentroid, ringPerimeter } from './geometry.ts';
import { createRng, deriveSeed } from './rng.ts';
import type { Rng } from './rng.ts';

export const CLUJ_SIRUTA = 54975;

export type LandUse = 'CC' | 'A' | 'P' | 'F' | 'L';

export interface ParcelProperties {
  uat_siruta: number;
  cadastral_number: string;
  land_book_number: string | null;
  land_use: LandUse;
  intravilan: boolean;
  area_official_m2: number;
  address: string | null;
}

export type ParcelFeature = Feature<MultiPolygon, ParcelProperties>;

export interface GeneratedParcels {
  features: ParcelFeature[];
  /** a point strictly inside each parcel (null for parcels with a hole, where the centroid may be in the hole) */
  interiorPoints: (Pt | null)[];
  /** where each parcel lies in the city plan (parallel to `features`) */
  lots: LotInfo[];
  /** lot-size scale that was needed to fit the requested count (1 = normal sizes) */
  lotScale: number;
  holes: number;
}

export interface LotInfo {
  /** the block (layout.blocks id) the lot was cut from */
  block: number;
  /** 0 = lower half of the block, 1 = upper half, 2 = field strip */
  half: 0 | 1 | 2;
  /** the middle of the lot along the block's street, block frame */
  uMid: number;
  /** for a lot with a hole: the enclave parcel in it; for an enclave: its host (indexes in `features`) */
  enclave: number | null;
  host: number | null;
}

export const URBAN_LOT_AREA: [number, number] = [205, 1980];
export const FIELD_LOT_AREA: [number, number] = [2050, 19800];

interface Lot {
  block: Block;
  /** convex polygon in the block frame, counter-clockwise (may hold extra collinear vertices) */
  local: Pt[];
  area: number;
  /** 0 = lower half (fronts row line `row`), 1 = upper half (fronts row line `row + 1`), 2 = field strip */
  half: 0 | 1 | 2;
  uMid: number;
  hole?: Pt[];
  enclaveOf?: Lot;
}

/** the exact u of every vertex of `poly` lying on v = at */
function pointsOnLine(lots: readonly Lot[], at: number): number[] {
  const us = new Set<number>();
  for (const l of lots) for (const p of l.local) if (p[1] === at) us.add(p[0]);
  return [...us].sort((a, b) => a - b);
}

/** inserts the given u positions into every edge of `poly` that lies on v = at (removes T-junctions) */
function insertOnLine(poly: Pt[], at: number, us: readonly number[]): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as Pt;
    const q = poly[(i + 1) % poly.length] as Pt;
    out.push(p);
    if (p[1] === at && q[1] === at) {
      const lo = Math.min(p[0], q[0]);
      const hi = Math.max(p[0], q[0]);
      const between = us.filter((u) => u > lo && u < hi);
      if (p[0] > q[0]) between.reverse();
      for (const u of between) out.push([u, at]);
    }
  }
  return out;
}

/** snaps a cut to a vertex position closer than `tol`, so the cut passes exactly through it */
function snap(c: number, targets: readonly number[], tol: number): number {
  let best = c;
  let bestD = tol;
  for (const t of targets) {
    const d = Math.abs(t - c);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

/**
 * Cuts a convex polygon into slabs across u. `width()` proposes frontages; `snapTo` are positions a cut must either
 * hit exactly or stay 1 m away from. Small slabs are merged into a neighbour or dropped.
 */
function cutStrips(
  poly: readonly Pt[],
  width: () => number,
  areaRange: [number, number],
  snapTo: readonly number[],
  snapTol: number,
): { cuts: number[]; lots: { local: Pt[]; area: number; lo: number; hi: number }[] } {
  const [a, , b] = ringBbox(poly);
  const verts = poly.map((p) => p[0]);
  const cuts: number[] = [a];
  let u = a;
  for (;;) {
    const w = width();
    if (b - (u + w) < 0.6 * w) break;
    u += w;
    const c = snap(snap(u, verts, 0.5), snapTo, snapTol);
    // a cut must pass exactly through a vertex or clearly miss it (1 cm rounding must not fold the ring)
    if (verts.some((x) => x !== c && Math.abs(x - c) < 0.05)) continue;
    if (c - (cuts[cuts.length - 1] as number) >= 3 && b - c >= 3) cuts.push(c);
  }
  cuts.push(b);
  // slabs, then merge/drop the ones outside the area range
  let slabs = cuts.slice(0, -1).map((lo, i) => ({ lo, hi: cuts[i + 1] as number, poly: [] as Pt[], area: 0 }));
  const evalSlab = (s: { lo: number; hi: number; poly: Pt[]; area: number }): void => {
    s.poly = clipSlab(poly, 0, s.lo, s.hi);
    s.area = s.poly.length ? ringArea(s.poly) : 0;
  };
  slabs.forEach(evalSlab);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < slabs.length; i++) {
      const s = slabs[i] as (typeof slabs)[number];
      if (s.area >= areaRange[0]) continue;
      const prev = slabs[i - 1];
      const next = slabs[i + 1];
      const cand = [prev, next]
        .filter((n): n is (typeof slabs)[number] => !!n && n.area + s.area <= areaRange[1])
        .sort((p, q) => p.area - q.area)[0];
      if (cand) {
        cand.lo = Math.min(cand.lo, s.lo);
        cand.hi = Math.max(cand.hi, s.hi);
        evalSlab(cand);
        slabs.splice(i, 1);
        changed = true;
        break;
      }
    }
  }
  slabs = slabs.filter(
    (s) => s.area >= areaRange[0] && s.area <= areaRange[1] && s.area / ringPerimeter(s.poly) >= 2.8,
  );
  const finalCuts = new Set<number>();
  for (const s of slabs) {
    finalCuts.add(s.lo);
    finalCuts.add(s.hi);
  }
  return {
    cuts: [...finalCuts].sort((p, q) => p - q),
    lots: slabs.map((s) => ({ local: s.poly, area: s.area, lo: s.lo, hi: s.hi })),
  };
}

const none = (): { lots: Lot[]; scale: number; complete: boolean } => ({ lots: [], scale: 1, complete: true });

function urbanTargetArea(block: Block, rng: Rng, scale: number): number {
  const d = block.distance;
  if (rng.chance(0.12 * Math.min(1, scale))) return rng.range(1150, 1850); // villas, institutions, old plots
  const t = d < 1200 ? rng.range(280, 700) : d < 3000 ? rng.range(350, 950) : rng.range(450, 1350);
  return Math.max(220, t * scale);
}

function expectedUrbanArea(block: Block, scale: number): number {
  const d = block.distance;
  const p = 0.12 * Math.min(1, scale);
  const mean = d < 1200 ? 490 : d < 3000 ? 650 : 900;
  return p * 1500 + (1 - p) * Math.max(240, mean * scale);
}

function expectedFieldArea(_block: Block, scale: number): number {
  return 8500 * Math.max(0.25, Math.min(1, scale));
}

function subdivideUrban(block: Block, seed: number | string, scale: number): Lot[] {
  const rng = createRng(deriveSeed(seed, 'lots', block.id));
  const [, v0, , v1] = ringBbox(block.local);
  const depth = v1 - v0;
  const vVerts = block.local.map((p) => p[1]);
  const vmid = snap(v0 + depth * (0.5 + rng.range(-0.05, 0.05)), vVerts, 0.5);
  const halves = [clipSlab(block.local, 1, -Infinity, vmid), clipSlab(block.local, 1, vmid, Infinity)];
  const target = urbanTargetArea(block, rng, scale);
  const lots: Lot[] = [];
  let previousCuts: number[] = [];
  halves.forEach((half, h) => {
    if (half.length < 3) return;
    const [, hv0, , hv1] = ringBbox(half);
    const halfDepth = hv1 - hv0;
    const maxW = URBAN_LOT_AREA[1] / halfDepth;
    const width = (): number => Math.max(7, Math.min(maxW * 0.97, (target / halfDepth) * rng.range(0.85, 1.2)));
    const { cuts, lots: strips } = cutStrips(half, width, URBAN_LOT_AREA, previousCuts, 1);
    previousCuts = cuts;
    for (const s of strips) {
      lots.push({ block, local: s.local, area: s.area, half: h as 0 | 1, uMid: (s.lo + s.hi) / 2 });
    }
  });
  // T-junctions on the middle line: give each lot the vertices its neighbours across the line have there
  const lower = lots.filter((l) => l.half === 0);
  const upper = lots.filter((l) => l.half === 1);
  const lowerUs = pointsOnLine(lower, vmid);
  const upperUs = pointsOnLine(upper, vmid);
  for (const l of lower) l.local = insertOnLine(l.local, vmid, upperUs);
  for (const l of upper) l.local = insertOnLine(l.local, vmid, lowerUs);
  return lots;
}

function subdivideField(block: Block, seed: number | string, scale: number): Lot[] {
  const rng = createRng(deriveSeed(seed, 'fields', block.id));
  const [, v0, , v1] = ringBbox(block.local);
  const depth = v1 - v0;
  const meanArea = rng.range(3000, 14000) * Math.max(0.25, Math.min(1, scale));
  const width = (): number =>
    Math.max(8, Math.min((FIELD_LOT_AREA[1] * 0.95) / depth, (meanArea / depth) * rng.range(0.6, 1.5)));
  const { lots } = cutStrips(block.local, width, FIELD_LOT_AREA, [], 0);
  return lots.map((s) => ({ block, local: s.local, area: s.area, half: 2 as const, uMid: (s.lo + s.hi) / 2 }));
}

/** cuts lots from blocks in order until `count` are made; shrinks lots when the blocks run out */
/**
 * Cuts lots from blocks in order until `count` are made, shrinking lots when the blocks run out. At the smallest
 * lot size it returns what fits (`complete: false`), so the caller can place the rest elsewhere.
 */
function fill(
  blocks: readonly Block[],
  count: number,
  seed: number | string,
  subdivide: (b: Block, seed: number | string, scale: number) => Lot[],
  expectedArea: (b: Block, scale: number) => number,
): { lots: Lot[]; scale: number; complete: boolean } {
  const MIN_SCALE = 0.2;
  // first guess from the expected lot sizes, so that big runs rarely need a second pass
  const capacity = (s: number): number => blocks.reduce((acc, b) => acc + (b.area * 0.9) / expectedArea(b, s), 0);
  let scale = 1;
  if (capacity(1) < count * 1.05) {
    let lo = MIN_SCALE;
    let hi = 1;
    for (let i = 0; i < 25; i++) {
      const mid = (lo + hi) / 2;
      if (capacity(mid) < count * 1.08) hi = mid;
      else lo = mid;
    }
    scale = lo;
  }
  for (;;) {
    const lots: Lot[] = [];
    for (const b of blocks) {
      if (lots.length >= count) break;
      for (const l of subdivide(b, seed, scale)) lots.push(l);
    }
    if (lots.length >= count) return { lots, scale, complete: true };
    if (scale <= MIN_SCALE) return { lots, scale, complete: false };
    scale = Math.max(MIN_SCALE, scale * Math.min(0.9, (lots.length / count) * 0.93));
  }
}

/** a 15 m × ~16 m rectangle around the lot's centroid, at least 2 m inside the lot, or null */
function enclaveFor(lot: Lot, rng: Rng): Pt[] | null {
  if (lot.area < 1250) return null;
  const [cx, cy] = ringCentroid(lot.local);
  const hw = 7.5;
  const hh = rng.range(7.5, 8.5);
  const rect: Pt[] = [
    [cx - hw, cy - hh],
    [cx + hw, cy - hh],
    [cx + hw, cy + hh],
    [cx - hw, cy + hh],
  ];
  const poly = lot.local;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Pt;
    const b = poly[(i + 1) % poly.length] as Pt;
    if (a[0] === b[0] && a[1] === b[1]) continue;
    for (const c of rect) if (lineSide(c, a, b) < 2) return null;
  }
  return rect;
}

export interface ParcelOptions {
  count: number;
  /** share of extravilan parcels (default 5 %) */
  extravilanShare?: number;
  /** parcels with a hole (default max(8, count / 750)) */
  holes?: number;
}

export function generateParcels(layout: CityLayout, seed: number | string, options: ParcelOptions): GeneratedParcels {
  const count = Math.max(0, Math.floor(options.count));
  let nEx = Math.min(Math.round(count * (options.extravilanShare ?? 0.05)), count);
  let nIn = count - nEx;
  const rng = createRng(deriveSeed(seed, 'parcels'));

  const urban = nIn > 0 ? fill(layout.blocks, nIn, seed, subdivideUrban, expectedUrbanArea) : none();
  if (!urban.complete) {
    // the intravilan is full even with the smallest lots: the rest goes to the extravilan
    nEx += nIn - urban.lots.length;
    nIn = urban.lots.length;
  }
  const fields = nEx > 0 ? fill(layout.fields, nEx, seed, subdivideField, expectedFieldArea) : none();
  if (!fields.complete) {
    throw new Error(
      `cannot fit ${count} parcels in the synthetic city: about ${urban.lots.length + fields.lots.length} fit with seed ${seed}`,
    );
  }

  // enclaves: hosts among the lots that are certain to be kept
  const wantedHoles = Math.min(options.holes ?? Math.max(8, Math.round(count / 750)), Math.floor(nIn / 4));
  const hostPool = urban.lots.slice(0, Math.max(0, nIn - wantedHoles));
  const hrng = createRng(deriveSeed(seed, 'enclaves'));
  const candidates = hrng.shuffled(hostPool.map((l, i) => i)).filter((i) => (hostPool[i] as Lot).area >= 1250);
  const enclaves: Lot[] = [];
  for (const i of candidates) {
    if (enclaves.length >= wantedHoles) break;
    const host = hostPool[i] as Lot;
    const rect = enclaveFor(host, hrng);
    if (!rect) continue;
    host.hole = rect.slice().reverse();
    host.area -= ringArea(rect);
    enclaves.push({
      block: host.block,
      local: rect,
      area: ringArea(rect),
      half: host.half,
      uMid: host.uMid,
      enclaveOf: host,
    });
  }
  const kept = urban.lots.slice(0, nIn - enclaves.length);
  const byHost = new Map(enclaves.map((e) => [e.enclaveOf as Lot, e]));
  const ordered: Lot[] = [];
  for (const l of kept) {
    ordered.push(l);
    const e = byHost.get(l);
    if (e) ordered.push(e);
  }
  const fieldLots = fields.lots.slice(0, nEx);
  const all = [...ordered, ...fieldLots];

  // --- addresses: house numbers by position along each street, odd on one side, even on the other
  const numbers = new Map<Lot, number>();
  const groups = new Map<string, Lot[]>();
  for (const l of ordered) {
    if (l.enclaveOf || l.half === 2) continue;
    const line = l.block.row + l.half;
    const key = `${l.block.district.id}:${line}:${l.half}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(l);
  }
  for (const [key, g] of groups) {
    g.sort((p, q) => p.uMid - q.uMid || p.block.id - q.block.id);
    const odd = key.endsWith(':1');
    g.forEach((l, i) => numbers.set(l, odd ? 2 * i + 1 : 2 * i + 2));
  }
  const addressOf = (l: Lot): string | null => {
    if (l.half === 2) return null;
    const host = l.enclaveOf ?? l;
    const name = layout.streetNames.get(`${host.block.district.id}:${host.block.row + host.half}`);
    const nr = numbers.get(host);
    if (!name || nr === undefined) return null;
    return `${name} nr. ${nr}${l.enclaveOf ? 'A' : ''}`;
  };

  // --- cadastral numbers: mostly 6 digits (2xxxxx–3xxxxx), some older 5-digit ones; unique within the UAT
  const used = new Set<string>();
  const span6 = Math.min(799999, Math.max(160000, Math.ceil(count * 2.2)));
  const cadastral = (): string => {
    for (;;) {
      const old = used.size < 60000 && rng.chance(0.12);
      const n = old ? rng.int(10000, 99999) : 200000 + rng.int(0, span6 - 1);
      const s = String(n);
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };

  const features: ParcelFeature[] = [];
  const interiorPoints: (Pt | null)[] = [];
  const indexOf = new Map(all.map((l, i) => [l, i]));
  const at = (l: Lot | undefined): number | null => (l ? (indexOf.get(l) ?? null) : null);
  const lots: LotInfo[] = all.map((l) => ({
    block: l.block.id,
    half: l.half,
    uMid: l.uMid,
    enclave: at(byHost.get(l)),
    host: at(l.enclaveOf),
  }));
  for (const l of all) {
    const frame = l.block.district.frame;
    const ext = outputRing(
      l.local.map((p) => toWorld(frame, p)),
      true,
    );
    if (!ext) throw new Error(`parcel in block ${l.block.id}: degenerate ring`);
    const rings = [ext];
    if (l.hole) {
      const h = outputRing(
        l.hole.map((p) => toWorld(frame, p)),
        false,
      );
      if (!h) throw new Error(`parcel in block ${l.block.id}: degenerate hole`);
      rings.push(h);
    }
    const area = rings.reduce((s, r) => s + ringArea(r.slice(0, -1)), 0);
    const officialArea = rng.chance(0.22)
      ? Math.round(area * (1 + (rng.chance(0.5) ? 1 : -1) * rng.range(0.001, 0.0099)))
      : Math.round(area);
    const cad = cadastral();
    const lb = rng.next();
    const intravilan = l.half !== 2;
    features.push({
      type: 'Feature',
      properties: {
        uat_siruta: CLUJ_SIRUTA,
        cadastral_number: cad,
        land_book_number: lb < 0.72 ? cad : lb < 0.9 ? String(rng.int(250000, 349999)) : null,
        land_use: landUse(l, rng, seed),
        intravilan,
        area_official_m2: officialArea,
        address: addressOf(l),
      },
      geometry: { type: 'MultiPolygon', coordinates: [rings] },
    });
    interiorPoints.push(l.hole ? null : toWorld(frame, ringCentroid(l.local)));
  }
  return { features, interiorPoints, lots, lotScale: Math.min(urban.scale, fields.scale), holes: enclaves.length };
}

const FIELD_USES: [LandUse, number][] = [
  ['A', 50],
  ['F', 20],
  ['P', 20],
  ['L', 10],
];

function landUse(l: Lot, rng: Rng, seed: number | string): LandUse {
  if (l.enclaveOf) return 'CC';
  if (l.half !== 2) {
    const far = l.block.distance > 3000;
    return rng.weighted<LandUse>(
      far
        ? [
            ['CC', 85],
            ['A', 10],
            ['L', 3],
            ['F', 2],
          ]
        : [
            ['CC', 97],
            ['A', 2],
            ['L', 1],
          ],
    );
  }
  // a field keeps mostly one use
  const main = createRng(deriveSeed(seed, 'field-use', l.block.id)).weighted(FIELD_USES);
  return rng.chance(0.85) ? main : rng.weighted(FIELD_USES);
}
