// Issue 5 end to end, in Debian's Chromium (playwright-core): type a Cluj-Napoca cadastral number, see the parcel's
// zoning answer, press "Generează certificat de urbanism de informare" and get the PDF whose SHA-256 is the one the
// API returned; then the verification page a QR code leads to (valid, a checked PDF, English, unknown number, phone),
// with axe-core (0 serious or critical findings) on each. Screenshots go to test-output/.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
import { launchChromium, OUTPUT, PHONE } from '../support/browser.ts';
import { expectAxeClean } from '../support/axe.ts';
import { watchPage } from '../support/map-page.ts';

let server: { baseUrl: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'ro-RO',
    acceptDownloads: true,
    bypassCSP: true, // for axe-core's script only
  });
  page = await context.newPage();
  watchPage(page, consoleErrors);
  await page.goto(server.baseUrl, { waitUntil: 'load' });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** A Cluj-Napoca parcel of the sample that has zoning, found through the public API as a person's search would. */
async function zonedParcel(): Promise<string> {
  const search = (await (await fetch(`${server.baseUrl}/api/parcels/search?q=54975/2&limit=20`)).json()) as {
    results: { cadastral_number: string }[];
  };
  for (const { cadastral_number: number } of search.results) {
    const answer = (await (await fetch(`${server.baseUrl}/api/parcels?uat=54975&number=${number}`)).json()) as {
      zoning: { units: unknown[] };
    };
    if (answer.zoning.units.length > 0) return number;
  }
  throw new Error('no zoned parcel in the sample');
}

/** The certificate issued by the first test, its PDF and its verification link (as the panel shows it). */
let issuedPdf = '';
let verifyHref = '';

describe('informative urbanism certificate in the web app', () => {
  it('goes from a cadastral number to the zoning answer to the PDF, whose hash is the issued one', async () => {
    const number = await zonedParcel();
    await page.getByLabel('Număr cadastral').fill(number);
    await page.getByRole('button', { name: 'Caută' }).click();

    const panel = page.getByRole('region', { name: `Parcela ${number}` });
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    const answer = panel.getByRole('table', { name: /Unitățile teritoriale de referință care se aplică parcelei/ });
    await expect.poll(() => answer.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await answer.innerText()).toMatch(/\d+ %/);

    const button = panel.getByRole('button', { name: 'Generează certificat de urbanism de informare' });
    const issuedResponse = page.waitForResponse(
      (r) => r.url().endsWith('/api/certificates') && r.request().method() === 'POST',
    );
    const downloadEvent = page.waitForEvent('download', { timeout: 30_000 });
    await button.click();

    const response = await issuedResponse;
    expect(response.status()).toBe(201);
    const issued = (await response.json()) as { number: string; sha256: string; cadastral_number: string };
    expect(issued.cadastral_number).toBe(number);
    expect(issued.number).toMatch(/^CUI-54975-\d{4}-\d{6}$/);

    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe(`${issued.number}.pdf`);
    issuedPdf = await download.path();
    const bytes = readFileSync(issuedPdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.sha256);

    // The same PDF, as the link serves it: application/pdf with the stored hash.
    const link = panel.getByRole('link', { name: `Descarcă PDF-ul ${issued.number}` });
    const href = await link.getAttribute('href');
    const pdf = await context.request.get(new URL(href!, server.baseUrl).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(await pdf.body())
        .digest('hex'),
    ).toBe(issued.sha256);

    await expect.poll(() => panel.getByRole('status').filter({ hasText: issued.number }).count()).toBeGreaterThan(0);
    await link.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT}certificate-ro.png` });
    verifyHref = (await panel.getByRole('link', { name: 'Pagina de verificare' }).getAttribute('href')) ?? '';
    expect(consoleErrors).toEqual([]);
  });

  it('verifies the certificate and a PDF on the page of its QR code, accessible in both languages and on a phone', async () => {
    // The configured public URL may name another host: the same path on this server.
    const verify = new URL(verifyHref);
    const local = `${server.baseUrl}${verify.pathname}${verify.search}`;
    await page.goto(local, { waitUntil: 'load' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('Verificarea');
    expect(await page.locator('.status.good').first().innerText()).toContain('Certificat valid');
    await expectAxeClean(page, 'verify page');
    await page.screenshot({ path: `${OUTPUT}verify-ro.png`, fullPage: true });

    await page.getByLabel('Fișier PDF').setInputFiles({
      name: 'certificat.pdf',
      mimeType: 'application/pdf',
      buffer: readFileSync(issuedPdf),
    });
    await page.getByRole('button', { name: 'Verifică fișierul' }).click();
    await expect.poll(() => page.locator('#pdf-result').innerText()).toBe('PDF-ul corespunde certificatului emis.');
    await expectAxeClean(page, 'verify page, PDF checked');
    await page.screenshot({ path: `${OUTPUT}verify-pdf-checked.png`, fullPage: true });

    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('.status.good').first().innerText()).toContain('Valid certificate');
    await expectAxeClean(page, 'verify page, English');
    expect(consoleErrors).toEqual([]);

    // An unknown number: a 404 page (the browser logs the status, not a fault of the page).
    const unknown = await page.goto(`${server.baseUrl}/api/certificates/CUI-54975-1900-000001/verify?code=x`);
    expect(unknown?.status()).toBe(404);
    expect(await page.getByRole('status').innerText()).toContain('Nu există niciun certificat');
    await expectAxeClean(page, 'verify page, unknown number');

    const phone = await browser.newContext({
      ...PHONE,
      locale: 'ro-RO',
      bypassCSP: true, // for axe-core's script only
    });
    try {
      const small = await phone.newPage();
      await small.goto(local, { waitUntil: 'load' });
      // Against the screen's 390 px: a mobile viewport widens its layout to the content, so innerWidth would follow.
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAxeClean(small, 'verify page, phone');
      await small.screenshot({ path: `${OUTPUT}verify-phone.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
