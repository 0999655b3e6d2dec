/**
 * Layers taken from PMTiles archives instead of the server's tile endpoint (the server's ATLAS_TILE_ARCHIVES,
 * published at /api/client-config). The `pmtiles` reader is loaded only when an archive is configured.
 */
import type { LayerId } from './style.ts';

export type TileArchives = Partial<Record<LayerId, string>>;

/** The configured archives; none (every layer from the server) when the setting cannot be read. */
export async function loadTileArchives(origin: string): Promise<TileArchives> {
  try {
    const response = await fetch(`${origin}/api/client-config`, { headers: { accept: 'application/json' } });
    if (!response.ok) return {};
    const body = (await response.json()) as { tileArchives?: TileArchives };
    return body.tileArchives ?? {};
  } catch {
    return {};
  }
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
