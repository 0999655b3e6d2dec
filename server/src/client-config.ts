// What the web app needs to know about this deployment before it draws the map. Today: the layers it takes from
// PMTiles archives (ATLAS_TILE_ARCHIVES) instead of this server's tile endpoint.
import { Router } from 'express';
import type { Layer } from '../../tiles/src/layers.ts';

export interface ClientConfig {
  /** Layer id → URL of a PMTiles v3 archive holding that layer (as written by `npm run tiles -- export`). */
  readonly tileArchives: Partial<Record<Layer, string>>;
}

export function clientConfigRoutes(tileArchives: Partial<Record<Layer, string>> = {}): Router {
  const body = JSON.stringify({ tileArchives } satisfies ClientConfig);
  const router = Router();
  router.get('/api/client-config', (_req, res) => {
    // Short-lived: an operator who moves a layer to an archive sees it on the next page load.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.type('application/json').send(body);
  });
  return router;
}
