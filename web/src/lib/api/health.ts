/** `GET /api/health`: `{ status, engine: "pglite" | "postgis", postgis, datasets }`. */

export interface Health {
  readonly status: string;
  readonly engine: string;
  /** Short PostGIS version such as "3.6", or null when unknown. */
  readonly postgisVersion: string | null;
  /** How many datasets are loaded, or null when the server does not say. */
  readonly datasets: number | null;
}

/** "3.6 USE_GEOS=1 USE_PROJ=1" or "3.6.0" → "3.6"; `true`/unknown → null. */
export function postgisVersion(value: unknown): string | null {
  const source =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && value !== null && typeof (value as { version?: unknown }).version === 'string'
        ? (value as { version: string }).version
        : null;
  const match = source ? /(\d+)\.(\d+)/.exec(source) : null;
  return match ? `${match[1]}.${match[2]}` : null;
}

function datasetCount(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return null;
}

export function parseHealth(body: unknown): Health | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const status = typeof record['status'] === 'string' ? record['status'] : null;
  const engine = typeof record['engine'] === 'string' ? record['engine'] : null;
  if (!status || !engine) return null;
  return {
    status,
    engine,
    postgisVersion: postgisVersion(record['postgis']),
    datasets: datasetCount(record['datasets']),
  };
}

export function isHealthy(health: Health): boolean {
  return ['ok', 'pass', 'up', 'healthy'].includes(health.status.toLowerCase());
}

export async function fetchHealth(
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<Health | null> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch('/api/health', { headers: { accept: 'application/json' }, signal: options.signal });
    if (!response.ok && response.status !== 503) return null;
    return parseHealth(await response.json());
  } catch {
    return null;
  }
}
