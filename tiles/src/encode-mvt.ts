// Renders one layer's tile: ST_AsMVT where the engine has it, the JS encoder (vt-pbf) where it does not.
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Db } from '../../db/src/connect.ts';
import { TILE_LAYERS, type Layer } from './layers.ts';
import { EXTENT, mvtSql, tileGeojsonSql, tileParams } from './tile-query.ts';

type Ring = [number, number][];
interface JsFeature {
  id: number;
  type: 1 | 2 | 3;
  tags: Record<string, string | number | boolean>;
  geometry: Ring[] | [number, number][];
}

const mvtSqlCache = new Map<Layer, string>();
const geojsonSqlCache = new Map<Layer, string>();

export async function renderLayerTile(
  db: Db,
  layer: Layer,
  z: number,
  x: number,
  y: number,
  day?: string,
): Promise<Uint8Array> {
  const def = TILE_LAYERS[layer];
  if (z < def.minzoom) return new Uint8Array(0);
  const params = tileParams(layer, z, x, y, day);
  if (db.capabilities.asMvt) {
    let sql = mvtSqlCache.get(layer);
    if (!sql) mvtSqlCache.set(layer, (sql = mvtSql(def)));
    const { rows } = await db.reader.prepared<{ mvt: Uint8Array | null }>(`tile_${layer}`, sql, params);
    const mvt = rows[0]?.mvt;
    return mvt ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.byteLength) : new Uint8Array(0);
  }
  let sql = geojsonSqlCache.get(layer);
  if (!sql) geojsonSqlCache.set(layer, (sql = tileGeojsonSql(def)));
  const { rows } = await db.reader.query<Record<string, unknown>>(sql, params);
  const features: JsFeature[] = [];
  const names = Object.keys(def.fields);
  for (const row of rows) {
    const geom = toTileGeometry(row.__geojson as string | null);
    if (!geom) continue;
    const tags: JsFeature['tags'] = {};
    for (const n of names) {
      const v = row[n];
      if (v !== null && v !== undefined) tags[n] = v as string | number | boolean;
    }
    features.push({ id: Number(row.__fid), type: geom.type, tags, geometry: geom.geometry });
  }
  if (features.length === 0) return new Uint8Array(0);
  return fromGeojsonVt({ [layer]: { features } } as unknown as Parameters<typeof fromGeojsonVt>[0], {
    version: 2,
    extent: EXTENT,
  });
}

/** GeoJSON in tile pixels → the ring lists of the MVT encoding; drops rings that collapsed to nothing. */
function toTileGeometry(json: string | null): Pick<JsFeature, 'type' | 'geometry'> | null {
  if (!json) return null;
  const g = JSON.parse(json) as { type: string; coordinates: unknown; geometries?: unknown[] };
  switch (g.type) {
    case 'Point':
      return { type: 1, geometry: [g.coordinates as [number, number]] };
    case 'MultiPoint':
      return { type: 1, geometry: g.coordinates as [number, number][] };
    case 'LineString':
      return { type: 2, geometry: [g.coordinates as Ring] };
    case 'MultiLineString':
      return { type: 2, geometry: g.coordinates as Ring[] };
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][];
      const rings: Ring[] = [];
      for (const poly of polys) {
        const outer = poly[0];
        if (!outer || Math.abs(signedArea(outer)) < 0.5) continue; // the whole polygon is below a pixel
        for (const ring of poly) if (ring.length >= 4 && Math.abs(signedArea(ring)) >= 0.5) rings.push(ring);
      }
      return rings.length ? { type: 3, geometry: rings } : null;
    }
    case 'GeometryCollection': {
      // Clipping can yield mixed collections; keep the polygonal part.
      const polys = (g.geometries ?? []).filter((p) => /Polygon$/.test((p as { type: string }).type));
      const parts = polys.flatMap((p) => {
        const r = toTileGeometry(JSON.stringify(p));
        return r ? (r.geometry as Ring[]) : [];
      });
      return parts.length ? { type: 3, geometry: parts } : null;
    }
    default:
      return null;
  }
}

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return sum / 2;
}
