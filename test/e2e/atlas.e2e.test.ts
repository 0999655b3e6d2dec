// Issue 18 end to end, in Debian's Chromium (playwright-core): the territorial atlas at /atlas on the real sample (all
// UATs of Romania, INS indicators). Pick an indicator, show it per 1,000 inhabitants, move the year slider, click two
// UATs, find their lines in the chart and their rows in the table, reload the shared URL and get the same view; the
// same link on a phone; the UAT profile. axe-core (0 serious or critical findings) in every state, desktop and phone.
// Screenshots go to test-output/.
//
// Readiness is never a timeout: the map marks its container with the view it has drawn (`data-painted`, right after
// the synchronous redraw) and the view it has drawn with every visible tile in (`data-idle`); the chart marks the
// UATs it has drawn (`data-drawn`). A view's key is the page URL's query without the selection, so a test waits for
// "the map shows what the URL says", which is true or false at any moment: no event can be missed.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
import { launchChromium, OUTPUT, PHONE } from '../support/browser.ts';
import { expectAxeClean } from '../support/axe.ts';
import { jumpAndWait, watchPage, type AtlasWindow } from '../support/map-page.ts';

const CLUJ_NAPOCA = '54975';
const FLORESTI = '57706';

let server: { baseUrl: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const failedResponses: string[] = [];

/**
 * Resolves once the map has drawn the view the URL names, with every visible tile loaded (`data-idle`), and `extra`
 * (a query fragment such as `year=2024`) is part of that view.
 */
async function waitForView(p: Page, extra = ''): Promise<string> {
  const handle = await p.waitForFunction(
    (fragment) => {
      const params = new URLSearchParams(window.location.search);
      params.delete('uat');
      params.delete('lang');
      const key = params.toString();
      const map = document.querySelector<HTMLElement>('[data-testid="atlas-map"]');
      return key.includes(fragment) && map?.dataset['idle'] === key ? key : false;
    },
    extra,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue()) as string;
}

/** Resolves once the chart shows exactly the given UATs' lines. */
async function waitForChart(p: Page, uats: readonly string[]): Promise<string[]> {
  const handle = await p.waitForFunction(
    (expected) => {
      const chart = document.querySelector<HTMLElement>('[data-testid="atlas-chart"]');
      const drawn = chart?.dataset['drawn'] ?? '';
      return drawn.endsWith(`|${expected.join(',')}`) ? (chart?.dataset['lines'] ?? '').split(',') : false;
    },
    [...uats],
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as string[];
}

/** A point inside a UAT (from the public API), on the page, checked to hit that UAT's polygon on the map. */
async function screenPointOf(p: Page, siruta: string): Promise<{ x: number; y: number }> {
  const points = (await (await fetch(`${server.baseUrl}/api/uat-points`)).json()) as {
    features: { properties: { siruta: number }; geometry: { coordinates: [number, number] } }[];
  };
  const feature = points.features.find((f) => String(f.properties.siruta) === siruta);
  if (!feature) throw new Error(`no point for UAT ${siruta}`);
  const hit = await p.evaluate(
    ([lngLat, id]) => {
      const map = (window as unknown as AtlasWindow).__atlasMap;
      if (!map) return null;
      const point = map.project(lngLat);
      const found = map.queryRenderedFeatures(point, { layers: ['atlas-uat-fill'] })[0];
      return found && String(found.id) === id ? { x: point.x, y: point.y } : null;
    },
    [feature.geometry.coordinates, siruta] as const,
  );
  if (!hit) throw new Error(`UAT ${siruta} is not under its own point on the map`);
  const canvas = await p.locator('canvas.maplibregl-canvas').boundingBox();
  if (!canvas) throw new Error('map canvas not laid out');
  return { x: canvas.x + hit.x, y: canvas.y + hit.y };
}

/** A UAT's feature-state on the polygons' source (`uat`): its colour. */
const featureState = (p: Page, siruta: string) =>
  p.evaluate(
    (id) =>
      (window as unknown as AtlasWindow).__atlasMap?.getFeatureState({ source: 'uat', sourceLayer: 'uat', id }) ?? {},
    siruta,
  );

/**
 * The SIRUTA codes whose whole outline the map draws as selected (in their chart colour), once drawn: from the map's
 * `data-outlines` (`siruta:role:colour` for each outlined UAT).
 */
const selectedOutlines = async (p: Page) => {
  const outlines = (await p.getByTestId('atlas-map').getAttribute('data-outlines')) ?? '';
  return outlines
    .split(',')
    .map((o) => o.split(':'))
    .filter(([, role, color]) => role === 'selected' && color?.startsWith('#'))
    .map(([siruta]) => siruta);
};

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'ro-RO',
    bypassCSP: true, // for axe-core's script only
  });
  page = await context.newPage();
  watchPage(page, consoleErrors, failedResponses);
  await page.goto(`${server.baseUrl}/atlas`, { waitUntil: 'load' });
  await waitForView(page);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

let sharedUrl = '';
let permitsPer1000: { value: number; rank_county: number } | undefined;

describe('atlas page /atlas', () => {
  it('opens on a real national indicator, drawn as proportional circles, in Romanian', async () => {
    // The language is written into the link, as on the map page.
    expect(new URL(page.url()).search).toBe('?indicator=population_census&year=2011&lang=ro');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ro');
    const legend = page.getByTestId('atlas-legend');
    const text = await legend.innerText();
    expect(text).toContain('Populația la recensământ');
    expect(text).toContain('Aria cercului este proporțională cu valoarea.');
    expect(text).toContain('Sursa: INS');
    expect(text).not.toMatch(/sintetic/i);
    // Cluj-Napoca's census 2011 population, in feature-state as a circle (no class colour on a count).
    const state = await featureState(page, CLUJ_NAPOCA);
    expect(state['c']).toBeTruthy();
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            (window as unknown as AtlasWindow).__atlasMap?.getFeatureState({ source: 'uat-points', id })?.['r'] ?? 0,
          CLUJ_NAPOCA,
        ),
      )
      .toBeGreaterThan(5);
    const row = page.locator(`[data-testid="atlas-table"] tr[data-siruta="${CLUJ_NAPOCA}"]`);
    expect(await row.innerText()).toContain('324.576');
    await expectAxeClean(page, 'atlas, first view');
    await page.screenshot({ path: `${OUTPUT}atlas-circles.png` });
  });

  it('picks an indicator by searching and shows a count per 1,000 inhabitants as a choropleth', async () => {
    await page.getByRole('searchbox', { name: 'Caută un indicator' }).fill('incendii');
    await page.getByRole('radio', { name: /Detecții de incendii din satelit/ }).check();
    await waitForView(page, 'indicator=fire_detections&year=2026');
    await page.getByRole('radio', { name: 'La 1.000 de locuitori' }).check();
    const key = await waitForView(page, 'indicator=fire_detections&year=2026&derived=per_1000');
    expect(key).toBe('indicator=fire_detections&year=2026&derived=per_1000');
    const legend = await page.getByTestId('atlas-legend').innerText();
    expect(legend).toContain('Detecții de incendii din satelit');
    expect(legend).toContain('La 1.000 de locuitori');
    expect(legend).toMatch(/Populația din 20\d\d/);
    // Five class rows with limits, coloured from feature-state only.
    expect(await page.getByTestId('atlas-legend').locator('.classes li').count()).toBeGreaterThanOrEqual(5);
    const state = await featureState(page, CLUJ_NAPOCA);
    expect(String(state['c'])).toMatch(/^#|^rgb/);
  });

  it('moves the year slider and repaints from feature-state without fetching a tile', async () => {
    const tiles: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/tiles/')) tiles.push(request.url());
    };
    page.on('request', onRequest);
    const before = await featureState(page, CLUJ_NAPOCA);
    const slider = page.getByRole('slider', { name: 'Anul datelor' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await waitForView(page, 'year=2025&derived=per_1000');
    expect(await slider.getAttribute('aria-valuetext')).toBe('2025');
    expect(await page.locator('output.current').innerText()).toBe('2025');
    await page.keyboard.press('ArrowLeft');
    await waitForView(page, 'year=2024&derived=per_1000');
    page.off('request', onRequest);
    expect(tiles).toEqual([]);
    const res = await fetch(
      `${server.baseUrl}/api/indicators/fire_detections/values?year=2024&derived=per_1000&method=quantile&classes=5`,
    );
    const answer = (await res.json()) as { values: { siruta: number; value: number; rank_county: number }[] };
    const cluj = answer.values.find((v) => String(v.siruta) === CLUJ_NAPOCA);
    expect(cluj).toBeDefined();
    permitsPer1000 = cluj;
    // 2024 is not 2026: the colour or the class may stay, but the state was rewritten for the new view.
    expect(await featureState(page, CLUJ_NAPOCA)).toHaveProperty('c');
    expect(before).toHaveProperty('c');
  });

  it('clicks two UATs and draws their lines with the county and the country in the chart', async () => {
    await jumpAndWait(page, [23.62, 46.77], 9.2);
    // Hovering draws the UAT's whole outline (fetched once, by SIRUTA), in the hover colour.
    const hovered = await screenPointOf(page, CLUJ_NAPOCA);
    await page.mouse.move(hovered.x, hovered.y);
    await expect
      .poll(() => page.getByTestId('atlas-map').getAttribute('data-outlines'))
      .toBe(`${CLUJ_NAPOCA}:hover:#1f2933`);
    for (const siruta of [CLUJ_NAPOCA, FLORESTI]) {
      const point = await screenPointOf(page, siruta);
      await page.mouse.click(point.x, point.y);
      await expect.poll(() => new URL(page.url()).searchParams.get('uat') ?? '').toContain(siruta);
    }
    expect(new URL(page.url()).searchParams.get('uat')).toBe(`${CLUJ_NAPOCA},${FLORESTI}`);
    const lines = await waitForChart(page, [CLUJ_NAPOCA, FLORESTI]);
    expect(lines).toEqual([CLUJ_NAPOCA, FLORESTI, 'CJ', 'RO']);
    const legend = await page.getByTestId('atlas-chart').locator('.u-legend').innerText();
    expect(legend).toContain('Cluj-Napoca');
    expect(legend).toContain('Florești');
    expect(legend).toContain('Județul Cluj');
    expect(legend).toContain('România');
    await expect.poll(() => selectedOutlines(page)).toEqual([CLUJ_NAPOCA, FLORESTI]);
    await waitForView(page);
    await expectAxeClean(page, 'atlas, choropleth with two UATs in the chart');
    await page.screenshot({ path: `${OUTPUT}atlas-ro.png` });
  });

  it('lists the same numbers in the sortable table, with the two UATs among the rows', async () => {
    const table = page.getByTestId('atlas-table');
    await page.getByRole('checkbox', { name: 'Doar UAT-urile din comparație' }).check();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    await expectAxeClean(page, 'atlas, table of the compared UATs');
    const cluj = table.locator(`tr[data-siruta="${CLUJ_NAPOCA}"]`);
    const floresti = table.locator(`tr[data-siruta="${FLORESTI}"]`);
    expect(await cluj.innerText()).toContain('Cluj-Napoca');
    expect(await floresti.innerText()).toContain('Florești');
    const value = permitsPer1000?.value ?? Number.NaN;
    const shown = new Intl.NumberFormat('ro', { maximumFractionDigits: value >= 10 ? 1 : 2 }).format(value);
    expect(await cluj.innerText()).toContain(shown);
    // Sorting by name puts Cluj-Napoca before Florești, and the header says so.
    await table.getByRole('button', { name: /^UAT/ }).click();
    expect(await table.locator('th[aria-sort="ascending"]').innerText()).toMatch(/UAT/);
    // The focus stays on the sort button.
    expect(await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('aria-sort'))).toBe(
      'ascending',
    );
    expect(await table.locator('tbody tr').first().getAttribute('data-siruta')).toBe(CLUJ_NAPOCA);
    await table.getByRole('button', { name: /^UAT/ }).click();
    expect(await table.locator('tbody tr').first().getAttribute('data-siruta')).toBe(FLORESTI);
    await page.getByRole('checkbox', { name: 'Doar UAT-urile din comparație' }).uncheck();
    sharedUrl = page.url();
  });

  it('reloads the shared URL and gets the same view', async () => {
    expect(new URL(sharedUrl).search).toBe(
      `?indicator=fire_detections&year=2024&derived=per_1000&uat=${CLUJ_NAPOCA},${FLORESTI}&lang=ro`,
    );
    const fresh = await context.newPage();
    watchPage(fresh, consoleErrors, failedResponses);
    await fresh.goto(sharedUrl, { waitUntil: 'load' });
    await waitForView(fresh, 'indicator=fire_detections&year=2024&derived=per_1000');
    expect(fresh.url()).toBe(sharedUrl);
    expect(await fresh.getByRole('radio', { name: /Detecții de incendii din satelit/ }).isChecked()).toBe(true);
    expect(await fresh.getByRole('radio', { name: 'La 1.000 de locuitori' }).isChecked()).toBe(true);
    expect(await fresh.locator('output.current').innerText()).toBe('2024');
    expect(await waitForChart(fresh, [CLUJ_NAPOCA, FLORESTI])).toEqual([CLUJ_NAPOCA, FLORESTI, 'CJ', 'RO']);
    await expect.poll(() => selectedOutlines(fresh)).toEqual([CLUJ_NAPOCA, FLORESTI]);
    const chips = await fresh.getByRole('list', { name: 'Comparație' }).innerText();
    expect(chips).toContain('Cluj-Napoca');
    expect(chips).toContain('Florești');
    await fresh.screenshot({ path: `${OUTPUT}atlas-reloaded.png` });
    await fresh.close();
  });

  it('says so in the chart when a shared link names an unknown UAT, instead of loading for ever', async () => {
    const fresh = await context.newPage();
    // Its own lists: the series request's 400 is expected here.
    const errors: string[] = [];
    const failed: string[] = [];
    watchPage(fresh, errors, failed);
    await fresh.goto(`${server.baseUrl}/atlas?indicator=population_census&year=2011&uat=${CLUJ_NAPOCA},1`, {
      waitUntil: 'load',
    });
    const chart = fresh.locator('section.compare');
    await chart.getByRole('alert').waitFor({ timeout: 30_000 });
    // In the page's language, from the problem's machine-readable fields: never the server's English detail.
    expect(await chart.getByRole('alert').innerText()).toBe(
      'Seriile nu au putut fi încărcate: nu există nicio UAT cu codul SIRUTA 1.',
    );
    expect(await chart.innerText()).not.toContain('Se încarcă seriile');
    expect(failed.filter((f) => !f.startsWith('400 ') || !f.includes('/series?'))).toEqual([]);
    await fresh.screenshot({ path: `${OUTPUT}atlas-unknown-uat.png` });
    // The same link in English, and the message follows a language switch.
    await fresh.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => chart.getByRole('alert').innerText())
      .toBe('The series could not be loaded: there is no UAT with SIRUTA code 1.');
    await expect.poll(() => new URL(fresh.url()).searchParams.get('lang')).toBe('en');
    await fresh.screenshot({ path: `${OUTPUT}atlas-unknown-uat-en.png` });
    await fresh.getByRole('button', { name: 'Română' }).click();
    await fresh.close();
  });

  it("checks a link's indicator against the catalogue: no request for an unknown one, and says so", async () => {
    const fresh = await context.newPage();
    watchPage(fresh, consoleErrors, failedResponses);
    const asked: string[] = [];
    fresh.on('request', (request) => {
      if (request.url().includes('/api/indicators/nope')) asked.push(request.url());
    });
    await fresh.goto(`${server.baseUrl}/atlas?indicator=nope&year=2011&uat=${CLUJ_NAPOCA}&lang=ro`, {
      waitUntil: 'load',
    });
    await waitForView(fresh, 'indicator=population_census&year=2011');
    await waitForChart(fresh, [CLUJ_NAPOCA]);
    expect(asked).toEqual([]);
    const notice = fresh.locator('.map-status').getByRole('status');
    expect(await notice.innerText()).toBe(
      'Indicatorul „nope” din link nu există; se afișează Populația la recensământ.',
    );
    await fresh.screenshot({ path: `${OUTPUT}atlas-unknown-indicator.png` });
    await fresh.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => notice.innerText()).toMatch(/^The indicator “nope” in the link does not exist; showing /);
    await fresh.screenshot({ path: `${OUTPUT}atlas-unknown-indicator-en.png` });
    await fresh.getByRole('button', { name: 'Română' }).click();
    await fresh.close();
  });

  it('opens a link with lang=en in English, keeps it on reload, and Back restores it', async () => {
    // A visitor who never chose a language: only the link says English.
    const other = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ro-RO' });
    const fresh = await other.newPage();
    watchPage(fresh, consoleErrors, failedResponses);
    const link = `${server.baseUrl}/atlas?indicator=population_census&year=2011&uat=${CLUJ_NAPOCA}&lang=en`;
    await fresh.goto(link, { waitUntil: 'load' });
    await waitForView(fresh, 'indicator=population_census&year=2011');
    expect(await fresh.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await fresh.getByRole('heading', { name: 'Over time' }).count()).toBe(1);
    expect(fresh.url()).toBe(link);
    await fresh.reload({ waitUntil: 'load' });
    await waitForView(fresh, 'indicator=population_census&year=2011');
    expect(await fresh.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(fresh.url()).toBe(link);
    // Switching the language updates the same history entry, as every other change of the view does.
    const entries = await fresh.evaluate(() => history.length);
    await fresh.getByRole('button', { name: 'Română' }).click();
    await expect.poll(() => new URL(fresh.url()).searchParams.get('lang')).toBe('ro');
    expect(await fresh.evaluate(() => history.length)).toBe(entries);
    await fresh.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => new URL(fresh.url()).searchParams.get('lang')).toBe('en');
    // To a profile, switch there, then Back: the atlas comes back as its link says, in English.
    await fresh.getByRole('link', { name: 'Cluj-Napoca', exact: true }).first().click();
    await fresh.waitForFunction(
      (id) => document.querySelector('[data-testid="uat-profile"]')?.getAttribute('data-ready') === id,
      CLUJ_NAPOCA,
    );
    await fresh.getByRole('button', { name: 'Română' }).click();
    await expect.poll(() => fresh.evaluate(() => document.documentElement.lang)).toBe('ro');
    await fresh.goBack();
    await waitForView(fresh, 'indicator=population_census&year=2011');
    expect(await fresh.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(fresh.url()).toBe(link);
    await fresh.screenshot({ path: `${OUTPUT}atlas-lang-en.png` });
    await other.close();
  });

  it('switches to English and keeps the view', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('en');
    const legend = await page.getByTestId('atlas-legend').innerText();
    expect(legend).toContain('Per 1,000 inhabitants');
    // The indicator's metadata in English too: unit (derived), source and licence; nothing Romanian is left.
    expect(legend).toContain('Unit: detections per 1,000 inhabitants');
    expect(legend).toContain('Source: NASA FIRMS, aggregated per UAT');
    expect(legend).toContain('Licence: NASA FIRMS: no restrictions on use');
    expect(legend).not.toMatch(/detecții|locuitori|agregat|fără/);
    expect(await page.getByTestId('atlas-legend').locator('[lang="ro"]').count()).toBe(0);
    expect(await page.locator('#atlas-table caption').innerText()).toContain('detections per 1,000 inhabitants');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Territorial atlas: Satellite fire detections',
    );
    expect(await page.getByRole('heading', { name: 'Over time' }).count()).toBe(1);
    await waitForChart(page, [CLUJ_NAPOCA, FLORESTI]);
    // The chart's axis label is the series' unit, in English.
    expect(await page.getByTestId('atlas-chart').getAttribute('data-axis')).toBe('detections');
    expect(await page.getByTestId('atlas-chart').locator('.u-legend').innerText()).toContain('Cluj County');
    await expectAxeClean(page, 'atlas, English');
    await page.screenshot({ path: `${OUTPUT}atlas-en.png` });
    await page.getByRole('button', { name: 'Română' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ro');
  });

  it('opens the same link on a phone without horizontal scrolling', async () => {
    const phone = await browser.newContext({
      ...PHONE,
      locale: 'ro-RO',
      bypassCSP: true, // for axe-core's script only
    });
    const small = await phone.newPage();
    watchPage(small, consoleErrors, failedResponses);
    await small.goto(sharedUrl, { waitUntil: 'load' });
    await waitForView(small, 'indicator=fire_detections&year=2024&derived=per_1000');
    await waitForChart(small, [CLUJ_NAPOCA, FLORESTI]);
    // Against the screen's 390 px: a mobile viewport widens its layout to the content, so innerWidth would follow.
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const map = await small.getByTestId('atlas-map').boundingBox();
    expect(map?.width).toBeGreaterThan(300);
    await expectAxeClean(small, 'atlas, phone');
    await small.screenshot({ path: `${OUTPUT}atlas-phone.png`, fullPage: true });
    await small.screenshot({ path: `${OUTPUT}atlas-phone-top.png` });
    await small.getByTestId('atlas-map').scrollIntoViewIfNeeded();
    await small.screenshot({ path: `${OUTPUT}atlas-phone-map.png` });
    await small.getByTestId('atlas-chart').scrollIntoViewIfNeeded();
    await small.screenshot({ path: `${OUTPUT}atlas-phone-chart.png` });
    // The UAT profile on the phone.
    await small.getByRole('link', { name: 'Cluj-Napoca', exact: true }).first().click();
    await small.waitForFunction(
      (id) => document.querySelector('[data-testid="uat-profile"]')?.getAttribute('data-ready') === id,
      CLUJ_NAPOCA,
    );
    // Against the screen's 390 px: a mobile viewport widens its layout to the content, so innerWidth would follow.
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAxeClean(small, 'UAT profile, phone');
    await small.screenshot({ path: `${OUTPUT}atlas-profile-phone.png`, fullPage: true });
    await phone.close();
  });

  it('shows the UAT profile of a selected UAT, with ranks, the county figure and the PDF link', async () => {
    await page.getByRole('link', { name: 'Cluj-Napoca', exact: true }).first().click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="uat-profile"]')?.getAttribute('data-ready') === id,
      CLUJ_NAPOCA,
    );
    expect(new URL(page.url()).pathname).toBe(`/atlas/uat/${CLUJ_NAPOCA}`);
    const profile = page.getByTestId('uat-profile');
    // One first-level heading on the page: the UAT's name.
    expect(await page.getByRole('heading', { level: 1 }).allInnerTexts()).toEqual(['Cluj-Napoca']);
    // The boundary file's `Municipiu resedinta de judet`, shown in correct Romanian.
    expect(await profile.locator('.meta').innerText()).toContain('Municipiu, reședință de județ');
    // Permits cover one county: ranked in the county, not in the country.
    const permits = await profile.locator('tr[data-code="building_permits"] td').allInnerTexts();
    expect(permits[2]).toMatch(/1 din 81/);
    expect(permits[3]).toBe('—');
    const population = profile.locator('tr[data-code="population_census"]');
    expect(await population.innerText()).toContain('324.576');
    expect(await population.innerText()).toMatch(/1 din \d+/);
    expect(await population.locator('svg[role="img"]').getAttribute('aria-label')).toMatch(/2002.*2011/);
    const pdf = await profile.getByRole('link', { name: 'Descarcă fișa (PDF)' }).getAttribute('href');
    expect(pdf).toBe(`/api/uats/${CLUJ_NAPOCA}/profile.pdf`);
    const res = await fetch(`${server.baseUrl}${pdf}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // The focus moved to the profile's title.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cluj-Napoca');
    await expectAxeClean(page, 'UAT profile');
    await page.screenshot({ path: `${OUTPUT}atlas-profile.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await expectAxeClean(page, 'UAT profile, print');
    await page.screenshot({ path: `${OUTPUT}atlas-profile-print.png`, fullPage: true });
    expect(await profile.getByRole('link', { name: 'Descarcă fișa (PDF)' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('serves the atlas deep links to a reload (the server hands the app shell to /atlas/…)', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="uat-profile"]')?.getAttribute('data-ready') === id,
      CLUJ_NAPOCA,
    );
    await page.getByRole('link', { name: 'Înapoi la atlas' }).click();
    await waitForView(page);
    // The focus starts again at the top of the new page, not lost on the removed link.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    const home = await fetch(`${server.baseUrl}/atlas/uat/${CLUJ_NAPOCA}`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="app">');
  });

  it('logged no console error and no failed request during the whole session', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });
});
