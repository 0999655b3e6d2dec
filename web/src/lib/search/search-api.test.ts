import { describe, expect, it } from 'vitest';
import {
  directReference,
  fetchSuggestions,
  isReadableQuery,
  normaliseQuery,
  parseSuggestions,
  problemOf,
} from './search-api.ts';

describe('search-api', () => {
  it('reads a direct reference: a number in the default UAT, or SIRUTA/number', () => {
    expect(directReference('286875', '54975')).toEqual({ uat: '54975', number: '286875' });
    expect(directReference(' 54975 / 286875 ', '1')).toEqual({ uat: '54975', number: '286875' });
    expect(directReference('strada padurii 83', '54975')).toBeNull();
    expect(directReference('Cluj-Napoca 286875', '54975')).toBeNull();
  });

  it('tells which queries the server can read', () => {
    for (const q of ['286875', '54975/2868', 'Cluj-Napoca 2868', 'strada padurii 83', 'Moților', 'ab']) {
      expect(isReadableQuery(q), q).toBe(true);
    }
    for (const q of ['@@ ##', '12 34', '#']) expect(isReadableQuery(q), q).toBe(false);
  });

  it('does not send what the server refuses for its characters (a 400 in the console while typing)', () => {
    for (const q of ["' OR 1=1--", '%', 'strada_padurii', 'Cluj-Napoca 2868%', '<b>2868</b>', 'strada padurii; 83']) {
      expect(isReadableQuery(q), q).toBe(false);
    }
    for (const q of ['Str. Moților (bl. 3)', 'strada „padurii” 83', 'Ion Creangă 5, ap. 2']) {
      expect(isReadableQuery(q), q).toBe(true);
    }
  });

  it('collapses white space and bounds the length', () => {
    expect(normaliseQuery('  strada   padurii  83 ')).toBe('strada padurii 83');
    expect(normaliseQuery('x'.repeat(200))).toHaveLength(80);
  });

  it('maps statuses to messages of its own, never the server text', () => {
    expect(problemOf(400)).toBe('invalid');
    expect(problemOf(429)).toBe('rateLimited');
    expect(problemOf(503)).toBe('unavailable');
    expect(problemOf(500)).toBe('failed');
  });

  it('parses results and skips malformed ones', () => {
    expect(
      parseSuggestions({
        results: [
          {
            uat_siruta: 54975,
            uat_name: 'Cluj-Napoca',
            cadastral_number: '1',
            address: 'Strada X nr. 1',
            match: 'address',
          },
          { uat_siruta: 'x', cadastral_number: '2' },
        ],
      }),
    ).toEqual([{ uat: 54975, uatName: 'Cluj-Napoca', number: '1', address: 'Strada X nr. 1', match: 'address' }]);
    expect(parseSuggestions(null)).toEqual([]);
  });

  it('turns a 429 into rateLimited with its Retry-After', async () => {
    const fake = (async () =>
      new Response('{"title":"Too Many Requests"}', {
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '12' },
      })) as typeof fetch;
    expect(await fetchSuggestions('12', { fetch: fake })).toEqual({
      kind: 'problem',
      problem: 'rateLimited',
      retryAfter: 12,
    });
  });

  it('reports offline when the request cannot be made', async () => {
    const fake = (async () => {
      throw new TypeError('network');
    }) as typeof fetch;
    expect(await fetchSuggestions('12', { fetch: fake })).toEqual({
      kind: 'problem',
      problem: 'offline',
      retryAfter: null,
    });
  });
});
