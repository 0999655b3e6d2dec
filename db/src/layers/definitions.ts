// The layers of the atlas, one definition each (see catalog.ts for what every field means). The tables are made by
// the migrations (db/migrations/); the source field names the importer tries per column are in
// data-import/src/layers/layer-specs.ts; the colours and paint in web/src/lib/map/.
import { addressKey } from '../parcels/address-key.ts';
import type { LayerDef } from './catalog.ts';

function defineLayer<const D extends LayerDef>(def: D): D {
  return def;
}

export const UAT = defineLayer({
  id: 'uat',
  table: 'uats',
  geometry: 'MultiPolygon',
  key: ['siruta'],
  keyIndexed: true,
  title: { ro: 'Unități administrativ-teritoriale', en: 'Administrative-territorial units' },
  description: 'Unități administrativ-teritoriale (UAT)',
  styleClass: 'boundary',
  columns: [
    { name: 'siruta', type: 'int', required: true },
    { name: 'name', type: 'text', required: true },
    { name: 'county_code', type: 'text' },
    { name: 'county_name', type: 'text' },
    { name: 'rank', type: 'text' },
  ],
  tiles: {
    minzoom: 0,
    maxzoom: 14,
    simplifyBelowZoom: 14,
    // The SIRUTA code is the feature id: the atlas colours UATs by feature-state keyed by SIRUTA, whatever the year
    // or indicator, without refetching a tile (one current row per SIRUTA: uats_siruta_current_idx).
    featureId: 'f.siruta',
    // The whole country at z5-z7 (the atlas's national view): 16 units (two screen pixels of a 512-pixel tile) draw
    // its 3,186 UATs with 2.5 times fewer vertices than 4 units, and still read well at that scale (issue 18: every
    // vertex is drawn again on every year change, and in software WebGL the line vertices are most of a frame). From
    // z8 (a county fills the screen) half a screen pixel, which loses nothing a reader can see.
    simplifyUnits: { 0: 16, 8: 4 },
    attributes: ['id', 'siruta', 'name', 'county_code', 'rank'],
  },
});

export const PARCELS = defineLayer({
  id: 'parcels',
  table: 'parcels',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  key: ['uat_siruta', 'cadastral_number'],
  keyIndexed: true,
  // By dataset version (db/migrations/20261124120000_partition_parcels.ts): an import loads a partition of its own,
  // with `geom_3857` computed while streaming, and attaches it, indexes built in bulk, before COMMIT.
  partitioned: true,
  title: { ro: 'Parcele cadastrale', en: 'Cadastral parcels' },
  description: 'Parcele cadastrale',
  styleClass: 'cadastre',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'cadastral_number', type: 'text', required: true },
    { name: 'land_book_number', type: 'text' },
    { name: 'area_official_m2', type: 'float' },
    { name: 'land_use', type: 'text' },
    // Optional (issue 13): when the file has none, the built-up area limits (layer intravilan) give it, else it stays
    // unknown (NULL) and the answers say so (data-import/src/intravilan.ts).
    { name: 'intravilan', type: 'bool' },
    { name: 'address', type: 'text' },
    // The address search key ("motilor 12" for "Strada Moților nr. 12"), indexed for the search (parcels.repository.ts):
    // worked out while streaming, as the SQL function atlas_address_key would (db/src/parcels/address-key.ts).
    { name: 'address_key', type: 'text', published: false, derived: { from: 'address', by: addressKey } },
  ],
  tiles: {
    minzoom: 14,
    maxzoom: 16,
    simplifyBelowZoom: 0,
    // Only what identifies and styles a parcel: a dense z14 tile holds thousands of them, and every further unique
    // string (address, land book) doubles its bytes. The map reads the rest from the parcel's answer on a click. The
    // row id is the MVT feature id (feature-state); a property would repeat it.
    attributes: ['uat_siruta', 'cadastral_number', 'intravilan'],
  },
});

/** A plan's legal validity: in force from `in_force_from` to `in_force_to`, as the parcel lookup decides it. */
const PLAN_IN_FORCE = { from: 'in_force_from', to: 'in_force_to' } as const;

export const ZONING = defineLayer({
  id: 'zoning',
  table: 'zoning_units',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  title: { ro: 'Unități teritoriale de referință (PUG, PUZ, PUD)', en: 'Zoning units (PUG, PUZ, PUD)' },
  description: 'Unități teritoriale de referință (UTR) ale PUG, PUZ și PUD',
  styleClass: 'planning',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'plan_code', type: 'text', required: true },
    { name: 'code', type: 'text', required: true },
    { name: 'name', type: 'text' },
    { name: 'zone_group', type: 'text' },
    { name: 'category', type: 'text' },
    { name: 'permitted_uses', type: 'text[]' },
    { name: 'conditional_uses', type: 'text[]' },
    { name: 'forbidden_uses', type: 'text[]' },
    { name: 'pot_max_pct', type: 'float' },
    { name: 'cut_max', type: 'float' },
    { name: 'height_max_m', type: 'float' },
    { name: 'height_total_max_m', type: 'float' },
    { name: 'height_regime', type: 'text' },
    { name: 'max_floors', type: 'int' },
    { name: 'min_parcel_area_m2', type: 'float' },
    { name: 'min_frontage_m', type: 'float' },
    { name: 'setback_front_m', type: 'float' },
    { name: 'setback_side_m', type: 'float' },
    { name: 'setback_rear_m', type: 'float' },
    { name: 'regulation_url', type: 'text' },
    { name: 'regulations', type: 'jsonb', default: {}, published: false },
  ],
  // A zoning unit is in force while its plan is.
  validity: { ...PLAN_IN_FORCE, via: { table: 'plans', alias: 'pl', on: 'pl.code = f.plan_code' }, inTiles: true },
  tiles: {
    minzoom: 10,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    attributes: ['id', 'code', 'plan_code', 'name', 'zone_group', 'category', 'pot_max_pct', 'cut_max', 'height_max_m'],
  },
});

export const PLANS = defineLayer({
  id: 'plans',
  table: 'plans',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  key: ['code'],
  title: { ro: 'Planuri urbanistice', en: 'Urban plans' },
  description: 'Planuri urbanistice (PUG, PUZ, PUD)',
  styleClass: 'planning',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'kind', type: 'text', required: true, oneOf: ['PUG', 'PUZ', 'PUD'] },
    { name: 'code', type: 'text', required: true },
    { name: 'title', type: 'text', required: true },
    { name: 'hcl_number', type: 'text' },
    { name: 'hcl_date', type: 'date' },
    { name: 'in_force_from', type: 'date' },
    { name: 'in_force_to', type: 'date' },
    { name: 'overrides_pug', type: 'bool', default: false },
    { name: 'documents', type: 'jsonb', default: [] },
  ],
  validity: { ...PLAN_IN_FORCE, inTiles: true },
  tiles: {
    minzoom: 8,
    maxzoom: 16,
    simplifyBelowZoom: 14,
    attributes: ['id', 'kind', 'code', 'title', 'hcl_number', 'hcl_date'],
  },
});

export const RESTRICTIONS = defineLayer({
  id: 'restrictions',
  table: 'restrictions',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  title: { ro: 'Restricții', en: 'Restrictions' },
  description: 'Restricții: zone protejate, zone de protecție a monumentelor, zone inundabile, culoare',
  styleClass: 'overlay',
  columns: [
    { name: 'uat_siruta', type: 'int' },
    { name: 'kind', type: 'text', required: true },
    { name: 'code', type: 'text' },
    { name: 'name', type: 'text', required: true },
    { name: 'legal_basis', type: 'text' },
    { name: 'description', type: 'text' },
  ],
  tiles: { minzoom: 10, maxzoom: 16, simplifyBelowZoom: 14, attributes: ['id', 'kind', 'code', 'name'] },
});

export const PERMITS = defineLayer({
  id: 'permits',
  table: 'permits',
  geometry: 'Point',
  uatColumn: 'uat_siruta',
  title: {
    ro: 'Certificate de urbanism și autorizații de construire',
    en: 'Urbanism certificates and building permits',
  },
  description: 'Certificate de urbanism și autorizații de construire emise',
  styleClass: 'point',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'kind', type: 'text', required: true, oneOf: ['CU', 'AC'] },
    { name: 'number', type: 'text', required: true },
    { name: 'issued_on', type: 'date', required: true },
    { name: 'purpose', type: 'text' },
    { name: 'address', type: 'text' },
    { name: 'cadastral_number', type: 'text' },
  ],
  // A permit exists from its issue date (OGC `datetime`); the map shows every permit issued.
  validity: { from: 'issued_on', inTiles: false },
  tiles: {
    minzoom: 13,
    maxzoom: 16,
    simplifyBelowZoom: 0,
    attributes: ['id', 'kind', 'number', 'issued_on', 'purpose'],
  },
});

// The context under the map (synthetic city: real OSM street names on generated centrelines, urban blocks).
export const STREETS = defineLayer({
  id: 'streets',
  table: 'streets',
  geometry: 'MultiLineString',
  uatColumn: 'uat_siruta',
  title: {
    ro: 'Străzi (nume OpenStreetMap, geometrie sintetică)',
    en: 'Streets (OpenStreetMap names, synthetic geometry)',
  },
  description: 'Străzi: nume reale (© OpenStreetMap contributors, ODbL), geometrie sintetică',
  styleClass: 'context',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'name', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'name_source', type: 'text' },
  ],
  tiles: { minzoom: 12, maxzoom: 16, simplifyBelowZoom: 14, attributes: ['id', 'name', 'kind'] },
});

export const BLOCKS = defineLayer({
  id: 'blocks',
  table: 'blocks',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  title: { ro: 'Cvartale', en: 'Urban blocks' },
  description: 'Cvartale (sintetice)',
  styleClass: 'context',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'code', type: 'text' },
  ],
  // From zoom 14: below it the city's zoning covers every block (the fill showed nowhere on the first view), while its
  // thousands of small polygons were a third of each tile's bytes and of the first map's drawing.
  tiles: { minzoom: 14, maxzoom: 16, simplifyBelowZoom: 14, attributes: ['id'] },
});

// The built-up area limits (limita intravilanului) of a UAT's general urban plan: stored for the answers (parcels
// whose file says nothing of intravilan take their status from them), not a map layer.
export const INTRAVILAN = defineLayer({
  id: 'intravilan',
  table: 'intravilan_areas',
  geometry: 'MultiPolygon',
  uatColumn: 'uat_siruta',
  title: { ro: 'Limita intravilanului', en: 'Built-up area limits' },
  description: 'Limita intravilanului (PUG)',
  styleClass: 'boundary',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'name', type: 'text' },
  ],
});

/** Every layer, map layers first in the order of the collections and of the `all` tile set. */
export const BUILT_IN_LAYERS = [
  UAT,
  PARCELS,
  ZONING,
  PLANS,
  RESTRICTIONS,
  PERMITS,
  STREETS,
  BLOCKS,
  INTRAVILAN,
] as const;
