// Issues 15 and 16: the server owns the map's colours, classes and names (server/src/legend) and serves them in
// /api/client-config; the certificate's PDF map draws with the same module, and the web keeps no copy: it reads the
// served document (web/src/lib/map/archives.ts) and builds its style and legend from it (style.ts, unit-tested on the
// served document by web/src/lib/map/style.test.ts and colours.test.ts). This checks that what is served has the
// shape the web reads, and that the web holds none of the served colours itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfigRoutes } from '../../server/src/client-config.ts';
import { LEGEND } from '../../server/src/legend/legend.ts';
import { classifyZone as serverClassify } from '../../server/src/legend/palette.ts';
import type { LegendDocument } from '../../web/src/lib/map/palette.ts';
import { classifyZone } from '../../web/src/lib/map/palette.ts';
import ro from '../../web/src/messages/ro.json' with { type: 'json' };
import en from '../../web/src/messages/en.json' with { type: 'json' };
import { ROOT } from '../support/paths.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, OUTPUT, PHONE } from '../support/browser.ts';

// The server's document has the shape the web reads (a type error here when the two part ways).
const SERVED_SHAPE: LegendDocument = LEGEND;

let server: ReturnType<ReturnType<typeof express>['listen']>;
let origin: string;
let legend: LegendDocument | null;
beforeAll(async () => {
  const app = express().use(clientConfigRoutes());
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  legend = ((await (await fetch(`${origin}/api/client-config`)).json()) as { legend: LegendDocument | null }).legend;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /api/client-config: legend', () => {
  it('serves the legend document of server/src/legend, value for value', () => {
    expect(legend).toEqual(JSON.parse(JSON.stringify(SERVED_SHAPE)));
  });

  it('classifies zones for the web as the server does (the web reads the served prefix rules)', () => {
    for (const code of ['Liu', 'Lc_A', 'ZCP_M1', 'UM3', 'ED', 'E1', 'TDA_L', 'X9', ''])
      expect(classifyZone(legend!, code)?.id, code).toBe(serverClassify(code));
    expect(classifyZone(legend!, 'X9', 'V - ZONA VERDE')?.id).toBe(serverClassify('X9', 'V - ZONA VERDE'));
  });

  it('is the only place of the map colours: the web source holds none of the served zone colours', () => {
    // The restriction colours are common Material shades (the map's crosshair shares one): the zone colours tell.
    const colours = legend!.zoneClasses.flatMap((c) => [c.fill, c.outline]).map((c) => c.toLowerCase());
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|svelte|json|css)$/.test(name) && !/\.test\.ts$/.test(name)) files.push(path);
      }
    };
    walk(join(ROOT, 'web/src'));
    for (const file of files) {
      const source = readFileSync(file, 'utf8').toLowerCase();
      for (const c of colours) expect(source.includes(c), `${file} holds ${c}`).toBe(false);
    }
  });

  it('names every zone class, plan and restriction kind it serves, with Romanian diacritics (comma below)', () => {
    for (const names of [legend!.names.ro, legend!.names.en]) {
      for (const c of legend!.zoneClasses) expect(names.zoneClass[c.id], c.id).toBeTruthy();
      for (const k of legend!.planKinds) expect(names.planKind[k], k).toBeTruthy();
      for (const k of legend!.restrictionKinds) expect(names.restrictionKind[k], k).toBeTruthy();
    }
    expect(JSON.stringify(legend!.names.ro)).not.toMatch(/[şţŞŢ]/);
  });

  it('serves the land-use names the parcel panel shows, ro and en', () => {
    expect(legend!.names.ro.landUse).toEqual(ro.landUse);
    expect(legend!.names.en.landUse).toEqual(en.landUse);
  });
});

// The web app in Debian's Chromium against a real Atlas server: the map and legend as served, and without them.
describe('the web map and legend', () => {
  let app: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(withLegend: boolean, device: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
    const context = await browser.newContext({
      ...(device === 'phone' ? PHONE : { viewport: { width: 1280, height: 860 } }),
      locale: 'ro-RO',
    });
    const page = await context.newPage();
    if (!withLegend) await page.route('**/api/client-config', (route) => route.fulfill({ status: 503, body: '' }));
    await page.goto(app.baseUrl, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const map = (window as Window & { __atlasMap?: MapLibreMap }).__atlasMap;
        return !!map && map.loaded();
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    return page;
  }

  const zoneFill = (page: Page) =>
    page.evaluate(() =>
      JSON.stringify(
        (window as Window & { __atlasMap?: MapLibreMap }).__atlasMap?.getPaintProperty('zoning-fill', 'fill-color'),
      ),
    );

  it('colours the zones and lists their classes as served', async () => {
    const page = await open(true);
    try {
      const fill = await zoneFill(page);
      for (const c of legend!.zoneClasses) expect(fill, c.id).toContain(c.fill);
      const text = await page.getByRole('region', { name: 'Legendă', exact: true }).innerText();
      for (const c of legend!.zoneClasses) expect(text).toContain(legend!.names.ro.zoneClass[c.id]);
      expect(await page.getByText('Culorile hărții nu au putut fi încărcate', { exact: false }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('draws the zones grey and says so, in Romanian and English, when the legend cannot be read', async () => {
    const page = await open(false);
    try {
      const fill = await zoneFill(page);
      for (const c of legend!.zoneClasses) expect(fill, c.id).not.toContain(c.fill);
      const ro = 'Culorile hărții nu au putut fi încărcate: zonele apar necolorate.';
      await expect.poll(() => page.getByRole('status').filter({ hasText: ro }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('legend-unavailable').innerText()).toBe(ro);
      await page.getByRole('button', { name: 'English' }).click();
      await expect
        .poll(() => page.getByTestId('legend-unavailable').innerText())
        .toBe("The map's colours could not be loaded: zones are shown uncoloured.");
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('says so on a phone (390x844) too: on the map clear of its controls and the sheet, and in the legend', async () => {
    const page = await open(false, 'phone');
    type Box = { x: number; y: number; width: number; height: number };
    const boxOf = async (locator: Locator): Promise<Box> => {
      const box = await locator.boundingBox();
      if (!box) throw new Error(`not laid out: ${String(locator)}`);
      return box;
    };
    const overlap = (a: Box, b: Box) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    /** The whole box on the screen, its text not cut (nothing scrolled out of it). */
    const expectOnScreen = async (locator: Locator, what: string) => {
      const box = await boxOf(locator);
      expect(box.x, what).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, what).toBeLessThanOrEqual(PHONE.viewport.width);
      expect(box.y, what).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, what).toBeLessThanOrEqual(PHONE.viewport.height);
      const cut = await locator.evaluate((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight);
      expect(cut, `${what}: text cut`).toBe(false);
      return box;
    };
    try {
      const fill = await zoneFill(page);
      for (const c of legend!.zoneClasses) expect(fill, c.id).not.toContain(c.fill);
      const app = page.locator('.app');
      const messages = [
        { locale: 'ro', text: 'Culorile hărții nu au putut fi încărcate: zonele apar necolorate.' },
        { locale: 'en', text: "The map's colours could not be loaded: zones are shown uncoloured." },
      ];
      for (const { locale, text } of messages) {
        if (locale === 'en') await page.getByRole('button', { name: 'English' }).click();
        // Both languages of the switch whole on the narrow header (the longer English title does not squeeze it).
        const container = await boxOf(page.locator('.switch'));
        expect(container.x + container.width, `${locale}: the switch`).toBeLessThanOrEqual(PHONE.viewport.width);
        for (const button of await page.locator('.switch button').all()) {
          const box = await boxOf(button);
          expect(box.x + box.width, `${locale}: ${await button.innerText()}`).toBeLessThanOrEqual(
            container.x + container.width + 0.5,
          );
        }
        // On the map, above the peeking sheet: the whole message, clear of the zoom, locate and print buttons.
        expect(await app.getAttribute('data-sheet')).toBe('peek');
        const notice = page.getByRole('status').filter({ hasText: text });
        await expect.poll(() => notice.count()).toBe(1);
        expect(await notice.innerText()).toBe(text);
        const box = await expectOnScreen(notice, `${locale}: the message on the map`);
        const sheet = await boxOf(page.locator('#panel'));
        expect(box.y + box.height, `${locale}: the message above the sheet`).toBeLessThanOrEqual(sheet.y);
        const controls = page.locator('.maplibregl-ctrl-top-right button');
        expect(await controls.count()).toBeGreaterThanOrEqual(2);
        for (const control of await controls.all()) {
          const name = await control.getAttribute('aria-label');
          expect(overlap(box, await boxOf(control)), `${locale}: the message covers ${name}`).toBe(false);
        }
        await page.screenshot({ path: `${OUTPUT}legend-unavailable-phone-map-${locale}.png` });
        // In the legend, at the end of the raised sheet.
        const handle = page.locator('.sheet-handle');
        while ((await app.getAttribute('data-sheet')) !== 'full') await handle.click();
        await page.waitForTimeout(300); // the sheet's transition
        const inLegend = page.getByTestId('legend-unavailable');
        await inLegend.evaluate((e) => e.scrollIntoView({ block: 'center' }));
        expect(await inLegend.innerText()).toBe(text);
        const legendBox = await expectOnScreen(inLegend, `${locale}: the message in the legend`);
        const panel = await boxOf(page.locator('#panel'));
        expect(legendBox.y, `${locale}: the legend's message in the sheet`).toBeGreaterThanOrEqual(panel.y);
        await page.screenshot({ path: `${OUTPUT}legend-unavailable-phone-legend-${locale}.png` });
        while ((await app.getAttribute('data-sheet')) !== 'peek') await handle.click();
        await page.waitForTimeout(300); // the sheet's transition
      }
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
