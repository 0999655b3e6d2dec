import { describe, expect, it } from 'vitest';
import { createExpression, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { servedLegend } from '../../test-support/served-legend.ts';
import { classifyZone as classify } from './palette.ts';
import {
  buildStyle,
  defaultVisibility,
  groupOfMapLayer,
  hatchSpec,
  hatchImageId,
  LAYER_GROUPS,
  LAYER_IDS,
  NEUTRAL_COLORS,
  setTileZooms,
  streetsCredit,
  TILE_ZOOMS,
  zoneClassExpression,
  type LabelFonts,
} from './style.ts';

// The legend document as /api/client-config serves it (read from the server's code by the unit project's setup).
const LEGEND = servedLegend();
const classifyZone = (code: string | null | undefined, zoneGroup?: string | null) =>
  classify(LEGEND, code, zoneGroup)?.id;

const ORIGIN = 'http://atlas.test:8080';

// The zoom ranges come from the server's TileJSON (/tiles/all.json, from the layer catalog); as it gives them today.
setTileZooms({
  vector_layers: [
    { id: 'uat', minzoom: 0, maxzoom: 14 },
    { id: 'parcels', minzoom: 14, maxzoom: 16 },
    { id: 'zoning', minzoom: 10, maxzoom: 16 },
    { id: 'plans', minzoom: 8, maxzoom: 16 },
    { id: 'restrictions', minzoom: 10, maxzoom: 16 },
    { id: 'permits', minzoom: 13, maxzoom: 16 },
    { id: 'streets', minzoom: 12, maxzoom: 16 },
    { id: 'blocks', minzoom: 12, maxzoom: 16 },
  ],
});

/** Every UTR of the Cluj-Napoca PUG (RLU 2024) with the class it must get. */
const CLUJ_UTR: Record<string, string> = {
  M1: 'mixed',
  M2: 'mixed',
  M3: 'mixed',
  M4: 'mixed',
  Is_A: 'public',
  Liu: 'housing',
  Lip: 'housing',
  Lir: 'housing',
  Lid: 'housing',
  Lc_A: 'housingCollective',
  Lc: 'housingCollective',
  Lcs: 'housingCollective',
  Ei: 'activities',
  EL: 'activities',
  Em: 'activities',
  Ec: 'activities',
  Et: 'activities',
  G_p: 'technical',
  G_c: 'technical',
  G_d: 'technical',
  G_t: 'technical',
  ED: 'technical',
  'Sp / TDS_MAPN': 'public',
  Tr: 'transport',
  'Ta / UTa': 'transport',
  Tf: 'transport',
  A: 'agriculture',
  AL: 'agriculture',
  Aapp: 'agriculture',
  Va: 'green',
  Vs: 'green',
  Ve: 'green',
  VPr: 'green',
  Vp: 'green',
  ZCP_C1: 'zcp',
  ZCP_C2: 'zcp',
  ZCP_M1: 'zcp',
  ZCP_Is_A: 'zcp',
  ZCP_Liu: 'zcp',
  ZCP_L_A: 'zcp',
  ZCP_Va: 'zcp',
  ZCP_RiM: 'zcp',
  UM1: 'urbanisation',
  UIs_A: 'urbanisation',
  ULiu: 'urbanisation',
  'ULi/c': 'urbanisation',
  UEc: 'urbanisation',
  UED: 'urbanisation',
  UVa: 'urbanisation',
  TDA: 'extravilan',
  TDA_L: 'extravilan',
  TDF: 'extravilan',
  RiM: 'restructuring',
  RrM1: 'restructuring',
  RrEm: 'restructuring',
  RrEt: 'restructuring',
};

describe('classifyZone', () => {
  it.each(Object.entries(CLUJ_UTR))('puts %s in %s', (code, expected) => {
    expect(classifyZone(code)).toBe(expected);
  });

  it('falls back to the zone group, then to unclassified', () => {
    expect(classifyZone(null, 'L - ZONA DE LOCUINȚE')).toBe('housing');
    expect(classifyZone('X9', 'V - ZONA VERDE')).toBe('green');
    expect(classifyZone('', '')).toBe('unclassified');
    expect(classifyZone(undefined)).toBe('unclassified');
  });
});

describe('zoneClassExpression', () => {
  const identity = Object.fromEntries(LEGEND.zoneClasses.map((c) => [c.id, c.id]));
  const parsed = createExpression(zoneClassExpression(LEGEND, identity), 'fill-color', {
    type: 'string',
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const evaluate = (properties: Record<string, unknown>) =>
    parsed.value.evaluate({ zoom: 14 }, { properties } as never);

  it('classifies in MapLibre exactly as classifyZone does', () => {
    for (const code of Object.keys(CLUJ_UTR)) expect(evaluate({ code }), code).toBe(classifyZone(code));
  });

  it('uses zone_group when the code says nothing, and tolerates missing properties', () => {
    expect(evaluate({ code: 'X9', zone_group: 'M - ZONA MIXTĂ' })).toBe('mixed');
    expect(evaluate({})).toBe('unclassified');
  });
});

const FONTS: LabelFonts = {
  regular: { latin: '/assets/r-latin.woff2', latinExt: '/assets/r-ext.woff2' },
  semibold: { latin: '/assets/s-latin.woff2', latinExt: '/assets/s-ext.woff2' },
};

describe('buildStyle', () => {
  const style = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, null, LEGEND);

  it('is a valid MapLibre style, with the legend and without it', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(validateStyleMin(buildStyle(ORIGIN, defaultVisibility(), {}, FONTS))).toEqual([]);
    expect(validateStyleMin(buildStyle(ORIGIN))).toEqual([]);
    // With an external base and with a layer from a PMTiles archive (MapView makes its map without validating: these
    // are the styles it can be given).
    const basemap = { url: 'https://ortho.example.ro/{z}/{x}/{y}.png', attribution: 'Ortofoto © ANCPI' };
    expect(validateStyleMin(buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, basemap, LEGEND))).toEqual([]);
    const archives = { parcels: 'https://cdn.example.ro/parcels.pmtiles' };
    expect(validateStyleMin(buildStyle(ORIGIN, defaultVisibility(), archives, FONTS, null, LEGEND))).toEqual([]);
  });

  it('needs nothing from the internet: no glyph server, no sprite; label fonts from its own origin', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const faces = Object.values(style['font-faces'] ?? {}).flat();
    expect(faces.length).toBe(4);
    for (const face of faces)
      expect(typeof face === 'string' ? face : face.url).toMatch(new RegExp(`^${ORIGIN}/assets/`));
    const fonts = new Set(
      style.layers.flatMap((l) => (l.type === 'symbol' ? ((l.layout?.['text-font'] as string[]) ?? []) : [])),
    );
    expect([...fonts].sort()).toEqual(Object.keys(style['font-faces'] ?? {}).sort());
    // Without fonts, no text at all (nothing would draw it).
    expect(JSON.stringify(buildStyle(ORIGIN))).not.toContain('text-field');
  });

  it('labels streets along their lines, UTR codes, parcel numbers at close zoom and UAT names', () => {
    const labels = Object.fromEntries(
      style.layers
        .filter((l) => l.type === 'symbol')
        .map((l) => [
          l.id,
          { field: JSON.stringify(l.layout?.['text-field']), min: l.minzoom, place: l.layout?.['symbol-placement'] },
        ]),
    );
    expect(labels['streets-label']).toMatchObject({ min: 15, place: 'line' });
    expect(labels['streets-label']?.field).toContain('"name"');
    expect(labels['zoning-label']?.field).toContain('"code"');
    expect(labels['parcels-label']).toMatchObject({ min: 17 });
    expect(labels['parcels-label']?.field).toContain('"cadastral_number"');
    expect(labels['uat-label']?.field).toContain('"name"');
  });

  it("credits the streets in the page's language, as their data version says, not with a source's fixed text", () => {
    for (const source of Object.values(style.sources)) expect(source).not.toHaveProperty('attribution');
    const ro = { names: 'Nume de străzi', synthetic: 'geometrie sintetică' };
    const en = { names: 'Street names', synthetic: 'synthetic geometry' };
    const osmLink = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL)';
    expect(streetsCredit(ro, { osm: true, synthetic: true })).toBe(`Nume de străzi ${osmLink}; geometrie sintetică`);
    expect(streetsCredit(en, { osm: true, synthetic: true })).toBe(`Street names ${osmLink}; synthetic geometry`);
    expect(streetsCredit(en, { osm: true, synthetic: false })).toBe(`Street names ${osmLink}`);
    expect(streetsCredit(ro, { osm: false, synthetic: false })).toBe('');
    // Not known yet: the licence's credit is shown, no claim about the geometry is made.
    expect(streetsCredit(ro, null)).toBe(`Nume de străzi ${osmLink}`);
  });

  it('has one vector source per layer with absolute same-origin tile URLs, zoom ranges, feature ids from the tiles', () => {
    expect(Object.keys(style.sources).sort()).toEqual([...LAYER_IDS].sort());
    for (const id of LAYER_IDS) {
      expect(style.sources[id]).toMatchObject({
        type: 'vector',
        tiles: [`${ORIGIN}/tiles/${id}/{z}/{x}/{y}.mvt`],
        minzoom: TILE_ZOOMS[id].minzoom,
        maxzoom: TILE_ZOOMS[id].maxzoom,
      });
    }
    expect(TILE_ZOOMS.parcels.minzoom).toBe(14);
    expect(LAYER_GROUPS.find((g) => g.id === 'plans')?.minzoom).toBe(8);
  });

  it('reads each source layer named like its source', () => {
    for (const layer of style.layers) {
      if (layer.type === 'background') continue;
      expect(layer.source).toBeDefined();
      expect(layer['source-layer']).toBe(layer.source);
      const min = TILE_ZOOMS[layer.source as keyof typeof TILE_ZOOMS].minzoom;
      if (layer.type === 'symbol') expect(layer.minzoom).toBeGreaterThanOrEqual(min);
      else expect(layer.minzoom).toBe(min);
    }
  });

  it('switches the map layers of a hidden group off', () => {
    const hidden = buildStyle(ORIGIN, { ...defaultVisibility(), zoning: false }, {}, FONTS, null, LEGEND);
    for (const layer of hidden.layers) {
      const group = groupOfMapLayer(layer.id);
      const visibility = (layer.layout as { visibility?: string } | undefined)?.visibility;
      if (group) expect(visibility, layer.id).toBe(group === 'zoning' ? 'none' : 'visible');
    }
  });

  it('draws blocks under zoning, streets over the zone fills, parcels above, permits and then labels on top', () => {
    const order = style.layers.map((l) => l.id);
    expect(order.indexOf('blocks-fill')).toBeLessThan(order.indexOf('zoning-fill'));
    expect(order.indexOf('streets-line')).toBeGreaterThan(order.indexOf('zoning-fill'));
    expect(order.indexOf('parcels-line')).toBeGreaterThan(order.indexOf('zoning-fill'));
    const firstLabel = style.layers.findIndex((l) => l.type === 'symbol');
    expect(order.indexOf('permits-circle')).toBe(firstLabel - 1);
    expect(style.layers.slice(firstLabel).every((l) => l.type === 'symbol')).toBe(true);
  });
});

describe('layer groups and legend', () => {
  const style = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, null, LEGEND);
  const layerIds = new Set(style.layers.map((l) => l.id));

  it('switch only layers that exist, and every layer but the background belongs to a group', () => {
    for (const group of LAYER_GROUPS) for (const id of group.mapLayerIds) expect(layerIds.has(id), id).toBe(true);
    for (const id of layerIds) if (id !== 'background') expect(groupOfMapLayer(id), id).not.toBeNull();
  });

  it('lists every layer once', () => {
    expect(LAYER_GROUPS.map((g) => g.id).sort()).toEqual([...LAYER_IDS].sort());
  });

  it('shows the served zoning classes with the colours the map uses', () => {
    const zoning = LAYER_GROUPS.find((g) => g.id === 'zoning')!.legend(LEGEND);
    expect(zoning.map((e) => e.id)).toEqual(LEGEND.zoneClasses.map((c) => c.id));
    for (const [i, entry] of zoning.entries()) {
      const cls = LEGEND.zoneClasses[i]!;
      expect(entry.symbol).toEqual({ type: 'fill', fill: cls.fill, outline: cls.outline });
      expect(entry.label).toEqual({ ro: LEGEND.names.ro.zoneClass[cls.id], en: LEGEND.names.en.zoneClass[cls.id] });
    }
    const fill = JSON.stringify(style.layers.find((l) => l.id === 'zoning-fill'));
    for (const c of LEGEND.zoneClasses) expect(fill).toContain(c.fill);
  });

  it('draws a class added to the served legend, with no change to the web', () => {
    const legend = servedLegend();
    const added = { id: 'quarry', prefixes: ['Q'], fill: '#123456', outline: '#654321' };
    const withQuarry = {
      ...legend,
      zoneClasses: [added, ...legend.zoneClasses],
      zonePrefixRules: [{ prefix: 'Q', classId: 'quarry' }, ...legend.zonePrefixRules],
      names: {
        ro: { ...legend.names.ro, zoneClass: { ...legend.names.ro.zoneClass, quarry: 'Cariere (Q)' } },
        en: { ...legend.names.en, zoneClass: { ...legend.names.en.zoneClass, quarry: 'Quarries (Q)' } },
      },
    };
    const drawn = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, null, withQuarry);
    expect(JSON.stringify(drawn.layers.find((l) => l.id === 'zoning-fill'))).toContain('#123456');
    const entries = LAYER_GROUPS.find((g) => g.id === 'zoning')!.legend(withQuarry);
    expect(entries[0]).toEqual({
      id: 'quarry',
      label: { ro: 'Cariere (Q)', en: 'Quarries (Q)' },
      symbol: { type: 'fill', fill: '#123456', outline: '#654321' },
    });
  });

  it('draws zones in neutral greys, with no kinds or classes in the legend, when the legend cannot be read', () => {
    const grey = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS);
    const paint = (id: string) => grey.layers.find((l) => l.id === id)?.paint as Record<string, unknown>;
    expect(paint('zoning-fill')['fill-color']).toBe(NEUTRAL_COLORS.zoneFill);
    expect(paint('zoning-line')['line-color']).toBe(NEUTRAL_COLORS.zoneOutline);
    const colours = JSON.stringify(grey.layers);
    for (const c of LEGEND.zoneClasses) expect(colours).not.toContain(c.fill);
    for (const id of ['zoning', 'plans', 'restrictions'] as const)
      expect(LAYER_GROUPS.find((g) => g.id === id)!.legend(null)).toEqual([]);
    expect(hatchSpec(null, hatchImageId('flood_zone'))).toBeNull();
    expect(hatchSpec(null, hatchImageId('other'))).toEqual({ color: NEUTRAL_COLORS.line, direction: 'up' });
  });

  it('has a distinct colour per zoning class', () => {
    expect(new Set(LEGEND.zoneClasses.map((c) => c.fill)).size).toBe(LEGEND.zoneClasses.length);
  });

  it('has a hatch image for every hatched restriction kind and none for other ids', () => {
    for (const kind of LEGEND.restrictionKinds) {
      expect(hatchSpec(LEGEND, hatchImageId(kind))).toEqual(
        LEGEND.restrictionSymbol[kind] === 'hatch'
          ? { color: LEGEND.restrictionColors[kind], direction: LEGEND.restrictionHatch[kind] }
          : null,
      );
    }
    expect(hatchSpec(LEGEND, hatchImageId('other'))).toEqual({
      color: LEGEND.restrictionFallbackColor,
      direction: 'up',
    });
    expect(hatchSpec(LEGEND, 'marker-15')).toBeNull();
    expect(hatchSpec(LEGEND, 'hatch-unknown')).toBeNull();
  });

  it('shows each restriction kind as the map draws it: hatched, or outlined with its dash', () => {
    const entries = LAYER_GROUPS.find((g) => g.id === 'restrictions')!.legend(LEGEND);
    expect(entries.map((e) => [e.id, e.symbol.type])).toEqual(
      LEGEND.restrictionKinds.map((k) => [k, LEGEND.restrictionSymbol[k]]),
    );
    const line = JSON.stringify(style.layers.find((l) => l.id === 'restrictions-line'));
    for (const k of LEGEND.restrictionKinds) expect(line).toContain(LEGEND.restrictionColors[k]);
  });

  it('names every restriction kind of the legend with its own correct name, ro and en', () => {
    const group = LAYER_GROUPS.find((g) => g.id === 'restrictions')!;
    const names = Object.fromEntries(
      group.legend(LEGEND).map((e) => [e.id, typeof e.label === 'string' ? e.label : [e.label.ro, e.label.en]]),
    );
    expect(names).toEqual({
      built_heritage_zone: ['Zonă construită protejată', 'Protected built heritage zone'],
      protected_area: ['Arie naturală protejată', 'Protected natural area'],
      monument_zone: ['Zonă de protecție a monumentelor', 'Monument protection zone'],
      flood_zone: ['Zonă inundabilă', 'Flood zone'],
      utility_corridor: ['Culoar de protecție a rețelelor', 'Utility protection corridor'],
      road_widening: ['Lărgire de drum propusă', 'Planned road widening'],
      building_ban: ['Interdicție de construire', 'Building ban'],
    });
  });
});
