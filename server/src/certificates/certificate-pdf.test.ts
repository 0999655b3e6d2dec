import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCertificateContent, type CertificateContent } from './certificate-content.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import { contentInput } from './certificate.fixture.ts';

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
});
