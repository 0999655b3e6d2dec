// GET /api/health: what runs and which data it serves; reports the database as down (503) instead of failing.
// GET /api/health/live: liveness, the process answers (no database).
// GET /api/health/ready: readiness, 200 while the database answers, 503 (problem+json, Retry-After) while it does not.
import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { currentVersions } from '../../../db/src/datasets.repository.ts';
import { dbFaultProblem, DB_RETRY_AFTER_S, HttpError } from '../errors.ts';

const PING_TIMEOUT_MS = 2_000;

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/health/live', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', uptime_s: Math.round(process.uptime()) });
  });

  router.get('/api/health/ready', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await db.ping(PING_TIMEOUT_MS);
    } catch (err) {
      // Not ready whatever the fault (unreachable, frozen, too slow): always 503, the status load balancers expect.
      throw new HttpError(
        503,
        'DatabaseUnavailable',
        `The database does not answer: ${dbFaultProblem(err)?.message ?? 'unexpected error'}`,
        {},
        { 'Retry-After': String(DB_RETRY_AFTER_S) },
      );
    }
    res.json({ status: 'ready', engine: db.engine });
  });

  router.get('/api/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const about = {
      engine: db.engine,
      postgis: db.capabilities.postgisVersion,
      server: db.capabilities.serverVersion,
      capabilities: { asMvt: db.capabilities.asMvt },
      replicas: db.replicas(),
    };
    let versions;
    try {
      await db.ping(PING_TIMEOUT_MS);
      versions = await currentVersions(db);
    } catch (err) {
      const problem = dbFaultProblem(err);
      if (!problem) throw err;
      res
        .status(503)
        .setHeader('Retry-After', String(DB_RETRY_AFTER_S))
        .json({
          status: 'degraded',
          ...about,
          database: {
            status: 'down',
            since: new Date(db.state.up ? Date.now() : db.state.since).toISOString(),
            detail: problem.message,
          },
          datasets: [],
        });
      return;
    }
    res.json({
      status: 'ok',
      ...about,
      database: { status: 'up' },
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
