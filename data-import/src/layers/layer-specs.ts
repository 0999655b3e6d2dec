// How the features of each importable layer map onto its table: which columns, their types, and the source field
// names tried for each (the names found in Romanian data first). A mapping file can override the candidates.
import type { ImportLayer } from '../../../db/src/datasets.repository.ts';

export type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'date' | 'text[]' | 'jsonb';

/**
 * Importable geometry layers that are not map layers (db/src/datasets.repository.ts LAYERS): their rows serve the
 * importer and the answers, not the tiles.
 */
export const EXTRA_LAYERS = ['intravilan'] as const;
export type ExtraLayer = (typeof EXTRA_LAYERS)[number];

export interface ColumnSpec {
  column: string;
  type: ColumnType;
  required?: boolean;
  /** Property names tried in order (case-insensitive). */
  candidates: readonly string[];
  /** Used when no candidate is present and the column is optional. */
  fallback?: unknown;
  /** The only values allowed (matched case-insensitively, stored as spelled here). */
  oneOf?: readonly string[];
}

export interface GeometryLayerSpec {
  layer: Exclude<ImportLayer, 'indicators' | 'siruta'> | ExtraLayer;
  table: string;
  geometry: 'polygon' | 'point' | 'line';
  /** The column holding the UAT's SIRUTA code; `--uat` fills it when the file has none. */
  uatColumn: string | undefined;
  /** Columns that identify a feature uniquely among the current rows (checked before commit). */
  uniqueKey?: readonly string[];
  /** A unique index on the current rows enforces `uniqueKey` in the table itself. */
  uniqueIndexed?: boolean;
  /**
   * The table is partitioned by dataset version (db/migrations/20261124120000_partition_parcels.ts): an
   * import loads a partition of its own, with `geom_3857` computed while streaming, and attaches it, indexes built in
   * bulk, before COMMIT.
   */
  partitioned?: boolean;
  columns: readonly ColumnSpec[];
}

const SIRUTA = ['uat_siruta', 'siruta', 'SIRUTA', 'cod_siruta', 'SIRUTA_UAT', 'siruta_uat', 'uat'];

export const LAYER_SPECS: Readonly<Record<GeometryLayerSpec['layer'], GeometryLayerSpec>> = {
  uat: {
    layer: 'uat',
    table: 'uats',
    geometry: 'polygon',
    uatColumn: undefined,
    uniqueKey: ['siruta'],
    uniqueIndexed: true,
    columns: [
      { column: 'siruta', type: 'int', required: true, candidates: SIRUTA },
      {
        column: 'name',
        type: 'text',
        required: true,
        candidates: ['name', 'nume', 'denumire', 'DENUAT', 'uat_name', 'NAME'],
      },
      { column: 'county_code', type: 'text', candidates: ['county_code', 'cc', 'judet', 'jud', 'mnemonic'] },
      { column: 'county_name', type: 'text', candidates: ['county_name', 'cn', 'judet_nume', 'county'] },
      { column: 'rank', type: 'text', candidates: ['rank', 'type', 'tip', 'rang'] },
    ],
  },
  parcels: {
    layer: 'parcels',
    table: 'parcels',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    uniqueKey: ['uat_siruta', 'cadastral_number'],
    uniqueIndexed: true,
    partitioned: true,
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      {
        column: 'cadastral_number',
        type: 'text',
        required: true,
        candidates: [
          'cadastral_number',
          'NR_CAD',
          'nrcad',
          'nr_cadastral',
          'IE',
          'cad_no',
          'numar_cadastral',
          'NRCAD',
          // INSPIRE Cadastral Parcels (GML)
          'nationalCadastralReference',
          'label',
        ],
      },
      {
        column: 'land_book_number',
        type: 'text',
        candidates: ['land_book_number', 'NR_CF', 'nrcf', 'carte_funciara', 'cf'],
      },
      {
        column: 'area_official_m2',
        type: 'float',
        candidates: ['area_official_m2', 'SUPRAFATA', 'suprafata', 'S_ACTE', 'area', 'areaValue'],
      },
      {
        column: 'land_use',
        type: 'text',
        candidates: ['land_use', 'CATEGORIE', 'categorie_folosinta', 'cat_fol', 'use'],
      },
      // Optional (issue 13): when the file has none, the built-up area limits (layer intravilan) give it, else it stays
      // unknown (NULL) and the answers say so (data-import/src/intravilan.ts).
      {
        column: 'intravilan',
        type: 'bool',
        candidates: ['intravilan', 'INTRAVILAN', 'intra', 'in_intravilan'],
      },
      { column: 'address', type: 'text', candidates: ['address', 'adresa', 'ADRESA'] },
    ],
  },
  zoning: {
    layer: 'zoning',
    table: 'zoning_units',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      { column: 'plan_code', type: 'text', required: true, candidates: ['plan_code', 'plan', 'cod_plan'] }, // plu:plan
      {
        column: 'code',
        type: 'text',
        required: true,
        candidates: ['code', 'utr', 'UTR', 'utr_code', 'cod_utr', 'zona', 'specificLandUse'],
      },
      {
        column: 'name',
        type: 'text',
        candidates: ['name', 'denumire', 'description', 'descriere', 'specificLandUseTitle'],
      },
      { column: 'zone_group', type: 'text', candidates: ['zone_group', 'group', 'grupa'] },
      { column: 'category', type: 'text', candidates: ['category', 'categorie'] },
      { column: 'permitted_uses', type: 'text[]', candidates: ['permitted_uses', 'utilizari_admise'] },
      { column: 'conditional_uses', type: 'text[]', candidates: ['conditional_uses', 'utilizari_conditionate'] },
      { column: 'forbidden_uses', type: 'text[]', candidates: ['forbidden_uses', 'utilizari_interzise'] },
      { column: 'pot_max_pct', type: 'float', candidates: ['pot_max_pct', 'POT', 'pot', 'pot_max'] },
      { column: 'cut_max', type: 'float', candidates: ['cut_max', 'CUT', 'cut'] },
      {
        column: 'height_max_m',
        type: 'float',
        candidates: ['height_max_m', 'h_cornice_max_m', 'hmax', 'H_MAX', 'maximumHeight'],
      },
      { column: 'height_total_max_m', type: 'float', candidates: ['height_total_max_m', 'h_ridge_max_m', 'h_total'] },
      { column: 'height_regime', type: 'text', candidates: ['height_regime', 'regim_inaltime', 'RH'] },
      { column: 'max_floors', type: 'int', candidates: ['max_floors', 'nr_niveluri', 'niveluri'] },
      { column: 'min_parcel_area_m2', type: 'float', candidates: ['min_parcel_area_m2', 'suprafata_minima'] },
      { column: 'min_frontage_m', type: 'float', candidates: ['min_frontage_m', 'front_minim'] },
      { column: 'setback_front_m', type: 'float', candidates: ['setback_front_m', 'retragere_fata'] },
      { column: 'setback_side_m', type: 'float', candidates: ['setback_side_m', 'retragere_laterala'] },
      { column: 'setback_rear_m', type: 'float', candidates: ['setback_rear_m', 'retragere_spate'] },
      { column: 'regulation_url', type: 'text', candidates: ['regulation_url', 'rlu_url'] },
      { column: 'regulations', type: 'jsonb', candidates: ['regulations'], fallback: {} },
    ],
  },
  plans: {
    layer: 'plans',
    table: 'plans',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    uniqueKey: ['code'],
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      {
        column: 'kind',
        type: 'text',
        required: true,
        candidates: ['kind', 'tip', 'tip_plan', 'type'],
        oneOf: ['PUG', 'PUZ', 'PUD'],
      },
      { column: 'code', type: 'text', required: true, candidates: ['code', 'cod', 'cod_plan'] },
      { column: 'title', type: 'text', required: true, candidates: ['title', 'titlu', 'denumire', 'name'] },
      { column: 'hcl_number', type: 'text', candidates: ['hcl_number', 'hcl', 'nr_hcl'] },
      { column: 'hcl_date', type: 'date', candidates: ['hcl_date', 'data_hcl'] },
      { column: 'in_force_from', type: 'date', candidates: ['in_force_from', 'valabil_de_la', 'valid_from'] },
      { column: 'in_force_to', type: 'date', candidates: ['in_force_to', 'valabil_pana_la', 'valid_to'] },
      { column: 'overrides_pug', type: 'bool', candidates: ['overrides_pug', 'modifica_pug'], fallback: false },
      { column: 'documents', type: 'jsonb', candidates: ['documents', 'documente'], fallback: [] },
    ],
  },
  restrictions: {
    layer: 'restrictions',
    table: 'restrictions',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', candidates: SIRUTA },
      { column: 'kind', type: 'text', required: true, candidates: ['kind', 'tip', 'type'] },
      { column: 'code', type: 'text', candidates: ['code', 'cod', 'cod_lmi'] },
      { column: 'name', type: 'text', required: true, candidates: ['name', 'denumire', 'nume'] },
      { column: 'legal_basis', type: 'text', candidates: ['legal_basis', 'temei_legal', 'baza_legala'] },
      { column: 'description', type: 'text', candidates: ['description', 'descriere'] },
    ],
  },
  permits: {
    layer: 'permits',
    table: 'permits',
    geometry: 'point',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      { column: 'kind', type: 'text', required: true, candidates: ['kind', 'tip', 'type'], oneOf: ['CU', 'AC'] },
      { column: 'number', type: 'text', required: true, candidates: ['number', 'numar', 'nr'] },
      { column: 'issued_on', type: 'date', required: true, candidates: ['issued_on', 'data', 'data_emitere', 'date'] },
      { column: 'purpose', type: 'text', candidates: ['purpose', 'scop', 'obiect'] },
      { column: 'address', type: 'text', candidates: ['address', 'adresa'] },
      { column: 'cadastral_number', type: 'text', candidates: ['cadastral_number', 'NR_CAD', 'nrcad', 'IE'] },
    ],
  },
  // The built-up area limits (limita intravilanului) of a UAT's general urban plan: polygons, or closed lines turned into
  // polygons (import-service.ts). Parcels whose file says nothing of intravilan take their status from them.
  intravilan: {
    layer: 'intravilan',
    table: 'intravilan_areas',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      { column: 'name', type: 'text', candidates: ['name', 'nume', 'denumire', 'localitate', 'trup'] },
    ],
  },
  // The context under the map (synthetic city: real OSM street names on generated centrelines, urban blocks).
  streets: {
    layer: 'streets',
    table: 'streets',
    geometry: 'line',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      { column: 'name', type: 'text', candidates: ['name', 'nume', 'denumire', 'NAME', 'strada'] },
      { column: 'kind', type: 'text', candidates: ['kind', 'tip', 'highway', 'type'] },
      { column: 'name_source', type: 'text', candidates: ['name_source', 'sursa_nume', 'source', 'sursa'] },
    ],
  },
  blocks: {
    layer: 'blocks',
    table: 'blocks',
    geometry: 'polygon',
    uatColumn: 'uat_siruta',
    columns: [
      { column: 'uat_siruta', type: 'int', required: true, candidates: SIRUTA },
      { column: 'code', type: 'text', candidates: ['code', 'cod', 'id_cvartal', 'cvartal'] },
    ],
  },
};

/** The SQL type of each column type. */
export const SQL_TYPE: Readonly<Record<ColumnType, string>> = {
  text: 'text',
  int: 'int',
  float: 'float8',
  bool: 'bool',
  date: 'date',
  'text[]': 'text[]',
  jsonb: 'jsonb',
};
