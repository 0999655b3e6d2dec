import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { isAtlasPath } from './lib/atlas/atlas-path.ts';
import { loadTileZooms } from './lib/map/style.ts';
import { loadClientConfig } from './lib/map/archives.ts';

const target = document.getElementById('app');
if (!target) throw new Error('Missing #app element in index.html');

// /atlas and /atlas/uat/{siruta}: the territorial atlas, a separate chunk loaded only there.
// The layers' zoom ranges come from the server's TileJSON (one request, alongside the atlas chunk) before anything
// that draws or explains a layer is mounted.
const zooms = loadTileZooms(window.location.origin);
if (isAtlasPath(window.location.pathname)) {
  void Promise.all([import('./lib/atlas/mount.ts'), zooms]).then(([{ mountAtlas }]) => mountAtlas(target));
} else {
  // The citizen's map: the deployment's settings (a small request, no work on the page) are asked for alongside the
  // TileJSON, so that the map is made as soon as its chunk has loaded. The chunk itself is still imported after the
  // first paint (App.svelte): imported here, MapLibre's evaluation came before the panel's first paint on a busy CPU.
  void loadClientConfig(window.location.origin);
  preloadMap();
  void zooms.then(() => mount(App, { target }));
}

/**
 * Starts fetching the map's lazy files (listed here by the build: vite.config.ts, atlas-map-preload) now, alongside
 * the TileJSON, rather than after the first paint, and MapLibre's worker with them rather than after MapLibre has run.
 * They are only fetched (and compiled off the main thread): MapLibre still runs after the first paint (App.svelte).
 */
function preloadMap(): void {
  const list: string = '__ATLAS_MAP_PRELOAD__';
  for (const item of list.split(' ')) {
    const [kind, href] = item.split(':') as [string, string | undefined];
    if (!href?.startsWith('/')) continue; // a development server: nothing listed
    const link = document.createElement('link');
    if (kind === 'script') link.rel = 'modulepreload';
    // Vite's loader later asks for the same style sheets in CORS mode (crossorigin=""): a preload in another mode
    // would not be used, and the sheet would be fetched twice.
    else if (kind === 'style') Object.assign(link, { rel: 'preload', as: 'style', crossOrigin: '' });
    // A module worker's script goes into the HTTP cache (the assets are immutable), where the worker finds it.
    else link.rel = 'prefetch';
    link.href = href;
    document.head.append(link);
  }
}
