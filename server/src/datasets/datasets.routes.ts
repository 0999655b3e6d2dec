// GET /api/datasets: the dataset version in force per layer, with its provenance (issue #15). The web app shows a
// "test data" banner while any of them is synthetic, and the attributions in its footer.
import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { publishedVersions } from '../../../db/src/datasets.repository.ts';

export function datasetsRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/datasets', async (_req, res) => {
    const datasets = await publishedVersions(db.reader);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({
      synthetic: datasets.some((d) => d.synthetic),
      attributions: [...new Set(datasets.map((d) => d.attribution).filter((a): a is string => !!a))],
      datasets,
    });
  });
  return router;
}
