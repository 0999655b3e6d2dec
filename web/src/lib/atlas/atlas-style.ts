/**
 * The atlas map's style: UAT polygons from the `uat` vector tiles (fetched once), their boundaries with the hover and
 * selection outlines, and a point per UAT for proportional circles. Every paint reads feature-state and never changes:
 * a year, an indicator or a scheme change only rewrites feature-state, so no tile is fetched or parsed again.
 * AtlasMap.svelte owns the map.
 *
 * What a frame costs (issue 18: a year change repaints in under 100 ms, in software WebGL too): on the national view
 * the UAT boundaries are the largest part (about 40 % of a frame; measured, not assumed). They stay: without them UATs
 * of the same class merge into blobs and the no-data areas lose their units. They are the fill's own outline (1-pixel
 * lines over the fill's vertices); a white line layer of the same boundaries, tried instead, cost as much. The hover
 * and selection outlines are a line layer over a small GeoJSON source holding only the hovered and selected UATs'
 * whole shapes: a line layer over all 3,186 UATs (width 0 but the hovered and selected ones) cost a few ms of every
 * frame and a second load of every tile. No background layer (see MAP_GROUND).
 */
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BACKGROUND_COLOR, tileUrl, TILE_ZOOMS } from '../map/style.ts';

/**
 * The colour under the map: the map container's own background, seen through the canvas where nothing is drawn. No
 * background layer: a layer covering the whole canvas cost a full-screen pass of every frame (about 20 ms in software
 * WebGL, measured on the national view), for the same pixels.
 */
export const MAP_GROUND = BACKGROUND_COLOR;
import { CIRCLE_COLOR, CIRCLE_RADIUS, FILL_COLOR } from './classes.ts';

/** The UAT polygons' fill: feature-state holds each UAT's colour. */
export const UAT_SOURCE = { source: 'uat', sourceLayer: 'uat' } as const;
/**
 * The hover and selection outlines: the whole shapes of the hovered and selected UATs only, each feature with its
 * `siruta`, `role` (OUTLINE_ROLE) and line `color`.
 */
export const OUTLINE_SOURCE = { source: 'uat-outlines' } as const;
export const OUTLINE_ROLE = { hover: 'hover', selected: 'selected' } as const;
/** The hover outline's colour (a selected UAT's is its line's colour in the chart). */
export const HOVER_COLOR = '#1f2933';
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
      [OUTLINE_SOURCE.source]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'uat-points': { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'siruta' },
    },
    layers: [
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
        // A selected UAT's outline (its chart colour) is drawn instead of its hover outline (one feature per UAT).
        id: LAYER.outline,
        type: 'line',
        source: OUTLINE_SOURCE.source,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': ['to-color', ['get', 'color'], HOVER_COLOR],
          'line-width': ['match', ['get', 'role'], OUTLINE_ROLE.selected, 3, 1.5],
        },
      },
      {
        id: LAYER.circles,
        type: 'circle',
        source: POINT_SOURCE.source,
        // Shown only when the view draws circles (AtlasMap.svelte).
        layout: { visibility: 'none' },
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
