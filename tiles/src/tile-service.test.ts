import { describe, expect, it } from 'vitest';
import { parseTileAddress } from './tile-service.ts';
import { TileCache } from './tile-cache.ts';

describe('parseTileAddress', () => {
  it('accepts a tile of the pyramid', () => {
    expect(parseTileAddress('14', '9267', '5747')).toEqual({ z: 14, x: 9267, y: 5747 });
  });

  it.each([
    ['23', '0', '0', 'z'],
    ['a', '0', '0', 'z'],
    ['2', '4', '0', 'x'],
    ['2', '0', '4', 'y'],
    ['2', '-1', '0', 'x'],
    ['2', '1.5', '0', 'x'],
  ])('refuses z=%s x=%s y=%s naming %s', (z, x, y, parameter) => {
    const r = parseTileAddress(z, x, y);
    expect(r).toMatchObject({ parameter });
  });
});

describe('TileCache', () => {
  const tile = (n: number) => ({ raw: new Uint8Array(n), gzip: undefined, br: undefined, etag: '"x"' });

  it('evicts the least recently used tiles past its byte budget', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(300));
    cache.set('b', tile(300));
    cache.get('a');
    cache.set('c', tile(300));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
  });

  it('stores nothing when its budget is 0', () => {
    const cache = new TileCache(0);
    cache.set('a', tile(10));
    expect(cache.get('a')).toBeUndefined();
  });
});
