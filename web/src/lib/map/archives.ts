/**
 * Layers taken from PMTiles archives instead of the server's tile endpoint (the server's ATLAS_TILE_ARCHIVES,
 * published at /api/client-config). The `pmtiles` reader is loaded only when an archive is configured.
 */
import type { LayerId } from './style.ts';
import type { LegendDocument } from './palette.ts';

export type TileArchives = Partial<Record<LayerId, string>>;
export interface Basemap {
  url: string;
  attribution: string | null;
}
export interface ClientConfig {
  tileArchives: TileArchives;
  basemap: Basemap | null;
  /** The map's colours, classes and names (the server's legend document); null when it cannot be read. */
  legend: LegendDocument | null;
}

let configLoading: Promise<ClientConfig> | undefined;

/**
 * The deployment's settings; none (every layer from the server, no external base) when they cannot be read. Asked
 * for once per page: main.ts starts the request at once, alongside the TileJSON, and the map takes its answer.
 */
export function loadClientConfig(origin: string): Promise<ClientConfig> {
  configLoading ??= (async () => {
    try {
      const response = await fetch(`${origin}/api/client-config`, { headers: { accept: 'application/json' } });
      if (!response.ok) return { tileArchives: {}, basemap: null, legend: null };
      const body = (await response.json()) as Partial<ClientConfig>;
      return { tileArchives: body.tileArchives ?? {}, basemap: body.basemap ?? null, legend: readLegend(body.legend) };
    } catch {
      return { tileArchives: {}, basemap: null, legend: null };
    }
  })();
  return configLoading;
}

/** The served legend document, or null when it is missing or not shaped like one. */
function readLegend(value: unknown): LegendDocument | null {
  if (typeof value !== 'object' || value === null) return null;
  const l = value as Partial<LegendDocument>;
  const ok =
    Array.isArray(l.zoneClasses) &&
    Array.isArray(l.zonePrefixRules) &&
    Array.isArray(l.planKinds) &&
    Array.isArray(l.restrictionKinds) &&
    typeof l.planStyles === 'object' &&
    typeof l.restrictionColors === 'object' &&
    typeof l.parcelColors === 'object' &&
    typeof l.names === 'object';
  return ok ? (l as LegendDocument) : null;
}

/** The configured archives; none (every layer from the server) when the setting cannot be read. */
export async function loadTileArchives(origin: string): Promise<TileArchives> {
  return (await loadClientConfig(origin)).tileArchives;
}

let registered: Promise<void> | undefined;

/** Registers the `pmtiles://` protocol with MapLibre once, reading archives over HTTP range requests. */
export function registerPmtilesProtocol(maplibre: {
  addProtocol: (name: string, loader: never) => void;
}): Promise<void> {
  registered ??= import('pmtiles').then(({ Protocol }) => {
    const protocol = new Protocol();
    maplibre.addProtocol('pmtiles', protocol.tile as never);
  });
  return registered;
}
