import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, hash32 } from './rng.ts';

describe('generator/rng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng('42');
    const xs = Array.from({ length: 50 }, () => a.next());
    const ys = Array.from({ length: 50 }, () => b.next());
    expect(xs).toEqual(ys);
  });

  it('gives a different sequence for another seed', () => {
    const a = createRng(42);
    const b = createRng(43);
    expect(Array.from({ length: 5 }, () => a.next())).not.toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('stays in range and is roughly uniform', () => {
    const r = createRng('uniform');
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 2000 }, () => r.int(3, 7)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('never picks a zero weight and shuffles into a permutation', () => {
    const r = createRng('w');
    for (let i = 0; i < 500; i++)
      expect(
        r.weighted([
          ['a', 1],
          ['b', 0],
          ['c', 2],
        ] as const),
      ).not.toBe('b');
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = r.shuffled(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });

  it('derives independent sub-seeds from labels', () => {
    expect(deriveSeed(42, 'lots', 7)).toBe('42/lots/7');
    expect(hash32('42/lots/7')).not.toBe(hash32('42/lots/8'));
  });
});
