import { describe, expect, it } from 'vitest';
import { scaleBar } from './scale-bar.ts';

describe('scaleBar', () => {
  it('picks a round distance no wider than a quarter of the map', () => {
    const bar = scaleBar(0.5, 1000)!; // 500 m across, at most 125 m
    expect(bar.metres).toBe(100);
    expect(bar.fraction).toBeCloseTo(0.2, 6);
    expect(bar.label).toBe('100 m');
  });

  it('switches to kilometres', () => {
    expect(scaleBar(20, 1000)!.label).toBe('5 km');
  });

  it('refuses a degenerate map', () => {
    expect(scaleBar(0, 1000)).toBeNull();
  });
});
