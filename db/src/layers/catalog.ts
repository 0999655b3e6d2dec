// The layer catalog: one declarative definition per geometry layer (db/src/layers/definitions.ts), from which the
// repositories, the tile SQL and TileJSON (tiles/), the OGC collections and the exports (server/) and the importer's
// table mapping (data-import/) are derived. Adding a layer costs a migration, one definition and its web styling.
// Pure data and checks: no SQL runs here.

/** A column's type as stored (the importer converts source values to it). */
export type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'date' | 'text[]' | 'jsonb';
/** An attribute's type in a vector tile (TileJSON `vector_layers[].fields`). */
export type MvtType = 'String' | 'Number' | 'Boolean';
export type GeometryType = 'MultiPolygon' | 'MultiLineString' | 'Point';
/** The kind of a published attribute, for typed outputs (FlatGeobuf columns, JSON Schema of the queryables). */
export type ColumnKind = 'int' | 'long' | 'double' | 'bool' | 'string' | 'date';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** A feature without a value is refused by the importer. */
  readonly required?: boolean;
  /** The only values allowed (matched case-insensitively on import, stored as spelled here). */
  readonly oneOf?: readonly string[];
  /** Stored when a feature has no value for an optional column. */
  readonly default?: unknown;
  /** Published in OGC API items and exports; default true. Arrays and JSON are published but not queryable. */
  readonly published?: boolean;
  /**
   * Worked out by the importer from an earlier column of the same row (`by` gets its value, never NULL), never read from
   * a file: a search key, for instance. Such a column is internal (not published, not in tiles).
   */
  readonly derived?: { readonly from: string; readonly by: (value: never) => unknown };
}

/** A tile attribute that is not simply a column: its SQL over the row (alias `f`) and its MVT type. */
export interface TileExpression {
  readonly name: string;
  readonly sql: string;
  readonly type: MvtType;
}

/** Simplification tolerance in tile units: one for every zoom, or by the zoom each one applies from. */
export type SimplifyUnits = number | Readonly<Record<number, number>>;

/** The tolerance in tile units at zoom `z`: the entry of the highest zoom not above `z` (1 when none applies). */
export function simplifyUnitsAt(units: SimplifyUnits | undefined, z: number): number {
  if (units === undefined) return 1;
  if (typeof units === 'number') return units;
  let at = -1;
  let value = 1;
  for (const [from, u] of Object.entries(units)) {
    const zoom = Number(from);
    if (zoom <= z && zoom > at) [at, value] = [zoom, u];
  }
  return value;
}

export interface TileDef {
  /** Below minzoom the layer has no features (an honest 204); above maxzoom clients overzoom. */
  readonly minzoom: number;
  readonly maxzoom: number;
  /**
   * What a tile carries, in order: a column name (its SQL and MVT type follow from the column; dates as YYYY-MM-DD;
   * `id` is the row id) or an expression.
   */
  readonly attributes: readonly (string | TileExpression)[];
  /** Simplify below this zoom (geometry detail that a pixel cannot show). */
  readonly simplifyBelowZoom: number;
  /**
   * Simplification tolerance in tile units (1/4096 of a tile; default 1). A 512-pixel screen tile shows 8 units per
   * screen pixel, so up to 4 loses nothing a reader can see. Either one number for every zoom or by zoom: `{ 0: 16,
   * 8: 4 }` is 16 units below z8 and 4 from z8 on (see simplifyUnitsAt).
   */
  readonly simplifyUnits?: SimplifyUnits;
  /** SQL of the MVT feature id (what clients key feature-state by); default the row id `f.id`. */
  readonly featureId?: string;
}

/**
 * When a row is in force beyond its dataset version (valid_from/valid_to): between two date columns, either end
 * optional and open when NULL, of the row itself or of the row it refers to (`via`, which must be current too).
 */
export interface ValidityDef {
  readonly from?: string;
  readonly to?: string;
  readonly via?: { readonly table: string; readonly alias: string; readonly on: string };
  /** Tiles show only the rows in force on the day they are drawn for (the day is then part of the cache key). */
  readonly inTiles: boolean;
}

export interface LayerDef {
  /** The id in tiles, OGC collections, exports and imports: lower-case letters. */
  readonly id: string;
  readonly table: string;
  readonly geometry: GeometryType;
  /** The attribute columns, in publication order (besides id, geom, geom_3857 and the version bookkeeping). */
  readonly columns: readonly ColumnDef[];
  /** The column holding the UAT's SIRUTA code (`--uat` fills it when the file has none). */
  readonly uatColumn?: string;
  /** Columns that identify a feature among the current rows (checked before an import commits). */
  readonly key?: readonly string[];
  /** A unique index on the current rows enforces `key` in the table itself. */
  readonly keyIndexed?: boolean;
  /** Partitioned by dataset version: an import loads a partition of its own and attaches it. */
  readonly partitioned?: boolean;
  readonly title: { readonly ro: string; readonly en: string };
  /** What the layer holds, in Romanian (TileJSON). */
  readonly description: string;
  /** The class the web styles the layer by (its colours and paint stay in web/). */
  readonly styleClass: 'boundary' | 'cadastre' | 'planning' | 'overlay' | 'point' | 'context';
  /** A map layer: served as tiles, OGC API collection and export. Absent: stored for the answers only. */
  readonly tiles?: TileDef;
  readonly validity?: ValidityDef;
}

/** The row id: published by every map layer besides its columns. */
export const ID_COLUMN: ColumnDef = { name: 'id', type: 'int', published: false };

export function columnOf(def: LayerDef, name: string): ColumnDef | undefined {
  return name === 'id' ? ID_COLUMN : def.columns.find((c) => c.name === name);
}

/** The attributes published in OGC API items and exports, in order. */
export function publishedColumns(def: LayerDef): ColumnDef[] {
  return def.columns.filter((c) => c.published !== false);
}

/** Whether a CQL2 filter may name the column (arrays and JSON are published but not filterable). */
export const isQueryable = (c: ColumnDef) => c.type !== 'text[]' && c.type !== 'jsonb';

export function columnKind(c: ColumnDef): ColumnKind {
  if (c.name === 'id') return 'long';
  switch (c.type) {
    case 'int':
      return 'int';
    case 'float':
      return 'double';
    case 'bool':
      return 'bool';
    case 'date':
      return 'date';
    default:
      return 'string';
  }
}

export function mvtType(c: ColumnDef): MvtType {
  if (c.name === 'id' || c.type === 'int' || c.type === 'float') return 'Number';
  return c.type === 'bool' ? 'Boolean' : 'String';
}

/** Refuses a definition that names columns it does not have, or an id the routes cannot carry. */
export function checkLayer(def: LayerDef): void {
  const problem = (m: string) => new Error(`layer ${def.id}: ${m}`);
  if (!/^[a-z]+$/.test(def.id)) throw problem('the id must be lower-case letters (it is part of URLs)');
  if (!/^[a-z_][a-z0-9_]*$/.test(def.table)) throw problem(`bad table name ${def.table}`);
  const names = new Set(def.columns.map((c) => c.name));
  for (const c of def.columns) if (!/^[a-z_][a-z0-9_]*$/.test(c.name)) throw problem(`bad column name ${c.name}`);
  if (names.size !== def.columns.length) throw problem('a column is defined twice');
  const known = (n: string | undefined, what: string) => {
    if (n !== undefined && !names.has(n)) throw problem(`${what} names an unknown column ${n}`);
  };
  def.columns.forEach((c, i) => {
    if (!c.derived) return;
    if (!def.columns.slice(0, i).some((d) => d.name === c.derived!.from)) {
      throw problem(`column ${c.name} is derived from ${c.derived.from}, which is not a column before it`);
    }
    if (c.published !== false) throw problem(`the derived column ${c.name} must not be published`);
    if (c.required || c.default !== undefined) throw problem(`the derived column ${c.name} has no value of its own`);
  });
  known(def.uatColumn, 'uatColumn');
  for (const k of def.key ?? []) known(k, 'key');
  if (!def.validity?.via) {
    known(def.validity?.from, 'validity.from');
    known(def.validity?.to, 'validity.to');
  }
  for (const a of def.tiles?.attributes ?? []) {
    if (typeof a !== 'string' || a === 'id') continue;
    known(a, 'a tile attribute');
    if (def.columns.find((c) => c.name === a)!.derived)
      throw problem(`the derived column ${a} is internal, not in tiles`);
  }
  if (def.tiles && def.tiles.minzoom > def.tiles.maxzoom) throw problem('minzoom is above maxzoom');
}
