import { writeFileSync, readFileSync } from 'node:fs';
import { buildCertificateContent } from '/work/wt-answers/server/src/certificates/certificate-content.ts';
import { renderCertificatePdf } from '/work/wt-answers/server/src/certificates/certificate-pdf.ts';
import { contentInput } from '/work/wt-answers/server/src/certificates/certificate.fixture.ts';
const logo = readFileSync(process.argv[2]!);
const c = buildCertificateContent(contentInput({
  authority: { name: 'Primăria Municipiului Cluj-Napoca', address: 'Str. Moților nr. 3, 400001 Cluj-Napoca', logo: { type: 'png', base64: logo.toString('base64') } },
  validityMonths: 12,
}));
const { pdf } = await renderCertificatePdf(c);
writeFileSync('/tmp/answers/cert.pdf', pdf);
