// The PUG itself plus a handful of PUZ / PUD plans approved after it, drawn on the cadastre as real ones are: a PUZ is a
// contiguous group of whole lots of one block (at least 8), a PUD one or two lots; each PUZ brings its own UTRs, each
// a union of whole lots too (added to zoning.geojson with its plan_code).
// HCL numbers, dates and titles are synthetic; titles use street names of the synthetic layout around the plan.
import { featureCollection, union } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { CityLayout } from './city-layout.ts';
import { toOpenPolygons } from './city-layout.ts';
import type { Pt } from './geometry.ts';
import { insertPointsOnEdges, multiPolygonInvalidReason, ringCentroid, toOutputMultiPolygon } from './geometry.ts';
import type { UtrRow } from './load-inputs.ts';
import type { GeneratedParcels, LotInfo, ParcelFeature } from './parcels.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';
import type { Rng } from './rng.ts';
import type { ZoningFeature } from './zoning.ts';
import { PUG_CODE } from './zoning.ts';
import { USES_NOTE, parcelRules, usesFor } from './zoning-rules.ts';

export interface PlanDocument {
  title: string;
  url: string | null;
}

export interface PlanProperties {
  uat_siruta: number;
  kind: 'PUG' | 'PUZ' | 'PUD';
  code: string;
  title: string;
  hcl_number: string;
  hcl_date: string;
  in_force_from: string;
  in_force_to: string | null;
  overrides_pug: boolean;
  documents: PlanDocument[];
}

export type PlanFeature = Feature<MultiPolygon, PlanProperties>;

interface PuzZoneSpec {
  code: string;
  /** CSV code whose description/group is borrowed when `code` is not in the CSV */
  like: string;
  name?: string;
  pot: number;
  cut: number;
  height: number;
  heightTotal: number;
  regime: string;
}

interface PlanSpec {
  kind: 'PUZ' | 'PUD';
  year: number;
  /** near the centre (or in the outer part of the lots) */
  near: boolean;
  /** a PUD whose validity ended before 2026: the sample always holds an expired plan (the tests rely on it) */
  expired?: boolean;
  title: (street: string) => string;
  zones: PuzZoneSpec[];
}

/** The landscaped green area every PUZ sets aside. */
const GREEN_PUZ_ZONE: PuzZoneSpec = {
  code: 'V_PUZ',
  like: 'Va',
  name: 'Zonă verde amenajată reglementată prin PUZ',
  pot: 5,
  cut: 0.1,
  height: 6,
  heightTotal: 9,
  regime: 'P',
};

const PLAN_SPECS: PlanSpec[] = [
  {
    kind: 'PUZ',
    year: 2016,
    near: false,
    title: (s) => `PUZ pentru reglementare zonă locuințe individuale ${s}`,
    zones: [
      {
        code: 'Liu_PUZ',
        like: 'Liu',
        name: 'Zonă de locuințe individuale reglementată prin PUZ',
        pot: 35,
        cut: 0.9,
        height: 8,
        heightTotal: 12,
        regime: 'S+P+1E+M',
      },
      GREEN_PUZ_ZONE,
    ],
  },
  {
    kind: 'PUD',
    year: 2017,
    near: true,
    expired: true,
    title: (s) => `PUD pentru construire locuință unifamilială ${s}`,
    zones: [],
  },
  {
    kind: 'PUZ',
    year: 2019,
    near: true,
    title: (s) => `PUZ pentru reglementare zonă locuințe colective ${s}`,
    zones: [
      {
        code: 'Lc_PUZ',
        like: 'Lc',
        name: 'Zonă de locuințe colective reglementată prin PUZ',
        pot: 35,
        cut: 1.6,
        height: 18,
        heightTotal: 21,
        regime: 'S+P+4E+R',
      },
      GREEN_PUZ_ZONE,
    ],
  },
  {
    kind: 'PUZ',
    year: 2021,
    near: false,
    title: (s) => `PUZ pentru restructurare zonă industrială ${s}`,
    zones: [
      { code: 'RiM', like: 'RiM', pot: 50, cut: 2.8, height: 28, heightTotal: 32, regime: '2S+P+7E+R' },
      {
        code: 'Is_PUZ',
        like: 'Is_A',
        name: 'Zonă de instituții și servicii publice (școală) reglementată prin PUZ',
        pot: 40,
        cut: 1.5,
        height: 15,
        heightTotal: 18,
        regime: 'S+P+3E',
      },
      GREEN_PUZ_ZONE,
    ],
  },
  {
    kind: 'PUZ',
    year: 2023,
    near: true,
    title: (s) => `PUZ pentru construire ansamblu rezidențial și spații comerciale ${s}`,
    zones: [
      {
        code: 'Lc_PUZ',
        like: 'Lc',
        name: 'Zonă de locuințe colective reglementată prin PUZ',
        pot: 40,
        cut: 2.0,
        height: 21,
        heightTotal: 24,
        regime: '2S+P+5E+R',
      },
      {
        code: 'M_PUZ',
        like: 'M3',
        name: 'Zonă mixtă reglementată prin PUZ',
        pot: 50,
        cut: 2.2,
        height: 22,
        heightTotal: 25,
        regime: '2S+P+5E+2R',
      },
    ],
  },
  {
    kind: 'PUZ',
    year: 2025,
    near: true,
    title: (s) => `PUZ de urbanizare zonă mixtă ${s}`,
    zones: [
      { code: 'UM3', like: 'UM3', pot: 45, cut: 2.4, height: 24, heightTotal: 28, regime: '2S+P+6E+R' },
      {
        code: 'Lc_PUZ',
        like: 'Lc',
        name: 'Zonă de locuințe colective reglementată prin PUZ',
        pot: 35,
        cut: 1.8,
        height: 18,
        heightTotal: 21,
        regime: 'S+P+4E+R',
      },
      GREEN_PUZ_ZONE,
    ],
  },
  {
    kind: 'PUD',
    year: 2026,
    near: true,
    title: (s) => `PUD pentru extindere clădire de birouri ${s}`,
    zones: [],
  },
];

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const ro = (isoDate: string): string => `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}`;

/** a weekday of the given year, no later than `latest` */
function councilDate(year: number, rng: Rng, latest = `${year}-12-20`): string {
  for (;;) {
    const d = new Date(Date.UTC(year, rng.int(0, 11), rng.int(1, 28)));
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6 && iso(d) <= latest) return iso(d);
  }
}

function addYears(isoDate: string, years: number): string {
  return `${Number(isoDate.slice(0, 4)) + years}${isoDate.slice(4)}`;
}

/** "Strada Observatorului" → "str. Observatorului"; other street types stay as they are */
export function streetForTitle(name: string): string {
  return name.startsWith('Strada ') ? `str. ${name.slice(7)}` : name;
}

function nearestStreet(layout: CityLayout, p: Pt): string {
  let best = Infinity;
  let name = '';
  for (const b of layout.blocks) {
    const d = Math.hypot(b.centroid[0] - p[0], b.centroid[1] - p[1]);
    if (d < best) {
      const n = layout.streetNames.get(`${b.district.id}:${b.row + 1}`);
      if (n) {
        best = d;
        name = n;
      }
    }
  }
  return name;
}

export interface GeneratedPlans {
  plans: PlanFeature[];
  puzZoning: ZoningFeature[];
}

/** The union of whole parcels at 1 cm (parcels share exact vertices), or null when it is not one valid polygon. */
function unionOfParcels(parcels: GeneratedParcels, indices: readonly number[], label: string): number[][][][] | null {
  const parts = indices.map((i) => (parcels.features[i] as ParcelFeature).geometry);
  const merged =
    parts.length === 1
      ? parts[0]
      : union(featureCollection(parts.map((geometry) => ({ type: 'Feature', properties: {}, geometry }))))?.geometry;
  if (!merged) return null;
  const polys = toOpenPolygons(merged);
  const coords = toOutputMultiPolygon(polys, label, 0.01);
  return coords.length === 1 && !multiPolygonInvalidReason(coords) ? coords : null;
}

interface Site {
  /** parcel indexes of the plan, and of each of its zones */
  lots: number[];
  zones: number[][];
  centre: Pt;
}

/**
 * Picks the lots of a plan in one block: for a PUZ a run of 9–16 neighbouring lots (both sides of the block's middle
 * line, enclaves with their host) cut into `zoneCount` runs for its UTRs; for a PUD one lot or two neighbours.
 */
function pickLots(
  parcels: GeneratedParcels,
  blockLots: readonly number[],
  isPuz: boolean,
  zoneCount: number,
  rng: Rng,
  label: string,
): Site | null {
  const info = parcels.lots;
  const order = (a: number, b: number): number =>
    (info[a] as LotInfo).uMid - (info[b] as LotInfo).uMid || (info[a] as LotInfo).half - (info[b] as LotInfo).half;
  for (let tries = 0; tries < 12; tries++) {
    let run: number[];
    if (isPuz) {
      const hosts = blockLots.filter((i) => (info[i] as LotInfo).host === null).sort(order);
      if (hosts.length < 9) return null;
      const n = rng.int(9, Math.min(16, hosts.length));
      const start = rng.int(0, hosts.length - n);
      run = hosts.slice(start, start + n);
    } else {
      const half = rng.int(0, 1);
      const side = blockLots.filter((i) => {
        const l = info[i] as LotInfo;
        return l.half === half && l.enclave === null && l.host === null;
      });
      if (side.length === 0) continue;
      side.sort(order);
      const k = rng.int(0, side.length - 1);
      run = rng.chance(0.5) && k + 1 < side.length ? [side[k] as number, side[k + 1] as number] : [side[k] as number];
    }
    const withEnclaves = (lots: number[]): number[] =>
      lots.flatMap((i) => ((info[i] as LotInfo).enclave === null ? [i] : [i, (info[i] as LotInfo).enclave as number]));
    const plan = unionOfParcels(parcels, withEnclaves(run), label);
    if (!plan) continue;
    const zones: number[][] = [];
    if (zoneCount > 0) {
      // the run cut into consecutive pieces along the block, each of at least two lots
      const cuts = [0];
      for (let z = 1; z < zoneCount; z++)
        cuts.push(Math.round((run.length * z) / zoneCount + rng.range(-0.12, 0.12) * run.length));
      cuts.push(run.length);
      if (cuts.some((c, z) => z > 0 && c - (cuts[z - 1] as number) < 2)) continue;
      for (let z = 0; z < zoneCount; z++) zones.push(withEnclaves(run.slice(cuts[z], cuts[z + 1])));
      if (zones.some((lots) => !unionOfParcels(parcels, lots, label))) continue;
    }
    const ring = (plan[0]?.[0] ?? []).slice(0, -1) as Pt[];
    return { lots: withEnclaves(run), zones, centre: ringCentroid(ring) };
  }
  return null;
}

export function generatePlans(
  layout: CityLayout,
  seed: number | string,
  pugZoning: readonly ZoningFeature[],
  utrs: readonly UtrRow[],
  parcels: GeneratedParcels,
): GeneratedPlans {
  const zoneVertices = (features: readonly ZoningFeature[]): number[][] =>
    features.flatMap((f) => f.geometry.coordinates.flat(2));
  const withZoneVertices = (
    coords: number[][][][],
    features: readonly ZoningFeature[],
    label: string,
  ): number[][][][] => {
    const out = insertPointsOnEdges(coords, zoneVertices(features));
    const reason = multiPolygonInvalidReason(out);
    if (reason) throw new Error(`${label}: invalid geometry: ${reason}`);
    return out;
  };
  const rng = createRng(deriveSeed(seed, 'plans'));
  const byCode = new Map(utrs.map((u) => [u.code, u]));
  const plans: PlanFeature[] = [
    {
      type: 'Feature',
      properties: {
        uat_siruta: CLUJ_SIRUTA,
        kind: 'PUG',
        code: PUG_CODE,
        title: 'Planul Urbanistic General al municipiului Cluj-Napoca',
        hcl_number: '493',
        hcl_date: '2014-12-22',
        in_force_from: '2015-01-01',
        in_force_to: null,
        overrides_pug: false,
        documents: [
          {
            title: 'HCL nr. 493/22.12.2014 privind aprobarea Planului Urbanistic General al municipiului Cluj-Napoca',
            url: null,
          },
          { title: 'Regulamentul local de urbanism (RLU) aferent PUG, versiune consolidată 2024', url: null },
        ],
      },
      // the boundary gets the vertices its zones have on it, so boundary and zones match exactly after rounding
      geometry: {
        type: 'MultiPolygon',
        coordinates: withZoneVertices(
          toOutputMultiPolygon(layout.intravilan, 'PUG boundary'),
          pugZoning,
          'PUG boundary',
        ),
      },
    },
  ];
  const puzZoning: ZoningFeature[] = [];
  const usedSeq = new Set<string>();
  const [cx, cy] = layout.centre;
  // the urban blocks that have lots, by distance from the centre
  const lotsOf = new Map<number, number[]>();
  parcels.lots.forEach((l, i) => {
    if (l.half === 2) return;
    let list = lotsOf.get(l.block);
    if (!list) lotsOf.set(l.block, (list = []));
    list.push(i);
  });
  const blocks = layout.blocks.filter((b) => lotsOf.has(b.id));
  const placed: Pt[] = [];

  PLAN_SPECS.forEach((spec, i) => {
    const isPuz = spec.kind === 'PUZ';
    const label = `${spec.kind} ${spec.year}`;
    // near plans in the inner two thirds of the lots, the others in the outer half
    const band = spec.near ? [0.15, 0.65] : [0.5, 1];
    const inBand = blocks.slice(
      Math.floor(blocks.length * (band[0] as number)),
      Math.ceil(blocks.length * (band[1] as number)),
    );
    const target = ((i * 360) / PLAN_SPECS.length + rng.range(-25, 25)) * (Math.PI / 180);
    const bearingOff = (p: Pt): number => {
      const d = Math.abs(Math.atan2(p[1] - cy, p[0] - cx) - target) % (2 * Math.PI);
      return Math.min(d, 2 * Math.PI - d);
    };
    const free = (b: (typeof blocks)[number]): boolean =>
      placed.every((q) => Math.hypot(q[0] - b.centroid[0], q[1] - b.centroid[1]) > 200);
    const candidates = [
      inBand.filter((b) => free(b) && bearingOff(b.centroid) < Math.PI / 4),
      inBand.filter(free),
      blocks.filter(free),
    ];
    let site: Site | null = null;
    for (const list of candidates) {
      const pool = rng.shuffled(list);
      for (const b of pool.slice(0, 40)) {
        site = pickLots(parcels, lotsOf.get(b.id) as number[], isPuz, spec.zones.length, rng, label);
        if (site) {
          placed.push(b.centroid);
          break;
        }
      }
      if (site) break;
    }
    // too few lots for this plan (a very small --parcels): the sample goes without it
    if (!site) return;
    const centre = site.centre;
    const planCoords = unionOfParcels(parcels, site.lots, label) as number[][][][];

    let seq: string;
    do seq = String(rng.int(3, 140)).padStart(3, '0');
    while (usedSeq.has(`${spec.year}-${seq}`));
    usedSeq.add(`${spec.year}-${seq}`);
    const code = `${spec.kind}-${CLUJ_SIRUTA}-${spec.year}-${seq}`;
    const hclDate = councilDate(spec.year, rng, spec.year === 2026 ? '2026-10-15' : undefined);
    const hclNumber = String(rng.int(18, 760));
    const title = spec.title(streetForTitle(nearestStreet(layout, centre)));
    const documents: PlanDocument[] = [
      { title: `HCL nr. ${hclNumber}/${ro(hclDate)} privind aprobarea ${title}`, url: null },
    ];
    if (isPuz) {
      documents.push({ title: `Regulament local de urbanism aferent ${spec.kind}`, url: null });
      documents.push({ title: 'Planșa de reglementări urbanistice - zonificare', url: null });
    } else {
      documents.push({ title: 'Planșa de reglementări urbanistice', url: null });
    }
    const plan: PlanFeature = {
      type: 'Feature',
      properties: {
        uat_siruta: CLUJ_SIRUTA,
        kind: spec.kind,
        code,
        title,
        hcl_number: hclNumber,
        hcl_date: hclDate,
        in_force_from: hclDate,
        in_force_to: isPuz ? null : addYears(hclDate, spec.expired ? rng.int(5, 8) : rng.int(5, 10)),
        overrides_pug: isPuz,
        documents,
      },
      geometry: { type: 'MultiPolygon', coordinates: planCoords },
    };
    plans.push(plan);
    const firstZone = puzZoning.length;

    // PUZ zones: unions of whole lots, consecutive along the block
    if (spec.zones.length > 0) {
      spec.zones.forEach((zs, z) => {
        const coords = unionOfParcels(parcels, site.zones[z] as number[], `${code} zone ${zs.code}`);
        if (!coords) throw new Error(`plans: zone ${zs.code} of ${code} is not one polygon`);
        const like = byCode.get(zs.like);
        const own = byCode.get(zs.code);
        const uses = usesFor(zs.code);
        puzZoning.push({
          type: 'Feature',
          properties: {
            plan_code: code,
            uat_siruta: CLUJ_SIRUTA,
            code: zs.code,
            name: own?.description ?? zs.name ?? zs.code,
            zone_group: own?.group ?? like?.group ?? null,
            category: 'ZONE REGLEMENTATE PRIN PUZ',
            pot_max_pct: zs.pot,
            cut_max: zs.cut,
            height_max_m: zs.height,
            height_total_max_m: zs.heightTotal,
            height_regime: zs.regime,
            regulation_url: null,
            permitted_uses: uses.permitted,
            conditional_uses: uses.conditional,
            forbidden_uses: uses.forbidden,
            uses_note: USES_NOTE,
            ...parcelRules(zs.code),
          },
          geometry: { type: 'MultiPolygon', coordinates: coords },
        });
      });
      plan.geometry.coordinates = withZoneVertices(plan.geometry.coordinates, puzZoning.slice(firstZone), code);
    }
  });
  return { plans, puzZoning };
}
