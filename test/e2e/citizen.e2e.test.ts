// Issue 15, the citizen's map in Debian's Chromium (playwright-core): one search box (number autocomplete, addresses
// without diacritics), the parcel panel's story, the shareable URL and the Back button, the keyboard-only path to a
// downloaded certificate, the keyboard cross on the map, the language switch, the "test data" notice, print, and the
// phone's bottom sheet with locate-me; axe-core (0 serious or critical findings) in every state. Screenshots go to
// test-output/citizen-*.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, OUTPUT, PHONE } from '../support/browser.ts';
import { expectAxeClean } from '../support/axe.ts';
import { waitForMapIdle, watchPage, type AtlasWindow } from '../support/map-page.ts';

/** In the sample (seed 42): the hint's examples. */
const NUMBER = '286875';
const ADDRESS = 'Strada Pădurii nr. 83';
const OTHER_NUMBER = '304701';
const OTHER_TYPED = 'strada sighisoarei 8';
const OTHER_ADDRESS = 'Strada Sighișoarei nr. 8';

let server: TestServer;
let browser: Browser;
const errors: string[] = [];

async function newPage(
  options: { viewport?: { width: number; height: number }; phone?: boolean; geolocation?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 860 },
    locale: 'ro-RO',
    bypassCSP: true, // for axe-core's script only
    acceptDownloads: true,
    ...(options.phone ? PHONE : {}),
    ...(options.geolocation
      ? { geolocation: { latitude: 46.7712, longitude: 23.6236 }, permissions: ['geolocation'] }
      : {}),
  });
  const page = await context.newPage();
  watchPage(page, errors);
  // The print dialog never opens in a test: count the calls instead.
  await page.addInitScript(() => {
    window.print = () => {
      const w = window as unknown as { __printed?: number };
      w.__printed = (w.__printed ?? 0) + 1;
    };
  });
  return { context, page };
}

/** The parcel panel's region, by its title. */
const panelOf = (page: Page, number: string) => page.getByRole('region', { name: `Parcela ${number}` });

async function typeSlowly(page: Page, text: string): Promise<void> {
  const input = page.getByRole('combobox', { name: 'Număr cadastral sau adresă' });
  await input.fill('');
  await input.pressSequentially(text, { delay: 30 });
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the citizen map, desktop', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage());
    await page.goto(server.baseUrl, { waitUntil: 'load' });
    await waitForMapIdle(page);
  }, 120_000);
  afterAll(() => context?.close());

  it('says the data is synthetic, names its sources, and passes axe on the first view', async () => {
    await expect.poll(() => page.getByRole('note', { name: 'Date de test (sintetice)' }).isVisible()).toBe(true);
    // Every synthetic layer is named in the page's language, never by its layer id.
    const notice = await page.getByRole('note', { name: 'Date de test (sintetice)' }).innerText();
    expect(notice).toContain('Străzi');
    expect(notice).toContain('Cvartale');
    expect(notice).not.toMatch(/\b(streets|blocks)\b/);
    const footer = page.locator('.app-footer');
    await expect.poll(() => footer.innerText()).toContain('OpenStreetMap');
    expect(await footer.innerText()).toContain('ANCPI');
    // Every layer of the map has its version listed, the streets and blocks too.
    const versions = footer.locator('details');
    await versions.locator('summary').click();
    const listed = await versions.locator('li').allInnerTexts();
    for (const layer of [
      'Parcele cadastrale',
      'Zonificare funcțională (UTR)',
      'Străzi (nume OpenStreetMap)',
      'Cvartale',
    ]) {
      expect(
        listed.some((l) => l.startsWith(`${layer}: versiunea`)),
        layer,
      ).toBe(true);
    }
    await versions.locator('summary').click();
    // Engine details only in the about view.
    expect(await footer.innerText()).not.toMatch(/Motor:/);
    await footer.getByRole('button', { name: 'Despre' }).click();
    const about = page.getByRole('dialog', { name: 'Despre Atlasul urbanistic' });
    await expect.poll(() => about.innerText()).toMatch(/Motor: (PGlite|PostgreSQL)/);
    await expectAxeClean(page, 'about dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => about.isVisible()).toBe(false);
    // The hint's examples exist.
    expect(await page.locator('#search-hint').innerText()).toContain(NUMBER);
    await expectAxeClean(page, 'map, nothing selected');
    await page.screenshot({ path: `${OUTPUT}citizen-start.png` });
  });

  it('finds an address typed without diacritics and "nr." ("strada sighisoarei 8")', async () => {
    await typeSlowly(page, OTHER_TYPED);
    const listbox = page.getByRole('listbox', { name: 'Sugestii' });
    await expect.poll(() => listbox.isVisible()).toBe(true);
    const first = listbox.getByRole('option').first();
    await expect.poll(() => first.innerText()).toContain(OTHER_ADDRESS);
    expect(await first.innerText()).toContain(`Parcela ${OTHER_NUMBER}`);
    await page.screenshot({ path: `${OUTPUT}citizen-address-suggestions.png` });
    await expectAxeClean(page, 'suggestions open');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('combobox').getAttribute('aria-activedescendant')).toBe('search-suggestions-0');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    // The focus stays in the box while the arrows move through the options.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await expectAxeClean(page, 'suggestions open, first option active');
    await page.keyboard.press('Enter');
    await expect.poll(() => panelOf(page, OTHER_NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
    // Focus moved to the panel's title.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('info-title');
    await expect.poll(() => new URL(page.url()).searchParams.get('parcel')).toBe(`54975/${OTHER_NUMBER}`);
  });

  it('tells the whole-parcel answer first, then the point, with permits nearby', async () => {
    const panel = panelOf(page, OTHER_NUMBER);
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('Reglementări pe întreaga parcelă');
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).not.toContain('Se calculează');
    const text = await panel.innerText();
    expect(text).toContain(OTHER_ADDRESS);
    const whole = text.indexOf('Reglementări pe întreaga parcelă');
    const point = text.indexOf('La punctul ales pe hartă');
    expect(whole).toBeGreaterThan(-1);
    expect(point).toBeGreaterThan(whole);
    expect(text).toContain('Planuri care se aplică parcelei');
    expect(text).toContain('Certificate și autorizații în apropiere');
    expect(text).toContain('Date de test (sintetice)');
    await expect.poll(() => panel.innerText()).not.toContain('Se încarcă actele emise');
    await expectAxeClean(page, 'panel open');
    await waitForMapIdle(page);
    await page.screenshot({ path: `${OUTPUT}citizen-panel.png` });
  });

  it('completes a cadastral number as it is typed, and the Back button returns to the previous parcel', async () => {
    await typeSlowly(page, NUMBER.slice(0, 5));
    const option = page.getByRole('option', { name: new RegExp(`Parcela ${NUMBER}`) });
    await expect.poll(() => option.isVisible()).toBe(true);
    await option.click();
    await expect.poll(() => panelOf(page, NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => panelOf(page, NUMBER).innerText(), { timeout: 15_000 }).toContain(ADDRESS);
    await expect.poll(() => new URL(page.url()).searchParams.get('parcel')).toBe(`54975/${NUMBER}`);
    // The earlier search's message was about another parcel: not shown any more after it... the new one is.
    expect(await page.locator('#search-message').innerText()).toContain(NUMBER);

    await page.goBack();
    await expect.poll(() => panelOf(page, OTHER_NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(new URL(page.url()).searchParams.get('parcel')).toBe(`54975/${OTHER_NUMBER}`);
    await page.goForward();
    await expect.poll(() => panelOf(page, NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
  });

  it('answers a bad query in Romanian, never with the server English text', async () => {
    await typeSlowly(page, '@@ ##');
    await page.keyboard.press('Enter');
    const message = page.locator('#search-message');
    await expect.poll(() => message.innerText()).toContain('nu este un număr cadastral sau o adresă');
    expect(await message.innerText()).not.toMatch(/Invalid|parameter|expected/i);
    const input = page.getByRole('combobox', { name: 'Număr cadastral sau adresă' });
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // Typing again: the message was about the text before, and goes (the box is no longer marked invalid).
    await typeSlowly(page, NUMBER.slice(0, 4));
    await expect.poll(() => message.innerText()).toBe('');
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('restores the shared link on reload: view, layers, parcel and language', async () => {
    await waitForMapIdle(page);
    // Turn one layer off: the link keeps it.
    await page.getByRole('checkbox', { name: /Restricții și zone de protecție/ }).uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.get('layers')).not.toContain('restrictions');
    const shared = page.url();
    const url = new URL(shared);
    const [zoom] = (url.searchParams.get('map') ?? '').split('/').map(Number);
    const { context: other, page: second } = await newPage();
    try {
      await second.goto(shared, { waitUntil: 'load' });
      await waitForMapIdle(second);
      await expect.poll(() => panelOf(second, NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
      const z = await second.evaluate(() => (window as unknown as AtlasWindow).__atlasMap?.getZoom());
      expect(z).toBeCloseTo(zoom!, 1);
      expect(await second.getByRole('checkbox', { name: /Restricții și zone de protecție/ }).isChecked()).toBe(false);
      await second.screenshot({ path: `${OUTPUT}citizen-shared-link.png` });
    } finally {
      await other.close();
    }
    await page.getByRole('checkbox', { name: /Restricții și zone de protecție/ }).check();
  });

  it('identifies the parcel under the cross with Enter on the focused map', async () => {
    await waitForMapIdle(page);
    await page.locator('canvas.maplibregl-canvas').focus();
    // Move away and back with the arrows (the cross shows), then Enter.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.crosshair').isVisible()).toBe(true);
    await waitForMapIdle(page);
    await page.screenshot({ path: `${OUTPUT}citizen-crosshair.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#info-title').innerText()).toMatch(/^(Parcela \S+|Punct pe hartă)$/);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('CANVAS');
  });

  it('switches to English, in the link too', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('header h1').innerText()).toBe('Urban planning atlas');
    await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('en');
    await expect.poll(() => page.getByRole('note', { name: 'Test data (synthetic)' }).isVisible()).toBe(true);
    expect(await page.getByRole('note', { name: 'Test data (synthetic)' }).innerText()).toContain('Urban blocks');
    expect(await page.getByRole('combobox', { name: 'Cadastral number or address' }).isVisible()).toBe(true);
    await expectAxeClean(page, 'English');
    await page.screenshot({ path: `${OUTPUT}citizen-en.png` });
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.locator('header h1').innerText()).toBe('Urban planning atlas');
    await page.getByRole('button', { name: 'Română' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('ro');
  });

  it('prints the map with legend, scale bar, north arrow and the parcel summary', async () => {
    await waitForMapIdle(page);
    await page.getByRole('button', { name: 'Tipărește harta' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __printed?: number }).__printed ?? 0)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const figure = page.locator('.print-map');
    expect(await figure.isVisible()).toBe(true);
    expect(await figure.getByRole('img', { name: 'Nord' }).isVisible()).toBe(true);
    expect(await figure.locator('.scale').innerText()).toMatch(/^\d+ (m|km)$/);
    const src = await figure.locator('img').getAttribute('src');
    expect(src?.startsWith('data:image/png;base64,')).toBe(true);
    expect(src!.length).toBeGreaterThan(20_000); // a drawn map, not an empty canvas
    expect(await page.getByRole('region', { name: 'Legendă', exact: true }).isVisible()).toBe(true);
    expect(await page.locator('#info-title').isVisible()).toBe(true);
    expect(await page.getByRole('search').isVisible()).toBe(false);
    // The zone's uses are printed though their details are closed on the screen.
    const uses = page.locator('details.uses');
    expect(await uses.count()).toBeGreaterThan(0);
    expect(await uses.first().getAttribute('open')).toBeNull();
    expect(await uses.first().locator('dd').first().isVisible()).toBe(true);
    await expectAxeClean(page, 'print view');
    await page.screenshot({ path: `${OUTPUT}citizen-print.png`, fullPage: true });
    await page.pdf({ path: `${OUTPUT}citizen-print.pdf`, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('leads from the search to a downloaded certificate with the keyboard alone', async () => {
    const input = page.getByRole('combobox', { name: 'Număr cadastral sau adresă' });
    await input.focus();
    await input.fill('');
    await page.keyboard.type(NUMBER);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 20_000 }).toBe('info-title');
    await expect.poll(() => panelOf(page, NUMBER).innerText(), { timeout: 15_000 }).not.toContain('Se calculează');
    // Tab from the panel's title to the certificate button.
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.textContent?.includes('Generează certificat') ?? false);
    }
    expect(found, 'the certificate button is reachable by Tab').toBe(true);
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    const file = await download;
    const path = `${OUTPUT}citizen-certificate.pdf`;
    await file.saveAs(path);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    // The focus continues from the download link.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Descarcă PDF-ul/);
    // The panel's list of the certificates issued for the parcel shows the new one at once.
    const issued = /CUI-\d+-\d{4}-\d+/.exec(await page.evaluate(() => document.activeElement?.textContent ?? ''))![0];
    await expect
      .poll(() => panelOf(page, NUMBER).locator('h4:has-text("emise de Atlas") + ul').innerText())
      .toContain(issued);
    await expectAxeClean(page, 'certificate issued');
  });

  it('logged no page error', () => {
    expect(errors).toEqual([]);
  });
});

describe('the citizen map, phone 390x844', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage({ phone: true, geolocation: true }));
    await page.goto(`${server.baseUrl}/?parcel=54975/${NUMBER}`, { waitUntil: 'load' });
    await waitForMapIdle(page);
  }, 120_000);
  afterAll(() => context?.close());

  it('opens the selected parcel in a half sheet with the map usable above it', async () => {
    await expect.poll(() => panelOf(page, NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
    const app = page.locator('.app');
    expect(await app.getAttribute('data-sheet')).toBe('half');
    const sheet = (await page.locator('#panel').boundingBox())!;
    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    expect(sheet.height).toBeGreaterThan(300);
    expect(sheet.height).toBeLessThan(500);
    expect(sheet.y + sheet.height).toBeCloseTo(844, 0);
    expect(canvas.y).toBeLessThan(sheet.y - 200); // the map shows above the sheet
    await expectAxeClean(page, 'phone, half sheet');
    await page.screenshot({ path: `${OUTPUT}citizen-phone-half.png` });

    // The handle cycles half → full → peek.
    const handle = page.getByRole('button', { name: /Panoul parcelei/ });
    await handle.click();
    expect(await app.getAttribute('data-sheet')).toBe('full');
    expect(await handle.getAttribute('aria-expanded')).toBe('true');
    // The focus stays on the handle, so the next press cycles on.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('sheet-handle'))).toBe(true);
    // The covered map leaves the Tab order while the sheet is full.
    expect(await page.locator('#map-region').getAttribute('inert')).not.toBeNull();
    await page.waitForTimeout(300);
    await expectAxeClean(page, 'phone, full sheet');
    await page.screenshot({ path: `${OUTPUT}citizen-phone-full.png` });
    await handle.click();
    expect(await app.getAttribute('data-sheet')).toBe('peek');
    expect(await handle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('sheet-handle'))).toBe(true);
    expect(await page.locator('#map-region').getAttribute('inert')).toBeNull();
    await page.waitForTimeout(300);
    await expectAxeClean(page, 'phone, peek sheet');
    await page.screenshot({ path: `${OUTPUT}citizen-phone-peek.png` });
    expect(await page.getByRole('combobox').isVisible()).toBe(true);
    // The peeking sheet keeps the selected parcel's title in sight, in the handle (which says it too).
    const peekTitle = page.getByTestId('peek-title');
    expect(await peekTitle.innerText()).toBe(`Parcela ${NUMBER} · Cluj-Napoca`);
    const title = (await peekTitle.boundingBox())!;
    const peek = (await page.locator('#panel').boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(peek.y);
    expect(title.y + title.height).toBeLessThanOrEqual(peek.y + 40);
    expect(await handle.getAttribute('aria-label')).toContain(`Parcela ${NUMBER} · Cluj-Napoca`);
  });

  it('finds an address from the phone', async () => {
    // From the peeking sheet: the focus in the search box raises it, so that the suggestions fit on the screen.
    expect(await page.locator('.app').getAttribute('data-sheet')).toBe('peek');
    await page.getByRole('combobox').tap();
    await expect.poll(() => page.locator('.app').getAttribute('data-sheet')).toBe('half');
    await typeSlowly(page, OTHER_TYPED);
    const first = page.getByRole('option').first();
    await expect.poll(() => first.isVisible()).toBe(true);
    await page.waitForTimeout(300); // the sheet's transition
    const box = (await first.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await expectAxeClean(page, 'phone, suggestions open');
    await page.screenshot({ path: `${OUTPUT}citizen-phone-suggestions.png` });
    await first.tap();
    await expect.poll(() => panelOf(page, OTHER_NUMBER).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('.app').getAttribute('data-sheet')).toBe('half');
  });

  it('reaches the sources, the data versions and the About dialog from the sheet, by keyboard', async () => {
    // The footer is not on a phone's screen: the sheet ends with it instead.
    expect(await page.locator('.app-footer').count()).toBe(0);
    const footer = page.getByTestId('sheet-footer');
    expect(await footer.innerText()).toContain('OpenStreetMap');
    const versions = footer.getByText('Versiuni de date');
    await versions.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => footer.locator('details').getAttribute('open')).not.toBeNull();
    expect(await footer.locator('details li').count()).toBeGreaterThan(0);
    const aboutButton = footer.getByRole('button', { name: 'Despre' });
    await aboutButton.focus();
    await aboutButton.scrollIntoViewIfNeeded();
    expect(await aboutButton.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    const about = page.getByRole('dialog', { name: 'Despre Atlasul urbanistic' });
    await expect.poll(() => about.innerText()).toMatch(/Motor: (PGlite|PostgreSQL)/);
    const box = (await about.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await expectAxeClean(page, 'phone, about dialog');
    await page.screenshot({ path: `${OUTPUT}citizen-phone-about.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => about.isVisible()).toBe(false);
    // The focus returns to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Despre');
  });

  it('locates the user', async () => {
    await page.getByRole('button', { name: 'Arată locul meu' }).tap();
    await expect.poll(() => page.getByText('Harta arată locul dumneavoastră.').isVisible()).toBe(true);
    await waitForMapIdle(page);
    const centre = await page.evaluate(() => (window as unknown as AtlasWindow).__atlasMap?.getCenter().toArray());
    expect(centre![0]).toBeCloseTo(23.6236, 3);
    expect(centre![1]).toBeCloseTo(46.7712, 3);
    await page.screenshot({ path: `${OUTPUT}citizen-phone-located.png` });
  });
});

describe("the parcel panel's tables", () => {
  /** Parcels whose zoning and permits tables are the sample's widest (a protected zone, nine permits nearby). */
  const WIDE = ['325622', NUMBER];

  it.each([
    ['ro', 'desktop'],
    ['en', 'desktop'],
    ['ro', 'phone'],
    ['en', 'phone'],
  ] as const)('fit the panel without scrolling sideways (%s, %s)', async (lang, device) => {
    const { context, page } = await newPage(device === 'phone' ? { phone: true } : {});
    try {
      for (const number of WIDE) {
        await page.goto(`${server.baseUrl}/?parcel=54975/${number}&lang=${lang}`, { waitUntil: 'load' });
        const panel = page.locator('#panel');
        await expect.poll(() => panel.locator('table.activity').count(), { timeout: 20_000 }).toBe(1);
        expect(await panel.locator('table.answer').count()).toBe(1);
        const overflow = await panel.evaluate((el) => {
          const right = el.getBoundingClientRect().right;
          const tables = [...el.querySelectorAll('table')].map((t) => Math.round(t.getBoundingClientRect().right));
          return { scroll: el.scrollWidth - el.clientWidth, beyond: tables.filter((r) => r > right) };
        });
        expect(overflow, `${number}: the panel scrolls sideways or a table passes its edge`).toEqual({
          scroll: 0,
          beyond: [],
        });
      }
      await page.screenshot({ path: `${OUTPUT}citizen-tables-${lang}-${device}.png` });
    } finally {
      await context.close();
    }
  });
});

describe('the atlas page', () => {
  it('has no serious or critical axe finding', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.baseUrl}/atlas`, { waitUntil: 'load' });
      await page.waitForSelector('main', { timeout: 30_000 });
      await page.waitForTimeout(1500);
      await expectAxeClean(page, 'atlas page');
    } finally {
      await context.close();
    }
  });
});
