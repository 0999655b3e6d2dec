// Writes a tile response: shared by the Express route and the pre-Express fast path for cache hits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedTile } from '../../../tiles/src/tile-cache.ts';
import { MEDIA } from '../ogc/constants.ts';

const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

export function writeTile(req: IncomingMessage, res: ServerResponse, tile: CachedTile): void {
  res.setHeader('Cache-Control', CACHE_CONTROL);
  res.setHeader('ETag', tile.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.headers['if-none-match'] === tile.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (tile.raw.byteLength === 0) {
    res.statusCode = 204;
    res.end();
    return;
  }
  res.setHeader('Content-Type', MEDIA.mvt);
  const accept = req.headers['accept-encoding'] ?? '';
  let body = tile.raw;
  if (tile.br && /\bbr\b/.test(accept)) {
    res.setHeader('Content-Encoding', 'br');
    body = tile.br;
  } else if (tile.gzip && /\bgzip\b/.test(accept)) {
    res.setHeader('Content-Encoding', 'gzip');
    body = tile.gzip;
  }
  res.setHeader('Content-Length', body.byteLength);
  res.statusCode = 200;
  res.end(body);
}

const TILE_URL = /^\/tiles\/([a-z]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;

/** Serves a cached tile before Express sees the request; returns false to let Express handle it. */
export function serveCachedTile(
  peek: (layer: string, z: number, x: number, y: number) => CachedTile | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== 'GET' || !req.url) return false;
  const m = TILE_URL.exec(req.url);
  if (!m) return false;
  const tile = peek(m[1]!, Number(m[2]), Number(m[3]), Number(m[4]));
  if (!tile) return false;
  writeTile(req, res, tile);
  return true;
}
