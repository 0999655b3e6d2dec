// The content of an informative urbanism certificate, built from the parcel's zoning answer and the features of its
// map, structured as the law structures a certificate of urbanism: identification, purpose, legal, economic and
// technical regime. Every item is filled from the data or says plainly that the data does not contain it.
// Pure: the same input gives the same content. The PDF is drawn from this content alone (certificate-pdf.ts).
import type { MapFeatureRow, MapStreetRow } from '../../../db/src/certificates.repository.ts';
import {
  classifyZone,
  PARCEL_COLORS,
  PLAN_KINDS,
  PLAN_STYLES,
  RESTRICTION_COLORS,
  RESTRICTION_FALLBACK_COLOR,
  RESTRICTION_HATCH,
  RESTRICTION_KINDS,
  type HatchDirection,
  ZONE_CLASSES,
  type PlanKind,
  type RestrictionKind,
} from '../legend/palette.ts';
import type { parcelAnswerByNumber, SliverThreshold } from '../parcels/parcel.service.ts';
import { commaBelow, formatDay, formatLongDay, formatNumber, m2, metres, pct, type Language } from './format.ts';
import {
  labelPoint,
  polygonArea,
  toLines,
  toPolygons,
  type Extent,
  type Polygons,
  type Position,
} from './map-geometry.ts';
import { TEXTS, type CertificateTexts } from './certificate-texts.ts';

export type ParcelAnswer = Awaited<ReturnType<typeof parcelAnswerByNumber>>;
type Zone = ParcelAnswer['zoning']['units'][number];
type Restriction = ParcelAnswer['zoning']['restrictions'][number];

/**
 * The version of this content layout and of the PDF drawn from it; a stored certificate is re-drawn by it.
 * 1: the first release. 2 (issue 17): the streets on the map, the test-data mark, the sources, and a layout that
 * leaves no page with only a few lines.
 */
export const CONTENT_FORMAT = 'atlas-certificate/2';
export type ContentFormat = 'atlas-certificate/1' | typeof CONTENT_FORMAT;

/**
 * data: the value comes from the data; none_in_data: the data holds this kind of information and none of it concerns
 * the property; not_in_data: the data does not contain this information at all.
 */
export type ItemStatus = 'data' | 'none_in_data' | 'not_in_data';

export interface CertificateItem {
  id: string;
  /** A sub-heading (e.g. the UTR a group of items is about), shown when it changes. */
  group?: string;
  label: string;
  text: string;
  status: ItemStatus;
  /** The machine-readable value, when the data has one. */
  value?: unknown;
}

export type SectionId = 'identification' | 'purpose' | 'legal' | 'economic' | 'technical' | 'data';

export interface CertificateSection {
  id: SectionId;
  title: string;
  items: CertificateItem[];
}

export interface ZoneTableRow {
  code: string;
  fill: string | null;
  outline: string | null;
  cells: string[];
}

export type LegendSymbol =
  | { type: 'fill'; fill: string; outline: string }
  | { type: 'line'; color: string; dash: number[] }
  | { type: 'hatch'; color: string; direction: HatchDirection }
  | { type: 'subject'; color: string; fill: string; opacity: number }
  | { type: 'parcel'; color: string }
  | { type: 'street'; color: string; casing: string };

/** A street on the map: its name (null: unnamed in the data) and its centreline parts inside the frame. */
export interface MapStreet {
  name: string | null;
  /** LineStrings in EPSG:3844 metres. */
  lines: Position[][];
}

export interface CertificateMap {
  crs: 'EPSG:3844';
  /** xmin, ymin, xmax, ymax in EPSG:3844 metres. */
  frame: [number, number, number, number];
  zones: { code: string; fill: string; outline: string; polygons: Polygons }[];
  plans: { code: string; kind: string; color: string; dash: number[]; polygons: Polygons }[];
  restrictions: { kind: string; color: string; direction: HatchDirection; polygons: Polygons }[];
  parcels: Polygons[];
  subject: { number: string; polygons: Polygons; color: string; fill: string; opacity: number };
  labels: { text: string; at: Position }[];
  /** The cadastral numbers of the neighbouring parcels (and of the property), where the drawn parcel can hold one. */
  parcel_labels: { text: string; at: Position; subject: boolean }[];
  /** The streets in the frame, named along their line (format 2 on; absent in format 1). */
  streets?: MapStreet[];
  /** The source of the street names shown, or what the map does not show because the data does not hold it. */
  caption: string;
  legend: { label: string; symbol: LegendSymbol }[];
}

/** The datasets behind a certificate that a generator made (dataset_versions.synthetic): test data. */
export interface SyntheticData {
  /** The mark printed on every page. */
  mark: string;
  datasets: { id: number; layer: string; source_file: string }[];
}

export interface CertificateContent {
  format: ContentFormat;
  language: Language;
  title: string;
  issuer: string;
  /** The issuing authority as configured (ATLAS_CERT_AUTHORITY_*), with its logo; null: none configured. */
  authority: CertificateAuthority | null;
  number: string;
  /** ISO 8601 UTC, to the second. */
  issued_at: string;
  issued_at_text: string;
  number_line: string;
  reflects_date: string;
  verify_url: string;
  law_basis: string;
  uat: { siruta: number; name: string | null; county: string | null };
  cadastral_number: string;
  sections: CertificateSection[];
  zones_table: { title: string; columns: string[]; rows: ZoneTableRow[]; empty: string | null };
  map: CertificateMap;
  notices: { title: string; items: string[] };
  /** Set when a dataset behind the certificate is synthetic (format 2 on; absent in format 1). */
  synthetic_data?: SyntheticData | null;
  /** Page furniture, in the certificate's language. */
  labels: {
    map_title: string;
    legend: string;
    north: string;
    /** "Scara 1:{scale}": the renderer fills in the scale of the drawn map. */
    scale: string;
    crs: string;
    page: string;
    verify: string;
  };
}

export interface DataVersionRef {
  id: number;
  layer: string;
  source_file: string;
  imported_at: string;
  valid_from: string;
  /** Made by a generator (test data). */
  synthetic?: boolean;
  /** The credit the source requires. */
  attribution?: string | null;
}

export interface CertificateAuthority {
  name: string;
  address: string | null;
  /** The logo as stored with the certificate (so that it re-renders the same): PNG or JPEG, base64. */
  logo: { type: 'png' | 'jpeg'; base64: string } | null;
}

export interface ContentInput {
  /** Who issues the certificate (a town hall); absent: the Atlas itself. */
  authority?: CertificateAuthority | null;
  /** Months the certificate is valid for from its issue; null or absent: no validity period is stated. */
  validityMonths?: number | null;
  answer: ParcelAnswer;
  frame: Extent;
  mapFeatures: readonly MapFeatureRow[];
  /** The streets in the frame (certificates.streets.sql). */
  streets?: readonly MapStreetRow[];
  number: string;
  issuedAt: string;
  /** Day and time of issue in Romania. */
  issuedLocal: { day: string; time: string };
  reflectsDate: string;
  verifyUrl: string;
  language: Language;
  sliver: SliverThreshold;
  /** Every dataset version used or consulted (also those that had nothing on this parcel). */
  dataVersions: readonly DataVersionRef[];
  /**
   * Whether the data has zoning units in this UAT, and a restrictions dataset covering it: "none on this parcel"
   * versus "the data has no such information here".
   */
  layersPresent: { zoning: boolean; restrictions: boolean; streets?: boolean };
}

const PROTECTED: readonly string[] = ['built_heritage_zone', 'protected_area', 'monument_zone'];
const BANS: readonly string[] = ['building_ban'];
const EASEMENTS: readonly string[] = ['utility_corridor', 'road_widening'];

export function buildCertificateContent(input: ContentInput): CertificateContent {
  const { answer, language: lang } = input;
  const t = TEXTS[lang];
  const n = (v: number) => formatNumber(v, lang);
  const area = (v: number) => m2(v, lang);
  const share = (v: number) => pct(v, lang);
  const m = (v: number) => metres(v, lang);
  const day = (d: string) => formatDay(d, lang);
  const zones = answer.zoning.units;

  const item = (
    id: string,
    label: string,
    text: string,
    status: ItemStatus = 'data',
    value?: unknown,
    group?: string,
  ): CertificateItem => ({
    id,
    ...(group ? { group } : {}),
    label,
    text,
    status,
    ...(value === undefined ? {} : { value }),
  });

  // 1. Identification ------------------------------------------------------------------------------------------
  const uatName = answer.uat.name ?? String(answer.uat.siruta);
  const identification: CertificateItem[] = [
    item('uat', t.uat, t.uatText(answer.uat), 'data', answer.uat),
    item('cadastral_number', t.cadastralNumber, answer.cadastral_number, 'data', answer.cadastral_number),
    answer.land_book_number
      ? item('land_book_number', t.landBookNumber, answer.land_book_number, 'data', answer.land_book_number)
      : item('land_book_number', t.landBookNumber, t.landBookMissing, 'not_in_data'),
    answer.address
      ? item('address', t.address, answer.address, 'data', answer.address)
      : item('address', t.address, t.addressMissing({ uat: uatName }), 'not_in_data'),
    item('area', t.area, t.areaText({ area: area(answer.area_m2) }), 'data', answer.area_m2),
    answer.area_official_m2 === null
      ? item('area_official', t.areaOfficial, t.areaOfficialMissing, 'not_in_data')
      : item('area_official', t.areaOfficial, area(answer.area_official_m2), 'data', answer.area_official_m2),
  ];

  // 2. Purpose -------------------------------------------------------------------------------------------------
  const purpose = [item('purpose', t.purpose, t.purposeText, 'data', 'informare')];

  // 3. Legal regime --------------------------------------------------------------------------------------------
  const plans = answer.zoning.plans;
  const uatPug = plans.find((p) => p.scope === 'uat');
  const planLines = plans.map((p) =>
    (p.scope === 'uat' ? t.planUatLine : t.planLine)({
      kind: p.kind ?? '',
      code: p.code ?? '',
      title: p.title,
      hcl: p.hcl_number
        ? t.planHcl({ number: p.hcl_number, date: p.hcl_date ? day(p.hcl_date) : null })
        : t.planHclMissing,
      since: p.in_force_from ? day(p.in_force_from) : null,
      share: share(p.share_pct),
      role: t.planRole[p.role as keyof CertificateTexts['planRole']] ?? p.role,
    }),
  );
  const overridden = answer.zoning.overridden;
  const restrictions = answer.zoning.restrictions;
  const restrictionItem = (id: string, label: string, kinds: (k: string) => boolean, none: string) => {
    const list = restrictions.filter((r) => kinds(r.kind ?? ''));
    if (!input.layersPresent.restrictions && list.length === 0)
      return item(id, label, t.restrictionsNotLoaded, 'not_in_data');
    if (list.length === 0) return item(id, label, none, 'none_in_data', []);
    return item(
      id,
      label,
      list.map((r) => restrictionLine(t, r, area, share)).join('\n'),
      'data',
      list.map((r) => ({
        kind: r.kind,
        code: r.code,
        name: r.name,
        legal_basis: r.legal_basis,
        area_m2: r.area_m2,
        share_pct: r.share_pct,
      })),
    );
  };
  const legal: CertificateItem[] = [
    item(
      'location',
      t.location,
      answer.intravilan === null
        ? t.intravilanNotInData
        : answer.intravilan_source === 'intravilan_limits'
          ? answer.intravilan
            ? t.intravilanFromLimits
            : t.extravilanFromLimits
          : answer.intravilan
            ? t.intravilan
            : t.extravilan,
      answer.intravilan === null ? 'not_in_data' : 'data',
      // where the status comes from, when it is not the cadastral data (issue 13)
      answer.intravilan_source === 'cadastral_data'
        ? { intravilan: answer.intravilan }
        : { intravilan: answer.intravilan, source: answer.intravilan_source ?? 'not_in_data' },
    ),
    plans.length
      ? item(
          'plans',
          t.plans,
          planLines.join('\n'),
          'data',
          plans.map((p) => ({
            kind: p.kind,
            code: p.code,
            title: p.title,
            hcl_number: p.hcl_number,
            hcl_date: p.hcl_date,
            in_force_from: p.in_force_from,
            role: p.role,
            scope: p.scope,
            share_pct: p.share_pct,
          })),
        )
      : item('plans', t.plans, t.plansNone, 'none_in_data', []),
    overridden.length
      ? item(
          'overrides',
          t.overrides,
          overridden
            .map((o) =>
              t.overrideLine({
                by: o.by.join(', '),
                code: o.code ?? '',
                area: area(o.area_m2),
                share: share(o.share_pct),
              }),
            )
            .join('\n'),
          'data',
          overridden.map((o) => ({
            code: o.code,
            plan_code: o.plan_code,
            by: o.by,
            area_m2: o.area_m2,
            share_pct: o.share_pct,
          })),
        )
      : item('overrides', t.overrides, t.overridesNone, 'none_in_data', []),
    restrictionItem('protected_areas', t.protectedAreas, (k) => PROTECTED.includes(k), t.protectedNone),
    restrictionItem('building_bans', t.buildingBans, (k) => BANS.includes(k), t.buildingBansNone),
    restrictionItem('easements', t.easements, (k) => EASEMENTS.includes(k), t.easementsNone),
    restrictionItem(
      'other_restrictions',
      t.otherRestrictions,
      (k) => !PROTECTED.includes(k) && !BANS.includes(k) && !EASEMENTS.includes(k),
      t.otherRestrictionsNone,
    ),
    item('ownership', t.ownership, t.ownershipText, 'not_in_data'),
  ];

  // 4. Economic regime -----------------------------------------------------------------------------------------
  const notZoned = answer.zoning.not_zoned;
  const economic: CertificateItem[] = [
    answer.land_use
      ? item('land_use', t.landUse, landUseLabel(t, answer.land_use), 'data', answer.land_use)
      : item('land_use', t.landUse, t.landUseMissing, 'not_in_data'),
    zones.length
      ? item(
          'zones',
          t.zones,
          zones
            .map((z) =>
              t.zoneLine({
                code: z.code ?? '',
                name: z.name,
                area: area(z.area_m2),
                share: share(z.share_pct),
                why: z.why[lang],
              }),
            )
            .join('\n'),
          'data',
          zones.map((z) => ({
            code: z.code,
            name: z.name,
            plan_code: z.plan.code,
            area_m2: z.area_m2,
            share_pct: z.share_pct,
          })),
        )
      : item(
          'zones',
          t.zones,
          uatPug
            ? t.zonesNoneUnderPug({ code: uatPug.code ?? '' })
            : input.layersPresent.zoning
              ? t.zonesNone
              : t.zonesNotLoaded,
          input.layersPresent.zoning ? 'none_in_data' : 'not_in_data',
          [],
        ),
    zones.length === 0
      ? item('coverage', t.coverage, t.coverageNone, 'data', { not_zoned_m2: answer.area_m2, not_zoned_pct: 100 })
      : notZoned
        ? item(
            'coverage',
            t.coverage,
            t.coveragePartial({ area: area(notZoned.area_m2), share: share(notZoned.share_pct) }),
            'data',
            {
              not_zoned_m2: notZoned.area_m2,
              not_zoned_pct: notZoned.share_pct,
            },
          )
        : item('coverage', t.coverage, t.coverageFull, 'data', { not_zoned_m2: 0, not_zoned_pct: 0 }),
  ];
  economic.push(item('tax_zone', t.taxZone, t.taxZoneMissing, 'not_in_data'));
  for (const z of zones) {
    const group = t.zoneGroup({ code: z.code ?? '', share: share(z.share_pct) });
    const uses = (key: 'permitted_uses' | 'conditional_uses' | 'forbidden_uses', label: string) => {
      const list = z.regulations[key];
      return list.length
        ? item(`zone.${z.code}.${key}`, label, list.join('; '), 'data', list, group)
        : item(`zone.${z.code}.${key}`, label, t.usesMissing, 'not_in_data', undefined, group);
    };
    economic.push(
      uses('permitted_uses', t.permittedUses),
      uses('conditional_uses', t.conditionalUses),
      uses('forbidden_uses', t.forbiddenUses),
    );
  }

  // 5. Technical regime ----------------------------------------------------------------------------------------
  const technical: CertificateItem[] = [];
  // The whole parcel first, then each zone share.
  const total = {
    ...answer.zoning.envelope,
    max_height_m: Number.isFinite(answer.zoning.envelope.max_height_m) ? answer.zoning.envelope.max_height_m : null,
  };
  technical.push(
    zones.length
      ? item(
          'envelope',
          t.totalEnvelope,
          t.totalEnvelopeText({
            footprint: total.max_footprint_m2 === null ? null : area(total.max_footprint_m2),
            gfa: total.max_gross_floor_area_m2 === null ? null : area(total.max_gross_floor_area_m2),
            height: total.max_height_m === null ? null : m(total.max_height_m),
          }),
          'data',
          total,
        )
      : item('envelope', t.totalEnvelope, t.totalEnvelopeNone, 'not_in_data'),
    answer.zoning.boundary_noise.length
      ? item(
          'boundary_noise',
          t.boundaryNoise,
          t.boundaryNoiseText({
            parts: answer.zoning.boundary_noise
              .map((b) => `${b.code} ${area(b.area_m2)} (${share(b.share_pct)})`)
              .join(', '),
            pct: share(input.sliver.pct),
            m2: area(input.sliver.m2),
          }),
          'data',
          answer.zoning.boundary_noise.map((b) => ({
            code: b.code,
            plan_code: b.plan_code,
            area_m2: b.area_m2,
            share_pct: b.share_pct,
          })),
        )
      : item('boundary_noise', t.boundaryNoise, t.boundaryNoiseNone, 'none_in_data', []),
  );
  for (const z of zones) {
    const r = z.regulations;
    const group = t.zoneGroup({ code: z.code ?? '', share: share(z.share_pct) });
    const id = (k: string) => `zone.${z.code}.${k}`;
    const valueOrMissing = (k: string, label: string, v: number | null, text: (v: number) => string) =>
      v === null
        ? item(id(k), label, t.notRegulated, 'not_in_data', undefined, group)
        : item(id(k), label, text(v), 'data', v, group);
    const heightParts = {
      cornice: r.height_max_m === null ? null : m(r.height_max_m),
      total: r.height_total_max_m === null ? null : m(r.height_total_max_m),
      regime: r.height_regime ? r.height_regime : null,
      floors: r.max_floors === null ? null : String(r.max_floors),
    };
    const hasHeight = Object.values(heightParts).some((v) => v !== null);
    const minParcel = {
      area: r.min_parcel_area_m2 === null ? null : area(r.min_parcel_area_m2),
      frontage: r.min_frontage_m === null ? null : m(r.min_frontage_m),
    };
    const setbacks = {
      front: r.setback_front_m === null ? null : m(r.setback_front_m),
      side: r.setback_side_m === null ? null : m(r.setback_side_m),
      rear: r.setback_rear_m === null ? null : m(r.setback_rear_m),
    };
    const e = z.envelope;
    technical.push(
      valueOrMissing('pot', t.pot, r.pot_max_pct, share),
      valueOrMissing('cut', t.cut, r.cut_max, n),
      hasHeight
        ? item(
            id('height'),
            t.height,
            t.heightText(heightParts),
            'data',
            {
              height_max_m: r.height_max_m,
              height_total_max_m: r.height_total_max_m,
              height_regime: r.height_regime,
              max_floors: r.max_floors,
            },
            group,
          )
        : item(id('height'), t.height, t.notRegulated, 'not_in_data', undefined, group),
      minParcel.area || minParcel.frontage
        ? item(
            id('min_parcel'),
            t.minParcel,
            t.minParcelText(minParcel),
            'data',
            {
              min_parcel_area_m2: r.min_parcel_area_m2,
              min_frontage_m: r.min_frontage_m,
            },
            group,
          )
        : item(id('min_parcel'), t.minParcel, t.notRegulated, 'not_in_data', undefined, group),
      setbacks.front || setbacks.side || setbacks.rear
        ? item(
            id('setbacks'),
            t.setbacks,
            t.setbacksText(setbacks),
            'data',
            {
              setback_front_m: r.setback_front_m,
              setback_side_m: r.setback_side_m,
              setback_rear_m: r.setback_rear_m,
            },
            group,
          )
        : item(id('setbacks'), t.setbacks, t.notRegulated, 'not_in_data', undefined, group),
      item(
        id('envelope'),
        t.envelope,
        t.envelopeText({
          area: `${area(z.area_m2)} (${share(z.share_pct)})`,
          footprint: e.max_footprint_m2 === null ? null : area(e.max_footprint_m2),
          gfa: e.max_gross_floor_area_m2 === null ? null : area(e.max_gross_floor_area_m2),
          height: e.max_height_m === null ? null : m(e.max_height_m),
        }),
        e.max_footprint_m2 === null && e.max_gross_floor_area_m2 === null && e.max_height_m === null
          ? 'not_in_data'
          : 'data',
        { area_m2: z.area_m2, share_pct: z.share_pct, ...e },
        group,
      ),
      r.regulation_url
        ? item(id('regulation'), t.regulation, r.regulation_url, 'data', r.regulation_url, group)
        : item(id('regulation'), t.regulation, t.notInData, 'not_in_data', undefined, group),
    );
  }
  // What an informative certificate states and the data cannot fill: listed, never omitted.
  technical.push(
    item('utilities', t.utilities, t.utilitiesMissing, 'not_in_data'),
    item('access', t.access, input.layersPresent.streets ? t.accessMissingWithStreets : t.accessMissing, 'not_in_data'),
    item('parking', t.parking, t.parkingMissing, 'not_in_data'),
    item('approvals', t.approvals, t.approvalsMissing, 'not_in_data'),
  );
  // 6. Data ----------------------------------------------------------------------------------------------------
  const versions = [...input.dataVersions].sort((a, b) => a.id - b.id);
  const data: CertificateItem[] = [
    item('reflects_date', t.reflects, formatLongDay(input.reflectsDate, lang), 'data', input.reflectsDate),
    item(
      'data_versions',
      t.versions,
      versions
        .map((v) =>
          t.versionLine({
            id: v.id,
            layer: t.layerNames[v.layer] ?? v.layer,
            file: v.source_file,
            imported: instantText(v.imported_at, lang),
            validFrom: instantText(v.valid_from, lang),
          }),
        )
        .join('\n'),
      'data',
      versions,
    ),
    sourcesItem(t, versions, input.streets ?? [], item),
    syntheticItem(t, versions, item),
    item(
      'issued_at',
      t.issuedAtLabel,
      t.issuedAt({ date: formatLongDay(input.issuedLocal.day, lang), time: input.issuedLocal.time }),
      'data',
      input.issuedAt,
    ),
    item('verification', t.verification, t.verificationText({ url: input.verifyUrl }), 'data', input.verifyUrl),
    input.validityMonths
      ? item(
          'validity',
          t.validity,
          t.validityText({
            months: input.validityMonths,
            until: day(addMonths(input.issuedLocal.day, input.validityMonths)),
          }),
          'data',
          { months: input.validityMonths, until: addMonths(input.issuedLocal.day, input.validityMonths) },
        )
      : item('validity', t.validity, t.validityNone, 'data', null),
  ];

  const content: CertificateContent = {
    format: CONTENT_FORMAT,
    language: lang,
    title: t.title,
    issuer: t.issuer,
    authority: input.authority ?? null,
    number: input.number,
    issued_at: input.issuedAt,
    issued_at_text: t.issuedAt({ date: formatLongDay(input.issuedLocal.day, lang), time: input.issuedLocal.time }),
    number_line: t.numberLine({ number: input.number, date: day(input.issuedLocal.day) }),
    reflects_date: input.reflectsDate,
    verify_url: input.verifyUrl,
    law_basis: t.lawBasis,
    uat: answer.uat,
    cadastral_number: answer.cadastral_number,
    sections: [
      { id: 'identification', title: t.sections.identification, items: identification },
      { id: 'purpose', title: t.sections.purpose, items: purpose },
      { id: 'legal', title: t.sections.legal, items: legal },
      { id: 'economic', title: t.sections.economic, items: economic },
      { id: 'technical', title: t.sections.technical, items: technical },
      { id: 'data', title: t.sections.data, items: data },
    ],
    zones_table: zonesTable(t, answer, lang),
    map: certificateMap(t, input),
    notices: { title: t.sections.notices, items: [...t.notices] },
    synthetic_data: syntheticData(t, versions),
    labels: {
      map_title: t.map.title,
      legend: t.map.legend,
      north: t.map.north,
      scale: t.map.scale,
      crs: t.map.crs,
      page: t.page,
      verify: t.verifyCaption,
    },
  };
  return deepMapStrings(content, commaBelow);
}

type ItemMaker = (id: string, label: string, text: string, status?: ItemStatus, value?: unknown) => CertificateItem;

/** The credit each dataset's source requires, and the source of the street names on the map. */
function sourcesItem(
  t: CertificateTexts,
  versions: readonly DataVersionRef[],
  streets: readonly MapStreetRow[],
  item: ItemMaker,
): CertificateItem {
  const lines = versions
    .filter((v) => v.attribution)
    .map((v) => ({ layer: v.layer, id: v.id, text: `${t.layerNames[v.layer] ?? v.layer}: ${v.attribution!}` }));
  const named = [...new Set(streets.filter((s) => s.name).map((s) => s.name_source ?? ''))].filter(
    (source) => source && !lines.some((l) => l.layer === 'streets' && l.text.includes(source)),
  );
  const all = [...lines.map((l) => l.text), ...named.map((source) => t.streetNamesSource({ source }))];
  if (!all.length) return item('sources', t.sources, t.sourcesNone, 'not_in_data');
  return item('sources', t.sources, all.join('\n'), 'data', {
    attributions: lines.map(({ layer, id }) => ({
      layer,
      id,
      attribution: versions.find((v) => v.id === id)!.attribution,
    })),
    street_names: named,
  });
}

function syntheticData(t: CertificateTexts, versions: readonly DataVersionRef[]): SyntheticData | null {
  const datasets = versions
    .filter((v) => v.synthetic)
    .map((v) => ({ id: v.id, layer: v.layer, source_file: v.source_file }));
  return datasets.length ? { mark: t.syntheticMark, datasets } : null;
}

function syntheticItem(t: CertificateTexts, versions: readonly DataVersionRef[], item: ItemMaker): CertificateItem {
  const data = syntheticData(t, versions);
  if (!data) return item('synthetic', t.synthetic, t.syntheticNone, 'data', []);
  const names = [...new Set(data.datasets.map((d) => t.layerNames[d.layer] ?? d.layer))];
  return item('synthetic', t.synthetic, t.syntheticText({ layers: names.join(', ') }), 'data', data.datasets);
}

/** '2026-11-24T08:55:53Z' → '24.11.2026 08:55:53 UTC'; a midnight instant → the day alone. */
function instantText(iso: string, lang: Language): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  if (!m) return iso;
  return m[2] === '00:00:00' ? formatDay(m[1]!, lang) : `${formatDay(m[1]!, lang)} ${m[2]} UTC`;
}

function restrictionLine(
  t: CertificateTexts,
  r: Restriction,
  area: (v: number) => string,
  share: (v: number) => string,
): string {
  const kind = r.kind ?? '';
  const label = (t.names.restrictionKind as Record<string, string>)[kind] ?? kind;
  return t.restrictionLine({
    kind: label,
    name: r.name ?? r.code ?? '',
    area: area(r.area_m2),
    share: share(r.share_pct),
    basis: r.legal_basis,
  });
}

function landUseLabel(t: CertificateTexts, code: string): string {
  const label = (t.names.landUse as Record<string, string>)[code.toUpperCase()];
  return label ? `${label} (${code})` : code;
}

function zonesTable(t: CertificateTexts, answer: ParcelAnswer, lang: Language): CertificateContent['zones_table'] {
  const num = (v: number | null, unit = '') => (v === null ? '—' : `${formatNumber(v, lang)}${unit}`);
  const rows: ZoneTableRow[] = answer.zoning.units.map((z: Zone) => {
    const cls = ZONE_CLASSES.find((c) => c.id === classifyZone(z.code, z.zone_group))!;
    return {
      code: z.code ?? '',
      fill: cls.fill,
      outline: cls.outline,
      cells: [
        z.code ?? '',
        z.plan.code ?? '',
        num(z.area_m2, ' m²'),
        num(z.share_pct, ' %'),
        num(z.regulations.pot_max_pct, ' %'),
        num(z.regulations.cut_max),
        num(z.regulations.height_max_m, ' m'),
        num(z.envelope.max_footprint_m2, ' m²'),
        num(z.envelope.max_gross_floor_area_m2, ' m²'),
      ],
    };
  });
  const notZoned = answer.zoning.not_zoned;
  if (notZoned && rows.length) {
    rows.push({
      code: '',
      fill: null,
      outline: null,
      cells: [t.table.notZoned, '', num(notZoned.area_m2, ' m²'), num(notZoned.share_pct, ' %'), '', '', '', '', ''],
    });
  }
  if (rows.length) {
    const e = answer.zoning.envelope;
    rows.push({
      code: '',
      fill: null,
      outline: null,
      cells: [
        t.table.total,
        '',
        num(answer.area_m2, ' m²'),
        num(answer.zoning.total_share_pct, ' %'),
        '',
        '',
        num(e.max_height_m !== null && Number.isFinite(e.max_height_m) ? e.max_height_m : null, ' m'),
        num(e.max_footprint_m2, ' m²'),
        num(e.max_gross_floor_area_m2, ' m²'),
      ],
    });
  }
  const c = t.table;
  return {
    title: c.title,
    columns: [c.zone, c.plan, c.area, c.share, c.pot, c.cut, c.height, c.footprint, c.gfa],
    rows,
    empty: rows.length ? null : c.none,
  };
}

/** Parses 'rgba(255, 193, 7, 0.5)' or '#rrggbb' into a hex colour and an opacity. */
export function parseColour(css: string): { color: string; opacity: number } {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)$/.exec(css.trim());
  if (!m) return { color: css, opacity: 1 };
  const hex = (v: string) => Number(v).toString(16).padStart(2, '0');
  return { color: `#${hex(m[1]!)}${hex(m[2]!)}${hex(m[3]!)}`, opacity: m[4] === undefined ? 1 : Number(m[4]) };
}

function certificateMap(t: CertificateTexts, input: ContentInput): CertificateMap {
  const { frame } = input;
  const frameArea = (frame.xmax - frame.xmin) * (frame.ymax - frame.ymin);
  const zones: CertificateMap['zones'] = [];
  const plans: CertificateMap['plans'] = [];
  const restrictions: CertificateMap['restrictions'] = [];
  const parcels: Polygons[] = [];
  const labels: CertificateMap['labels'] = [];
  const parcelLabels: CertificateMap['parcel_labels'] = [];
  let subject: Polygons = [];
  const streets: MapStreet[] = [];
  for (const s of input.streets ?? []) {
    const lines = toLines(s.geometry).map((line) => line.map(([x, y]): Position => [round1(x), round1(y)]));
    if (lines.length) streets.push({ name: s.name, lines });
  }
  const classesSeen = new Set<string>();
  const plansSeen = new Set<string>();
  const restrictionsSeen = new Set<string>();
  for (const f of input.mapFeatures) {
    const polygons = toPolygons(f.geometry);
    if (!polygons.length) continue;
    if (f.layer === 'zone') {
      const cls = ZONE_CLASSES.find((c) => c.id === classifyZone(f.code, f.zone_group))!;
      classesSeen.add(cls.id);
      zones.push({ code: f.code ?? '', fill: cls.fill, outline: cls.outline, polygons });
      const largest = [...polygons].sort((a, b) => polygonArea(b) - polygonArea(a))[0]!;
      const at = polygonArea(largest) >= 0.03 * frameArea ? labelPoint(largest) : null;
      if (at && f.code) labels.push({ text: f.code, at: [round1(at[0]), round1(at[1])] });
    } else if (f.layer === 'plan') {
      const kind = (PLAN_KINDS as readonly string[]).includes(f.kind ?? '') ? (f.kind as PlanKind) : 'PUG';
      plansSeen.add(kind);
      plans.push({
        code: f.code ?? '',
        kind,
        color: PLAN_STYLES[kind].color,
        dash: [...PLAN_STYLES[kind].dash],
        polygons,
      });
    } else if (f.layer === 'restriction') {
      const kind = f.kind ?? '';
      restrictionsSeen.add(kind);
      restrictions.push({ kind, ...restrictionStyle(kind), polygons });
    } else if (f.layer === 'parcel') {
      parcels.push(polygons);
      const largest = [...polygons].sort((a, b) => polygonArea(b) - polygonArea(a))[0]!;
      // A number is written where the drawn parcel is large enough to hold it (about 0.3 % of the map).
      const at = polygonArea(largest) >= 0.003 * frameArea ? labelPoint(largest) : null;
      if (at && f.code) parcelLabels.push({ text: f.code, at: [round1(at[0]), round1(at[1])], subject: false });
    } else {
      subject = polygons;
      const largest = [...polygons].sort((a, b) => polygonArea(b) - polygonArea(a))[0];
      const at = largest ? labelPoint(largest) : null;
      if (at) {
        parcelLabels.push({ text: input.answer.cadastral_number, at: [round1(at[0]), round1(at[1])], subject: true });
      }
    }
  }
  const selected = parseColour(PARCEL_COLORS.selectedFill);
  const names = t.names;
  const legend: CertificateMap['legend'] = [
    {
      label: t.map.subject({ number: input.answer.cadastral_number }),
      symbol: { type: 'subject', color: PARCEL_COLORS.selectedLine, fill: selected.color, opacity: selected.opacity },
    },
    ...(parcels.length
      ? [{ label: t.map.neighbours, symbol: { type: 'parcel' as const, color: PARCEL_COLORS.line } }]
      : []),
    ...(streets.length ? [{ label: t.map.streets, symbol: { type: 'street' as const, ...STREET_STYLE } }] : []),
    ...ZONE_CLASSES.filter((c) => classesSeen.has(c.id)).map((c) => ({
      label: names.zoneClass[c.id],
      symbol: { type: 'fill' as const, fill: c.fill, outline: c.outline },
    })),
    ...PLAN_KINDS.filter((k) => plansSeen.has(k)).map((k) => ({
      label: names.planKind[k],
      symbol: { type: 'line' as const, color: PLAN_STYLES[k].color, dash: [...PLAN_STYLES[k].dash] },
    })),
    ...[...restrictionsSeen].sort().map((k) => ({
      label: (names.restrictionKind as Record<string, string>)[k] ?? k,
      symbol: { type: 'hatch' as const, ...restrictionStyle(k) },
    })),
  ];
  return {
    crs: 'EPSG:3844',
    frame: [frame.xmin, frame.ymin, frame.xmax, frame.ymax],
    zones,
    plans,
    restrictions,
    parcels,
    subject: {
      number: input.answer.cadastral_number,
      polygons: subject,
      color: PARCEL_COLORS.selectedLine,
      fill: selected.color,
      opacity: selected.opacity,
    },
    labels,
    parcel_labels: parcelLabels,
    streets,
    caption: streets.length
      ? streetsCaption(t, input.streets ?? [])
      : input.layersPresent.streets
        ? t.map.noStreetsHere
        : t.map.noStreets,
    legend,
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** How streets are drawn: a white line in a grey casing, as a base map draws them. */
export const STREET_STYLE = { color: '#ffffff', casing: '#8d99a6' } as const;

/** The source of the street names on the map (the credit OpenStreetMap asks for near the map), or none. */
function streetsCaption(t: CertificateTexts, rows: readonly MapStreetRow[]): string {
  const sources = [...new Set(rows.filter((r) => r.name && r.name_source).map((r) => r.name_source!))];
  return sources.length ? t.map.streetNamesCaption({ sources: sources.join('; ') }) : '';
}

/** The colour and hatch direction of a restriction kind, as on the web map (legend/palette.ts). */
function restrictionStyle(kind: string): { color: string; direction: HatchDirection } {
  return (RESTRICTION_KINDS as readonly string[]).includes(kind)
    ? { color: RESTRICTION_COLORS[kind as RestrictionKind], direction: RESTRICTION_HATCH[kind as RestrictionKind] }
    : { color: RESTRICTION_FALLBACK_COLOR, direction: 'up' };
}

function deepMapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepMapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMapStrings(v, f)])) as T;
  }
  return value;
}

/** The day `months` months after `day` (YYYY-MM-DD), clamped to the last day of a shorter month. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
