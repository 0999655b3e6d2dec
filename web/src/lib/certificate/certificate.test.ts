import { describe, expect, it } from 'vitest';
import { certificatePdfPath, interpretCertificateResponse, requestCertificate } from './certificate.ts';

const issued = {
  number: 'CUI-54975-2026-000123',
  sha256: 'a'.repeat(64),
  verify_url: 'https://atlas.example.ro/api/certificates/CUI-54975-2026-000123/verify?code=ABCDEFGHIJKLMNOP',
};

describe('interpretCertificateResponse', () => {
  it('reads an issued certificate and points at its PDF on this origin', () => {
    expect(interpretCertificateResponse(201, issued, null)).toEqual({
      kind: 'issued',
      certificate: {
        number: 'CUI-54975-2026-000123',
        pdfPath: '/api/certificates/CUI-54975-2026-000123.pdf',
        verifyUrl: issued.verify_url,
        sha256: 'a'.repeat(64),
      },
    });
    expect(certificatePdfPath('CUI-1-2026-000001')).toBe('/api/certificates/CUI-1-2026-000001.pdf');
  });

  it('tells a rate limit, an unknown parcel and other failures apart', () => {
    expect(interpretCertificateResponse(429, { title: 'Too Many Requests' }, '17')).toEqual({
      kind: 'rateLimited',
      retryAfter: 17,
    });
    expect(interpretCertificateResponse(429, null, null)).toEqual({ kind: 'rateLimited', retryAfter: null });
    expect(interpretCertificateResponse(404, { detail: 'No parcel' }, null)).toEqual({
      kind: 'notFound',
      detail: 'No parcel',
    });
    expect(interpretCertificateResponse(500, null, null)).toEqual({ kind: 'failed', detail: null });
    expect(interpretCertificateResponse(201, { number: 'x' }, null)).toEqual({ kind: 'failed', detail: null });
  });
});

describe('requestCertificate', () => {
  it('posts the UAT, the number and the language', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const fake = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response(JSON.stringify(issued), { status: 201, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const outcome = await requestCertificate(54975, '275123', 'en', { fetch: fake });
    expect(outcome.kind).toBe('issued');
    expect(seen!.url).toBe('/api/certificates');
    expect(seen!.init.method).toBe('POST');
    expect(JSON.parse(String(seen!.init.body))).toEqual({ uat: 54975, number: '275123', language: 'en' });
  });

  it('reports a network failure as offline', async () => {
    const fake = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(await requestCertificate(54975, '1', 'ro', { fetch: fake })).toEqual({ kind: 'offline' });
  });
});
