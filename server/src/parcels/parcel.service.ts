// The citizen's question, answered: which rules apply to this parcel, on how much of it, and what may be built.
import type { Db } from '../../../db/src/connect.ts';
import type { VersionInfo } from '../../../db/src/overlay-catalog.ts';
import { parcelLookup, uatExists, type OverlayRow, type ParcelLookup } from '../../../db/src/parcels.repository.ts';
import { HttpError, notFound } from '../errors.ts';
import { restrictionKindName } from './kind-names.ts';

export interface SliverThreshold {
  /** A part below this share of the parcel is boundary noise. */
  pct: number;
  /** A part below this area is boundary noise. */
  m2: number;
}

export const DEFAULT_SLIVER: SliverThreshold = { pct: 0.5, m2: 1 };

export interface AsOf {
  /** The day asked for (YYYY-MM-DD), or today. */
  day: string;
  /** The instant used for dataset versions: the end of `day` (or now). */
  instant: string;
  /** Asked for now: the lookup may take its instant when it runs (a few milliseconds later). */
  current?: boolean;
}

export function asOf(day?: string): AsOf {
  if (!day) {
    const now = new Date();
    return { day: now.toISOString().slice(0, 10), instant: now.toISOString(), current: true };
  }
  return { day, instant: `${day}T23:59:59.999Z` };
}

export interface Envelope {
  max_footprint_m2: number | null;
  max_gross_floor_area_m2: number | null;
  max_height_m: number | null;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

export async function parcelAnswerByNumber(db: Db, uat: number, number: string, when: AsOf, sliver = DEFAULT_SLIVER) {
  return (await parcelAnswerAndExtent(db, uat, number, when, sliver)).answer;
}

/**
 * The answer with the parcel's box in EPSG:3844 (xmin, ymin, xmax, ymax), from the same lookup: the frame of a
 * certificate's map, which then need not be read again.
 */
export async function parcelAnswerAndExtent(
  db: Db,
  uat: number,
  number: string,
  when: AsOf,
  sliver = DEFAULT_SLIVER,
): Promise<{ answer: ReturnType<typeof answer>; extent: ParcelLookup['extent'] }> {
  const parcel = await parcelLookup(db, { uat, number }, when.current ? undefined : when.instant, when.day);
  if (!parcel) {
    if (!(await uatExists(db, uat)))
      throw new HttpError(404, 'NotFound', `UAT not found: ${uat}`, { parameter: 'uat' });
    throw new HttpError(404, 'NotFound', `No parcel with cadastral number ${number} in UAT ${uat} on ${when.day}`, {
      parameter: 'number',
    });
  }
  return { answer: answer(parcel, when, sliver), extent: parcel.extent };
}

export async function parcelAnswerAtPoint(db: Db, lon: number, lat: number, when: AsOf, sliver = DEFAULT_SLIVER) {
  const parcel = await parcelLookup(db, { lon, lat }, when.current ? undefined : when.instant, when.day);
  if (!parcel) throw notFound('Parcel at point', `${lon},${lat}`);
  return answer(parcel, when, sliver);
}

function answer(parcel: ParcelLookup, when: AsOf, sliver: SliverThreshold) {
  const rows = parcel.overlay;
  const area = parcel.area_m2;
  const share = (m2: number) => round((100 * m2) / area, 4);
  const isSliver = (m2: number) => m2 < sliver.m2 || (100 * m2) / area < sliver.pct;

  const units = rows.filter((r) => r.kind === 'unit');
  const applying = units.filter((u) => u.applied_m2 > 0 && !isSliver(u.applied_m2));
  const noise = units.filter((u) => u.applied_m2 > 0 && isSliver(u.applied_m2));
  // Every replaced part is listed, however small: with the units, the noise and the part not zoned it accounts for
  // the whole parcel (a part that rounds to 0.00 m² is not a part).
  const overridden = units.filter((u) => u.area_m2 - u.applied_m2 >= 0.005 && u.overridden_by?.length);
  const plans = rows.filter((r) => r.kind === 'plan');
  // Plans that change the answer are listed even when they cover a sliver: those whose units apply, those that
  // replace a PUG unit here.
  const planNeeded = new Set<string | null>([
    ...overridden.flatMap((u) => u.overridden_by ?? []),
    ...applying.map((u) => u.plan_code),
  ]);
  const listed = (p: OverlayRow) => !isSliver(p.area_m2) || planNeeded.has(p.code);
  // A PUG regulates its whole UAT: when none of its geometry (or only a sliver of it) reaches the parcel, it is still
  // named, with the UAT as its scope and what the data holds there (no UTR).
  const uatPlans = [
    ...rows.filter((r) => r.kind === 'uat_plan'),
    ...plans.filter((p) => p.plan_kind === 'PUG' && !listed(p)),
  ];
  const planByCode = new Map(plans.map((p) => [p.code, p]));
  const zonedM2 = units.reduce((s, u) => s + u.applied_m2, 0);
  const notZonedM2 = Math.max(0, area - zonedM2);

  const zone = (u: OverlayRow) => {
    const plan = planByCode.get(u.plan_code);
    const envelope: Envelope = {
      max_footprint_m2: u.pot_max_pct === null ? null : round((u.pot_max_pct / 100) * u.applied_m2),
      max_gross_floor_area_m2: u.cut_max === null ? null : round(u.cut_max * u.applied_m2),
      max_height_m: u.height_max_m,
    };
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      zone_group: u.zone_group,
      category: u.category,
      plan: plan ? planRef(plan) : { code: u.plan_code, kind: u.plan_kind },
      area_m2: round(u.applied_m2),
      share_pct: share(u.applied_m2),
      why: whyApplies(u, plan, planByCode),
      regulations: {
        permitted_uses: u.permitted_uses ?? [],
        conditional_uses: u.conditional_uses ?? [],
        forbidden_uses: u.forbidden_uses ?? [],
        pot_max_pct: u.pot_max_pct,
        cut_max: u.cut_max,
        height_max_m: u.height_max_m,
        height_total_max_m: u.height_total_max_m,
        height_regime: u.height_regime,
        max_floors: u.max_floors,
        min_parcel_area_m2: u.min_parcel_area_m2,
        min_frontage_m: u.min_frontage_m,
        setback_front_m: u.setback_front_m,
        setback_side_m: u.setback_side_m,
        setback_rear_m: u.setback_rear_m,
        regulation_url: u.regulation_url,
      },
      envelope,
    };
  };
  const zones = applying.sort((a, b) => b.applied_m2 - a.applied_m2).map(zone);
  const sum = (k: keyof Envelope) =>
    zones.some((z) => z.envelope[k] === null) ? null : round(zones.reduce((s, z) => s + (z.envelope[k] ?? 0), 0));

  const restrictions = rows.filter((r) => r.kind === 'restriction');

  return {
    id: parcel.id,
    uat: { siruta: parcel.uat_siruta, name: parcel.uat_name, county: parcel.county_name },
    cadastral_number: parcel.cadastral_number,
    land_book_number: parcel.land_book_number,
    area_m2: round(area),
    area_official_m2: parcel.area_official_m2,
    land_use: parcel.land_use,
    intravilan: parcel.intravilan,
    intravilan_source: intravilanSource(parcel),
    intravilan_text: INTRAVILAN_TEXT[String(parcel.intravilan) as 'true' | 'false' | 'null'],
    address: parcel.address,
    geometry: parcel.geometry,
    bbox: parcel.bbox.map((v) => round(v, 7)),
    at: when.day,
    zoning: {
      units: zones,
      not_zoned: notZonedM2 > sliver.m2 ? { area_m2: round(notZonedM2), share_pct: share(notZonedM2) } : null,
      boundary_noise: noise.map((u) => ({
        id: u.id,
        code: u.code,
        plan_code: u.plan_code,
        area_m2: round(u.applied_m2, 3),
        share_pct: share(u.applied_m2),
      })),
      overridden: overridden.map((u) => ({
        id: u.id,
        code: u.code,
        plan_code: u.plan_code,
        area_m2: round(u.area_m2 - u.applied_m2),
        share_pct: share(u.area_m2 - u.applied_m2),
        by: u.overridden_by ?? [],
      })),
      total_share_pct: round(share(zonedM2) + share(notZonedM2), 4),
      envelope: {
        max_footprint_m2: sum('max_footprint_m2'),
        max_gross_floor_area_m2: sum('max_gross_floor_area_m2'),
        max_height_m: zones.length ? Math.min(...zones.map((z) => z.envelope.max_height_m ?? Infinity)) : null,
      },
      plans: [
        ...uatPlans.map((p) => ({
          ...planRef(p),
          title: p.title,
          in_force_from: p.in_force_from,
          in_force_to: p.in_force_to,
          role: 'base',
          scope: 'uat' as const,
          area_m2: 0,
          share_pct: 0,
          note: {
            ro: `${p.code} reglementează întregul teritoriu administrativ al UAT, inclusiv extravilanul; datele nu conțin nicio UTR a acestui plan pe acest imobil.`,
            en: `${p.code} regulates the whole administrative territory of the UAT, outside the built-up area too; the data holds no zoning unit of this plan on this property.`,
          },
        })),
        ...plans
          .filter(listed)
          .sort((a, b) => (a.in_force_from ?? '').localeCompare(b.in_force_from ?? ''))
          .map((p) => ({
            ...planRef(p),
            title: p.title,
            in_force_from: p.in_force_from,
            in_force_to: p.in_force_to,
            role: p.plan_kind === 'PUG' ? 'base' : p.overrides_pug ? 'overrides' : 'detail',
            scope: 'parcel' as const,
            area_m2: round(p.area_m2),
            share_pct: share(p.area_m2),
            note: null,
          })),
      ],
      restrictions: restrictions
        .filter((r) => !isSliver(r.area_m2))
        .sort((a, b) => b.area_m2 - a.area_m2)
        .map((r) => ({
          id: r.id,
          kind: r.category,
          kind_name: restrictionKindName(r.category),
          code: r.code,
          name: r.name,
          legal_basis: r.legal_basis,
          description: r.description,
          area_m2: round(r.area_m2),
          share_pct: share(r.area_m2),
        })),
    },
    data_versions: parcel.versions.map(versionRef),
  };
}

function planRef(p: OverlayRow) {
  return { code: p.code, kind: p.plan_kind, hcl_number: p.hcl_number, hcl_date: p.hcl_date };
}

function versionRef(v: VersionInfo) {
  return { id: v.id, layer: v.layer, source_file: v.source_file, imported_at: v.imported_at, valid_from: v.valid_from };
}

/** Which rule applies where, and why, in Romanian and English. */
function whyApplies(
  u: OverlayRow,
  plan: OverlayRow | undefined,
  plans: Map<string | null, OverlayRow>,
): { ro: string; en: string } {
  const hcl = (p: OverlayRow | undefined) => (p?.hcl_number ? ` (HCL ${p.hcl_number}/${p.hcl_date})` : '');
  if (u.plan_kind === 'PUG') {
    if (u.overridden_by?.length && u.area_m2 - u.applied_m2 > 0.01) {
      const by = u.overridden_by.map((c) => `${c}${hcl(plans.get(c))}`).join(', ');
      return {
        ro: `PUG ${u.plan_code}${hcl(plan)}, cu excepția suprafeței reglementate de ${by}`,
        en: `PUG ${u.plan_code}${hcl(plan)}, except where ${by} replaces it`,
      };
    }
    return { ro: `PUG ${u.plan_code}${hcl(plan)}`, en: `PUG ${u.plan_code}${hcl(plan)}` };
  }
  return {
    ro: `${u.plan_kind} ${u.plan_code}${hcl(plan)} înlocuiește PUG pe suprafața pe care o reglementează`,
    en: `${u.plan_kind} ${u.plan_code}${hcl(plan)} replaces the PUG on the area it covers`,
  };
}

/**
 * Where a parcel's intravilan status comes from (issue 13): the parcel file (cadastral data), the built-up area limits
 * loaded for its UAT, or nowhere (null: the answers say "not in the data", never guess).
 */
export type IntravilanSource = 'cadastral_data' | 'intravilan_limits' | null;

function intravilanSource(p: { intravilan: boolean | null; intravilan_derived: boolean }): IntravilanSource {
  if (p.intravilan === null) return null;
  return p.intravilan_derived ? 'intravilan_limits' : 'cadastral_data';
}

const INTRAVILAN_TEXT = {
  true: { ro: 'intravilan', en: 'inside the built-up area (intravilan)' },
  false: { ro: 'extravilan', en: 'outside the built-up area (extravilan)' },
  null: { ro: 'nu figurează în date', en: 'not in the data' },
} as const;
