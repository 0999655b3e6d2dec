// Restrictions that sit on top of zoning: the protected historic centre, monument protection zones, the Someșul Mic
// flood zone and a 110 kV power-line corridor. All synthetic shapes placed at plausible spots of the real city.
import { featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { CityLayout } from './city-layout.ts';
import { closedPolygon, toMultiPolygonFeature, toOpenPolygons } from './city-layout.ts';
import type { Pt } from './geometry.ts';
import { corridor, pointInRing, regularPolygon, toOutputMultiPolygon } from './geometry.ts';
import { CLUJ_SIRUTA } from './parcels.ts';
import { createRng, deriveSeed } from './rng.ts';

export type RestrictionKind =
  'built_heritage_zone' | 'protected_area' | 'monument_zone' | 'flood_zone' | 'utility_corridor';

export interface RestrictionProperties {
  uat_siruta: number;
  kind: RestrictionKind;
  code: string;
  name: string;
  legal_basis: string;
  description: string;
}

export type RestrictionFeature = Feature<MultiPolygon, RestrictionProperties>;

/** the old centre: a smooth, star-shaped polygon around Piața Unirii, about 1.6 km × 1.2 km */
export function buildProtectedArea(layout: CityLayout, seed: number | string): Pt[] {
  const rng = createRng(deriveSeed(seed, 'protected-area'));
  const [cx, cy] = layout.centre;
  const harmonics = [1, 2, 3, 4].map((k) => ({
    k,
    amp: rng.range(0.02, 0.07) / k ** 0.5,
    phase: rng.range(0, 2 * Math.PI),
  }));
  const out: Pt[] = [];
  const n = 48;
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    let r = 1;
    for (const h of harmonics) r += h.amp * Math.sin(h.k * a + h.phase);
    // a little further to the north, where the old town reaches the river
    const rx = 820 * r;
    const ry = (Math.sin(a) > 0 ? 640 : 520) * r;
    out.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return out;
}

/** river flood zone (Q1%): a corridor of varying width around the centreline, clipped to the city */
export function buildFloodZone(layout: CityLayout, seed: number | string): Pt[][][] {
  const rng = createRng(deriveSeed(seed, 'flood-zone'));
  const line = layout.river;
  const phase = rng.range(0, 2 * Math.PI);
  const wide = rng.range(0.8, 1.2);
  const strip = corridor(line, (i) => (95 + 45 * Math.sin(i / 9 + phase)) * wide);
  return clipToCity(layout, [strip]);
}

/** LEA 110 kV: a straight-ish line across the south of the city, 37 m protection corridor (18.5 m each side) */
export function buildPowerLine(layout: CityLayout, seed: number | string): Pt[][][] {
  const rng = createRng(deriveSeed(seed, 'power-line'));
  const [cx, cy] = layout.centre;
  const ctrl: Pt[] = [
    [cx - 7500, cy - 2700 + rng.range(-300, 300)],
    [cx - 3000, cy - 1250 + rng.range(-150, 150)],
    [cx + 800, cy - 950 + rng.range(-100, 100)],
    [cx + 5000, cy - 2000 + rng.range(-200, 200)],
    [cx + 10500, cy - 1200 + rng.range(-300, 300)],
  ];
  // a power line runs in straight spans between towers; the turns are gentle, so a plain offset stays simple
  return clipToCity(layout, [corridor(ctrl, () => 18.5)]);
}

function clipToCity(layout: CityLayout, rings: Pt[][]): Pt[][][] {
  const res = intersect(
    featureCollection<Polygon | MultiPolygon>([closedPolygon(rings), toMultiPolygonFeature(layout.boundary)]),
  );
  if (!res) throw new Error('restriction outside the city');
  return toOpenPolygons(res.geometry);
}

export function generateRestrictions(
  layout: CityLayout,
  seed: number | string,
  protectedArea: Pt[],
): RestrictionFeature[] {
  const rng = createRng(deriveSeed(seed, 'restrictions'));
  const out: RestrictionFeature[] = [];
  const add = (props: Omit<RestrictionProperties, 'uat_siruta'>, polys: Pt[][][]): void => {
    out.push({
      type: 'Feature',
      properties: { uat_siruta: CLUJ_SIRUTA, ...props },
      geometry: { type: 'MultiPolygon', coordinates: toOutputMultiPolygon(polys, `restriction ${props.code}`) },
    });
  };

  add(
    {
      // A protected built area (Law 422/2001), not a natural one: its own kind.
      kind: 'built_heritage_zone',
      code: 'ZCP-CJ-CENTRU',
      name: 'Zona construită protejată - centrul istoric',
      legal_basis: 'Legea 422/2001 privind protejarea monumentelor istorice',
      description:
        'Zona centrală istorică (incinta fortificată medievală și extinderile sec. XIX). Delimitare sintetică, aproximativă, generată pentru date de test.',
    },
    [[protectedArea]],
  );

  // monument protection zones: 100 m around points spread through the old centre
  const count = rng.int(12, 18);
  const points: Pt[] = [];
  const lmi = new Set<number>();
  for (let tries = 0; points.length < count && tries < 5000; tries++) {
    const [cx, cy] = layout.centre;
    const p: Pt = [cx + rng.range(-800, 800), cy + rng.range(-600, 600)];
    if (!pointInRing(p, protectedArea)) continue;
    if (points.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 110)) continue;
    points.push(p);
  }
  for (const p of points) {
    let n: number;
    do n = rng.int(7050, 7600);
    while (lmi.has(n));
    lmi.add(n);
    const group = rng.chance(0.4) ? 'A' : 'B';
    const code = `CJ-II-m-${group}-0${n}`;
    add(
      {
        kind: 'monument_zone',
        code,
        name: `Zona de protecție a monumentului istoric ${code}`,
        legal_basis: 'Legea 422/2001 privind protejarea monumentelor istorice',
        description: `Zonă de protecție de 100 m în jurul monumentului istoric ${code} (grupa ${group}); cod LMI și poziție sintetice.`,
      },
      [[regularPolygon(p, 100, 40, rng.range(0, Math.PI))]],
    );
  }

  add(
    {
      kind: 'flood_zone',
      code: 'INUND-SOMES-MIC-Q1',
      name: 'Zonă inundabilă Someșul Mic (Q1%)',
      legal_basis: 'Legea 107/1996 a apelor',
      description:
        'Zonă inundabilă la debitul cu probabilitate de depășire 1% (Q1%) de-a lungul râului Someșul Mic; contur sintetic, nu provine de la ABA Someș-Tisa.',
    },
    buildFloodZone(layout, seed),
  );

  add(
    {
      kind: 'utility_corridor',
      code: 'LEA-110KV-01',
      name: 'Culoar de protecție LEA 110 kV',
      legal_basis: 'Ordinul ANRE 239/2019',
      description:
        'Zona de protecție și de siguranță a liniei electrice aeriene de 110 kV, 37 m (18,5 m de o parte și de alta a axului); traseu sintetic.',
    },
    buildPowerLine(layout, seed),
  );
  return out;
}
