import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCertificateContent, type CertificateContent } from './certificate-content.ts';
import { MIN_LAST_PAGE_FILL, renderCertificatePdf } from './certificate-pdf.ts';
import { contentInput, STREETS, SYNTHETIC_VERSIONS } from './certificate.fixture.ts';

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The same JSON with the object keys in another order, as jsonb hands it back. */
function reordered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reordered) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    ) as T;
  return value;
}

describe('renderCertificatePdf', () => {
  it('draws the same bytes from the same content, whatever the key order', async () => {
    const content = buildCertificateContent(contentInput());
    const a = await renderCertificatePdf(content);
    const b = await renderCertificatePdf(reordered(JSON.parse(JSON.stringify(content)) as CertificateContent));
    expect(a.pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(b.sha256).toBe(a.sha256);
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
    const other = await renderCertificatePdf({ ...content, number_line: `${content.number_line} ` });
    expect(other.sha256).not.toBe(a.sha256);
  });

  it("draws the same bytes with the shared fonts as through pdfkit's public font API", async () => {
    const content = buildCertificateContent(contentInput({ language: 'en' }));
    const shared = await renderCertificatePdf(content);
    const plain = await renderCertificatePdf(content, { sharedFonts: false });
    expect(shared.sha256).toBe(plain.sha256);
    // And again after other documents filled the shared layout caches.
    await renderCertificatePdf(buildCertificateContent(contentInput()));
    expect((await renderCertificatePdf(content)).sha256).toBe(plain.sha256);
  });

  it('records the issue time as the creation date, on A4 pages', async () => {
    const { pdf } = await renderCertificatePdf(buildCertificateContent(contentInput()));
    const text = pdf.toString('latin1');
    expect(text.match(/\(D:\d{14}Z\)/g)).toEqual(['(D:20261124084200Z)', '(D:20261124084200Z)']);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it.skipIf(!hasPdftotext)('embeds a font that keeps the Romanian diacritics and the key values', async () => {
    const { pdf } = await renderCertificatePdf(buildCertificateContent(contentInput()));
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cert-'));
    writeFileSync(join(dir, 'c.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
    for (const word of ['CERTIFICAT DE URBANISM DE INFORMARE', 'Regimul juridic', 'Regimul economic', 'Regimul tehnic'])
      expect(text).toContain(word);
    for (const letter of ['ș', 'ț', 'ă', 'â', 'î', 'Î']) expect(text, letter).toContain(letter);
    expect(text).toContain('CUI-57706-2026-000001');
    expect(text).toContain('1.520 m²');
    expect(text).toMatch(/Pagina 1 din \d/);
    expect(text).not.toMatch(/[şţ]/);
  });

  it('draws a stored certificate of content format 1 byte for byte as it was issued', async () => {
    // Content and SHA-256 of a certificate drawn by the first release: its stored hash must keep verifying.
    const stored = JSON.parse(
      readFileSync(new URL('./fixtures/format-1.ro.content.json', import.meta.url), 'utf8'),
    ) as CertificateContent;
    expect(stored.format).toBe('atlas-certificate/1');
    const { sha256 } = await renderCertificatePdf(stored);
    expect(sha256).toBe('55881fd00fbc1763bf5a7887086d8d17e6fe8670d71f22182b71b36562bfe1a3');
  });

  it('leaves no page nearly empty: a short last page takes blocks from the page before (#17)', async () => {
    for (const language of ['ro', 'en'] as const) {
      const content = buildCertificateContent(contentInput({ language }));
      const { pageFill } = await renderCertificatePdf(content);
      expect(pageFill.length, language).toBeGreaterThan(1);
      for (const [i, fill] of pageFill.entries())
        expect(fill, `${language} page ${i + 1}`).toBeGreaterThanOrEqual(0.25);
      expect(pageFill.at(-1)!, language).toBeGreaterThanOrEqual(MIN_LAST_PAGE_FILL - 1e-9);
    }
    // The first release's layout left the English fixture a last page of a few lines.
    const v1 = await renderCertificatePdf({
      ...buildCertificateContent(contentInput({ language: 'en' })),
      format: 'atlas-certificate/1',
    });
    expect(v1.pageFill.at(-1)!).toBeLessThan(0.25);
  });

  it.skipIf(!hasPdftotext)(
    'marks every page of a certificate on synthetic data and names the streets (#17)',
    async () => {
      const content = buildCertificateContent(
        contentInput({
          dataVersions: SYNTHETIC_VERSIONS,
          streets: STREETS,
          layersPresent: { zoning: true, restrictions: true, streets: true },
        }),
      );
      const { pdf, pageFill } = await renderCertificatePdf(content);
      const dir = mkdtempSync(join(tmpdir(), 'atlas-cert-'));
      writeFileSync(join(dir, 'c.pdf'), pdf);
      const page = (n: number) =>
        execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), join(dir, 'c.pdf'), '-'], {
          encoding: 'utf8',
        });
      for (let n = 1; n <= pageFill.length; n++) {
        expect(page(n), `page ${n}`).toContain('DATE DE TEST (SINTETICE) – FĂRĂ VALOARE JURIDICĂ');
      }
      const first = page(1);
      expect(first).toContain('Strada Moților');
      expect(first).toContain('Strada Fabricii');
      expect(first).toContain('Nume de străzi: OpenStreetMap contributors (ODbL)');
      expect(first).not.toContain('nu conțin rețeaua stradală');

      const real = await renderCertificatePdf(buildCertificateContent(contentInput()));
      writeFileSync(join(dir, 'c.pdf'), real.pdf);
      expect(page(1)).not.toContain('DATE DE TEST');
    },
  );
});
