import { describe, expect, it } from 'vitest';
import { roundOutward, wgs84OfStereo70Box } from './extent.ts';

describe('roundOutward', () => {
  it('rounds the minimums down and the maximums up, so that no feature falls outside', () => {
    expect(roundOutward([20.2620004, 43.6195006, 29.7152996, 48.2651994], 6)).toEqual([
      20.262, 43.6195, 29.7153, 48.2652,
    ]);
    expect(roundOutward([20.26, 43.6, 29.7, 48.27], 5)).toEqual([20.26, 43.6, 29.7, 48.27]);
  });
});

describe('wgs84OfStereo70Box', () => {
  it('densifies the box before transforming it', () => {
    expect(wgs84OfStereo70Box('ST_Extent(geom)')).toMatch(
      /ST_Transform\(ST_Segmentize\(ST_SetSRID\(\(ST_Extent\(geom\)\)/,
    );
  });
});
