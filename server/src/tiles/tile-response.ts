// Writes a tile response: shared by the Express route and the pre-Express fast path for cache hits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedTile } from '../../../tiles/src/tile-cache.ts';
import { MEDIA } from '../ogc/constants.ts';

const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

export function writeTile(req: IncomingMessage, res: ServerResponse, tile: CachedTile): void {
  // One writeHead with a flat header list: the cheapest way through node:http for the hot path.
  const headers = [
    'Cache-Control',
    CACHE_CONTROL,
    'ETag',
    tile.etag,
    'Vary',
    'Accept-Encoding',
    'Access-Control-Allow-Origin',
    '*',
  ];
  if (req.headers['if-none-match'] === tile.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  if (tile.raw.byteLength === 0) {
    res.writeHead(204, headers).end();
    return;
  }
  const accept = req.headers['accept-encoding'] ?? '';
  let body = tile.raw;
  if (tile.br && /\bbr\b/.test(accept)) {
    headers.push('Content-Encoding', 'br');
    body = tile.br;
  } else if (tile.gzip && /\bgzip\b/.test(accept)) {
    headers.push('Content-Encoding', 'gzip');
    body = tile.gzip;
  }
  headers.push('Content-Type', MEDIA.mvt, 'Content-Length', String(body.byteLength));
  res.writeHead(200, headers).end(body);
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
