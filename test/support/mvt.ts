import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  rings: number;
}

/** Decodes an MVT into { layer: features } (properties and the number of rings/parts of each geometry). */
export function decodeMvt(buf: Uint8Array): Record<string, DecodedFeature[]> {
  const tile = new VectorTile(new PbfReader(buf));
  const out: Record<string, DecodedFeature[]> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ id: f.id, type: f.type, properties: { ...f.properties }, rings: f.loadGeometry().length });
    }
    out[name] = features;
  }
  return out;
}

/** The z/x/y of the tile containing lon/lat. */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}
