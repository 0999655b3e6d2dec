import { describe, expect, it } from 'vitest';
import { LAYER_SPECS } from '../../../data-import/src/layers/layer-specs.ts';
import { LAYER_TABLE, LAYERS } from '../datasets.repository.ts';
import { LAYER_PROPERTIES } from '../features.repository.ts';
import { TILE_LAYERS } from '../../../tiles/src/layers.ts';
import { checkLayer, simplifyUnitsAt, type LayerDef } from './catalog.ts';
import { BUILT_IN_LAYERS } from './definitions.ts';
import { layerDef, MAP_LAYERS, registerLayer } from './registry.ts';

const SMALL: LayerDef = {
  id: 'wells',
  table: 'wells',
  geometry: 'Point',
  title: { ro: 'Fântâni', en: 'Wells' },
  description: 'Fântâni',
  styleClass: 'point',
  columns: [{ name: 'code', type: 'text' }],
  tiles: { minzoom: 12, maxzoom: 16, simplifyBelowZoom: 0, attributes: ['id', 'code'] },
};

describe('layer catalog', () => {
  it('defines every built-in layer once, each consistent with its columns', () => {
    const ids = BUILT_IN_LAYERS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const def of BUILT_IN_LAYERS) expect(() => checkLayer(def)).not.toThrow();
    expect([...MAP_LAYERS]).toEqual([
      'uat',
      'parcels',
      'zoning',
      'plans',
      'restrictions',
      'permits',
      'streets',
      'blocks',
    ]);
  });

  it('refuses a definition naming a column it does not have, or an id a URL cannot carry', () => {
    expect(() => checkLayer({ ...SMALL, key: ['nope'] })).toThrow(/key names an unknown column nope/);
    expect(() => checkLayer({ ...SMALL, tiles: { ...SMALL.tiles!, attributes: ['nope'] } })).toThrow(/tile attribute/);
    expect(() => checkLayer({ ...SMALL, id: 'Wells-2' })).toThrow(/lower-case/);
    expect(() => registerLayer({ ...SMALL, id: 'parcels' })).toThrow(/defined twice/);
  });

  it('keeps a derived column internal: after its source, not published, not in tiles, OGC items or exports', () => {
    const upper = (v: string) => v.toUpperCase();
    const derived = { name: 'code_key', type: 'text', published: false, derived: { from: 'code', by: upper } } as const;
    expect(() => checkLayer({ ...SMALL, columns: [...SMALL.columns, derived] })).not.toThrow();
    expect(() => checkLayer({ ...SMALL, columns: [derived, ...SMALL.columns] })).toThrow(/not a column before it/);
    expect(() => checkLayer({ ...SMALL, columns: [...SMALL.columns, { ...derived, published: true }] })).toThrow(
      /must not be published/,
    );
    expect(() =>
      checkLayer({
        ...SMALL,
        columns: [...SMALL.columns, derived],
        tiles: { ...SMALL.tiles!, attributes: ['id', 'code_key'] },
      }),
    ).toThrow(/internal, not in tiles/);
    // The parcels' address search key.
    expect(LAYER_PROPERTIES.parcels).toContain('address');
    expect(LAYER_PROPERTIES.parcels).not.toContain('address_key');
    expect(Object.keys(TILE_LAYERS.parcels.fields)).not.toContain('address_key');
    const spec = LAYER_SPECS.parcels.columns.find((c) => c.column === 'address_key')!;
    expect(spec.candidates).toEqual([]);
    expect(LAYER_SPECS.parcels.columns[spec.derive!.from]!.column).toBe('address');
  });

  it('derives the importer mapping from the catalog: table, column names and types, key', () => {
    for (const def of BUILT_IN_LAYERS as readonly LayerDef[]) {
      const spec = LAYER_SPECS[def.id as keyof typeof LAYER_SPECS];
      expect(spec.table).toBe(def.table);
      expect(spec.columns.map((c) => [c.column, c.type, Boolean(c.required)])).toEqual(
        def.columns.map((c) => [c.name, c.type, Boolean(c.required)]),
      );
      expect(spec.uniqueKey).toEqual(def.key);
    }
  });

  it('adds a registered layer to the derived lists and tables, and removes it again', () => {
    const unregister = registerLayer(SMALL);
    try {
      expect(LAYERS).toContain('wells');
      expect(LAYER_TABLE['wells' as never]).toBe('wells');
      expect(LAYER_PROPERTIES['wells' as never]).toEqual(['code']);
      expect(TILE_LAYERS['wells' as never]).toMatchObject({
        minzoom: 12,
        fields: { id: ['f.id', 'Number'], code: ['f.code', 'String'] },
      });
    } finally {
      unregister();
    }
    expect(LAYERS).not.toContain('wells');
    expect(layerDef('wells')).toBeUndefined();
    expect('wells' in TILE_LAYERS).toBe(false);
  });

  it('reads the simplification tolerance of a zoom: one number, or the entry of the highest zoom not above it', () => {
    expect(simplifyUnitsAt(undefined, 5)).toBe(1);
    expect(simplifyUnitsAt(4, 12)).toBe(4);
    const byZoom = { 0: 16, 8: 4 };
    expect([0, 5, 7, 8, 13].map((z) => simplifyUnitsAt(byZoom, z))).toEqual([16, 16, 16, 4, 4]);
    expect(simplifyUnitsAt({ 6: 8 }, 3)).toBe(1);
    // The uat tiles: coarse for the national view (z5-z7), fine from a county's view on.
    const uat = TILE_LAYERS.uat.simplifyUnits;
    expect(simplifyUnitsAt(uat, 5)).toBe(16);
    expect(simplifyUnitsAt(uat, 9)).toBe(4);
  });
});
