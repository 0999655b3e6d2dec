/** Parcel, zoning unit, plan and restriction records read from tile features or API JSON. Pure functions only. */

export type FeatureId = string | number;
type Properties = Readonly<Record<string, unknown>>;

export interface ParcelInfo {
  readonly id: FeatureId;
  /** The SIRUTA code of the parcel's UAT, when the tile or the API gives it. */
  readonly uatSiruta: number | null;
  readonly cadastralNumber: string;
  readonly landBookNumber: string | null;
  readonly intravilan: boolean | null;
  readonly landUse: string | null;
  readonly areaOfficialM2: number | null;
  readonly address: string | null;
}

export interface ZoningUnitInfo {
  readonly id: FeatureId;
  readonly code: string;
  readonly planCode: string | null;
  readonly name: string | null;
  readonly zoneGroup: string | null;
  readonly category: string | null;
  readonly potMaxPct: number | null;
  readonly cutMax: number | null;
  readonly heightMaxM: number | null;
}

export interface PlanInfo {
  readonly id: FeatureId;
  readonly kind: string;
  readonly code: string | null;
  readonly title: string | null;
  readonly hclNumber: string | null;
  readonly hclDate: string | null;
}

export interface RestrictionInfo {
  readonly id: FeatureId;
  readonly kind: string;
  readonly name: string | null;
}

/** What the side panel shows: the clicked (or searched) place and what applies there. */
export interface MapPick {
  readonly lngLat: readonly [number, number];
  readonly parcel: ParcelInfo | null;
  readonly zoning: readonly ZoningUnitInfo[];
  readonly plans: readonly PlanInfo[];
  readonly restrictions: readonly RestrictionInfo[];
  /** False when the parcels layer is hidden or not drawn at this zoom, so "no parcel" would be misleading. */
  readonly parcelsShown: boolean;
  /** False when the zoning layer is hidden or not drawn at this zoom, so "no zoning" would be misleading. */
  readonly zoningShown: boolean;
  readonly zoom: number;
}

export function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function numeric(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** MVT keeps booleans, but other encoders write 't'/'f' or 1/0. */
export function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 't' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'f' || value === 'false') return false;
  return null;
}

function featureId(id: unknown, properties: Properties): FeatureId | null {
  if (typeof id === 'number' || (typeof id === 'string' && id !== '')) return id;
  const fromProperties = properties['id'];
  if (typeof fromProperties === 'number' || (typeof fromProperties === 'string' && fromProperties !== '')) {
    return fromProperties;
  }
  return null;
}

export function parcelFromProperties(properties: Properties, id?: unknown): ParcelInfo | null {
  const fid = featureId(id, properties);
  const cadastralNumber = text(properties['cadastral_number']);
  if (fid === null || cadastralNumber === null) return null;
  const uat = properties['uat'];
  return {
    id: fid,
    uatSiruta:
      numeric(properties['uat_siruta']) ??
      (typeof uat === 'object' && uat !== null ? numeric((uat as Properties)['siruta']) : null),
    cadastralNumber,
    landBookNumber: text(properties['land_book_number']),
    intravilan: flag(properties['intravilan']),
    landUse: text(properties['land_use']),
    areaOfficialM2: numeric(properties['area_official_m2']),
    address: text(properties['address']),
  };
}

export function zoningFromProperties(properties: Properties, id?: unknown): ZoningUnitInfo | null {
  const fid = featureId(id, properties);
  const code = text(properties['code']);
  if (fid === null || code === null) return null;
  const zoneGroup = text(properties['zone_group']);
  return {
    id: fid,
    code,
    planCode: text(properties['plan_code']),
    name: text(properties['name']),
    zoneGroup,
    category: text(properties['category']),
    potMaxPct: numeric(properties['pot_max_pct']),
    cutMax: numeric(properties['cut_max']),
    heightMaxM: numeric(properties['height_max_m']),
  };
}

export function planFromProperties(properties: Properties, id?: unknown): PlanInfo | null {
  const fid = featureId(id, properties);
  const kind = text(properties['kind']);
  if (fid === null || kind === null) return null;
  return {
    id: fid,
    kind,
    code: text(properties['code']),
    title: text(properties['title']),
    hclNumber: text(properties['hcl_number']),
    hclDate: text(properties['hcl_date']),
  };
}

export function restrictionFromProperties(properties: Properties, id?: unknown): RestrictionInfo | null {
  const fid = featureId(id, properties);
  const kind = text(properties['kind']);
  if (fid === null || kind === null) return null;
  return { id: fid, kind, name: text(properties['name']) };
}

/** A feature cut by tile borders comes back once per tile: keep the first of each id. */
export function uniqueById<T extends { readonly id: FeatureId }>(items: readonly (T | null)[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    if (!item) continue;
    const key = `${typeof item.id}:${item.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry helpers for search results (GeoJSON, EPSG:4326)
// ---------------------------------------------------------------------------------------------------------------

export type Position = readonly [number, number];
export type Ring = readonly Position[];
export type PolygonCoords = readonly Ring[];
export type Bbox = readonly [number, number, number, number];
export type AreaGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: PolygonCoords }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly PolygonCoords[] };

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}

function isRing(value: unknown): value is Ring {
  return Array.isArray(value) && value.length >= 4 && value.every(isPosition);
}

function isPolygonCoords(value: unknown): value is PolygonCoords {
  return Array.isArray(value) && value.length >= 1 && value.every(isRing);
}

export function asAreaGeometry(value: unknown): AreaGeometry | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon' && isPolygonCoords(coordinates)) return { type, coordinates };
  if (
    type === 'MultiPolygon' &&
    Array.isArray(coordinates) &&
    coordinates.length > 0 &&
    coordinates.every(isPolygonCoords)
  ) {
    return { type, coordinates };
  }
  return null;
}

export function asBbox(value: unknown): Bbox | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return null;
  }
  const [minX, minY, maxX, maxY] = value as [number, number, number, number];
  return minX <= maxX && minY <= maxY ? [minX, minY, maxX, maxY] : null;
}

function polygons(geometry: AreaGeometry): readonly PolygonCoords[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: AreaGeometry): Bbox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons(geometry)) {
    for (const [x, y] of polygon[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return [minX, minY, maxX, maxY];
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(sum) / 2;
}

function insideRing(point: Position, ring: Ring): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function insidePolygon(point: Position, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole));
}

/**
 * A point surely inside the largest polygon: its bbox centre when that is inside, otherwise the middle of the
 * widest inside span on the horizontal line through the centre (handles L, U and ring shapes).
 */
export function interiorPoint(geometry: AreaGeometry): Position | null {
  const largest = [...polygons(geometry)].sort((a, b) => ringArea(b[0] ?? []) - ringArea(a[0] ?? []))[0];
  if (!largest?.[0]) return null;
  const [minX, minY, maxX, maxY] = bboxOf({ type: 'Polygon', coordinates: largest });
  const centre: Position = [(minX + maxX) / 2, (minY + maxY) / 2];
  if (insidePolygon(centre, largest)) return centre;
  const y = centre[1];
  const crossings: number[] = [];
  for (const ring of largest) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > y !== yj > y) crossings.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  crossings.sort((a, b) => a - b);
  let best: Position | null = null;
  let bestWidth = 0;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const a = crossings[i] as number;
    const b = crossings[i + 1] as number;
    if (b - a > bestWidth) {
      bestWidth = b - a;
      best = [(a + b) / 2, y];
    }
  }
  return best;
}
