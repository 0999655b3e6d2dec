// A hand-made zoning answer and map for the unit tests of the certificate content and PDF (no database): parcel
// 100001 of the Florești fixtures, 40 % Liu and 60 % M3, with a protected area and a cedilla in the data.
import type { MapFeatureRow, MapStreetRow } from '../../../db/src/certificates.repository.ts';
import type { ContentInput, ParcelAnswer } from './certificate-content.ts';

const rect = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
];

const regulations = (over: Partial<ParcelAnswer['zoning']['units'][number]['regulations']>) => ({
  permitted_uses: [],
  conditional_uses: [],
  forbidden_uses: [],
  pot_max_pct: null,
  cut_max: null,
  height_max_m: null,
  height_total_max_m: null,
  height_regime: null,
  max_floors: null,
  min_parcel_area_m2: null,
  min_frontage_m: null,
  setback_front_m: null,
  setback_side_m: null,
  setback_rear_m: null,
  regulation_url: null,
  ...over,
});

const pug = { code: 'PUG-57706-2010', kind: 'PUG' as const, hcl_number: '12', hcl_date: '2010-03-30' };

export const ANSWER: ParcelAnswer = {
  id: 1,
  uat: { siruta: 57706, name: 'Florești', county: 'Cluj' },
  cadastral_number: '100001',
  land_book_number: null,
  area_m2: 4000,
  area_official_m2: null,
  land_use: 'CC',
  intravilan: true,
  intravilan_source: 'cadastral_data',
  intravilan_text: { ro: 'intravilan', en: 'inside the built-up area (intravilan)' },
  address: null,
  geometry: { type: 'MultiPolygon', coordinates: rect(23.5, 46.7, 23.501, 46.7004) },
  bbox: [23.5, 46.7, 23.501, 46.7004],
  at: '2026-11-24',
  zoning: {
    units: [
      {
        id: 2,
        code: 'M3',
        name: 'Zonă mixtă',
        zone_group: 'M - ZONA MIXTĂ',
        category: 'ZONE ŞI SUBZONE FUNCŢIONALE',
        plan: pug,
        area_m2: 2400,
        share_pct: 60,
        why: { ro: 'PUG PUG-57706-2010 (HCL 12/2010-03-30)', en: 'PUG PUG-57706-2010 (HCL 12/2010-03-30)' },
        regulations: regulations({
          permitted_uses: ['comerț', 'birouri'],
          pot_max_pct: 40,
          cut_max: 2,
          height_max_m: 22,
          height_regime: 'P+5',
          setback_front_m: 3,
        }),
        envelope: { max_footprint_m2: 960, max_gross_floor_area_m2: 4800, max_height_m: 22 },
      },
      {
        id: 1,
        code: 'Liu',
        name: 'Locuințe individuale',
        zone_group: 'L - ZONA DE LOCUINŢE',
        category: null,
        plan: pug,
        area_m2: 1600,
        share_pct: 40,
        why: { ro: 'PUG PUG-57706-2010 (HCL 12/2010-03-30)', en: 'PUG PUG-57706-2010 (HCL 12/2010-03-30)' },
        regulations: regulations({
          permitted_uses: ['locuinţe individuale'],
          forbidden_uses: ['industrie'],
          pot_max_pct: 35,
          cut_max: 0.9,
          height_max_m: 8,
          min_parcel_area_m2: 300,
          min_frontage_m: 12,
        }),
        envelope: { max_footprint_m2: 560, max_gross_floor_area_m2: 1440, max_height_m: 8 },
      },
    ],
    not_zoned: null,
    boundary_noise: [],
    overridden: [],
    total_share_pct: 100,
    envelope: { max_footprint_m2: 1520, max_gross_floor_area_m2: 6240, max_height_m: 8 },
    plans: [
      {
        ...pug,
        title: 'Plan urbanistic general Florești',
        in_force_from: '2010-04-01',
        in_force_to: null,
        role: 'base',
        scope: 'parcel' as const,
        note: null,
        area_m2: 4000,
        share_pct: 100,
      },
    ],
    restrictions: [
      {
        id: 9,
        kind: 'protected_area',
        kind_name: { ro: 'Arie naturală protejată', en: 'Protected natural area' },
        code: 'ROSCI0001',
        name: 'Arie protejată de test',
        legal_basis: 'OUG 57/2007',
        description: null,
        area_m2: 800,
        share_pct: 20,
      },
    ],
  },
  data_versions: [],
};

const feature = (layer: MapFeatureRow['layer'], code: string | null, kind: string | null, coordinates: unknown) =>
  ({
    layer,
    id: 1,
    code,
    zone_group: null,
    plan_code: null,
    kind,
    geometry: { type: 'MultiPolygon', coordinates },
  }) satisfies MapFeatureRow;

export const MAP_FEATURES: MapFeatureRow[] = [
  feature('zone', 'Liu', 'PUG', rect(-100, -200, 50, 100)),
  feature('zone', 'M3', 'PUG', rect(50, -200, 300, 100)),
  feature('plan', 'PUG-57706-2010', 'PUG', rect(-100, -200, 300, 100)),
  feature('restriction', 'ROSCI0001', 'protected_area', rect(-100, -90, 30, -70)),
  feature('parcel', '100009', null, rect(110, -100, 160, -60)),
  feature('subject', '100001', null, rect(10, -100, 110, -60)),
];

/** Two named streets across the fixture's frame, south and west of the property (names from OpenStreetMap). */
export const STREETS: MapStreetRow[] = [
  {
    id: 1,
    dataset_version_id: 7,
    name: 'Strada Moților',
    kind: 'main',
    name_source: 'OpenStreetMap contributors (ODbL)',
    geometry: {
      type: 'MultiLineString',
      coordinates: [
        [
          [-70, -110],
          [60, -111],
          [190, -112],
        ],
      ],
    },
  },
  {
    id: 2,
    dataset_version_id: 7,
    name: 'Strada Fabricii',
    kind: 'cross',
    name_source: 'OpenStreetMap contributors (ODbL)',
    geometry: {
      type: 'MultiLineString',
      coordinates: [
        [
          [0, -145],
          [0, -15],
        ],
      ],
    },
  },
];

/** The dataset versions of a certificate on the synthetic sample: synthetic, each with its credit. */
export const SYNTHETIC_VERSIONS: ContentInput['dataVersions'] = [
  {
    id: 3,
    layer: 'zoning',
    source_file: 'zoning.geojson',
    imported_at: '2026-11-24T08:00:00Z',
    valid_from: '2010-01-01T00:00:00Z',
    synthetic: true,
    attribution: 'Atlas (date sintetice)',
  },
  {
    id: 7,
    layer: 'streets',
    source_file: 'streets.geojson',
    imported_at: '2026-11-24T08:00:00Z',
    valid_from: '2010-01-01T00:00:00Z',
    synthetic: true,
    attribution: 'Atlas (trasee sintetice); nume de străzi: © OpenStreetMap contributors (ODbL)',
  },
];

export function contentInput(over: Partial<ContentInput> = {}): ContentInput {
  return {
    answer: ANSWER,
    frame: { xmin: -70, ymin: -145, xmax: 190, ymax: -15 },
    mapFeatures: MAP_FEATURES,
    number: 'CUI-57706-2026-000001',
    issuedAt: '2026-11-24T08:42:00Z',
    issuedLocal: { day: '2026-11-24', time: '10:42' },
    reflectsDate: '2026-11-24',
    verifyUrl: 'https://atlas.example.ro/api/certificates/CUI-57706-2026-000001/verify?code=ABCDEFGHIJKLMNOP',
    language: 'ro',
    sliver: { pct: 0.5, m2: 1 },
    dataVersions: [
      {
        id: 3,
        layer: 'zoning',
        source_file: 'zoning.geojson',
        imported_at: '2026-11-24T08:00:00Z',
        valid_from: '2010-01-01T00:00:00Z',
      },
    ],
    layersPresent: { zoning: true, restrictions: true },
    ...over,
  };
}
