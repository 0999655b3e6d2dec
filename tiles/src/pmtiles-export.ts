// Pre-built tile archives for a CDN: every tile of a layer (or the composite) over its extent and a zoom range,
// rendered by the same code that serves tiles, gzip-compressed, into one PMTiles v3 file.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Db } from '../../db/src/connect.ts';
import { LAYERS, TILE_LAYERS } from './layers.ts';
import { Compression, PmtilesWriter, TileType, tileIdOf, type PmtilesSummary } from './pmtiles-writer.ts';
import { occupiedTilesSql } from './tile-query.ts';
import { TileService, type TileLayerId } from './tile-service.ts';
import { tileJson } from './tilejson.ts';

const gzipAsync = promisify(gzip);

export interface ExportOptions {
  layer: TileLayerId;
  minzoom: number;
  maxzoom: number;
  out: string;
  /** Called after each zoom level with the tiles done so far. */
  progress?: (done: number, total: number) => void;
}

export interface ExportSummary extends PmtilesSummary {
  /** Tiles rendered: those that some feature's box (with the tile buffer) touches. */
  tilesVisited: number;
  ms: number;
}

/** The tiles that cover a [west, south, east, north] box at zoom z, in Web Mercator tile coordinates. */
export function tilesCovering(bounds: readonly [number, number, number, number], z: number) {
  const n = 2 ** z;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  const tx = (lon: number) => clamp(Math.floor(((lon + 180) / 360) * n));
  const ty = (lat: number) => {
    const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
    return clamp(Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n));
  };
  return { x0: tx(bounds[0]), x1: tx(bounds[2]), y0: ty(bounds[3]), y1: ty(bounds[1]) };
}

export async function exportPmtiles(db: Db, opts: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const layers = opts.layer === 'all' ? [...LAYERS] : [opts.layer];
  const minzoom = Math.max(opts.minzoom, Math.min(...layers.map((l) => TILE_LAYERS[l].minzoom)));
  if (minzoom > opts.maxzoom) {
    throw new Error(
      `layer ${opts.layer} has no tiles from zoom ${opts.minzoom} to ${opts.maxzoom} (its tiles start at zoom ${minzoom})`,
    );
  }
  const tiles = new TileService(db, 0);
  await tiles.refreshVersions();
  const version = await tiles.versionOf(opts.layer);
  const tj = await tileJson(db, opts.layer, '', version);

  // Only the tiles that some feature may touch: a pyramid over a sparse layer is mostly empty tiles.
  const addresses: { z: number; x: number; y: number; id: number }[] = [];
  for (let z = minzoom; z <= opts.maxzoom; z++) {
    const seen = new Set<number>();
    for (const l of layers.filter((l) => z >= TILE_LAYERS[l].minzoom)) {
      const { rows } = await db.query<{ x: number; y: number }>(occupiedTilesSql(TILE_LAYERS[l]), [z]);
      for (const { x, y } of rows) {
        const id = tileIdOf(z, x, y);
        if (!seen.has(id)) addresses.push({ z, x, y, id });
        seen.add(id);
      }
    }
  }
  addresses.sort((a, b) => a.id - b.id);

  const writer = new PmtilesWriter(opts.out, {
    tileCompression: Compression.Gzip,
    tileType: TileType.Mvt,
    minzoom,
    maxzoom: opts.maxzoom,
    bounds: tj.bounds,
    center: [tj.center[0]!, tj.center[1]!, Math.min(Math.max(tj.center[2]!, minzoom), opts.maxzoom)],
    metadata: {
      name: tj.name,
      description: tj.description,
      version: tj.version,
      attribution: tj.attribution,
      type: 'overlay',
      format: 'pbf',
      vector_layers: tj.vector_layers.map((l) => ({
        ...l,
        minzoom: Math.max(l.minzoom, minzoom),
        maxzoom: Math.min(l.maxzoom, opts.maxzoom),
      })),
      generator: 'Atlas (npm run tiles -- export)',
      dataset_version: version,
    },
  });

  // Render ahead on every connection the engine has, add in tile id order.
  const ahead = Math.max(2, db.connections * 2);
  const render = async (a: (typeof addresses)[number]) => {
    const raw = (await tiles.tile(opts.layer, a.z, a.x, a.y)).raw;
    return raw.byteLength ? new Uint8Array(await gzipAsync(raw, { level: 6 })) : raw;
  };
  const pending: Promise<Uint8Array>[] = [];
  let next = 0;
  try {
    for (let i = 0; i < addresses.length; i++) {
      while (next < addresses.length && next < i + ahead) pending.push(render(addresses[next++]!));
      const bytes = await pending.shift()!;
      const a = addresses[i]!;
      await writer.add(a.z, a.x, a.y, bytes);
      if (opts.progress && (i + 1) % 500 === 0) opts.progress(i + 1, addresses.length);
    }
  } catch (err) {
    await Promise.allSettled(pending);
    await writer.abort();
    throw err;
  }
  const summary = await writer.finish();
  opts.progress?.(addresses.length, addresses.length);
  return { ...summary, tilesVisited: addresses.length, ms: Date.now() - started };
}
