// The web app's page as the browser tests drive it (Debian's Chromium via playwright-core): the MapLibre map the app
// exposes as `window.__atlasMap`, waits on its tiles and camera, and the errors the page reports.
import type { Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';

/** The page's window, with the map the app exposes for tests. */
export type AtlasWindow = Window & { __atlasMap?: MapLibreMap };

/**
 * Resolves once the style and every visible tile are loaded and nothing moves. `polling: 'raf'` checks on every
 * animation frame (the benchmark times the first map by it).
 */
export async function waitForMapIdle(
  p: Page,
  { timeout = 30_000, polling = 100 }: { timeout?: number; polling?: number | 'raf' } = {},
): Promise<void> {
  await p.waitForFunction(
    () => {
      const map = (window as unknown as AtlasWindow).__atlasMap;
      return !!map && map.loaded() && map.areTilesLoaded() && !map.isMoving();
    },
    undefined,
    { timeout, polling },
  );
}

/** Moves the camera and resolves on the next `idle` event (tiles of the new view loaded and drawn). */
export async function jumpAndWait(p: Page, center: readonly [number, number], zoom: number): Promise<void> {
  await p.evaluate(
    ([lng, lat, z]) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as AtlasWindow).__atlasMap;
        if (!map) throw new Error('window.__atlasMap is not set');
        map.once('idle', () => resolve());
        map.jumpTo({ center: [lng, lat], zoom: z });
      }),
    [center[0], center[1], zoom] as const,
  );
}

/**
 * Collects what goes wrong on the page: its console errors, uncaught exceptions and unused preloads into `errors`,
 * and, given `failedResponses`, every response with a status of 400 or more (`<status> <url>`).
 */
export function watchPage(p: Page, errors: string[], failedResponses?: string[]): void {
  p.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    // Chromium's warning for a preloaded file the page then asks for in another way (fetched twice).
    else if (message.type() === 'warning' && /preload .* not used/i.test(message.text())) errors.push(message.text());
  });
  p.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  if (failedResponses) {
    p.on('response', (response) => {
      if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
    });
  }
}
