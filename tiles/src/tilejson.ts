// TileJSON 3.0 documents for each layer and for the composite `all` tile set.
import type { Db } from '../../db/src/connect.ts';
import { roundOutward, wgs84OfStereo70Box } from '../../db/src/extent.ts';
import { LAYERS, TILE_LAYERS, type Layer } from './layers.ts';

export const ATTRIBUTION =
  'UAT: ANCPI / geo-spatial.org; limita Cluj-Napoca și numele străzilor: © OpenStreetMap contributors (ODbL); UTR: PUG Cluj-Napoca (HCL 493/2014); parcele, planuri, străzi și cvartale: date sintetice Atlas';

const boundsCache = new Map<string, [number, number, number, number]>();

async function boundsOf(db: Db, layers: readonly Layer[], version: number): Promise<[number, number, number, number]> {
  const key = `${layers.join(',')}@${version}`;
  const cached = boundsCache.get(key);
  if (cached) return cached;
  const unions = layers
    .map((l) => `SELECT ST_Extent(geom)::geometry AS e FROM ${TILE_LAYERS[l].table} WHERE valid_to IS NULL`)
    .join(' UNION ALL ');
  const { rows } = await db.query<{ b: [number, number, number, number] | null }>(
    `SELECT CASE WHEN x IS NULL THEN NULL ELSE ARRAY[ST_XMin(x), ST_YMin(x), ST_XMax(x), ST_YMax(x)] END AS b
     FROM (SELECT ${wgs84OfStereo70Box('ST_Extent(e)')} AS x FROM (${unions}) u) t`,
  );
  const b = rows[0]?.b;
  const bounds: [number, number, number, number] = b ? roundOutward(b, 5) : [20.26, 43.61, 29.72, 48.27]; // Romania
  boundsCache.set(key, bounds);
  return bounds;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

export async function tileJson(db: Db, layer: Layer | 'all', baseUrl: string, version: number) {
  const layers = layer === 'all' ? [...LAYERS] : [layer];
  const bounds = await boundsOf(db, layers, version);
  const defs = layers.map((l) => TILE_LAYERS[l]);
  return {
    tilejson: '3.0.0',
    name: layer === 'all' ? 'Atlas' : layer,
    description: layer === 'all' ? 'Toate straturile Atlas' : TILE_LAYERS[layer].description,
    version: `1.0.${version}`,
    attribution: ATTRIBUTION,
    scheme: 'xyz',
    tiles: [`${baseUrl}/tiles/${layer}/{z}/{x}/{y}.mvt`],
    minzoom: Math.min(...defs.map((d) => d.minzoom)),
    maxzoom: Math.max(...defs.map((d) => d.maxzoom)),
    bounds,
    center: [round((bounds[0] + bounds[2]) / 2, 5), round((bounds[1] + bounds[3]) / 2, 5), 12],
    vector_layers: defs.map((d) => ({
      id: d.id,
      description: d.description,
      minzoom: d.minzoom,
      maxzoom: d.maxzoom,
      fields: Object.fromEntries(Object.entries(d.fields).map(([n, [, t]]) => [n, t])),
    })),
  };
}
