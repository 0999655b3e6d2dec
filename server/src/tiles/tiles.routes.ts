// /tiles: MVT tiles and TileJSON. Kept free of heavy middleware: a cache hit is a Map lookup and a write.
import { Router, type Request, type Response } from 'express';
import { writeTile } from './tile-response.ts';
import { HttpError, notFound, sendProblem, badParam } from '../errors.ts';
import { LAYERS, isLayer } from '../../../tiles/src/layers.ts';
import { parseTileAddress, type TileLayerId, type TileService } from '../../../tiles/src/tile-service.ts';
import { tileJson } from '../../../tiles/src/tilejson.ts';
import type { Db } from '../../../db/src/connect.ts';

const isTileSet = (id: string): id is TileLayerId => id === 'all' || isLayer(id);

export function tilesRoutes(db: Db, tiles: TileService, publicUrl: (req: Request) => string): Router {
  const router = Router();

  router.get('/tiles', (req, res) => {
    const base = publicUrl(req);
    res.json({
      tilesets: ['all', ...LAYERS].map((id) => ({ id, tilejson: `${base}/tiles/${id}.json` })),
    });
  });

  router.get('/tiles/:file', async (req, res) => {
    const file = String(req.params.file);
    const layer = file.endsWith('.json') ? file.slice(0, -5) : file;
    if (!isTileSet(layer)) throw notFound('Tile set', file);
    res.json(await tileJson(db, layer, publicUrl(req), await tiles.versionOf(layer)));
  });

  router.get('/tiles/:layer/:z/:x/:y.mvt', async (req: Request, res: Response) => {
    const { layer, z, x, y } = req.params as Record<string, string>;
    if (!isTileSet(layer!)) return sendProblem(res, notFound('Tile layer', layer!), req.originalUrl);
    const addr = parseTileAddress(z!, x!, y!);
    if ('error' in addr) {
      return sendProblem(
        res,
        new HttpError(400, 'InvalidParameterValue', addr.error, { parameter: addr.parameter }),
        req.originalUrl,
      );
    }
    writeTile(req, res, await tiles.tile(layer, addr.z, addr.x, addr.y));
  });

  router.get('/tiles/:layer/:z/:x/:rest', (req) => {
    throw badParam('y', req.params.rest, 'expected {y}.mvt');
  });

  return router;
}
