import { describe, expect, it } from 'vitest';
import { fetchHealth, isHealthy, parseHealth, postgisVersion } from './health.ts';

describe('postgisVersion', () => {
  it('keeps major.minor of the strings PostGIS reports', () => {
    expect(postgisVersion('3.6 USE_GEOS=1 USE_PROJ=1 USE_STATS=1')).toBe('3.6');
    expect(postgisVersion('3.4.2')).toBe('3.4');
    expect(postgisVersion({ version: '3.5.1' })).toBe('3.5');
  });

  it('returns null when there is no version', () => {
    expect(postgisVersion(true)).toBeNull();
    expect(postgisVersion(null)).toBeNull();
    expect(postgisVersion('unknown')).toBeNull();
  });
});

describe('parseHealth', () => {
  it('reads engine, PostGIS version and the number of datasets', () => {
    const health = parseHealth({ status: 'ok', engine: 'pglite', postgis: '3.6', datasets: [{}, {}, {}] });
    expect(health).toEqual({ status: 'ok', engine: 'pglite', postgisVersion: '3.6', datasets: 3 });
    expect(health && isHealthy(health)).toBe(true);
  });

  it('counts datasets given as a number or an object', () => {
    expect(parseHealth({ status: 'ok', engine: 'postgis', datasets: 6 })?.datasets).toBe(6);
    expect(parseHealth({ status: 'ok', engine: 'postgis', datasets: { uat: 1, parcels: 2 } })?.datasets).toBe(2);
    expect(parseHealth({ status: 'ok', engine: 'postgis' })?.datasets).toBeNull();
  });

  it('refuses a body without status or engine', () => {
    expect(parseHealth({ engine: 'pglite' })).toBeNull();
    expect(parseHealth('ok')).toBeNull();
  });

  it('knows a degraded status', () => {
    const health = parseHealth({ status: 'degraded', engine: 'pglite' });
    expect(health && isHealthy(health)).toBe(false);
  });
});

describe('fetchHealth', () => {
  it('reads a 503 body too, since a degraded server still says why', async () => {
    const degraded: typeof fetch = async () =>
      new Response(JSON.stringify({ status: 'starting', engine: 'pglite' }), { status: 503 });
    expect((await fetchHealth({ fetch: degraded }))?.status).toBe('starting');
  });

  it('returns null when the server is unreachable or answers nonsense', async () => {
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const html: typeof fetch = async () => new Response('<html>', { status: 200 });
    expect(await fetchHealth({ fetch: down })).toBeNull();
    expect(await fetchHealth({ fetch: html })).toBeNull();
  });
});
