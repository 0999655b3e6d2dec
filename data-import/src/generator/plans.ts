// The PUG itself plus a handful of PUZ / PUD plans approved after it. PUZ boundaries are rotated rectangles that cut
// across lots and PUG zones on purpose; each PUZ brings its own UTRs (added to zoning.geojson with its plan_code).
// HCL numbers, dates and titles are synthetic; titles use street names of the synthetic layout around the plan.
import type { Feature, MultiPolygon } from 'geojson';
import type { CityLayout } from './city-layout.ts';
import { pointInPolygons } from './city-layout.ts';
import type { Pt } from './geometry.ts';
import {
  clipSlab,
  insertPointsOnEdges,
  multiPolygonInvalidReason,
  ringArea,
  toOutputMultiPolygon,
} from './geometry.ts';
import type { UtrRow } from './load-inputs.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';
import type { Rng } from './rng.ts';
import type { ZoneCell, ZoningFeature } from './zoning.ts';
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
  near: boolean;
  title: (street: string) => string;
  zones: PuzZoneSpec[];
}

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
      {
        code: 'V_PUZ',
        like: 'Va',
        name: 'Zonă verde amenajată reglementată prin PUZ',
        pot: 5,
        cut: 0.1,
        height: 6,
        heightTotal: 9,
        regime: 'P',
      },
    ],
  },
  {
    kind: 'PUD',
    year: 2017,
    near: true,
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
      {
        code: 'V_PUZ',
        like: 'Va',
        name: 'Zonă verde amenajată reglementată prin PUZ',
        pot: 5,
        cut: 0.1,
        height: 6,
        heightTotal: 9,
        regime: 'P',
      },
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
      {
        code: 'V_PUZ',
        like: 'Va',
        name: 'Zonă verde amenajată reglementată prin PUZ',
        pot: 5,
        cut: 0.1,
        height: 6,
        heightTotal: 9,
        regime: 'P',
      },
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
      {
        code: 'V_PUZ',
        like: 'Va',
        name: 'Zonă verde amenajată reglementată prin PUZ',
        pot: 5,
        cut: 0.1,
        height: 6,
        heightTotal: 9,
        regime: 'P',
      },
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

function rotatedRect(c: Pt, w: number, h: number, angle: number): Pt[] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return (
    [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [w / 2, h / 2],
      [-w / 2, h / 2],
    ] as Pt[]
  ).map(([u, v]): Pt => [c[0] + u * cos - v * sin, c[1] + u * sin + v * cos]);
}

export interface GeneratedPlans {
  plans: PlanFeature[];
  puzZoning: ZoningFeature[];
}

export function generatePlans(
  layout: CityLayout,
  seed: number | string,
  pugCells: readonly ZoneCell[],
  pugZoning: readonly ZoningFeature[],
  utrs: readonly UtrRow[],
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
  const placed: { c: Pt; r: number }[] = [];
  const usedSeq = new Set<string>();
  const cellAt = (p: Pt): number => pugCells.findIndex((c) => pointInPolygons(p, c.polygons));
  const [cx, cy] = layout.centre;

  PLAN_SPECS.forEach((spec, i) => {
    const isPuz = spec.kind === 'PUZ';
    let ring: Pt[] | null = null;
    let centre: Pt = [cx, cy];
    let w = 0;
    let h = 0;
    let angle = 0;
    for (let tries = 0; tries < 400 && !ring; tries++) {
      const r = isPuz ? (spec.near ? rng.range(700, 1050) : rng.range(1800, 3800)) : rng.range(300, 1050);
      const bearing =
        ((i * 360) / PLAN_SPECS.length + rng.range(-25, 25) + (tries > 100 ? rng.range(0, 360) : 0)) * (Math.PI / 180);
      centre = [cx + r * Math.cos(bearing), cy + r * Math.sin(bearing)];
      w = isPuz ? rng.range(300, 520) : rng.range(60, 110);
      h = isPuz ? rng.range(220, 380) : rng.range(40, 75);
      angle = rng.range(0, Math.PI);
      const cand = rotatedRect(centre, w, h, angle);
      const radius = Math.hypot(w, h) / 2;
      if (!cand.every((p) => pointInPolygons(p, layout.intravilan))) continue;
      if (layout.intravilanGrid.distanceToPolygon(cand, 5) < 5) continue;
      if (placed.some((q) => Math.hypot(q.c[0] - centre[0], q.c[1] - centre[1]) < q.r + radius + 30)) continue;
      // a PUZ must straddle PUG zones
      if (isPuz && new Set([centre, ...cand].map(cellAt)).size < 2) continue;
      placed.push({ c: centre, r: radius });
      ring = cand;
    }
    if (!ring) throw new Error(`plans: no room for ${spec.kind} ${spec.year}`);

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
        in_force_to: isPuz ? null : addYears(hclDate, rng.int(5, 10)),
        overrides_pug: isPuz,
        documents,
      },
      geometry: { type: 'MultiPolygon', coordinates: toOutputMultiPolygon([[ring]], code) },
    };
    plans.push(plan);
    const firstZone = puzZoning.length;

    // PUZ zones: the rectangle cut across its long side into one strip per zone
    if (spec.zones.length > 0) {
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      // the same corners and the same transform as rotatedRect, so zone and plan vertices coincide exactly
      const local: Pt[] = [
        [-w / 2, -h / 2],
        [w / 2, -h / 2],
        [w / 2, h / 2],
        [-w / 2, h / 2],
      ];
      const k = spec.zones.length;
      const cuts = [-w / 2];
      for (let z = 1; z < k; z++) cuts.push(-w / 2 + (w * z) / k + rng.range(-0.08, 0.08) * w);
      cuts.push(w / 2);
      spec.zones.forEach((zs, z) => {
        const part = clipSlab(local, 0, cuts[z] as number, cuts[z + 1] as number);
        if (part.length < 3 || ringArea(part) <= 0) throw new Error(`plans: empty zone ${zs.code} in ${code}`);
        const world = part.map(([u, v]): Pt => [centre[0] + u * cos - v * sin, centre[1] + u * sin + v * cos]);
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
          geometry: { type: 'MultiPolygon', coordinates: toOutputMultiPolygon([[world]], `${code} zone ${zs.code}`) },
        });
      });
      plan.geometry.coordinates = withZoneVertices(plan.geometry.coordinates, puzZoning.slice(firstZone), code);
    }
  });
  return { plans, puzZoning };
}
