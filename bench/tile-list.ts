// The fixed tile lists of the benches: squares of tiles around Cluj-Napoca's centre.
import type { Layer } from '../tiles/src/layers.ts';
import { tileOf } from '../test/support/mvt.ts';

export const CENTRE = [23.5897, 46.7693] as const;

export interface Tile {
  layer: Layer;
  z: number;
  x: number;
  y: number;
}

/** A square of `side` × `side` tiles of zoom `z` around the centre. */
export function tileList(layer: Layer, z: number, side: number): Tile[] {
  const c = tileOf(CENTRE[0], CENTRE[1], z);
  const out: Tile[] = [];
  const h = Math.floor(side / 2);
  for (let dx = -h; dx < side - h; dx++)
    for (let dy = -h; dy < side - h; dy++) out.push({ layer, z, x: c.x + dx, y: c.y + dy });
  return out;
}

export const tilePath = (t: Tile) => `/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.mvt`;
