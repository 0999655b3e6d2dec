/**
 * The map's layers and legend, as data. MapView turns this into a MapLibre style; Legend reads the same
 * entries, so a colour changes in one place only. No external sources, glyph servers or sprites: the map must work
 * offline. Labels are drawn from font files the app itself serves (the style's `font-faces`, Noto Sans woff2 from
 * @fontsource, which MapLibre rasterises in the browser), and hatch patterns are generated in code (patterns.ts).
 * An optional external base (a MapLibre style or a raster XYZ/WMS service) goes under everything (basemap.ts).
 */
import type {
  DataDrivenPropertyValueSpecification,
  FontFacesSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { MessageKey } from '../i18n/i18n.svelte.ts';
import {
  fallbackZoneClass,
  restrictionLook,
  type HatchDirection,
  type LegendDocument,
  type ParcelColors,
  type ZoneClass,
} from './palette.ts';

// The colours and classes come from the server's legend document (`legend` in /api/client-config), passed in.
export type { HatchDirection, LegendDocument, ZoneClass } from './palette.ts';

export const LAYER_IDS = ['uat', 'blocks', 'zoning', 'plans', 'restrictions', 'streets', 'parcels', 'permits'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
export type LayerVisibility = Record<LayerId, boolean>;

export type TileZooms = Readonly<Record<LayerId, { readonly minzoom: number; readonly maxzoom: number }>>;

/**
 * Zoom range in which the server delivers tiles for each layer; MapLibre overzooms beyond `maxzoom`. Read from the
 * server's TileJSON (`/tiles/all.json`, derived from the layer catalog in db/) by `loadTileZooms` before the app is
 * mounted; until then, and when it cannot be read, every layer is asked for from zoom 0 (the server answers 204 below a
 * layer's range).
 */
export const TILE_ZOOMS: TileZooms = Object.fromEntries(
  LAYER_IDS.map((id) => [id, { minzoom: 0, maxzoom: 16 }]),
) as Record<LayerId, { minzoom: number; maxzoom: number }>;

/** Takes the zoom ranges of a TileJSON document's `vector_layers` (the layers it names; others are left as they are). */
export function setTileZooms(tileJson: {
  vector_layers?: readonly { id: string; minzoom?: number; maxzoom?: number }[];
}): void {
  for (const l of tileJson.vector_layers ?? []) {
    const range = (TILE_ZOOMS as Record<string, { minzoom: number; maxzoom: number }>)[l.id];
    if (!range) continue;
    if (typeof l.minzoom === 'number') range.minzoom = l.minzoom;
    if (typeof l.maxzoom === 'number') range.maxzoom = l.maxzoom;
  }
}

let zoomsLoading: Promise<void> | undefined;

/** Reads the layers' zoom ranges from the server's TileJSON once; never fails (the ranges then stay open). */
export function loadTileZooms(origin: string): Promise<void> {
  zoomsLoading ??= (async () => {
    try {
      const response = await fetch(`${origin}/tiles/all.json`, { headers: { accept: 'application/json' } });
      if (response.ok) setTileZooms((await response.json()) as Parameters<typeof setTileZooms>[0]);
    } catch {
      // Offline or no server: the map asks for every layer from zoom 0.
    }
  })();
  return zoomsLoading;
}

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

/** The id of the external base's source and layer (ATLAS_BASEMAP). */
export const BASEMAP_SOURCE = 'basemap';

export function tileUrl(origin: string, layer: LayerId): string {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`;
}

// ---------------------------------------------------------------------------------------------------------------
// Zoning: the classes of the served legend as MapLibre expressions
// ---------------------------------------------------------------------------------------------------------------

/** What the map draws with when the legend cannot be read (`legend` null): zones in neutral greys, lines in grey. */
export const NEUTRAL_COLORS = {
  zoneFill: '#c9c9c9',
  zoneOutline: '#8a8a8a',
  line: '#5f5f5f',
  ink: '#333333',
} as const;
export const NEUTRAL_PARCEL_COLORS: ParcelColors = {
  line: '#333333',
  hoverLine: '#000000',
  selectedLine: '#000000',
  hoverFill: 'rgba(0, 0, 0, 0.08)',
  selectedFill: 'rgba(0, 0, 0, 0.22)',
  selectedHalo: '#ffffff',
};

/** The same classification as `classifyZone`, as a MapLibre expression that yields `outputs[class]`. */
export function zoneClassExpression(
  legend: LegendDocument,
  outputs: Readonly<Record<string, string>>,
): ExpressionSpecification {
  const text = (property: string): ExpressionSpecification => ['to-string', ['coalesce', ['get', property], '']];
  const startsWith = (input: ExpressionSpecification, prefix: string): ExpressionSpecification => [
    '==',
    ['slice', input, 0, prefix.length],
    prefix,
  ];
  const branches: (ExpressionSpecification | string)[] = [];
  for (const property of ['code', 'zone_group']) {
    for (const rule of legend.zonePrefixRules) {
      const output = outputs[rule.classId];
      if (output !== undefined) branches.push(startsWith(text(property), rule.prefix), output);
    }
  }
  const fallback = outputs[fallbackZoneClass(legend)?.id ?? ''] ?? NEUTRAL_COLORS.zoneFill;
  return (branches.length > 0 ? ['case', ...branches, fallback] : ['literal', fallback]) as ExpressionSpecification;
}

/** A zone colour: by class from the legend, or one neutral grey without it. */
function zoneColor(
  legend: LegendDocument | null,
  pick: (c: ZoneClass) => string,
  neutral: string,
): ExpressionSpecification | string {
  if (!legend) return neutral;
  return zoneClassExpression(legend, Object.fromEntries(legend.zoneClasses.map((c) => [c.id, pick(c)])));
}

// ---------------------------------------------------------------------------------------------------------------
// Categorical layers
// ---------------------------------------------------------------------------------------------------------------

export const PERMIT_KINDS = ['CU', 'AC'] as const;
export type PermitKind = (typeof PERMIT_KINDS)[number];
export const PERMIT_COLORS: Readonly<Record<PermitKind, string>> = { CU: '#00838f', AC: '#d84315' };
const PERMIT_FALLBACK_COLOR = '#616161';

export const UAT_COLORS = { fill: '#ffffff', line: '#4a5561' } as const;

/** The context base: blocks a shade darker than the background, streets white with a grey casing, labels in ink. */
export const CONTEXT_COLORS = {
  block: '#f3f0e8',
  blockOutline: '#d6d0c4',
  street: '#ffffff',
  streetCasing: '#a8a196',
  label: '#1f2933',
  halo: '#ffffff',
} as const;

/** The font stacks of the labels (the names of the style's `font-faces`). */
export const FONT_REGULAR = 'Noto Sans Regular';
export const FONT_SEMIBOLD = 'Noto Sans SemiBold';

/** Font files per stack and Unicode range: `latin` covers â î, `latinExt` covers ă ș ț (U+0100-02BA). */
export interface LabelFonts {
  readonly regular: { readonly latin: string; readonly latinExt: string };
  readonly semibold: { readonly latin: string; readonly latinExt: string };
}
const LATIN_RANGE = ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2212'];
const LATIN_EXT_RANGE = ['U+0100-02BA', 'U+02BD-02C5', 'U+02C7-02CC', 'U+02CE-02D7', 'U+02DD-02FF', 'U+1E00-1E9F'];

/** The style's `font-faces`: every label font from this app's own files (relative URLs made absolute on `origin`). */
export function fontFaces(origin: string, fonts: LabelFonts): FontFacesSpecification {
  const abs = (url: string) =>
    /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
  const faces = (f: LabelFonts['regular']) => [
    { url: abs(f.latin), 'unicode-range': LATIN_RANGE },
    { url: abs(f.latinExt), 'unicode-range': LATIN_EXT_RANGE },
  ];
  return { [FONT_REGULAR]: faces(fonts.regular), [FONT_SEMIBOLD]: faces(fonts.semibold) };
}

/** Where each kind of label appears: street names from z15, UTR codes from z14, parcel numbers from z17. */
export const LABEL_ZOOMS = { uat: [9, 13], streets: 15, zoning: 14, parcels: 17 } as const;

/** What the streets' version in force says of itself (GET /api/datasets); null while it is not known. */
export interface StreetsProvenance {
  /** its credit names OpenStreetMap (the street names) */
  readonly osm: boolean;
  /** made by the generator */
  readonly synthetic: boolean;
}

/** The street credit's words in the page's language. */
export interface StreetsCreditWords {
  /** "Nume de străzi" / "Street names" */
  readonly names: string;
  /** "geometrie sintetică" / "synthetic geometry" */
  readonly synthetic: string;
}

/**
 * The map's credit for the streets layer (HTML for MapLibre's attribution control), in the page's language: the
 * OpenStreetMap credit that the names' licence requires, and whether the streets' geometry is generated, both as the
 * streets' data version says. While that is not known (the catalogue not yet read, or unreadable) the OpenStreetMap
 * credit is shown, the synthetic mark not: a credit too many harms nobody, a missing one breaks the licence.
 */
export function streetsCredit(words: StreetsCreditWords, streets: StreetsProvenance | null): string {
  const osm = streets?.osm ?? true;
  const parts = [
    ...(osm
      ? [`${words.names} © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL)`]
      : []),
    ...(streets?.synthetic ? [words.synthetic] : []),
  ];
  return parts.join('; ');
}

/** Image id of the hatch pattern of one restriction kind; MapView generates the image on demand. */
export const HATCH_PREFIX = 'hatch-';
export function hatchImageId(kind: string): string {
  return `${HATCH_PREFIX}${kind}`;
}
export function hatchSpec(
  legend: LegendDocument | null,
  imageId: string,
): { color: string; direction: HatchDirection } | null {
  if (!imageId.startsWith(HATCH_PREFIX)) return null;
  const kind = imageId.slice(HATCH_PREFIX.length);
  if (kind === 'other') return { color: legend?.restrictionFallbackColor ?? NEUTRAL_COLORS.line, direction: 'up' };
  const look = legend ? restrictionLook(legend, kind) : null;
  return look?.type === 'hatch' ? { color: look.color, direction: look.direction } : null;
}

function matchKind<K extends string>(
  kinds: readonly K[],
  value: (kind: K) => unknown,
  fallback: unknown,
): DataDrivenPropertyValueSpecification<never> {
  if (kinds.length === 0) return fallback as DataDrivenPropertyValueSpecification<never>;
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
  /** An area drawn by its (dashed) boundary only. */
  | { readonly type: 'outline'; readonly color: string; readonly dash?: readonly number[] }
  | { readonly type: 'circle'; readonly fill: string; readonly stroke: string };

/** The label of a legend entry: a message key, or the served legend's name in each language. */
export type LegendLabel = MessageKey | { readonly ro: string; readonly en: string };

export interface LegendEntry {
  readonly id: string;
  readonly label: LegendLabel;
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
  /** The entries of the legend, from the served legend document (none of its kinds and classes without it). */
  readonly legend: (legend: LegendDocument | null) => readonly LegendEntry[];
}

/** The served legend's name of a class or kind, in both languages (its id when the document names none). */
function served(legend: LegendDocument, what: 'zoneClass' | 'planKind' | 'restrictionKind', id: string): LegendLabel {
  return { ro: legend.names.ro[what][id] ?? id, en: legend.names.en[what][id] ?? id };
}

/** In the order of the layer panel and the legend (top of the map first). */
export const LAYER_GROUPS: readonly LayerGroup[] = [
  {
    id: 'parcels',
    labelKey: 'layers.parcels',
    get minzoom() {
      return TILE_ZOOMS.parcels.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['parcels-fill', 'parcels-selected-halo', 'parcels-line', 'parcels-label'],
    legend: (l) => [
      {
        id: 'parcel',
        label: 'legend.parcels.parcel',
        symbol: { type: 'line', color: (l?.parcelColors ?? NEUTRAL_PARCEL_COLORS).line, width: 1 },
      },
      {
        id: 'selected',
        label: 'legend.parcels.selected',
        symbol: {
          type: 'fill',
          fill: (l?.parcelColors ?? NEUTRAL_PARCEL_COLORS).selectedFill,
          outline: (l?.parcelColors ?? NEUTRAL_PARCEL_COLORS).selectedLine,
        },
      },
    ],
  },
  {
    id: 'permits',
    labelKey: 'layers.permits',
    get minzoom() {
      return TILE_ZOOMS.permits.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['permits-circle'],
    legend: () =>
      PERMIT_KINDS.map((kind) => ({
        id: kind,
        label: `legend.permitKind.${kind}` as const,
        symbol: { type: 'circle', fill: PERMIT_COLORS[kind], stroke: '#ffffff' },
      })),
  },
  {
    id: 'streets',
    labelKey: 'layers.streets',
    get minzoom() {
      return TILE_ZOOMS.streets.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['streets-casing', 'streets-line', 'streets-label'],
    legend: () => [
      {
        id: 'street',
        label: 'legend.streets.street',
        symbol: { type: 'line', color: CONTEXT_COLORS.streetCasing, width: 3 },
      },
    ],
  },
  {
    id: 'restrictions',
    labelKey: 'layers.restrictions',
    get minzoom() {
      return TILE_ZOOMS.restrictions.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['restrictions-fill', 'restrictions-hatch', 'restrictions-line'],
    legend: (l) =>
      (l?.restrictionKinds ?? []).flatMap((kind) => {
        const symbol = restrictionLook(l!, kind);
        return symbol ? [{ id: kind, label: served(l!, 'restrictionKind', kind), symbol }] : [];
      }),
  },
  {
    id: 'plans',
    labelKey: 'layers.plans',
    get minzoom() {
      return TILE_ZOOMS.plans.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['plans-fill', 'plans-line'],
    legend: (l) =>
      (l?.planKinds ?? []).flatMap((kind) => {
        const style = l!.planStyles[kind];
        if (!style) return [];
        const symbol: LegendSymbol = { type: 'line', color: style.color, width: 2, dash: style.dash };
        return [{ id: kind, label: served(l!, 'planKind', kind), symbol }];
      }),
  },
  {
    id: 'zoning',
    labelKey: 'layers.zoning',
    get minzoom() {
      return TILE_ZOOMS.zoning.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['zoning-fill', 'zoning-line', 'zoning-label'],
    legend: (l) =>
      (l?.zoneClasses ?? []).map((c) => ({
        id: c.id,
        label: served(l!, 'zoneClass', c.id),
        symbol: { type: 'fill', fill: c.fill, outline: c.outline },
      })),
  },
  {
    id: 'blocks',
    labelKey: 'layers.blocks',
    get minzoom() {
      return TILE_ZOOMS.blocks.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['blocks-fill'],
    legend: () => [
      {
        id: 'block',
        label: 'legend.blocks.block',
        symbol: { type: 'fill', fill: CONTEXT_COLORS.block, outline: CONTEXT_COLORS.blockOutline },
      },
    ],
  },
  {
    id: 'uat',
    labelKey: 'layers.uat',
    get minzoom() {
      return TILE_ZOOMS.uat.minzoom;
    },
    defaultVisible: true,
    mapLayerIds: ['uat-fill', 'uat-line', 'uat-label'],
    legend: () => [
      {
        id: 'boundary',
        label: 'legend.uat.boundary',
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

/** A text label in the app's own fonts, with a white halo so it reads over any fill. */
function label(
  id: string,
  group: LayerId,
  field: string,
  opts: {
    minzoom: number;
    maxzoom?: number;
    size: ExpressionSpecification | number;
    semibold?: boolean;
    color?: string | ExpressionSpecification;
    line?: boolean;
    layout?: Record<string, unknown>;
  },
  vis: (id: LayerId) => { visibility: 'visible' | 'none' },
): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source: group,
    'source-layer': group,
    minzoom: opts.minzoom,
    ...(opts.maxzoom !== undefined ? { maxzoom: opts.maxzoom } : {}),
    filter: ['has', field],
    layout: {
      ...vis(group),
      'text-field': ['to-string', ['get', field]],
      'text-font': [opts.semibold ? FONT_SEMIBOLD : FONT_REGULAR],
      'text-size': opts.size,
      ...(opts.line
        ? { 'symbol-placement': 'line', 'text-max-angle': 30, 'symbol-spacing': 320, 'text-padding': 4 }
        : { 'text-padding': 2, 'text-max-width': 8 }),
      ...opts.layout,
    },
    paint: {
      'text-color': opts.color ?? CONTEXT_COLORS.label,
      'text-halo-color': CONTEXT_COLORS.halo,
      'text-halo-width': 1.6,
      'text-halo-blur': 0.3,
    },
  } as LayerSpecification;
}

/** The MapLibre layers, bottom to top. Each layer's `source` and `source-layer` are its group id. */
export function buildLayers(
  visibility: LayerVisibility = defaultVisibility(),
  legend: LegendDocument | null = null,
): LayerSpecification[] {
  const parcel = legend?.parcelColors ?? NEUTRAL_PARCEL_COLORS;
  const restrictionKinds = legend?.restrictionKinds ?? [];
  const restrictionColor = legend?.restrictionFallbackColor ?? NEUTRAL_COLORS.line;
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
      id: 'blocks-fill',
      type: 'fill',
      ...from('blocks'),
      layout: vis('blocks'),
      paint: { 'fill-color': CONTEXT_COLORS.block, 'fill-outline-color': CONTEXT_COLORS.blockOutline },
    },
    {
      id: 'zoning-fill',
      type: 'fill',
      ...from('zoning'),
      layout: vis('zoning'),
      paint: {
        'fill-color': zoneColor(legend, (c) => c.fill, NEUTRAL_COLORS.zoneFill),
        'fill-opacity': byZoom([
          [10, 0.8],
          [15, 0.6],
          [18, 0.45],
        ]),
      },
    },
    {
      id: 'zoning-line',
      type: 'line',
      ...from('zoning'),
      layout: vis('zoning'),
      paint: {
        'line-color': zoneColor(legend, (c) => c.outline, NEUTRAL_COLORS.zoneOutline),
        'line-width': byZoom([
          [10, 0.3],
          [16, 1.2],
        ]),
      },
    },
    {
      // Streets over the zone fills, so the city's pattern reads through the zoning.
      id: 'streets-casing',
      type: 'line',
      ...from('streets'),
      layout: { ...vis('streets'), 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': CONTEXT_COLORS.streetCasing,
        'line-width': byZoom([
          [12, 0.5],
          [14, 1.5],
          [15, 5],
          [18, 16],
        ]),
        'line-opacity': 0.9,
      },
    },
    {
      id: 'streets-line',
      type: 'line',
      ...from('streets'),
      layout: { ...vis('streets'), 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': CONTEXT_COLORS.street,
        'line-width': byZoom([
          [12, 0.2],
          [14, 0.8],
          [15, 3.4],
          [18, 13],
        ]),
      },
    },
    {
      // Invisible, so that a click anywhere inside any restriction finds it (queryRenderedFeatures).
      id: 'restrictions-fill',
      type: 'fill',
      ...from('restrictions'),
      layout: vis('restrictions'),
      paint: { 'fill-color': '#000000', 'fill-opacity': 0 },
    },
    {
      // Hatching only for the restrictions drawn hatched (the legend's restrictionSymbol); the others are outlines.
      // Without the legend, every restriction is an outline.
      id: 'restrictions-hatch',
      type: 'fill',
      ...from('restrictions'),
      filter: legend
        ? [
            '!',
            [
              'in',
              ['get', 'kind'],
              ['literal', restrictionKinds.filter((k) => legend.restrictionSymbol[k] === 'outline')],
            ],
          ]
        : ['boolean', false],
      layout: vis('restrictions'),
      paint: {
        'fill-pattern': matchKind(restrictionKinds, (k) => hatchImageId(k), hatchImageId('other')),
        'fill-opacity': byZoom([
          [10, 0.35],
          [15, 0.7],
        ]),
      },
    },
    {
      id: 'restrictions-line',
      type: 'line',
      ...from('restrictions'),
      layout: { ...vis('restrictions'), 'line-join': 'round' },
      paint: {
        'line-color': matchKind(
          restrictionKinds,
          (k) => legend?.restrictionColors[k] ?? restrictionColor,
          restrictionColor,
        ),
        'line-dasharray': matchKind(restrictionKinds, (k) => ['literal', legend?.restrictionDash[k] ?? [1, 0]], [
          'literal',
          [1, 0],
        ]),
        'line-width': byZoom([
          [10, 0.8],
          [16, 2.2],
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
        'line-color': matchKind(
          legend?.planKinds ?? [],
          (k) => legend?.planStyles[k]?.color ?? NEUTRAL_COLORS.line,
          (legend && legend.planStyles[legend.planKinds[0] ?? '']?.color) ?? NEUTRAL_COLORS.line,
        ),
        'line-dasharray': matchKind(
          legend?.planKinds ?? [],
          (k) => ['literal', legend?.planStyles[k]?.dash ?? [1, 0]],
          ['literal', [1, 0]],
        ),
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
          parcel.selectedFill,
          featureState('hover'),
          parcel.hoverFill,
          'rgba(0, 0, 0, 0)',
        ],
      },
    },
    {
      // A white halo under the selected parcel's outline: it stands out on every zone colour.
      id: 'parcels-selected-halo',
      type: 'line',
      ...from('parcels'),
      layout: { ...vis('parcels'), 'line-join': 'round' },
      paint: {
        'line-color': parcel.selectedHalo,
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          14,
          ['case', featureState('selected'), 7, 0],
          18,
          ['case', featureState('selected'), 10, 0],
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
          parcel.selectedLine,
          featureState('hover'),
          parcel.hoverLine,
          parcel.line,
        ],
        // A zoom curve must be the outermost expression, so the feature-state cases sit inside it.
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          14,
          ['case', featureState('selected'), 3.5, featureState('hover'), 2, 0.5],
          18,
          ['case', featureState('selected'), 5, featureState('hover'), 2.5, 1.4],
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
    // Labels last, over every shape; MapLibre drops the ones that collide.
    label(
      'uat-label',
      'uat',
      'name',
      {
        minzoom: LABEL_ZOOMS.uat[0],
        maxzoom: LABEL_ZOOMS.uat[1],
        size: byZoom([
          [9, 11],
          [12, 14],
        ]),
        semibold: true,
        color: UAT_COLORS.line,
      },
      vis,
    ),
    label(
      'zoning-label',
      'zoning',
      'code',
      {
        minzoom: LABEL_ZOOMS.zoning,
        size: byZoom([
          [14, 11],
          [18, 14],
        ]),
        semibold: true,
        color: legend?.ink ?? NEUTRAL_COLORS.ink,
        // One code per zone in view rather than one per tile: wide collision padding.
        layout: { 'text-padding': 48 },
      },
      vis,
    ),
    label(
      'streets-label',
      'streets',
      'name',
      {
        minzoom: LABEL_ZOOMS.streets,
        size: byZoom([
          [15, 11],
          [18, 14],
        ]),
        line: true,
      },
      vis,
    ),
    label(
      'parcels-label',
      'parcels',
      'cadastral_number',
      {
        minzoom: LABEL_ZOOMS.parcels,
        size: byZoom([
          [17, 10],
          [19, 12],
        ]),
        color: parcel.line,
      },
      vis,
    ),
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
  fonts?: LabelFonts,
  basemap?: { url: string; attribution: string | null } | null,
  legend: LegendDocument | null = null,
): StyleSpecification {
  const sources = Object.fromEntries(
    LAYER_IDS.map((id) => {
      const archive = archives[id];
      // The streets' credit is the map's own attribution, in the page's language (streetsCredit), not a source's.
      // An archive's zoom range and bounds come from its header, through the pmtiles protocol.
      if (archive) return [id, { type: 'vector' as const, url: `pmtiles://${archive}` }];
      return [id, { type: 'vector' as const, tiles: [tileUrl(origin, id)], ...TILE_ZOOMS[id] }];
    }),
  );
  // Without font files there is nothing to draw text with: the labels are left out, never fetched from elsewhere.
  const layers = buildLayers(visibility, legend).filter((l) => fonts || l.type !== 'symbol');
  if (basemap) {
    // The external base (ATLAS_BASEMAP: an orthophoto, a street map) right above the background, under everything;
    // the UAT tint is left out so that it does not wash the base out.
    (sources as Record<string, unknown>)[BASEMAP_SOURCE] = {
      type: 'raster',
      tiles: [basemap.url],
      tileSize: 256,
      ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
    };
    layers.splice(1, 0, { id: BASEMAP_SOURCE, type: 'raster', source: BASEMAP_SOURCE } as LayerSpecification);
    const uatFill = layers.find((l) => l.id === 'uat-fill');
    if (uatFill?.type === 'fill') uatFill.paint = { ...uatFill.paint, 'fill-opacity': 0 };
  }
  return {
    version: 8,
    name: 'Atlas',
    ...(fonts ? { 'font-faces': fontFaces(origin, fonts) } : {}),
    sources: sources as StyleSpecification['sources'],
    layers,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One composite source (issue 15)
// ---------------------------------------------------------------------------------------------------------------

/** The id of the composite source: every layer from the server's `all` tile set, one tile per z/x/y. */
export const COMPOSITE_SOURCE = 'atlas';

/**
 * The source a layer's map layers read: the composite one, unless some layer comes from a PMTiles archive (then
 * every layer keeps its own source, as `buildStyle` makes them).
 */
export function sourceOf(layer: LayerId, archives: Partial<Record<LayerId, string>> = {}): string {
  return Object.keys(archives).length > 0 ? layer : COMPOSITE_SOURCE;
}

/**
 * `style` (from `buildStyle`, no archives) with its per-layer vector sources replaced by one source reading
 * `/tiles/all/{z}/{x}/{y}.mvt`: the same features, source layers and ids, but one request and one worker job per tile
 * instead of one per layer (six tiles instead of about forty at the first view), so the first map is complete sooner.
 * Other sources (the external base) are kept.
 */
export function withCompositeSource(style: StyleSpecification, origin: string): StyleSpecification {
  const ranges = LAYER_IDS.map((id) => TILE_ZOOMS[id]);
  const sources: StyleSpecification['sources'] = {
    [COMPOSITE_SOURCE]: {
      type: 'vector',
      tiles: [`${origin}/tiles/all/{z}/{x}/{y}.mvt`],
      minzoom: Math.min(...ranges.map((r) => r.minzoom)),
      maxzoom: Math.max(...ranges.map((r) => r.maxzoom)),
    },
  };
  for (const [id, source] of Object.entries(style.sources)) {
    if (!(LAYER_IDS as readonly string[]).includes(id)) sources[id] = source;
  }
  const layers = style.layers.map((layer) =>
    'source' in layer && (LAYER_IDS as readonly string[]).includes(layer.source as string)
      ? ({ ...layer, source: COMPOSITE_SOURCE } as LayerSpecification)
      : layer,
  );
  return { ...style, sources, layers };
}

/**
 * Fills whose edges a line layer of their own draws over (zoning-line, uat-line, restrictions-line): their
 * antialiased outline, a second pass over every polygon edge, is not drawn. On a software renderer that pass is about a
 * tenth of a frame; the picture changes only in the antialiasing of those edges, under the lines.
 */
export const FILLS_OUTLINED_BY_LINES = ['uat-fill', 'zoning-fill', 'restrictions-hatch'] as const;

/** `style` with `fill-antialias` off on FILLS_OUTLINED_BY_LINES. */
export function withoutCoveredFillOutlines(style: StyleSpecification): StyleSpecification {
  const covered = new Set<string>(FILLS_OUTLINED_BY_LINES);
  const layers = style.layers.map((layer) =>
    layer.type === 'fill' && covered.has(layer.id)
      ? { ...layer, paint: { ...layer.paint, 'fill-antialias': false } }
      : layer,
  );
  return { ...style, layers };
}
