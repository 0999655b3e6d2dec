// Issue 15: an optional external base under the map, configured by one setting (ATLAS_BASEMAP, a raster XYZ
// template) with its attribution (ATLAS_BASEMAP_ATTRIBUTION), passed through /api/client-config and allowed by the
// CSP; read from a tiny tile server on another origin that this test starts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, OUTPUT } from '../support/browser.ts';

type AtlasWindow = Window & { __atlasMap?: MapLibreMap };
// A 1×1 green PNG: what the tile server answers for every tile.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgaGgAAAGEAIGu7JC2AAAAAElFTkSuQmCC',
  'base64',
);
const tileRequests: string[] = [];
let tiles: Server;
let server: TestServer;
let browser: Browser;
let page: Page;
const cspErrors: string[] = [];

beforeAll(async () => {
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    if (!/^\/ortho\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(PNG);
  });
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const port = (tiles.address() as AddressInfo).port;
  server = await startTestServer({
    config: {
      ATLAS_BASEMAP: `http://localhost:${port}/ortho/{z}/{x}/{y}.png`,
      ATLAS_BASEMAP_ATTRIBUTION: 'Ortofoto de test © Atlas',
    },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'ro-RO' });
  page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(server.baseUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => !!(window as unknown as AtlasWindow).__atlasMap?.loaded(), undefined, {
    timeout: 60_000,
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => tiles?.close(resolve));
});

describe('external base map (ATLAS_BASEMAP)', () => {
  it('is published in /api/client-config with its attribution', async () => {
    const body = (await (await fetch(`${server.baseUrl}/api/client-config`)).json()) as {
      basemap: { url: string; attribution: string };
    };
    expect(body.basemap.url).toMatch(/\/ortho\/\{z\}\/\{x\}\/\{y\}\.png$/);
    expect(body.basemap.attribution).toBe('Ortofoto de test © Atlas');
  });

  it('allows the base origin in the CSP for images and connections', async () => {
    const csp = (await fetch(server.baseUrl)).headers.get('content-security-policy') ?? '';
    const origin = `http://localhost:${(tiles.address() as AddressInfo).port}`;
    expect(csp).toMatch(new RegExp(`img-src [^;]*${origin}`));
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${origin}`));
  });

  it('draws the base under the layers, fetched from the tile server, with its attribution shown', async () => {
    await expect
      .poll(() => tileRequests.filter((u) => u.startsWith('/ortho/')).length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const order = await page.evaluate(() =>
      ((window as unknown as AtlasWindow).__atlasMap?.getStyle().layers ?? []).map((l) => l.id),
    );
    expect(order.indexOf('basemap')).toBe(1);
    const attribution = page.locator('.maplibregl-ctrl-attrib');
    await expect.poll(() => attribution.innerText(), { timeout: 10_000 }).toContain('Ortofoto de test © Atlas');
    expect(cspErrors).toEqual([]);
    await page.screenshot({ path: `${OUTPUT}basemap.png` });
  });
});
