import { describe, expect, it } from 'vitest';
import { formatMapUrl, parseMapUrl, sameParcel } from './map-url.ts';

const LAYERS = ['uat', 'zoning', 'plans', 'restrictions', 'parcels', 'permits'];

describe('map URL', () => {
  it('round-trips the view, the layers, the parcel and the language', () => {
    const state = {
      view: { center: [23.58971, 46.76932] as [number, number], zoom: 16.5 },
      layers: ['zoning', 'parcels'],
      parcel: { uat: '54975', number: '286875' },
      lang: 'en' as const,
    };
    const url = formatMapUrl(state);
    expect(url).toBe('?map=16.50/46.76932/23.58971&layers=zoning,parcels&parcel=54975/286875&lang=en');
    expect(parseMapUrl(url, LAYERS)).toEqual(state);
  });

  it('ignores what is malformed instead of failing', () => {
    expect(parseMapUrl('?map=abc&layers=zoning,bogus&parcel=x/1&lang=fr', LAYERS)).toEqual({ layers: ['zoning'] });
    expect(parseMapUrl('?map=99/1/1', LAYERS)).toEqual({});
    expect(parseMapUrl('', LAYERS)).toEqual({});
  });

  it('keeps an empty layer list (every layer off) apart from no list (the defaults)', () => {
    expect(parseMapUrl('?layers=', LAYERS)).toEqual({ layers: [] });
  });

  it('compares parcel references by value', () => {
    expect(sameParcel({ uat: '1', number: '2' }, { uat: '1', number: '2' })).toBe(true);
    expect(sameParcel(null, undefined)).toBe(true);
    expect(sameParcel({ uat: '1', number: '2' }, null)).toBe(false);
  });
});
