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
  /** Urbanism certificates one client (IP address) may issue per minute, a batch counting each item; 0: no limit. */
  ATLAS_CERT_RATE_PER_MIN: z.coerce.number().int().min(0).default(600),
  // PostgreSQL does most work per connection when active connections are about twice its cores: more of them on a
  // small server only add context switches (measured: 20 connections gave half the lookups/s of 4 on 2 cores).
  DB_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(Math.max(4, 2 * availableParallelism())),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  return Object.freeze(parsed.data);
}
