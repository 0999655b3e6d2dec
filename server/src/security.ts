// Security middleware in one place (issue 12, items 5, 6 and 12): response headers (helmet), CORS for configured
// origins only, per-client rate limits per route family (express-rate-limit), and the client address as the
// configured proxies vouch for it (proxy-addr: X-Forwarded-For is believed only from ATLAS_TRUST_PROXY peers).
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { PgRateLimitStore, type RateLimitCounter } from '../../db/src/rate-limit.repository.ts';
import helmet from 'helmet';
import proxyaddr from 'proxy-addr';
import type { Config } from './config.ts';
import { HttpError, PROBLEM_MEDIA, problemOf } from './errors.ts';

/**
 * Content-Security-Policy of the web app and the API: only this origin, MapLibre's workers from blob: URLs, images
 * from data:/blob: (canvas exports, sprites), inline styles (MapLibre and Svelte set style attributes); no framing.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
} as const;

/** helmet with Atlas's policy: CSP above (plus `connectOrigins` for connect-src), nosniff, frame-ancestors none, Referrer-Policy strict-origin-when-cross-origin. */
export function securityHeaders(
  connectOrigins: readonly string[] = [],
  basemapOrigins: readonly string[] = [],
): RequestHandler {
  // The map may read tile archives on other origins (ATLAS_TILE_ARCHIVES) and an external base (ATLAS_BASEMAP,
  // fetched by MapLibre's workers and drawn as images): those origins only.
  const directives = {
    ...CSP_DIRECTIVES,
    connectSrc: [...new Set([...CSP_DIRECTIVES.connectSrc, ...connectOrigins, ...basemapOrigins])],
    imgSrc: [...new Set([...CSP_DIRECTIVES.imgSrc, ...basemapOrigins])],
  };
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // The PDF and tile endpoints are meant to be fetched by other sites' maps (with CORS where configured).
    crossOriginResourcePolicy: { policy: 'same-site' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false, // set by the TLS-terminating proxy, which knows whether HTTPS is in use
  });
}

/**
 * The header set of securityHeaders(), for the answers written before Express (tiles, parcel lookups): computed once
 * from helmet itself so that both paths carry the same headers.
 */
export function securityHeaderList(): [string, string][] {
  const headers: [string, string][] = [];
  const fake = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  (securityHeaders() as unknown as (req: unknown, res: ServerResponse, next: () => void) => void)(
    { method: 'GET', headers: {} },
    fake,
    () => undefined,
  );
  return headers;
}

/** CORS only for the configured origins (ATLAS_CORS_ORIGINS); without any, browsers get no cross-origin access. */
export function corsFor(origins: string | undefined): RequestHandler | undefined {
  const list = (origins ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  if (list.length === 0) return undefined;
  return cors({ origin: list, methods: ['GET', 'HEAD', 'POST'], maxAge: 600, exposedHeaders: ['Retry-After'] });
}

export type TrustFn = (addr: string, i: number) => boolean;

/** The client's address: the socket's peer, or X-Forwarded-For as far as trusted proxies vouch for it. */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  try {
    return proxyaddr(req, trust);
  } catch {
    return req.socket.remoteAddress ?? 'unknown';
  }
}

/** The route families with a limit of their own, and the paths of each. */
export const RATE_FAMILIES = {
  tiles: /^\/tiles\//,
  lookups: /^\/api\/parcels\/at(?:\?|$)|^\/api\/parcels\/?(?:\?|$)|^\/api\/indicators\//,
  search: /^\/api\/(?:parcels\/search|search)(?:[/?]|$)/,
  ogc: /^\/ogc\/collections\/[^/]+\/items/,
  exports: /^\/api\/export\//,
} as const;
export type RateFamily = keyof typeof RATE_FAMILIES;

export type RateConfig = Pick<
  Config,
  | 'ATLAS_RATE_LIMITS'
  | 'ATLAS_RATE_TILES_PER_MIN'
  | 'ATLAS_RATE_LOOKUPS_PER_MIN'
  | 'ATLAS_RATE_SEARCH_PER_MIN'
  | 'ATLAS_RATE_OGC_PER_MIN'
  | 'ATLAS_RATE_EXPORTS_PER_MIN'
>;

const PER_MIN: Record<RateFamily, keyof RateConfig> = {
  tiles: 'ATLAS_RATE_TILES_PER_MIN',
  lookups: 'ATLAS_RATE_LOOKUPS_PER_MIN',
  search: 'ATLAS_RATE_SEARCH_PER_MIN',
  ogc: 'ATLAS_RATE_OGC_PER_MIN',
  exports: 'ATLAS_RATE_EXPORTS_PER_MIN',
};

type RawMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => unknown;

/**
 * Per-client limits by route family. With a `counter` (the app's: PostgreSQL, db/src/rate-limit.repository.ts) the
 * counts are shared by every instance on the same database, so N instances enforce one limit; without one, each
 * process counts in its own memory. When the store does not answer (the database is down) the request goes on: it
 * then meets the database's own 503 if it needs it. They run on plain node requests as well as Express ones: tiles
 * and lookups are answered before Express.
 */
export class RateLimits {
  readonly #limiters = new Map<RateFamily, RawMiddleware>();

  constructor(config: Partial<RateConfig>, trust: TrustFn, counter?: RateLimitCounter) {
    if (config.ATLAS_RATE_LIMITS === 'off') return;
    for (const family of Object.keys(RATE_FAMILIES) as RateFamily[]) {
      const limit = Number(config[PER_MIN[family]] ?? 0);
      if (!(limit > 0)) continue;
      const options: Partial<Options> = {
        windowMs: 60_000,
        limit,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        validate: false,
        identifier: family,
        ...(counter ? { store: new PgRateLimitStore(counter, `${family}:`) } : {}),
        passOnStoreError: true,
        // A store error is the database's fault, logged once as its state change (db-faults.ts), not per request.
        logger: { error: () => undefined, warn: () => undefined },
        keyGenerator: (req) => ipKeyGenerator(clientAddress(req, trust)),
        handler: (req, res, _next, opts) => {
          const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const retry = Math.max(
            1,
            Math.ceil(((resetTime?.getTime() ?? Date.now() + opts.windowMs) - Date.now()) / 1000),
          );
          const err = new HttpError(
            429,
            'TooManyRequests',
            `Prea multe cereri (${family}): cel mult ${limit} pe minut de la o adresă; reîncercați peste ${retry} s. / ` +
              `Too many ${family} requests: at most ${limit} per minute per client; retry in ${retry} s`,
            { limit, retry_after: retry, family },
          );
          const body = JSON.stringify(problemOf(err, req.url));
          res.statusCode = 429;
          res.setHeader('Retry-After', String(retry));
          res.setHeader('Content-Type', `${PROBLEM_MEDIA}; charset=utf-8`);
          res.setHeader('Content-Length', Buffer.byteLength(body));
          res.end(body);
        },
      };
      this.#limiters.set(family, rateLimit(options) as unknown as RawMiddleware);
    }
  }

  get enabled(): boolean {
    return this.#limiters.size > 0;
  }

  /** The family a path belongs to, if it has a limit. */
  familyOf(url: string): RateFamily | undefined {
    for (const [family, re] of Object.entries(RATE_FAMILIES) as [RateFamily, RegExp][]) {
      if (this.#limiters.has(family) && re.test(url)) return family;
    }
    return undefined;
  }

  /**
   * Counts the request against its family's limit; calls `next` when it may go on, or answers 429 itself
   * (problem+json with Retry-After). Requests outside every family go on at once.
   */
  check(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const family = req.url ? this.familyOf(req.url) : undefined;
    if (!family) return next();
    // A limiter that fails (its store) lets the request go on rather than leave it unanswered.
    let went = false;
    const goOn = () => {
      if (went) return;
      went = true;
      next();
    };
    void Promise.resolve(this.#limiters.get(family)!(req, res, goOn)).catch(goOn);
  }
}

/**
 * A request body that stops arriving (fewer bytes than its Content-Length, a stalled upload) is answered 408 after
 * `idleMs` without data, instead of holding its connection until the request timeout. Watches the socket's byte
 * count (a 'data' listener would start the body flowing before its parser is attached).
 */
export function bodyIdleTimeout(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.complete) return;
  const socket = req.socket;
  let seen = socket.bytesRead;
  let quietSince = Date.now();
  const timer = setInterval(
    () => {
      if (req.complete || socket.destroyed) return stop();
      if (socket.bytesRead !== seen) {
        seen = socket.bytesRead;
        quietSince = Date.now();
        return;
      }
      if (Date.now() - quietSince < idleMs) return;
      stop();
      if (!res.headersSent) {
        const err = new HttpError(
          408,
          'RequestTimeout',
          `The request body stopped arriving: no data for ${idleMs / 1000} s`,
        );
        const body = JSON.stringify(problemOf(err, req.url));
        res.writeHead(408, { 'Content-Type': `${PROBLEM_MEDIA}; charset=utf-8`, Connection: 'close' }).end(body);
      }
      setTimeout(() => socket.destroy(), 100).unref();
    },
    Math.max(50, Math.min(1_000, idleMs / 4)),
  );
  timer.unref();
  const stop = () => clearInterval(timer);
  req.once('end', stop);
  req.once('close', stop);
  res.once('finish', stop);
}
