import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import {
  BASEMAP_SOURCE,
  buildStyle,
  COMPOSITE_SOURCE,
  defaultVisibility,
  LAYER_IDS,
  setTileZooms,
  sourceOf,
  TILE_ZOOMS,
  withCompositeSource,
  withoutCoveredFillOutlines,
  FILLS_OUTLINED_BY_LINES,
  type LabelFonts,
} from './style.ts';
import { servedLegend } from '../../test-support/served-legend.ts';

const ORIGIN = 'http://atlas.test:8080';
const LEGEND = servedLegend();
const FONTS: LabelFonts = {
  regular: { latin: '/assets/r.woff2', latinExt: '/assets/re.woff2' },
  semibold: { latin: '/assets/s.woff2', latinExt: '/assets/se.woff2' },
};
setTileZooms({
  vector_layers: [
    { id: 'uat', minzoom: 0, maxzoom: 14 },
    { id: 'parcels', minzoom: 14, maxzoom: 16 },
    { id: 'zoning', minzoom: 10, maxzoom: 16 },
  ],
});

describe('the composite source', () => {
  const perLayer = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, null, LEGEND);
  const style = withCompositeSource(perLayer, ORIGIN);

  it('is a valid style with one vector source reading the server`s `all` tile set', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(Object.keys(style.sources)).toEqual([COMPOSITE_SOURCE]);
    expect(style.sources[COMPOSITE_SOURCE]).toEqual({
      type: 'vector',
      tiles: [`${ORIGIN}/tiles/all/{z}/{x}/{y}.mvt`],
      minzoom: Math.min(...LAYER_IDS.map((id) => TILE_ZOOMS[id].minzoom)),
      maxzoom: Math.max(...LAYER_IDS.map((id) => TILE_ZOOMS[id].maxzoom)),
    });
  });

  it('keeps every layer as it was (order, source layer, zooms, paint) but for its source', () => {
    expect(style.layers.map((l) => l.id)).toEqual(perLayer.layers.map((l) => l.id));
    perLayer.layers.forEach((layer, i) => {
      const composite = style.layers[i]!;
      if (layer.type === 'background') return expect(composite).toEqual(layer);
      expect(composite).toEqual({ ...layer, source: COMPOSITE_SOURCE });
    });
  });

  it('keeps the external base', () => {
    const withBase = withCompositeSource(
      buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, {
        url: 'https://tiles.test/{z}/{x}/{y}.png',
        attribution: null,
      }),
      ORIGIN,
    );
    expect(Object.keys(withBase.sources).sort()).toEqual([COMPOSITE_SOURCE, BASEMAP_SOURCE].sort());
    expect(withBase.layers.find((l) => l.id === BASEMAP_SOURCE)).toMatchObject({ source: BASEMAP_SOURCE });
  });

  it('is not used once any layer comes from a PMTiles archive', () => {
    expect(sourceOf('parcels')).toBe(COMPOSITE_SOURCE);
    expect(sourceOf('parcels', { zoning: '/z.pmtiles' })).toBe('parcels');
  });
});

describe('fills outlined by their own lines', () => {
  const style = buildStyle(ORIGIN, defaultVisibility(), {}, FONTS, null, LEGEND);
  const lean = withoutCoveredFillOutlines(style);

  it('draw no antialiased outline of their own, every other layer unchanged', () => {
    expect(validateStyleMin(lean)).toEqual([]);
    style.layers.forEach((layer, i) => {
      const after = lean.layers[i]!;
      if ((FILLS_OUTLINED_BY_LINES as readonly string[]).includes(layer.id)) {
        expect(layer.type).toBe('fill');
        expect(after).toEqual({ ...layer, paint: { ...(layer as { paint?: object }).paint, 'fill-antialias': false } });
      } else expect(after).toBe(layer);
    });
  });

  it('each have a line layer of their group over them', () => {
    const ids = style.layers.map((l) => l.id);
    for (const [fill, line] of [
      ['uat-fill', 'uat-line'],
      ['zoning-fill', 'zoning-line'],
      ['restrictions-hatch', 'restrictions-line'],
    ] as const) {
      expect(ids.indexOf(line)).toBeGreaterThan(ids.indexOf(fill));
    }
  });
});
