/** The zoning answer of a whole parcel (`GET /api/parcels?uat=&number=`), reduced to what the side panel shows. */
import { flag, numeric, text, type ParcelInfo } from './parcel.ts';
import { fetchParcelJson } from './pending.ts';

export interface ZoneShare {
  readonly code: string;
  readonly planCode: string | null;
  /** The UTR's group (e.g. "L - ZONA DE LOCUINȚE"): with the code, what the legend classifies the zone by. */
  readonly zoneGroup: string | null;
  readonly areaM2: number | null;
  readonly sharePct: number | null;
  readonly potMaxPct: number | null;
  readonly cutMax: number | null;
  readonly maxFootprintM2: number | null;
  readonly name: string | null;
  readonly heightMaxM: number | null;
  readonly heightRegime: string | null;
  readonly permittedUses: readonly string[];
  readonly conditionalUses: readonly string[];
  readonly forbiddenUses: readonly string[];
}

export interface PlanShare {
  readonly kind: string | null;
  readonly code: string | null;
  readonly title: string | null;
  readonly hclNumber: string | null;
  readonly hclDate: string | null;
  readonly sharePct: number | null;
  /** `uat`: a PUG that regulates the whole UAT although none of its units lies on the parcel. */
  readonly scope: 'parcel' | 'uat';
}

export interface RestrictionShare {
  readonly kind: string;
  readonly name: string | null;
  readonly sharePct: number | null;
}

export interface ParcelAnswer {
  readonly uatSiruta: number;
  readonly cadastralNumber: string;
  readonly areaM2: number | null;
  /** The cadastral attributes the map tiles leave out (they would double a dense tile's bytes). */
  readonly landBookNumber: string | null;
  readonly intravilan: boolean | null;
  readonly landUse: string | null;
  readonly areaOfficialM2: number | null;
  readonly address: string | null;
  readonly zones: readonly ZoneShare[];
  readonly notZonedPct: number | null;
  readonly maxFootprintM2: number | null;
  readonly maxGrossFloorAreaM2: number | null;
  readonly maxHeightM: number | null;
  readonly plans: readonly PlanShare[];
  readonly restrictions: readonly RestrictionShare[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function parseParcelAnswer(body: unknown): ParcelAnswer | null {
  const b = record(body);
  const zoning = record(b['zoning']);
  const uatSiruta = numeric(record(b['uat'])['siruta']);
  const cadastralNumber = text(b['cadastral_number']);
  if (uatSiruta === null || cadastralNumber === null || !Array.isArray(zoning['units'])) return null;
  const zones = (zoning['units'] as unknown[]).flatMap((raw): ZoneShare[] => {
    const u = record(raw);
    const code = text(u['code']);
    if (!code) return [];
    const regulations = record(u['regulations']);
    const envelope = record(u['envelope']);
    return [
      {
        code,
        planCode: text(record(u['plan'])['code']),
        zoneGroup: text(u['zone_group']),
        areaM2: numeric(u['area_m2']),
        sharePct: numeric(u['share_pct']),
        potMaxPct: numeric(regulations['pot_max_pct']),
        cutMax: numeric(regulations['cut_max']),
        maxFootprintM2: numeric(envelope['max_footprint_m2']),
        name: text(u['name']),
        heightMaxM: numeric(regulations['height_max_m']),
        heightRegime: text(regulations['height_regime']),
        permittedUses: strings(regulations['permitted_uses']),
        conditionalUses: strings(regulations['conditional_uses']),
        forbiddenUses: strings(regulations['forbidden_uses']),
      },
    ];
  });
  const envelope = record(zoning['envelope']);
  return {
    uatSiruta,
    cadastralNumber,
    areaM2: numeric(b['area_m2']),
    landBookNumber: text(b['land_book_number']),
    intravilan: flag(b['intravilan']),
    landUse: text(b['land_use']),
    areaOfficialM2: numeric(b['area_official_m2']),
    address: text(b['address']),
    zones,
    notZonedPct: numeric(record(zoning['not_zoned'])['share_pct']),
    maxFootprintM2: numeric(envelope['max_footprint_m2']),
    maxGrossFloorAreaM2: numeric(envelope['max_gross_floor_area_m2']),
    maxHeightM: numeric(envelope['max_height_m']),
    plans: (Array.isArray(zoning['plans']) ? (zoning['plans'] as unknown[]) : []).map((raw) => {
      const p = record(raw);
      return {
        kind: text(p['kind']),
        code: text(p['code']),
        title: text(p['title']),
        hclNumber: text(p['hcl_number']),
        hclDate: text(p['hcl_date']),
        sharePct: numeric(p['share_pct']),
        scope: p['scope'] === 'uat' ? ('uat' as const) : ('parcel' as const),
      };
    }),
    restrictions: (Array.isArray(zoning['restrictions']) ? (zoning['restrictions'] as unknown[]) : []).flatMap(
      (raw) => {
        const r = record(raw);
        const kind = text(r['kind']);
        return kind ? [{ kind, name: text(r['name']), sharePct: numeric(r['share_pct']) }] : [];
      },
    ),
  };
}

export function fetchParcelAnswer(
  uat: number,
  number: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<ParcelAnswer | null> {
  return fetchParcelJson('/api/parcels', parseParcelAnswer, uat, number, options);
}

/** A parcel picked on the map, completed with what its answer says and the tile did not carry. */
export function completeParcel(parcel: ParcelInfo, answer: ParcelAnswer | null): ParcelInfo {
  if (!answer || answer.cadastralNumber !== parcel.cadastralNumber || answer.uatSiruta !== parcel.uatSiruta) {
    return parcel;
  }
  return {
    ...parcel,
    landBookNumber: parcel.landBookNumber ?? answer.landBookNumber,
    intravilan: parcel.intravilan ?? answer.intravilan,
    landUse: parcel.landUse ?? answer.landUse,
    areaOfficialM2: parcel.areaOfficialM2 ?? answer.areaOfficialM2,
    address: parcel.address ?? answer.address,
  };
}
