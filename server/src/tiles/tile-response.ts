// Writes a tile response: shared by the Express route and the pre-Express fast path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLayer } from '../../../tiles/src/layers.ts';
import type { CachedTile } from '../../../tiles/src/tile-cache.ts';
import { parseTileAddress, type TileService } from '../../../tiles/src/tile-service.ts';
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

/**
 * Serves a tile before Express sees the request: a cache hit at once, a miss when rendered (errors go to `onError`).
 * Returns false for anything that is not a well-formed address of a known tile set: Express answers those with
 * their 400/404 problems.
 */
export function serveTile(
  tiles: TileService,
  req: IncomingMessage,
  res: ServerResponse,
  onError: (err: unknown) => void,
): boolean {
  if (req.method !== 'GET' || !req.url) return false;
  const m = TILE_URL.exec(req.url);
  if (!m) return false;
  const layer = m[1]!;
  if (layer !== 'all' && !isLayer(layer)) return false;
  const addr = parseTileAddress(m[2]!, m[3]!, m[4]!);
  if ('error' in addr) return false;
  const hit = tiles.peek(layer, addr.z, addr.x, addr.y);
  if (hit) writeTile(req, res, hit);
  else tiles.tile(layer, addr.z, addr.x, addr.y).then((tile) => writeTile(req, res, tile), onError);
  return true;
}
