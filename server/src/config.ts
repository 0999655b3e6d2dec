// Configuration: read once from the environment, validated, frozen. Nothing else reads process.env.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isLayer, LAYERS, type Layer } from '../../tiles/src/layers.ts';

const Env = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'must look like postgres://user@host:5432/database')
    .optional(),
  /** Streaming replicas of DATABASE_URL that serve reads, comma-separated. */
  DATABASE_READ_URL: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const urls = value
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      for (const url of urls)
        if (!/^postgres(ql)?:\/\/[^\s]+$/.test(url))
          ctx.addIssue({ code: 'custom', message: 'each URL must look like postgres://user@host:5432/database' });
      return urls;
    })
    .optional(),
  ATLAS_DATA_DIR: z.string().min(1).default('.atlas-data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ATLAS_TILE_CACHE_MB: z.coerce.number().min(0).default(256),
  ATLAS_PUBLIC_URL: z.string().url().optional(),
  /** A zone's part of a parcel below this share (%) or area (m²) is boundary noise, not an applying zone. */
  ATLAS_SLIVER_PCT: z.coerce.number().min(0).max(100).default(0.5),
  ATLAS_SLIVER_M2: z.coerce.number().min(0).default(1),
  ATLAS_LOAD_SAMPLE: z.enum(['auto', 'never']).default('auto'),
  /**
   * Layers the web map takes from pre-built PMTiles archives (for example on object storage behind a CDN) instead of
   * this server: `parcels=https://cdn.example/parcels.pmtiles,zoning=https://...`.
   */
  ATLAS_TILE_ARCHIVES: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const archives: Record<string, string> = {};
      for (const entry of value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const [layer, url] = [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)];
        if (!entry.includes('=') || !isLayer(layer)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${entry}" is not layer=url with a layer among ${LAYERS.join(', ')}`,
          });
        } else if (!/^https?:\/\/\S+$/.test(url)) {
          ctx.addIssue({ code: 'custom', message: `the archive of ${layer} must be an http(s) URL, not "${url}"` });
        } else archives[layer] = url;
      }
      return archives as Partial<Record<Layer, string>>;
    })
    .optional(),
  /**
   * An external base under the map: a raster XYZ template (`https://host/{z}/{x}/{y}.png`) or a WMS GetMap template
   * with `{bbox-epsg-3857}` (an orthophoto service, for instance). Unset: the offline base from the data only.
   */
  ATLAS_BASEMAP: z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/\S+$/.test(v), 'must be an http(s) URL')
    .refine(
      (v) => (v.includes('{z}') && v.includes('{x}') && v.includes('{y}')) || v.includes('{bbox-epsg-3857}'),
      'must be a raster template with {z}/{x}/{y} or a WMS GetMap URL with {bbox-epsg-3857}',
    )
    .optional(),
  /** The attribution the external base requires (shown on the map), e.g. "Ortofoto © ANCPI". */
  ATLAS_BASEMAP_ATTRIBUTION: z.string().trim().min(1).max(300).optional(),
  /** Urbanism certificates one client (IP address) may issue per minute, a batch counting each item; 0: no limit. */
  ATLAS_CERT_RATE_PER_MIN: z.coerce.number().int().min(0).default(600),
  /** The authority that issues certificates (a town hall), printed at the head of each; unset: the Atlas alone. */
  ATLAS_CERT_AUTHORITY_NAME: z.string().trim().min(1).max(200).optional(),
  ATLAS_CERT_AUTHORITY_ADDRESS: z.string().trim().min(1).max(300).optional(),
  /** A PNG or JPEG file (at most 512 kB): the authority's logo, stored with each certificate. */
  ATLAS_CERT_AUTHORITY_LOGO: z.string().trim().min(1).optional(),
  /** Months a certificate is stated valid for from its issue (Law 50/1991 allows 6 to 24); 0: no period stated. */
  ATLAS_CERT_VALIDITY_MONTHS: z.coerce.number().int().min(0).max(24).default(12),
  // PostgreSQL does most work per connection when active connections are about twice its cores: more of them on a
  // small server only add context switches (measured: 20 connections gave half the lookups/s of 4 on 2 cores).
  DB_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(Math.max(4, 2 * availableParallelism())),
  /** Exports (/api/export/*) that may run at once; more get 503 with Retry-After. */
  ATLAS_EXPORTS_MAX: z.coerce.number().int().min(1).default(4),
  /** Seconds an export reader may take nothing before the connection is cut. */
  ATLAS_EXPORT_STALL_S: z.coerce.number().min(1).default(30),
  /** OGC items requests that may query at once (default: half the database connections, at least 1). */
  ATLAS_OGC_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  /** Statement timeout (ms) for heavy requests (OGC items pages); over it a 503. */
  ATLAS_HEAVY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** The largest `offset` an OGC items request may give; deeper pages are reached through `next` links. */
  ATLAS_OGC_OFFSET_MAX: z.coerce.number().int().min(0).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  // ---- reliability and security (issue 12)
  /** A statement of a request running longer than this is cancelled (504); transactions are exempt; 0: no limit. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /** How long a request waits for a database connection before it is answered 503. */
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * Which peers may set X-Forwarded-For / X-Forwarded-Proto (Express `trust proxy`, proxy-addr semantics): `false`
   * (no one, the default), a hop count (`1`), or addresses and subnets (`loopback`, `10.0.0.0/8, 192.168.1.7`).
   */
  ATLAS_TRUST_PROXY: z.string().default('false'),
  /** Origins allowed to call the API from a browser (CORS), comma-separated; unset: no cross-origin access. */
  ATLAS_CORS_ORIGINS: z.string().optional(),
  /** Where admin uploads are kept while their import runs; partial uploads left by a crash are removed at start. */
  ATLAS_UPLOAD_DIR: z.string().min(1).optional(),
  /** Per-client request limits per minute, by route family (measured sizes: see README); 0 turns one off. */
  ATLAS_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  ATLAS_RATE_TILES_PER_MIN: z.coerce.number().int().min(0).default(6_000),
  ATLAS_RATE_LOOKUPS_PER_MIN: z.coerce.number().int().min(0).default(1_200),
  ATLAS_RATE_SEARCH_PER_MIN: z.coerce.number().int().min(0).default(600),
  ATLAS_RATE_OGC_PER_MIN: z.coerce.number().int().min(0).default(600),
  ATLAS_RATE_EXPORTS_PER_MIN: z.coerce.number().int().min(0).default(30),
  /** A request body that sends nothing for this long is answered 408 and closed. */
  ATLAS_BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The whole request (headers and body, uploads included) must arrive within this time. */
  ATLAS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
  ATLAS_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(15_000),
});

export type Config = Readonly<z.infer<typeof Env>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${issues}`);
  }
  if (parsed.data.DATABASE_READ_URL?.length && !parsed.data.DATABASE_URL)
    throw new ConfigError(
      'Invalid environment: DATABASE_READ_URL needs DATABASE_URL (the primary that takes the writes)',
    );
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.ATLAS_PUBLIC_URL) {
    throw new ConfigError(
      'ATLAS_PUBLIC_URL is required when NODE_ENV=production: certificates, QR codes and links must name the ' +
        'public address, never one taken from a request (e.g. ATLAS_PUBLIC_URL=https://atlas.example.ro)',
    );
  }
  trustProxyOf(parsed.data.ATLAS_TRUST_PROXY);
  return Object.freeze(parsed.data);
}

/** ATLAS_TRUST_PROXY as Express's `trust proxy` value: false, true, a hop count, or a list of addresses/subnets. */
export function trustProxyOf(value: string): boolean | number | string[] {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const item of list) {
    if (!named.has(item) && !/^[0-9a-f:.]+(\/\d{1,3})?$/.test(item)) {
      throw new ConfigError(
        `Invalid environment: ATLAS_TRUST_PROXY: ${JSON.stringify(item)} is not an address, subnet, hop count or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return list;
}

/** The base URL written into stored and signed artefacts: ATLAS_PUBLIC_URL, or in development http://localhost:PORT. */
export function artefactBaseUrl(config: Partial<Pick<Config, 'ATLAS_PUBLIC_URL' | 'PORT'>>): string {
  return config.ATLAS_PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${config.PORT || 3000}`;
}
