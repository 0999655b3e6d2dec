// GET /api/uat-points: a point inside every UAT (GeoJSON, EPSG:4326, `siruta` property and feature id), where the
// atlas page draws proportional circles. Fetched once by the page; recomputed only when the UAT or indicator data change.
import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { atlasDataVersion } from '../../../db/src/indicators.repository.ts';
import { uatPoints } from '../../../db/src/uat-points.repository.ts';
import { MEDIA } from '../ogc/constants.ts';

export function uatPointsRoutes(db: Db): Router {
  const router = Router();
  let cached: { version: string; body: Promise<string> } | undefined;

  router.get('/api/uat-points', async (_req, res) => {
    const { version } = await atlasDataVersion(db.reader);
    if (!cached || cached.version !== version) {
      const body = uatPoints(db.reader).then((rows) =>
        JSON.stringify({
          type: 'FeatureCollection',
          features: rows.map((r) => ({
            type: 'Feature',
            id: r.siruta,
            properties: { siruta: r.siruta },
            geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
          })),
        }),
      );
      cached = { version, body };
      body.catch(() => (cached = undefined));
    }
    const body = await cached.body;
    res.setHeader('Content-Type', MEDIA.geojson);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  });

  return router;
}
