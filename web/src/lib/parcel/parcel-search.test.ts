import { describe, expect, it } from 'vitest';
import { interpretParcelResponse, normaliseCadastralNumber, parcelSearchUrl, searchParcel } from './parcel-search.ts';

const PROBLEM = 'application/problem+json';
const found = {
  id: 42,
  uat_siruta: 54975,
  cadastral_number: '275123',
  land_book_number: '275123',
  intravilan: true,
  land_use: 'CC',
  area_official_m2: 480,
  address: 'Str. Napoca nr. 5',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [23.589, 46.769],
        [23.5895, 46.769],
        [23.5895, 46.7694],
        [23.589, 46.7694],
        [23.589, 46.769],
      ],
    ],
  },
  bbox: [23.589, 46.769, 23.5895, 46.7694],
  zoning: {},
};

describe('parcelSearchUrl', () => {
  it('asks for the UAT and the number, encoded', () => {
    expect(parcelSearchUrl('54975', '275123-C1')).toBe('/api/parcels?uat=54975&number=275123-C1');
    expect(parcelSearchUrl('54975', 'a&b')).toBe('/api/parcels?uat=54975&number=a%26b');
  });

  it('removes spaces people type in long numbers', () => {
    expect(normaliseCadastralNumber('  275 123 ')).toBe('275123');
  });
});

describe('interpretParcelResponse', () => {
  it('returns the parcel, its bbox and a point inside it', () => {
    const outcome = interpretParcelResponse(200, 'application/json; charset=utf-8', found);
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.parcel).toMatchObject({ id: 42, cadastralNumber: '275123', intravilan: true });
    expect(outcome.bbox).toEqual([23.589, 46.769, 23.5895, 46.7694]);
    expect(outcome.point[0]).toBeCloseTo(23.58925, 6);
    expect(outcome.point[1]).toBeCloseTo(46.7692, 6);
  });

  it('computes the bbox from the geometry when the server gives none', () => {
    const outcome = interpretParcelResponse(200, 'application/json', { ...found, bbox: undefined });
    expect(outcome.kind === 'found' && outcome.bbox).toEqual([23.589, 46.769, 23.5895, 46.7694]);
  });

  it('treats a 404 with problem details as "no such parcel" and keeps the detail', () => {
    const body = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'parcel not found: 999' };
    expect(interpretParcelResponse(404, PROBLEM, body)).toEqual({ kind: 'notFound', detail: 'parcel not found: 999' });
  });

  it('treats a plain 404 as a search that is not available yet', () => {
    expect(interpretParcelResponse(404, 'text/html; charset=utf-8', null)).toEqual({
      kind: 'unavailable',
      detail: null,
    });
  });

  it('reports a 400 as an invalid number, with the title when there is no detail', () => {
    expect(interpretParcelResponse(400, PROBLEM, { title: 'Invalid parameter' })).toEqual({
      kind: 'invalid',
      detail: 'Invalid parameter',
    });
  });

  it('reports 503 as unavailable and 500 as failed', () => {
    expect(interpretParcelResponse(503, PROBLEM, { detail: 'database starting' }).kind).toBe('unavailable');
    expect(interpretParcelResponse(500, PROBLEM, { title: 'Internal Server Error' })).toEqual({
      kind: 'failed',
      detail: 'Internal Server Error',
    });
  });

  it('reports a 200 without a usable parcel as failed', () => {
    expect(interpretParcelResponse(200, 'application/json', { id: 1 }).kind).toBe('failed');
    expect(interpretParcelResponse(200, 'application/json', null).kind).toBe('failed');
  });
});

describe('searchParcel', () => {
  const respond =
    (status: number, body: unknown, type: string): typeof fetch =>
    async () =>
      new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });

  it('fetches and interprets the answer', async () => {
    const outcome = await searchParcel('54975', '275123', { fetch: respond(200, found, 'application/json') });
    expect(outcome.kind).toBe('found');
  });

  it('survives an HTML error page', async () => {
    const html: typeof fetch = async () =>
      new Response('<h1>Cannot GET /api/parcels</h1>', { status: 404, headers: { 'content-type': 'text/html' } });
    expect(await searchParcel('54975', '1', { fetch: html })).toEqual({ kind: 'unavailable', detail: null });
  });

  it('reports a network failure as offline', async () => {
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await searchParcel('54975', '1', { fetch: down })).toEqual({ kind: 'offline' });
  });

  it('lets an abort through to the caller', async () => {
    const aborted: typeof fetch = async () => {
      throw new DOMException('aborted', 'AbortError');
    };
    await expect(searchParcel('54975', '1', { fetch: aborted })).rejects.toThrow('aborted');
  });
});
