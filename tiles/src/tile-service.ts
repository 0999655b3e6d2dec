// Tiles for the server: validation of z/x/y, per-layer dataset versions in the cache key, compression, ETags.
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Db } from '../../db/src/connect.ts';
import { LAYERS, TILE_LAYERS, type Layer } from './layers.ts';
import { renderLayerTile } from './encode-mvt.ts';
import { TileCache, type CachedTile } from './tile-cache.ts';
import { today } from './tile-query.ts';

export const MAX_ZOOM = 22;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
/** How long a process trusts its view of the dataset versions before it asks the database again. */
const VERSION_TTL_MS = 1000;

export type TileLayerId = Layer | 'all';

export class TileService {
  readonly cache: TileCache;
  private versions = new Map<string, number>();
  private versionsAt = 0;
  private versionsLoading: Promise<void> | undefined;
  /** Renders under way, by cache key: concurrent misses of one tile share one render (only with a cache). */
  private readonly inFlight = new Map<string, Promise<CachedTile>>();

  constructor(
    private readonly db: Db,
    cacheMb: number,
  ) {
    this.cache = new TileCache(Math.round(cacheMb * 1024 * 1024));
  }

  /** The version stamp of a layer: the newest dataset version id that touched it (0 when never imported). */
  async versionOf(layer: TileLayerId): Promise<number> {
    if (Date.now() - this.versionsAt > VERSION_TTL_MS) await this.refreshVersions();
    return this.stamp(layer);
  }

  private stamp(layer: TileLayerId): number {
    if (layer === 'all') return Math.max(0, ...LAYERS.map((l) => this.versions.get(l) ?? 0));
    return this.versions.get(layer) ?? 0;
  }

  /**
   * A cached tile, synchronously: the hot path of a tile server, answered before any middleware. Undefined means
   * "ask `tile()`". When the view of the dataset versions is older than its TTL, the tile of the known version is
   * still served and a refresh starts in the background, so a hit never waits for the database; an import committed
   * by this process refreshes at once, one by another process within about a second.
   */
  peek(layer: TileLayerId, z: number, x: number, y: number): CachedTile | undefined {
    if (this.versionsAt === 0) return undefined;
    if (Date.now() - this.versionsAt > VERSION_TTL_MS && !this.versionsLoading) {
      this.refreshVersions().catch(() => undefined); // the next tile() reports a failing database
    }
    return this.cache.get(`${layer}/${z}/${x}/${y}@${this.stamp(layer)}${daySuffix(layer, today())}`);
  }

  /** Called after an import commits in this process, so its tiles are unreachable at once. */
  async refreshVersions(): Promise<void> {
    this.versionsLoading ??= (async () => {
      try {
        const { rows } = await this.db.query<{ layer: string; v: number }>(
          'SELECT layer, max(id)::int AS v FROM dataset_versions GROUP BY layer',
        );
        this.versions = new Map(rows.map((r) => [r.layer, r.v]));
        this.versionsAt = Date.now();
      } finally {
        this.versionsLoading = undefined;
      }
    })();
    return this.versionsLoading;
  }

  async tile(layer: TileLayerId, z: number, x: number, y: number): Promise<CachedTile> {
    const version = await this.versionOf(layer);
    const day = today();
    const stamp = `${version}${daySuffix(layer, day)}`;
    const key = `${layer}/${z}/${x}/${y}@${stamp}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (!this.cache.enabled) return this.build(layer, z, x, y, stamp, day);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.build(layer, z, x, y, stamp, day).then((tile) => {
        this.cache.set(key, tile);
        // Compress off the request path; later hits are served compressed.
        if (tile.raw.byteLength) void this.compress(key, tile);
        return tile;
      });
      this.inFlight.set(key, pending);
      void pending.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  private async build(
    layer: TileLayerId,
    z: number,
    x: number,
    y: number,
    stamp: string,
    day: string,
  ): Promise<CachedTile> {
    const raw = await this.render(layer, z, x, y, day);
    // A tile's content is fixed by its address, the dataset version and, for layers filtered by plan validity, the
    // day: the ETag needs no hashing.
    return { raw, gzip: undefined, br: undefined, etag: `"${layer}.${z}.${x}.${y}.v${stamp}"` };
  }

  private async compress(key: string, tile: CachedTile): Promise<void> {
    const [gz, br] = await Promise.all([
      gzipAsync(tile.raw, { level: 6 }),
      brotliAsync(tile.raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
    ]);
    if (this.cache.has(key)) this.cache.set(key, { ...tile, gzip: gz, br });
  }

  private async render(layer: TileLayerId, z: number, x: number, y: number, day: string): Promise<Uint8Array> {
    if (layer !== 'all') return renderLayerTile(this.db, layer, z, x, y, day);
    // A tile of several layers is the concatenation of single-layer tiles (each is one protobuf `layers` entry).
    const visible = LAYERS.filter((l) => z >= TILE_LAYERS[l].minzoom);
    // The layers are rendered at once (a PostGIS pool runs their queries side by side), concatenated in layer order.
    const parts = await Promise.all(visible.map((l) => renderLayerTile(this.db, l, z, x, y, day)));
    return Buffer.concat(parts);
  }
}

/** The part of a tile's cache key and ETag that names the day, for layers whose features depend on it. */
function daySuffix(layer: TileLayerId, day: string): string {
  const dated = layer === 'all' ? LAYERS.some((l) => TILE_LAYERS[l].inForce) : Boolean(TILE_LAYERS[layer].inForce);
  return dated ? `.d${day.replaceAll('-', '')}` : '';
}

/** Parses z/x/y path parts; returns a reason when they are not a tile of the pyramid. */
export function parseTileAddress(
  zs: string,
  xs: string,
  ys: string,
): { z: number; x: number; y: number } | { error: string; parameter: 'z' | 'x' | 'y' } {
  const parts = { z: zs, x: xs, y: ys } as const;
  for (const [name, s] of Object.entries(parts) as ['z' | 'x' | 'y', string][]) {
    if (!/^\d{1,8}$/.test(s))
      return { error: `${name} must be a non-negative integer, got ${JSON.stringify(s)}`, parameter: name };
  }
  const z = Number(zs);
  const x = Number(xs);
  const y = Number(ys);
  if (z > MAX_ZOOM) return { error: `z must be between 0 and ${MAX_ZOOM}, got ${z}`, parameter: 'z' };
  const n = 2 ** z;
  if (x >= n) return { error: `x must be between 0 and ${n - 1} at zoom ${z}, got ${x}`, parameter: 'x' };
  if (y >= n) return { error: `y must be between 0 and ${n - 1} at zoom ${z}, got ${y}`, parameter: 'y' };
  return { z, x, y };
}
