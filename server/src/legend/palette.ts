/**
 * The colours and classes of the map, as plain data and pure functions. The server owns them: the PDF map of the
 * urbanism certificate draws with them, and the web map and legend receive them over HTTP (`legend` in
 * /api/client-config, see legend.ts), so a zone is drawn in the same colour on the screen and on paper.
 */

/** Dark ink for outlines and text drawn over the map. */
export const INK = '#2f3a44';

// ---------------------------------------------------------------------------------------------------------------
// Zoning: UTR codes grouped into classes by their prefix (Liu → housing, ZCP_M1 → protected, UM3 → urbanisation).
// ---------------------------------------------------------------------------------------------------------------

export const ZONE_CLASS_IDS = [
  'housing',
  'housingCollective',
  'mixed',
  'zcp',
  'restructuring',
  'urbanisation',
  'public',
  'activities',
  'technical',
  'transport',
  'green',
  'agriculture',
  'extravilan',
  'unclassified',
] as const;
export type ZoneClassId = (typeof ZONE_CLASS_IDS)[number];

export interface ZoneClass {
  readonly id: ZoneClassId;
  /** UTR code prefixes (case-sensitive); the longest matching prefix over all classes wins. */
  readonly prefixes: readonly string[];
  readonly fill: string;
  readonly outline: string;
}

/**
 * In legend order. Colours follow the usual Romanian PUG conventions (housing yellow/orange, green spaces green…),
 * tuned so that every two classes stay apart (CIEDE2000 ≥ 10) for normal vision and simulated protanopia,
 * deuteranopia and tritanopia (checked on what /api/client-config serves by web/src/lib/map/colours.test.ts with culori).
 */
export const ZONE_CLASSES: readonly ZoneClass[] = [
  { id: 'housing', prefixes: ['L'], fill: '#fdc700', outline: '#b8921f' },
  { id: 'housingCollective', prefixes: ['Lc', 'LC'], fill: '#f67c00', outline: '#b3681c' },
  { id: 'mixed', prefixes: ['M'], fill: '#a17159', outline: '#8a3f2a' },
  { id: 'zcp', prefixes: ['ZCP'], fill: '#857187', outline: '#6a4683' },
  { id: 'restructuring', prefixes: ['R'], fill: '#e4818f', outline: '#a9637a' },
  { id: 'urbanisation', prefixes: ['U'], fill: '#f6d38d', outline: '#b99a5a' },
  { id: 'public', prefixes: ['Is', 'IS', 'S'], fill: '#6c79c5', outline: '#2f5f9e' },
  { id: 'activities', prefixes: ['E', 'I', 'ID'], fill: '#909ecb', outline: '#5f6b85' },
  { id: 'technical', prefixes: ['ED', 'TE', 'G', 'GC'], fill: '#98e1ff', outline: '#3f8591' },
  { id: 'transport', prefixes: ['T', 'C'], fill: '#bcbcbc', outline: '#7d7d7d' },
  { id: 'green', prefixes: ['V'], fill: '#9ca163', outline: '#4b8a36' },
  { id: 'agriculture', prefixes: ['A'], fill: '#d0c2a7', outline: '#9d9450' },
  { id: 'extravilan', prefixes: ['TD'], fill: '#e9fed3', outline: '#9ea78b' },
  { id: 'unclassified', prefixes: [], fill: '#fff1f5', outline: '#9a9a9a' },
];

const ZONE_CLASS_BY_ID = new Map(ZONE_CLASSES.map((c) => [c.id, c]));

export function zoneClass(id: ZoneClassId): ZoneClass {
  const found = ZONE_CLASS_BY_ID.get(id);
  if (!found) throw new Error(`Unknown zone class ${id}`);
  return found;
}

/** All (prefix, class) pairs, longest prefix first, so `Lc` beats `L`, `ED` beats `E` and `ZCP` beats nothing else. */
export const ZONE_PREFIX_RULES: readonly { readonly prefix: string; readonly classId: ZoneClassId }[] =
  ZONE_CLASSES.flatMap((c) => c.prefixes.map((prefix) => ({ prefix, classId: c.id }))).sort(
    (a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix),
  );

function classifyText(text: string | null | undefined): ZoneClassId | null {
  if (!text) return null;
  const value = text.trim();
  for (const rule of ZONE_PREFIX_RULES) if (value.startsWith(rule.prefix)) return rule.classId;
  return null;
}

/** The class of a zoning unit: by its UTR `code`, else by its `zone_group` (e.g. "L - ZONA DE LOCUINȚE"). */
export function classifyZone(code: string | null | undefined, zoneGroup?: string | null): ZoneClassId {
  return classifyText(code) ?? classifyText(zoneGroup) ?? 'unclassified';
}

// ---------------------------------------------------------------------------------------------------------------
// Plans, restrictions, parcels
// ---------------------------------------------------------------------------------------------------------------

export const PLAN_KINDS = ['PUG', 'PUZ', 'PUD'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STYLES: Readonly<Record<PlanKind, { readonly color: string; readonly dash: readonly number[] }>> = {
  PUG: { color: '#37474f', dash: [1, 0] },
  PUZ: { color: '#e0287a', dash: [4, 2] },
  PUD: { color: '#1a237e', dash: [1.5, 1.5] },
};

export const RESTRICTION_KINDS = [
  'built_heritage_zone',
  'protected_area',
  'monument_zone',
  'flood_zone',
  'utility_corridor',
  'road_widening',
  'building_ban',
] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];
export const RESTRICTION_COLORS: Readonly<Record<RestrictionKind, string>> = {
  built_heritage_zone: '#8d6e63',
  protected_area: '#2e7d32',
  monument_zone: '#7b1fa2',
  flood_zone: '#1565c0',
  utility_corridor: '#e65100',
  road_widening: '#5d4037',
  building_ban: '#c62828',
};
export const RESTRICTION_FALLBACK_COLOR = '#546e7a';
/** Alternate hatch directions, so that two overlapping restrictions cross-hatch instead of merging. */
export type HatchDirection = 'up' | 'down';
export const RESTRICTION_HATCH: Readonly<Record<RestrictionKind, HatchDirection>> = {
  built_heritage_zone: 'down',
  protected_area: 'down',
  monument_zone: 'up',
  flood_zone: 'down',
  utility_corridor: 'up',
  road_widening: 'down',
  building_ban: 'up',
};

/**
 * How each restriction is drawn on the map. Hatching is kept for what restricts building on the land itself (flood
 * zone, corridors, bans, natural areas); the heritage protections are drawn as outlines only: the historic centre is
 * already coloured as protected zones (ZCP) by the zoning, and the monument zones are many overlapping circles that
 * hatched would hide the zoning under them.
 */
export type RestrictionSymbol = 'hatch' | 'outline';
export const RESTRICTION_SYMBOL: Readonly<Record<RestrictionKind, RestrictionSymbol>> = {
  built_heritage_zone: 'outline',
  protected_area: 'hatch',
  monument_zone: 'outline',
  flood_zone: 'hatch',
  utility_corridor: 'hatch',
  road_widening: 'hatch',
  building_ban: 'hatch',
};
/** The dash of the outline-only restrictions (line widths), so that they differ from plan boundaries. */
export const RESTRICTION_DASH: Readonly<Partial<Record<RestrictionKind, readonly number[]>>> = {
  built_heritage_zone: [3, 1.5],
  monument_zone: [1, 1.5],
};

export const PARCEL_COLORS = {
  line: INK,
  hoverLine: '#0d47a1',
  selectedLine: '#7f0000',
  hoverFill: 'rgba(255, 193, 7, 0.18)',
  selectedFill: 'rgba(255, 193, 7, 0.5)',
  selectedHalo: '#ffffff',
} as const;
