// The web app in Debian's Chromium (playwright-core, never a downloaded browser) against a real Atlas server with
// the sample data: map, legend, parcels at z15, selection, language switch. Screenshots go to test-output/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
import { launchChromium, OUTPUT } from '../support/browser.ts';
import { jumpAndWait, waitForMapIdle, watchPage, type AtlasWindow } from '../support/map-page.ts';

const CENTRE: readonly [number, number] = [23.5897, 46.7693];

let server: { baseUrl: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const failedResponses: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'ro-RO' });
  page = await context.newPage();
  watchPage(page, consoleErrors, failedResponses);
  await page.goto(server.baseUrl, { waitUntil: 'load' });
  await waitForMapIdle(page);
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('atlas map page', () => {
  it('loads the map without console errors or failed requests', async () => {
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ro');
    const canvasLabel = await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label');
    expect(canvasLabel).toMatch(/^Hartă interactivă/);
  });

  it('shows the zone legend in Romanian', async () => {
    const legend = page.getByRole('region', { name: 'Legendă', exact: true });
    await expect.poll(() => legend.isVisible()).toBe(true);
    const text = await legend.innerText();
    expect(text).toContain('Zonificare funcțională (UTR)');
    expect(text).toContain('Locuințe individuale (L)');
    expect(text).toContain('Spații verzi (V)');
    expect(text).toContain('Zonă inundabilă');
    // Romanian diacritics, with the comma below (ș ț), never the cedilla (ş ţ).
    expect(text).toMatch(/[ăâîșț]/);
    expect(text).not.toMatch(/[şţ]/);
  });

  it('names the database engine in the about view, not in the footer', async () => {
    await page.locator('.app-footer').getByRole('button', { name: 'Despre' }).click();
    const status = page.getByRole('dialog').getByRole('status');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(/Motor: (PGlite|PostgreSQL)/);
    await page.keyboard.press('Escape');
    expect(await page.locator('.app-footer').innerText()).not.toMatch(/Motor:/);
  });

  it('asks to zoom in for parcels below z14', async () => {
    expect(await page.evaluate(() => (window as unknown as AtlasWindow).__atlasMap?.getZoom())).toBeLessThan(14);
    await expect.poll(() => page.getByText('Apropiați harta pentru a vedea parcelele').isVisible()).toBe(true);
  });

  it('draws parcels at z15 over the centre', async () => {
    await jumpAndWait(page, CENTRE, 15);
    const parcels = await page.evaluate(() => {
      const map = (window as unknown as AtlasWindow).__atlasMap;
      return (map?.queryRenderedFeatures({ layers: ['parcels-fill'] }) ?? []).map((f) => f.properties);
    });
    expect(parcels.length).toBeGreaterThan(0);
    expect(parcels[0]?.['cadastral_number']).toBeTruthy();
    expect(await page.getByText('Apropiați harta pentru a vedea parcelele').count()).toBe(0);
  });

  it('selects a clicked parcel and shows its cadastral data', async () => {
    // A screen point inside a rendered parcel: the centroid of a parcel whose own query returns that parcel,
    // well inside the canvas (queryRenderedFeatures also returns parcels that are only partly on screen).
    const target = await page.evaluate(() => {
      const map = (window as unknown as AtlasWindow).__atlasMap;
      if (!map) return null;
      const { clientWidth: width, clientHeight: height } = map.getCanvas();
      const inView = (x: number, y: number) => x > 60 && x < width - 80 && y > 60 && y < height - 60;
      for (const feature of map.queryRenderedFeatures({ layers: ['parcels-fill'] })) {
        const geometry = feature.geometry;
        const ring =
          geometry.type === 'Polygon'
            ? geometry.coordinates[0]
            : geometry.type === 'MultiPolygon'
              ? geometry.coordinates[0]?.[0]
              : undefined;
        if (!ring || ring.length < 4) continue;
        const vertices = ring.slice(0, -1);
        const lng = vertices.reduce((s, c) => s + (c[0] ?? 0), 0) / vertices.length;
        const lat = vertices.reduce((s, c) => s + (c[1] ?? 0), 0) / vertices.length;
        const point = map.project([lng, lat]);
        if (!inView(point.x, point.y)) continue;
        const hit = map.queryRenderedFeatures(point, { layers: ['parcels-fill'] })[0];
        if (hit && hit.id === feature.id) {
          return {
            x: point.x,
            y: point.y,
            id: feature.id,
            uat: Number(feature.properties['uat_siruta']),
            number: String(feature.properties['cadastral_number']),
          };
        }
      }
      return null;
    });
    expect(target).not.toBeNull();
    if (!target) return;
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!canvas) throw new Error('map canvas not laid out');
    await page.mouse.click(canvas.x + target.x, canvas.y + target.y);

    const info = page.getByRole('region', { name: `Parcela ${target.number}` });
    await expect.poll(() => info.isVisible()).toBe(true);
    const table = info.getByRole('table', { name: 'Date cadastrale' });
    expect(await table.getByRole('row', { name: /Număr cadastral/ }).innerText()).toContain(target.number);
    // Tiles carry only what identifies a parcel: the land book and the address come with its answer.
    const row = (name: RegExp) => table.getByRole('row', { name }).innerText();
    const res = await fetch(`${server.baseUrl}/api/parcels?uat=${target.uat}&number=${target.number}`);
    const answer = (await res.json()) as { land_book_number: string | null; address: string | null };
    await expect
      .poll(() => row(/Număr carte funciară/), { timeout: 15_000 })
      .toContain(answer.land_book_number ?? 'necunoscut');
    expect(await row(/Adresă/)).toContain(answer.address ?? 'necunoscut');
    // The highlight follows the panel's requests (at most a second later).
    const selected = () =>
      page.evaluate((id) => {
        const m = (window as unknown as AtlasWindow).__atlasMap;
        // The parcels' source: the composite `atlas` one, or `parcels` when archives are configured.
        const source = m?.getLayer('parcels-fill')?.source ?? 'parcels';
        return m?.getFeatureState({ source, sourceLayer: 'parcels', id })?.['selected'];
      }, target.id ?? '');
    await expect.poll(selected).toBe(true);
    await waitForMapIdle(page);
    await page.screenshot({ path: `${OUTPUT}map-ro.png` });
  });

  it("credits the streets' names in Romanian, with the synthetic mark the streets' data version asks for", async () => {
    const attribution = page.locator('.maplibregl-ctrl-attrib-inner');
    await expect.poll(() => attribution.innerText()).toContain('geometrie sintetică');
    expect(await attribution.innerText()).toBe(
      'Nume de străzi © OpenStreetMap contributors (ODbL); geometrie sintetică',
    );
    expect(await page.locator('.maplibregl-ctrl-attrib-button').getAttribute('title')).toBe(
      'Arată sau ascunde sursele hărții',
    );
  });

  it('switches the interface to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    // The map's credit too: no Romanian words left in it.
    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib-inner').innerText())
      .toBe('Street names © OpenStreetMap contributors (ODbL); synthetic geometry');
    expect(await page.locator('.maplibregl-ctrl-attrib-button').getAttribute('title')).toBe(
      'Show or hide the map’s sources',
    );
    await expect.poll(() => page.locator('header h1').innerText()).toBe('Urban planning atlas');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('region', { name: 'Legend', exact: true }).innerText()).toContain(
      'Functional zoning (UTR)',
    );
    expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toMatch(/^Interactive map/);
    await page.screenshot({ path: `${OUTPUT}map-en.png` });
  });

  it('logged no console error during the whole session', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });
});
