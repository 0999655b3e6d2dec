// Configuration: read once from the environment, validated, frozen. Nothing else reads process.env.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const Env = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'must look like postgres://user@host:5432/database')
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
  return Object.freeze(parsed.data);
}
