/**
 * The legend document and what can be read from it, as plain data types and pure functions: no browser, MapLibre or
 * Svelte imports. The server owns the map's colours, classes and names (server/src/legend) and serves them as `legend`
 * in /api/client-config; the web keeps no copy of them. Every function here takes the served document as an argument.
 */

/** Alternate hatch directions, so that two overlapping restrictions cross-hatch instead of merging. */
export type HatchDirection = 'up' | 'down';
/** A restriction drawn hatched, or by its (dashed) outline only. */
export type RestrictionSymbol = 'hatch' | 'outline';

export interface ZoneClass {
  readonly id: string;
  /** UTR code prefixes (case-sensitive); the longest matching prefix over all classes wins. */
  readonly prefixes: readonly string[];
  readonly fill: string;
  readonly outline: string;
}

export interface LegendNames {
  readonly zoneClass: Readonly<Record<string, string>>;
  readonly planKind: Readonly<Record<string, string>>;
  readonly restrictionKind: Readonly<Record<string, string>>;
  /** Cadastral land-use categories by code (A arabil, CC curți-construcții…). */
  readonly landUse: Readonly<Record<string, string>>;
}

export interface ParcelColors {
  readonly line: string;
  readonly hoverLine: string;
  readonly selectedLine: string;
  readonly hoverFill: string;
  readonly selectedFill: string;
  readonly selectedHalo: string;
}

/** What /api/client-config serves as `legend` (server/src/legend/legend.ts). */
export interface LegendDocument {
  /** Dark ink for outlines and text drawn over the map. */
  readonly ink: string;
  /** Zone classes in legend order; the last one, without prefixes, takes what no prefix matches. */
  readonly zoneClasses: readonly ZoneClass[];
  /** Every (prefix, class) pair, longest prefix first: the first prefix a UTR code starts with gives its class. */
  readonly zonePrefixRules: readonly { readonly prefix: string; readonly classId: string }[];
  readonly planKinds: readonly string[];
  readonly planStyles: Readonly<Record<string, { readonly color: string; readonly dash: readonly number[] }>>;
  /** Restriction kinds in legend order. */
  readonly restrictionKinds: readonly string[];
  readonly restrictionColors: Readonly<Record<string, string>>;
  /** The colour of a restriction of a kind not in the list (imported data may carry any). */
  readonly restrictionFallbackColor: string;
  readonly restrictionHatch: Readonly<Record<string, HatchDirection>>;
  readonly restrictionSymbol: Readonly<Record<string, RestrictionSymbol>>;
  readonly restrictionDash: Readonly<Partial<Record<string, readonly number[]>>>;
  readonly parcelColors: ParcelColors;
  /** The names of zone classes, plan and restriction kinds and land-use categories, in Romanian and English. */
  readonly names: { readonly ro: LegendNames; readonly en: LegendNames };
}

/** The class that takes a zone whose code and group match no prefix: the one without prefixes, else the last one. */
export function fallbackZoneClass(legend: LegendDocument): ZoneClass | null {
  return legend.zoneClasses.find((c) => c.prefixes.length === 0) ?? legend.zoneClasses.at(-1) ?? null;
}

function classIdOf(legend: LegendDocument, text: string | null | undefined): string | null {
  if (!text) return null;
  const value = text.trim();
  for (const rule of legend.zonePrefixRules) if (value.startsWith(rule.prefix)) return rule.classId;
  return null;
}

/** The class of a zoning unit: by its UTR `code`, else by its `zone_group` (e.g. "L - ZONA DE LOCUINȚE"). */
export function classifyZone(
  legend: LegendDocument,
  code: string | null | undefined,
  zoneGroup?: string | null,
): ZoneClass | null {
  const id = classIdOf(legend, code) ?? classIdOf(legend, zoneGroup);
  return (id !== null ? legend.zoneClasses.find((c) => c.id === id) : undefined) ?? fallbackZoneClass(legend);
}

export function isPlanKind(legend: LegendDocument, kind: string | null | undefined): kind is string {
  return typeof kind === 'string' && legend.planKinds.includes(kind);
}

export function isRestrictionKind(legend: LegendDocument, kind: string | null | undefined): kind is string {
  return typeof kind === 'string' && legend.restrictionKinds.includes(kind);
}

/** How a restriction of a kind is drawn: hatched in its colour, or outlined with its dash. Null for unknown kinds. */
export function restrictionLook(
  legend: LegendDocument,
  kind: string,
):
  | { readonly type: 'hatch'; readonly color: string; readonly direction: HatchDirection }
  | { readonly type: 'outline'; readonly color: string; readonly dash?: readonly number[] }
  | null {
  if (!isRestrictionKind(legend, kind)) return null;
  const color = legend.restrictionColors[kind] ?? legend.restrictionFallbackColor;
  if (legend.restrictionSymbol[kind] === 'outline') {
    const dash = legend.restrictionDash[kind];
    return dash ? { type: 'outline', color, dash } : { type: 'outline', color };
  }
  return { type: 'hatch', color, direction: legend.restrictionHatch[kind] ?? 'up' };
}

/** A name of the legend in a language (zone class, plan or restriction kind, land use); null when it has none. */
export function legendName(
  legend: LegendDocument | null,
  locale: 'ro' | 'en',
  what: keyof LegendNames,
  id: string,
): string | null {
  return legend?.names[locale][what][id] ?? null;
}
