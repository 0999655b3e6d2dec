/**
 * The map's first frame, drawn once the first view is complete. MapLibre draws a frame as soon as its style is read
 * (an empty map) and again after each batch of tiles (a partly filled one). On a software renderer (no GPU: headless
 * browsers, some virtual desktops) each frame holds the main thread for hundreds of milliseconds, and the tiles still
 * arriving wait behind it: the complete map comes later for every partial frame drawn before it. So the first frames are
 * not drawn (the map's area shows its background colour) until every tile of the first view is there, or until
 * `maxHoldMs` have passed, after which the map draws as it normally does (a slow network still shows progress).
 * Everything else (tile requests, events, `load`, `idle`) runs as usual; only the drawing call is skipped.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

type Render = (...args: unknown[]) => void;

/** Holds the drawing of `map` until its first view is complete; returns a function that cancels the hold. */
export function holdFirstFrame(map: MapLibreMap, maxHoldMs = 2000): () => void {
  // `painter` is MapLibre's internal renderer (stable across 4.x-6.x); without it the map simply draws as usual.
  const painter = (map as unknown as { painter?: { render?: Render } }).painter;
  if (!painter || typeof painter.render !== 'function') return () => undefined;
  const render = painter.render;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    painter.render = render;
  };
  const timer = setTimeout(() => {
    if (released) return;
    release();
    map.triggerRepaint();
  }, maxHoldMs);
  painter.render = function (this: unknown, ...args: unknown[]) {
    // Called inside MapLibre's frame after the tiles were asked for: complete means the style and every tile of the
    // view are loaded (an errored tile counts as done).
    if (!map.isStyleLoaded() || !map.areTilesLoaded()) return;
    release();
    render.apply(this, args);
  };
  return release;
}
