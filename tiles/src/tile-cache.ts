// A bounded in-memory cache of encoded tiles, limited by bytes, least recently used out first.
export interface CachedTile {
  /** The raw MVT (empty for an empty tile). */
  raw: Uint8Array;
  /** The same, gzip- and brotli-compressed; absent for an empty tile and until compressed (off the request path). */
  gzip: Uint8Array | undefined;
  br: Uint8Array | undefined;
  etag: string;
}

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): CachedTile | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    } else {
      this.misses++;
    }
    return hit;
  }

  set(key: string, tile: CachedTile): void {
    if (!this.enabled) return;
    const cost = costOf(key, tile);
    if (cost > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= costOf(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, tile);
    this.bytes += cost;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= costOf(k, v);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

function costOf(key: string, tile: CachedTile): number {
  return tile.raw.byteLength + (tile.gzip?.byteLength ?? 0) + (tile.br?.byteLength ?? 0) + key.length * 2 + 64;
}
