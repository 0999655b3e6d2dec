/**
 * Layers taken from PMTiles archives instead of the server's tile endpoint (the server's ATLAS_TILE_ARCHIVES,
 * published at /api/client-config). The `pmtiles` reader is loaded only when an archive is configured.
 */
import type { LayerId } from './style.ts';

export type TileArchives = Partial<Record<LayerId, string>>;
export interface Basemap {
  url: string;
  attribution: string | null;
}
export interface ClientConfig {
  tileArchives: TileArchives;
  basemap: Basemap | null;
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
      if (!response.ok) return { tileArchives: {}, basemap: null };
      const body = (await response.json()) as Partial<ClientConfig>;
      return { tileArchives: body.tileArchives ?? {}, basemap: body.basemap ?? null };
    } catch {
      return { tileArchives: {}, basemap: null };
    }
  })();
  return configLoading;
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
