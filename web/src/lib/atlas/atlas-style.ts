/**
 * The atlas map's style: UAT polygons from the `uat` vector tiles (fetched once), a point per UAT for proportional
 * circles, selection and hover outlines. Every paint reads feature-state and never changes: a year, an indicator or a
 * scheme change only rewrites feature-state, so no tile is fetched or parsed again. AtlasMap.svelte owns the map.
 */
import type { ExpressionSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BACKGROUND_COLOR, tileUrl, TILE_ZOOMS } from '../map/style.ts';
import { CIRCLE_COLOR, CIRCLE_RADIUS, FILL_COLOR, STATE } from './classes.ts';

export const UAT_SOURCE = { source: 'uat', sourceLayer: 'uat' } as const;
export const POINT_SOURCE = { source: 'uat-points' } as const;
export const LAYER = {
  fill: 'atlas-uat-fill',
  line: 'atlas-uat-line',
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
      'uat-points': { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'siruta' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      {
        id: LAYER.fill,
        type: 'fill',
        source: UAT_SOURCE.source,
        'source-layer': UAT_SOURCE.sourceLayer,
        // No antialiasing pass: the boundary lines above cover the polygon edges, and the pass costs a fifth of a frame
        // where WebGL runs in software (headless Chromium, SwiftShader).
        paint: { 'fill-color': FILL_COLOR, 'fill-opacity': 0.92, 'fill-antialias': false },
      },
      {
        id: LAYER.line,
        type: 'line',
        source: UAT_SOURCE.source,
        'source-layer': UAT_SOURCE.sourceLayer,
        paint: {
          'line-color': '#ffffff',
          'line-opacity': 0.75,
          'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.2, 9, 0.8, 12, 1.5],
        },
      },
      {
        // Hover and selection in one layer: every line layer whose paint reads feature-state is drawn for every UAT
        // boundary on every frame (a zero-width line still runs the vertex shader) and re-evaluated for every UAT whose
        // colour a year change rewrites. A selected UAT's outline wins over its hover outline, as when they were two
        // layers (the selection above).
        id: LAYER.outline,
        type: 'line',
        source: UAT_SOURCE.source,
        'source-layer': UAT_SOURCE.sourceLayer,
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
