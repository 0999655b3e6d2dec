// Issue 13: a parcel file with no SIRUTA field and no --uat (an INSPIRE cadastral download, a GeoPackage exported
// from a cadastral system) takes each feature's UAT from the UAT polygon that contains it. The UATs in force are
// read once (in Stereo 70), only when the first feature has no SIRUTA field; each feature's representative point (a
// point inside its first polygon) is then looked up among the UATs whose bounding box holds it.
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from '../../db/src/connect.ts';
import { uatShapesInForce, type UatShape } from '../../db/src/load/uat-shapes.ts';
import { ImportError } from '../../db/src/load/errors.ts';
import { FLAT, type FlatCoordinates } from './flat-geometry.ts';
import { toStereo70 } from './crs/stereo70.ts';
import { plausibleBox, type Srs } from './crs/crs.ts';
import type { FieldMapping } from './coerce.ts';
import type { GeoJsonFeature } from './import-job.ts';
import type { GeometryLayerSpec } from './layers/layer-specs.ts';

export class UatLocator {
  private constructor(private readonly uats: UatShape[]) {}

  static async load(db: Queryable): Promise<UatLocator> {
    return new UatLocator(await uatShapesInForce(db));
  }

  get size(): number {
    return this.uats.length;
  }

  /** The SIRUTA of the UAT containing the point (Stereo 70 metres). */
  locate(x: number, y: number): number | undefined {
    for (const u of this.uats) {
      const b = u.box;
      if (x < b[0] || y < b[1] || x > b[2] || y > b[3]) continue;
      if (booleanPointInPolygon([x, y], u.geom)) return u.siruta;
    }
    return undefined;
  }
}

/** A point inside the feature's first polygon (or on its first line, or the point), in the source CRS. */
export function representativePoint(geometry: GeoJsonFeature['geometry']): [number, number] | undefined {
  if (!geometry) return undefined;
  const flat = (geometry as { [FLAT]?: FlatCoordinates })[FLAT];
  let ring: number[][] | undefined;
  if (flat) {
    if (flat.point) return [flat.xy[0]!, flat.xy[1]!];
    const n = flat.rings[0] ?? 0;
    ring = [];
    for (let i = 0; i < n; i++) ring.push([flat.xy[2 * i]!, flat.xy[2 * i + 1]!]);
  } else {
    const c = geometry.coordinates as unknown;
    const depth = (v: unknown): number => (Array.isArray(v) ? 1 + depth(v[0]) : 0);
    const d = depth(c);
    if (d === 1) return (c as number[]).slice(0, 2) as [number, number];
    if (d === 2) ring = c as number[][];
    else if (d === 3) ring = (c as number[][][])[0];
    else if (d === 4) ring = (c as number[][][][])[0]?.[0];
  }
  if (!ring || ring.length === 0 || !ring.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])))
    return undefined;
  if (ring.length < 4) return ring[0] as [number, number];
  const closed = ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
  if (!closed) return ring[0] as [number, number];
  const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
  return pointOnFeature(polygon).geometry.coordinates as [number, number];
}

/**
 * The features, each given the SIRUTA of the UAT that contains it when the file has no SIRUTA field (decided on the
 * first feature) and no --uat was given. A feature in no UAT is left without: the importer refuses it and says so.
 * The first feature is read and the UATs loaded here, before the import's transaction opens (the embedded engine has
 * one connection).
 */
export async function withLocatedUat(
  db: Queryable,
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>,
  spec: GeometryLayerSpec,
  srs: Srs,
  mapping: FieldMapping | undefined,
): Promise<AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>> {
  const column = spec.uatColumn!;
  const names = (mapping?.[column] ?? spec.columns.find((c) => c.column === column)!.candidates).map((s) =>
    s.toLowerCase(),
  );
  const key = mapping?.[column]?.[0] ?? column;
  const it =
    Symbol.asyncIterator in features
      ? (features as AsyncIterable<GeoJsonFeature>)[Symbol.asyncIterator]()
      : (features as Iterable<GeoJsonFeature>)[Symbol.iterator]();
  const first = await it.next();
  let locator: UatLocator | undefined;
  if (!first.done) {
    const f = first.value;
    const props = f && typeof f.properties === 'object' && f.properties ? f.properties : {};
    const has = Object.keys(props).some((k) => names.includes(k.toLowerCase()) && props[k] != null && props[k] !== '');
    if (!has) locator = await UatLocator.load(db);
  }
  // The file has the field (the usual case): its features pass as they come, without a step of their own.
  if (!locator) return first.done ? [] : withFirst(first.value, it, Symbol.asyncIterator in features);
  const locate = (f: GeoJsonFeature): GeoJsonFeature => {
    if (!locator || !f || typeof f !== 'object') return f;
    const p = representativePoint(f.geometry);
    const at = p && (srs === 'EPSG:3844' ? p : toStereo70(p));
    const siruta = at ? locator.locate(at[0], at[1]) : undefined;
    return siruta === undefined ? f : { ...f, properties: { ...(f.properties ?? {}), [key]: siruta } };
  };
  return (async function* () {
    try {
      if (first.done) return;
      yield locate(first.value);
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield locate(n.value);
      }
    } finally {
      await it.return?.();
    }
  })();
}

/**
 * How far outside the limit of the UAT given with `--uat` a feature may lie (metres): the UAT limits are drawn at a
 * smaller scale than parcels.
 */
export const UAT_TOLERANCE_M = 200;

/**
 * The features, each checked to lie in (or within UAT_TOLERANCE_M of) the UAT given with `--uat`: a mistyped SIRUTA
 * (a neighbour's) would otherwise file one UAT's parcels under another and, scoped to it, replace that UAT's rows.
 * The first feature outside refuses the import (nothing is written). A feature whose coordinates cannot be in the
 * declared CRS is left to the importer's own check, which says so. Loaded before the import's transaction opens.
 */
export async function withinGivenUat(
  db: Queryable,
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>,
  spec: GeometryLayerSpec,
  srs: Srs,
  siruta: number,
  sourceFile: string,
): Promise<AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>> {
  const [uat] = await uatShapesInForce(db, siruta);
  if (!uat) return features; // an unknown SIRUTA: the importer refuses it, naming it
  const plausible = plausibleBox(srs);
  const t = UAT_TOLERANCE_M;
  let index = 0;
  const check = (f: GeoJsonFeature): GeoJsonFeature => {
    const i = index++;
    if (!f || typeof f !== 'object') return f;
    const p = representativePoint(f.geometry);
    if (!p || p[0] < plausible[0] || p[1] < plausible[1] || p[0] > plausible[2] || p[1] > plausible[3]) return f;
    const [x, y] = srs === 'EPSG:3844' ? p : toStereo70(p);
    const b = uat.box;
    const nearBox = x >= b[0] - t && y >= b[1] - t && x <= b[2] + t && y <= b[3] + t;
    if (nearBox && booleanPointInPolygon([x, y], uat.geom)) return f;
    const away = distanceToRings(x, y, uat.geom);
    if (away <= t) return f;
    const id = (f as { id?: string | number }).id;
    throw new ImportError(`${sourceFile}: features outside UAT ${siruta} (${uat.name}), given with --uat`, [
      {
        feature: i,
        ...(id !== undefined && id !== null ? { id } : {}),
        field: spec.uatColumn,
        reason: `lies ${(away / 1000).toFixed(1)} km outside UAT ${siruta} (${uat.name}); is the SIRUTA code given with --uat right?`,
      },
    ]);
  };
  if (!(Symbol.asyncIterator in features)) {
    return (function* () {
      for (const f of features as Iterable<GeoJsonFeature>) yield check(f);
    })();
  }
  return (async function* () {
    for await (const f of features) yield check(f);
  })();
}

/** The planar distance (metres) from a point to the nearest edge of a multipolygon's rings. */
function distanceToRings(x: number, y: number, geom: MultiPolygon): number {
  let best = Infinity;
  for (const polygon of geom.coordinates)
    for (const ring of polygon)
      for (let k = 1; k < ring.length; k++) {
        const [ax, ay] = ring[k - 1] as [number, number];
        const [bx, by] = ring[k] as [number, number];
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const u = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len));
        best = Math.min(best, Math.hypot(x - (ax + u * dx), y - (ay + u * dy)));
      }
  return best;
}

/** `first`, then the rest of `it`: sync or async as `it` is; the async rest without a promise of its own per feature. */
function withFirst<T>(first: T, it: Iterator<T> | AsyncIterator<T>, async: boolean): Iterable<T> | AsyncIterable<T> {
  if (!async) {
    const rest = it as Iterator<T>;
    return (function* () {
      yield first;
      yield* { [Symbol.iterator]: () => rest };
    })();
  }
  const rest = it as AsyncIterator<T>;
  let pending = true;
  const iterator: AsyncIterator<T> = {
    next: () => {
      if (!pending) return rest.next();
      pending = false;
      return Promise.resolve({ done: false, value: first });
    },
    return: async () => (await rest.return?.()) ?? { done: true, value: undefined },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
