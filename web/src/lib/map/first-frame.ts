/**
 * The map's first frame, drawn once the first view is complete. MapLibre draws a frame as soon as its style is read
 * (an empty map) and again after each batch of tiles (a partly filled one). On a software renderer (no GPU: headless
 * browsers, some virtual desktops) each frame holds the main thread for hundreds of milliseconds, and the tiles still
 * arriving wait behind it: the complete map comes later for every partial frame drawn before it. So the first frames are
 * not drawn (the map's area shows its background colour) until every tile of the first view is there, or until
 * `maxHoldMs` have passed, after which the map draws as it normally does (a slow network still shows progress).
 * Everything else (tile requests, events, `load`, `idle`) runs as usual; only the drawing call is skipped.
 *
 * One frame is drawn while the rest of the view is still coming, clipped to a single pixel (a scissor box): the warm-up.
 * A renderer's first frame costs several times a later one (measured in headless Chromium: 0.7–1.7 s against 0.2 s at
 * load 10), because it compiles the shader programs, builds the software renderer's routines for each drawing state and
 * uploads the tiles' buffers. The warm-up does that work with the first tiles in, while the main thread would otherwise
 * wait for the worker to lay out the others; clipped to one pixel it costs little raster work and shows nothing (the
 * pixel is the map's own background, drawn in the map's corner a moment early).
 */
import type { Map as MapLibreMap, MapSourceDataEvent } from 'maplibre-gl';

type Render = (...args: unknown[]) => void;

interface Painter {
  render?: Render;
  context?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

/** Holds the drawing of `map` until its first view is complete; returns a function that cancels the hold. */
export function holdFirstFrame(map: MapLibreMap, maxHoldMs = 2000): () => void {
  // `painter` is MapLibre's internal renderer (stable across 4.x-6.x); without it the map simply draws as usual.
  const painter = (map as unknown as { painter?: Painter }).painter;
  if (!painter || typeof painter.render !== 'function') return () => undefined;
  const render = painter.render;
  let released = false;
  // A tile of the view has arrived, and the warm-up frame has been drawn.
  let tileIn = false;
  let warmed = false;
  const onData = (e: MapSourceDataEvent) => {
    if (e.tile) tileIn = true;
  };
  map.on('sourcedata', onData);
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    map.off('sourcedata', onData);
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
    if (map.isStyleLoaded() && map.areTilesLoaded()) {
      release();
      render.apply(this, args);
      return;
    }
    if (warmed || !tileIn) return;
    warmed = true;
    const gl = painter.context?.gl;
    if (!gl) return;
    gl.enable(gl.SCISSOR_TEST);
    gl.scissor(0, 0, 1, 1);
    try {
      render.apply(this, args);
    } finally {
      gl.disable(gl.SCISSOR_TEST);
    }
  };
  return release;
}
