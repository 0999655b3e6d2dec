// The Express application, built from its dependencies; main.ts listens, tests call createApp() directly.
import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Db } from '../../db/src/connect.ts';
import { RateLimitCounter } from '../../db/src/rate-limit.repository.ts';
import { TileService } from '../../tiles/src/tile-service.ts';
import { clientConfigRoutes } from './client-config.ts';
import { artefactBaseUrl, trustProxyOf, type Config } from './config.ts';
import { bodyIdleTimeout, corsFor, RateLimits, securityHeaders, type RateConfig, type TrustFn } from './security.ts';
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
import { OGC_DEFAULTS, ogcRoutes } from './ogc/ogc.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { importRoutes } from './admin/imports.routes.ts';
import { certificatesRoutes } from './certificates/certificates.routes.ts';
import { atlasRoutes } from './atlas/atlas.routes.ts';
import { AtlasService } from './atlas/atlas.service.ts';
import { indicatorCollection, indicatorCollectionsRoutes } from './atlas/indicator-collections.routes.ts';
import { loadAuthority } from './certificates/authority.ts';
import { uatPointsRoutes } from './uats/uat-points.routes.ts';
import { datasetsRoutes } from './datasets/datasets.routes.ts';

export interface AppDeps {
  config: Pick<Config, 'ATLAS_TILE_CACHE_MB'> &
    Partial<
      Pick<
        Config,
        | 'ATLAS_PUBLIC_URL'
        | 'ATLAS_TILE_ARCHIVES'
        | 'ATLAS_BASEMAP'
        | 'ATLAS_BASEMAP_ATTRIBUTION'
        | 'ATLAS_SLIVER_PCT'
        | 'ATLAS_SLIVER_M2'
        | 'ATLAS_CERT_RATE_PER_MIN'
        | 'PORT'
        | 'ATLAS_TRUST_PROXY'
        | 'ATLAS_CORS_ORIGINS'
        | 'ATLAS_UPLOAD_DIR'
        | 'ATLAS_BODY_IDLE_TIMEOUT_MS'
        | 'ATLAS_EXPORTS_MAX'
        | 'ATLAS_EXPORT_STALL_S'
        | 'ATLAS_OGC_CONCURRENCY'
        | 'ATLAS_HEAVY_STATEMENT_TIMEOUT_MS'
        | 'ATLAS_OGC_OFFSET_MAX'
        | 'ATLAS_CERT_AUTHORITY_NAME'
        | 'ATLAS_CERT_AUTHORITY_ADDRESS'
        | 'ATLAS_CERT_AUTHORITY_LOGO'
        | 'ATLAS_CERT_VALIDITY_MONTHS'
      > &
        RateConfig
    >;
  db: Db;
  log: Logger;
  /** The built web app (web/dist); served at / when present. */
  webDist?: string;
}

/** ATLAS_CERT_VALIDITY_MONTHS's default, for callers that build a config by hand (tests). */
export const DEFAULT_CERT_VALIDITY_MONTHS = 12;

/** ATLAS_CERT_RATE_PER_MIN's default, for callers that build a config by hand (tests). */
export const DEFAULT_CERT_RATE_PER_MIN = 600;

export interface AtlasApp extends Express {
  locals: Express['locals'] & {
    tiles: TileService;
    fastLane: FastLane;
    rateLimits: RateLimits;
    cors: RequestHandler | undefined;
    bodyIdleMs: number;
  };
}

/** Headers of the answers written before Express (tiles, parcel lookups): the API's share of securityHeaders(). */
const FAST_PATH_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

export function createApp(deps: AppDeps): AtlasApp {
  const { db, log, config } = deps;
  const app = express() as AtlasApp;
  app.disable('x-powered-by');
  // X-Forwarded-For / -Proto are believed only from the configured proxies (default: from no one).
  app.set('trust proxy', trustProxyOf(config.ATLAS_TRUST_PROXY ?? 'false'));
  app.set('etag', false);
  const trust = app.get('trust proxy fn') as TrustFn;
  const tiles = new TileService(db, config.ATLAS_TILE_CACHE_MB);
  app.locals.tiles = tiles;
  // Counted in PostgreSQL (the primary): every instance on the same database enforces the same limits, the route
  // families' and the certificates'.
  const rateCounter = config.ATLAS_RATE_LIMITS === 'off' ? undefined : new RateLimitCounter(db);
  app.locals.rateLimits = new RateLimits(config, trust, rateCounter);
  app.locals.cors = corsFor(config.ATLAS_CORS_ORIGINS);
  app.locals.bodyIdleMs = config.ATLAS_BODY_IDLE_TIMEOUT_MS ?? 10_000;
  // Links in answers (TileJSON, OGC): the configured public URL; without one (development only: production refuses
  // to start without it) the request's own address, its scheme believed only from trusted proxies.
  const configuredUrl = config.ATLAS_PUBLIC_URL?.replace(/\/$/, '');
  const publicUrl = (req: Request) => configuredUrl ?? `${req.protocol}://${req.get('host')}`;
  // Stored and signed artefacts (certificates, their QR codes): never an address taken from the request.
  const artefactUrl = artefactBaseUrl(config);
  // CORS and the rate limits run in requestListener, before the fast paths; the headers of the rest here.
  app.use(
    securityHeaders(
      Object.values(config.ATLAS_TILE_ARCHIVES ?? {}).map((url) => new URL(url).origin),
      config.ATLAS_BASEMAP ? [new URL(config.ATLAS_BASEMAP.replace(/\{[^}]*\}/g, '0')).origin] : [],
    ),
  );

  // Tiles first, before request logging and body parsing: a cache hit must stay cheap.
  app.use(tilesRoutes(db, tiles, publicUrl));

  app.use(requestLog(log.child({ module: 'http' })));
  app.use(express.json({ limit: '2mb', verify: refuseDeepJson }));

  app.use(healthRoutes(db));
  app.use(datasetsRoutes(db));
  app.use(
    clientConfigRoutes(
      config.ATLAS_TILE_ARCHIVES,
      config.ATLAS_BASEMAP
        ? { url: config.ATLAS_BASEMAP, attribution: config.ATLAS_BASEMAP_ATTRIBUTION ?? null }
        : null,
    ),
  );
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
      publicUrl: () => artefactUrl,
      sliver,
      ratePerMinute: config.ATLAS_CERT_RATE_PER_MIN ?? DEFAULT_CERT_RATE_PER_MIN,
      ...(rateCounter ? { rateCounter } : {}),
      authority: loadAuthority(config),
      validityMonths: config.ATLAS_CERT_VALIDITY_MONTHS ?? DEFAULT_CERT_VALIDITY_MONTHS,
      log: log.child({ module: 'certificates' }),
    }),
  );

  const atlas = new AtlasService(db);
  // The indicators as OGC collections: their routes answer first and pass anything else to the map layers'.
  app.use(indicatorCollectionsRoutes(db, atlas, publicUrl));
  app.use(
    ogcRoutes(db, publicUrl, {
      concurrency: config.ATLAS_OGC_CONCURRENCY ?? Math.max(1, Math.floor(db.connections / 4)),
      statementTimeoutMs: config.ATLAS_HEAVY_STATEMENT_TIMEOUT_MS ?? OGC_DEFAULTS.statementTimeoutMs,
      offsetMax: config.ATLAS_OGC_OFFSET_MAX ?? OGC_DEFAULTS.offsetMax,
      moreCollections: async (base) => (await atlas.list()).map((i) => indicatorCollection(base, i)),
    }),
  );
  app.use(
    exportRoutes(db, {
      maxConcurrent: config.ATLAS_EXPORTS_MAX ?? 4,
      stallSeconds: config.ATLAS_EXPORT_STALL_S ?? 30,
      log: log.child({ module: 'export' }),
    }),
  );
  app.use(atlasRoutes(db, atlas));
  app.use(uatPointsRoutes(db));
  // After an import: replicas serve reads again once they have replayed it, then tiles take the new version.
  const afterImport = () =>
    void db
      .noteWrite()
      .catch(() => undefined)
      .then(() => tiles.refreshVersions());
  app.use(importRoutes(db, log.child({ module: 'import' }), afterImport, config.ATLAS_UPLOAD_DIR));

  if (deps.webDist && existsSync(join(deps.webDist, 'index.html'))) {
    const dist = deps.webDist;
    // Precompressed siblings (.br, .gz, written by the build) first; hashed files cached for a year, index.html never.
    app.use(precompressed(dist));
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h', setHeaders: cacheHeaders }));
    // Single-page app: any other GET that is not an API path gets the app shell.
    app.get(/^\/(?!api\/|tiles\/|ogc\/|ogc$|tiles$).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Vary', 'Accept-Encoding');
      const encoding = preferredEncoding(req);
      const index = join(dist, 'index.html');
      const compressed =
        encoding === 'br' || encoding === 'gzip' ? `${index}.${encoding === 'br' ? 'br' : 'gz'}` : null;
      if (compressed && existsSync(compressed)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Content-Encoding', encoding!);
        res.sendFile(compressed);
      } else {
        res.sendFile(index);
      }
    });
  }

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}

/** Vite's hashed file names (`index-C0ztTPBp.js`) never change content: cached for a year. */
const HASHED = /[-.][A-Za-z0-9_-]{8,}\.(js|mjs|css|woff2?|png|svg|map)$/;

function cacheHeaders(res: ServerResponse, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (path.includes(`${sep}assets${sep}`) && HASHED.test(path))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('Vary', 'Accept-Encoding');
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Brotli when the client takes it (smaller), else gzip, whatever order Accept-Encoding lists them in. */
function preferredEncoding(req: Request): 'br' | 'gzip' | null {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return null;
}

/**
 * Serves `file.br` or `file.gz` (written at build time) for `file` when the client accepts that encoding, with
 * `Content-Encoding`, `Vary: Accept-Encoding` and the original file's type and caching; otherwise passes on.
 */
function precompressed(dist: string): RequestHandler {
  const root = resolve(dist);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const type = CONTENT_TYPES[extname(req.path)];
    if (!type) return next();
    const encoding = preferredEncoding(req);
    if (!encoding) return next();
    let file: string;
    try {
      file = resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next();
    }
    if (!file.startsWith(root + sep)) return next();
    const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!existsSync(compressed)) return next();
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Encoding', encoding);
    cacheHeaders(res, file);
    res.sendFile(compressed, { dotfiles: 'deny' });
  };
}

/**
 * The HTTP request listener: tiles and the parcel lookups are answered before Express (their hot paths must not walk
 * through middleware); everything else goes to the app.
 */
export function requestListener(app: AtlasApp): RequestListener {
  const { tiles, fastLane, rateLimits, cors, bodyIdleMs } = app.locals;
  const fast = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of FAST_PATH_HEADERS) res.setHeader(name, value);
    if (serveTile(tiles, req, res, (err) => fastLane.fail(req, res, err))) return;
    if (!fastLane.serve(req, res)) {
      for (const [name] of FAST_PATH_HEADERS) res.removeHeader(name);
      app(req, res);
    }
  };
  const limited = (req: IncomingMessage, res: ServerResponse) =>
    rateLimits.enabled ? rateLimits.check(req, res, () => fast(req, res)) : fast(req, res);
  return (req: IncomingMessage, res: ServerResponse) => {
    bodyIdleTimeout(req, res, bodyIdleMs);
    if (cors) cors(req as Request, res as never, () => limited(req, res));
    else limited(req, res);
  };
}
