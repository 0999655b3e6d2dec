// What the web app needs to know before it draws the map: the layers it takes from PMTiles archives
// (ATLAS_TILE_ARCHIVES) instead of this server's tile endpoint, the external base, and the legend (the map's colours
// and classes and the names of what they show, owned by the server and shared with the certificate's PDF map).
import { Router } from 'express';
import type { Layer } from '../../tiles/src/layers.ts';
import { LEGEND, type LegendDocument } from './legend/legend.ts';

export interface Basemap {
  /** A raster XYZ template ({z}/{x}/{y}) or a WMS GetMap template ({bbox-epsg-3857}) (ATLAS_BASEMAP). */
  readonly url: string;
  /** What the map must show for it (ATLAS_BASEMAP_ATTRIBUTION). */
  readonly attribution: string | null;
}

export interface ClientConfig {
  /** Layer id → URL of a PMTiles v3 archive holding that layer (as written by `npm run tiles -- export`). */
  readonly tileArchives: Partial<Record<Layer, string>>;
  /** An external base under the map; null: the offline base from the data only. */
  readonly basemap: Basemap | null;
  /** The map's colours, classes and names (legend/legend.ts). */
  readonly legend: LegendDocument;
}

export function clientConfigRoutes(
  tileArchives: Partial<Record<Layer, string>> = {},
  basemap: Basemap | null = null,
): Router {
  const body = JSON.stringify({ tileArchives, basemap, legend: LEGEND } satisfies ClientConfig);
  const router = Router();
  router.get('/api/client-config', (_req, res) => {
    // Short-lived: an operator who moves a layer to an archive sees it on the next page load.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.type('application/json').send(body);
  });
  return router;
}
