import { describe, expect, it } from 'vitest';
import { classBreaks, classOf } from './class-breaks.ts';

// Ten values with two clear gaps (Jenks finds them): 1-4, 10-12, 30-33.
const SAMPLE = [1, 2, 4, 10, 11, 12, 30, 31, 32, 33];

describe('classBreaks', () => {
  it('quantile breaks for 5 classes (interpolated as R quantile type 7)', () => {
    // R: quantile(c(1,2,4,10,11,12,30,31,32,33), seq(0, 1, 0.2)) → 1.0 3.6 10.6 19.2 31.2 33.0
    expect(classBreaks(SAMPLE, 5, 'quantile')).toEqual([1, 3.6, 10.6, 19.2, 31.2, 33]);
  });

  it('equal interval breaks for 4 classes', () => {
    expect(classBreaks(SAMPLE, 4, 'equal')).toEqual([1, 9, 17, 25, 33]);
  });

  it('ckmeans (Jenks) breaks for 3 classes fall in the gaps', () => {
    expect(classBreaks(SAMPLE, 3, 'ckmeans')).toEqual([1, 10, 30, 33]);
  });

  it('gives fewer classes when there are fewer distinct values, never repeated limits', () => {
    expect(classBreaks([5, 5, 5, 7, 7], 5, 'quantile')).toEqual([5, 7]);
    expect(classBreaks([5, 5, 5, 7, 7, 9], 9, 'ckmeans')).toEqual([5, 7, 9]);
    expect(classBreaks([4, 4], 3, 'equal')).toEqual([4, 4]);
    expect(classBreaks([], 3, 'equal')).toEqual([]);
  });

  it('rounds limits to 6 significant digits', () => {
    expect(classBreaks([0.1, 0.2, 0.3, 0.4], 3, 'equal')).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('puts each value in its class, the maximum in the last', () => {
    const b = classBreaks(SAMPLE, 3, 'ckmeans');
    expect(SAMPLE.map((v) => classOf(b, v))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
  });
});
