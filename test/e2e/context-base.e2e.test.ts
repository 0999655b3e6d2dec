// Issue 15, context under the layers: the offline base drawn from the sample (UAT and city boundaries, blocks, streets
// with their names, UTR codes, parcel numbers at close zoom), in Debian's Chromium against a real Atlas server. Labels
// are drawn from the app's own font files (no glyph server, nothing from the internet). Screenshots: test-output/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, OUTPUT } from '../support/browser.ts';
import { jumpAndWait, watchPage, type AtlasWindow } from '../support/map-page.ts';

const CENTRE: readonly [number, number] = [23.5897, 46.7693];

let server: TestServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

/** The text of the labels MapLibre placed on screen for a symbol layer. */
function placedLabels(p: Page, layer: string): Promise<string[]> {
  return p.evaluate((id) => {
    const map = (window as unknown as AtlasWindow).__atlasMap;
    const features = map?.queryRenderedFeatures({ layers: [id] }) ?? [];
    const field = id === 'parcels-label' ? 'cadastral_number' : id === 'zoning-label' ? 'code' : 'name';
    return features.map((f) => String(f.properties[field]));
  }, layer);
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'ro-RO' });
  page = await context.newPage();
  watchPage(page, consoleErrors);
  page.on('request', (r) => {
    if (!r.url().startsWith(server.baseUrl) && !/^(data|blob):/.test(r.url())) foreignRequests.push(r.url());
  });
  await page.goto(server.baseUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => !!(window as unknown as AtlasWindow).__atlasMap?.loaded(), undefined, {
    timeout: 60_000,
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the context base under the layers', () => {
  it('draws blocks and named streets, with street names and UTR codes as labels at z16', async () => {
    await jumpAndWait(page, CENTRE, 16);
    const blocks = await page.evaluate(
      () => (window as unknown as AtlasWindow).__atlasMap?.queryRenderedFeatures({ layers: ['blocks-fill'] }).length,
    );
    expect(blocks).toBeGreaterThan(5);
    const streets = await placedLabels(page, 'streets-label');
    expect(streets.length).toBeGreaterThan(3);
    // Real (OpenStreetMap) names, written with Romanian diacritics where they have them.
    expect(
      streets.every((n) => /^(Strada|Aleea|Piața|Calea|Bulevardul|Splaiul|Drumul|Șoseaua|Pasajul|Intrarea) /.test(n)),
    ).toBe(true);
    const codes = await placedLabels(page, 'zoning-label');
    expect(codes.length).toBeGreaterThan(0);
    // No parcel numbers yet at z16: they would cover the map.
    expect(await placedLabels(page, 'parcels-label')).toEqual([]);
    await page.screenshot({ path: `${OUTPUT}context-z16.png` });
  });

  it('labels the parcels with their cadastral numbers at close zoom', async () => {
    await jumpAndWait(page, CENTRE, 18);
    const numbers = await placedLabels(page, 'parcels-label');
    expect(numbers.length).toBeGreaterThan(3);
    for (const n of numbers) expect(n).toMatch(/^\d+/);
    await page.screenshot({ path: `${OUTPUT}context-z18.png` });
  });

  it('shows the OpenStreetMap attribution with the street names', async () => {
    const attribution = page.locator('.maplibregl-ctrl-attrib');
    await expect.poll(() => attribution.count()).toBeGreaterThan(0);
    expect(await attribution.innerHTML()).toContain('OpenStreetMap');
  });

  it('names the UAT at a county zoom and shows the city boundary', async () => {
    await jumpAndWait(page, CENTRE, 10);
    const names = await placedLabels(page, 'uat-label');
    expect(names).toContain('Cluj-Napoca');
    await page.screenshot({ path: `${OUTPUT}context-z10.png` });
  });

  it('fetched nothing from another origin and logged no error', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
