import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { currentVersions } from '../../../db/src/datasets.repository.ts';

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const versions = await currentVersions(db);
    res.json({
      status: 'ok',
      engine: db.engine,
      postgis: db.capabilities.postgisVersion,
      server: db.capabilities.serverVersion,
      capabilities: { asMvt: db.capabilities.asMvt, asFlatGeobuf: db.capabilities.asFlatGeobuf },
      replicas: db.replicas(),
      datasets: versions.map((v) => ({
        layer: v.layer,
        version: v.id,
        uat: v.uat_siruta,
        features: v.feature_count,
        source: v.source_file,
        imported_at: v.imported_at,
      })),
    });
  });
  return router;
}
