/**
 * The map's layers and legend, as data. MapView turns this into a MapLibre style; Legend reads the same
 * entries, so a colour changes in one place only. No external sources, glyphs or sprites: the map must work
 * offline, so there are no symbol (text) layers and hatch patterns are generated in code (patterns.ts).
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { MessageKey } from '../i18n/i18n.svelte.ts';
import {
  PARCEL_COLORS,
  PLAN_KINDS,
  PLAN_STYLES,
  RESTRICTION_COLORS,
  RESTRICTION_FALLBACK_COLOR,
  RESTRICTION_HATCH,
  RESTRICTION_KINDS,
  ZONE_CLASSES,
  ZONE_PREFIX_RULES,
  type HatchDirection,
  type RestrictionKind,
  type ZoneClass,
  type ZoneClassId,
} from './palette.ts';

// The colours and classes live in palette.ts (pure, shared with the server's PDF map); re-exported for the web.
export {
  classifyZone,
  PARCEL_COLORS,
  PLAN_KINDS,
  PLAN_STYLES,
  RESTRICTION_COLORS,
  RESTRICTION_HATCH,
  RESTRICTION_KINDS,
  ZONE_CLASS_IDS,
  ZONE_CLASSES,
  ZONE_PREFIX_RULES,
  zoneClass,
  type HatchDirection,
  type PlanKind,
  type RestrictionKind,
  type ZoneClass,
  type ZoneClassId,
} from './palette.ts';

export const LAYER_IDS = ['uat', 'zoning', 'plans', 'restrictions', 'parcels', 'permits'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
export type LayerVisibility = Record<LayerId, boolean>;

/** Zoom range in which the server delivers tiles for each layer; MapLibre overzooms beyond `maxzoom`. */
export const TILE_ZOOMS: Readonly<Record<LayerId, { readonly minzoom: number; readonly maxzoom: number }>> = {
  uat: { minzoom: 0, maxzoom: 14 },
  zoning: { minzoom: 10, maxzoom: 16 },
  plans: { minzoom: 10, maxzoom: 16 },
  restrictions: { minzoom: 10, maxzoom: 16 },
  parcels: { minzoom: 14, maxzoom: 16 },
  permits: { minzoom: 13, maxzoom: 16 },
};

export const MAP_VIEW = {
  center: [23.5897, 46.7693] as [number, number],
  zoom: 13,
  minZoom: 5,
  maxZoom: 19,
  /** Romania with a margin: the atlas has no data outside it. */
  maxBounds: [
    [19.5, 43.0],
    [30.5, 48.9],
  ] as [[number, number], [number, number]],
} as const;

export const BACKGROUND_COLOR = '#e8eaec';

export function tileUrl(origin: string, layer: LayerId): string {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`;
}

// ---------------------------------------------------------------------------------------------------------------
// Zoning: the classes of palette.ts as MapLibre expressions
// ---------------------------------------------------------------------------------------------------------------

/** The same classification as `classifyZone`, as a MapLibre expression that yields `outputs[class]`. */
export function zoneClassExpression(outputs: Readonly<Record<ZoneClassId, string>>): ExpressionSpecification {
  const text = (property: string): ExpressionSpecification => ['to-string', ['coalesce', ['get', property], '']];
  const startsWith = (input: ExpressionSpecification, prefix: string): ExpressionSpecification => [
    '==',
    ['slice', input, 0, prefix.length],
    prefix,
  ];
  const branches: (ExpressionSpecification | string)[] = [];
  for (const property of ['code', 'zone_group']) {
    for (const rule of ZONE_PREFIX_RULES) branches.push(startsWith(text(property), rule.prefix), outputs[rule.classId]);
  }
  return ['case', ...branches, outputs.unclassified] as ExpressionSpecification;
}

function zoneOutputs(pick: (c: ZoneClass) => string): Record<ZoneClassId, string> {
  return Object.fromEntries(ZONE_CLASSES.map((c) => [c.id, pick(c)])) as Record<ZoneClassId, string>;
}

// ---------------------------------------------------------------------------------------------------------------
// Categorical layers
// ---------------------------------------------------------------------------------------------------------------

export const PERMIT_KINDS = ['CU', 'AC'] as const;
export type PermitKind = (typeof PERMIT_KINDS)[number];
export const PERMIT_COLORS: Readonly<Record<PermitKind, string>> = { CU: '#00838f', AC: '#d84315' };
const PERMIT_FALLBACK_COLOR = '#616161';

export const UAT_COLORS = { fill: '#ffffff', line: '#4a5561' } as const;

/** Image id of the hatch pattern of one restriction kind; MapView generates the image on demand. */
export const HATCH_PREFIX = 'hatch-';
export function hatchImageId(kind: RestrictionKind | 'other'): string {
  return `${HATCH_PREFIX}${kind}`;
}
export function hatchSpec(imageId: string): { color: string; direction: HatchDirection } | null {
  if (!imageId.startsWith(HATCH_PREFIX)) return null;
  const kind = imageId.slice(HATCH_PREFIX.length);
  if (kind === 'other') return { color: RESTRICTION_FALLBACK_COLOR, direction: 'up' };
  if (!(RESTRICTION_KINDS as readonly string[]).includes(kind)) return null;
  const k = kind as RestrictionKind;
  return { color: RESTRICTION_COLORS[k], direction: RESTRICTION_HATCH[k] };
}

function matchKind<K extends string>(
  kinds: readonly K[],
  value: (kind: K) => unknown,
  fallback: unknown,
): DataDrivenPropertyValueSpecification<never> {
  const branches = kinds.flatMap((kind) => [kind, value(kind)]);
  return ['match', ['get', 'kind'], ...branches, fallback] as unknown as DataDrivenPropertyValueSpecification<never>;
}

// ---------------------------------------------------------------------------------------------------------------
// Legend and layer groups
// ---------------------------------------------------------------------------------------------------------------

export type LegendSymbol =
  | { readonly type: 'fill'; readonly fill: string; readonly outline: string }
  | { readonly type: 'line'; readonly color: string; readonly width: number; readonly dash?: readonly number[] }
  | { readonly type: 'hatch'; readonly color: string; readonly direction: HatchDirection }
  | { readonly type: 'circle'; readonly fill: string; readonly stroke: string };

export interface LegendEntry {
  readonly id: string;
  readonly labelKey: MessageKey;
  readonly symbol: LegendSymbol;
}

export interface LayerGroup {
  readonly id: LayerId;
  readonly labelKey: MessageKey;
  /** Zoom from which the layer is drawn. */
  readonly minzoom: number;
  readonly defaultVisible: boolean;
  /** The MapLibre layers that the layer panel switches together. */
  readonly mapLayerIds: readonly string[];
  readonly legend: readonly LegendEntry[];
}

/** In the order of the layer panel and the legend (top of the map first). */
export const LAYER_GROUPS: readonly LayerGroup[] = [
  {
    id: 'parcels',
    labelKey: 'layers.parcels',
    minzoom: TILE_ZOOMS.parcels.minzoom,
    defaultVisible: true,
    mapLayerIds: ['parcels-fill', 'parcels-line'],
    legend: [
      {
        id: 'parcel',
        labelKey: 'legend.parcels.parcel',
        symbol: { type: 'line', color: PARCEL_COLORS.line, width: 1 },
      },
      {
        id: 'selected',
        labelKey: 'legend.parcels.selected',
        symbol: { type: 'fill', fill: PARCEL_COLORS.selectedFill, outline: PARCEL_COLORS.selectedLine },
      },
    ],
  },
  {
    id: 'permits',
    labelKey: 'layers.permits',
    minzoom: TILE_ZOOMS.permits.minzoom,
    defaultVisible: true,
    mapLayerIds: ['permits-circle'],
    legend: PERMIT_KINDS.map((kind) => ({
      id: kind,
      labelKey: `legend.permitKind.${kind}` as const,
      symbol: { type: 'circle', fill: PERMIT_COLORS[kind], stroke: '#ffffff' },
    })),
  },
  {
    id: 'restrictions',
    labelKey: 'layers.restrictions',
    minzoom: TILE_ZOOMS.restrictions.minzoom,
    defaultVisible: true,
    mapLayerIds: ['restrictions-fill', 'restrictions-line'],
    legend: RESTRICTION_KINDS.map((kind) => ({
      id: kind,
      labelKey: `legend.restrictionKind.${kind}` as const,
      symbol: { type: 'hatch', color: RESTRICTION_COLORS[kind], direction: RESTRICTION_HATCH[kind] },
    })),
  },
  {
    id: 'plans',
    labelKey: 'layers.plans',
    minzoom: TILE_ZOOMS.plans.minzoom,
    defaultVisible: true,
    mapLayerIds: ['plans-fill', 'plans-line'],
    legend: PLAN_KINDS.map((kind) => ({
      id: kind,
      labelKey: `legend.planKind.${kind}` as const,
      symbol: { type: 'line', color: PLAN_STYLES[kind].color, width: 2, dash: PLAN_STYLES[kind].dash },
    })),
  },
  {
    id: 'zoning',
    labelKey: 'layers.zoning',
    minzoom: TILE_ZOOMS.zoning.minzoom,
    defaultVisible: true,
    mapLayerIds: ['zoning-fill', 'zoning-line'],
    legend: ZONE_CLASSES.map((c) => ({
      id: c.id,
      labelKey: `legend.zoneClass.${c.id}` as const,
      symbol: { type: 'fill', fill: c.fill, outline: c.outline },
    })),
  },
  {
    id: 'uat',
    labelKey: 'layers.uat',
    minzoom: TILE_ZOOMS.uat.minzoom,
    defaultVisible: true,
    mapLayerIds: ['uat-fill', 'uat-line'],
    legend: [
      {
        id: 'boundary',
        labelKey: 'legend.uat.boundary',
        symbol: { type: 'line', color: UAT_COLORS.line, width: 2, dash: [4, 2] },
      },
    ],
  },
];

export function defaultVisibility(): LayerVisibility {
  return Object.fromEntries(LAYER_GROUPS.map((g) => [g.id, g.defaultVisible])) as LayerVisibility;
}

export function layerGroup(id: LayerId): LayerGroup {
  const group = LAYER_GROUPS.find((g) => g.id === id);
  if (!group) throw new Error(`Unknown layer group ${id}`);
  return group;
}

/** Which layer group a MapLibre layer belongs to. */
export function groupOfMapLayer(mapLayerId: string): LayerId | null {
  return LAYER_GROUPS.find((g) => g.mapLayerIds.includes(mapLayerId))?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// The style
// ---------------------------------------------------------------------------------------------------------------

const byZoom = (stops: readonly (readonly [number, number])[]): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as ExpressionSpecification;

const featureState = (name: 'selected' | 'hover'): ExpressionSpecification => [
  'boolean',
  ['feature-state', name],
  false,
];

/** The MapLibre layers, bottom to top. Each layer's `source` and `source-layer` are its group id. */
export function buildLayers(visibility: LayerVisibility = defaultVisibility()): LayerSpecification[] {
  const vis = (id: LayerId) => ({ visibility: visibility[id] ? ('visible' as const) : ('none' as const) });
  const from = (id: LayerId) => ({ source: id, 'source-layer': id, minzoom: TILE_ZOOMS[id].minzoom });
  return [
    { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
    {
      id: 'uat-fill',
      type: 'fill',
      ...from('uat'),
      layout: vis('uat'),
      paint: { 'fill-color': UAT_COLORS.fill, 'fill-opacity': 0.6 },
    },
    {
      id: 'zoning-fill',
      type: 'fill',
      ...from('zoning'),
      layout: vis('zoning'),
      paint: {
        'fill-color': zoneClassExpression(zoneOutputs((c) => c.fill)),
        'fill-opacity': byZoom([
          [10, 0.8],
          [16, 0.6],
        ]),
      },
    },
    {
      id: 'zoning-line',
      type: 'line',
      ...from('zoning'),
      layout: vis('zoning'),
      paint: {
        'line-color': zoneClassExpression(zoneOutputs((c) => c.outline)),
        'line-width': byZoom([
          [10, 0.3],
          [16, 1.2],
        ]),
      },
    },
    {
      id: 'restrictions-fill',
      type: 'fill',
      ...from('restrictions'),
      layout: vis('restrictions'),
      paint: {
        'fill-pattern': matchKind(RESTRICTION_KINDS, (k) => hatchImageId(k), hatchImageId('other')),
        'fill-opacity': 0.75,
      },
    },
    {
      id: 'restrictions-line',
      type: 'line',
      ...from('restrictions'),
      layout: vis('restrictions'),
      paint: {
        'line-color': matchKind(RESTRICTION_KINDS, (k) => RESTRICTION_COLORS[k], RESTRICTION_FALLBACK_COLOR),
        'line-width': byZoom([
          [10, 0.8],
          [16, 2],
        ]),
      },
    },
    {
      // Invisible, only so that a click inside a plan finds it (queryRenderedFeatures).
      id: 'plans-fill',
      type: 'fill',
      ...from('plans'),
      layout: vis('plans'),
      paint: { 'fill-color': '#000000', 'fill-opacity': 0 },
    },
    {
      id: 'plans-line',
      type: 'line',
      ...from('plans'),
      layout: { ...vis('plans'), 'line-join': 'round' },
      paint: {
        'line-color': matchKind(PLAN_KINDS, (k) => PLAN_STYLES[k].color, PLAN_STYLES.PUG.color),
        'line-dasharray': matchKind(PLAN_KINDS, (k) => ['literal', PLAN_STYLES[k].dash], ['literal', [1, 0]]),
        'line-width': byZoom([
          [10, 1],
          [16, 2.5],
        ]),
      },
    },
    {
      id: 'uat-line',
      type: 'line',
      ...from('uat'),
      layout: { ...vis('uat'), 'line-join': 'round' },
      paint: {
        'line-color': UAT_COLORS.line,
        'line-dasharray': [4, 2],
        'line-width': byZoom([
          [6, 0.8],
          [14, 2.4],
        ]),
      },
    },
    {
      id: 'parcels-fill',
      type: 'fill',
      ...from('parcels'),
      layout: vis('parcels'),
      paint: {
        'fill-color': [
          'case',
          featureState('selected'),
          PARCEL_COLORS.selectedFill,
          featureState('hover'),
          PARCEL_COLORS.hoverFill,
          'rgba(0, 0, 0, 0)',
        ],
      },
    },
    {
      id: 'parcels-line',
      type: 'line',
      ...from('parcels'),
      layout: { ...vis('parcels'), 'line-join': 'round' },
      paint: {
        'line-color': [
          'case',
          featureState('selected'),
          PARCEL_COLORS.selectedLine,
          featureState('hover'),
          PARCEL_COLORS.hoverLine,
          PARCEL_COLORS.line,
        ],
        // A zoom curve must be the outermost expression, so the feature-state cases sit inside it.
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          14,
          ['case', featureState('selected'), 3, featureState('hover'), 2, 0.5],
          18,
          ['case', featureState('selected'), 4, featureState('hover'), 2.5, 1.4],
        ],
        'line-opacity': 0.9,
      },
    },
    {
      id: 'permits-circle',
      type: 'circle',
      ...from('permits'),
      layout: vis('permits'),
      paint: {
        'circle-color': matchKind(PERMIT_KINDS, (k) => PERMIT_COLORS[k], PERMIT_FALLBACK_COLOR),
        'circle-radius': byZoom([
          [13, 2.5],
          [15, 4],
          [17, 6.5],
        ]),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': byZoom([
          [13, 0.75],
          [16, 1.5],
        ]),
      },
    },
  ] as LayerSpecification[];
}

/**
 * The whole style: one vector source per layer, tiles from the same origin or, for a layer given in `archives`, from
 * a PMTiles archive (written by `npm run tiles -- export`, with the same tiles and feature ids). Every tile feature carries its row id as
 * the MVT feature id, which MapLibre's feature-state uses as it is (no `promoteId`: parcel tiles have no `id` property).
 */
export function buildStyle(
  origin: string,
  visibility: LayerVisibility = defaultVisibility(),
  archives: Partial<Record<LayerId, string>> = {},
): StyleSpecification {
  const sources = Object.fromEntries(
    LAYER_IDS.map((id) => {
      const archive = archives[id];
      // An archive's zoom range and bounds come from its header, through the pmtiles protocol.
      if (archive) return [id, { type: 'vector' as const, url: `pmtiles://${archive}` }];
      return [id, { type: 'vector' as const, tiles: [tileUrl(origin, id)], ...TILE_ZOOMS[id] }];
    }),
  );
  return { version: 8, name: 'Atlas', sources, layers: buildLayers(visibility) };
}
