/**
 * The atlas map's style: UAT polygons from the `uat` vector tiles (fetched once), their boundaries with the hover and
 * selection outlines, and a point per UAT for proportional circles. Every paint reads feature-state and never changes:
 * a year, an indicator or a scheme change only rewrites feature-state, so no tile is fetched or parsed again.
 * AtlasMap.svelte owns the map.
 *
 * What a frame costs (issue 18: a year change repaints in under 100 ms, in software WebGL too): line vertices are most
 * of it. The white UAT boundaries are the fill's own outline (1-pixel lines over the fill's vertices, far cheaper than
 * a line layer's triangles), and the one line layer draws the hover and selection outlines only (width 0 elsewhere).
 * That layer reads its own source of the same tiles, so the colours a year change writes into the fill's
 * feature-state re-evaluate the fill's vertices only: MapLibre re-evaluates every layer whose paint reads
 * feature-state, for each feature whose state changed on that layer's source.
 */
import type { ExpressionSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BACKGROUND_COLOR, tileUrl, TILE_ZOOMS } from '../map/style.ts';
import { CIRCLE_COLOR, CIRCLE_RADIUS, FILL_COLOR, STATE } from './classes.ts';

/** The UAT polygons' fill: feature-state holds each UAT's colour. */
export const UAT_SOURCE = { source: 'uat', sourceLayer: 'uat' } as const;
/** The same tiles for the hover and selection outlines: feature-state holds hover and selection. */
export const LINE_SOURCE = { source: 'uat-lines', sourceLayer: 'uat' } as const;
export const POINT_SOURCE = { source: 'uat-points' } as const;
export const LAYER = {
  fill: 'atlas-uat-fill',
  /** Hover and selection outlines. */
  outline: 'atlas-uat-outline',
  circles: 'atlas-uat-circles',
} as const;

/** Fill of the UAT polygons under proportional circles: a quiet ground that still shows which UATs have no data. */
export const CIRCLE_GROUND = '#f3f4f5';

/** Romania, for the first view. */
export const ROMANIA_BOUNDS: [[number, number], [number, number]] = [
  [20.26, 43.62],
  [29.7, 48.27],
];

/** Where the atlas map may be panned: Romania with room around it, so that a portrait screen fits it whole. */
export const ATLAS_MAX_BOUNDS: [[number, number], [number, number]] = [
  [12.0, 38.0],
  [38.0, 53.0],
];

const flag = (key: string): ExpressionSpecification => ['boolean', ['feature-state', key], false];

export function atlasStyle(origin: string): StyleSpecification {
  return {
    version: 8,
    name: 'Atlas teritorial',
    sources: {
      uat: {
        type: 'vector',
        tiles: [tileUrl(origin, 'uat')],
        ...TILE_ZOOMS.uat,
        // Feature-state is keyed by SIRUTA whatever the tile's own feature id is.
        promoteId: 'siruta',
      },
      [LINE_SOURCE.source]: { type: 'vector', tiles: [tileUrl(origin, 'uat')], ...TILE_ZOOMS.uat, promoteId: 'siruta' },
      'uat-points': { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'siruta' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      {
        id: LAYER.fill,
        type: 'fill',
        source: UAT_SOURCE.source,
        'source-layer': UAT_SOURCE.sourceLayer,
        // The antialiasing pass draws each UAT's boundary, white, more opaque as the UATs grow on screen.
        paint: {
          'fill-color': FILL_COLOR,
          'fill-opacity': 0.92,
          'fill-outline-color': [
            'interpolate',
            ['linear'],
            ['zoom'],
            5,
            'rgba(255, 255, 255, 0.3)',
            9,
            'rgba(255, 255, 255, 0.7)',
            12,
            'rgba(255, 255, 255, 0.9)',
          ],
        },
      },
      {
        // A selected UAT's outline (its chart colour) wins over its hover outline.
        id: LAYER.outline,
        type: 'line',
        source: LINE_SOURCE.source,
        'source-layer': LINE_SOURCE.sourceLayer,
        // Width 0 (not opacity 0) when neither: a zero-width line has no fragments to shade.
        paint: {
          'line-color': [
            'case',
            flag(STATE.selected),
            ['to-color', ['coalesce', ['feature-state', STATE.selectedColor], '#111111']],
            '#1f2933',
          ],
          'line-width': ['case', flag(STATE.selected), 3, flag(STATE.hover), 1.5, 0],
        },
      },
      {
        id: LAYER.circles,
        type: 'circle',
        source: POINT_SOURCE.source,
        paint: {
          'circle-color': CIRCLE_COLOR,
          'circle-opacity': 0.55,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.8,
          'circle-radius': CIRCLE_RADIUS,
        },
      },
    ],
  };
}
