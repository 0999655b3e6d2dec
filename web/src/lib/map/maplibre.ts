/**
 * maplibre-gl 6 loads its worker as a module next to its own bundle. After bundling, that file sits under a
 * hashed name, so we give MapLibre the URL Vite emitted for it. Import maplibre-gl through this module.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);
// The worker (a module of its own, fetched and compiled) starts as soon as MapLibre is loaded, not when the first map
// is made: its download and compilation overlap the page's mounting and the map's settings.
maplibregl.prewarm();

export { maplibregl };
