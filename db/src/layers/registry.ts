// The layers known to this process: the built-in definitions, and any a test (or an extension) registers.
// Derived lists and tables (db's LAYERS and LAYER_TABLE, tiles' TILE_LAYERS, the published columns) are plain objects
// kept by `deriveByMapLayer`, so a layer registered later appears in them too (and leaves them when unregistered), and
// the hot paths read plain objects.
import { checkLayer, type LayerDef, type TileDef } from './catalog.ts';
import { BUILT_IN_LAYERS } from './definitions.ts';

type BuiltIn = (typeof BUILT_IN_LAYERS)[number];
/** The ids of the built-in map layers (tiles, OGC collections, exports). */
export type MapLayerId = Extract<BuiltIn, { tiles: object }>['id'];
/** The ids of the built-in layers stored for the answers only. */
export type StoredLayerId = Exclude<BuiltIn['id'], MapLayerId>;

/** A definition of a map layer (it has tiles). */
export type MapLayerDef = LayerDef & { readonly tiles: TileDef };

const defs = new Map<string, LayerDef>();
const mapIds: MapLayerId[] = [];
const storedIds: StoredLayerId[] = [];
const listeners: { added: (def: MapLayerDef) => void; removed: (id: string) => void }[] = [];

/** The map layers in order (a registered layer last). The same array for the life of the process. */
export const MAP_LAYERS: readonly MapLayerId[] = mapIds;
/** The layers that are stored but not published (the built-up area limits). */
export const STORED_LAYERS: readonly StoredLayerId[] = storedIds;

function add(def: LayerDef): void {
  checkLayer(def);
  if (defs.has(def.id)) throw new Error(`layer ${def.id} is defined twice`);
  defs.set(def.id, def);
  if (!def.tiles) {
    storedIds.push(def.id as StoredLayerId);
    return;
  }
  mapIds.push(def.id as MapLayerId);
  for (const l of listeners) l.added(def as MapLayerDef);
}

for (const def of BUILT_IN_LAYERS) add(def);

/** The definition of a layer, map layer or stored; undefined when unknown. */
export function layerDef(id: string): LayerDef | undefined {
  return defs.get(id);
}

/** The definition of a map layer; throws when `id` is none. */
export function mapLayerDef(id: string): MapLayerDef {
  const def = defs.get(id);
  if (!def?.tiles) throw new Error(`not a map layer: ${id}`);
  return def as MapLayerDef;
}

export function isMapLayer(id: string): id is MapLayerId {
  return Boolean(defs.get(id)?.tiles);
}

/**
 * A record with one entry per map layer, `derive(def)`, kept up to date as layers are registered and unregistered.
 */
export function deriveByMapLayer<T>(derive: (def: MapLayerDef) => T): Readonly<Record<MapLayerId, T>> {
  const out: Record<string, T> = {};
  const added = (def: MapLayerDef) => void (out[def.id] = derive(def));
  for (const id of mapIds) added(defs.get(id) as MapLayerDef);
  listeners.push({ added, removed: (id) => delete out[id] });
  return out as Record<MapLayerId, T>;
}

/**
 * Adds a layer to this process's catalog (its table must exist: a migration). It then appears in the tiles, the OGC
 * collections and the exports (the importer's mapping is built from the built-in layers). Returns what removes it
 * again (a test's cleanup).
 */
export function registerLayer(def: LayerDef): () => void {
  add(def);
  return () => {
    if (defs.get(def.id) !== def) return;
    defs.delete(def.id);
    for (const list of [mapIds, storedIds] as string[][]) {
      const i = list.indexOf(def.id);
      if (i >= 0) list.splice(i, 1);
    }
    if (def.tiles) for (const l of listeners) l.removed(def.id);
  };
}
