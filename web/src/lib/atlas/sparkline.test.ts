import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.ts';

describe('sparkline', () => {
  it('scales the known points into the box and bridges gaps', () => {
    const s = sparkline(
      [
        { year: 2002, value: 10 },
        { year: 2011, value: null },
        { year: 2020, value: 20 },
      ],
      100,
      20,
      0,
    );
    expect(s.path).toBe('M0 20 L100 0');
    expect(s.first).toEqual({ year: 2002, value: 10 });
    expect(s.last).toEqual({ year: 2020, value: 20 });
  });

  it('centres a single value and draws nothing without values', () => {
    expect(sparkline([{ year: 2011, value: 5 }], 100, 20).dots).toEqual([{ x: 50, y: 10 }]);
    expect(sparkline([{ year: 2011, value: null }], 100, 20).path).toBe('');
  });
});
