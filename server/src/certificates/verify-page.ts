// The page a person reaches from a certificate's QR code: whether the certificate was issued with this code, and a
// form to check that a PDF is the one issued (its SHA-256 against the stored one). Plain HTML, no script.
import type { Verification } from './certificate.service.ts';
import type { Language } from './format.ts';

const TEXT = {
  ro: {
    title: 'Verificarea certificatului de urbanism de informare',
    number: 'Număr',
    notFound: 'Nu există niciun certificat cu acest număr.',
    codeMissing: 'Adresa nu conține codul de verificare. Folosiți adresa din codul QR al certificatului.',
    valid: 'Certificat valid: a fost emis de Atlas cu acest număr și acest cod de verificare.',
    invalid: 'Codul de verificare nu corespunde acestui certificat.',
    uat: 'UAT (cod SIRUTA)',
    cadastral: 'Număr cadastral',
    issued: 'Emis la (UTC)',
    reflects: 'Datele reflectă situația din',
    hash: 'Amprenta SHA-256 a PDF-ului',
    download: 'Descarcă PDF-ul emis',
    checkTitle: 'Verificați un fișier PDF',
    checkHelp: 'Alegeți fișierul PDF primit; se compară amprenta lui cu cea păstrată la emitere.',
    file: 'Fișier PDF',
    submit: 'Verifică fișierul',
    matches: 'PDF-ul corespunde certificatului emis.',
    mismatch: 'PDF-ul nu corespunde certificatului emis: a fost modificat sau este alt document.',
    received: 'Amprenta fișierului primit',
    informative: 'Certificatul are caracter exclusiv informativ și nu este autorizație de construire.',
    other: 'English',
  },
  en: {
    title: 'Verification of the informative urbanism certificate',
    number: 'Number',
    notFound: 'There is no certificate with this number.',
    codeMissing: 'The address has no verification code. Use the address in the certificate’s QR code.',
    valid: 'Valid certificate: Atlas issued it with this number and this verification code.',
    invalid: 'The verification code does not match this certificate.',
    uat: 'UAT (SIRUTA code)',
    cadastral: 'Cadastral number',
    issued: 'Issued at (UTC)',
    reflects: 'The data reflects',
    hash: 'SHA-256 of the PDF',
    download: 'Download the issued PDF',
    checkTitle: 'Check a PDF file',
    checkHelp: 'Choose the PDF you received; its fingerprint is compared with the one kept at issue.',
    file: 'PDF file',
    submit: 'Check the file',
    matches: 'The PDF matches the issued certificate.',
    mismatch: 'The PDF does not match the issued certificate: it was altered or is another document.',
    received: 'Fingerprint of the received file',
    informative: 'The certificate is for information only and is not a building permit.',
    other: 'Română',
  },
} as const;

export interface VerifyPageInput {
  lang: Language;
  number: string;
  found: boolean;
  codeMissing?: boolean;
  code?: string;
  result?: Verification;
  pdfUrl?: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function verifyPage(input: VerifyPageInput): string {
  const t = TEXT[input.lang];
  const other = input.lang === 'ro' ? 'en' : 'ro';
  const query = (lang: Language) =>
    `?${new URLSearchParams({ ...(input.code ? { code: input.code } : {}), lang }).toString()}`;
  const r = input.result;
  const parts: string[] = [];
  if (!input.found) parts.push(`<p class="status bad" role="status">${esc(t.notFound)}</p>`);
  else if (input.codeMissing) parts.push(`<p class="status bad" role="status">${esc(t.codeMissing)}</p>`);
  else if (r && r.reason === 'code_mismatch') parts.push(`<p class="status bad" role="status">${esc(t.invalid)}</p>`);
  else if (r) {
    if (r.pdf) {
      parts.push(
        r.pdf.matches
          ? `<p class="status good" role="status" id="pdf-result">${esc(t.matches)}</p>`
          : `<p class="status bad" role="status" id="pdf-result">${esc(t.mismatch)}</p>`,
      );
    }
    if (r.valid) parts.push(`<p class="status good">${esc(t.valid)}</p>`);
    const rows: [string, string][] = [
      [t.number, r.number],
      [t.uat, String(r.uat_siruta ?? '')],
      [t.cadastral, r.cadastral_number ?? ''],
      [t.issued, r.issued_at ?? ''],
      [t.reflects, r.reflects_date ?? ''],
      [t.hash, r.sha256 ?? ''],
      ...(r.pdf ? ([[t.received, r.pdf.sha256]] as [string, string][]) : []),
    ];
    parts.push(
      `<table>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`).join('')}</table>`,
    );
    if (input.pdfUrl) parts.push(`<p><a href="${esc(input.pdfUrl)}">${esc(t.download)}</a></p>`);
    parts.push(
      `<form method="post" enctype="multipart/form-data" action="${esc(`/api/certificates/${r.number}/verify${query(input.lang)}`)}">` +
        `<h2>${esc(t.checkTitle)}</h2><p>${esc(t.checkHelp)}</p>` +
        `<label for="pdf">${esc(t.file)}</label> <input id="pdf" name="pdf" type="file" accept="application/pdf" required>` +
        `<input type="hidden" name="code" value="${esc(input.code ?? '')}">` +
        `<button type="submit">${esc(t.submit)}</button></form>`,
    );
  }
  return `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} ${esc(input.number)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.45}
h1{font-size:1.35rem;color:#0b3d6b}h2{font-size:1.05rem;margin-top:1.5rem}form h2{margin-top:0}
.status{padding:.75rem 1rem;border-radius:6px;font-weight:600}
.good{background:#e6f4ea;color:#14532d;border:1px solid #86c49a}.bad{background:#fdecea;color:#7f1d1d;border:1px solid #e8a39b}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d5dbe1;vertical-align:top}
th{color:#52606d;font-weight:500;width:40%}code{overflow-wrap:anywhere}
form{margin-top:1rem;padding:1rem;border:1px solid #d5dbe1;border-radius:6px}button{margin-left:.5rem;padding:.35rem .9rem}
.muted{color:#52606d;font-size:.85rem}
</style>
</head>
<body>
<p><a href="${esc(query(other))}" lang="${other}">${esc(t.other)}</a></p>
<h1>${esc(t.title)}</h1>
<p>${esc(t.number)}: <strong>${esc(input.number)}</strong></p>
${parts.join('\n')}
<p class="muted">${esc(t.informative)}</p>
</body>
</html>
`;
}
