/** `GET /api/parcels/activity`: the permits issued around a parcel and the certificates issued for it. */
import { fetchParcelJson } from './pending.ts';

export interface NearbyPermit {
  readonly kind: string;
  readonly number: string;
  readonly issuedOn: string;
  readonly purpose: string | null;
  readonly distanceM: number;
}

export interface IssuedForParcel {
  readonly number: string;
  readonly issuedAt: string;
}

export interface ParcelActivity {
  readonly radiusM: number;
  readonly permits: readonly NearbyPermit[];
  readonly certificates: readonly IssuedForParcel[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function parseActivity(body: unknown): ParcelActivity | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b['permits']) || !Array.isArray(b['certificates'])) return null;
  return {
    radiusM: typeof b['radius_m'] === 'number' ? b['radius_m'] : 100,
    permits: (b['permits'] as Record<string, unknown>[]).flatMap((p) => {
      const kind = str(p['kind']);
      const number = str(p['number']);
      const issuedOn = str(p['issued_on']);
      if (!kind || !number || !issuedOn) return [];
      return [
        {
          kind,
          number,
          issuedOn,
          purpose: str(p['purpose']),
          distanceM: typeof p['distance_m'] === 'number' ? p['distance_m'] : 0,
        },
      ];
    }),
    certificates: (b['certificates'] as Record<string, unknown>[]).flatMap((c) => {
      const number = str(c['number']);
      const issuedAt = str(c['issued_at']);
      return number && issuedAt ? [{ number, issuedAt }] : [];
    }),
  };
}

export function fetchActivity(
  uat: number,
  number: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<ParcelActivity | null> {
  return fetchParcelJson('/api/parcels/activity', parseActivity, uat, number, options);
}
