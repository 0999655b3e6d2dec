// What each map layer puts in a tile: its table, zoom range and attributes. The single source of truth for both
// tile encoders (ST_AsMVT on a PostGIS server, the JS encoder on the embedded engine) and for TileJSON.
import { LAYER_TABLE, LAYERS, type Layer } from '../../db/src/datasets.repository.ts';

export type FieldType = 'String' | 'Number' | 'Boolean';

export interface TileLayer {
  id: Layer;
  table: string;
  /** Below minzoom the layer has no features (an honest 204); above maxzoom clients overzoom. */
  minzoom: number;
  maxzoom: number;
  /** Attribute name → SQL expression over the table's row (aliased `f`) and its MVT type. */
  fields: Readonly<Record<string, readonly [sql: string, type: FieldType]>>;
  /** Simplify below this zoom (geometry detail that a pixel cannot show). */
  simplifyBelowZoom: number;
  /**
   * Simplification tolerance in tile units (1/4096 of a tile; default 1). A 512-pixel screen tile shows 8 units per
   * screen pixel, so up to 4 loses nothing a reader can see.
   */
  simplifyUnits?: number;
  /** SQL of the MVT feature id (what clients key feature-state by); default the row id `f.id`. */
  featureId?: string;
  /**
   * A predicate over the row (`f`) with `$5` the day (date) the tile shows: features whose plan is not in force that
   * day are left out, as the parcel answer leaves them out. A tile of such a layer depends on the day too.
   */
  inForce?: string;
  description: string;
}

const date = (col: string) => `to_char(f.${col}, 'YYYY-MM-DD')`;
/** A plan (alias `pl`) in force on day $5, as the parcel lookup (db/sql/parcels.lookup.sql) decides it. */
const planInForce = (pl: string) =>
  `(${pl}.in_force_from IS NULL OR ${pl}.in_force_from <= $5::date) AND (${pl}.in_force_to IS NULL OR ${pl}.in_force_to >= $5::date)`;

export const TILE_LAYERS: Readonly<Record<Layer, TileLayer>> = {
  uat: {
    id: 'uat',
    table: LAYER_TABLE.uat,
    minzoom: 0,
    maxzoom: 14,
    simplifyBelowZoom: 14,
    // The SIRUTA code is the feature id: the atlas colours UATs by feature-state keyed by SIRUTA, whatever the year
    // or indicator, without refetching a tile (one current row per SIRUTA: uats_siruta_current_idx).
    featureId: 'f.siruta',
    // The whole country at z5-z7: half a screen pixel of tolerance keeps those tiles small.
    simplifyUnits: 4,
    description: 'Unități administrativ-teritoriale (UAT)',
    fields: {
      id: ['f.id', 'Number'],
      siruta: ['f.siruta', 'Number'],
      name: ['f.name', 'String'],
      county_code: ['f.county_code', 'String'],
      rank: ['f.rank', 'String'],
    },
  },
  parcels: {
    id: 'parcels',
    table: LAYER_TABLE.parcels,
    minzoom: 14,
    maxzoom: 16,
    simplifyBelowZoom: 0,
    description: 'Parcele cadastrale',
    // Only what identifies and styles a parcel: a dense z14 tile holds thousands of them, and every further unique
    // string (address, land book) doubles its bytes. The map reads the rest from the parcel's answer on a click. The
    // row id is the MVT feature id (feature-state); a property would repeat it.
    fields: {
      uat_siruta: ['f.uat_siruta', 'Number'],
      cadastral_number: ['f.cadastral_number', 'String'],
      intravilan: ['f.intravilan', 'Boolean'],
    },
  },
  zoning: {
    id: 'zoning',
    table: LAYER_TABLE.zoning,
    minzoom: 10,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    description: 'Unități teritoriale de referință (UTR) ale PUG, PUZ și PUD',
    inForce: `EXISTS (SELECT 1 FROM plans pl WHERE pl.code = f.plan_code AND pl.valid_to IS NULL AND ${planInForce('pl')})`,
    fields: {
      id: ['f.id', 'Number'],
      code: ['f.code', 'String'],
      plan_code: ['f.plan_code', 'String'],
      name: ['f.name', 'String'],
      zone_group: ['f.zone_group', 'String'],
      category: ['f.category', 'String'],
      pot_max_pct: ['f.pot_max_pct', 'Number'],
      cut_max: ['f.cut_max', 'Number'],
      height_max_m: ['f.height_max_m', 'Number'],
    },
  },
  plans: {
    id: 'plans',
    table: LAYER_TABLE.plans,
    minzoom: 8,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    description: 'Planuri urbanistice (PUG, PUZ, PUD)',
    inForce: planInForce('f'),
    fields: {
      id: ['f.id', 'Number'],
      kind: ['f.kind', 'String'],
      code: ['f.code', 'String'],
      title: ['f.title', 'String'],
      hcl_number: ['f.hcl_number', 'String'],
      hcl_date: [date('hcl_date'), 'String'],
    },
  },
  restrictions: {
    id: 'restrictions',
    table: LAYER_TABLE.restrictions,
    minzoom: 10,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    description: 'Restricții: zone protejate, zone de protecție a monumentelor, zone inundabile, culoare',
    fields: {
      id: ['f.id', 'Number'],
      kind: ['f.kind', 'String'],
      code: ['f.code', 'String'],
      name: ['f.name', 'String'],
    },
  },
  permits: {
    id: 'permits',
    table: LAYER_TABLE.permits,
    minzoom: 13,
    maxzoom: 16,
    simplifyBelowZoom: 0,
    description: 'Certificate de urbanism și autorizații de construire emise',
    fields: {
      id: ['f.id', 'Number'],
      kind: ['f.kind', 'String'],
      number: ['f.number', 'String'],
      issued_on: [date('issued_on'), 'String'],
      purpose: ['f.purpose', 'String'],
    },
  },
  streets: {
    id: 'streets',
    table: LAYER_TABLE.streets,
    minzoom: 12,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    description: 'Străzi: nume reale (© OpenStreetMap contributors, ODbL), geometrie sintetică',
    fields: {
      id: ['f.id', 'Number'],
      name: ['f.name', 'String'],
      kind: ['f.kind', 'String'],
    },
  },
  blocks: {
    id: 'blocks',
    table: LAYER_TABLE.blocks,
    minzoom: 12,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    description: 'Cvartale (sintetice)',
    fields: {
      id: ['f.id', 'Number'],
    },
  },
};

export { LAYERS };
export type { Layer };

export function isLayer(id: string): id is Layer {
  return (LAYERS as readonly string[]).includes(id);
}
