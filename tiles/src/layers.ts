// What each map layer puts in a tile: its table, zoom range and attributes, derived from the layer catalog
// (db/src/layers/) for both tile encoders (ST_AsMVT on a PostGIS server, the JS encoder on the embedded engine) and
// for TileJSON.
import { LAYERS, type Layer } from '../../db/src/datasets.repository.ts';
import { columnOf, mvtType, type MvtType, type SimplifyUnits } from '../../db/src/layers/catalog.ts';
import { deriveByMapLayer, isMapLayer, type MapLayerDef } from '../../db/src/layers/registry.ts';

export type FieldType = MvtType;

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
  /** Simplification tolerance in tile units, for every zoom or by zoom (TileDef.simplifyUnits). */
  simplifyUnits?: SimplifyUnits;
  /** SQL of the MVT feature id (what clients key feature-state by); default the row id `f.id`. */
  featureId?: string;
  /**
   * A predicate over the row (`f`) with `$5` the day (date) the tile shows: features whose plan is not in force that
   * day are left out, as the parcel answer leaves them out. A tile of such a layer depends on the day too.
   */
  inForce?: string;
  description: string;
}

/** A date column as the tile's string (YYYY-MM-DD). */
const date = (col: string) => `to_char(f.${col}, 'YYYY-MM-DD')`;

/** Name → [SQL, MVT type] of a layer's tile attributes, from the catalog's columns. */
function tileFields(def: MapLayerDef): TileLayer['fields'] {
  const fields: Record<string, readonly [string, FieldType]> = {};
  for (const a of def.tiles.attributes) {
    if (typeof a !== 'string') {
      fields[a.name] = [a.sql, a.type];
      continue;
    }
    const c = columnOf(def, a)!;
    fields[a] = [c.type === 'date' ? date(a) : `f.${a}`, mvtType(c)];
  }
  return fields;
}

/**
 * The catalog's validity as a predicate over the row (`f`) with `$5` the day the tile shows (for layers whose validity
 * applies to tiles): a plan in force that day, as the parcel lookup (db/sql/parcels.lookup.sql) decides it; a zoning
 * unit whose plan is in force (and current).
 */
function inForce(def: MapLayerDef): string | undefined {
  const v = def.validity;
  if (!v?.inTiles) return undefined;
  const own = (a: string) =>
    [
      v.from && `(${a}.${v.from} IS NULL OR ${a}.${v.from} <= $5::date)`,
      v.to && `(${a}.${v.to} IS NULL OR ${a}.${v.to} >= $5::date)`,
    ]
      .filter(Boolean)
      .join(' AND ');
  if (!v.via) return own('f');
  const r = v.via.alias;
  return `EXISTS (SELECT 1 FROM ${v.via.table} ${r} WHERE ${v.via.on} AND ${r}.valid_to IS NULL AND ${own(r)})`;
}

function tileLayer(def: MapLayerDef): TileLayer {
  const t = def.tiles;
  const predicate = inForce(def);
  return {
    id: def.id as Layer,
    table: def.table,
    minzoom: t.minzoom,
    maxzoom: t.maxzoom,
    simplifyBelowZoom: t.simplifyBelowZoom,
    ...(t.simplifyUnits !== undefined ? { simplifyUnits: t.simplifyUnits } : {}),
    ...(t.featureId !== undefined ? { featureId: t.featureId } : {}),
    ...(predicate ? { inForce: predicate } : {}),
    description: def.description,
    fields: tileFields(def),
  };
}

/** Each map layer's tile definition, derived from the layer catalog (db/src/layers/definitions.ts). */
export const TILE_LAYERS: Readonly<Record<Layer, TileLayer>> = deriveByMapLayer(tileLayer);

export { LAYERS };
export type { Layer };

export function isLayer(id: string): id is Layer {
  return isMapLayer(id);
}
