// How the features of each importable layer map onto its table: the table, columns and their types from the layer
// catalog (db/src/layers/), and the source field names tried for each column (the names found in Romanian data
// first). A mapping file can override the candidates.
import { LAYERS, type ImportLayer } from '../../../db/src/datasets.repository.ts';
import type { ColumnType, GeometryType, LayerDef } from '../../../db/src/layers/catalog.ts';
import { layerDef, STORED_LAYERS, type StoredLayerId } from '../../../db/src/layers/registry.ts';

export type { ColumnType };

/**
 * Importable geometry layers that are not map layers (db/src/datasets.repository.ts LAYERS): their rows serve the
 * importer and the answers, not the tiles.
 */
export const EXTRA_LAYERS: readonly StoredLayerId[] = [...STORED_LAYERS];
export type ExtraLayer = StoredLayerId;

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
  /** Worked out from the value of the column at index `from` (not NULL), never read from the file (LayerDef columns). */
  derive?: { from: number; by: (value: never) => unknown };
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

/**
 * The source field names tried for each column of each layer, the names found in Romanian data first (the column's
 * own name is always tried first). Everything else about a layer (table, columns and their types, what is required,
 * the unique key, partitioning) comes from the layer catalog.
 */
const CANDIDATES: Readonly<Record<GeometryLayerSpec['layer'], Readonly<Record<string, readonly string[]>>>> = {
  uat: {
    siruta: SIRUTA,
    name: ['name', 'nume', 'denumire', 'DENUAT', 'uat_name', 'NAME'],
    county_code: ['county_code', 'cc', 'judet', 'jud', 'mnemonic'],
    county_name: ['county_name', 'cn', 'judet_nume', 'county'],
    rank: ['rank', 'type', 'tip', 'rang'],
  },
  parcels: {
    uat_siruta: SIRUTA,
    cadastral_number: [
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
    land_book_number: ['land_book_number', 'NR_CF', 'nrcf', 'carte_funciara', 'cf'],
    area_official_m2: ['area_official_m2', 'SUPRAFATA', 'suprafata', 'S_ACTE', 'area', 'areaValue'],
    land_use: ['land_use', 'CATEGORIE', 'categorie_folosinta', 'cat_fol', 'use'],
    intravilan: ['intravilan', 'INTRAVILAN', 'intra', 'in_intravilan'],
    address: ['address', 'adresa', 'ADRESA'],
  },
  zoning: {
    uat_siruta: SIRUTA,
    plan_code: ['plan_code', 'plan', 'cod_plan'], // plu:plan
    code: ['code', 'utr', 'UTR', 'utr_code', 'cod_utr', 'zona', 'specificLandUse'],
    name: ['name', 'denumire', 'description', 'descriere', 'specificLandUseTitle'],
    zone_group: ['zone_group', 'group', 'grupa'],
    category: ['category', 'categorie'],
    permitted_uses: ['permitted_uses', 'utilizari_admise'],
    conditional_uses: ['conditional_uses', 'utilizari_conditionate'],
    forbidden_uses: ['forbidden_uses', 'utilizari_interzise'],
    pot_max_pct: ['pot_max_pct', 'POT', 'pot', 'pot_max'],
    cut_max: ['cut_max', 'CUT', 'cut'],
    height_max_m: ['height_max_m', 'h_cornice_max_m', 'hmax', 'H_MAX', 'maximumHeight'],
    height_total_max_m: ['height_total_max_m', 'h_ridge_max_m', 'h_total'],
    height_regime: ['height_regime', 'regim_inaltime', 'RH'],
    max_floors: ['max_floors', 'nr_niveluri', 'niveluri'],
    min_parcel_area_m2: ['min_parcel_area_m2', 'suprafata_minima'],
    min_frontage_m: ['min_frontage_m', 'front_minim'],
    setback_front_m: ['setback_front_m', 'retragere_fata'],
    setback_side_m: ['setback_side_m', 'retragere_laterala'],
    setback_rear_m: ['setback_rear_m', 'retragere_spate'],
    regulation_url: ['regulation_url', 'rlu_url'],
    regulations: ['regulations'],
  },
  plans: {
    uat_siruta: SIRUTA,
    kind: ['kind', 'tip', 'tip_plan', 'type'],
    code: ['code', 'cod', 'cod_plan'],
    title: ['title', 'titlu', 'denumire', 'name'],
    hcl_number: ['hcl_number', 'hcl', 'nr_hcl'],
    hcl_date: ['hcl_date', 'data_hcl'],
    in_force_from: ['in_force_from', 'valabil_de_la', 'valid_from'],
    in_force_to: ['in_force_to', 'valabil_pana_la', 'valid_to'],
    overrides_pug: ['overrides_pug', 'modifica_pug'],
    documents: ['documents', 'documente'],
  },
  restrictions: {
    uat_siruta: SIRUTA,
    kind: ['kind', 'tip', 'type'],
    code: ['code', 'cod', 'cod_lmi'],
    name: ['name', 'denumire', 'nume'],
    legal_basis: ['legal_basis', 'temei_legal', 'baza_legala'],
    description: ['description', 'descriere'],
  },
  permits: {
    uat_siruta: SIRUTA,
    kind: ['kind', 'tip', 'type'],
    number: ['number', 'numar', 'nr'],
    issued_on: ['issued_on', 'data', 'data_emitere', 'date'],
    purpose: ['purpose', 'scop', 'obiect'],
    address: ['address', 'adresa'],
    cadastral_number: ['cadastral_number', 'NR_CAD', 'nrcad', 'IE'],
  },
  // Polygons, or closed lines turned into polygons (import-service.ts).
  intravilan: {
    uat_siruta: SIRUTA,
    name: ['name', 'nume', 'denumire', 'localitate', 'trup'],
  },
  streets: {
    uat_siruta: SIRUTA,
    name: ['name', 'nume', 'denumire', 'NAME', 'strada'],
    kind: ['kind', 'tip', 'highway', 'type'],
    name_source: ['name_source', 'sursa_nume', 'source', 'sursa'],
  },
  blocks: {
    uat_siruta: SIRUTA,
    code: ['code', 'cod', 'id_cvartal', 'cvartal'],
  },
};

const GEOMETRY: Readonly<Record<GeometryType, GeometryLayerSpec['geometry']>> = {
  MultiPolygon: 'polygon',
  MultiLineString: 'line',
  Point: 'point',
};

/** The importer's view of a catalog layer: its table and columns, with the source names tried for each. */
function specOf(def: LayerDef): GeometryLayerSpec {
  const candidates = CANDIDATES[def.id as GeometryLayerSpec['layer']] ?? {};
  const stray = Object.keys(candidates).filter((c) => !def.columns.some((d) => d.name === c));
  if (stray.length) throw new Error(`layer ${def.id}: source names for columns it does not have: ${stray.join(', ')}`);
  return {
    layer: def.id as GeometryLayerSpec['layer'],
    table: def.table,
    geometry: GEOMETRY[def.geometry],
    uatColumn: def.uatColumn,
    ...(def.key ? { uniqueKey: def.key } : {}),
    ...(def.keyIndexed ? { uniqueIndexed: true } : {}),
    ...(def.partitioned ? { partitioned: true } : {}),
    columns: def.columns.map((c): ColumnSpec => ({
      column: c.name,
      type: c.type,
      ...(c.required ? { required: true } : {}),
      candidates: candidates[c.name] ?? [c.name],
      ...(c.default !== undefined ? { fallback: c.default } : {}),
      ...(c.oneOf ? { oneOf: c.oneOf } : {}),
      ...(c.derived
        ? {
            candidates: [],
            derive: { from: def.columns.findIndex((d) => d.name === c.derived!.from), by: c.derived.by },
          }
        : {}),
    })),
  };
}

export const LAYER_SPECS: Readonly<Record<GeometryLayerSpec['layer'], GeometryLayerSpec>> = Object.fromEntries(
  [...LAYERS, ...EXTRA_LAYERS].map((id) => [id, specOf(layerDef(id)!)]),
) as Record<GeometryLayerSpec['layer'], GeometryLayerSpec>;

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
