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
  // The citizen's map: what the first drawn map needs is asked for at once, side by side, instead of one after the
  // other once the page is mounted: the deployment's settings and the map's chunk (MapLibre; the app imports the
  // same module again after its first paint and gets this one).
  void loadClientConfig(window.location.origin);
  void import('./lib/map/MapView.svelte');
  void zooms.then(() => mount(App, { target }));
}
