// What the web app draws with, as the server publishes it (`legend` in /api/client-config): the map's colours and
// classes (palette.ts) and the names of what they show (names.ts), as the certificate's PDF map draws them. The web's
// MapLibre style and legend are built from this document alone (web/src/lib/map/style.ts); the web keeps no copy.
import { LEGEND_NAMES, type LegendNames } from './names.ts';
import {
  INK,
  PARCEL_COLORS,
  PLAN_KINDS,
  PLAN_STYLES,
  RESTRICTION_COLORS,
  RESTRICTION_DASH,
  RESTRICTION_FALLBACK_COLOR,
  RESTRICTION_HATCH,
  RESTRICTION_KINDS,
  RESTRICTION_SYMBOL,
  ZONE_CLASSES,
  ZONE_PREFIX_RULES,
  type HatchDirection,
  type PlanKind,
  type RestrictionKind,
  type RestrictionSymbol,
  type ZoneClass,
  type ZoneClassId,
} from './palette.ts';

export interface LegendDocument {
  /** Dark ink for outlines and text drawn over the map. */
  readonly ink: string;
  /** Zone classes in legend order, with the UTR code prefixes that select them. */
  readonly zoneClasses: readonly ZoneClass[];
  /** Every (prefix, class) pair, longest prefix first: the first prefix a UTR code starts with gives its class. */
  readonly zonePrefixRules: readonly { readonly prefix: string; readonly classId: ZoneClassId }[];
  readonly planKinds: readonly PlanKind[];
  readonly planStyles: Readonly<Record<PlanKind, { readonly color: string; readonly dash: readonly number[] }>>;
  /** Restriction kinds in legend order. */
  readonly restrictionKinds: readonly RestrictionKind[];
  readonly restrictionColors: Readonly<Record<RestrictionKind, string>>;
  /** The colour of a restriction of a kind not in the list (imported data may carry any). */
  readonly restrictionFallbackColor: string;
  readonly restrictionHatch: Readonly<Record<RestrictionKind, HatchDirection>>;
  readonly restrictionSymbol: Readonly<Record<RestrictionKind, RestrictionSymbol>>;
  readonly restrictionDash: Readonly<Partial<Record<RestrictionKind, readonly number[]>>>;
  readonly parcelColors: typeof PARCEL_COLORS;
  /** The names of zone classes, plan and restriction kinds and land-use categories, in Romanian and English. */
  readonly names: { readonly ro: LegendNames; readonly en: LegendNames };
}

export const LEGEND: LegendDocument = {
  ink: INK,
  zoneClasses: ZONE_CLASSES,
  zonePrefixRules: ZONE_PREFIX_RULES,
  planKinds: PLAN_KINDS,
  planStyles: PLAN_STYLES,
  restrictionKinds: RESTRICTION_KINDS,
  restrictionColors: RESTRICTION_COLORS,
  restrictionFallbackColor: RESTRICTION_FALLBACK_COLOR,
  restrictionHatch: RESTRICTION_HATCH,
  restrictionSymbol: RESTRICTION_SYMBOL,
  restrictionDash: RESTRICTION_DASH,
  parcelColors: PARCEL_COLORS,
  names: LEGEND_NAMES,
};
