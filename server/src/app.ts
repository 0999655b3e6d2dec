// The Express application, built from its dependencies; main.ts listens, tests call createApp() directly.
import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import express, { type Express, type Request } from 'express';
import type { Db } from '../../db/src/connect.ts';
import { TileService } from '../../tiles/src/tile-service.ts';
import type { Config } from './config.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { refuseDeepJson } from './body-errors.ts';
import type { Logger } from './logger.ts';
import { requestLog } from './request-log.ts';
import { healthRoutes } from './health/health.routes.ts';
import { tilesRoutes } from './tiles/tiles.routes.ts';
import { serveTile } from './tiles/tile-response.ts';
import { parcelsApi, parcelsRoutes } from './parcels/parcels.routes.ts';
import { FastLane } from './fast-lane.ts';
import { DEFAULT_SLIVER } from './parcels/parcel.service.ts';
import { ogcRoutes } from './ogc/ogc.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { importRoutes } from './admin/imports.routes.ts';
import { certificatesRoutes } from './certificates/certificates.routes.ts';
import { atlasRoutes } from './atlas/atlas.routes.ts';
import { uatPointsRoutes } from './uats/uat-points.routes.ts';

export interface AppDeps {
  config: Pick<Config, 'ATLAS_TILE_CACHE_MB'> &
    Partial<Pick<Config, 'ATLAS_PUBLIC_URL' | 'ATLAS_SLIVER_PCT' | 'ATLAS_SLIVER_M2' | 'ATLAS_CERT_RATE_PER_MIN'>>;
  db: Db;
  log: Logger;
  /** The built web app (web/dist); served at / when present. */
  webDist?: string;
}

/** ATLAS_CERT_RATE_PER_MIN's default, for callers that build a config by hand (tests). */
export const DEFAULT_CERT_RATE_PER_MIN = 600;

export interface AtlasApp extends Express {
  locals: Express['locals'] & { tiles: TileService; fastLane: FastLane };
}

export function createApp(deps: AppDeps): AtlasApp {
  const { db, log, config } = deps;
  const app = express() as AtlasApp;
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('etag', false);
  const tiles = new TileService(db, config.ATLAS_TILE_CACHE_MB);
  app.locals.tiles = tiles;
  const publicUrl = (req: Request) =>
    config.ATLAS_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;

  // Tiles first, before request logging and body parsing: a cache hit must stay cheap.
  app.use(tilesRoutes(db, tiles, publicUrl));

  app.use(requestLog(log.child({ module: 'http' })));
  app.use(express.json({ limit: '2mb', verify: refuseDeepJson }));

  app.use(healthRoutes(db));
  const sliver = {
    pct: config.ATLAS_SLIVER_PCT ?? DEFAULT_SLIVER.pct,
    m2: config.ATLAS_SLIVER_M2 ?? DEFAULT_SLIVER.m2,
  };
  const parcels = parcelsApi(db, sliver);
  app.use(parcelsRoutes(parcels));
  const fastLane = new FastLane(log.child({ module: 'http' }));
  for (const [path, handler] of Object.entries(parcels)) fastLane.get(path, handler);
  app.locals.fastLane = fastLane;
  app.use(
    certificatesRoutes(db, {
      publicUrl,
      sliver,
      ratePerMinute: config.ATLAS_CERT_RATE_PER_MIN ?? DEFAULT_CERT_RATE_PER_MIN,
      log: log.child({ module: 'certificates' }),
    }),
  );

  app.use(ogcRoutes(db, publicUrl));
  app.use(exportRoutes(db));
  app.use(atlasRoutes(db));
  app.use(uatPointsRoutes(db));
  app.use(importRoutes(db, log.child({ module: 'import' }), () => void tiles.refreshVersions()));

  if (deps.webDist && existsSync(join(deps.webDist, 'index.html'))) {
    const dist = deps.webDist;
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }));
    // Single-page app: any other GET that is not an API path gets the app shell.
    app.get(/^\/(?!api\/|tiles\/|ogc\/|ogc$|tiles$).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  }

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}

function noCacheForHtml(res: ServerResponse, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

/**
 * The HTTP request listener: tiles and the parcel lookups are answered before Express (their hot paths must not walk
 * through middleware); everything else goes to the app.
 */
export function requestListener(app: AtlasApp): RequestListener {
  const { tiles, fastLane } = app.locals;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (serveTile(tiles, req, res, (err) => fastLane.fail(req, res, err))) return;
    if (!fastLane.serve(req, res)) app(req, res);
  };
}
