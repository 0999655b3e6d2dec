import { describe, expect, it } from 'vitest';
import { limitFormatter } from './format.ts';

describe('limitFormatter', () => {
  it('keeps the usual decimals where the limits read apart', () => {
    const show = limitFormatter([702, 1512.4, 24.56, 3.14159], 'ro');
    expect([702, 1512.4, 24.56, 3.14159].map(show)).toEqual(['702', '1.512', '24,6', '3,14']);
  });

  it('adds decimals until no two different class limits read the same', () => {
    const breaks = [0.0023, 0.00554, 0.00884, 0.01486, 0.02088, 0.0531];
    const show = limitFormatter(breaks, 'ro');
    expect(breaks.map(show)).toEqual(['0,002', '0,006', '0,009', '0,015', '0,021', '0,053']);
    expect(limitFormatter(breaks, 'en')(0.00554)).toBe('0.006');
  });

  it('stops at equal limits (an empty class)', () => {
    const show = limitFormatter([1, 1, 2], 'ro');
    expect([1, 2].map(show)).toEqual(['1', '2']);
  });
});
