import type { Map } from 'maplibre-gl';

declare global {
  interface Window {
    /** The MapLibre map, exposed for end-to-end tests (queryRenderedFeatures, idle waits). */
    __atlasMap?: Map;
  }
}

export {};
