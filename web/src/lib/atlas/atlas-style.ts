/**
 * The atlas map's style: UAT polygons from the `uat` vector tiles (fetched once), their boundaries with the hover and
 * selection outlines, and a point per UAT for proportional circles. Every paint reads feature-state and never changes:
 * a year, an indicator or a scheme change only rewrites feature-state, so no tile is fetched or parsed again.
 * AtlasMap.svelte owns the map.
 *
 * What a frame costs (issue 18: a year change repaints in under 100 ms, in software WebGL too): the line vertices of
 * the 3,186 UAT boundaries are most of it, so there is one line layer, boundaries and hover/selection outlines alike;
 * and it reads its own source of the same tiles, so that the fill colours a year change writes into feature-state
 * re-evaluate the fill's vertices only (MapLibre re-evaluates every layer whose paint reads feature-state for each
 * feature whose state changed, on its source).
 */
import type { ExpressionSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BACKGROUND_COLOR, tileUrl, TILE_ZOOMS } from '../map/style.ts';
import { CIRCLE_COLOR, CIRCLE_RADIUS, FILL_COLOR, STATE } from './classes.ts';

/** The UAT polygons' fill: feature-state holds each UAT's colour. */
export const UAT_SOURCE = { source: 'uat', sourceLayer: 'uat' } as const;
/** The same tiles for the boundary lines: feature-state holds hover and selection. */
export const LINE_SOURCE = { source: 'uat-lines', sourceLayer: 'uat' } as const;
export const POINT_SOURCE = { source: 'uat-points' } as const;
export const LAYER = {
  fill: 'atlas-uat-fill',
  /** Boundaries, and the hover and selection outlines. */
  line: 'atlas-uat-line',
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

/** A line's width at a zoom stop: the selection's, the hover's, else a boundary's `boundary` pixels. */
const lineWidth = (boundary: number): ExpressionSpecification => [
  'case',
  flag(STATE.selected),
  3,
  flag(STATE.hover),
  1.5,
  boundary,
];

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
        // No antialiasing pass: the boundary lines above cover the polygon edges, and the pass costs a fifth of a frame
        // where WebGL runs in software (headless Chromium, SwiftShader).
        paint: { 'fill-color': FILL_COLOR, 'fill-opacity': 0.92, 'fill-antialias': false },
      },
      {
        // A selected UAT's outline (its chart colour) wins over its hover outline (dark), which wins over the white
        // boundary.
        id: LAYER.line,
        type: 'line',
        source: LINE_SOURCE.source,
        'source-layer': LINE_SOURCE.sourceLayer,
        paint: {
          'line-color': [
            'case',
            flag(STATE.selected),
            ['to-color', ['coalesce', ['feature-state', STATE.selectedColor], '#111111']],
            flag(STATE.hover),
            '#1f2933',
            '#ffffff',
          ],
          'line-opacity': ['case', flag(STATE.selected), 1, flag(STATE.hover), 1, 0.75],
          'line-width': ['interpolate', ['linear'], ['zoom'], 5, lineWidth(0.2), 9, lineWidth(0.8), 12, lineWidth(1.5)],
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
