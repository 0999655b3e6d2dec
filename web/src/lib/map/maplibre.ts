/**
 * maplibre-gl 6 loads its worker as a module next to its own bundle. After bundling, that file sits under a
 * hashed name, so we give MapLibre the URL Vite emitted for it. Import maplibre-gl through this module.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
