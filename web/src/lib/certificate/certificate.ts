/** `POST /api/certificates`: the request for one informative urbanism certificate and every kind of answer. */
import { asProblem } from '../parcel/parcel-search.ts';

export interface IssuedCertificate {
  readonly number: string;
  /** Same-origin path of the PDF. */
  readonly pdfPath: string;
  readonly verifyUrl: string | null;
  readonly sha256: string;
}

export type CertificateOutcome =
  | { readonly kind: 'issued'; readonly certificate: IssuedCertificate }
  | { readonly kind: 'rateLimited'; readonly retryAfter: number | null }
  | { readonly kind: 'notFound'; readonly detail: string | null }
  | { readonly kind: 'failed'; readonly detail: string | null }
  | { readonly kind: 'offline' };

const NUMBER = /^CUI-\d{1,6}-\d{4}-\d{6,9}$/;

export function certificatePdfPath(number: string): string {
  return `/api/certificates/${encodeURIComponent(number)}.pdf`;
}

export function interpretCertificateResponse(
  status: number,
  body: unknown,
  retryAfterHeader: string | null,
): CertificateOutcome {
  const problem = asProblem(body);
  const detail = problem?.detail ?? problem?.title ?? null;
  if (status === 201 && typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const number = record['number'];
    const sha256 = record['sha256'];
    if (typeof number !== 'string' || !NUMBER.test(number) || typeof sha256 !== 'string') {
      return { kind: 'failed', detail: null };
    }
    const verifyUrl = typeof record['verify_url'] === 'string' ? record['verify_url'] : null;
    return { kind: 'issued', certificate: { number, pdfPath: certificatePdfPath(number), verifyUrl, sha256 } };
  }
  if (status === 429) {
    const seconds = Number(retryAfterHeader);
    return { kind: 'rateLimited', retryAfter: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null };
  }
  if (status === 404) return { kind: 'notFound', detail };
  return { kind: 'failed', detail };
}

export async function requestCertificate(
  uat: number,
  number: string,
  language: string,
  options: { fetch?: typeof fetch } = {},
): Promise<CertificateOutcome> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch('/api/certificates', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ uat, number, language }),
    });
  } catch {
    return { kind: 'offline' };
  }
  const body: unknown = await response.json().catch(() => null);
  return interpretCertificateResponse(response.status, body, response.headers.get('retry-after'));
}
