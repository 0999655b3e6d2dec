// Issue 14: the web map takes a layer from a PMTiles archive (ATLAS_TILE_ARCHIVES) instead of the server. The archive
// is written by the export of `npm run tiles`, served by a small static server with HTTP range requests and CORS on
// another origin (as object storage behind a CDN would), and read by the `pmtiles` protocol in Debian's Chromium.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { exportPmtiles } from '../../tiles/src/pmtiles-export.ts';
import { testDb } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, OUTPUT } from '../support/browser.ts';

type AtlasWindow = Window & { __atlasMap?: MapLibreMap };
const CENTRE: readonly [number, number] = [23.5897, 46.7693];

const dir = mkdtempSync(join(tmpdir(), 'atlas-pmtiles-web-'));
const archivePath = join(dir, 'parcels.pmtiles');
const rangeRequests: string[] = [];
let storage: Server;
let storageUrl: string;
let server: TestServer;
let browser: Browser;
let page: Page;
const serverTileRequests: string[] = [];
const consoleErrors: string[] = [];

/** A static file server that answers byte ranges, as object storage does, to another origin (CORS). */
function startStorage(): Promise<Server> {
  const s = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'range');
    res.setHeader('Access-Control-Expose-Headers', 'etag, content-range, content-length');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.url !== '/parcels.pmtiles') return void res.writeHead(404).end();
    const size = statSync(archivePath).size;
    const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!match) return void res.writeHead(200, { 'content-length': size }).end();
    const start = Number(match[1]);
    const end = Math.min(Number(match[2]), size - 1);
    rangeRequests.push(`${start}-${end}`);
    res.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
      etag: '"parcels-v1"',
    });
    createReadStream(archivePath, { start, end }).pipe(res);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  await exportPmtiles(await testDb(), { layer: 'parcels', minzoom: 14, maxzoom: 16, out: archivePath });
  storage = await startStorage();
  // `localhost`, not 127.0.0.1: another origin than the app's, so the archive is read across origins.
  storageUrl = `http://localhost:${(storage.address() as AddressInfo).port}/parcels.pmtiles`;
  server = await startTestServer({ config: { ATLAS_TILE_ARCHIVES: { parcels: storageUrl } } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'ro-RO' });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('request', (r) => {
    if (r.url().includes('/tiles/parcels/')) serverTileRequests.push(r.url());
  });
  await page.goto(server.baseUrl, { waitUntil: 'load' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => storage?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a layer from a PMTiles archive (ATLAS_TILE_ARCHIVES)', () => {
  it('publishes the setting to the web app', async () => {
    const response = await fetch(`${server.baseUrl}/api/client-config`);
    expect(response.status).toBe(200);
    // Beside the settings, the legend the map draws with (checked in legend.integration.test.ts).
    expect(await response.json()).toEqual({
      tileArchives: { parcels: storageUrl },
      basemap: null,
      legend: expect.objectContaining({ zoneClasses: expect.any(Array) }),
    });
  });

  it('draws the parcels from the archive, by range requests, and never asks the server for parcel tiles', async () => {
    await page.waitForFunction(() => !!(window as unknown as AtlasWindow).__atlasMap, undefined, { timeout: 60_000 });
    await page.evaluate(
      ([lng, lat]) =>
        new Promise<void>((resolve) => {
          const map = (window as unknown as AtlasWindow).__atlasMap!;
          const go = () => {
            map.once('idle', () => resolve());
            map.jumpTo({ center: [lng, lat], zoom: 16 });
          };
          if (map.loaded()) go();
          else map.once('load', go);
        }),
      [CENTRE[0], CENTRE[1]] as const,
    );
    const parcels = await page.evaluate(() =>
      ((window as unknown as AtlasWindow).__atlasMap?.queryRenderedFeatures({ layers: ['parcels-fill'] }) ?? []).map(
        (f) => ({ id: f.id, number: f.properties['cadastral_number'] as string }),
      ),
    );
    await page.screenshot({ path: join(OUTPUT, 'pmtiles-parcels-z16.png') });
    expect(parcels.length).toBeGreaterThan(50);
    expect(parcels.every((p) => typeof p.number === 'string' && p.number.length > 0)).toBe(true);
    // Feature ids survive the archive: selection and hover (feature-state) work as with the server's tiles.
    expect(parcels.every((p) => typeof p.id === 'number')).toBe(true);
    expect(rangeRequests.length).toBeGreaterThan(2);
    expect(serverTileRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
